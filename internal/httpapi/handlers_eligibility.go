package httpapi

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"integrity/internal/app"
	"integrity/internal/domain"
	"integrity/internal/eligibility"
	"integrity/internal/ingest"
)

type checkResponse struct {
	ID                 int64     `json:"id"`
	Purpose            string    `json:"purpose"`
	AsOf               string    `json:"as_of"`
	AssessmentYear     *int      `json:"assessment_year"`
	CreatedBy          string    `json:"created_by"`
	Origin             string    `json:"origin"`
	Filename           string    `json:"filename"`
	EligibilityVersion int       `json:"eligibility_version"`
	ScoringVersion     int       `json:"scoring_version"`
	InputDigest        string    `json:"input_digest"`
	Total              int       `json:"total"`
	Eligible           int       `json:"eligible"`
	Ineligible         int       `json:"ineligible"`
	NeedsReview        int       `json:"needs_review"`
	NotFound           int       `json:"not_found"`
	CreatedAt          time.Time `json:"created_at"`
}

func toCheck(c domain.EligibilityCheck) checkResponse {
	return checkResponse{ID: c.ID, Purpose: c.Purpose, AsOf: c.AsOf.Format(time.DateOnly), AssessmentYear: c.AssessmentYear, CreatedBy: c.CreatedBy, Origin: c.Origin,
		Filename: c.Filename, EligibilityVersion: c.EligibilityVersion, ScoringVersion: c.ScoringVersion, InputDigest: c.InputDigest,
		Total: c.Total, Eligible: c.Eligible, Ineligible: c.Ineligible, NeedsReview: c.NeedsReview, NotFound: c.NotFound, CreatedAt: c.CreatedAt}
}

// candidateHead is a candidate of a check or an opinion request: as named
// (row, input), as found, and the verdict with its reasons.
type candidateHead struct {
	Row            int                  `json:"row"`
	OfficialID     *int64               `json:"official_id"`
	Input          string               `json:"input"`
	Name           string               `json:"name"`
	DepartmentName string               `json:"department_name"`
	Verdict        string               `json:"verdict"`
	Reasons        []eligibility.Reason `json:"reasons"`
}

// headOf is a candidate's head, its stored reasons read.
func headOf(row int, officialID *int64, input, name, department, verdict, reasons string) candidateHead {
	return candidateHead{Row: row, OfficialID: officialID, Input: input, Name: name, DepartmentName: department, Verdict: verdict,
		Reasons: listOf[eligibility.Reason](reasons)}
}

// resultResponse is what a personnel user sees of one candidate: the
// verdict, its reasons (code, category, record code, dates) and the
// earliest eligible day; never a record's text or any other record.
type resultResponse struct {
	candidateHead
	EligibleFrom *string `json:"eligible_from"`
	// EligibleFromYear: a year-judged check's first assessment year no bar holds.
	EligibleFromYear *int       `json:"eligible_from_year"`
	Grade            string     `json:"grade"`
	Outcome          string     `json:"outcome"`
	OutcomeNote      string     `json:"outcome_note"`
	OutcomeBy        string     `json:"outcome_by"`
	OutcomeAt        *time.Time `json:"outcome_at"`
}

func toResult(r domain.EligibilityResult) resultResponse {
	return resultResponse{candidateHead: headOf(r.RowNo, r.OfficialID, r.InputRef, r.Name, r.DepartmentName, r.Verdict, r.Reasons),
		EligibleFrom: day(r.EligibleFrom), EligibleFromYear: r.EligibleFromYear, Grade: r.Grade, Outcome: r.Outcome, OutcomeNote: r.OutcomeNote,
		OutcomeBy: r.OutcomeBy, OutcomeAt: r.OutcomeAt}
}

// listOf reads a stored JSON list; never nil, so it answers [] when empty.
func listOf[T any](raw string) []T {
	out := []T{}
	if json.Unmarshal([]byte(raw), &out) != nil || out == nil {
		return []T{}
	}
	return out
}

func (s *Server) eligibilityPurposes(c echo.Context) error {
	p, err := s.app.EligibilityPolicy(c.Request().Context())
	return answer(c, p, err)
}

