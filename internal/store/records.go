package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/schema"

	"integrity/internal/domain"
)

// OfficialRef is what intake needs of an official.
type OfficialRef struct {
	ID           int64
	Name         string
	IDNumberHash string
}

// OfficialsByHash finds officials by the blind indexes of their ID numbers.
func (db *DB) OfficialsByHash(ctx context.Context, hashes []string) (map[string]OfficialRef, error) {
	out := map[string]OfficialRef{}
	if len(hashes) == 0 {
		return out, nil
	}
	var rows []OfficialRef
	err := db.gorm.WithContext(ctx).Model(&domain.Official{}).Select("id, name, id_number_hash").
		Where("id_number_hash IN ?", hashes).Scan(&rows).Error
	for _, r := range rows {
		out[r.IDNumberHash] = r
	}
	return out, translate(err)
}

// sameContent reports whether a submission repeats what a record holds.
func sameContent(a, b *domain.Record) bool {
	return a.OfficialID == b.OfficialID && a.Category == b.Category && a.Code == b.Code &&
		a.DecisionDate.Equal(b.DecisionDate) && a.Effective().Equal(b.Effective()) && sameInt(a.PeriodMonths, b.PeriodMonths) &&
		sameDay(a.EndedOn, b.EndedOn) && a.ActRef == b.ActRef && sameInt(a.AssessmentYear, b.AssessmentYear) &&
		a.DocumentNo == b.DocumentNo && a.Authority == b.Authority && a.Summary == b.Summary
}

func sameInt(a, b *int) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

func sameDay(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Equal(*b)
}

// UpsertRecords writes records of one source, keyed by their source_ref
// (and queues the officials whose scores change, in the same transaction):
// a new reference is created; the same content again changes nothing; other
// content under a known reference becomes the record's next version, and
// the previous one is kept in record_versions. Results come in input order.
// The input must not repeat a source_ref.
func (tx *Tx) UpsertRecords(sourceID int64, recs []domain.Record, changedBy string) ([]domain.WriteResult, error) {
	results := make([]domain.WriteResult, len(recs))
	if len(recs) == 0 {
		return results, nil
	}
	// Writers of one source take turns on its row first. Their locking
	// reads of references not stored yet lock the same gaps of the
	// (source, reference) index, and two writers inserting into gaps the
	// other holds deadlock on MySQL; waiting their turn, they cannot. (On
	// SQLite the write lock serialises every writer already.)
	var turn struct{ ID int64 }
	if err := tx.g.Model(&domain.Source{}).Clauses(lockForUpdate).Select("id").Where("id = ?", sourceID).Take(&turn).Error; err != nil {
		return nil, notFound(err, "source")
	}
	var touched []int64 // officials whose scores change
	created := make([]bool, len(recs))
	var known []string // the references that may be stored already
	for i := range recs {
		recs[i].SourceID = sourceID
		known = append(known, recs[i].SourceRef)
	}
	if tx.db.Dialect == "postgres" {
		// Insert first and let the unique index say which references are
		// known: it is probed once, by the insert, where reading them
		// first probed it twice (a third of a large import's time was
		// that read, over an index larger than the cache). A re-sent
		// batch pays the insert's conflicts (and the sequence numbers
		// they draw) before its read; an import's rows are mostly new.
		fresh := make([]domain.Record, len(recs))
		for i := range recs {
			fresh[i] = recs[i]
			fresh[i].ID, fresh[i].State, fresh[i].Version = 0, domain.RecordActive, 1
		}
		if err := tx.insertRecords(fresh, true); err != nil {
			return nil, err
		}
		known = known[:0]
		for i := range fresh {
			if fresh[i].ID == 0 {
				known = append(known, fresh[i].SourceRef)
				continue
			}
			created[i] = true
			recs[i].State, recs[i].Version = domain.RecordActive, 1
			results[i] = domain.WriteResult{SourceRef: fresh[i].SourceRef, ID: fresh[i].ID, Outcome: domain.WriteCreated, Version: 1}
			touched = append(touched, fresh[i].OfficialID)
		}
	}
	var existing []domain.Record
	if len(known) > 0 {
		var err error
		if existing, err = tx.recordsByRef(sourceID, known); err != nil {
			return nil, err
		}
	}
	byRef := make(map[string]*domain.Record, len(existing))
	for i := range existing {
		byRef[existing[i].SourceRef] = &existing[i]
	}
	var fresh []domain.Record
	var freshAt []int
	now := tx.Now()
	for i := range recs {
		if created[i] {
			continue
		}
		r := &recs[i]
		old, ok := byRef[r.SourceRef]
		switch {
		case !ok && tx.db.Dialect == "postgres":
			// The insert met the reference, the read did not: only a
			// writer outside the source's turn could do that.
			return nil, fmt.Errorf("UpsertRecords: reference %q of source %d is stored and not found", r.SourceRef, sourceID)
		case !ok:
			r.State, r.Version = domain.RecordActive, 1
			fresh, freshAt = append(fresh, *r), append(freshAt, i)
			touched = append(touched, r.OfficialID)
		case sameContent(old, r):
			results[i] = domain.WriteResult{SourceRef: r.SourceRef, ID: old.ID, Outcome: domain.WriteUnchanged, Version: old.Version}
		default:
			if err := tx.g.Create(versionOf(old, changedBy, "corrected by the source")).Error; err != nil {
				return nil, translate(err)
			}
			err := tx.g.Model(&domain.Record{}).Where("id = ?", old.ID).Updates(map[string]any{
				"official_id": r.OfficialID, "category": r.Category, "code": r.Code, "decision_date": r.DecisionDate,
				"effective_date": r.EffectiveDate, "period_months": r.PeriodMonths, "act_ref": r.ActRef, "assessment_year": r.AssessmentYear,
				"ended_on": r.EndedOn, "document_no": r.DocumentNo, "authority": r.Authority, "summary": r.Summary,
				"version": old.Version + 1, "updated_at": now,
			}).Error
			if err != nil {
				return nil, translate(err)
			}
			results[i] = domain.WriteResult{SourceRef: r.SourceRef, ID: old.ID, Outcome: domain.WriteUpdated, Version: old.Version + 1}
			touched = append(touched, old.OfficialID, r.OfficialID)
		}
	}
	if len(fresh) > 0 {
		if err := tx.insertRecords(fresh, false); err != nil {
			return nil, err
		}
		for j, i := range freshAt {
			results[i] = domain.WriteResult{SourceRef: fresh[j].SourceRef, ID: fresh[j].ID, Outcome: domain.WriteCreated, Version: 1}
		}
	}
	return results, tx.EnqueueScores(touched)
}

