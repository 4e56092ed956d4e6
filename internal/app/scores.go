package app

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"integrity/internal/domain"
	"integrity/internal/scoring"
	"integrity/internal/store"
	"integrity/policies"
)

// JobRecompute recomputes every snapshot under the policy in force.
const JobRecompute = "recompute"

// recomputeBatch is how many officials a recompute reads, scores and writes
// per transaction.
const recomputeBatch = 1000

// policyCache holds a parsed policy in force; a cheap version check on each
// use picks up a publication from any process.
type policyCache[T any] struct {
	mu      sync.Mutex
	version int
	policy  T
	loaded  bool
	checked time.Time // when the version in force was last read
}

// policyTTL is how long a policy serves before its version in force is read
// again: a publication through another replica takes effect within it (and
// at once in the replica that published).
const policyTTL = 2 * time.Second

// drop makes the next use read the version in force.
func (c *policyCache[T]) drop() {
	c.mu.Lock()
	c.checked = time.Time{}
	c.mu.Unlock()
}

// cachedPolicy returns the policy of kind in force, read through its cache.
func cachedPolicy[T any](ctx context.Context, s *Service, c *policyCache[T], kind string) (T, error) {
	return c.get(ctx, s.DB, kind, func(pv domain.PolicyVersion) (T, error) { return parsed[T](ctx, s, pv) })
}

// get returns the policy of kind in force, parsing it with parse only when
// its version changed.
func (c *policyCache[T]) get(ctx context.Context, db *store.DB, kind string, parse func(domain.PolicyVersion) (T, error)) (T, error) {
	var zero T
	c.mu.Lock()
	if c.loaded && time.Since(c.checked) < policyTTL {
		p := c.policy
		c.mu.Unlock()
		return p, nil
	}
	c.mu.Unlock()
	v, err := db.PublishedVersion(ctx, kind)
	if err != nil {
		return zero, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.loaded && c.version == v {
		c.checked = time.Now()
		return c.policy, nil
	}
	pv, err := db.PolicyVersion(ctx, kind, v)
	if err != nil {
		return zero, fmt.Errorf("no %s policy is published: %w", kind, err)
	}
	p, err := parse(pv)
	if err != nil {
		return zero, err
	}
	c.version, c.policy, c.loaded, c.checked = v, p, true, time.Now()
	return p, nil
}

// ScoringPolicy returns the scoring policy in force.
func (s *Service) ScoringPolicy(ctx context.Context) (*scoring.Policy, error) {
	return cachedPolicy(ctx, s, &s.scoring, domain.PolicyScoring)
}

// EnsureDefaultPolicies publishes the shipped policies as version 1 where a
// kind has none.
func (s *Service) EnsureDefaultPolicies(ctx context.Context) error {
	for _, v := range policies.Versioned {
		body, err := policies.FS.ReadFile(v.File)
		if err != nil {
			return err
		}
		if _, err = s.DB.EnsurePolicy(ctx, v.Kind, string(body)); err != nil {
			return err
		}
	}
	return nil
}

// today is the store clock's date.
func (s *Service) today() time.Time {
	n := s.now()
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
}

func snapshotOf(id int64, r scoring.Result, now time.Time) domain.ScoreSnapshot {
	snap := domain.ScoreSnapshot{OfficialID: id, Score: int64(r.Score), Grade: r.Grade.Key, PolicyVersion: r.PolicyVersion, AsOf: r.AsOf, ComputedAt: now}
	if r.ForcedBy != 0 {
		f := r.ForcedBy
		snap.ForcedBy = &f
	}
	return snap
}

// ScoreDetail is an official's score on a day with its explanation and
// history. The result names the policy version it used; KnownAt, the day
// whose knowledge of the file it used (today for the file as known at the
// moment of the read), so that policy_version and known_at give it again.
type ScoreDetail struct {
	Result  scoring.Result
	History []scoring.Point
	KnownAt string
}

// ScoreQuery asks for a score as of a day, optionally under a published
// scoring policy version (0: the one in force) and on the file as known at
// the end of a past day (nil: as known now).
type ScoreQuery struct {
	AsOf          time.Time
	PolicyVersion int
	KnownAt       *time.Time
}

// Score computes an official's score as of a day (the snapshot is only a
// cache of today's), with the history of the six years before, and audits
// the read. Under a past policy version and on the file as known on a past
// day it gives the answer given then, whatever was corrected since.
// ENOTFOUND (field policy_version) for a version never published.
func (s *Service) Score(ctx context.Context, a Actor, scope domain.Scope, officialID int64, q ScoreQuery) (ScoreDetail, error) {
	if _, err := s.DB.OfficialInScope(ctx, scope, officialID); err != nil {
		return ScoreDetail{}, err
	}
	p, err := s.scoringVersion(ctx, q.PolicyVersion)
	if err != nil {
		return ScoreDetail{}, err
	}
	var d ScoreDetail
	detail := map[string]any{"as_of": q.AsOf.Format(time.DateOnly), "policy_version": p.Version}
	if q.KnownAt == nil {
		b, err := s.DB.RecordsOfOfficials(ctx, []int64{officialID})
		if err != nil {
			return d, err
		}
		d = scoreDetail(b.Records[officialID], p, q.AsOf)
		d.KnownAt = s.today().Format(time.DateOnly)
	} else {
		end := time.Date(q.KnownAt.Year(), q.KnownAt.Month(), q.KnownAt.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, 1).Add(-time.Microsecond)
		recs, err := s.DB.RecordsKnownAt(ctx, officialID, end)
		if err != nil {
			return d, err
		}
		d = scoreDetail(recs, p, q.AsOf)
		d.KnownAt = q.KnownAt.Format(time.DateOnly)
		detail["known_at"] = d.KnownAt
	}
	return d, s.auditRead(ctx, a.Entry("score_read", "official", itoa(officialID), domain.OutcomeSuccess, detail), 0)
}

// scoringVersion is a published (or since archived) scoring policy
// version, or the one in force for 0.
func (s *Service) scoringVersion(ctx context.Context, version int) (*scoring.Policy, error) {
	if version == 0 {
		return s.ScoringPolicy(ctx)
	}
	pv, err := s.DB.PolicyVersion(ctx, domain.PolicyScoring, version)
	if err == nil && pv.Status != domain.PolicyPublished && pv.Status != domain.PolicyArchived { // never a draft
		err = domain.NotFound("policy version")
	}
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return nil, &domain.Error{Code: domain.ENOTFOUND, Message: "no published scoring policy has this version",
			Fields: []domain.FieldError{{Field: "policy_version", Message: "not a published version of the scoring policy"}}}
	}
	if err != nil {
		return nil, err
	}
	return parsed[*scoring.Policy](ctx, s, pv)
}

