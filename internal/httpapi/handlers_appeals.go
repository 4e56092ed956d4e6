package httpapi

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"integrity/internal/app"
	"integrity/internal/domain"
)

// appealResponse is a review or appeal of a sanction (复审, 复核, 申诉) with
// what a list shows of its record (as it stands now) and official.
type appealResponse struct {
	ID                 int64      `json:"id"`
	RecordID           int64      `json:"record_id"`
	OfficialID         int64      `json:"official_id"`
	OfficialName       string     `json:"official_name"`
	IDNumberMasked     string     `json:"id_number_masked"`
	RecordCategory     string     `json:"record_category"`
	RecordCode         string     `json:"record_code"`
	RecordDecisionDate string     `json:"record_decision_date"`
	Kind               string     `json:"kind"`
	FiledOn            string     `json:"filed_on"`
	Authority          string     `json:"authority"`
	Reason             string     `json:"reason"`
	State              string     `json:"state"`
	DueOn              string     `json:"due_on"`
	Overdue            bool       `json:"overdue"`
	Outcome            string     `json:"outcome"`
	DecidedOn          *string    `json:"decided_on"`
	NewCode            string     `json:"new_code"`
	NewPeriodMonths    *int       `json:"new_period_months"`
	DocumentNo         string     `json:"document_no"`
	DecisionNote       string     `json:"decision_note"`
	RecordVersion      int        `json:"record_version"`
	CreatedBy          string     `json:"created_by"`
	DecidedBy          string     `json:"decided_by"`
	DecidedAt          *time.Time `json:"decided_at"`
	CreatedAt          time.Time  `json:"created_at"`
}

// toAppeal answers a review or appeal, overdue as app says.
func (s *Server) toAppeal(a domain.AppealRow) appealResponse { return appealOut(a, s.app.Overdue(a)) }

func appealOut(a domain.AppealRow, overdue bool) appealResponse {
	return appealResponse{ID: a.ID, RecordID: a.RecordID, OfficialID: a.OfficialID, OfficialName: a.OfficialName, IDNumberMasked: a.IDNumberMasked,
		RecordCategory: a.RecordCategory, RecordCode: a.RecordCode, RecordDecisionDate: a.RecordDecisionDate.Format(time.DateOnly),
		Kind: a.Kind, FiledOn: a.FiledOn.Format(time.DateOnly), Authority: a.Authority, Reason: a.Reason, State: a.State,
		DueOn: a.DueOn.Format(time.DateOnly), Overdue: overdue, Outcome: a.Outcome, DecidedOn: day(a.DecidedOn),
		NewCode: a.NewCode, NewPeriodMonths: a.NewPeriod, DocumentNo: a.DocumentNo, DecisionNote: a.DecisionNote,
		RecordVersion: a.RecordVersion, CreatedBy: a.CreatedBy, DecidedBy: a.DecidedBy, DecidedAt: a.DecidedAt, CreatedAt: a.CreatedAt}
}

type appealRequest struct {
	RecordID  int64  `json:"record_id"`
	Kind      string `json:"kind"`
	FiledOn   string `json:"filed_on"`
	Authority string `json:"authority"`
	Reason    string `json:"reason"`
}

func (s *Server) createAppeal(c echo.Context) error {
	sub, err := callerOf(c).Submitter()
	if err != nil {
		return err
	}
	return write(c, http.StatusCreated, func(req appealRequest) (appealResponse, error) {
		ap, err := s.app.FileAppeal(c.Request().Context(), callerOf(c).Actor(), sub, app.AppealInput{RecordID: req.RecordID,
			Kind: req.Kind, FiledOn: req.FiledOn, Authority: req.Authority, Reason: req.Reason})
		return s.toAppeal(ap), err
	})
}

type decideAppealRequest struct {
	Outcome         string `json:"outcome"`
	DecidedOn       string `json:"decided_on"`
	DocumentNo      string `json:"document_no"`
	Note            string `json:"note"`
	NewCode         string `json:"new_code"`
	NewPeriodMonths *int   `json:"new_period_months"`
}

func (s *Server) decideAppeal(c echo.Context) error {
	sub, err := callerOf(c).Submitter()
	if err != nil {
		return err
	}
	return writeID(c, func(id int64, req decideAppealRequest) (appealResponse, error) {
		ap, err := s.app.DecideAppeal(c.Request().Context(), callerOf(c).Actor(), sub, id, app.AppealDecision{Outcome: req.Outcome,
			DecidedOn: req.DecidedOn, DocumentNo: req.DocumentNo, Note: req.Note, NewCode: req.NewCode, NewPeriodMonths: req.NewPeriodMonths})
		return s.toAppeal(ap), err
	})
}

// appealScope is whose reviews and appeals the caller sees: a data clerk
// their source's, an official their own.

func (s *Server) listAppeals(c echo.Context) error {
	f, err := callerOf(c).AppealScope()
	if err != nil {
		return err
	}
	in := params(c)
	f.Page, f.State = in.page(), in.oneOf("state", domain.AppealOpen, domain.AppealDecided)
	f.Kind, f.RecordID = in.oneOf("kind", domain.AppealKinds...), in.int("record_id")
	official := in.int("official_id")
	if in.err != nil {
		return in.err
	}
	switch {
	case f.OfficialID != 0 && official != 0 && official != f.OfficialID:
		return c.JSON(http.StatusOK, list[appealResponse]{Items: []appealResponse{}}) // an official's own: nobody else's
	case official != 0:
		f.OfficialID = official
	}
	rows, total, err := s.app.Appeals(c.Request().Context(), callerOf(c).Actor(), f)
	return answerList(c, rows, total, err, s.toAppeal)
}

func (s *Server) getAppeal(c echo.Context) error {
	f, err := callerOf(c).AppealScope()
	if err != nil {
		return err
	}
	in := params(c)
	id := in.id()
	if in.err != nil {
		return in.err
	}
	ap, err := s.app.Appeal(c.Request().Context(), callerOf(c).Actor(), f, id)
	return answer(c, s.toAppeal(ap), err)
}
