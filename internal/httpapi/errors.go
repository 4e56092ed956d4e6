package httpapi

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"integrity/internal/app"
	"integrity/internal/domain"
	"integrity/internal/msgs"
)

// statusOf is the one table from error codes to HTTP statuses.
var statusOf = map[string]int{
	domain.EINVALID:         http.StatusBadRequest,
	domain.ENOTFOUND:        http.StatusNotFound,
	domain.ECONFLICT:        http.StatusConflict,
	domain.EFORBIDDEN:       http.StatusForbidden,
	domain.EUNAUTHENTICATED: http.StatusUnauthorized,
	domain.ETOOMANY:         http.StatusTooManyRequests,
	domain.ETOOLARGE:        http.StatusRequestEntityTooLarge,
	domain.EUNAVAILABLE:     http.StatusServiceUnavailable,
	domain.EINTERNAL:        http.StatusInternalServerError,
	codeMethodNotAllowed:    http.StatusMethodNotAllowed,

	app.EOTPREQUIRED:               http.StatusUnauthorized,
	string(app.MustChangePassword): http.StatusForbidden,
	string(app.MustEnrolTOTP):      http.StatusForbidden,
}

// codeMethodNotAllowed is an HTTP-only code: a known path with a method it
// does not serve.
const codeMethodNotAllowed = "method_not_allowed"

// titleOf gives each code its problem title.
var titleOf = map[string]string{
	domain.EINVALID:         "Invalid request",
	domain.ENOTFOUND:        "Not found",
	domain.ECONFLICT:        "Conflict",
	domain.EFORBIDDEN:       "Forbidden",
	domain.EUNAUTHENTICATED: "Authentication required",
	domain.ETOOMANY:         "Too many requests",
	domain.ETOOLARGE:        "Request too large",
	domain.EUNAVAILABLE:     "Service unavailable",
	domain.EINTERNAL:        "Internal error",
	codeMethodNotAllowed:    "Method not allowed",

	app.EOTPREQUIRED:               "Second factor required",
	string(app.MustChangePassword): "Password change required",
	string(app.MustEnrolTOTP):      "Second factor enrolment required",
}

// Problem is an RFC 9457 problem details body.
type Problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`
	Code   string `json:"code"`
	// DetailKey and DetailParams name the detail stably (msgs.Key); the
	// code names the title.
	DetailKey    string              `json:"detail_key,omitempty"`
	DetailParams []string            `json:"detail_params,omitempty"`
	Errors       []domain.FieldError `json:"errors,omitempty"`
	RequestID    string              `json:"request_id,omitempty"`
}

// problemFor turns any error into a problem. Unknown errors become internal
// with a generic message; their text never reaches the client.
func problemFor(err error) (Problem, int) {
	var he *echo.HTTPError
	if errors.As(err, &he) {
		err = fromEcho(he)
	}
	code := domain.ErrorCode(err)
	status, ok := statusOf[code]
	detail := domain.ErrorMessage(err)
	if !ok {
		code, status, detail = domain.EINTERNAL, http.StatusInternalServerError, domain.ErrorMessage(errors.New(""))
	}
	p := Problem{
		Type:   "urn:integrity:problem:" + code,
		Title:  titleOf[code],
		Status: status,
		Detail: detail,
		Code:   code,
	}
	var de *domain.Error
	if errors.As(err, &de) && code != domain.EINTERNAL {
		p.Errors = de.Fields
	}
	return p, p.Status
}

// fromEcho maps the framework's own errors (no route, wrong method, body
// too large, malformed body) onto domain errors.
func fromEcho(he *echo.HTTPError) error {
	msg := http.StatusText(he.Code)
	if s, ok := he.Message.(string); ok && s != "" {
		msg = s
	}
	switch he.Code {
	case http.StatusNotFound:
		return domain.NotFound("resource")
	case http.StatusMethodNotAllowed:
		return &domain.Error{Code: codeMethodNotAllowed, Message: "this method is not allowed on this resource"}
	case http.StatusRequestEntityTooLarge:
		return &domain.Error{Code: domain.ETOOLARGE, Message: "the request body is too large"}
	case http.StatusUnsupportedMediaType, http.StatusBadRequest:
		return domain.Invalid(msg, domain.FieldError{Field: "body", Message: msg})
	case http.StatusUnauthorized:
		return &domain.Error{Code: domain.EUNAUTHENTICATED, Message: "authentication required"}
	case http.StatusForbidden:
		return &domain.Error{Code: domain.EFORBIDDEN, Message: "forbidden"}
	case http.StatusTooManyRequests:
		return &domain.Error{Code: domain.ETOOMANY, Message: "too many requests"}
	case http.StatusServiceUnavailable:
		return &domain.Error{Code: domain.EUNAVAILABLE, Message: "service unavailable"}
	}
	if he.Code >= 400 && he.Code < 500 {
		return domain.Invalid(msg)
	}
	return errors.New(msg)
}

// errorHandler writes every error as problem+json and logs only internal
// ones, with the request id to find them by.
func (s *Server) errorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	p, status := problemFor(err)
	p.RequestID = c.Response().Header().Get(echo.HeaderXRequestID)
	if status >= 500 && p.Code != domain.EUNAVAILABLE {
		s.log.ErrorContext(c.Request().Context(), "internal error",
			slog.String("request_id", p.RequestID), slog.String("route", c.Path()), slog.Any("error", err))
	}
	var de *domain.Error
	if errors.As(err, &de) && de.RetryAfter > 0 {
		c.Response().Header().Set("Retry-After", strconv.Itoa(de.RetryAfter))
	}
	if p.Code == domain.EUNAVAILABLE && c.Response().Header().Get("Retry-After") == "" {
		c.Response().Header().Set("Retry-After", "5")
	}
	p = keyed(p)
	if msgs.WantsChinese(c.Request().Header.Get("Accept-Language")) {
		p = inChinese(p)
	}
	writeProblem(c, p)
}

// keyed names a problem's detail and field messages by their stable keys
// and parameters, read from the English before any translation.
func keyed(p Problem) Problem {
	if k, ok := msgs.Key(p.Detail); ok {
		p.DetailKey, p.DetailParams = k.Key, k.Params
	}
	if len(p.Errors) > 0 {
		fields := make([]domain.FieldError, len(p.Errors))
		for i, f := range p.Errors {
			if k, ok := msgs.Key(f.Message); ok {
				f.Key, f.Params = k.Key, k.Params
			}
			fields[i] = f
		}
		p.Errors = fields
	}
	return p
}

// inChinese says a problem's title, detail and field messages in Chinese
// (those the message table knows; the code and field names stay).
func inChinese(p Problem) Problem {
	p.Title, p.Detail = msgs.Chinese(p.Title), msgs.Chinese(p.Detail)
	if len(p.Errors) > 0 {
		fields := make([]domain.FieldError, len(p.Errors))
		for i, f := range p.Errors {
			f.Message = msgs.Chinese(f.Message)
			fields[i] = f
		}
		p.Errors = fields
	}
	return p
}

func writeProblem(c echo.Context, p Problem) {
	body, _ := json.Marshal(p)
	c.Response().Header().Set(echo.HeaderContentType, "application/problem+json")
	if c.Request().Method == http.MethodHead {
		c.Response().WriteHeader(p.Status)
		return
	}
	c.Response().WriteHeader(p.Status)
	_, _ = c.Response().Write(body)
}