// scoreOf scores one official's records as of a day under the policy in
// force, with the history of the six years before. It does not audit: the
// caller's read does.
func (s *Service) scoreOf(ctx context.Context, officialID int64, asOf time.Time) (ScoreDetail, error) {
	p, err := s.ScoringPolicy(ctx)
	if err != nil {
		return ScoreDetail{}, err
	}
	b, err := s.DB.RecordsOfOfficials(ctx, []int64{officialID})
	if err != nil {
		return ScoreDetail{}, err
	}
	return scoreDetail(b.Records[officialID], p, asOf), nil
}

// fileScore is scoreOf today for a file whose records are read already
// (all of the official's records, in any order): no second read of them,
// unless the file was cut at its limit.
func (s *Service) fileScore(ctx context.Context, officialID int64, rows []domain.RecordRow) (ScoreDetail, error) {
	asOf := s.today()
	if len(rows) >= store.FileRecordsMax {
		return s.scoreOf(ctx, officialID, asOf)
	}
	p, err := s.ScoringPolicy(ctx)
	if err != nil {
		return ScoreDetail{}, err
	}
	recs := make([]domain.Record, len(rows))
	for i := range rows {
		recs[i] = rows[i].Record
	}
	return scoreDetail(recs, p, asOf), nil
}

// scoreDetail scores records in the order of their ids, so the explanation
// (and the record named as forcing a grade, when two could) is the same
// whichever query read them.
func scoreDetail(recs []domain.Record, p *scoring.Policy, asOf time.Time) ScoreDetail {
	slices.SortFunc(recs, func(a, b domain.Record) int { return cmp.Compare(a.ID, b.ID) })
	return ScoreDetail{Result: scoring.Score(recs, p, asOf), History: scoring.History(recs, p, asOf.AddDate(-6, 0, 0), asOf)}
}