type checkRequest struct {
	Purpose     string   `json:"purpose"`
	AsOf        string   `json:"as_of"`
	OfficialIDs []int64  `json:"official_ids"`
	IDNumbers   []string `json:"id_numbers"`
	// AssessmentYear: a year-judged purpose (annual_excellent,
	// commendation) is judged for this year, whatever the check day.
	AssessmentYear *int `json:"assessment_year"`
}

// createCheck runs a check of candidates named in JSON (official_ids,
// id_numbers) or in an uploaded candidate list (multipart: purpose, as_of,
// file).
func (s *Server) createCheck(c echo.Context) error {
	by, err := callerOf(c).Checker()
	if err != nil {
		return err
	}
	in := app.CheckInput{Origin: domain.OriginAPI}
	var asOf string
	mt, _, _ := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	if mt == echo.MIMEMultipartForm {
		if in, asOf, err = s.candidateFile(c); err != nil {
			return err
		}
	} else {
		var req checkRequest
		if err := decode(c, &req); err != nil {
			return err
		}
		in.Purpose, asOf, in.AssessmentYear = req.Purpose, req.AsOf, req.AssessmentYear
		for i, id := range req.OfficialIDs {
			in.Candidates = append(in.Candidates, app.Candidate{Row: i + 1, OfficialID: id})
		}
		for i, n := range req.IDNumbers {
			id, err := domain.ValidateIDNumber(n, s.app.Now())
			if err != nil {
				return domain.Invalid("an ID number is not valid", domain.FieldError{Row: i + 1, Field: "id_numbers", Message: err.(*domain.Error).Fields[0].Message})
			}
			in.Candidates = append(in.Candidates, app.Candidate{Row: len(req.OfficialIDs) + i + 1, IDNumber: id})
		}
	}
	if asOf != "" {
		t, err := time.Parse(time.DateOnly, asOf)
		if err != nil {
			return domain.Invalid("as_of is not a date", domain.FieldError{Field: "as_of", Message: "YYYY-MM-DD"})
		}
		in.AsOf = &t
	}
	chk, results, err := s.app.CheckCandidates(c.Request().Context(), callerOf(c).Actor(), by, in)
	if err != nil {
		return err
	}
	out := make([]resultResponse, 0, len(results))
	for _, r := range results {
		out = append(out, toResult(r))
	}
	return c.JSON(http.StatusCreated, map[string]any{"check": toCheck(chk), "results": out})
}

// candidateFile reads a multipart check request: the purpose and as_of
// parts first, then the file, which is parsed as it streams.
func (s *Server) candidateFile(c echo.Context) (app.CheckInput, string, error) {
	in := app.CheckInput{Origin: domain.OriginFile}
	var asOf, year string
	cands, filename, err := s.candidateUpload(c, map[string]*string{"purpose": &in.Purpose, "as_of": &asOf, "assessment_year": &year})
	if err != nil {
		return in, "", err
	}
	in.Candidates, in.Filename = cands, filename
	if year != "" {
		y, err := strconv.Atoi(year)
		if err != nil {
			return in, "", domain.Invalid("assessment_year is not a year", domain.FieldError{Field: "assessment_year", Message: "a year such as 2025"})
		}
		in.AssessmentYear = &y
	}
	return in, asOf, nil
}

