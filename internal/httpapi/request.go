package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"integrity/internal/domain"
	"integrity/internal/jsonpath"
)

// decode reads a JSON body into v. Unknown fields are refused, so a client
// cannot slip a field (a role, a scope, an id) past a request type; every
// problem names the field.
func decode(c echo.Context, v any) error {
	ct := c.Request().Header.Get(echo.HeaderContentType)
	if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != echo.MIMEApplicationJSON {
		return domain.Invalid("the body must be JSON", domain.FieldError{Field: "Content-Type", Message: "must be application/json"})
	}
	data, err := io.ReadAll(c.Request().Body)
	if err != nil {
		return jsonError(err, nil)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err, data)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return domain.Invalid("the body must hold one JSON value", domain.FieldError{Field: "body", Message: "trailing data after the JSON value"})
	}
	if bytes.Contains(data, []byte(`\u0000`)) {
		if field := nulField(data); field != "" {
			return domain.Invalid("a field is not valid text", domain.FieldError{Field: field, Message: "is not valid text"})
		}
	}
	return nil
}

// nulField returns the path (items[2].name) of the first string or key in
// a JSON body that holds a NUL character, which no database column can
// hold; "" when there is none (the body held an escaped backslash).
func nulField(data []byte) string {
	var v any
	if json.Unmarshal(data, &v) != nil {
		return ""
	}
	var walk func(v any, at string) (string, bool)
	walk = func(v any, at string) (string, bool) {
		switch t := v.(type) {
		case string:
			return at, strings.ContainsRune(t, 0)
		case []any:
			for i, e := range t {
				if f, ok := walk(e, fmt.Sprintf("%s[%d]", at, i)); ok {
					return f, true
				}
			}
		case map[string]any:
			keys := make([]string, 0, len(t))
			for k := range t {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				name := k
				if at != "" {
					name = at + "." + k
				}
				if strings.ContainsRune(k, 0) {
					return at, true
				}
				if f, ok := walk(t[k], name); ok {
					return f, true
				}
			}
		}
		return "", false
	}
	f, ok := walk(v, "")
	switch {
	case !ok:
		return ""
	case f == "":
		return "body"
	}
	return f
}

// jsonError turns a decoding error into a problem naming the field; data,
// the body, places the field exactly (with the index in a list).
func jsonError(err error, data []byte) error {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return &domain.Error{Code: domain.ETOOLARGE, Message: "the request body is too large"}
	case errors.As(err, &te):
		field := jsonpath.OfTypeError(data, te)
		if field == "" {
			field = "body"
		}
		return domain.Invalid("a field has the wrong type", domain.FieldError{Field: field, Message: "must be " + jsonType(te.Type.Kind().String())})
	case errors.As(err, &se), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return domain.Invalid("the body is not valid JSON", domain.FieldError{Field: "body", Message: "malformed JSON"})
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		if name == "" {
			return domain.Invalid("unknown field", domain.FieldError{Field: "body", Message: "a field with an empty name is not a field of this request"})
		}
		if at := jsonpath.OfKey(data, name); at != "" {
			name = at
		}
		return domain.Invalid("unknown field", domain.FieldError{Field: name, Message: "is not a field of this request"})
	}
	return domain.Invalid("the body is not valid JSON", domain.FieldError{Field: "body", Message: "malformed JSON"})
}

func jsonType(kind string) string {
	switch kind {
	case "int", "int64", "int32", "uint", "uint64", "float64":
		return "a number"
	case "bool":
		return "true or false"
	case "string":
		return "a string"
	case "slice":
		return "a list"
	case "struct", "map":
		return "an object"
	}
	return kind
}

// pathID reads a positive integer path parameter. A malformed id cannot
// name anything, so it answers 404 like any missing resource.
func pathID(c echo.Context, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.NotFound("resource")
	}
	return id, nil
}

// page reads ?page=&page_size= (default 1 and 20; at most 200 a page).
func page(c echo.Context) (domain.Page, error) {
	p := domain.Page{Number: 1, Size: 20}
	if v := c.QueryParam("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1_000_000 {
			return p, domain.Invalid("invalid page", domain.FieldError{Field: "page", Message: "must be a number from 1"})
		}
		p.Number = n
	}
	if v := c.QueryParam("page_size"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 200 {
			return p, domain.Invalid("invalid page size", domain.FieldError{Field: "page_size", Message: "must be a number from 1 to 200"})
		}
		p.Size = n
	}
	return p, nil
}

// queryInt reads an optional positive integer query parameter.
func queryInt(c echo.Context, name string) (int64, error) {
	v := c.QueryParam(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 1 {
		return 0, domain.Invalid("invalid "+name, domain.FieldError{Field: name, Message: "must be a positive number"})
	}
	return n, nil
}

// queryTime reads an optional date (YYYY-MM-DD) or RFC 3339 time.
func queryTime(c echo.Context, name string) (*time.Time, error) {
	v := c.QueryParam(name)
	if v == "" {
		return nil, nil
	}
	for _, layout := range []string{"2006-01-02", time.RFC3339} {
		if t, err := time.Parse(layout, v); err == nil {
			return &t, nil
		}
	}
	return nil, domain.Invalid("invalid "+name, domain.FieldError{Field: name, Message: "must be a date YYYY-MM-DD or an RFC 3339 time"})
}

// oneOf checks an optional enumerated query parameter.
func oneOf(c echo.Context, name string, allowed ...string) (string, error) {
	v := c.QueryParam(name)
	if v == "" {
		return "", nil
	}
	for _, a := range allowed {
		if v == a {
			return v, nil
		}
	}
	return "", domain.Invalid("invalid "+name, domain.FieldError{Field: name, Message: fmt.Sprintf("must be one of %s", strings.Join(allowed, ", "))})
}

// list is the shape of every paged answer.
type list[T any] struct {
	Items []T   `json:"items"`
	Total int64 `json:"total"`
}
