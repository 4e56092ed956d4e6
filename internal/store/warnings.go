package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"integrity/internal/domain"
)

// OpenKey is the unique key of an open warning of a rule for an official.
func OpenKey(officialID int64, rule string) *string {
	k := fmt.Sprintf("%d:%s", officialID, rule)
	return &k
}

// Prior is the derived state a batch of officials had: their snapshot
// grades and the newest warning of each rule, keyed by official.
type Prior struct {
	Grades    map[int64]string
	Warnings  map[int64][]domain.Warning
	Deadlines map[int64][]Deadline // open disputes and pending repairs
}

// Prior reads the prior derived state of officials inside the transaction.
func (tx *Tx) Prior(ids []int64) (Prior, error) { return prior(tx.g, ids) }

// Prior reads the prior derived state of officials outside a transaction,
// for a recompute that reads ahead. Writes built on it stay safe: a raise
// meeting an open warning is dropped, and updates touch only open ones.
func (db *DB) Prior(ctx context.Context, ids []int64) (Prior, error) {
	return prior(db.gorm.WithContext(ctx), ids)
}

func prior(g *gorm.DB, ids []int64) (Prior, error) {
	p := Prior{Grades: map[int64]string{}, Warnings: map[int64][]domain.Warning{}, Deadlines: map[int64][]Deadline{}}
	if len(ids) == 0 {
		return p, nil
	}
	var grades []struct {
		OfficialID int64
		Grade      string
	}
	if err := g.Model(&domain.ScoreSnapshot{}).Select("official_id, grade").Where("official_id IN ?", ids).Scan(&grades).Error; err != nil {
		return p, translate(err)
	}
	for _, r := range grades {
		p.Grades[r.OfficialID] = r.Grade
	}
	// The newest warning of each rule, picked here from the officials'
	// warnings. The table fills during the first recompute: PostgreSQL
	// kept the plan a prepared statement got while it was empty (a
	// generic plan, a scan testing each row against a thousand
	// parameters) and took a third of a second a batch once it had
	// filled, so there the query is planned for its values every time.
	ws, err := warningsOf(g, ids)
	if err != nil {
		return p, translate(err)
	}
	slices.SortFunc(ws, func(a, b domain.Warning) int { return cmp.Compare(a.ID, b.ID) })
	type key struct {
		official int64
		rule     string
	}
	newest := make(map[key]int64, len(ws))
	for _, w := range ws {
		newest[key{w.OfficialID, w.Rule}] = w.ID // ascending: the last is the newest
	}
	for _, w := range ws {
		if newest[key{w.OfficialID, w.Rule}] == w.ID {
			p.Warnings[w.OfficialID] = append(p.Warnings[w.OfficialID], w)
		}
	}
	p.Deadlines, err = deadlines(g, ids)
	return p, err
}

// warningsOf reads the warnings of officials; on PostgreSQL as an unnamed
// statement with the ids as one array, which the server plans for the
// values bound each time instead of keeping a generic plan.
func warningsOf(g *gorm.DB, ids []int64) ([]domain.Warning, error) {
	var ws []domain.Warning
	if g.Dialector.Name() != "postgres" {
		return ws, g.Where("official_id IN ?", ids).Find(&ws).Error
	}
	rows, err := g.Statement.ConnPool.QueryContext(g.Statement.Context, "SELECT * FROM warnings WHERE official_id = ANY($1)",
		pgx.QueryExecModeExec, ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var w domain.Warning
		if err := g.ScanRows(rows, &w); err != nil {
			return nil, err
		}
		ws = append(ws, w)
	}
	return ws, rows.Err()
}

// WarningUpdate changes what an open warning names.
type WarningUpdate struct {
	ID          int64
	Level       string
	RecordIDs   string
	Fingerprint string
	Detail      string
}

// ApplyWarnings raises, updates and resolves warnings of the pipeline. A
// raise that meets an open warning of the same rule and official (another
// process got there first) is dropped; updates and resolutions touch only
// warnings still open, so a person's acknowledgement is never undone.
func (tx *Tx) ApplyWarnings(raise []domain.Warning, updates []WarningUpdate, resolve []int64) error {
	now := tx.Now()
	if len(raise) > 0 {
		for i := range raise {
			raise[i].RaisedAt, raise[i].UpdatedAt = now, now
			raise[i].OpenKey = OpenKey(raise[i].OfficialID, raise[i].Rule)
		}
		if err := tx.g.Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(raise, tx.db.insertBatch()).Error; err != nil {
			return translate(err)
		}
	}
	for _, u := range updates {
		err := tx.g.Model(&domain.Warning{}).Where("id = ? AND state <> ?", u.ID, domain.WarningResolved).
			Updates(map[string]any{"level": u.Level, "record_ids": u.RecordIDs, "fingerprint": u.Fingerprint, "detail": u.Detail, "updated_at": now}).Error
		if err != nil {
			return translate(err)
		}
	}
	if len(resolve) > 0 {
		err := tx.g.Model(&domain.Warning{}).Where("id IN ? AND state <> ?", resolve, domain.WarningResolved).
			Updates(map[string]any{"state": domain.WarningResolved, "open_key": nil, "resolved_by": "system", "resolved_at": now,
				"resolution_note": "condition cleared", "by_person": false, "updated_at": now}).Error
		if err != nil {
			return translate(err)
		}
	}
	return nil
}

const warningColumns = "w.*, o.name AS official_name, o.id_number_masked, o.department_id, d.name AS department_name"