func versionOf(r *domain.Record, by, reason string) *domain.RecordVersion {
	return &domain.RecordVersion{RecordID: r.ID, OfficialID: r.OfficialID, Version: r.Version, Category: r.Category, Code: r.Code,
		DecisionDate: r.DecisionDate, EffectiveDate: r.EffectiveDate, PeriodMonths: r.PeriodMonths, EndedOn: r.EndedOn,
		ActRef: r.ActRef, AssessmentYear: r.AssessmentYear, RepairedOn: r.RepairedOn, DocumentNo: r.DocumentNo, Authority: r.Authority,
		Summary: r.Summary, State: r.State, StateReason: r.StateReason, ChangedBy: by, ChangeReason: reason}
}

// RevokeRecord marks a record of a source revoked with a reason, keeping the
// previous state in the history. ENOTFOUND if the source has no such record;
// ECONFLICT if it is revoked already.
func (tx *Tx) RevokeRecord(sourceID, id int64, reason, by string) (domain.Record, error) {
	var r domain.Record
	q := tx.g.Clauses(lockForUpdate)
	if sourceID != 0 {
		q = q.Where("source_id = ?", sourceID)
	}
	if err := q.Take(&r, id).Error; err != nil {
		return r, notFound(err, "record")
	}
	if r.State == domain.RecordRevoked {
		return r, &domain.Error{Code: domain.ECONFLICT, Message: "the record is revoked already"}
	}
	if err := tx.g.Create(versionOf(&r, by, "revoked")).Error; err != nil {
		return r, translate(err)
	}
	r.State, r.StateReason, r.Version = domain.RecordRevoked, reason, r.Version+1
	err := tx.g.Model(&domain.Record{}).Where("id = ?", r.ID).Updates(map[string]any{
		"state": r.State, "state_reason": reason, "version": r.Version, "updated_at": tx.Now()}).Error
	if err != nil {
		return r, translate(err)
	}
	return r, tx.EnqueueScores([]int64{r.OfficialID})
}

// Records lists records, newest decision first.
func (db *DB) Records(ctx context.Context, f domain.RecordFilter) ([]domain.RecordRow, int64, error) {
	q := db.recordsQuery(ctx, f)
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, translate(err)
	}
	out, err := pageRecords(q, f.Page)
	return out, total, err
}

func pageRecords(q *gorm.DB, p domain.Page) ([]domain.RecordRow, error) {
	var out []domain.RecordRow
	err := q.Select("r.*, o.name AS official_name, o.id_number_masked, s.name AS source_name").
		Order(sortOrder(p, map[string]string{"decision_date": "r.decision_date", "id": "r.id"}, "r.id", "r.decision_date DESC, r.id DESC")).Limit(p.Size).Offset(p.Offset()).Scan(&out).Error
	return out, translate(err)
}

