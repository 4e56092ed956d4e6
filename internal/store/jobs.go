package store

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

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
		return j, notFound(err, "job")
	}
	return j, nil
}

// Jobs lists the newest jobs of a kind.
func (db *DB) Jobs(ctx context.Context, kind string, limit int) ([]domain.Job, error) {
	var out []domain.Job
	err := db.gorm.WithContext(ctx).Where("kind = ?", kind).Order("id DESC").Limit(limit).Find(&out).Error
	return out, translate(err)
}

// ClaimJob takes a queued job, or a running one whose lease has run out
// (its runner died), for owner, leasing it for ttl. Unlike an import, a
// claimed job keeps its cursor: it resumes where the last runner stopped.
func (db *DB) ClaimJob(ctx context.Context, id int64, owner string, ttl time.Duration) (j domain.Job, claimed bool, err error) {
	err = db.Do(ctx, func(tx *Tx) error {
		claimed = false // a retried attempt starts afresh
		now := tx.Now()
		until := now.Add(ttl)
		res := tx.g.Model(&domain.Job{}).
			Where("id = ? AND (status = ? OR (status = ? AND (lease_until IS NULL OR lease_until < ?)))", id, domain.JobQueued, domain.JobRunning, now).
			Updates(map[string]any{"status": domain.JobRunning, "owner": owner, "lease_until": until, "updated_at": now})
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		claimed = true
		if err := tx.g.Take(&j, id).Error; err != nil {
			return err
		}
		j.LeaseTTL = ttl
		return nil
	})
	return j, claimed, translate(err)
}

// ErrLeaseLost: another process holds the job now; this one must stop.
var ErrLeaseLost = &domain.Error{Code: domain.ECONFLICT, Message: "the job's lease passed to another process"}

// SaveJob writes a job's progress and renews its lease, only while this
// runner holds it: ErrLeaseLost otherwise, and the transaction rolls back.
func (tx *Tx) SaveJob(j *domain.Job) error {
	now := tx.Now()
	j.UpdatedAt = now
	if j.LeaseTTL > 0 {
		until := now.Add(j.LeaseTTL)
		j.LeaseUntil = &until
	}
	res := tx.g.Model(&domain.Job{}).Where("id = ? AND owner = ?", j.ID, j.Owner).Select("*").Omit("id", "created_at").Updates(j)
	if res.Error != nil {
		return translate(res.Error)
	}
	if res.RowsAffected == 0 {
		return ErrLeaseLost
	}
	return nil
}

// SaveJob writes a job in its own transaction.
func (db *DB) SaveJob(ctx context.Context, j *domain.Job) error {
	return db.Do(ctx, func(tx *Tx) error { return tx.SaveJob(j) })
}

// TryLease takes or renews the named lease for owner until ttl from now,
// if it is free, expired or owner's already; it reports whether owner
// holds it. Singleton work (scheduling the daily recompute) runs only
// while its replica holds the lease.
func (db *DB) TryLease(ctx context.Context, name, owner string, ttl time.Duration) (bool, error) {
	held := false
	err := db.Do(ctx, func(tx *Tx) error {
		held = false // a retried attempt starts afresh
		now := tx.Now()
		var l struct {
			Name  string
			Owner string
			Until time.Time
		}
		err := tx.g.Table("leases").Clauses(lockForUpdate).Where("name = ?", name).Take(&l).Error
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
			held = true
			return tx.g.Exec("INSERT INTO leases (name, owner, until) VALUES (?, ?, ?)", name, owner, now.Add(ttl)).Error
		case err != nil:
			return err
		case l.Owner != owner && now.Before(l.Until):
			return nil
		}
		held = true
		return tx.g.Exec("UPDATE leases SET owner = ?, until = ? WHERE name = ?", owner, now.Add(ttl), name).Error
	})
	if domain.ErrorCode(err) == domain.ECONFLICT {
		return false, nil // two replicas inserted at once: the other one won
	}
	return held, translate(err)
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
