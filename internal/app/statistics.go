package app

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"integrity/internal/domain"
)

// The four forms in numbers (四种形态统计) and a unit's picture (单位画像):
// counts by unit and period over the caller's scope. Figures are not
// files, but small ones can name a person, so every read is audited, and
// the records behind a figure are a read of personal data of their own.

// Groupings of a period's trend.
const (
	GroupMonth   = "month"
	GroupQuarter = "quarter"
	GroupYear    = "year"
)

// FormsQuery asks for the four forms of a unit (0: the caller's widest
// unit) in [From, To), with the trend grouped by Group.
type FormsQuery struct {
	UnitID   int64
	From, To time.Time
	Group    string
}

// FormFigure is one form's handlings (人次), people (人数) and share of
// all handlings, in percent with one decimal.
type FormFigure struct {
	Form      int
	Handlings int64
	People    int64
	Share     float64
}

// FormsBucket is one step of the trend: the handlings of forms 1 to 4.
type FormsBucket struct {
	Period    string // 2026, 2026-Q1 or 2026-01
	Handlings [4]int64
}

// UnitForms is one unit's handlings of forms 1 to 4 (its subtree), or the
// unit's own level (Own: officials placed in the unit itself).
type UnitForms struct {
	Department domain.Department
	Own        bool
	Handlings  [4]int64
	Total      int64
}

// FormsReport is the four forms of a unit and period.
type FormsReport struct {
	Unit      domain.Department
	From, To  time.Time
	Group     string
	Forms     []FormFigure // forms 1 to 4
	Handlings int64
	People    int64
	Trend     []FormsBucket
	Units     []UnitForms // the units just below, and the unit's own level
}

// FourForms counts the handlings of each form in the unit's subtree within
// the caller's scope. A unit outside the scope is ENOTFOUND. Audited.
func (s *Service) FourForms(ctx context.Context, cl Caller, q FormsQuery) (FormsReport, error) {
	depts, unit, err := s.unitOf(ctx, cl, q.UnitID)
	if err != nil {
		return FormsReport{}, err
	}
	r, err := s.fourForms(ctx, cl, depts, unit, q)
	if err != nil {
		return r, err
	}
	return r, s.audited(ctx, cl, "statistics_forms_read", "department", itoa(unit.ID),
		map[string]any{"from": day(q.From), "to": day(q.To), "group": q.Group, "handlings": r.Handlings})
}

func (s *Service) fourForms(ctx context.Context, cl Caller, depts []domain.Department, unit domain.Department, q FormsQuery) (FormsReport, error) {
	r := FormsReport{Unit: unit, From: q.From, To: q.To, Group: q.Group}
	f := domain.FormFilter{Scope: cl.Scope(), UnitPath: unit.Path, From: q.From, To: q.To}
	cells, err := s.DB.FormCells(ctx, f)
	if err != nil {
		return r, err
	}
	people, err := s.DB.FormPeople(ctx, f)
	if err != nil {
		return r, err
	}
	var byForm [4]int64
	for _, c := range cells {
		byForm[c.Form-1] += c.Handlings
		r.Handlings += c.Handlings
	}
	peopleOf := map[int]int64{}
	for _, p := range people {
		peopleOf[p.Form] = p.People
	}
	r.People = peopleOf[0]
	for i, n := range byForm {
		r.Forms = append(r.Forms, FormFigure{Form: i + 1, Handlings: n, People: peopleOf[i+1], Share: share(n, r.Handlings)})
	}
	r.Trend = trend(cells, q)
	r.Units = unitsBelow(cells, depts, unit, cl.Scope())
	return r, nil
}

// share is n of all in percent, with one decimal.
func share(n, all int64) float64 {
	if all == 0 {
		return 0
	}
	return math.Round(float64(n)*1000/float64(all)) / 10
}

// bucketOf names the trend step of a month (YYYY-MM).
func bucketOf(month, group string) string {
	switch group {
	case GroupYear:
		return month[:4]
	case GroupMonth:
		return month
	}
	var m int
	fmt.Sscanf(month[5:], "%d", &m)
	return fmt.Sprintf("%s-Q%d", month[:4], (m+2)/3)
}

// trend lays the cells out on every step of the period, empty ones too.
func trend(cells []domain.FormCell, q FormsQuery) []FormsBucket {
	out := []FormsBucket{}
	at := map[string]int{}
	last := q.To.AddDate(0, 0, -1)
	for m := time.Date(q.From.Year(), q.From.Month(), 1, 0, 0, 0, 0, time.UTC); !m.After(last); m = m.AddDate(0, 1, 0) {
		b := bucketOf(m.Format("2006-01"), q.Group)
		if _, ok := at[b]; !ok {
			at[b] = len(out)
			out = append(out, FormsBucket{Period: b})
		}
	}
	for _, c := range cells {
		if i, ok := at[bucketOf(c.Month, q.Group)]; ok {
			out[i].Handlings[c.Form-1] += c.Handlings
		}
	}
	return out
}

// unitsBelow adds the cells up to the units just below unit (each with its
// subtree) and the unit's own level; a unit outside the scope shows only
// when it has figures.
func unitsBelow(cells []domain.FormCell, depts []domain.Department, unit domain.Department, scope domain.Scope) []UnitForms {
	out := []UnitForms{{Department: unit, Own: true}}
	for _, d := range depts {
		if d.ParentID != nil && *d.ParentID == unit.ID {
			out = append(out, UnitForms{Department: d})
		}
	}
	slices.SortStableFunc(out[1:], func(a, b UnitForms) int { return a.Department.SortOrder - b.Department.SortOrder })
	pathOf := map[int64]string{}
	for _, d := range depts {
		pathOf[d.ID] = d.Path
	}
	for _, c := range cells {
		i := 0
		for j := 1; j < len(out); j++ {
			if strings.HasPrefix(pathOf[c.DepartmentID], out[j].Department.Path) {
				i = j
				break
			}
		}
		out[i].Handlings[c.Form-1] += c.Handlings
		out[i].Total += c.Handlings
	}
	return slices.DeleteFunc(out, func(u UnitForms) bool { return u.Total == 0 && (u.Own || !visible(scope, u.Department)) })
}

