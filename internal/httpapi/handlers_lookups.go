package httpapi

import (
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"integrity/internal/domain"
	"integrity/internal/lookup"
)

type lookupOfficial struct {
	ID             int64  `json:"id"`
	Name           string `json:"name"`
	IDNumberMasked string `json:"id_number_masked"`
	DepartmentID   int64  `json:"department_id"`
	DepartmentName string `json:"department_name"`
}

type lookupApproval struct {
	Approver  string    `json:"approver"`
	Modules   []string  `json:"modules"`
	Days      int       `json:"days"`
	Note      string    `json:"note"`
	CreatedAt time.Time `json:"created_at"`
}

type lookupResponse struct {
	ID            int64            `json:"id"`
	Requester     string           `json:"requester"`
	Purpose       string           `json:"purpose"`
	Confidential  bool             `json:"confidential"`
	Reason        string           `json:"reason"`
	LegalBasis    string           `json:"legal_basis"`
	Modules       []string         `json:"modules"`
	RequestedDays int              `json:"requested_days"`
	Granted       []string         `json:"granted"`
	State         string           `json:"state"`
	PendingUntil  time.Time        `json:"pending_until"`
	AccessFrom    *time.Time       `json:"access_from"`
	AccessUntil   *time.Time       `json:"access_until"`
	SecondsLeft   int64            `json:"seconds_left"`
	DecidedBy     string           `json:"decided_by"`
	DecidedAt     *time.Time       `json:"decided_at"`
	DecisionNote  string           `json:"decision_note"`
	RevokedBy     string           `json:"revoked_by"`
	RevokedAt     *time.Time       `json:"revoked_at"`
	RevokeReason  string           `json:"revoke_reason"`
	Officials     []lookupOfficial `json:"officials"`
	Approvals     []lookupApproval `json:"approvals"`
	// AwaitingSecond: a pending request that one approver approved and a
	// second, different approver must decide.
	AwaitingSecond bool      `json:"awaiting_second"`
	PolicyVersion  int       `json:"policy_version"`
	CreatedAt      time.Time `json:"created_at"`
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func toLookup(l domain.LookupRow, now time.Time) lookupResponse {
	r := lookupResponse{ID: l.ID, Requester: l.Requester, Purpose: l.Purpose, Confidential: l.Confidential, Reason: l.Reason,
		LegalBasis: l.LegalBasis, Modules: nonNil(lookup.SplitModules(l.Modules)), RequestedDays: l.RequestedDays,
		Granted: nonNil(lookup.SplitModules(l.Granted)), State: l.State, PendingUntil: l.PendingUntil, AccessFrom: l.AccessFrom,
		AccessUntil: l.AccessUntil, DecidedBy: l.DecidedBy, DecidedAt: l.DecidedAt, DecisionNote: l.DecisionNote,
		RevokedBy: l.RevokedBy, RevokedAt: l.RevokedAt, RevokeReason: l.RevokeReason, PolicyVersion: l.PolicyVersion,
		CreatedAt: l.CreatedAt, Officials: []lookupOfficial{}, Approvals: []lookupApproval{}}
	switch {
	case l.State == domain.LookupApproved && l.AccessUntil != nil:
		r.SecondsLeft = int64(l.AccessUntil.Sub(now).Seconds())
	case l.State == domain.LookupPending:
		r.SecondsLeft = int64(l.PendingUntil.Sub(now).Seconds())
		r.AwaitingSecond = len(l.Approvals) > 0
	}
	for _, o := range l.Officials {
		r.Officials = append(r.Officials, lookupOfficial{ID: o.ID, Name: o.Name, IDNumberMasked: o.IDNumberMasked,
			DepartmentID: o.DepartmentID, DepartmentName: o.DepartmentName})
	}
	for _, a := range l.Approvals {
		r.Approvals = append(r.Approvals, lookupApproval{Approver: a.Approver, Modules: nonNil(lookup.SplitModules(a.Modules)),
			Days: a.Days, Note: a.Note, CreatedAt: a.CreatedAt})
	}
	return r
}

func (s *Server) lookupConfig(c echo.Context) error {
	p, err := s.app.LookupPolicy(c.Request().Context())
	return answer(c, p, err)
}

type lookupRequest struct {
	OfficialIDs []int64  `json:"official_ids"`
	Purpose     string   `json:"purpose"`
	Reason      string   `json:"reason"`
	LegalBasis  string   `json:"legal_basis"`
	Modules     []string `json:"modules"`
	Days        int      `json:"days"`
}

func (s *Server) createLookup(c echo.Context) error {
	var req lookupRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	l, err := s.app.RequestLookup(c.Request().Context(), callerOf(c).Actor(), callerOf(c).Scope(), lookup.Request{OfficialIDs: req.OfficialIDs,
		Purpose: req.Purpose, Reason: req.Reason, LegalBasis: req.LegalBasis, Modules: req.Modules, Days: req.Days})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toLookup(l, s.app.Now()))
}

