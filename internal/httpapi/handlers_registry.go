package httpapi

import (
	"encoding/json"
	"net/http"
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
	if err != nil {
		return err
	}
	out := list[departmentResponse]{Items: make([]departmentResponse, 0, len(depts)), Total: int64(len(depts))}
	for _, d := range depts {
		out.Items = append(out.Items, toDepartment(d))
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) createDepartment(c echo.Context) error {
	var req app.NewDepartment
	if err := decode(c, &req); err != nil {
		return err
	}
	d, err := s.app.CreateDepartment(c.Request().Context(), callerOf(c).Actor(), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toDepartment(d))
}

func (s *Server) updateDepartment(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var req app.DepartmentPatch
	if err := decode(c, &req); err != nil {
		return err
	}
	d, err := s.app.UpdateDepartment(c.Request().Context(), callerOf(c).Actor(), id, req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toDepartment(d))
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
}

func toOfficial(o domain.OfficialRow) officialResponse {
	return officialResponse{ID: o.ID, DepartmentID: o.DepartmentID, DepartmentName: o.DepartmentName, Name: o.Name,
		Gender: o.Gender, BirthDate: o.BirthDate.Format("2006-01-02"), IDNumberMasked: o.IDNumberMasked, Post: o.Post,
		JobRank: o.JobRank, Category: o.Category, PartyMember: o.PartyMember, Status: o.Status, Version: o.Version,
		CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt}
}

func (s *Server) listOfficials(c echo.Context) error {
	pg, err := page(c)
	if err != nil {
		return err
	}
	dept, err := queryInt(c, "department_id")
	if err != nil {
		return err
	}
	status, err := oneOf(c, "status", domain.OfficialActive, domain.OfficialRetired, domain.OfficialLeft)
	if err != nil {
		return err
	}
	name := c.QueryParam("name")
	if len([]rune(name)) > 64 {
		return domain.Invalid("name too long", domain.FieldError{Field: "name", Message: "at most 64 characters"})
	}
	f := domain.OfficialFilter{Name: name, DepartmentID: dept, Status: status, Page: pg}
	rows, total, err := s.app.ListOfficials(c.Request().Context(), callerOf(c).Actor(), callerOf(c).Scope(), f, c.QueryParam("id_number"))
	if err != nil {
		if domain.ErrorCode(err) == domain.ENOTFOUND && dept != 0 {
			return domain.Invalid("no such department", domain.FieldError{Field: "department_id", Message: "no such department"})
		}
		return err
	}
	out := list[officialResponse]{Items: make([]officialResponse, 0, len(rows)), Total: total}
	for _, r := range rows {
		out.Items = append(out.Items, toOfficial(r))
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) getOfficial(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	o, err := s.app.ReadOfficial(c.Request().Context(), callerOf(c).Actor(), callerOf(c).Scope(), id)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, toOfficial(o))
}

func (s *Server) createOfficial(c echo.Context) error {
	var req app.OfficialInput
	if err := decode(c, &req); err != nil {
		return err
	}
	if req.Version != nil {
		return domain.Invalid("a new official has no version", domain.FieldError{Field: "version", Message: "must not be set when creating"})
	}
	o, err := s.app.CreateOfficial(c.Request().Context(), callerOf(c).Actor(), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toOfficial(o))
}

func (s *Server) updateOfficial(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var req app.OfficialInput
	if err := decode(c, &req); err != nil {
		return err
	}
	o, err := s.app.UpdateOfficial(c.Request().Context(), callerOf(c).Actor(), callerOf(c).Scope(), id, req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toOfficial(o))
}

type versionResponse struct {
	Version   int             `json:"version"`
	Snapshot  json.RawMessage `json:"snapshot"`
	ChangedBy string          `json:"changed_by"`
	CreatedAt time.Time       `json:"created_at"`
}

func (s *Server) officialHistory(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	h, err := s.app.OfficialHistory(c.Request().Context(), callerOf(c).Actor(), callerOf(c).Scope(), id)
	if err != nil {
		return err
	}
	out := list[versionResponse]{Items: make([]versionResponse, 0, len(h)), Total: int64(len(h))}
	for _, v := range h {
		out.Items = append(out.Items, versionResponse{Version: v.Version, Snapshot: json.RawMessage(v.Snapshot), ChangedBy: v.ChangedBy, CreatedAt: v.CreatedAt})
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) auditTrail(c echo.Context) error {
	pg, err := page(c)
	if err != nil {
		return err
	}
	outcome, err := oneOf(c, "outcome", domain.OutcomeSuccess, domain.OutcomeFailure, domain.OutcomeDenied)
	if err != nil {
		return err
	}
	from, err := queryTime(c, "from")
	if err != nil {
		return err
	}
	to, err := queryTime(c, "to")
	if err != nil {
		return err
	}
	f := domain.AuditFilter{Actor: c.QueryParam("actor"), Action: c.QueryParam("action"), TargetType: c.QueryParam("target_type"),
		TargetID: c.QueryParam("target_id"), Outcome: outcome, From: from, To: to, Page: pg}
	items, total, err := s.app.AuditTrail(c.Request().Context(), callerOf(c).Actor(), f)
	if err != nil {
		return err
	}
	if items == nil {
		items = []domain.AuditEntry{}
	}
	return c.JSON(http.StatusOK, list[domain.AuditEntry]{Items: items, Total: total})
}

func (s *Server) auditVerify(c echo.Context) error {
	res, err := s.app.VerifyAudit(c.Request().Context(), callerOf(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, res)
}