// OpenWarningsOf returns an official's open and acknowledged warnings,
// the most urgent and newest first.
func (db *DB) OpenWarningsOf(ctx context.Context, officialID int64) ([]domain.WarningRow, error) {
	var out []domain.WarningRow
	err := db.warningsQuery(db.hot(ctx), domain.WarningFilter{Scope: domain.Scope{All: true}, OfficialID: officialID}).Select(warningColumns).
		Order(warningOrder).Limit(200).Scan(&out).Error
	return out, translate(err)
}

const warningOrder = "CASE w.level WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 ELSE 3 END, w.id DESC"

// Warnings lists the warnings of officials in scope, the most urgent and
// newest first.
func (db *DB) Warnings(ctx context.Context, f domain.WarningFilter) ([]domain.WarningRow, int64, error) {
	q := db.warningsQuery(db.gorm.WithContext(ctx), f)
	return paged[domain.WarningRow](q, f.Page, sortOrder(f.Page, map[string]string{"raised_at": "w.raised_at"}, "w.id", warningOrder), warningColumns)
}

func (db *DB) warningsQuery(g *gorm.DB, f domain.WarningFilter) *gorm.DB {
	q := g.Table("warnings w").Joins("JOIN officials o ON o.id = w.official_id").
		Joins("JOIN departments d ON d.id = o.department_id")
	q = scopeWhere(f.Scope, q)
	switch f.State {
	case "":
		q = q.Where("w.state <> ?", domain.WarningResolved)
	case "all":
	default:
		q = q.Where("w.state = ?", f.State)
	}
	for col, v := range map[string]string{"w.rule": f.Rule, "w.level": f.Level} {
		if v != "" {
			q = q.Where(col+" = ?", v)
		}
	}
	if f.OfficialID != 0 {
		q = q.Where("w.official_id = ?", f.OfficialID)
	}
	return q
}

// Warning returns one warning of an official in scope; ENOTFOUND otherwise.
func (db *DB) Warning(ctx context.Context, scope domain.Scope, id int64) (domain.WarningRow, error) {
	q := db.gorm.WithContext(ctx).Table("warnings w").Joins("JOIN officials o ON o.id = w.official_id").
		Joins("JOIN departments d ON d.id = o.department_id").Where("w.id = ?", id)
	var out []domain.WarningRow
	if err := scopeWhere(scope, q).Select(warningColumns).Limit(1).Scan(&out).Error; err != nil {
		return domain.WarningRow{}, translate(err)
	}
	if len(out) == 0 {
		return domain.WarningRow{}, domain.NotFound("warning")
	}
	return out[0], nil
}

// DecideWarning moves a warning from one of the states from to the state
// to, as a person: ECONFLICT if it is in none of them any more.
func (tx *Tx) DecideWarning(id int64, from []string, to, by, note string) error {
	now := tx.Now()
	set := map[string]any{"state": to, "updated_at": now}
	switch to {
	case domain.WarningAcknowledged:
		set["acked_by"], set["acked_at"] = by, now
	case domain.WarningResolved:
		set["resolved_by"], set["resolved_at"], set["resolution_note"], set["by_person"], set["open_key"] = by, now, note, true, nil
	}
	res := tx.g.Model(&domain.Warning{}).Where("id = ? AND state IN ?", id, from).Updates(set)
	if res.Error != nil {
		return translate(res.Error)
	}
	if res.RowsAffected == 0 {
		return &domain.Error{Code: domain.ECONFLICT, Message: "the warning is " + to + " already, or someone else changed it just now"}
	}
	return nil
}

// CountWarnings computes WarningStats.
func (db *DB) CountWarnings(ctx context.Context, scope domain.Scope, from, to time.Time) (domain.WarningStats, error) {
	var st domain.WarningStats
	base := func() *gorm.DB {
		q := db.gorm.WithContext(ctx).Table("warnings w").Joins("JOIN officials o ON o.id = w.official_id").
			Joins("JOIN departments d ON d.id = o.department_id").Where("w.raised_at >= ? AND w.raised_at < ?", from, to)
		return scopeWhere(scope, q)
	}
	if err := base().Count(&st.Raised).Error; err != nil {
		return st, translate(err)
	}
	if err := base().Where("w.state <> ?", domain.WarningResolved).Count(&st.StillOpen).Error; err != nil {
		return st, translate(err)
	}
	month := db.monthOf("w.raised_at")
	for _, g := range []struct {
		expr, order string
		into        *[]domain.WarningCount
	}{{"w.rule", "n DESC", &st.ByRule}, {"w.level", "n DESC", &st.ByLevel}, {"o.department_id", "n DESC", &st.ByDepartment}, {month, "1", &st.ByMonth}} {
		var rows []domain.WarningCount
		err := base().Select(g.expr + " AS " + db.quote("key") + ", COUNT(*) AS n").Group(g.expr).Order(g.order).Scan(&rows).Error
		if err != nil {
			return st, translate(err)
		}
		if rows == nil {
			rows = []domain.WarningCount{}
		}
		*g.into = rows
	}
	return st, nil
}

// RecordBriefs returns the briefs of records by id.
func (db *DB) RecordBriefs(ctx context.Context, ids []int64) (map[int64]domain.RecordBrief, error) {
	out := map[int64]domain.RecordBrief{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []domain.RecordBrief
	err := db.gorm.WithContext(ctx).Table("records").Select("id, category, code, decision_date, state").Where("id IN ?", ids).Scan(&rows).Error
	for _, r := range rows {
		out[r.ID] = r
	}
	return out, translate(err)
}
