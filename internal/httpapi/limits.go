package httpapi

import (
	"errors"
	"io"
	"mime"
	"net/http"

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
