package httpapi

import (
	"context"
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

func caseBase(id int64, r domain.CaseRecord, recordID int64, state string, due time.Time, open bool, by string, at *time.Time, note string, created, today time.Time) caseResponse {
	return caseResponse{ID: id, Record: caseRecordResponse{ID: recordID, Category: r.RecordCategory, Code: r.RecordCode,
		DecisionDate: r.RecordDecisionDate.Format(time.DateOnly), DocumentNo: r.RecordDocumentNo, Version: r.RecordVersion},
		OfficialName: r.OfficialName, IDNumberMasked: r.IDNumberMasked, SourceName: r.SourceName, State: state, DueOn: due.Format(time.DateOnly),
		Overdue: open && due.Before(today), DecidedBy: by, DecidedAt: at, DecisionNote: note, CreatedAt: created, Attachments: []attachmentResponse{}}
}

func (s *Server) today() time.Time {
	n := s.db.Now()
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
}

func toDispute(d domain.DisputeRow, today time.Time) caseResponse {
	r := caseBase(d.ID, d.CaseRecord, d.RecordID, d.State, d.DueOn, d.State == domain.DisputeOpen, d.DecidedBy, d.DecidedAt, d.DecisionNote, d.CreatedAt, today)
	r.Ground, r.Reason, r.Extended, r.ExtensionReason, r.NewVersion = d.Ground, d.Reason, d.Extended, d.ExtensionReason, d.NewVersion
	return r
}

func toRepair(rp domain.RepairRow, today time.Time) caseResponse {
	r := caseBase(rp.ID, rp.CaseRecord, rp.RecordID, rp.State, rp.DueOn, rp.State == domain.RepairPending, rp.DecidedBy, rp.DecidedAt, rp.DecisionNote, rp.CreatedAt, today)
	r.Statement, r.Commitment, r.RepairedOn = rp.Statement, rp.Commitment, day(rp.RepairedOn)
	return r
}

func (s *Server) withAttachments(c echo.Context, kind string, id int64, r caseResponse) (caseResponse, error) {
	atts, err := s.db.Attachments(c.Request().Context(), kind, id)
	for _, a := range atts {
		r.Attachments = append(r.Attachments, attachmentResponse{ID: a.ID, Filename: a.Filename, ContentType: a.ContentType, Size: a.Size})
	}
	return r, err
}

func (s *Server) createDispute(c echo.Context) error {
	official, err := callerOf(c).Self()
	if err != nil {
		return err
	}
	return s.readCase(c, []string{"record_id", "ground", "reason"}, func(f caseForm, ups []app.Upload) error {
		rec, err := f.id("record_id")
		if err != nil {
			return err
		}
		d, err := s.app.FileDispute(c.Request().Context(), callerOf(c).Actor(), official, rec, f.fields["ground"], f.fields["reason"], ups)
		if err != nil {
			return err
		}
		out, err := s.withAttachments(c, "dispute", d.ID, toDispute(d, s.today()))
		if err != nil {
			return err
		}
		return c.JSON(http.StatusCreated, out)
	})
}

type extendRequest struct {
	Days   int    `json:"days"`
	Reason string `json:"reason"`
}

func (s *Server) extendDispute(c echo.Context) error {
	sub, err := callerOf(c).Submitter()
	if err != nil {
		return err
	}
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if _, err := s.db.Dispute(c.Request().Context(), domain.CaseFilter{SourceID: sub.Source.ID}, id); err != nil {
		return err
	}
	var req extendRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	d, err := s.app.ExtendDispute(c.Request().Context(), callerOf(c).Actor(), sub.Source.ID, id, req.Days, req.Reason)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toDispute(d, s.today()))
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
	sub, err := callerOf(c).Submitter()
	if err != nil {
		return err
	}
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if _, err := s.db.Dispute(c.Request().Context(), domain.CaseFilter{SourceID: sub.Source.ID}, id); err != nil {
		return err
	}
	var req resolveRequest
	if err := decode(c, &req); err != nil {
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
	return c.JSON(http.StatusOK, toDispute(d, s.today()))
}

func (s *Server) createRepair(c echo.Context) error {
	official, err := callerOf(c).Self()
	if err != nil {
		return err
	}
	return s.readCase(c, []string{"record_id", "statement", "commitment"}, func(f caseForm, ups []app.Upload) error {
		rec, err := f.id("record_id")
		if err != nil {
			return err
		}
		rp, err := s.app.ApplyRepair(c.Request().Context(), callerOf(c).Actor(), official, rec, f.fields["statement"], f.fields["commitment"], ups)
		if err != nil {
			return err
		}
		out, err := s.withAttachments(c, "repair", rp.ID, toRepair(rp, s.today()))
		if err != nil {
			return err
		}
		return c.JSON(http.StatusCreated, out)
	})
}

type decideRepairRequest struct {
	Approve    bool   `json:"approve"`
	Note       string `json:"note"`
	RepairedOn string `json:"repaired_on"`
}

func (s *Server) decideRepair(c echo.Context) error {
	sub, err := callerOf(c).Submitter()
	if err != nil {
		return err
	}
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if _, err := s.db.Repair(c.Request().Context(), domain.CaseFilter{SourceID: sub.Source.ID}, id); err != nil {
		return err
	}
	var req decideRepairRequest
	if err := decode(c, &req); err != nil {
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
	return c.JSON(http.StatusOK, toRepair(rp, s.today()))
}

// caseKind is what the dispute and repair handlers differ in.
type caseKind[R any] struct {
	name   string // the attachments' owner kind
	states []string
	list   func(ctx context.Context, f domain.CaseFilter) ([]R, int64, error)
	one    func(ctx context.Context, f domain.CaseFilter, id int64) (R, error)
	answer func(r R, today time.Time) caseResponse
}

func (s *Server) disputes() caseKind[domain.DisputeRow] {
	return caseKind[domain.DisputeRow]{name: "dispute", list: s.db.Disputes, one: s.db.Dispute, answer: toDispute,
		states: []string{domain.DisputeOpen, domain.DisputeCorrected, domain.DisputeRevoked, domain.DisputeUpheld}}
}

func (s *Server) repairs() caseKind[domain.RepairRow] {
	return caseKind[domain.RepairRow]{name: "repair", list: s.db.Repairs, one: s.db.Repair, answer: toRepair,
		states: []string{domain.RepairPending, domain.RepairApproved, domain.RepairRejected}}
}

// listCases answers the disputes or repair applications the caller sees.
func listCases[R any](s *Server, k caseKind[R]) echo.HandlerFunc {
	return func(c echo.Context) error {
		f, err := callerOf(c).CaseScope()
		if err != nil {
			return err
		}
		if f.Page, err = page(c); err != nil {
			return err
		}
		if f.State, err = oneOf(c, "state", k.states...); err != nil {
			return err
		}
		rows, total, err := k.list(c.Request().Context(), f)
		if err != nil {
			return err
		}
		out := list[caseResponse]{Items: make([]caseResponse, 0, len(rows)), Total: total}
		for _, r := range rows {
			out.Items = append(out.Items, k.answer(r, s.today()))
		}
		return c.JSON(http.StatusOK, out)
	}
}

// getCase answers one dispute or repair application with its attachments.
func getCase[R any](s *Server, k caseKind[R]) echo.HandlerFunc {
	return func(c echo.Context) error {
		f, err := callerOf(c).CaseScope()
		if err != nil {
			return err
		}
		id, err := pathID(c, "id")
		if err != nil {
			return err
		}
		r, err := k.one(c.Request().Context(), f, id)
		if err != nil {
			return err
		}
		out, err := s.withAttachments(c, k.name, id, k.answer(r, s.today()))
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, out)
	}
}

// caseAttachment downloads an attachment of a dispute or repair the caller
// sees, as a download, never rendered inline.
func caseAttachment[R any](s *Server, k caseKind[R]) echo.HandlerFunc {
	return func(c echo.Context) error {
		f, err := callerOf(c).CaseScope()
		if err != nil {
			return err
		}
		id, err := pathID(c, "id")
		if err != nil {
			return err
		}
		attID, err := pathID(c, "att_id")
		if err != nil {
			return err
		}
		ctx := c.Request().Context()
		if _, err := k.one(ctx, f, id); err != nil {
			return err
		}
		atts, err := s.db.Attachments(ctx, k.name, id)
		if err != nil {
			return err
		}
		for _, a := range atts {
			if a.ID != attID {
				continue
			}
			file, err := s.app.AttachmentFile(a)
			if err != nil {
				return err
			}
			defer file.Close()
			h := c.Response().Header()
			h.Set("Cache-Control", "no-store")
			h.Set(echo.HeaderContentDisposition, mime.FormatMediaType("attachment", map[string]string{"filename": a.Filename}))
			return c.Stream(http.StatusOK, a.ContentType, file)
		}
		return domain.NotFound("attachment")
	}
}
