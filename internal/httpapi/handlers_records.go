package httpapi

import (
	"io"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"integrity/internal/app"
	"integrity/internal/catalogue"
	"integrity/internal/domain"
	"integrity/internal/ingest"
	"integrity/internal/msgs"
)

// scopedID reads the caller's record scope and the path id together.
func (s *Server) scopedID(c echo.Context) (src, id int64, err error) {
	if src, err = callerOf(c).RecordSource(); err != nil {
		return 0, 0, err
	}
	id, err = pathID(c, "id")
	return src, id, err
}

type recordsRequest struct {
	Records []ingest.RecordInput `json:"records"`
}

func (s *Server) submitRecords(c echo.Context) error {
	sub, err := callerOf(c).Submitter()
	if err != nil {
		return err
	}
	var req recordsRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	results, err := s.app.SubmitRecords(c.Request().Context(), callerOf(c).Actor(), sub, req.Records)
	if err != nil {
		return err
	}
	status := http.StatusOK
	for _, r := range results {
		if r.Outcome == domain.WriteCreated {
			status = http.StatusCreated
		}
	}
	return c.JSON(status, map[string]any{"results": results})
}

// recordContent is what one version of a record says: the decision, its
// period and its state. A record and each of its earlier versions carry it.
type recordContent struct {
	Code          string  `json:"code"`
	DecisionDate  string  `json:"decision_date"`
	EffectiveDate string  `json:"effective_date"`
	PeriodMonths  *int    `json:"period_months"`
	EndedOn       *string `json:"ended_on"`
	ActRef        string  `json:"act_ref"`
	DocumentNo    string  `json:"document_no"`
	Authority     string  `json:"authority"`
	Summary       string  `json:"summary"`
	State         string  `json:"state"`
	StateReason   string  `json:"state_reason"`
}

type recordResponse struct {
	ID             int64  `json:"id"`
	OfficialID     int64  `json:"official_id"`
	OfficialName   string `json:"official_name"`
	IDNumberMasked string `json:"id_number_masked"`
	SourceID       int64  `json:"source_id"`
	SourceName     string `json:"source_name"`
	SourceRef      string `json:"source_ref"`
	Category       string `json:"category"`
	recordContent
	AssessmentYear *int              `json:"assessment_year"`
	UnderDispute   bool              `json:"under_dispute"`
	RepairedOn     *string           `json:"repaired_on"`
	Version        int               `json:"version"`
	CreatedAt      time.Time         `json:"created_at"`
	UpdatedAt      time.Time         `json:"updated_at"`
	History        []versionOfRecord `json:"history,omitempty"`
}

type versionOfRecord struct {
	Version int `json:"version"`
	recordContent
	ChangedBy    string    `json:"changed_by"`
	ChangeReason string    `json:"change_reason"`
	ChangedAt    time.Time `json:"changed_at"`
}

func day(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := t.Format("2006-01-02")
	return &s
}

// contentOf is what a version of a record says; effective is its effective
// date, or nil for the decision date.
func contentOf(code string, decided time.Time, effective *time.Time, period *int, ended *time.Time, actRef, documentNo, authority, summary,
	state, reason string) recordContent {
	if effective == nil {
		effective = &decided
	}
	return recordContent{Code: code, DecisionDate: decided.Format(time.DateOnly), EffectiveDate: effective.Format(time.DateOnly),
		PeriodMonths: period, EndedOn: day(ended), ActRef: actRef, DocumentNo: documentNo, Authority: authority, Summary: summary,
		State: state, StateReason: reason}
}

