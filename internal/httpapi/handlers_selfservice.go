package httpapi

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"os"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"integrity/internal/app"
	"integrity/internal/domain"
)

// maxCaseBody bounds a dispute or repair upload (the policy limits each
// attachment and their number; this bounds the whole request).
const maxCaseBody = 64 << 20

func (s *Server) myFile(c echo.Context) error {
	id, err := callerOf(c).Self()
	if err != nil {
		return err
	}
	f, err := s.app.ReadMyFile(c.Request().Context(), callerOf(c).Actor(), id)
	if err != nil {
		return err
	}
	groups, err := s.fileGroups(c, f.File)
	if err != nil {
		return err
	}
	warnings, err := s.toWarnings(c, f.Warnings)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	body := map[string]any{"official": toOfficial(f.Official), "categories": groups, "record_count": len(f.Records),
		"score": nil, "warnings": warnings, "eligibility": f.Eligibility}
	if f.Score != nil {
		body["score"] = toScore(*f.Score)
	}
	return c.JSON(http.StatusOK, body)
}

func (s *Server) myAccessLog(c echo.Context) error {
	id, err := callerOf(c).Self()
	if err != nil {
		return err
	}
	entries, err := s.app.AccessLog(c.Request().Context(), callerOf(c).Actor(), id)
	return answerAll(c, entries, err, toAccess)
}

// caseForm reads a dispute or repair application: JSON, or multipart with
// its fields and the attachments (parts named attachments), streamed to
// the application as they come.
type caseForm struct {
	fields map[string]string
}

func (s *Server) readCase(c echo.Context, names []string, use func(f caseForm, ups []app.Upload) error) error {
	mt, _, _ := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	if mt != echo.MIMEMultipartForm {
		var raw map[string]any
		if err := decode(c, &raw); err != nil {
			return err
		}
		f := caseForm{fields: map[string]string{}}
		for k, v := range raw {
			if !contains(names, k) {
				return domain.Invalid("unknown field", domain.FieldError{Field: k, Message: "unknown field"})
			}
			// An id is a JSON number, every other field a string: the
			// same strictness as every typed request.
			id := strings.HasSuffix(k, "_id")
			switch x := v.(type) {
			case string:
				if !id {
					f.fields[k] = x
					continue
				}
			case float64:
				if id {
					f.fields[k] = strconv.FormatFloat(x, 'f', -1, 64)
					continue
				}
			}
			want := "must be a string"
			if id {
				want = "must be a number"
			}
			return domain.Invalid("a field has the wrong type", domain.FieldError{Field: k, Message: want})
		}
		return use(f, nil)
	}
	c.Request().Body = http.MaxBytesReader(c.Response(), c.Request().Body, maxCaseBody)
	mr, err := c.Request().MultipartReader()
	if err != nil {
		return domain.Invalid("malformed multipart body", domain.FieldError{Field: "attachments", Message: "malformed multipart body"})
	}
	f := caseForm{fields: map[string]string{}}
	var ups []app.Upload
	defer func() {
		for _, u := range ups {
			if t, ok := u.Body.(*os.File); ok {
				t.Close()
				os.Remove(t.Name())
			}
		}
	}()
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return &domain.Error{Code: domain.ETOOLARGE, Message: "the upload is too large"}
		}
		if err != nil {
			return domain.Invalid("malformed multipart body", domain.FieldError{Field: "attachments", Message: "malformed multipart body"})
		}
		name := part.FormName()
		switch {
		case name == "attachments":
			// A part must be read before the next one; each attachment waits
			// in a temporary file, and the application checks its size and
			// type as it stores it.
			t, err := spool(part)
			if t != nil {
				ups = append(ups, app.Upload{Filename: part.FileName(), Body: t})
			}
			if errors.As(err, &mbe) {
				return &domain.Error{Code: domain.ETOOLARGE, Message: "the upload is too large"}
			}
			if err != nil {
				return err
			}
		case contains(names, name):
			v, _ := io.ReadAll(io.LimitReader(part, 8192))
			f.fields[name] = strings.TrimSpace(string(v))
		default:
			return domain.Invalid("unknown field", domain.FieldError{Field: name, Message: "unknown field"})
		}
	}
	return use(f, ups)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// spool copies a part to a temporary file and rewinds it.
func spool(r io.Reader) (*os.File, error) {
	t, err := os.CreateTemp("", "integrity-upload-*")
	if err != nil {
		return nil, err
	}
	if _, err := io.Copy(t, r); err != nil {
		return t, err
	}
	_, err = t.Seek(0, io.SeekStart)
	return t, err
}

func (f caseForm) id(field string) (int64, error) {
	v, err := strconv.ParseInt(f.fields[field], 10, 64)
	if err != nil || v < 1 {
		return 0, domain.Invalid("a record is required", domain.FieldError{Field: field, Message: "the id of a record of your file"})
	}
	return v, nil
}
