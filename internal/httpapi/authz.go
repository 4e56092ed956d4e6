package httpapi

import (
	"github.com/labstack/echo/v4"

	"integrity/internal/app"
	"integrity/internal/domain"
)

const ctxCaller = "integrity.caller"

// authorize builds the caller once per request: app authenticates the
// credentials (if any), the route policy names the roles that allow this
// route, and app completes what those roles may see. Denied: 401 for an
// anonymous caller on a route some role may call, 404 otherwise, so
// existence does not leak; a caller who must first change their password or
// enrol a second factor gets 403 naming what to do.
func (s *Server) authorize(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		route, method := c.Path(), c.Request().Method
		req := c.Request()
		cl, err := s.app.Authenticate(req.Context(), app.Credentials{
			APIKey: req.Header.Get("X-API-Key"), Authorization: req.Header.Get(echo.HeaderAuthorization),
			IP: c.RealIP(), UserAgent: req.UserAgent(), RequestID: c.Response().Header().Get(echo.HeaderXRequestID)})
		if err != nil {
			return err
		}
		allowed, err := s.enforcer.Allowed(cl.Subjects(), route, method)
		if err != nil {
			return err // fail closed: an internal error, never a pass
		}
		if len(allowed) == 0 {
			return s.deny(c, cl, route, method)
		}
		if err := s.app.Resolve(req.Context(), &cl, allowed); err != nil {
			return err
		}
		c.Set(ctxCaller, cl)
		return next(c)
	}
}

func (s *Server) deny(c echo.Context, cl app.Caller, route, method string) error {
	if cl.Anonymous() {
		if s.needsSignIn[route+" "+method] {
			return &domain.Error{Code: domain.EUNAUTHENTICATED, Message: "sign in first"}
		}
		return domain.NotFound("resource")
	}
	if cl.Restriction != "" {
		for _, g := range cl.Principal.Grants {
			ok, err := s.enforcer.Allowed([]string{g.Role}, route, method)
			if err != nil {
				return err
			}
			if len(ok) > 0 {
				msg := "change your password first"
				if cl.Restriction == app.MustEnrolTOTP {
					msg = "set up the second factor (TOTP) first"
				}
				return &domain.Error{Code: string(cl.Restriction), Message: msg}
			}
		}
	}
	if err := s.app.AuditDenied(c.Request().Context(), cl, method+" "+route, c.Request().URL.Path); err != nil {
		return err
	}
	return domain.NotFound("resource")
}

// callerOf is the caller authorize built for this request.
func callerOf(c echo.Context) app.Caller {
	cl, _ := c.Get(ctxCaller).(app.Caller)
	return cl
}