func toRecord(r domain.RecordRow, history []domain.RecordVersion) recordResponse {
	out := recordResponse{ID: r.ID, OfficialID: r.OfficialID, OfficialName: r.OfficialName, IDNumberMasked: r.IDNumberMasked,
		SourceID: r.SourceID, SourceName: r.SourceName, SourceRef: r.SourceRef, Category: r.Category,
		recordContent: contentOf(r.Code, r.DecisionDate, r.EffectiveDate, r.PeriodMonths, r.EndedOn, r.ActRef, r.DocumentNo, r.Authority,
			r.Summary, r.State, r.StateReason),
		AssessmentYear: r.AssessmentYear, UnderDispute: r.UnderDispute, RepairedOn: day(r.RepairedOn), Version: r.Version,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	for _, v := range history {
		out.History = append(out.History, versionOfRecord{Version: v.Version,
			recordContent: contentOf(v.Code, v.DecisionDate, v.EffectiveDate, v.PeriodMonths, v.EndedOn, v.ActRef, v.DocumentNo, v.Authority,
				v.Summary, v.State, v.StateReason),
			ChangedBy: v.ChangedBy, ChangeReason: v.ChangeReason, ChangedAt: v.CreatedAt})
	}
	return out
}

// recordFilter reads the records list's filters (its export's too).
func recordFilter(c echo.Context) (domain.RecordFilter, error) {
	in := params(c)
	f := domain.RecordFilter{Page: in.sorted(in.page(), "decision_date", "id"), OfficialID: in.int("official_id"), State: in.oneOf("state", domain.RecordActive, domain.RecordRevoked),
		Category: c.QueryParam("category"), Code: c.QueryParam("code"), SourceRef: c.QueryParam("source_ref")}
	return f, in.err
}

func (s *Server) listRecords(c echo.Context) error {
	f, err := recordFilter(c)
	if err != nil {
		return err
	}
	rows, total, err := s.app.Records(c.Request().Context(), callerOf(c), f)
	return answerList(c, rows, total, err, func(r domain.RecordRow) recordResponse { return toRecord(r, nil) })
}

func (s *Server) getRecord(c echo.Context) error {
	in := params(c)
	id := in.id()
	if in.err != nil {
		return in.err
	}
	r, h, err := s.app.Record(c.Request().Context(), callerOf(c), id)
	return answer(c, toRecord(r, h), err)
}

type revokeRequest struct {
	Reason string `json:"reason"`
}

func (s *Server) revokeRecord(c echo.Context) error {
	src, id, err := s.scopedID(c)
	if err != nil {
		return err
	}
	var req revokeRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if _, err := s.app.RevokeRecord(c.Request().Context(), callerOf(c).Actor(), src, id, req.Reason); err != nil {
		return err
	}
	return s.getRecord(c)
}

type fileCategory struct {
	Key     string           `json:"key"`
	Zh      string           `json:"zh"`
	En      string           `json:"en"`
	Records []recordResponse `json:"records"`
}

// officialFile answers the integrity file: the whole file for an
// administrator, a source's own records for a data clerk, and for
// discipline staff only what an approved lookup opens.
func (s *Server) officialFile(c echo.Context) error {
	cl := callerOf(c)
	if !cl.Is(domain.RoleAdmin) && !cl.Is(domain.RoleDataClerk) && cl.Is(domain.RoleDisciplineStaff) {
		id, err := pathID(c, "id")
		if err != nil {
			return err
		}
		return s.lookupFile(c, id)
	}
	src, id, err := s.scopedID(c)
	if err != nil {
		return err
	}
	f, err := s.app.ReadFile(c.Request().Context(), cl.Actor(), callerOf(c).Scope(), src, id)
	if err != nil {
		return err
	}
	out, err := s.fileGroups(c, f)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	body := map[string]any{"official": toOfficial(f.Official), "categories": out, "record_count": len(f.Records)}
	if f.Score != nil {
		body["score"] = toScore(*f.Score)
		if body["warnings"], err = s.fileWarnings(c, id); err != nil {
			return err
		}
	}
	return c.JSON(http.StatusOK, body)
}

// fileGroups groups a file's records by catalogue category, in catalogue
// order, leaving out empty categories.
func (s *Server) fileGroups(c echo.Context, f app.File) ([]fileCategory, error) {
	cat, err := s.app.Catalogue(c.Request().Context())
	if err != nil {
		return nil, err
	}
	groups := map[string][]recordResponse{}
	for _, r := range f.Records {
		groups[r.Category] = append(groups[r.Category], toRecord(r, f.History[r.ID]))
	}
	out := []fileCategory{}
	for _, k := range cat.Categories {
		if recs := groups[k.Key]; len(recs) > 0 {
			out = append(out, fileCategory{Key: k.Key, Zh: k.Zh, En: k.En, Records: recs})
		}
	}
	return out, nil
}

func (s *Server) getCatalogue(c echo.Context) error {
	cat, err := s.app.Catalogue(c.Request().Context())
	return answer(c, cat, err)
}

func (s *Server) addCode(c echo.Context) error {
	var k catalogue.Code
	if err := decode(c, &k); err != nil {
		return err
	}
	if err := s.app.AddCode(c.Request().Context(), callerOf(c).Actor(), k); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, k)
}

