package httpapi

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"integrity/internal/domain"
)

// CORS: the browser app is served from the API's own origin, so by default
// no other origin may call the API from a page. Origins named in the
// configuration may: their preflights are answered, and their requests get
// Access-Control-Allow-Origin. Callers authenticate with a bearer token in
// the Authorization header, never a cookie, so credentials are not allowed
// (a page of another origin cannot ride on a user's session).
const (
	corsMethods = "GET, POST, PUT, PATCH"
	corsHeaders = "Authorization, Content-Type, X-API-Key, X-Request-Id"
	corsExpose  = "X-Request-Id, Retry-After, Content-Disposition, X-Export-Rows"
	corsMaxAge  = "600"
)

// cors answers preflights (OPTIONS with Origin and
// Access-Control-Request-Method) before the route policy sees them: 204
// with the allow headers for a configured origin, 403 problem+json for any
// other. A plain request from an origin that is not configured is served
// as if it were same-origin, without Access-Control-Allow-Origin, so the
// browser keeps its answer from the page that asked.
func cors(origins []string) echo.MiddlewareFunc {
	allowed := map[string]bool{}
	for _, o := range origins {
		allowed[strings.ToLower(o)] = true
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req, h := c.Request(), c.Response().Header()
			origin := req.Header.Get(echo.HeaderOrigin)
			if len(allowed) > 0 {
				h.Add(echo.HeaderVary, echo.HeaderOrigin)
			}
			preflight := req.Method == http.MethodOptions && origin != "" && req.Header.Get(echo.HeaderAccessControlRequestMethod) != ""
			ok := origin != "" && allowed[strings.ToLower(origin)]
			if preflight {
				if !ok {
					return &domain.Error{Code: domain.EFORBIDDEN, Message: "cross-origin requests from this origin are not allowed"}
				}
				h.Add(echo.HeaderVary, echo.HeaderAccessControlRequestMethod)
				h.Add(echo.HeaderVary, echo.HeaderAccessControlRequestHeaders)
				h.Set(echo.HeaderAccessControlAllowOrigin, origin)
				h.Set(echo.HeaderAccessControlAllowMethods, corsMethods)
				h.Set(echo.HeaderAccessControlAllowHeaders, corsHeaders)
				h.Set(echo.HeaderAccessControlMaxAge, corsMaxAge)
				return c.NoContent(http.StatusNoContent)
			}
			if ok {
				h.Set(echo.HeaderAccessControlAllowOrigin, origin)
				h.Set(echo.HeaderAccessControlExposeHeaders, corsExpose)
			}
			return next(c)
		}
	}
}
