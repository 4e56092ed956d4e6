package seed

import (
	"fmt"
	"slices"
	"time"

	"integrity/internal/domain"
)

// Annual assessment (年度考核, 公务员考核规定 2020): each year is assessed in
// the first quarter of the next, by the official's unit, and filed by the
// organisation department. Mostly 称职, some 优秀 (the quota is about 15%),
// rarely 基本称职 or 不称职; per thousand:
const (
	assessExcellent = 140
	assessCompetent = 835
	assessBasic     = 18 // the rest is 不称职
)

// excellentCommended is the share (per cent) of 优秀 results that also
// bring the 年度考核优秀 commendation (嘉奖) on file.
const excellentCommended = 50

// assessments writes the official's results of their last assessed years,
// with the grade their file allows for each year:
//   - a 记过-or-heavier government sanction whose period runs in the year:
//     comments only, no grade (不确定等次);
//   - a party 严重警告 taking effect in the year: no grade either (DOMAIN.md
//     allows 不称职 or no grade);
//   - 撤销党内职务 or 留党察看 in the year: 不称职;
//   - a 警告, 诫勉, organisational handling or accountability in the year:
//     not 优秀;
//   - an investigation open when the year is assessed: no result until the
//     case closes, so none on file.
//
// A year the official served less than half of is not assessed.
func (g *generator) assessments(f *fileState, out []domain.Record) []domain.Record {
	r := g.rnd
	src := g.sources["org_dept"]
	for n, y := 0, f.to.Year()-1; n < g.assessYears; y-- {
		decided := time.Date(y+1, 1, 10, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(70))
		if decided.After(f.to) {
			continue // not assessed yet, or after the official left
		}
		if decided.Before(f.from) || f.p.entry.After(time.Date(y, 7, 1, 0, 0, 0, 0, time.UTC)) {
			break
		}
		n++
		if underInquiry(out[f.start:], decided) {
			continue
		}
		code := g.grade(out[f.start:], y)
		c, _ := g.cat.Code(code)
		year := y
		rec := domain.Record{
			SourceID:       src.ID,
			SourceRef:      fmt.Sprintf("demo-%d-%d-%d", g.seed, f.p.index, f.k),
			Category:       domain.CategoryAnnualAssessment,
			Code:           code,
			DecisionDate:   decided,
			EffectiveDate:  &decided,
			AssessmentYear: &year,
			Authority:      f.p.place.dept.Name,
			Summary:        fmt.Sprintf("%d年度考核确定为%s等次。", y, c.Zh),
			State:          domain.RecordActive,
			Version:        1,
		}
		f.k++
		if code == "assess_no_grade" {
			rec.Summary = fmt.Sprintf("%d年度考核：处分期间参加年度考核，只写评语，不确定等次。", y)
		}
		out = append(out, rec)
		if code == "assess_excellent" && r.IntN(100) < excellentCommended {
			day := earlier(decided.AddDate(0, 0, 5+r.IntN(20)), f.to)
			out = append(out, g.base(f, out, "commendation", "com_annual_excellent", day, fmt.Sprintf("%d年度考核被确定为优秀等次", y)))
		}
	}
	return out
}

// grade is the result of year y the records allow, drawn where they allow
// any.
func (g *generator) grade(recs []domain.Record, y int) string {
	first, next := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC)
	var noGrade, incompetent, notExcellent bool
	for i := range recs {
		rec := &recs[i]
		if rec.State != domain.RecordActive {
			continue
		}
		eff := rec.Effective()
		inYear := !eff.Before(first) && eff.Before(next)
		switch m, gov := govMonths[rec.Code]; {
		case gov && rec.Code != "gov_warning":
			if rec.PeriodMonths != nil {
				m = *rec.PeriodMonths
			}
			noGrade = noGrade || eff.Before(next) && eff.AddDate(0, m, 0).After(first)
		case !inYear:
		case rec.Code == "party_serious_warning":
			noGrade = true
		case rec.Code == "party_removal_from_post" || rec.Code == "party_probation_1y" || rec.Code == "party_probation_2y":
			incompetent = true
		case slices.Contains([]string{"party_warning", "gov_warning", "ff_admonishment"}, rec.Code) ||
			rec.Category == "org_handling" || rec.Category == "accountability":
			notExcellent = true
		}
	}
	n := g.rnd.IntN(1000)
	switch {
	case noGrade:
		return "assess_no_grade"
	case incompetent:
		return "assess_incompetent"
	case n < assessExcellent && !notExcellent:
		return "assess_excellent"
	case n < assessExcellent+assessCompetent:
		return "assess_competent"
	case n < assessExcellent+assessCompetent+assessBasic:
		return "assess_basic"
	}
	return "assess_incompetent"
}

// underInquiry reports whether an investigation is open on day.
func underInquiry(recs []domain.Record, day time.Time) bool {
	for i := range recs {
		rec := &recs[i]
		if rec.Code == "inv_case_opened" && rec.State == domain.RecordActive && !rec.DecisionDate.After(day) &&
			(rec.EndedOn == nil || rec.EndedOn.After(day)) {
			return true
		}
	}
	return false
}
