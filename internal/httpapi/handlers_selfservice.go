package httpapi

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"integrity/internal/app"
	"integrity/internal/domain"
	"integrity/internal/store"
)

// maxCaseBody bounds a dispute or repair upload (the policy limits each
// attachment and their number; this bounds the whole request).
const maxCaseBody = 64 << 20

// myOfficial is the official the signed-in user is (the official role);
// ENOTFOUND for an account linked to no official.
func myOfficial(c echo.Context) (int64, error) {
	p, err := mustPrincipal(c)
	if err != nil {
		return 0, err
	}
	if p.User.OfficialID == nil || !callerOf(c).allowed[domain.RoleOfficial] {
		return 0, domain.NotFound("official")
	}
	return *p.User.OfficialID, nil
}

// caseScope is whose disputes and repairs the caller sees: a data clerk
// their source's, an official their own.
func (s *Server) caseScope(c echo.Context) (store.CaseFilter, error) {
	if callerOf(c).allowed[domain.RoleDataClerk] {
		sub, err := s.submitter(c)
		return store.CaseFilter{SourceID: sub.Source.ID}, err
	}
	id, err := myOfficial(c)
	return store.CaseFilter{OfficialID: id}, err
}

func (s *Server) myFile(c echo.Context) error {
	id, err := myOfficial(c)
	if err != nil {
		return err
	}
	f, err := s.app.ReadMyFile(c.Request().Context(), s.actor(c, callerOf(c)), id)
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
	return c.JSON(http.StatusOK, map[string]any{"official": toOfficial(f.Official), "categories": groups, "record_count": len(f.Records),
		"score": f.Score, "warnings": warnings, "eligibility": f.Eligibility})
}

func (s *Server) myAccessLog(c echo.Context) error {
	id, err := myOfficial(c)
	if err != nil {
		return err
	}
	entries, err := s.app.AccessLog(c.Request().Context(), s.actor(c, callerOf(c)), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"items": entries, "total": len(entries)})
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
			switch x := v.(type) {
			case string:
				f.fields[k] = x
			case float64:
				f.fields[k] = strconv.FormatFloat(x, 'f', -1, 64)
			default:
				return domain.Invalid("a field has the wrong type", domain.FieldError{Field: k, Message: "a string or a number"})
			}
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
	Reason          string `json:"reason,omitempty"`
	Extended        bool   `json:"extended,omitempty"`
	ExtensionReason string `json:"extension_reason,omitempty"`
	NewVersion      int    `json:"new_version,omitempty"`
	// Repairs.
	Statement  string  `json:"statement,omitempty"`
	Commitment string  `json:"commitment,omitempty"`
	RepairedOn *string `json:"repaired_on,omitempty"`
}

func caseBase(id int64, r store.CaseRecord, recordID int64, state string, due time.Time, open bool, by string, at *time.Time, note string, created, today time.Time) caseResponse {
	return caseResponse{ID: id, Record: caseRecordResponse{ID: recordID, Category: r.RecordCategory, Code: r.RecordCode,
		DecisionDate: r.RecordDecisionDate.Format(time.DateOnly), DocumentNo: r.RecordDocumentNo, Version: r.RecordVersion},
		OfficialName: r.OfficialName, IDNumberMasked: r.IDNumberMasked, SourceName: r.SourceName, State: state, DueOn: due.Format(time.DateOnly),
		Overdue: open && due.Before(today), DecidedBy: by, DecidedAt: at, DecisionNote: note, CreatedAt: created, Attachments: []attachmentResponse{}}
}

func (s *Server) today() time.Time {
	n := s.db.Now()
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
}

func toDispute(d store.DisputeRow, today time.Time) caseResponse {
	r := caseBase(d.ID, d.CaseRecord, d.RecordID, d.State, d.DueOn, d.State == domain.DisputeOpen, d.DecidedBy, d.DecidedAt, d.DecisionNote, d.CreatedAt, today)
	r.Reason, r.Extended, r.ExtensionReason, r.NewVersion = d.Reason, d.Extended, d.ExtensionReason, d.NewVersion
	return r
}

