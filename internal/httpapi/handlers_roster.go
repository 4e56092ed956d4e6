package httpapi

import (
	"io"
	"net/http"

	"github.com/labstack/echo/v4"

	"integrity/internal/ingest"
)

// importOfficials reads a roster of officials (multipart: an optional
// dry_run part, then the file; or ?dry_run=true) and answers what it did or
// would do. A roster with problems is refused whole, each row named.
func (s *Server) importOfficials(c echo.Context) error {
	return withUpload(c, func(name string, dryRun bool, file io.Reader) error {
		res, err := s.app.ImportOfficials(c.Request().Context(), callerOf(c).Actor(), name, dryRun, file)
		return answer(c, res, err)
	})
}

// officialsTemplate answers the roster template.
func (s *Server) officialsTemplate(c echo.Context) error {
	c.Response().Header().Set(echo.HeaderContentType, xlsxType)
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="officials-template.xlsx"`)
	c.Response().WriteHeader(http.StatusOK)
	return ingest.WriteOfficialsTemplate(c.Response())
}
