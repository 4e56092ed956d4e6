package store

import (
	"database/sql"
	"fmt"
	"time"

	"gorm.io/gorm"

	"integrity/internal/domain"
)

// loadRecords reads the scoring columns of the batch's records with plain
// row scans into one set of targets, reused row after row: at a province's
// ten million records, GORM's reflection in the scan was half the time of a
// full recompute, and a fresh set of targets per row was a third of the
// allocations left. On SQLite the days are read as text and parsed here:
// the driver parses a DATE column by trying its timestamp layouts in turn,
// and every failed layout allocated an error (half the driver's
// allocations per row).
func loadRecords(g *gorm.DB, b *OfficialBatch) error {
	if len(b.IDs) == 0 {
		return nil
	}
	day := func(col string) string { return col }
	if g.Dialector.Name() == "sqlite" {
		day = func(col string) string { return fmt.Sprintf("substr(%s, 1, 10)", col) }
	}
	rows, err := g.Raw(`SELECT id, official_id, category, code, `+day("decision_date")+`, `+day("effective_date")+`, period_months, `+
		day("ended_on")+`, act_ref, assessment_year, document_no, `+day("repaired_on")+`, state, under_dispute
		FROM records WHERE official_id IN ?`, b.IDs).Rows()
	if err != nil {
		return translate(err)
	}
	defer rows.Close()
	var (
		r                                   domain.Record
		decided, effective, ended, repaired any
		period, year                        sql.NullInt64
		days                                dayPool
		category, code, actRef, doc, state  string
	)
	for rows.Next() {
		if err := rows.Scan(&r.ID, &r.OfficialID, &category, &code, &decided, &effective, &period, &ended, &actRef,
			&year, &doc, &repaired, &state, &r.UnderDispute); err != nil {
			return err
		}
		d, err := days.day(decided)
		if err != nil || d == nil {
			return fmt.Errorf("record %d: decision date %v: %w", r.ID, decided, err)
		}
		rec := domain.Record{ID: r.ID, OfficialID: r.OfficialID, Category: category, Code: code, DecisionDate: *d, ActRef: actRef,
			DocumentNo: doc, State: state, UnderDispute: r.UnderDispute, PeriodMonths: nullInt(period), AssessmentYear: nullInt(year)}
		if rec.EffectiveDate, err = days.day(effective); err != nil {
			return fmt.Errorf("record %d: effective date: %w", r.ID, err)
		}
		if rec.EndedOn, err = days.day(ended); err != nil {
			return fmt.Errorf("record %d: end date: %w", r.ID, err)
		}
		if rec.RepairedOn, err = days.day(repaired); err != nil {
			return fmt.Errorf("record %d: repair date: %w", r.ID, err)
		}
		b.Records[rec.OfficialID] = append(b.Records[rec.OfficialID], rec)
	}
	return translate(rows.Err())
}

// dayPool hands out days from blocks, one allocation per 256 days instead
// of one per day.
type dayPool struct{ block []time.Time }

// day is a column's day: nil for NULL; from a time as the MySQL and
// PostgreSQL drivers give it, or from text that starts with the day
// (SQLite's substr).
func (p *dayPool) day(v any) (*time.Time, error) {
	var t time.Time
	switch x := v.(type) {
	case nil:
		return nil, nil
	case time.Time:
		t = x
	case string:
		d, err := parseDay(x)
		if err != nil {
			return nil, err
		}
		t = d
	case []byte:
		d, err := parseDay(string(x))
		if err != nil {
			return nil, err
		}
		t = d
	default:
		return nil, fmt.Errorf("a day of type %T", v)
	}
	if len(p.block) == cap(p.block) {
		p.block = make([]time.Time, 0, 256)
	}
	p.block = append(p.block, t)
	return &p.block[len(p.block)-1], nil
}

// parseDay reads YYYY-MM-DD at midnight UTC without time.Parse's
// allocations.
func parseDay(s string) (time.Time, error) {
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return time.Time{}, fmt.Errorf("%q is not a day", s)
	}
	num := func(part string) (int, bool) {
		n := 0
		for i := 0; i < len(part); i++ {
			c := part[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	y, ok1 := num(s[:4])
	m, ok2 := num(s[5:7])
	d, ok3 := num(s[8:10])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, fmt.Errorf("%q is not a day", s[:10])
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), nil
}