func toRepair(rp store.RepairRow, today time.Time) caseResponse {
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
	official, err := myOfficial(c)
	if err != nil {
		return err
	}
	return s.readCase(c, []string{"record_id", "reason"}, func(f caseForm, ups []app.Upload) error {
		rec, err := f.id("record_id")
		if err != nil {
			return err
		}
		d, err := s.app.FileDispute(c.Request().Context(), s.actor(c, callerOf(c)), official, rec, f.fields["reason"], ups)
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

func (s *Server) listDisputes(c echo.Context) error {
	f, err := s.caseScope(c)
	if err != nil {
		return err
	}
	if f.Page, err = page(c); err != nil {
		return err
	}
	if f.State, err = oneOf(c, "state", domain.DisputeOpen, domain.DisputeCorrected, domain.DisputeRevoked, domain.DisputeUpheld); err != nil {
		return err
	}
	rows, total, err := s.db.Disputes(c.Request().Context(), f)
	if err != nil {
		return err
	}
	out := list[caseResponse]{Items: make([]caseResponse, 0, len(rows)), Total: total}
	for _, d := range rows {
		out.Items = append(out.Items, toDispute(d, s.today()))
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) getDispute(c echo.Context) error {
	f, err := s.caseScope(c)
	if err != nil {
		return err
	}
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	d, err := s.db.Dispute(c.Request().Context(), f, id)
	if err != nil {
		return err
	}
	out, err := s.withAttachments(c, "dispute", id, toDispute(d, s.today()))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

type extendRequest struct {
	Days   int    `json:"days"`
	Reason string `json:"reason"`
}

func (s *Server) extendDispute(c echo.Context) error {
	sub, err := s.submitter(c)
	if err != nil {
		return err
	}
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if _, err := s.db.Dispute(c.Request().Context(), store.CaseFilter{SourceID: sub.Source.ID}, id); err != nil {
		return err
	}
	var req extendRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	d, err := s.app.ExtendDispute(c.Request().Context(), s.actor(c, callerOf(c)), sub.Source.ID, id, req.Days, req.Reason)
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
	sub, err := s.submitter(c)
	if err != nil {
		return err
	}
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if _, err := s.db.Dispute(c.Request().Context(), store.CaseFilter{SourceID: sub.Source.ID}, id); err != nil {
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
	d, err := s.app.ResolveDispute(c.Request().Context(), s.actor(c, callerOf(c)), sub, id, req.Outcome, req.Note, corr)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toDispute(d, s.today()))
}

func (s *Server) createRepair(c echo.Context) error {
	official, err := myOfficial(c)
	if err != nil {
		return err
	}
	return s.readCase(c, []string{"record_id", "statement", "commitment"}, func(f caseForm, ups []app.Upload) error {
		rec, err := f.id("record_id")
		if err != nil {
			return err
		}
		rp, err := s.app.ApplyRepair(c.Request().Context(), s.actor(c, callerOf(c)), official, rec, f.fields["statement"], f.fields["commitment"], ups)
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

func (s *Server) listRepairs(c echo.Context) error {
	f, err := s.caseScope(c)
	if err != nil {
		return err
	}
	if f.Page, err = page(c); err != nil {
		return err
	}
	if f.State, err = oneOf(c, "state", domain.RepairPending, domain.RepairApproved, domain.RepairRejected); err != nil {
		return err
	}
	rows, total, err := s.db.Repairs(c.Request().Context(), f)
	if err != nil {
		return err
	}
	out := list[caseResponse]{Items: make([]caseResponse, 0, len(rows)), Total: total}
	for _, rp := range rows {
		out.Items = append(out.Items, toRepair(rp, s.today()))
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) getRepair(c echo.Context) error {
	f, err := s.caseScope(c)
	if err != nil {
		return err
	}
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	rp, err := s.db.Repair(c.Request().Context(), f, id)
	if err != nil {
		return err
	}
	out, err := s.withAttachments(c, "repair", id, toRepair(rp, s.today()))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

type decideRepairRequest struct {
	Approve    bool   `json:"approve"`
	Note       string `json:"note"`
	RepairedOn string `json:"repaired_on"`
}

func (s *Server) decideRepair(c echo.Context) error {
	sub, err := s.submitter(c)
	if err != nil {
		return err
	}
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if _, err := s.db.Repair(c.Request().Context(), store.CaseFilter{SourceID: sub.Source.ID}, id); err != nil {
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
	rp, err := s.app.DecideRepair(c.Request().Context(), s.actor(c, callerOf(c)), sub.Source.ID, id, req.Approve, req.Note, on)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toRepair(rp, s.today()))
}

// caseAttachment downloads an attachment of a dispute or repair the caller
// sees, as a download, never rendered inline.
func (s *Server) caseAttachment(kind string) echo.HandlerFunc {
	return func(c echo.Context) error {
		f, err := s.caseScope(c)
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
		if kind == "dispute" {
			_, err = s.db.Dispute(ctx, f, id)
		} else {
			_, err = s.db.Repair(ctx, f, id)
		}
		if err != nil {
			return err
		}
		atts, err := s.db.Attachments(ctx, kind, id)
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
