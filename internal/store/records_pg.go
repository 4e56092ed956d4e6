package store

import (
	"fmt"
	"time"

	"integrity/internal/domain"
)

// recordsByRef reads and locks a source's records of the references. On
// PostgreSQL the references are one array parameter: an IN list of an
// import batch is 5,000 parameters, which the driver encodes and the server
// parses one by one.
func (tx *Tx) recordsByRef(sourceID int64, refs []string) ([]domain.Record, error) {
	var existing []domain.Record
	if tx.db.Dialect != "postgres" {
		err := tx.g.Clauses(lockForUpdate).Where("source_id = ? AND source_ref IN ?", sourceID, refs).Find(&existing).Error
		return existing, err
	}
	rows, err := tx.g.Statement.ConnPool.QueryContext(tx.g.Statement.Context,
		"SELECT * FROM records WHERE source_id = $1 AND source_ref = ANY($2) FOR UPDATE", sourceID, refs)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		var r domain.Record
		if err := tx.g.ScanRows(rows, &r); err != nil {
			return nil, translate(err)
		}
		existing = append(existing, r)
	}
	return existing, translate(rows.Err())
}

// enqueuePG queues officials (sorted, distinct) for their scores in one
// statement with the ids as one array (see EnqueueScores).
func (tx *Tx) enqueuePG(ids []int64, at time.Time) error {
	_, err := tx.g.Statement.ConnPool.ExecContext(tx.g.Statement.Context,
		`INSERT INTO score_outbox (official_id, enqueued_at) SELECT id, $2::timestamp FROM unnest($1::bigint[]) AS u(id)
ON CONFLICT (official_id) DO UPDATE SET enqueued_at = EXCLUDED.enqueued_at`, ids, at)
	return translate(err)
}

// insertRecords writes fresh records and sets their ids. On PostgreSQL it
// is one INSERT … SELECT FROM unnest of a column array each, so a batch of
// any size is 21 parameters: a multi-row VALUES of a thousand rows is
// 21,000, which the server parses and plans row by row (the import spent
// most of its time there) and the driver encodes one by one. Elsewhere
// multi-row INSERTs of insertBatch rows. With skipKnown (PostgreSQL only)
// a record whose source already holds its reference is passed over and
// keeps id 0.
func (tx *Tx) insertRecords(fresh []domain.Record, skipKnown bool) error {
	if tx.db.Dialect != "postgres" {
		if skipKnown {
			return fmt.Errorf("insertRecords: skipKnown is for PostgreSQL")
		}
		return translate(tx.g.CreateInBatches(fresh, tx.db.insertBatch()).Error)
	}
	n := len(fresh)
	var (
		officialID, sourceID                                   = make([]int64, n), make([]int64, n)
		ref, category, code, actRef, docNo, authority, summary = make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		state, stateReason                                     = make([]string, n), make([]string, n)
		decided                                                = make([]time.Time, n)
		effective, ended, repaired                             = make([]*time.Time, n), make([]*time.Time, n), make([]*time.Time, n)
		period, year                                           = make([]*int32, n), make([]*int32, n)
		disputed                                               = make([]bool, n)
		version                                                = make([]int32, n)
		created, updated                                       = make([]time.Time, n), make([]time.Time, n)
	)
	now := tx.Now()
	byRef := make(map[string]int, n)
	for i := range fresh {
		r := &fresh[i]
		if r.CreatedAt.IsZero() {
			r.CreatedAt = now
		}
		if r.UpdatedAt.IsZero() {
			r.UpdatedAt = now
		}
		if _, dup := byRef[r.SourceRef]; dup {
			return fmt.Errorf("insertRecords: source reference %q twice in one batch", r.SourceRef)
		}
		byRef[r.SourceRef] = i
		officialID[i], sourceID[i], ref[i], category[i], code[i] = r.OfficialID, r.SourceID, r.SourceRef, r.Category, r.Code
		decided[i], effective[i], ended[i], repaired[i] = r.DecisionDate, r.EffectiveDate, r.EndedOn, r.RepairedOn
		period[i], year[i] = int32Ptr(r.PeriodMonths), int32Ptr(r.AssessmentYear)
		actRef[i], docNo[i], authority[i], summary[i] = r.ActRef, r.DocumentNo, r.Authority, r.Summary
		state[i], stateReason[i], disputed[i], version[i] = r.State, r.StateReason, r.UnderDispute, int32(r.Version)
		created[i], updated[i] = r.CreatedAt, r.UpdatedAt
	}
	q := `INSERT INTO records (official_id, source_id, source_ref, category, code, decision_date, effective_date,
  period_months, ended_on, act_ref, assessment_year, document_no, authority, summary, state, state_reason, under_dispute,
  repaired_on, version, created_at, updated_at)
SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::date[], $7::date[],
  $8::int[], $9::date[], $10::text[], $11::int[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::bool[],
  $18::date[], $19::int[], $20::timestamp[], $21::timestamp[])`
	if skipKnown {
		q += "\nON CONFLICT ON CONSTRAINT uq_records_source_ref DO NOTHING"
	}
	q += "\nRETURNING id, source_id, source_ref"
	// The transaction's own connection, past GORM: GORM would spread each
	// slice into a list of parameters.
	rows, err := tx.g.Statement.ConnPool.QueryContext(tx.g.Statement.Context, q, officialID, sourceID, ref, category, code, decided,
		effective, period, ended, actRef, year, docNo, authority, summary, state, stateReason, disputed, repaired, version, created, updated)
	if err != nil {
		return translate(err)
	}
	defer rows.Close()
	got := 0
	for rows.Next() {
		var id, src int64
		var sref string
		if err := rows.Scan(&id, &src, &sref); err != nil {
			return translate(err)
		}
		i, ok := byRef[sref]
		if !ok || src != sourceID[i] {
			return fmt.Errorf("insertRecords: the database returned a record (%d, %q) not in the batch", src, sref)
		}
		fresh[i].ID = id
		got++
	}
	if err := rows.Err(); err != nil {
		return translate(err)
	}
	if got != n && !skipKnown {
		return fmt.Errorf("insertRecords: %d of %d records written", got, n)
	}
	return nil
}

func int32Ptr(v *int) *int32 {
	if v == nil {
		return nil
	}
	x := int32(*v)
	return &x
}
