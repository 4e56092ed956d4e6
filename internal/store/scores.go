package store

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"integrity/internal/domain"
)

// OfficialBatch is a slice of officials, in id order, with their records.
type OfficialBatch struct {
	IDs     []int64
	Records map[int64][]domain.Record
}

// OfficialsAfter returns up to limit officials with ids above after, with
// all their records: one indexed range read and one IN read, so a full
// recompute streams the population in constant memory.
func (db *DB) OfficialsAfter(ctx context.Context, after int64, limit int) (OfficialBatch, error) {
	return officialsAfter(db.gorm.WithContext(ctx), after, limit)
}

// OfficialsAfter reads as DB.OfficialsAfter does, inside the transaction,
// so a whole pass over the population sees one consistent state.
func (tx *Tx) OfficialsAfter(after int64, limit int) (OfficialBatch, error) {
	return officialsAfter(tx.g, after, limit)
}

func officialsAfter(g *gorm.DB, after int64, limit int) (OfficialBatch, error) {
	b := OfficialBatch{Records: map[int64][]domain.Record{}}
	if err := g.Model(&domain.Official{}).Where("id > ?", after).Order("id").Limit(limit).Pluck("id", &b.IDs).Error; err != nil {
		return b, translate(err)
	}
	return b, loadRecords(g, &b)
}

// RecordsOfOfficials loads the records of the given officials inside the
// transaction.
func (tx *Tx) RecordsOfOfficials(ids []int64) (OfficialBatch, error) {
	b := OfficialBatch{IDs: ids, Records: map[int64][]domain.Record{}}
	return b, loadRecords(tx.g, &b)
}

// RecordsOfOfficials loads the records of the given officials.
func (db *DB) RecordsOfOfficials(ctx context.Context, ids []int64) (OfficialBatch, error) {
	b := OfficialBatch{IDs: ids, Records: map[int64][]domain.Record{}}
	return b, loadRecords(db.gorm.WithContext(ctx), &b)
}

// SaveSnapshots writes snapshots, replacing older ones.
func (tx *Tx) SaveSnapshots(s []domain.ScoreSnapshot) error {
	if len(s) == 0 {
		return nil
	}
	return translate(tx.g.Clauses(clause.OnConflict{UpdateAll: true}).CreateInBatches(s, tx.db.insertBatch()).Error)
}

// Snapshot returns an official's snapshot; ENOTFOUND if none is computed.
func (db *DB) Snapshot(ctx context.Context, officialID int64) (domain.ScoreSnapshot, error) {
	var s domain.ScoreSnapshot
	err := db.gorm.WithContext(ctx).Take(&s, "official_id = ?", officialID).Error
	return s, translate(err)
}

type outboxRow struct {
	OfficialID int64 `gorm:"primaryKey;autoIncrement:false"`
	EnqueuedAt time.Time
}

func (outboxRow) TableName() string { return "score_outbox" }

// EnqueueScores marks officials whose snapshots must be recomputed, in the
// transaction that changed their records, so no change is lost.
func (tx *Tx) EnqueueScores(officialIDs []int64) error {
	if len(officialIDs) == 0 {
		return nil
	}
	seen := make(map[int64]bool, len(officialIDs))
	rows := make([]outboxRow, 0, len(officialIDs))
	now := tx.Now()
	for _, id := range officialIDs {
		if !seen[id] {
			seen[id] = true
			rows = append(rows, outboxRow{OfficialID: id, EnqueuedAt: now})
		}
	}
	// In id order: concurrent writers queueing the same officials lock
	// their rows in one order, so they wait for each other, never deadlock.
	slices.SortFunc(rows, func(a, b outboxRow) int { return cmp.Compare(a.OfficialID, b.OfficialID) })
	if tx.db.Dialect == "postgres" {
		ids := make([]int64, len(rows))
		for i, r := range rows {
			ids[i] = r.OfficialID
		}
		return tx.enqueuePG(ids, now)
	}
	// An official already queued is updated, not passed over: when a drain
	// holds their row (and may have read their records before this change),
	// the update waits for the drain to end, then queues them afresh. (With
	// DO NOTHING, PostgreSQL saw the held row, did nothing and did not wait,
	// and the drain deleted it: the change was never scored.)
	return translate(tx.g.Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "official_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"enqueued_at"}),
	}).CreateInBatches(rows, tx.db.insertBatch()).Error)
}

// TakeOutbox locks and returns up to limit queued officials. The caller
// deletes them with DoneOutbox in the same transaction, after writing their
// snapshots. Officials another drain holds are passed over, not waited
// for: the replicas drain one queue side by side, each its own batch.
func (tx *Tx) TakeOutbox(limit int) ([]int64, error) {
	var ids []int64
	err := tx.g.Model(&outboxRow{}).Clauses(lockSkipLocked).Order("official_id").Limit(limit).Pluck("official_id", &ids).Error
	return ids, translate(err)
}

// OutboxQueued reports whether any official waits in the queue.
func (db *DB) OutboxQueued(ctx context.Context) (bool, error) {
	var ids []int64
	err := db.gorm.WithContext(ctx).Model(&outboxRow{}).Limit(1).Pluck("official_id", &ids).Error
	return len(ids) > 0, translate(err)
}

// DoneOutbox removes officials from the queue.
func (tx *Tx) DoneOutbox(ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	return tx.g.Where("official_id IN ?", ids).Delete(&outboxRow{}).Error
}

// GradeCounts counts snapshots by grade and policy version.
func (db *DB) GradeCounts(ctx context.Context) (map[string]int64, error) {
	var rows []struct {
		Grade string
		N     int64
	}
	err := db.gorm.WithContext(ctx).Model(&domain.ScoreSnapshot{}).Select("grade, COUNT(*) AS n").Group("grade").Scan(&rows).Error
	out := map[string]int64{}
	for _, r := range rows {
		out[r.Grade] = r.N
	}
	return out, translate(err)
}

func nullDay(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	return &t.Time
}

func nullInt(n sql.NullInt64) *int {
	if !n.Valid {
		return nil
	}
	v := int(n.Int64)
	return &v
}