func (db *DB) recordsQuery(ctx context.Context, f domain.RecordFilter) *gorm.DB {
	q := db.gorm.WithContext(ctx).Table("records AS r").
		Joins("JOIN officials o ON o.id = r.official_id").Joins("JOIN sources s ON s.id = r.source_id")
	for col, v := range map[string]any{"r.source_id": f.SourceID, "r.official_id": f.OfficialID} {
		if v.(int64) != 0 {
			q = q.Where(col+" = ?", v)
		}
	}
	for col, v := range map[string]string{"r.category": f.Category, "r.code": f.Code, "r.state": f.State, "r.source_ref": f.SourceRef} {
		if v != "" {
			q = q.Where(col+" = ?", v)
		}
	}
	return q
}

// RecordOf returns a record if it belongs to the source (any source when
// sourceID is 0); ENOTFOUND otherwise.
func (db *DB) RecordOf(ctx context.Context, sourceID, id int64) (domain.RecordRow, error) {
	var out []domain.RecordRow
	q := db.gorm.WithContext(ctx).Table("records AS r").
		Joins("JOIN officials o ON o.id = r.official_id").Joins("JOIN sources s ON s.id = r.source_id").Where("r.id = ?", id)
	if sourceID != 0 {
		q = q.Where("r.source_id = ?", sourceID)
	}
	if err := q.Select("r.*, o.name AS official_name, o.id_number_masked, s.name AS source_name").Limit(1).Scan(&out).Error; err != nil {
		return domain.RecordRow{}, translate(err)
	}
	if len(out) == 0 {
		return domain.RecordRow{}, domain.NotFound("record")
	}
	return out[0], nil
}

// RecordHistory returns the earlier versions of records, by record id.
func (db *DB) RecordHistory(ctx context.Context, ids []int64) (map[int64][]domain.RecordVersion, error) {
	out := map[int64][]domain.RecordVersion{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []domain.RecordVersion
	err := db.hotIn(ctx, ids).Where("record_id IN ?", padIDs(ids)).Order("record_id, version DESC").Find(&rows).Error
	for _, v := range rows {
		out[v.RecordID] = append(out[v.RecordID], v)
	}
	return out, translate(err)
}

// FileRecordsMax is the most records a file shows.
const FileRecordsMax = 10000

// FileRecords returns an official's records (of one source, or all when
// sourceID is 0), newest decision first, at most FileRecordsMax.
// Every file view reads them: the rows are scanned into their fields
// directly, as GORM's reflection per row cost more than the query.
func (db *DB) FileRecords(ctx context.Context, officialID, sourceID int64) ([]domain.RecordRow, error) {
	shape, err := recordRowShapeOf()
	if err != nil {
		return nil, err
	}
	q, args := shape.query, []any{officialID}
	if sourceID != 0 {
		q += " AND r.source_id = ?"
		args = append(args, sourceID)
	}
	q += " ORDER BY r.decision_date DESC, r.id DESC LIMIT " + strconv.Itoa(FileRecordsMax)
	rows, err := db.hotQuery(ctx, q, args...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []domain.RecordRow
	dest := make([]any, 0, len(shape.fields))
	for rows.Next() {
		out = append(out, domain.RecordRow{})
		if err := rows.Scan(scanTargets(&out[len(out)-1], shape.fields, dest[:0])...); err != nil {
			return nil, translate(err)
		}
	}
	return out, translate(rows.Err())
}

// recordRowShapeOf is FileRecords' query up to its conditions: the
// record's columns as GORM maps domain.Record, with the official's name
// and masked ID number and the source's name.
var recordRowShapeOf = sync.OnceValues(func() (struct {
	query  string
	fields []*schema.Field
}, error) {
	var sh struct {
		query  string
		fields []*schema.Field
	}
	fields, err := columnsOf(&domain.RecordRow{})
	if err != nil {
		return sh, err
	}
	joined := map[string]string{"official_name": "o.name", "id_number_masked": "o.id_number_masked", "source_name": "s.name"}
	cols := make([]string, len(fields))
	for i, f := range fields {
		switch {
		case len(f.StructField.Index) == 2: // a field of the embedded Record
			cols[i] = "r." + f.DBName
		case joined[f.DBName] != "":
			cols[i] = joined[f.DBName]
		default:
			return sh, fmt.Errorf("FileRecords: no column for %s", f.Name)
		}
	}
	sh.fields = fields
	sh.query = "SELECT " + strings.Join(cols, ", ") + " FROM records r JOIN officials o ON o.id = r.official_id" +
		" JOIN sources s ON s.id = r.source_id WHERE r.official_id = ?"
	return sh, nil
})

// insertBatch is the number of rows per INSERT statement. SQLite's driver
// binds parameters in time that grows faster than their count, so there a
// statement of 100 rows (about 1,800 parameters) beats a bigger one; MySQL
// takes 1,000 rows a statement, saving round trips.
func (db *DB) insertBatch() int {
	if db.Dialect == "sqlite" {
		return 100
	}
	return 1000
}
