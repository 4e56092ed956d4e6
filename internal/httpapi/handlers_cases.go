package httpapi

import (
	"mime"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"integrity/internal/app"
	"integrity/internal/domain"
)

type attachmentResponse struct {
	ID          int64  `json:"id"`
	Filename    string `json:"filename"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
}

type caseRecordResponse struct {
	ID           int64  `json:"id"`
	Category     string `json:"category"`
	Code         string `json:"code"`
	DecisionDate string `json:"decision_date"`
	DocumentNo   string `json:"document_no"`
	Version      int    `json:"version"`
}

type caseResponse struct {
	ID             int64                `json:"id"`
	Record         caseRecordResponse   `json:"record"`
	OfficialName   string               `json:"official_name"`
	IDNumberMasked string               `json:"id_number_masked"`
	SourceName     string               `json:"source_name"`
	State          string               `json:"state"`
	DueOn          string               `json:"due_on"`
	Overdue        bool                 `json:"overdue"`
	DecidedBy      string               `json:"decided_by"`
	DecidedAt      *time.Time           `json:"decided_at"`
	DecisionNote   string               `json:"decision_note"`
	CreatedAt      time.Time            `json:"created_at"`
	Attachments    []attachmentResponse `json:"attachments"`
	// Disputes.
	Ground          string `json:"ground,omitempty"`
	Reason          string `json:"reason,omitempty"`
	Extended        bool   `json:"extended,omitempty"`
	ExtensionReason string `json:"extension_reason,omitempty"`
	NewVersion      int    `json:"new_version,omitempty"`
	// Repairs.
	Statement  string  `json:"statement,omitempty"`
	Commitment string  `json:"commitment,omitempty"`
	RepairedOn *string `json:"repaired_on,omitempty"`
}

func caseBase(id int64, r domain.CaseRecord, recordID int64, state string, due time.Time, by string, at *time.Time, note string, created time.Time) caseResponse {
	return caseResponse{ID: id, Record: caseRecordResponse{ID: recordID, Category: r.RecordCategory, Code: r.RecordCode,
		DecisionDate: r.RecordDecisionDate.Format(time.DateOnly), DocumentNo: r.RecordDocumentNo, Version: r.RecordVersion},
		OfficialName: r.OfficialName, IDNumberMasked: r.IDNumberMasked, SourceName: r.SourceName, State: state, DueOn: due.Format(time.DateOnly),
		DecidedBy: by, DecidedAt: at, DecisionNote: note, CreatedAt: created, Attachments: []attachmentResponse{}}
}

func toDispute(d domain.DisputeRow) caseResponse {
	r := caseBase(d.ID, d.CaseRecord, d.RecordID, d.State, d.DueOn, d.DecidedBy, d.DecidedAt, d.DecisionNote, d.CreatedAt)
	r.Ground, r.Reason, r.Extended, r.ExtensionReason, r.NewVersion = d.Ground, d.Reason, d.Extended, d.ExtensionReason, d.NewVersion
	return r
}

func toRepair(rp domain.RepairRow) caseResponse {
	r := caseBase(rp.ID, rp.CaseRecord, rp.RecordID, rp.State, rp.DueOn, rp.DecidedBy, rp.DecidedAt, rp.DecisionNote, rp.CreatedAt)
	r.Statement, r.Commitment, r.RepairedOn = rp.Statement, rp.Commitment, day(rp.RepairedOn)
	return r
}

// caseKind is what the dispute and repair handlers differ in: app's kind,
// the states a list filters on, and the answer's kind-specific fields.
type caseKind[R app.CaseRow] struct {
	app    app.CaseKind[R]
	states []string
	answer func(r R) caseResponse
}

func (s *Server) disputes() caseKind[domain.DisputeRow] {
	return caseKind[domain.DisputeRow]{app: s.app.Disputes(), answer: toDispute,
		states: []string{domain.DisputeOpen, domain.DisputeCorrected, domain.DisputeRevoked, domain.DisputeUpheld}}
}

func (s *Server) repairs() caseKind[domain.RepairRow] {
	return caseKind[domain.RepairRow]{app: s.app.Repairs(), answer: toRepair,
		states: []string{domain.RepairPending, domain.RepairApproved, domain.RepairRejected}}
}

func (k caseKind[R]) out(c app.Case[R]) caseResponse {
	r := k.answer(c.Row)
	r.Overdue = c.Overdue
	for _, a := range c.Attachments {
		r.Attachments = append(r.Attachments, attachmentResponse{ID: a.ID, Filename: a.Filename, ContentType: a.ContentType, Size: a.Size})
	}
	return r
}

// fresh answers a case the caller has just filed or decided.
func fresh[R app.CaseRow](s *Server, c echo.Context, k caseKind[R], row R, id int64, status int) error {
	kase, err := app.Reviewed(c.Request().Context(), s.app, k.app, row, id)
	if err != nil {
		return err
	}
	return c.JSON(status, k.out(kase))
}

// fileCase reads an official's dispute or repair application of a record
// of their own (JSON, or multipart with attachments) and answers the case.
func fileCase[R app.CaseRow](s *Server, c echo.Context, k caseKind[R], fields []string,
	file func(official, record int64, f caseForm, ups []app.Upload) (R, int64, error)) error {
	official, err := callerOf(c).Self()
	if err != nil {
		return err
	}
	return s.readCase(c, append([]string{"record_id"}, fields...), func(f caseForm, ups []app.Upload) error {
		rec, err := f.id("record_id")
		if err != nil {
			return err
		}
		row, id, err := file(official, rec, f, ups)
		if err != nil {
			return err
		}
		return fresh(s, c, k, row, id, http.StatusCreated)
	})
}

func (s *Server) createDispute(c echo.Context) error {
	return fileCase(s, c, s.disputes(), []string{"ground", "reason"}, func(official, rec int64, f caseForm, ups []app.Upload) (domain.DisputeRow, int64, error) {
		d, err := s.app.FileDispute(c.Request().Context(), callerOf(c).Actor(), official, rec, f.fields["ground"], f.fields["reason"], ups)
		return d, d.ID, err
	})
}

func (s *Server) createRepair(c echo.Context) error {
	return fileCase(s, c, s.repairs(), []string{"statement", "commitment"}, func(official, rec int64, f caseForm, ups []app.Upload) (domain.RepairRow, int64, error) {
		rp, err := s.app.ApplyRepair(c.Request().Context(), callerOf(c).Actor(), official, rec, f.fields["statement"], f.fields["commitment"], ups)
		return rp, rp.ID, err
	})
}

// deciding reads a clerk's decision on a case of their source: the case
// must be the source's (404 whatever the body says otherwise), then the
// body is read into req.
func deciding[R app.CaseRow](c echo.Context, k caseKind[R], req any) (app.Submitter, int64, error) {
	cl := callerOf(c)
	sub, err := cl.Submitter()
	if err != nil {
		return sub, 0, err
	}
	id, err := pathID(c, "id")
	if err != nil {
		return sub, 0, err
	}
	if err := app.SourceCase(c.Request().Context(), cl, k.app, id); err != nil {
		return sub, 0, err
	}
	return sub, id, decode(c, req)
}

type extendRequest struct {
	Days   int    `json:"days"`
	Reason string `json:"reason"`
}

func (s *Server) extendDispute(c echo.Context) error {
	var req extendRequest
	sub, id, err := deciding(c, s.disputes(), &req)
	if err != nil {
		return err
	}
	d, err := s.app.ExtendDispute(c.Request().Context(), callerOf(c).Actor(), sub.Source.ID, id, req.Days, req.Reason)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.disputes().out(app.Decided(s.app, d)))
}

type correctionRequest struct {
	Code         string `json:"code"`
	DecisionDate string `json:"decision_date"`
	EndedOn      string `json:"ended_on"`
	DocumentNo   string `json:"document_no"`
	Authority    string `json:"authority"`
	Summary      string `json:"summary"`
}

type resolveRequest struct {
	Outcome    string             `json:"outcome"`
	Note       string             `json:"note"`
	Correction *correctionRequest `json:"correction"`
}

func (s *Server) resolveDispute(c echo.Context) error {
	var req resolveRequest
	sub, id, err := deciding(c, s.disputes(), &req)
	if err != nil {
		return err
	}
	var corr *app.Correction
	if k := req.Correction; k != nil {
		corr = &app.Correction{Code: k.Code, DecisionDate: k.DecisionDate, EndedOn: k.EndedOn, DocumentNo: k.DocumentNo, Authority: k.Authority, Summary: k.Summary}
	}
	d, err := s.app.ResolveDispute(c.Request().Context(), callerOf(c).Actor(), sub, id, req.Outcome, req.Note, corr)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.disputes().out(app.Decided(s.app, d)))
}

type decideRepairRequest struct {
	Approve    bool   `json:"approve"`
	Note       string `json:"note"`
	RepairedOn string `json:"repaired_on"`
}

func (s *Server) decideRepair(c echo.Context) error {
	var req decideRepairRequest
	sub, id, err := deciding(c, s.repairs(), &req)
	if err != nil {
		return err
	}
	var on *time.Time
	if req.RepairedOn != "" {
		t, err := time.Parse(time.DateOnly, req.RepairedOn)
		if err != nil {
			return domain.Invalid("repaired_on is not a date", domain.FieldError{Field: "repaired_on", Message: "YYYY-MM-DD"})
		}
		on = &t
	}
	rp, err := s.app.DecideRepair(c.Request().Context(), callerOf(c).Actor(), sub.Source.ID, id, req.Approve, req.Note, on)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.repairs().out(app.Decided(s.app, rp)))
}

// caseRoutes registers the reads of a case kind under base: the list, one
// case and its attachments.
func caseRoutes[R app.CaseRow](s *Server, g *echo.Group, base string, k caseKind[R]) {
	g.GET(base, listCases(s, k))
	g.GET(base+"/:id", getCase(s, k))
	g.GET(base+"/:id/attachments/:att_id", caseAttachment(s, k))
}

// listCases answers the disputes or repair applications the caller sees.
func listCases[R app.CaseRow](s *Server, k caseKind[R]) echo.HandlerFunc {
	return func(c echo.Context) error {
		pg, err := page(c)
		if err != nil {
			return err
		}
		state, err := oneOf(c, "state", k.states...)
		if err != nil {
			return err
		}
		rows, total, err := app.ListCases(c.Request().Context(), s.app, callerOf(c), k.app, state, pg)
		if err != nil {
			return err
		}
		out := list[caseResponse]{Items: make([]caseResponse, 0, len(rows)), Total: total}
		for _, r := range rows {
			out.Items = append(out.Items, k.out(r))
		}
		return c.JSON(http.StatusOK, out)
	}
}

// getCase answers one dispute or repair application with its attachments.
func getCase[R app.CaseRow](s *Server, k caseKind[R]) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := pathID(c, "id")
		if err != nil {
			return err
		}
		kase, err := app.GetCase(c.Request().Context(), s.app, callerOf(c), k.app, id)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, k.out(kase))
	}
}

// caseAttachment downloads an attachment of a dispute or repair the caller
// sees, as a download, never rendered inline.
func caseAttachment[R app.CaseRow](s *Server, k caseKind[R]) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := pathID(c, "id")
		if err != nil {
			return err
		}
		attID, err := pathID(c, "att_id")
		if err != nil {
			return err
		}
		a, file, err := app.CaseAttachment(c.Request().Context(), s.app, callerOf(c), k.app, id, attID)
		if err != nil {
			return err
		}
		defer file.Close()
		h := c.Response().Header()
		h.Set("Cache-Control", "no-store")
		h.Set(echo.HeaderContentDisposition, mime.FormatMediaType("attachment", map[string]string{"filename": a.Filename}))
		return c.Stream(http.StatusOK, a.ContentType, file)
	}
}