// lookupFilter reads the lookups list's filters (its export's too), and
// whether the caller asks for their own requests only.
func lookupFilter(c echo.Context) (domain.LookupFilter, bool, error) {
	in := params(c)
	f := domain.LookupFilter{Page: in.page(), State: in.oneOf("state", domain.LookupPending, domain.LookupApproved, domain.LookupRejected,
		domain.LookupExpired, domain.LookupRevoked), OfficialID: in.int("official_id")}
	mine := in.oneOf("mine", "true", "false")
	return f, mine == "true", in.err
}

func (s *Server) listLookups(c echo.Context) error {
	f, mine, err := lookupFilter(c)
	if err != nil {
		return err
	}
	rows, total, err := s.app.Lookups(c.Request().Context(), callerOf(c), mine, f)
	return answerList(c, rows, total, err, s.lookupAt(s.app.Now()))
}

// lookupAt answers lookups with their state on a day.
func (s *Server) lookupAt(now time.Time) func(domain.LookupRow) lookupResponse {
	return func(l domain.LookupRow) lookupResponse { return toLookup(l, now) }
}

func (s *Server) getLookup(c echo.Context) error {
	in := params(c)
	id := in.id()
	if in.err != nil {
		return in.err
	}
	l, err := s.app.ReadLookup(c.Request().Context(), callerOf(c), id)
	return answer(c, toLookup(l, s.app.Now()), err)
}

type decisionRequest struct {
	Modules []string `json:"modules"`
	Days    int      `json:"days"`
	Note    string   `json:"note"`
}

func (s *Server) decideLookup(approve bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		var req decisionRequest
		in := params(c)
		id := in.id()
		if in.body(&req); in.err != nil {
			return in.err
		}
		v, err := callerOf(c).LookupView()
		if err != nil {
			return err
		}
		d := lookup.Decision{Approve: approve, Note: req.Note}
		if approve {
			d.Modules, d.Days = req.Modules, req.Days
		}
		l, err := s.app.DecideLookup(c.Request().Context(), callerOf(c).Actor(), v.Scope, id, d)
		return answer(c, toLookup(l, s.app.Now()), err)
	}
}

func (s *Server) revokeLookup(c echo.Context) error {
	v, err := callerOf(c).LookupView()
	if err != nil {
		return err
	}
	var req revokeRequest
	in := params(c)
	id := in.id()
	if in.body(&req); in.err != nil {
		return in.err
	}
	l, err := s.app.RevokeLookup(c.Request().Context(), callerOf(c).Actor(), v, id, req.Reason)
	return answer(c, toLookup(l, s.app.Now()), err)
}

// officialSummary is an official as a lookup without the basic module
// shows them: enough to know whose file it is.
type officialSummary struct {
	ID             int64  `json:"id"`
	Name           string `json:"name"`
	IDNumberMasked string `json:"id_number_masked"`
	DepartmentID   int64  `json:"department_id"`
	DepartmentName string `json:"department_name"`
}

// lookupFile answers a discipline staff member's file view inside an
// approved lookup (?lookup_id= picks one; default the open one ending last).
func (s *Server) lookupFile(c echo.Context, id int64) error {
	lookupID, err := queryInt(c, "lookup_id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	f, err := s.app.ReadFileByLookup(ctx, callerOf(c).Actor(), callerOf(c).Scope(), id, lookupID)
	if err != nil {
		return err
	}
	groups, err := s.fileGroups(c, f.File)
	if err != nil {
		return err
	}
	body := map[string]any{"categories": groups, "record_count": len(f.Records), "modules": f.Modules,
		"lookup": toLookup(f.Lookup, s.app.Now())}
	if f.Basic {
		body["official"] = toOfficial(f.Official)
	} else {
		o := f.Official
		body["official"] = officialSummary{ID: o.ID, Name: o.Name, IDNumberMasked: o.IDNumberMasked, DepartmentID: o.DepartmentID, DepartmentName: o.DepartmentName}
	}
	if f.Score != nil {
		body["score"] = toScore(*f.Score)
	}
	warnings, err := s.fileWarnings(c, id)
	if err != nil {
		return err
	}
	body["warnings"] = grantedWarnings(warnings, f.Categories, f.Score != nil)
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, body)
}

