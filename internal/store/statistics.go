package store

import (
	"context"

	"gorm.io/gorm"

	"integrity/internal/domain"
)

// monthOf is the dialect's expression for the YYYY-MM of a date column.
func (db *DB) monthOf(col string) string {
	switch db.Dialect {
	case "mysql":
		return "DATE_FORMAT(" + col + ", '%Y-%m')"
	case "postgres":
		return "to_char(" + col + ", 'YYYY-MM')"
	}
	return "strftime('%Y-%m', " + col + ")"
}

// actKey separates the records without an act reference: each is its own
// act. With the official and the act reference it names one handling.
const actKey = "CASE WHEN r.act_ref = '' THEN r.id ELSE 0 END"

// handlings is the derived table of the handlings the filter selects, one
// row an act of an official: its department, the heaviest form among its
// records, and the day of its first decision.
func (db *DB) handlings(ctx context.Context, f domain.FormFilter) *gorm.DB {
	q := db.gorm.WithContext(ctx).Table("records r").
		Joins("JOIN record_codes c ON c.code = r.code").
		Joins("JOIN officials o ON o.id = r.official_id").
		Joins("JOIN departments d ON d.id = o.department_id").
		Where("r.state = ? AND c.form > 0 AND r.decision_date >= ? AND r.decision_date < ?", domain.RecordActive, f.From, f.To).
		Where("d.path LIKE ?"+likeEscape, escapeLike(f.UnitPath)+"%")
	if f.DeptPath != "" {
		q = q.Where("d.path LIKE ?"+likeEscape, escapeLike(f.DeptPath)+"%")
	}
	return scopeWhere(f.Scope, q).
		Select("o.department_id AS department_id, r.official_id AS official_id, r.act_ref AS act_ref, " + actKey + " AS act_key, " +
			"MAX(c.form) AS form, MIN(r.decision_date) AS day").
		Group("o.department_id, r.official_id, r.act_ref, " + actKey)
}

// FormCells counts the handlings of the filter by department, form and
// month of decision. The form and department of the filter are ignored:
// the cells cover the whole unit.
func (db *DB) FormCells(ctx context.Context, f domain.FormFilter) ([]domain.FormCell, error) {
	f.Form, f.DeptPath = 0, ""
	month := db.monthOf("h.day")
	out := []domain.FormCell{}
	err := db.gorm.WithContext(ctx).Table("(?) h", db.handlings(ctx, f)).
		Select("h.department_id AS department_id, h.form AS form, " + month + " AS month, COUNT(*) AS handlings").
		Group("h.department_id, h.form, " + month).Scan(&out).Error
	return out, translate(err)
}

// FormPeople counts the people handled in each form, and in any form
// (form 0), under the filter.
func (db *DB) FormPeople(ctx context.Context, f domain.FormFilter) ([]domain.FormPeople, error) {
	f.Form = 0
	out := []domain.FormPeople{}
	g := db.gorm.WithContext(ctx)
	if err := g.Table("(?) h", db.handlings(ctx, f)).Select("h.form AS form, COUNT(DISTINCT h.official_id) AS people").
		Group("h.form").Scan(&out).Error; err != nil {
		return nil, translate(err)
	}
	var all int64
	if err := g.Table("(?) h", db.handlings(ctx, f)).Select("COUNT(DISTINCT h.official_id)").Scan(&all).Error; err != nil {
		return nil, translate(err)
	}
	return append(out, domain.FormPeople{Form: 0, People: all}), nil
}

// FormRecords reads one page of the records behind a figure: the records
// of the handlings the filter selects (of its form, when it names one),
// newest decision first.
func (db *DB) FormRecords(ctx context.Context, f domain.FormFilter, p domain.Page) ([]domain.FormRecord, int64, error) {
	h := db.handlings(ctx, f)
	if f.Form > 0 {
		h = h.Having("MAX(c.form) = ?", f.Form)
	}
	q := db.gorm.WithContext(ctx).Table("records r").
		Joins("JOIN (?) h ON h.official_id = r.official_id AND h.act_ref = r.act_ref AND h.act_key = "+actKey, h).
		Joins("JOIN record_codes c ON c.code = r.code").
		Joins("JOIN officials o ON o.id = r.official_id").
		Joins("JOIN departments d ON d.id = o.department_id").
		Where("r.state = ? AND c.form > 0 AND r.decision_date >= ? AND r.decision_date < ?", domain.RecordActive, f.From, f.To)
	return paged[domain.FormRecord](q, p, "r.decision_date DESC, r.id DESC",
		"r.id AS record_id, r.official_id, o.name AS official_name, o.id_number_masked, o.department_id, d.name AS department_name, "+
			"r.category, r.code, h.form AS form, r.decision_date, r.document_no, r.authority")
}

// UnitFigures counts a unit's officials in the caller's scope, their
// grades, and their warnings raised in [f.From, f.To) and still open.
func (db *DB) UnitFigures(ctx context.Context, f domain.FormFilter) (domain.UnitFigures, error) {
	out := domain.UnitFigures{Grades: map[string]int64{}}
	g := db.gorm.WithContext(ctx)
	// officials reads table (aliased t) joined to the unit's active
	// officials in scope; with no table, the officials themselves.
	officials := func(table string) *gorm.DB {
		q := g.Table("officials o")
		if table != "" {
			q = g.Table(table + " t").Joins("JOIN officials o ON o.id = t.official_id")
		}
		q = q.Joins("JOIN departments d ON d.id = o.department_id").Where("o.status = ?", domain.OfficialActive).
			Where("d.path LIKE ?"+likeEscape, escapeLike(f.UnitPath)+"%")
		return scopeWhere(f.Scope, q)
	}
	if err := officials("").Count(&out.Officials).Error; err != nil {
		return out, translate(err)
	}
	var grades []struct {
		Grade string
		N     int64
	}
	if err := officials("score_snapshots").Select("t.grade AS grade, COUNT(*) AS n").Group("t.grade").Scan(&grades).Error; err != nil {
		return out, translate(err)
	}
	for _, r := range grades {
		out.Grades[r.Grade] = r.N
	}
	if err := officials("warnings").Where("t.raised_at >= ? AND t.raised_at < ?", f.From, f.To).Count(&out.WarningsRaised).Error; err != nil {
		return out, translate(err)
	}
	err := officials("warnings").Where("t.state <> ?", domain.WarningResolved).Count(&out.WarningsOpen).Error
	return out, translate(err)
}
