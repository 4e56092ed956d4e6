package httpapi

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"integrity/internal/domain"
)

// params reads a request's path and query parameters in one pass and keeps
// the first problem, so a handler checks once:
//
//	in := params(c)
//	id, pg := in.id(), in.page()
//	if in.err != nil { return in.err }
type reader struct {
	c   echo.Context
	err error
}

func params(c echo.Context) *reader { return &reader{c: c} }

// keep returns a function that passes a value through and keeps the
// first error.
func keep[T any](r *reader) func(T, error) T {
	return func(v T, err error) T {
		if r.err == nil {
			r.err = err
		}
		return v
	}
}

// id is the path's :id (404 when it cannot name anything).
func (r *reader) id() int64 { return r.path("id") }

func (r *reader) path(name string) int64 {
	if r.err != nil {
		return 0
	}
	return keep[int64](r)(pathID(r.c, name))
}

func (r *reader) page() domain.Page { return keep[domain.Page](r)(page(r.c)) }

func (r *reader) int(name string) int64 { return keep[int64](r)(queryInt(r.c, name)) }

// sorted is the page with the caller's sort: ?sort= one of keys, or "-"
// and one of them for descending; 400 naming sort otherwise.
func (r *reader) sorted(p domain.Page, keys ...string) domain.Page {
	v := r.c.QueryParam("sort")
	if v == "" || r.err != nil {
		return p
	}
	key, _ := strings.CutPrefix(v, "-")
	if !slices.Contains(keys, key) {
		r.err = domain.Invalid("unknown sort", domain.FieldError{Field: "sort", Message: "one of " + strings.Join(keys, ", ") + ", each with a leading - for descending"})
		return p
	}
	p.Sort = v
	return p
}

func (r *reader) time(name string) *time.Time { return keep[*time.Time](r)(queryTime(r.c, name)) }

func (r *reader) oneOf(name string, allowed ...string) string {
	return keep[string](r)(oneOf(r.c, name, allowed...))
}

// body decodes the JSON body into v (after the parameters, whose problems
// come first).
func (r *reader) body(v any) {
	if r.err == nil {
		r.err = decode(r.c, v)
	}
}

// answerList answers a page of rows, each turned into its response.
func answerList[R, T any](c echo.Context, rows []R, total int64, err error, fn func(R) T) error {
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list[T]{Items: each(rows, fn), Total: total})
}

// answer answers v (200) unless err.
func answer[T any](c echo.Context, v T, err error) error {
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}

// each turns every row into its response (never nil: an empty list is []).
func each[R, T any](rows []R, fn func(R) T) []T {
	out := make([]T, 0, len(rows))
	for _, r := range rows {
		out = append(out, fn(r))
	}
	return out
}

// period reads ?from= and ?to= (dates or times): by default the years and
// days up to the end of today; from must come before to, at most ten years
// apart.
func (s *Server) period(c echo.Context, years, days int) (from, to time.Time, err error) {
	to = s.app.Today().AddDate(0, 0, 1)
	from = to.AddDate(-years, 0, -days)
	in := params(c)
	if t := in.time("from"); t != nil {
		from = *t
	}
	if t := in.time("to"); t != nil {
		to = *t
	}
	if in.err != nil {
		return from, to, in.err
	}
	if !from.Before(to) || to.Sub(from) > 3660*24*time.Hour {
		return from, to, domain.Invalid("the period is out of range", domain.FieldError{Field: "from", Message: "from must come before to, at most ten years apart"})
	}
	return from, to, nil
}

// answerAll answers a whole (unpaged) list.
func answerAll[R, T any](c echo.Context, rows []R, err error, fn func(R) T) error {
	return answerList(c, rows, int64(len(rows)), err, fn)
}

// write decodes the JSON body into a Req, runs fn and answers its result
// with status.
func write[Req, T any](c echo.Context, status int, fn func(req Req) (T, error)) error {
	var req Req
	if err := decode(c, &req); err != nil {
		return err
	}
	v, err := fn(req)
	if err != nil {
		return err
	}
	return c.JSON(status, v)
}

// writeID is write for a resource named by the path's :id (a malformed id
// answers 404 before the body is read).
func writeID[Req, T any](c echo.Context, fn func(id int64, req Req) (T, error)) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	return write(c, http.StatusOK, func(req Req) (T, error) { return fn(id, req) })
}

// authored is who made something and when, in many answers.
type authored struct {
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// progress is how far a background run (a job, an import) has come.
type progress struct {
	Progress   float64    `json:"progress"`
	Message    string     `json:"message"`
	FinishedAt *time.Time `json:"finished_at"`
	authored
}

// progressOf is a run's progress: done of total, 1 once it is done.
func progressOf(done, total int64, finished bool, message, by string, at time.Time, end *time.Time) progress {
	p := progress{Message: message, FinishedAt: end, authored: authored{CreatedBy: by, CreatedAt: at}}
	if total > 0 {
		p.Progress = float64(done) / float64(total)
	}
	if finished {
		p.Progress = 1
	}
	return p
}