// candidateUpload reads a multipart request that names its candidates in a
// CSV or XLSX file (姓名, 身份证号码): the small parts first, each into the
// field its name maps to, then the file, parsed as it streams. A list with
// errors is refused as a whole, naming each row at fault.
func (s *Server) candidateUpload(c echo.Context, fields map[string]*string) ([]app.Candidate, string, error) {
	mr, err := c.Request().MultipartReader()
	if err != nil {
		return nil, "", domain.Invalid("malformed multipart body", domain.FieldError{Field: "file", Message: "malformed multipart body"})
	}
	for {
		part, err := mr.NextPart()
		if err != nil {
			return nil, "", domain.Invalid("no file was sent", domain.FieldError{Field: "file", Message: "send the other fields, then the candidate list as file"})
		}
		if dst, ok := fields[part.FormName()]; ok {
			*dst, _ = readSmall(part)
			continue
		}
		if part.FormName() != "file" {
			continue
		}
		list, probs, err := ingest.ReadCandidates(part, part.FileName(), app.MaxCandidates, s.app.Now())
		if err != nil {
			return nil, "", err
		}
		if len(probs) > 0 {
			fields := make([]domain.FieldError, 0, min(len(probs), 200))
			for _, p := range probs[:min(len(probs), 200)] {
				fields = append(fields, domain.FieldError{Row: p.Row, Field: p.Field, Message: p.Message})
			}
			return nil, "", domain.Invalid("the candidate list has errors: fix them and upload it again", fields...)
		}
		cands := make([]app.Candidate, 0, len(list))
		for _, cd := range list {
			cands = append(cands, app.Candidate{Row: cd.Row, IDNumber: cd.IDNumber, Name: cd.Name})
		}
		return cands, part.FileName(), nil
	}
}

func readSmall(part io.Reader) (string, error) {
	b, err := io.ReadAll(io.LimitReader(part, 64))
	return strings.TrimSpace(string(b)), err
}

func (s *Server) listChecks(c echo.Context) error {
	pg, err := page(c)
	if err != nil {
		return err
	}
	purpose := c.QueryParam("purpose")
	if len(purpose) > 32 {
		return domain.Invalid("purpose too long", domain.FieldError{Field: "purpose", Message: "at most 32 characters"})
	}
	rows, total, err := s.app.Checks(c.Request().Context(), callerOf(c), purpose, pg)
	return answerList(c, rows, total, err, toCheck)
}

func (s *Server) ownCheck(c echo.Context) (domain.CheckOwner, domain.EligibilityCheck, error) {
	by, err := callerOf(c).Checker()
	if err != nil {
		return domain.CheckOwner{}, domain.EligibilityCheck{}, err
	}
	id, err := pathID(c, "id")
	if err != nil {
		return by.Owner, domain.EligibilityCheck{}, err
	}
	chk, err := s.app.Check(c.Request().Context(), callerOf(c), id)
	return by.Owner, chk, err
}

func (s *Server) getCheck(c echo.Context) error {
	in := params(c)
	id, pg := in.id(), in.page()
	verdict := in.oneOf("verdict", eligibility.Eligible, eligibility.Ineligible, eligibility.NeedsReview, domain.NotFoundVerdict)
	if in.err != nil {
		return in.err
	}
	chk, rows, total, err := s.app.CheckResults(c.Request().Context(), callerOf(c), id, verdict, pg)
	return answer(c, map[string]any{"check": toCheck(chk), "results": each(rows, toResult), "total": total}, err)
}

func (s *Server) rerunCheck(c echo.Context) error {
	owner, chk, err := s.ownCheck(c)
	if err != nil {
		return err
	}
	r, err := s.app.RerunCheck(c.Request().Context(), callerOf(c).Actor(), owner, chk.ID)
	return answer(c, toRerun(r), err)
}

type outcomeRequest struct {
	Outcome string `json:"outcome"`
	Note    string `json:"note"`
}

func (s *Server) recordOutcome(c echo.Context) error {
	owner, chk, err := s.ownCheck(c)
	if err != nil {
		return err
	}
	row, err := strconv.Atoi(c.Param("row"))
	if err != nil || row < 1 {
		return domain.NotFound("result")
	}
	var req outcomeRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	r, err := s.app.RecordOutcome(c.Request().Context(), callerOf(c).Actor(), owner, chk.ID, row, req.Outcome, req.Note)
	return answer(c, toResult(r), err)
}

// outcomes reports what was done with verdicts about officials in the
// caller's scope over a period (?from=&to=, default the last year), by
// purpose, verdict and outcome: the application results Suqian reports.
func (s *Server) outcomes(c echo.Context) error {
	from, to, err := s.period(c, 1, 0)
	if err != nil {
		return err
	}
	counts, err := s.app.OutcomeCounts(c.Request().Context(), callerOf(c), from, to)
	return answer(c, map[string]any{"from": from, "to": to, "outcomes": domain.Outcomes, "counts": counts}, err)
}