type inboxResponse struct {
	ServerTime         time.Time        `json:"server_time"`
	AwaitingMyDecision int64            `json:"awaiting_my_decision"`
	Decided            []lookupResponse `json:"decided"`
	// Opinions: requests for integrity opinions still to answer, and the late ones.
	Opinions domain.OpinionsDue `json:"opinions"`
}

// lookupInbox is polled by the UI: requests awaiting the caller's decision
// and the caller's own requests decided since ?since= (RFC 3339; default
// the last day).
func (s *Server) lookupInbox(c echo.Context) error {
	since := s.app.Now().Add(-24 * time.Hour)
	in := params(c)
	if t := in.time("since"); t != nil {
		since = *t
	}
	if in.err != nil {
		return in.err
	}
	box, err := s.app.LookupInbox(c.Request().Context(), callerOf(c), since)
	out := inboxResponse{ServerTime: box.ServerTime, AwaitingMyDecision: box.AwaitingMyDecision, Decided: each(box.Decided, s.lookupAt(box.ServerTime)), Opinions: box.Opinions}
	return answer(c, out, err)
}

type departmentCount struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Count int64  `json:"count"`
}

// disciplineDashboard answers the figures of ?from= to ?to= (dates; default
// the 90 days up to today): lookups asked, decided and viewed, and the
// warnings raised by rule, level, month and district or bureau.
func (s *Server) disciplineDashboard(c echo.Context) error {
	v, err := callerOf(c).LookupView()
	if err != nil {
		return err
	}
	from, to, err := s.period(c, 0, 90)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	d, err := s.app.Dashboard(ctx, v, callerOf(c).Scope(), from, to)
	if err != nil {
		return err
	}
	depts, err := s.app.Departments(ctx)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"from": d.From, "to": d.To, "lookups": d.Lookups, "warnings": d.Warnings,
		"warnings_by_district": rollUp(d.Warnings.ByDepartment, depts)})
}

// rollUp adds department counts up to the departments just below the root
// (districts and bureaus), the level a dashboard compares.
func rollUp(counts []domain.WarningCount, depts []domain.Department) []departmentCount {
	byID := map[int64]domain.Department{}
	for _, d := range depts {
		byID[d.ID] = d
	}
	sums := map[int64]int64{}
	var order []int64
	for _, c := range counts {
		id, _ := strconv.ParseInt(c.Key, 10, 64)
		d, ok := byID[id]
		if !ok {
			continue
		}
		parts := strings.Split(strings.Trim(d.Path, "/"), "/")
		if len(parts) >= 2 {
			id, _ = strconv.ParseInt(parts[1], 10, 64)
		}
		if _, seen := sums[id]; !seen {
			order = append(order, id)
		}
		sums[id] += c.N
	}
	out := make([]departmentCount, 0, len(order))
	for _, id := range order {
		out = append(out, departmentCount{ID: id, Name: byID[id].Name, Count: sums[id]})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Count > out[j].Count })
	return out
}

// grantedWarnings keeps, inside a lookup, what its modules open: a warning
// only with the records of granted categories (dropped when none is left),
// and, unless the lookup shows the score, without what it found (a score,
// a grade), since that sums categories the lookup does not open.
func grantedWarnings(ws []warningResponse, categories map[string]bool, wholeFile bool) []warningResponse {
	if wholeFile {
		return ws
	}
	out := []warningResponse{}
	for _, w := range ws {
		recs := []warningRecord{}
		for _, r := range w.Records {
			if categories[r.Category] {
				recs = append(recs, r)
			}
		}
		if len(recs) == 0 {
			continue
		}
		w.Records, w.Detail = recs, json.RawMessage("{}")
		out = append(out, w)
	}
	return out
}
