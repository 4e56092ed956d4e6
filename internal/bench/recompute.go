package bench

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
	"time"

	"integrity/internal/app"
	"integrity/internal/domain"
	"integrity/internal/scoring"
	"integrity/internal/store"
)

// RecomputeResult compares a full recompute with one SQL statement that
// computes the same sums, and times single as-of scores.
type RecomputeResult struct {
	Officials      int64
	Records        int64
	RecomputeTime  time.Duration
	RecomputeRSS   int64
	BaselineTime   time.Duration
	BaselineRSS    int64
	ScoreP50       time.Duration
	ScoreP99       time.Duration
	ScoreSamples   int
	MatchingScores int64 // officials whose snapshot equals the baseline's sum (no caps or forced grades apply to them)
}

// Recompute runs a full recompute through the real job, then the baseline:
// INSERT … SELECT … GROUP BY over records joined to the rules, with the
// validity windows in SQL, into a scratch table. Then it times samples
// single as-of scores of random officials.
func Recompute(ctx context.Context, svc *app.Service, db *store.DB, samples int, progress io.Writer) (RecomputeResult, error) {
	var res RecomputeResult
	counts, err := db.Count(ctx)
	if err != nil {
		return res, err
	}
	res.Officials, res.Records = counts.Officials, counts.Records
	if res.Officials == 0 {
		return res, fmt.Errorf("bench: the database has no officials; run `integrity seed --demo` first")
	}
	p, err := svc.ScoringPolicy(ctx)
	if err != nil {
		return res, err
	}
	fmt.Fprintf(progress, "bench: recomputing %d officials with %d records…\n", res.Officials, res.Records)
	sampler := sampleRSS()
	start := time.Now()
	j, err := svc.StartRecompute(ctx, app.Actor{Username: "bench"}, "benchmark")
	if err == nil {
		err = svc.RunRecompute(ctx, j.ID)
	}
	res.RecomputeTime, res.RecomputeRSS = time.Since(start), sampler.Stop()
	if err != nil {
		return res, err
	}
	if j, err = db.Job(ctx, j.ID); err != nil || j.Status != domain.JobDone {
		return res, fmt.Errorf("bench: the recompute ended %s: %s (%v)", j.Status, j.Message, err)
	}

	fmt.Fprintf(progress, "bench: the same sums in one SQL statement…\n")
	sampler = sampleRSS()
	start = time.Now()
	err = baselineScores(ctx, db, p, svc.DB.Now())
	res.BaselineTime, res.BaselineRSS = time.Since(start), sampler.Stop()
	if err != nil {
		return res, err
	}
	if err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM bench_scores b JOIN score_snapshots s ON s.official_id = b.official_id WHERE s.score = b.score`).Scan(&res.MatchingScores); err != nil {
		return res, err
	}
	_, _ = db.SQL().ExecContext(ctx, "DROP TABLE bench_scores")
	_, _ = db.SQL().ExecContext(ctx, "DROP TABLE bench_rules")

	fmt.Fprintf(progress, "bench: %d single as-of scores…\n", samples)
	rnd := rand.New(rand.NewPCG(1, 2))
	var maxID int64
	if err := db.SQL().QueryRowContext(ctx, "SELECT MAX(id) FROM officials").Scan(&maxID); err != nil {
		return res, err
	}
	lat := make([]time.Duration, 0, samples)
	asOf := svc.DB.Now().AddDate(0, -6, 0)
	for i := 0; i < samples; i++ {
		id := 1 + rnd.Int64N(maxID)
		t0 := time.Now()
		if _, err := svc.Score(ctx, app.Actor{Username: "bench"}, domain.Scope{All: true}, id, app.ScoreQuery{AsOf: asOf}); err != nil && domain.ErrorCode(err) != domain.ENOTFOUND {
			return res, err
		}
		lat = append(lat, time.Since(t0))
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	res.ScoreSamples = len(lat)
	res.ScoreP50, res.ScoreP99 = lat[len(lat)/2], lat[len(lat)*99/100]
	return res, nil
}

// baselineScores is the hand-written SQL: base plus the points of the
// records in force, clamped to floor and ceiling, for every official.
func baselineScores(ctx context.Context, db *store.DB, p *scoring.Policy, now time.Time) error {
	sqlDB := db.SQL()
	for _, q := range []string{"DROP TABLE IF EXISTS bench_scores", "DROP TABLE IF EXISTS bench_rules",
		"CREATE TABLE bench_rules (code VARCHAR(64) NOT NULL PRIMARY KEY, points BIGINT NOT NULL, months INT NOT NULL, until_removed INT NOT NULL)",
		"CREATE TABLE bench_scores (official_id BIGINT NOT NULL PRIMARY KEY, score BIGINT NOT NULL)"} {
		if _, err := sqlDB.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	for _, r := range p.Rules {
		u := 0
		if r.UntilRemoved {
			u = 1
		}
		if _, err := sqlDB.ExecContext(ctx, "INSERT INTO bench_rules VALUES (?, ?, ?, ?)", r.Code, int64(scoring.FromFloat(r.Points)), r.Months, u); err != nil {
			return err
		}
	}
	today := now.Format("2006-01-02")
	base, floor, ceil := int64(scoring.FromFloat(p.Base)), int64(scoring.FromFloat(p.Floor)), int64(scoring.FromFloat(p.Ceiling))
	var q string
	switch db.Dialect {
	case "postgres":
		q = `INSERT INTO bench_scores (official_id, score)
SELECT o.id, LEAST(?, GREATEST(?, ? + COALESCE(SUM(br.points), 0)))
FROM officials o
LEFT JOIN records r ON r.official_id = o.id AND r.state = 'active' AND r.decision_date <= ?::date
  AND (r.ended_on IS NULL OR r.ended_on > ?::date) AND (r.repaired_on IS NULL OR r.repaired_on > ?::date)
LEFT JOIN bench_rules br ON br.code = r.code AND (br.until_removed = 1 OR r.decision_date + make_interval(months => br.months) > ?::date)
GROUP BY o.id`
	case "mysql":
		q = `INSERT INTO bench_scores (official_id, score)
SELECT o.id, LEAST(?, GREATEST(?, ? + COALESCE(SUM(br.points), 0)))
FROM officials o
LEFT JOIN records r ON r.official_id = o.id AND r.state = 'active' AND r.decision_date <= ?
  AND (r.ended_on IS NULL OR r.ended_on > ?) AND (r.repaired_on IS NULL OR r.repaired_on > ?)
LEFT JOIN bench_rules br ON br.code = r.code AND (br.until_removed = 1 OR DATE_ADD(r.decision_date, INTERVAL br.months MONTH) > ?)
GROUP BY o.id`
	default:
		q = `INSERT INTO bench_scores (official_id, score)
SELECT o.id, MIN(?, MAX(?, ? + COALESCE(SUM(br.points), 0)))
FROM officials o
LEFT JOIN records r ON r.official_id = o.id AND r.state = 'active' AND date(r.decision_date) <= ?
  AND (r.ended_on IS NULL OR date(r.ended_on) > ?) AND (r.repaired_on IS NULL OR date(r.repaired_on) > ?)
LEFT JOIN bench_rules br ON br.code = r.code AND (br.until_removed = 1 OR date(r.decision_date, '+' || br.months || ' months') > ?)
GROUP BY o.id`
	}
	_, err := sqlDB.ExecContext(ctx, q, ceil, floor, base, today, today, today, today)
	return err
}