// StartRecompute queues a full recompute.
func (s *Service) StartRecompute(ctx context.Context, a Actor, reason string) (domain.Job, error) {
	j := domain.Job{Kind: JobRecompute, Param: reason, CreatedBy: a.Username}
	err := s.DB.Do(ctx, func(tx *store.Tx) error {
		if err := tx.CreateJob(&j); err != nil {
			return err
		}
		return tx.Audit(a.Entry("recompute_start", "job", itoa(j.ID), domain.OutcomeSuccess, map[string]string{"reason": reason}))
	})
	s.KickJobs()
	return j, err
}

// RunJob claims a job and runs it by its kind.
func (s *Service) RunJob(ctx context.Context, id int64) error {
	j, claimed, err := s.DB.ClaimJob(ctx, id, s.Instance, s.JobStale)
	if err != nil || !claimed {
		return err
	}
	switch j.Kind {
	case JobRecompute:
		err = s.recompute(ctx, &j)
	case JobPreview:
		err = s.runPreview(ctx, &j)
	default:
		err = fmt.Errorf("unknown job kind %q", j.Kind)
	}
	if ctx.Err() != nil {
		return ctx.Err() // stopping: a later runner resumes from the cursor
	}
	if errors.Is(err, store.ErrLeaseLost) {
		return err // another replica took the job over and finishes it
	}
	now := s.now()
	j.FinishedAt, j.Status = &now, domain.JobDone
	if err != nil {
		j.Status, j.Message = domain.JobFailed, truncate(err.Error(), 500)
	}
	return s.DB.SaveJob(context.WithoutCancel(ctx), &j)
}

// RunRecompute claims a recompute job and runs it from its cursor: the
// officials are read in id order, a batch at a time; each batch's
// snapshots and the job's progress commit together, so a crash leaves every
// snapshot either old or new (each names its policy version) and a restart
// resumes where the last commit left off.
func (s *Service) RunRecompute(ctx context.Context, id int64) error { return s.RunJob(ctx, id) }

