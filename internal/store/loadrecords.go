package store

import (
	"database/sql"
	"errors"
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
		id, officialID                      int64
		disputed                            bool
		decided, effective, ended, repaired any
		period, year                        sql.NullInt64
		days                                dayPool
		category, code, actRef, doc, state  string
	)
	for rows.Next() {
		if err := rows.Scan(&id, &officialID, &category, &code, &decided, &effective, &period, &ended, &actRef,
			&year, &doc, &repaired, &state, &disputed); err != nil {
			return err
		}
		d, ok, err := dayOf(decided)
		if err == nil && !ok {
			err = errors.New("missing")
		}
		if err != nil {
			return fmt.Errorf("record %d: decision date: %w", id, err)
		}
		rec := domain.Record{ID: id, OfficialID: officialID, Category: category, Code: code, DecisionDate: d, ActRef: actRef,
			DocumentNo: doc, State: state, UnderDispute: disputed, PeriodMonths: nullInt(period), AssessmentYear: nullInt(year)}
		if rec.EffectiveDate, err = days.day(effective); err != nil {
			return fmt.Errorf("record %d: effective date: %w", id, err)
		}
		if rec.EndedOn, err = days.day(ended); err != nil {
			return fmt.Errorf("record %d: end date: %w", id, err)
		}
		if rec.RepairedOn, err = days.day(repaired); err != nil {
			return fmt.Errorf("record %d: repair date: %w", id, err)
		}
		b.Records[rec.OfficialID] = append(b.Records[rec.OfficialID], rec)
	}
	return translate(rows.Err())
}

// dayPool hands out days from blocks, one allocation per 256 days instead
// of one per day.
type dayPool struct{ block []time.Time }

// day is a column's day from the pool: nil for NULL.
func (p *dayPool) day(v any) (*time.Time, error) {
	t, ok, err := dayOf(v)
	if err != nil || !ok {
		return nil, err
	}
	if len(p.block) == cap(p.block) {
		p.block = make([]time.Time, 0, 256)
	}
	p.block = append(p.block, t)
	return &p.block[len(p.block)-1], nil
}

// dayOf is a column's day (ok false for NULL): from a time as the MySQL
// and PostgreSQL drivers give it, or from text that starts with the day
// (SQLite's substr).
func dayOf(v any) (time.Time, bool, error) {
	switch x := v.(type) {
	case nil:
		return time.Time{}, false, nil
	case time.Time:
		return x, true, nil
	case string:
		t, err := parseDay(x)
		return t, err == nil, err
	case []byte:
		t, err := parseDay(string(x))
		return t, err == nil, err
	default:
		return time.Time{}, false, fmt.Errorf("a day of type %T", v)
	}
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