// --- imports ---

type importResponse struct {
	ID        int64  `json:"id"`
	SourceID  int64  `json:"source_id"`
	Filename  string `json:"filename"`
	Format    string `json:"format"`
	DryRun    bool   `json:"dry_run"`
	Status    string `json:"status"`
	Total     int    `json:"total"`
	Accepted  int    `json:"accepted"`
	Rejected  int    `json:"rejected"`
	Created   int    `json:"created"`
	Updated   int    `json:"updated"`
	Unchanged int    `json:"unchanged"`
	progress
	Errors     []domain.FieldError `json:"errors,omitempty"`
	ErrorCount int                 `json:"error_count"`
}

func toImport(im domain.Import) importResponse {
	r := importResponse{ID: im.ID, SourceID: im.SourceID, Filename: im.Filename, Format: im.Format, DryRun: im.DryRun,
		Status: im.Status, Total: im.Total, Accepted: im.Accepted, Rejected: im.Rejected, Created: im.Created,
		Updated: im.Updated, Unchanged: im.Unchanged,
		progress: progressOf(im.ReadBytes, im.SizeBytes, im.Status == domain.ImportDone, im.Message, im.CreatedBy, im.CreatedAt, im.FinishedAt)}
	return r
}

// startImport takes a multipart upload ("file", and "dry_run" before it or
// ?dry_run=true), streaming the file to disk without holding it in memory.
func (s *Server) startImport(c echo.Context) error {
	sub, err := callerOf(c).Submitter()
	if err != nil {
		return err
	}
	return withUpload(c, func(name string, dryRun bool, file io.Reader) error {
		im, err := s.app.StartImport(c.Request().Context(), callerOf(c).Actor(), sub, name, dryRun, file)
		if err != nil {
			return err
		}
		s.app.KickImports()
		return c.JSON(http.StatusAccepted, toImport(im))
	})
}

// withUpload reads a multipart upload of one file: an optional part
// dry_run (or ?dry_run=true), then the part named file, which it hands to
// use as it streams, with its name and whether this is a dry run.
func withUpload(c echo.Context, use func(name string, dryRun bool, file io.Reader) error) error {
	mt, _, _ := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	if mt != echo.MIMEMultipartForm {
		return domain.Invalid("upload the file as multipart/form-data", domain.FieldError{Field: "file", Message: "send multipart/form-data with a file part"})
	}
	dryRun := c.QueryParam("dry_run") == "true" || c.QueryParam("dry_run") == "1"
	mr, err := c.Request().MultipartReader()
	if err != nil {
		return domain.Invalid("malformed multipart body", domain.FieldError{Field: "file", Message: "malformed multipart body"})
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return domain.Invalid("no file was sent", domain.FieldError{Field: "file", Message: "required"})
		}
		if err != nil {
			return domain.Invalid("malformed multipart body", domain.FieldError{Field: "file", Message: "malformed multipart body"})
		}
		switch part.FormName() {
		case "dry_run":
			v, _ := readSmall(part)
			dryRun = v == "true" || v == "1"
		case "file":
			return use(part.FileName(), dryRun, part)
		}
	}
}

