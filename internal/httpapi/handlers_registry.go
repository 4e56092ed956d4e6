package httpapi

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"integrity/internal/app"
	"integrity/internal/domain"
)

type departmentResponse struct {
	ID        int64  `json:"id"`
	ParentID  *int64 `json:"parent_id"`
	Code      string `json:"code"`
	Name      string `json:"name"`
	NameEn    string `json:"name_en"`
	Kind      string `json:"kind"`
	Path      string `json:"path"`
	Depth     int    `json:"depth"`
	SortOrder int    `json:"sort_order"`
}

func toDepartment(d domain.Department) departmentResponse {
	return departmentResponse{ID: d.ID, ParentID: d.ParentID, Code: d.Code, Name: d.Name, NameEn: d.NameEn,
		Kind: d.Kind, Path: d.Path, Depth: d.Depth, SortOrder: d.SortOrder}
}

func (s *Server) listDepartments(c echo.Context) error {
	depts, err := s.app.Departments(c.Request().Context())
	return answerAll(c, depts, err, toDepartment)
}

func (s *Server) createDepartment(c echo.Context) error {
	return write(c, http.StatusCreated, func(req app.NewDepartment) (departmentResponse, error) {
		d, err := s.app.CreateDepartment(c.Request().Context(), callerOf(c).Actor(), req)
		return toDepartment(d), err
	})
}

func (s *Server) updateDepartment(c echo.Context) error {
	return writeID(c, func(id int64, req app.DepartmentPatch) (departmentResponse, error) {
		d, err := s.app.UpdateDepartment(c.Request().Context(), callerOf(c).Actor(), id, req)
		return toDepartment(d), err
	})
}

