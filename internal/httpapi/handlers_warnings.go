package httpapi

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"integrity/internal/domain"
	"integrity/internal/warning"
)

type warningRecord struct {
	ID           int64  `json:"id"`
	Category     string `json:"category"`
	Code         string `json:"code"`
	DecisionDate string `json:"decision_date"`
	State        string `json:"state"`
}

type warningResponse struct {
	ID             int64           `json:"id"`
	Official       lookupOfficial  `json:"official"`
	Rule           string          `json:"rule"`
	Level          string          `json:"level"`
	State          string          `json:"state"`
	Records        []warningRecord `json:"records"`
	Detail         json.RawMessage `json:"detail"`
	PolicyVersion  int             `json:"policy_version"`
	RaisedAt       time.Time       `json:"raised_at"`
	UpdatedAt      time.Time       `json:"updated_at"`
	AckedBy        string          `json:"acked_by"`
	AckedAt        *time.Time      `json:"acked_at"`
	ResolvedBy     string          `json:"resolved_by"`
	ResolvedAt     *time.Time      `json:"resolved_at"`
	ResolutionNote string          `json:"resolution_note"`
}

func splitIDs(s string) []int64 {
	var out []int64
	for _, p := range strings.Split(s, ",") {
		if id, err := strconv.ParseInt(p, 10, 64); err == nil {
			out = append(out, id)
		}
	}
	return out
}

// toWarnings answers warnings with the records that raised them, loaded in
// one query.
func (s *Server) toWarnings(c echo.Context, rows []domain.WarningRow) ([]warningResponse, error) {
	var ids []int64
	for _, w := range rows {
		ids = append(ids, splitIDs(w.RecordIDs)...)
	}
	briefs, err := s.app.RecordBriefs(c.Request().Context(), ids)
	if err != nil {
		return nil, err
	}
	out := make([]warningResponse, 0, len(rows))
	for _, w := range rows {
		r := warningResponse{ID: w.ID, Rule: w.Rule, Level: w.Level, State: w.State, Records: []warningRecord{},
			Detail: json.RawMessage(w.Detail), PolicyVersion: w.PolicyVersion, RaisedAt: w.RaisedAt, UpdatedAt: w.UpdatedAt,
			AckedBy: w.AckedBy, AckedAt: w.AckedAt, ResolvedBy: w.ResolvedBy, ResolvedAt: w.ResolvedAt, ResolutionNote: w.ResolutionNote,
			Official: lookupOfficial{ID: w.OfficialID, Name: w.OfficialName, IDNumberMasked: w.IDNumberMasked, DepartmentID: w.DepartmentID, DepartmentName: w.DepartmentName}}
		if !json.Valid(r.Detail) {
			r.Detail = json.RawMessage("{}")
		}
		for _, id := range splitIDs(w.RecordIDs) {
			if b, ok := briefs[id]; ok {
				r.Records = append(r.Records, warningRecord{ID: b.ID, Category: b.Category, Code: b.Code, DecisionDate: b.DecisionDate.Format("2006-01-02"), State: b.State})
			}
		}
		out = append(out, r)
	}
	return out, nil
}

func (s *Server) warningRules(c echo.Context) error {
	p, err := s.app.WarningPolicy(c.Request().Context())
	return answer(c, p, err)
}

// warningFilter reads the warnings list's filters (its export's too).
func warningFilter(c echo.Context) (domain.WarningFilter, error) {
	in := params(c)
	f := domain.WarningFilter{Page: in.sorted(in.page(), "raised_at"), State: in.oneOf("state", domain.WarningOpen, domain.WarningAcknowledged, domain.WarningResolved, "all"),
		Level: in.oneOf("level", warning.Levels...), OfficialID: in.int("official_id"), Rule: c.QueryParam("rule")}
	if in.err == nil && len(f.Rule) > 32 {
		return f, domain.Invalid("rule too long", domain.FieldError{Field: "rule", Message: "at most 32 characters"})
	}
	return f, in.err
}

func (s *Server) listWarnings(c echo.Context) error {
	f, err := warningFilter(c)
	if err != nil {
		return err
	}
	rows, total, err := s.app.Warnings(c.Request().Context(), callerOf(c), f)
	if err != nil {
		return err
	}
	items, err := s.toWarnings(c, rows)
	return answer(c, list[warningResponse]{Items: items, Total: total}, err)
}

func (s *Server) getWarning(c echo.Context) error {
	in := params(c)
	id := in.id()
	if in.err != nil {
		return in.err
	}
	w, err := s.app.Warning(c.Request().Context(), callerOf(c), id)
	if err != nil {
		return err
	}
	return s.oneWarning(c, w)
}

func (s *Server) oneWarning(c echo.Context, w domain.WarningRow) error {
	out, err := s.toWarnings(c, []domain.WarningRow{w})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out[0])
}

type warningDecision struct {
	Note string `json:"note"`
}

func (s *Server) decideWarning(resolve bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		var req warningDecision
		in := params(c)
		id := in.id()
		if in.body(&req); in.err != nil {
			return in.err
		}
		cl, ctx := callerOf(c), c.Request().Context()
		var w domain.WarningRow
		var err error
		if resolve {
			w, err = s.app.ResolveWarning(ctx, cl.Actor(), cl.Scope(), id, req.Note)
		} else {
			w, err = s.app.AckWarning(ctx, cl.Actor(), cl.Scope(), id)
		}
		if err != nil {
			return err
		}
		return s.oneWarning(c, w)
	}
}

// fileWarnings answers the open warnings of an official for the top of
// their file.
func (s *Server) fileWarnings(c echo.Context, officialID int64) ([]warningResponse, error) {
	rows, err := s.app.OpenWarnings(c.Request().Context(), officialID)
	if err != nil {
		return nil, err
	}
	return s.toWarnings(c, rows)
}