func (s *Server) getImport(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	im, errs, n, err := s.app.Import(c.Request().Context(), callerOf(c), id, 200)
	if err != nil {
		return err
	}
	r := toImport(im)
	r.Errors, r.ErrorCount = make([]domain.FieldError, 0, len(errs)), n
	say := readerLanguage(c)
	for _, e := range errs {
		p := domain.FieldError{Row: e.RowNo, Field: e.Field, Message: say(e.Message)}
		if k, ok := msgs.Key(e.Message); ok { // the stable key, for a client to say it in its own language
			p.Key, p.Params = k.Key, k.Params
		}
		r.Errors = append(r.Errors, p)
	}
	return c.JSON(http.StatusOK, r)
}

// readerLanguage says a stored problem message in the reader's language:
// Chinese when Accept-Language asks for it (as far as the message table
// knows the message), else as written.
func readerLanguage(c echo.Context) func(string) string {
	if msgs.WantsChinese(c.Request().Header.Get("Accept-Language")) {
		return msgs.Chinese
	}
	return func(s string) string { return s }
}

func (s *Server) listImports(c echo.Context) error {
	in := params(c)
	status := in.oneOf("status", domain.ImportQueued, domain.ImportRunning, domain.ImportDone, domain.ImportFailed)
	pg := in.page()
	if in.err != nil {
		return in.err
	}
	items, total, err := s.app.Imports(c.Request().Context(), callerOf(c), status, pg)
	return answerList(c, items, total, err, toImport)
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

func (s *Server) importErrorReport(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	ctx, cl := c.Request().Context(), callerOf(c)
	if _, _, _, err := s.app.Import(ctx, cl, id, 0); err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentType, xlsxType)
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="import-errors.xlsx"`)
	c.Response().WriteHeader(http.StatusOK)
	say := readerLanguage(c)
	return ingest.WriteErrorReport(c.Response(), func(yield func(ingest.FieldProblem) bool) {
		_ = s.app.EachImportError(ctx, cl, id, func(e domain.ImportError) bool {
			return yield(ingest.FieldProblem{Row: e.RowNo, Field: e.Field, Message: say(e.Message)})
		})
	})
}

func (s *Server) importTemplate(c echo.Context) error {
	cat, err := s.app.Catalogue(c.Request().Context())
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentType, xlsxType)
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="records-template.xlsx"`)
	c.Response().WriteHeader(http.StatusOK)
	return ingest.WriteTemplate(c.Response(), cat)
}

// officialScore answers an official's score as of a day (default today) with
// the item-by-item explanation and the history for a step chart; under a
// past published policy version (policy_version) and on the file as known
// at the end of a past day (known_at), it reproduces an answer given then.
func (s *Server) officialScore(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	asOf := s.app.Now()
	if t, err := queryTime(c, "as_of"); err != nil {
		return err
	} else if t != nil {
		asOf = *t
	}
	if asOf.Year() < 1950 || asOf.After(s.app.Now().AddDate(10, 0, 0)) {
		return domain.Invalid("as_of out of range", domain.FieldError{Field: "as_of", Message: "between 1950 and ten years from now"})
	}
	q := app.ScoreQuery{AsOf: asOf}
	if v := c.QueryParam("policy_version"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return domain.Invalid("policy_version is not a version", domain.FieldError{Field: "policy_version", Message: "a published version number, 1 or more"})
		}
		q.PolicyVersion = n
	}
	if t, err := queryTime(c, "known_at"); err != nil {
		return err
	} else if t != nil {
		if t.Year() < 1950 || t.After(s.app.Now()) {
			return domain.Invalid("known_at out of range", domain.FieldError{Field: "known_at", Message: "a past day, not before 1950"})
		}
		q.KnownAt = t
	}
	d, err := s.app.Score(c.Request().Context(), callerOf(c).Actor(), callerOf(c).Scope(), id, q)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, toScore(d))
}
