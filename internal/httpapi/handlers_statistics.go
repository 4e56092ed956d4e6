package httpapi

import (
	"time"

	"github.com/labstack/echo/v4"

	"integrity/internal/app"
	"integrity/internal/domain"
)

// The four forms in numbers (四种形态统计) and a unit's picture (单位画像).

type formFigure struct {
	Form      int     `json:"form"`
	Handlings int64   `json:"handlings"`
	People    int64   `json:"people"`
	Share     float64 `json:"share"`
}

type formsBucket struct {
	Period    string  `json:"period"`
	Handlings []int64 `json:"handlings"`
}

type unitForms struct {
	ID        int64   `json:"id"`
	Name      string  `json:"name"`
	NameEn    string  `json:"name_en"`
	Own       bool    `json:"own"`
	Handlings []int64 `json:"handlings"`
	Total     int64   `json:"total"`
}

type formsResponse struct {
	Unit      departmentResponse `json:"unit"`
	From      string             `json:"from"`
	To        string             `json:"to"`
	Group     string             `json:"group"`
	Forms     []formFigure       `json:"forms"`
	Handlings int64              `json:"handlings"`
	People    int64              `json:"people"`
	Trend     []formsBucket      `json:"trend"`
	Units     []unitForms        `json:"units"`
}

func toFormFigure(f app.FormFigure) formFigure {
	return formFigure{Form: f.Form, Handlings: f.Handlings, People: f.People, Share: f.Share}
}

func toForms(r app.FormsReport) formsResponse {
	return formsResponse{Unit: toDepartment(r.Unit), From: r.From.Format(time.DateOnly), To: r.To.Format(time.DateOnly), Group: r.Group,
		Forms: each(r.Forms, toFormFigure), Handlings: r.Handlings, People: r.People,
		Trend: each(r.Trend, func(b app.FormsBucket) formsBucket { return formsBucket{Period: b.Period, Handlings: b.Handlings[:]} }),
		Units: each(r.Units, func(u app.UnitForms) unitForms {
			return unitForms{ID: u.Department.ID, Name: u.Department.Name, NameEn: u.Department.NameEn, Own: u.Own, Handlings: u.Handlings[:], Total: u.Total}
		})}
}

// formsQuery reads ?department_id= (the unit; default the caller's widest),
// ?from= and ?to= (dates, to exclusive; default this calendar year) and
// ?group= (quarter by default, month or year).
func (s *Server) formsQuery(in *reader) app.FormsQuery {
	today := s.app.Today()
	q := app.FormsQuery{UnitID: in.int("department_id"), From: time.Date(today.Year(), 1, 1, 0, 0, 0, 0, time.UTC),
		To: time.Date(today.Year()+1, 1, 1, 0, 0, 0, 0, time.UTC), Group: in.oneOf("group", app.GroupQuarter, app.GroupMonth, app.GroupYear)}
	if t := in.time("from"); t != nil {
		q.From = *t
	}
	if t := in.time("to"); t != nil {
		q.To = *t
	}
	if q.Group == "" {
		q.Group = app.GroupQuarter
	}
	if in.err == nil && (!q.From.Before(q.To) || q.To.Sub(q.From) > 3660*24*time.Hour) {
		in.err = domain.Invalid("the period is out of range", domain.FieldError{Field: "from", Message: "from must come before to, at most ten years apart"})
	}
	return q
}

// formsOf reads the four forms the query parameters ask for.
func (s *Server) formsOf(c echo.Context) (app.FormsReport, error) {
	in := params(c)
	q := s.formsQuery(in)
	if in.err != nil {
		return app.FormsReport{}, in.err
	}
	return s.app.FourForms(c.Request().Context(), callerOf(c), q)
}

// fourForms answers the four forms of a unit and period.
func (s *Server) fourForms(c echo.Context) error {
	r, err := s.formsOf(c)
	return answer(c, toForms(r), err)
}

type formRecordResponse struct {
	RecordID       int64  `json:"record_id"`
	OfficialID     int64  `json:"official_id"`
	OfficialName   string `json:"official_name"`
	IDNumberMasked string `json:"id_number_masked"`
	DepartmentID   int64  `json:"department_id"`
	DepartmentName string `json:"department_name"`
	Category       string `json:"category"`
	Code           string `json:"code"`
	Form           int    `json:"form"`
	DecisionDate   string `json:"decision_date"`
	DocumentNo     string `json:"document_no"`
	Authority      string `json:"authority"`
}

func toFormRecord(r domain.FormRecord) formRecordResponse {
	return formRecordResponse{RecordID: r.RecordID, OfficialID: r.OfficialID, OfficialName: r.OfficialName, IDNumberMasked: r.IDNumberMasked,
		DepartmentID: r.DepartmentID, DepartmentName: r.DepartmentName, Category: r.Category, Code: r.Code, Form: r.Form,
		DecisionDate: r.DecisionDate.Format(time.DateOnly), DocumentNo: r.DocumentNo, Authority: r.Authority}
}

// formRecords answers the records behind a figure: ?form= (1 to 4; every
// form when absent) and ?within= (a department below the unit).
func (s *Server) formRecords(c echo.Context) error {
	in := params(c)
	q := app.FormRecordsQuery{FormsQuery: s.formsQuery(in)}
	form := in.oneOf("form", "1", "2", "3", "4")
	q.DepartmentID = in.int("within")
	q.Page = in.page()
	if in.err != nil {
		return in.err
	}
	if form != "" {
		q.Form = int(form[0] - '0')
	}
	rows, total, err := s.app.FormRecords(c.Request().Context(), callerOf(c), q)
	return answerList(c, rows, total, err, toFormRecord)
}

type unitSide struct {
	Unit               departmentResponse `json:"unit"`
	Officials          int64              `json:"officials"`
	Grades             map[string]int64   `json:"grades"`
	WarningsRaised     int64              `json:"warnings_raised"`
	WarningsOpen       int64              `json:"warnings_open"`
	WarningsPerHundred float64            `json:"warnings_per_hundred"`
	Forms              []formFigure       `json:"forms"`
}

type unitPictureResponse struct {
	Unit   unitSide      `json:"unit"`
	Parent *unitSide     `json:"parent"`
	Forms  formsResponse `json:"forms"`
}

func toUnitSide(u app.UnitSide) unitSide {
	return unitSide{Unit: toDepartment(u.Department), Officials: u.Figures.Officials, Grades: u.Figures.Grades,
		WarningsRaised: u.Figures.WarningsRaised, WarningsOpen: u.Figures.WarningsOpen, WarningsPerHundred: u.WarningsPerHundred,
		Forms: each(u.Forms, toFormFigure)}
}

// unitPicture answers a unit's picture for the period of formsQuery.
func (s *Server) unitPicture(c echo.Context) error {
	in := params(c)
	id := in.id()
	q := s.formsQuery(in)
	if in.err != nil {
		return in.err
	}
	q.UnitID = id
	p, err := s.app.UnitPicture(c.Request().Context(), callerOf(c), q)
	out := unitPictureResponse{Unit: toUnitSide(p.Unit), Forms: toForms(p.Forms)}
	if p.Parent != nil {
		side := toUnitSide(*p.Parent)
		out.Parent = &side
	}
	return answer(c, out, err)
}
