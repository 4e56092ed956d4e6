package httpapi

import (
	"mime"
	"net/http"

	"github.com/labstack/echo/v4"

	"integrity/internal/domain"
	"integrity/internal/ingest"
)

// importOfficials reads a roster of officials (multipart: an optional
// dry_run part, then the file; or ?dry_run=true) and answers what it did or
// would do. A roster with problems is refused whole, each row named.
func (s *Server) importOfficials(c echo.Context) error {
	mt, _, _ := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	if mt != echo.MIMEMultipartForm {
		return domain.Invalid("upload the file as multipart/form-data", domain.FieldError{Field: "file", Message: "send multipart/form-data with a file part"})
	}
	dryRun := c.QueryParam("dry_run") == "true" || c.QueryParam("dry_run") == "1"
	mr, err := c.Request().MultipartReader()
	if err != nil {
		return domain.Invalid("malformed multipart body", domain.FieldError{Field: "file", Message: "malformed multipart body"})
	}
	for {
		part, err := mr.NextPart()
		if err != nil {
			return domain.Invalid("no file was sent", domain.FieldError{Field: "file", Message: "required"})
		}
		switch part.FormName() {
		case "dry_run":
			v, _ := readSmall(part)
			dryRun = v == "true" || v == "1"
		case "file":
			res, err := s.app.ImportOfficials(c.Request().Context(), callerOf(c).Actor(), part.FileName(), dryRun, part)
			return answer(c, res, err)
		}
	}
}

// officialsTemplate answers the roster template.
func (s *Server) officialsTemplate(c echo.Context) error {
	c.Response().Header().Set(echo.HeaderContentType, xlsxType)
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="officials-template.xlsx"`)
	c.Response().WriteHeader(http.StatusOK)
	return ingest.WriteOfficialsTemplate(c.Response())
}
