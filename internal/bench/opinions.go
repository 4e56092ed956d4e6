package bench

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"integrity/internal/app"
	"integrity/internal/domain"
	"integrity/internal/opinion"
	"integrity/internal/store"
)

// OpinionResult compares the draft of an integrity opinion reply for n
// candidates with the reads the draft needs.
type OpinionResult struct {
	Officials  int64
	Candidates int
	// Drafts are the times of each run of the draft, fastest first.
	Drafts       []time.Duration
	DraftRSS     int64
	BaselineTime time.Duration // the median of as many runs
	Records      int
	Lead         int // candidates with an open lead stated
	Clean        int // candidates with no adverse finding
}

// Opinion sends one request for n random officials (a fixed seed) as a
// personnel user of the database with scope all, then drafts its reply
// runs times through the real use case (app.DraftOpinion as commission
// staff: the candidates' officials and records read in one transaction,
// the verdict and the draft made for each, the candidates' rows written and
// each file read audited, in batches). The baseline is the reads alone,
// through the same store calls in one transaction: the request's
// candidates, their officials' categories and their records.
func Opinion(ctx context.Context, svc *app.Service, db *store.DB, n, runs int, progress io.Writer) (OpinionResult, error) {
	res := OpinionResult{Candidates: n}
	counts, err := db.Count(ctx)
	if err != nil {
		return res, err
	}
	res.Officials = counts.Officials
	var uid, dept, maxID int64
	if err := db.SQL().QueryRowContext(ctx, "SELECT id, department_id FROM users WHERE department_id IS NOT NULL ORDER BY id LIMIT 1").Scan(&uid, &dept); err != nil {
		return res, fmt.Errorf("bench: no user with a department to send the request; run `integrity seed --demo` first: %w", err)
	}
	if err := db.SQL().QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0) FROM officials").Scan(&maxID); err != nil {
		return res, err
	}
	caller := func(role string) (app.Caller, error) {
		cl := app.Caller{Principal: &domain.Principal{User: domain.User{ID: uid, Username: "bench", DepartmentID: &dept},
			Grants: []domain.GrantInfo{{Role: role, Scope: domain.ScopeAll}}}}
		return cl, svc.Resolve(ctx, &cl, map[string]bool{role: true})
	}
	hr, err := caller(domain.RolePersonnelStaff)
	if err != nil {
		return res, err
	}
	jw, err := caller(domain.RoleDisciplineStaff)
	if err != nil {
		return res, err
	}
	rnd := rand.New(rand.NewPCG(17, 5))
	seen := map[int64]bool{}
	var cands []app.Candidate
	for len(cands) < n && len(seen) < int(maxID) {
		if id := 1 + rnd.Int64N(maxID); !seen[id] {
			seen[id] = true
			cands = append(cands, app.Candidate{Row: len(cands) + 1, OfficialID: id})
		}
	}
	r, _, err := svc.CreateOpinion(ctx, hr, app.OpinionInput{Purpose: "promotion", DocumentNo: "bench", Candidates: cands})
	if err != nil {
		return res, err
	}
	fmt.Fprintf(progress, "bench: drafting the reply for %d candidates among %d officials, %d times…\n", len(cands), res.Officials, runs)
	sampler := sampleRSS()
	var drafted []domain.OpinionCandidate
	for range runs {
		start := time.Now()
		_, drafted, err = svc.DraftOpinion(ctx, jw, r.ID)
		res.Drafts = append(res.Drafts, time.Since(start))
		if err != nil {
			return res, err
		}
	}
	res.DraftRSS = sampler.Stop()
	slices.Sort(res.Drafts)
	for _, c := range drafted {
		if c.Proposed == opinion.Clean {
			res.Clean++
		}
		if strings.Contains(c.Matters, `"kind":"lead"`) {
			res.Lead++
		}
	}

	fmt.Fprintf(progress, "bench: the reads the draft needs, %d times…\n", runs)
	var reads []time.Duration
	for range runs {
		res.Records = 0
		start := time.Now()
		if err := readDraftInputs(ctx, db, r.ID, &res); err != nil {
			return res, err
		}
		reads = append(reads, time.Since(start))
	}
	slices.Sort(reads)
	res.BaselineTime = reads[len(reads)/2]
	return res, nil
}

// readDraftInputs reads what a draft needs, in one transaction: the
// request's candidates, their officials' categories and their records.
func readDraftInputs(ctx context.Context, db *store.DB, id int64, res *OpinionResult) error {
	return db.Do(ctx, func(tx *store.Tx) error {
		named, err := tx.CandidatesOf(id)
		if err != nil {
			return err
		}
		ids := make([]int64, 0, len(named))
		for _, c := range named {
			if c.OfficialID != nil {
				ids = append(ids, *c.OfficialID)
			}
		}
		if _, err := tx.OfficialCategories(ids); err != nil {
			return err
		}
		b, err := tx.RecordsOfOfficials(ids)
		for _, recs := range b.Records {
			res.Records += len(recs)
		}
		return err
	})
}