// officialResponse is an official's registry entry. The ID number appears
// only masked; the ciphertext and the blind index never leave the server.
type officialResponse struct {
	ID             int64     `json:"id"`
	DepartmentID   int64     `json:"department_id"`
	DepartmentName string    `json:"department_name"`
	Name           string    `json:"name"`
	Gender         string    `json:"gender"`
	BirthDate      string    `json:"birth_date"`
	IDNumberMasked string    `json:"id_number_masked"`
	Post           string    `json:"post"`
	JobRank        string    `json:"job_rank"`
	Category       string    `json:"category"`
	PartyMember    bool      `json:"party_member"`
	Status         string    `json:"status"`
	Version        int       `json:"version"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
	// Score and Grade: in lists, for those who may read scores, when the
	// official has been scored.
	Score *float64 `json:"score,omitempty"`
	Grade string   `json:"grade,omitempty"`
}

func toOfficial(o domain.OfficialRow) officialResponse {
	r := officialResponse{ID: o.ID, DepartmentID: o.DepartmentID, DepartmentName: o.DepartmentName, Name: o.Name,
		Gender: o.Gender, BirthDate: o.BirthDate.Format("2006-01-02"), IDNumberMasked: o.IDNumberMasked, Post: o.Post,
		JobRank: o.JobRank, Category: o.Category, PartyMember: o.PartyMember, Status: o.Status, Version: o.Version,
		CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt}
	if o.Score != nil {
		pts := float64(*o.Score) / 100
		r.Score = &pts
	}
	if o.Grade != nil {
		r.Grade = *o.Grade
	}
	return r
}

// officialFilter reads the officials list's filters (its export's too),
// and the ID number searched for.
func officialFilter(c echo.Context) (domain.OfficialFilter, string, error) {
	in := params(c)
	pg, dept := in.sorted(in.page(), "name", "id"), in.int("department_id")
	status := in.oneOf("status", domain.OfficialActive, domain.OfficialRetired, domain.OfficialLeft)
	if in.err != nil {
		return domain.OfficialFilter{}, "", in.err
	}
	name := c.QueryParam("name")
	if len([]rune(name)) > 64 {
		return domain.OfficialFilter{}, "", domain.Invalid("name too long", domain.FieldError{Field: "name", Message: "at most 64 characters"})
	}
	grade := c.QueryParam("grade")
	if len(grade) > 32 {
		return domain.OfficialFilter{}, "", domain.Invalid("grade too long", domain.FieldError{Field: "grade", Message: "at most 32 characters"})
	}
	return domain.OfficialFilter{Name: name, DepartmentID: dept, Status: status, Grade: grade, Page: pg}, c.QueryParam("id_number"), nil
}

// withScores lets a listing of officials carry their scores and grades
// when the caller may read an official's score (the route policy decides),
// and refuses a grade filter otherwise: a grade must not leak through the
// filter to those who may not read it.
func (s *Server) withScores(c echo.Context, f *domain.OfficialFilter) error {
	allowed, err := s.enforcer.Allowed(callerOf(c).Subjects(), "/api/v1/officials/:id/score", http.MethodGet)
	if err != nil {
		return err
	}
	ok := len(allowed) > 0
	if !ok && f.Grade != "" {
		return domain.Invalid("you may not filter by grade", domain.FieldError{Field: "grade", Message: "only those who may read scores filter by grade"})
	}
	f.WithScores = ok
	return nil
}

// noSuchDepartment names the filter at fault when a department filter
// names no department.
func noSuchDepartment(f domain.OfficialFilter, err error) error {
	if domain.ErrorCode(err) == domain.ENOTFOUND && f.DepartmentID != 0 {
		return domain.Invalid("no such department", domain.FieldError{Field: "department_id", Message: "no such department"})
	}
	return err
}

func (s *Server) listOfficials(c echo.Context) error {
	f, idNumber, err := officialFilter(c)
	if err == nil {
		err = s.withScores(c, &f)
	}
	if err != nil {
		return err
	}
	rows, total, err := s.app.ListOfficials(c.Request().Context(), callerOf(c).Actor(), callerOf(c).Scope(), f, idNumber)
	if err != nil {
		return noSuchDepartment(f, err)
	}
	out := officialList{list: list[officialResponse]{Items: each(rows, toOfficial), Total: total}}
	if f.WithScores {
		// The grades the list's grade filter offers, as the scoring policy
		// in force names them (a deployment may have its own).
		p, err := s.app.ScoringPolicy(c.Request().Context())
		if err != nil {
			return err
		}
		out.Grades = make([]domain.Label, 0, len(p.Grades))
		for _, g := range p.Grades {
			out.Grades = append(out.Grades, g.Label)
		}
	}
	return c.JSON(http.StatusOK, out)
}

// officialList is a page of officials; for those who may read scores,
// also the grades of the scoring policy in force, best first.
type officialList struct {
	list[officialResponse]
	Grades []domain.Label `json:"grades,omitempty"`
}

func (s *Server) getOfficial(c echo.Context) error {
	in := params(c)
	id := in.id()
	if in.err != nil {
		return in.err
	}
	o, err := s.app.ReadOfficial(c.Request().Context(), callerOf(c).Actor(), callerOf(c).Scope(), id)
	c.Response().Header().Set("Cache-Control", "no-store")
	return answer(c, toOfficial(o), err)
}

func (s *Server) createOfficial(c echo.Context) error {
	return write(c, http.StatusCreated, func(req app.OfficialInput) (officialResponse, error) {
		if req.Version != nil {
			return officialResponse{}, domain.Invalid("a new official has no version", domain.FieldError{Field: "version", Message: "must not be set when creating"})
		}
		o, err := s.app.CreateOfficial(c.Request().Context(), callerOf(c).Actor(), req)
		return toOfficial(o), err
	})
}

func (s *Server) updateOfficial(c echo.Context) error {
	return writeID(c, func(id int64, req app.OfficialInput) (officialResponse, error) {
		o, err := s.app.UpdateOfficial(c.Request().Context(), callerOf(c).Actor(), callerOf(c).Scope(), id, req)
		return toOfficial(o), err
	})
}

type versionResponse struct {
	Version   int             `json:"version"`
	Snapshot  json.RawMessage `json:"snapshot"`
	ChangedBy string          `json:"changed_by"`
	CreatedAt time.Time       `json:"created_at"`
}

func (s *Server) officialHistory(c echo.Context) error {
	in := params(c)
	id := in.id()
	if in.err != nil {
		return in.err
	}
	h, err := s.app.OfficialHistory(c.Request().Context(), callerOf(c).Actor(), callerOf(c).Scope(), id)
	return answerAll(c, h, err, func(v domain.OfficialVersion) versionResponse {
		return versionResponse{Version: v.Version, Snapshot: json.RawMessage(v.Snapshot), ChangedBy: v.ChangedBy, CreatedAt: v.CreatedAt}
	})
}

// auditFilter reads the audit trail's filters (its export's too).
func auditFilter(c echo.Context) (domain.AuditFilter, error) {
	in := params(c)
	f := domain.AuditFilter{Page: in.sorted(in.page(), "at", "id"), Outcome: in.oneOf("outcome", domain.OutcomeSuccess, domain.OutcomeFailure, domain.OutcomeDenied),
		From: in.time("from"), To: in.time("to"), Actor: c.QueryParam("actor"), Action: c.QueryParam("action"),
		TargetType: c.QueryParam("target_type"), TargetID: c.QueryParam("target_id")}
	return f, in.err
}

func (s *Server) auditTrail(c echo.Context) error {
	f, err := auditFilter(c)
	if err != nil {
		return err
	}
	items, total, err := s.app.AuditTrail(c.Request().Context(), callerOf(c).Actor(), f)
	if err != nil {
		return err
	}
	names, err := s.app.AuditNames(c.Request().Context(), items)
	return answerList(c, items, total, err, func(e domain.AuditEntry) auditResponse { return toAudit(e, names) })
}

// auditResponse is an audit entry with the names of its actor and target,
// where they name a user, an official, a department or a source.
type auditResponse struct {
	domain.AuditEntry
	ActorName  string `json:"actor_name,omitempty"`
	TargetName string `json:"target_name,omitempty"`
}

func toAudit(e domain.AuditEntry, names map[string]string) auditResponse {
	r := auditResponse{AuditEntry: e, TargetName: names[e.TargetType+":"+e.TargetID]}
	if e.ActorID != nil {
		r.ActorName = names["user:"+strconv.FormatInt(*e.ActorID, 10)]
	}
	return r
}

// auditLastVerification answers the newest verification of the chain, or
// {"last": null} when there was none (the auditor's home page shows it).
func (s *Server) auditLastVerification(c echo.Context) error {
	v, err := s.app.LastAuditVerification(c.Request().Context())
	return answer(c, map[string]any{"last": v}, err)
}

func (s *Server) auditVerify(c echo.Context) error {
	res, err := s.app.VerifyAudit(c.Request().Context(), callerOf(c))
	return answer(c, res, err)
}
