package httpapi

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"integrity/internal/app"
	"integrity/internal/domain"
)

// Body limits. Every request body may hold at most maxBody bytes, except
// the multipart uploads that carry files: an import's (app.MaxImportBytes
// and its multipart envelope) and a dispute's or repair application's
// (maxCaseBody; the self-service policy bounds each attachment). A JSON
// body to those routes has the ordinary limit.
const (
	maxBody           = 2 << 20
	multipartEnvelope = 1 << 20
)

func bodyLimitOf(c echo.Context) int64 {
	req := c.Request()
	if req.Method != http.MethodPost {
		return maxBody
	}
	if mt, _, _ := mime.ParseMediaType(req.Header.Get(echo.HeaderContentType)); mt != echo.MIMEMultipartForm {
		return maxBody
	}
	switch c.Path() {
	case "/api/v1/imports":
		return app.MaxImportBytes + multipartEnvelope
	case "/api/v1/disputes", "/api/v1/repairs":
		return maxCaseBody
	}
	return maxBody
}

// bodyLimit answers 413 for a body over its route's limit: at once when
// the declared Content-Length is over it, before anything is read; and for
// a body sent without a length (chunked), as soon as reading passes the
// limit, whatever the handler made of the cut-off body.
func bodyLimit(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		limit := bodyLimitOf(c)
		req := c.Request()
		if req.ContentLength > limit {
			return tooLarge()
		}
		body := &limitedBody{ReadCloser: http.MaxBytesReader(c.Response().Writer, req.Body, limit)}
		req.Body = body
		err := next(c)
		if err != nil && body.over {
			return tooLarge()
		}
		return err
	}
}

// textQuery refuses a query parameter that is not text: bytes that are not
// UTF-8, or a NUL character, which no database column can hold (PostgreSQL
// refuses it outright). The problem names the parameter.
func textQuery(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		for name, vals := range c.QueryParams() {
			for _, v := range vals {
				if !validText(v) {
					return domain.Invalid("invalid query parameter", domain.FieldError{Field: name, Message: "is not valid text"})
				}
			}
			if !validText(name) {
				return domain.Invalid("invalid query parameter", domain.FieldError{Field: "query", Message: "is not valid text"})
			}
		}
		return next(c)
	}
}

// validText reports whether s is UTF-8 without a NUL character.
func validText(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

func tooLarge() error {
	return &domain.Error{Code: domain.ETOOLARGE, Message: "the request body is too large"}
}

// limitedBody remembers that the body went over its limit.
type limitedBody struct {
	io.ReadCloser
	over bool
}

func (b *limitedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	var mbe *http.MaxBytesError
	if err != nil && errors.As(err, &mbe) {
		b.over = true
	}
	return n, err
}
