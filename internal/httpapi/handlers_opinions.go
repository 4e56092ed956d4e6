package httpapi

import (
	"mime"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"integrity/internal/app"
	"integrity/internal/domain"
	"integrity/internal/opinion"
)

// Integrity opinions (廉政意见回复): requests of the organisation department
// and the commission's signed replies.

type opinionResponse struct {
	ID         int64      `json:"id"`
	Purpose    string     `json:"purpose"`
	DocumentNo string     `json:"document_no"`
	Recipient  string     `json:"recipient"`
	Requester  string     `json:"requester"`
	DueOn      string     `json:"due_on"`
	Overdue    bool       `json:"overdue"`
	State      string     `json:"state"`
	Candidates int        `json:"candidates"`
	AsOf       *string    `json:"as_of"`
	DraftedBy  string     `json:"drafted_by"`
	Signers    []string   `json:"signers"`
	ReplyNo    string     `json:"reply_no"`
	RepliedAt  *time.Time `json:"replied_at"`
	CreatedAt  time.Time  `json:"created_at"`
}

func (s *Server) toOpinion(r domain.OpinionRequest) opinionResponse {
	out := opinionResponse{ID: r.ID, Purpose: r.Purpose, DocumentNo: r.DocumentNo, Recipient: r.Recipient, Requester: r.Requester,
		DueOn: r.DueOn.Format(time.DateOnly), State: r.State, Candidates: r.Candidates, AsOf: day(r.AsOf), DraftedBy: r.DraftedBy,
		Signers: []string{}, ReplyNo: r.ReplyNo, RepliedAt: r.RepliedAt, CreatedAt: r.CreatedAt}
	out.Overdue = r.Overdue(s.app.Today())
	for _, n := range []string{r.Signer1, r.Signer2} {
		if n != "" {
			out.Signers = append(out.Signers, n)
		}
	}
	return out
}

type opinionCandidateResponse struct {
	candidateHead
	Matters          []opinion.Matter `json:"matters"`
	Proposed         string           `json:"proposed"`
	Conclusion       string           `json:"conclusion"`
	ConclusionReason string           `json:"conclusion_reason"`
	EditedBy         string           `json:"edited_by"`
	EditedAt         *time.Time       `json:"edited_at"`
}

func toOpinionCandidate(c domain.OpinionCandidate) opinionCandidateResponse {
	return opinionCandidateResponse{candidateHead: headOf(c.RowNo, c.OfficialID, c.InputRef, c.Name, c.DepartmentName, c.Verdict, c.Reasons),
		Matters: listOf[opinion.Matter](c.Matters), Proposed: c.Proposed, Conclusion: c.Conclusion, ConclusionReason: c.ConclusionReason,
		EditedBy: c.EditedBy, EditedAt: c.EditedAt}
}

type opinionDetail struct {
	Request    opinionResponse            `json:"request"`
	Candidates []opinionCandidateResponse `json:"candidates"`
}

func (s *Server) answerOpinion(c echo.Context, status int, r domain.OpinionRequest, cands []domain.OpinionCandidate, err error) error {
	if err != nil {
		return err
	}
	return c.JSON(status, opinionDetail{Request: s.toOpinion(r), Candidates: each(cands, toOpinionCandidate)})
}

type opinionPurposeResponse struct {
	Key          string `json:"key"`
	Zh           string `json:"zh"`
	En           string `json:"en"`
	Confidential bool   `json:"confidential"`
}

type opinionConfigResponse struct {
	Purposes       []opinionPurposeResponse `json:"purposes"`
	MaxCandidates  int                      `json:"max_candidates"`
	DueWorkingDays int                      `json:"due_working_days"`
	Signatures     int                      `json:"signatures"`
}

// opinionConfig answers what a request form and a reply need of the policy.
func (s *Server) opinionConfig(c echo.Context) error {
	purposes, op, err := s.app.OpinionConfig(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, opinionConfigResponse{MaxCandidates: op.MaxCandidates, DueWorkingDays: op.DueWorkingDays, Signatures: op.Signatures,
		Purposes: each(purposes, func(p app.OpinionPurpose) opinionPurposeResponse {
			return opinionPurposeResponse{Key: p.Key, Zh: p.Zh, En: p.En, Confidential: p.Confidential}
		})})
}

type opinionRequestBody struct {
	Purpose     string  `json:"purpose"`
	DocumentNo  string  `json:"document_no"`
	DueOn       string  `json:"due_on"`
	OfficialIDs []int64 `json:"official_ids"`
	Candidates  []struct {
		Name     string `json:"name"`
		IDNumber string `json:"id_number"`
	} `json:"candidates"`
}