// visible reports whether the scope reaches a department.
func visible(scope domain.Scope, d domain.Department) bool {
	if scope.All || slices.Contains(scope.DeptIDs, d.ID) {
		return true
	}
	return slices.ContainsFunc(scope.DeptPaths, func(p string) bool { return strings.HasPrefix(d.Path, p) })
}

// unitOf finds the unit asked for among the departments, or the caller's
// widest one for 0: ENOTFOUND when the caller's scope does not reach it.
func (s *Service) unitOf(ctx context.Context, cl Caller, id int64) ([]domain.Department, domain.Department, error) {
	depts, err := s.DB.Departments(ctx)
	if err != nil {
		return nil, domain.Department{}, err
	}
	scope := cl.Scope()
	var best *domain.Department
	for i, d := range depts {
		if id != 0 && d.ID == id {
			if visible(scope, d) {
				return depts, d, nil
			}
			break
		}
		if id == 0 && visible(scope, d) && (best == nil || d.Depth < best.Depth) {
			best = &depts[i]
		}
	}
	if best == nil {
		return nil, domain.Department{}, domain.NotFound("department")
	}
	return depts, *best, nil
}

// FormRecordsQuery asks for the records behind a figure: a form (0: every
// form) of a unit, or of one department below it, in [From, To).
type FormRecordsQuery struct {
	FormsQuery
	Form         int
	DepartmentID int64
	Page         domain.Page
}

// FormRecords lists the records behind a figure of the four forms, within
// the caller's scope. Audited as a read of the records it shows.
func (s *Service) FormRecords(ctx context.Context, cl Caller, q FormRecordsQuery) ([]domain.FormRecord, int64, error) {
	depts, unit, err := s.unitOf(ctx, cl, q.UnitID)
	if err != nil {
		return nil, 0, err
	}
	f := domain.FormFilter{Scope: cl.Scope(), UnitPath: unit.Path, From: q.From, To: q.To, Form: q.Form}
	if q.DepartmentID != 0 {
		i := slices.IndexFunc(depts, func(d domain.Department) bool { return d.ID == q.DepartmentID })
		if i < 0 || !strings.HasPrefix(depts[i].Path, unit.Path) {
			return nil, 0, domain.NotFound("department")
		}
		f.DeptPath = depts[i].Path
	}
	rows, total, err := s.DB.FormRecords(ctx, f, q.Page)
	if err != nil {
		return nil, 0, err
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.RecordID
	}
	return rows, total, s.audited(ctx, cl, "statistics_records_read", "department", itoa(unit.ID), map[string]any{
		"from": day(q.From), "to": day(q.To), "form": q.Form, "department_id": q.DepartmentID, "records": ids})
}

// UnitPicture is a unit's picture (单位画像): its officials and grades,
// warnings per hundred officials, and its four forms, beside the same
// figures of the unit above (when the caller's scope reaches it).
type UnitPicture struct {
	Unit   UnitSide
	Parent *UnitSide
	Forms  FormsReport
}

// UnitSide is what a picture shows of one unit.
type UnitSide struct {
	Department         domain.Department
	Figures            domain.UnitFigures
	WarningsPerHundred float64
	Forms              []FormFigure
}

// UnitPicture draws a unit's picture for [q.From, q.To). Audited.
func (s *Service) UnitPicture(ctx context.Context, cl Caller, q FormsQuery) (UnitPicture, error) {
	depts, unit, err := s.unitOf(ctx, cl, q.UnitID)
	if err != nil {
		return UnitPicture{}, err
	}
	var p UnitPicture
	if p.Forms, err = s.fourForms(ctx, cl, depts, unit, q); err != nil {
		return p, err
	}
	if p.Unit, err = s.unitSide(ctx, cl, unit, q, p.Forms.Forms); err != nil {
		return p, err
	}
	if unit.ParentID != nil {
		for _, d := range depts {
			if d.ID == *unit.ParentID && visible(cl.Scope(), d) {
				up, err := s.fourForms(ctx, cl, depts, d, q)
				if err != nil {
					return p, err
				}
				side, err := s.unitSide(ctx, cl, d, q, up.Forms)
				if err != nil {
					return p, err
				}
				p.Parent = &side
			}
		}
	}
	return p, s.audited(ctx, cl, "statistics_unit_read", "department", itoa(unit.ID),
		map[string]any{"from": day(q.From), "to": day(q.To), "group": q.Group})
}

func (s *Service) unitSide(ctx context.Context, cl Caller, d domain.Department, q FormsQuery, forms []FormFigure) (UnitSide, error) {
	fig, err := s.DB.UnitFigures(ctx, domain.FormFilter{Scope: cl.Scope(), UnitPath: d.Path, From: q.From, To: q.To})
	side := UnitSide{Department: d, Figures: fig, Forms: forms}
	if fig.Officials > 0 {
		side.WarningsPerHundred = math.Round(float64(fig.WarningsRaised)*1000/float64(fig.Officials)) / 10
	}
	return side, err
}

func day(t time.Time) string { return t.Format(time.DateOnly) }