func (s *Service) recompute(ctx context.Context, j *domain.Job) error {
	d, err := s.newDeriver(ctx)
	if err != nil {
		return err
	}
	if j.Total == 0 {
		if j.Total, err = s.DB.CountOfficials(ctx); err != nil {
			return err
		}
	}
	// Four stages overlap: a reader fetches the next batch's records, a
	// second reads that batch's prior state (snapshots, warnings,
	// deadlines), a third scores it and reconciles its warnings, and this
	// one writes the batch before: the database's work and the CPU's run
	// side by side. Each reads on a connection of its own where the pool
	// has them.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type batch struct {
		ids  []int64
		out  derived
		last int64
	}
	type fetched struct {
		store.OfficialBatch
		prior store.Prior
	}
	records := make(chan store.OfficialBatch, 1)
	read := make(chan fetched, 1)
	computed := make(chan batch, 1)
	readErr, priorErr := make(chan error, 1), make(chan error, 1)
	go func() {
		defer close(records)
		after := j.CursorID
		for {
			b, err := s.DB.OfficialsAfter(ctx, after, recomputeBatch)
			if err != nil || len(b.IDs) == 0 {
				readErr <- err
				return
			}
			select {
			case records <- b:
			case <-ctx.Done():
				readErr <- ctx.Err()
				return
			}
			after = b.IDs[len(b.IDs)-1]
		}
	}()
	go func() {
		defer close(read)
		for b := range records {
			prior, err := s.DB.Prior(ctx, b.IDs)
			if err != nil {
				priorErr <- err // the records' reader ends with recompute's deferred cancel
				return
			}
			select {
			case read <- fetched{b, prior}:
			case <-ctx.Done():
				priorErr <- ctx.Err()
				return
			}
		}
		priorErr <- nil
	}()
	go func() {
		defer close(computed)
		for b := range read {
			select {
			case computed <- batch{ids: b.IDs, out: d.compute(b.IDs, b.Records, b.prior, s.now()), last: b.IDs[len(b.IDs)-1]}:
			case <-ctx.Done():
				return
			}
		}
	}()
	for b := range computed {
		before := *j // the progress moves only when the batch commits
		err := s.DB.Do(ctx, func(tx *store.Tx) error {
			*j = before
			if err := b.out.writeTo(tx); err != nil {
				return err
			}
			j.Done += int64(len(b.ids))
			j.CursorID = b.last
			j.Message = fmt.Sprintf("policy version %d", d.scoring.Version)
			return tx.SaveJob(j)
		})
		if err != nil {
			*j = before
			cancel()
			for range computed {
			}
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := <-priorErr; err != nil {
		return err
	}
	return <-readErr
}

// DrainScoreOutbox recomputes the snapshots of officials whose records
// changed, a batch per transaction, until the queue is empty. It returns how
// many it recomputed.
func (s *Service) DrainScoreOutbox(ctx context.Context) (int, error) {
	if queued, err := s.DB.OutboxQueued(ctx); err != nil || !queued {
		return 0, err
	}
	d, err := s.newDeriver(ctx)
	if err != nil {
		return 0, err
	}
	total, rebuilt := 0, 0
	for {
		n := 0
		err := s.DB.Do(ctx, func(tx *store.Tx) error {
			if err := d.current(tx); err != nil {
				return err
			}
			ids, err := tx.TakeOutbox(recomputeBatch)
			if err != nil || len(ids) == 0 {
				return err
			}
			b, err := tx.RecordsOfOfficials(ids)
			if err != nil {
				return err
			}
			if err := d.write(tx, ids, b.Records); err != nil {
				return err
			}
			n = len(ids)
			return tx.DoneOutbox(ids)
		})
		total += n
		if errors.Is(err, errPolicyChanged) && rebuilt < 3 {
			// Published meanwhile: derive under the policies now in force
			// (a few times at most: publications do not come that fast).
			rebuilt++
			if d, err = s.newDeriver(ctx); err != nil {
				return total, err
			}
			continue
		}
		if err != nil || n == 0 {
			return total, err
		}
	}
}

// RunScoring keeps snapshots current until ctx ends: it drains the outbox,
// runs queued or abandoned recompute jobs, and queues one recompute a day
// for the records whose validity ended overnight.
func (s *Service) RunScoring(ctx context.Context, log *slog.Logger, interval time.Duration) {
	lastDaily := ""
	for {
		if _, err := s.DrainScoreOutbox(ctx); err != nil && ctx.Err() == nil {
			log.Error("scoring: draining the outbox", "error", err)
		}
		if day := s.today().Format("2006-01-02"); day != lastDaily {
			if err := s.ensureDailyRecompute(ctx, day); err != nil && ctx.Err() == nil {
				log.Error("scoring: the daily recompute", "error", err)
			} else {
				lastDaily = day
			}
		}
		jobs, err := s.DB.UnfinishedJobs(ctx)
		if err != nil && ctx.Err() == nil {
			log.Warn("scoring: cannot list jobs", "error", err)
		}
		for _, j := range jobs {
			if err := s.RunJob(ctx, j.ID); err != nil && ctx.Err() == nil {
				log.Error("scoring: job failed", "job", j.ID, "kind", j.Kind, "error", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-s.jobKick:
		case <-time.After(interval):
		}
	}
}

// ensureDailyRecompute queues the day's expiry recompute unless a recompute
// started that day already (by any process).
func (s *Service) ensureDailyRecompute(ctx context.Context, day string) error {
	// One replica schedules it: the others find the lease held.
	if held, err := s.DB.TryLease(ctx, "daily-recompute", s.Instance, time.Minute); err != nil || !held {
		return err
	}
	jobs, err := s.DB.Jobs(ctx, JobRecompute, 5)
	if err != nil {
		return err
	}
	for _, j := range jobs {
		if j.CreatedAt.Format("2006-01-02") == day {
			return nil
		}
	}
	return s.DB.CreateJob(ctx, &domain.Job{Kind: JobRecompute, Param: "daily " + day, CreatedBy: "system"})
}

// KickJobs wakes the job runner of this process at once.
func (s *Service) KickJobs() {
	select {
	case s.jobKick <- struct{}{}:
	default:
	}
}
