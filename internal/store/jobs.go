package store

import (
	"context"
	"time"

	"integrity/internal/domain"
)

// CreateJob queues a job.
func (tx *Tx) CreateJob(j *domain.Job) error {
	j.Status = domain.JobQueued
	return translate(tx.g.Create(j).Error)
}

// CreateJob queues a job in its own transaction.
func (db *DB) CreateJob(ctx context.Context, j *domain.Job) error {
	return db.Do(ctx, func(tx *Tx) error { return tx.CreateJob(j) })
}

// Job returns a job; ENOTFOUND if none.
func (db *DB) Job(ctx context.Context, id int64) (domain.Job, error) {
	var j domain.Job
	if err := db.gorm.WithContext(ctx).Take(&j, id).Error; err != nil {
		return j, domain.NotFound("job")
	}
	return j, nil
}

// Jobs lists the newest jobs of a kind.
func (db *DB) Jobs(ctx context.Context, kind string, limit int) ([]domain.Job, error) {
	var out []domain.Job
	err := db.gorm.WithContext(ctx).Where("kind = ?", kind).Order("id DESC").Limit(limit).Find(&out).Error
	return out, translate(err)
}

// ClaimJob takes a queued job, or a running one whose runner has made no
// progress for stale, for this runner. Unlike an import, a claimed job keeps
// its cursor: it resumes where the last runner stopped.
func (db *DB) ClaimJob(ctx context.Context, id int64, stale time.Duration) (j domain.Job, claimed bool, err error) {
	err = db.Do(ctx, func(tx *Tx) error {
		now := tx.Now()
		res := tx.g.Model(&domain.Job{}).
			Where("id = ? AND (status = ? OR (status = ? AND updated_at < ?))", id, domain.JobQueued, domain.JobRunning, now.Add(-stale)).
			Updates(map[string]any{"status": domain.JobRunning, "updated_at": now})
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		claimed = true
		return tx.g.Take(&j, id).Error
	})
	return j, claimed, translate(err)
}

// SaveJob writes a job's progress (and so its heartbeat).
func (tx *Tx) SaveJob(j *domain.Job) error { return translate(tx.g.Save(j).Error) }

// SaveJob writes a job in its own transaction.
func (db *DB) SaveJob(ctx context.Context, j *domain.Job) error {
	return db.Do(ctx, func(tx *Tx) error { return tx.SaveJob(j) })
}

// UnfinishedJobs lists queued and running jobs, oldest first.
func (db *DB) UnfinishedJobs(ctx context.Context) ([]domain.Job, error) {
	var out []domain.Job
	err := db.gorm.WithContext(ctx).Where("status IN ?", []string{domain.JobQueued, domain.JobRunning}).Order("id").Find(&out).Error
	return out, translate(err)
}

// CountOfficials returns how many officials there are.
func (db *DB) CountOfficials(ctx context.Context) (int64, error) {
	var n int64
	err := db.gorm.WithContext(ctx).Model(&domain.Official{}).Count(&n).Error
	return n, translate(err)
}
