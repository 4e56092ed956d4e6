package bench

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"integrity/internal/app"
	"integrity/internal/domain"
	"integrity/internal/store"
)

// EligibilityResult compares a batch eligibility check with the SQL that
// only reads the same candidates' records and snapshots.
type EligibilityResult struct {
	Officials     int64
	Candidates    int
	CheckTime     time.Duration
	CheckRSS      int64
	BaselineTime  time.Duration
	BaselineRSS   int64
	Ineligible    int
	NeedsReview   int
	BaselineRows  int64
	PurposeTested string
}

// Eligibility runs one check of n random officials (the same ones on every
// run: a fixed seed) for purpose through the real use case, which resolves
// them, reads their records, runs the engine on each and stores the check
// with every result and input; then the baseline reads those officials'
// records and snapshots with plain SELECTs of 1,000 ids, scanning every
// row.
func Eligibility(ctx context.Context, svc *app.Service, db *store.DB, n int, purpose string, progress io.Writer) (EligibilityResult, error) {
	res := EligibilityResult{Candidates: n, PurposeTested: purpose}
	counts, err := db.Count(ctx)
	if err != nil {
		return res, err
	}
	res.Officials = counts.Officials
	var maxID int64
	if err := db.SQL().QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0) FROM officials").Scan(&maxID); err != nil {
		return res, err
	}
	if maxID == 0 {
		return res, fmt.Errorf("bench: the database has no officials; run `integrity seed --demo` first")
	}
	rnd := rand.New(rand.NewPCG(7, 11))
	seen := map[int64]bool{}
	cands := make([]app.Candidate, 0, n)
	ids := make([]int64, 0, n)
	for len(cands) < n && len(seen) < int(maxID) {
		id := 1 + rnd.Int64N(maxID)
		if !seen[id] {
			seen[id] = true
			cands = append(cands, app.Candidate{Row: len(cands) + 1, OfficialID: id})
			ids = append(ids, id)
		}
	}
	fmt.Fprintf(progress, "bench: checking %d candidates among %d officials for %s…\n", len(cands), res.Officials, purpose)
	sampler := sampleRSS()
	start := time.Now()
	chk, _, err := svc.CheckCandidates(ctx, app.Actor{Username: "bench"}, app.Checker{Owner: domain.CheckOwner{UserID: -1}, Scope: domain.Scope{All: true}},
		app.CheckInput{Purpose: purpose, Candidates: cands, Origin: "api"})
	res.CheckTime, res.CheckRSS = time.Since(start), sampler.Stop()
	if err != nil {
		return res, err
	}
	res.Ineligible, res.NeedsReview = chk.Ineligible, chk.NeedsReview

	fmt.Fprintf(progress, "bench: the same candidates' records and snapshots in plain SELECTs…\n")
	sampler = sampleRSS()
	start = time.Now()
	res.BaselineRows, err = readCandidates(ctx, db, ids)
	res.BaselineTime, res.BaselineRSS = time.Since(start), sampler.Stop()
	return res, err
}

func readCandidates(ctx context.Context, db *store.DB, ids []int64) (int64, error) {
	var rows int64
	for start := 0; start < len(ids); start += 1000 {
		chunk := ids[start:min(start+1000, len(ids))]
		in := strings.TrimSuffix(strings.Repeat("?,", len(chunk)), ",")
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		for _, q := range []string{
			"SELECT id, official_id, category, code, decision_date, ended_on, repaired_on, state, under_dispute FROM records WHERE official_id IN (" + in + ")",
			"SELECT official_id, score, grade, policy_version FROM score_snapshots WHERE official_id IN (" + in + ")",
		} {
			if err := db.EachRow(ctx, q, args, func([]any) error { rows++; return nil }); err != nil {
				return rows, err
			}
		}
	}
	return rows, nil
}