// createOpinion sends a request for integrity opinions: candidates by
// official id (picked from the registry) or by name and ID number, in JSON,
// or as a CSV or XLSX list (multipart: purpose, document_no, due_on, file).
func (s *Server) createOpinion(c echo.Context) error {
	var req opinionRequestBody
	var in app.OpinionInput
	mt, _, _ := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	if mt == echo.MIMEMultipartForm {
		cands, _, err := s.candidateUpload(c, map[string]*string{"purpose": &req.Purpose, "document_no": &req.DocumentNo, "due_on": &req.DueOn})
		if err != nil {
			return err
		}
		in.Candidates = cands
	} else if err := decode(c, &req); err != nil {
		return err
	}
	in.Purpose, in.DocumentNo = req.Purpose, req.DocumentNo
	if req.DueOn != "" {
		t, err := time.Parse(time.DateOnly, req.DueOn)
		if err != nil {
			return domain.Invalid("due_on is not a date", domain.FieldError{Field: "due_on", Message: "YYYY-MM-DD"})
		}
		in.DueOn = &t
	}
	for i, id := range req.OfficialIDs {
		in.Candidates = append(in.Candidates, app.Candidate{Row: i + 1, OfficialID: id})
	}
	for i, cd := range req.Candidates {
		id, err := domain.ValidateIDNumber(cd.IDNumber, s.app.Now())
		if err != nil {
			return domain.Invalid("an ID number is not valid", domain.FieldError{Row: len(req.OfficialIDs) + i + 1, Field: "candidates.id_number",
				Message: err.(*domain.Error).Fields[0].Message})
		}
		in.Candidates = append(in.Candidates, app.Candidate{Row: len(req.OfficialIDs) + i + 1, IDNumber: id, Name: cd.Name})
	}
	r, cands, err := s.app.CreateOpinion(c.Request().Context(), callerOf(c), in)
	return s.answerOpinion(c, http.StatusCreated, r, cands, err)
}

// listOpinions answers a requester's own requests, or the commission's
// inbox (?state=), open ones first by due day.
func (s *Server) listOpinions(c echo.Context) error {
	in := params(c)
	state := in.oneOf("state", domain.OpinionSent, domain.OpinionDrafted, domain.OpinionSigning, domain.OpinionReplied)
	since := in.time("replied_since")
	p := in.page()
	if in.err != nil {
		return in.err
	}
	rows, total, err := s.app.Opinions(c.Request().Context(), callerOf(c), state, since, p)
	return answerList(c, rows, total, err, s.toOpinion)
}

func (s *Server) getOpinion(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	r, cands, err := s.app.Opinion(c.Request().Context(), callerOf(c), id)
	return s.answerOpinion(c, http.StatusOK, r, cands, err)
}

// idAndEmptyBody reads the path's :id and a body that must be {}.
func idAndEmptyBody(c echo.Context) (int64, error) {
	in := params(c)
	id := in.id()
	in.body(&struct{}{})
	return id, in.err
}

func (s *Server) draftOpinion(c echo.Context) error {
	id, err := idAndEmptyBody(c)
	if err != nil {
		return err
	}
	r, cands, err := s.app.DraftOpinion(c.Request().Context(), callerOf(c), id)
	return s.answerOpinion(c, http.StatusOK, r, cands, err)
}

// setConclusion changes one candidate's conclusion, with the reason why it
// differs from the draft.
func (s *Server) setConclusion(c echo.Context) error {
	in := params(c)
	id, row := in.id(), in.path("row")
	var req struct {
		Conclusion string `json:"conclusion"`
		Reason     string `json:"reason"`
	}
	in.body(&req)
	if in.err != nil {
		return in.err
	}
	cand, err := s.app.SetConclusion(c.Request().Context(), callerOf(c), id, int(row), req.Conclusion, req.Reason)
	return answer(c, toOpinionCandidate(cand), err)
}

func (s *Server) signOpinion(c echo.Context) error {
	id, err := idAndEmptyBody(c)
	if err != nil {
		return err
	}
	r, err := s.app.SignOpinion(c.Request().Context(), callerOf(c), id)
	return answer(c, s.toOpinion(r), err)
}

type replyResponse struct {
	Request opinionResponse  `json:"request"`
	Content app.ReplyContent `json:"content"`
	Code    string           `json:"code"`
}

// opinionReply answers the reply as sent, with its verification code.
func (s *Server) opinionReply(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	r, content, err := s.app.OpinionReply(c.Request().Context(), callerOf(c), id)
	if err != nil {
		return err
	}
	code := ""
	if r.ReplyCode != nil {
		code = *r.ReplyCode
	}
	return c.JSON(http.StatusOK, replyResponse{Request: s.toOpinion(r), Content: content, Code: code})
}
