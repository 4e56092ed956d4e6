package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"

	"integrity/internal/app"
	"integrity/internal/domain"
	"integrity/internal/lookup"
	"integrity/internal/store"
)

// LoadResult is what a closed-loop load of concurrent clients measured.
type LoadResult struct {
	Name     string
	Clients  int
	Duration time.Duration
	Requests int64
	Errors   int64
	RPS      float64
	P50      time.Duration
	P95      time.Duration
	P99      time.Duration
}

// Load runs clients goroutines, each calling do back to back, for d, and
// reports the throughput and latency percentiles of the calls.
func Load(ctx context.Context, name string, clients int, d time.Duration, do func(ctx context.Context, client int, rnd *rand.Rand) error) LoadResult {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var errs atomic.Int64
	lat := make([][]time.Duration, clients)
	var wg sync.WaitGroup
	start := time.Now()
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			rnd := rand.New(rand.NewPCG(uint64(c)+1, 99))
			for ctx.Err() == nil {
				t0 := time.Now()
				err := do(ctx, c, rnd)
				if ctx.Err() != nil {
					return // the call the deadline cut short does not count
				}
				if err != nil {
					errs.Add(1)
					continue
				}
				lat[c] = append(lat[c], time.Since(t0))
			}
		}(c)
	}
	wg.Wait()
	elapsed := time.Since(start)
	var all []time.Duration
	for _, l := range lat {
		all = append(all, l...)
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	r := LoadResult{Name: name, Clients: clients, Duration: elapsed, Requests: int64(len(all)), Errors: errs.Load()}
	if len(all) > 0 {
		r.RPS = float64(len(all)) / elapsed.Seconds()
		r.P50, r.P95, r.P99 = all[len(all)/2], all[len(all)*95/100], all[len(all)*99/100]
	}
	return r
}

// FileViewResult compares the integrity file view under load with the
// same reads issued directly, and an Echo handler returning a constant.
type FileViewResult struct {
	Officials int
	FileView  LoadResult
	DirectSQL LoadResult
	BareEcho  LoadResult
	PeakRSS   int64
}

// FileView measures GET /api/v1/officials/{id}/file by discipline staff
// holding approved lookups (real sign-in, real JWTs, every view audited),
// served by handler on a loopback port, with clients concurrent clients for
// d; then the baseline: the SQL reads a file view makes (session, grants,
// official, lookups, records with their sources, their history and the
// warnings) straight through database/sql at the same concurrency; then a
// bare Echo handler returning a constant, the framework's ceiling.
func FileView(ctx context.Context, svc *app.Service, db *store.DB, handler http.Handler, officials, clients int, d time.Duration, progress io.Writer) (res FileViewResult, err error) {
	sampler := sampleRSS()
	defer func() { res.PeakRSS = sampler.Stop() }()
	base, stop, err := serve(handler)
	if err != nil {
		return res, err
	}
	defer stop()
	ids, token, err := setUpLookups(ctx, svc, db, base, officials)
	if err != nil {
		return res, err
	}
	res.Officials = len(ids)
	httpc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients * 2, MaxConnsPerHost: clients * 2}}
	get := func(ctx context.Context, url, token string) error {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := httpc.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			return err
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("status %d", resp.StatusCode)
		}
		return nil
	}
	fmt.Fprintf(progress, "bench: the file view, %d clients for %s…\n", clients, d)
	res.FileView = Load(ctx, "file view (HTTP)", clients, d, func(ctx context.Context, _ int, rnd *rand.Rand) error {
		return get(ctx, fmt.Sprintf("%s/api/v1/officials/%d/file", base, ids[rnd.IntN(len(ids))]), token)
	})
	uid, err := db.UserIDByName(ctx, "bench_jw")
	if err != nil {
		return res, err
	}
	fmt.Fprintf(progress, "bench: the same reads through database/sql…\n")
	res.DirectSQL = Load(ctx, "the same reads (database/sql)", clients, d, func(ctx context.Context, _ int, rnd *rand.Rand) error {
		return directReads(ctx, db, uid, ids[rnd.IntN(len(ids))])
	})
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.GET("/ping", func(c echo.Context) error { return c.String(http.StatusOK, "pong") })
	bareBase, stopBare, err := serve(e)
	if err != nil {
		return res, err
	}
	defer stopBare()
	fmt.Fprintf(progress, "bench: a bare Echo handler…\n")
	res.BareEcho = Load(ctx, "bare Echo handler", clients, d, func(ctx context.Context, _ int, _ *rand.Rand) error {
		return get(ctx, bareBase+"/ping", "")
	})
	return res, nil
}

func serve(h http.Handler) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

// benchPassword is the password of the users the benchmarks create.
const benchPassword = "Bench-load-2026"

// setUpLookups creates a discipline staff member and two approvers, one
// approved lookup of the whole file for each of n random officials, and
// signs the staff member in over HTTP.
func setUpLookups(ctx context.Context, svc *app.Service, db *store.DB, base string, n int) ([]int64, string, error) {
	root, err := db.DepartmentByCode(ctx, "yz")
	if err != nil {
		return nil, "", fmt.Errorf("bench: no demo department tree: %w", err)
	}
	sys := app.Actor{Username: "bench"}
	users := map[string]string{"bench_jw": domain.RoleDisciplineStaff, "bench_ap1": domain.RoleDisciplineApprover, "bench_ap2": domain.RoleDisciplineApprover}
	actors := map[string]app.Actor{}
	for name, role := range users {
		id, err := db.UserIDByName(ctx, name)
		if err != nil {
			c, err := svc.CreateUser(ctx, sys, app.NewUser{Username: name, DepartmentID: &root.ID, Password: benchPassword, Permanent: true,
				Grants: []app.GrantInput{{Role: role, Scope: domain.ScopeAll}}})
			if err != nil {
				return nil, "", err
			}
			id = c.User.ID
		}
		actors[name] = app.Actor{UserID: id, Username: name, Role: role}
	}
	var maxID int64
	if err := db.SQL().QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0) FROM officials").Scan(&maxID); err != nil || maxID == 0 {
		return nil, "", fmt.Errorf("bench: the database has no officials; run `integrity seed --demo` first")
	}
	p, err := svc.LookupPolicy(ctx)
	if err != nil {
		return nil, "", err
	}
	var modules []string
	for _, m := range p.Modules {
		modules = append(modules, m.Key)
	}
	all := domain.Scope{All: true}
	rnd := rand.New(rand.NewPCG(3, 4))
	var ids []int64
	for len(ids) < n {
		id := 1 + rnd.Int64N(maxID)
		l, err := svc.RequestLookup(ctx, actors["bench_jw"], all, lookup.Request{OfficialIDs: []int64{id}, Purpose: p.Purposes[0].Key,
			Reason: "benchmark of the file view", Modules: modules, Days: p.MaxDays})
		if err != nil {
			return nil, "", err
		}
		for _, ap := range []string{"bench_ap1", "bench_ap2"} {
			if _, err := svc.DecideLookup(ctx, actors[ap], all, l.ID, lookup.Decision{Approve: true}); err != nil {
				return nil, "", err
			}
		}
		ids = append(ids, id)
	}
	// As autovacuum would soon after: PostgreSQL's planner learns of the
	// lookups (elsewhere this does nothing).
	if err := db.RefreshStatistics(ctx, "lookups", "lookup_officials"); err != nil {
		return nil, "", err
	}
	body := strings.NewReader(fmt.Sprintf(`{"username":"bench_jw","password":%q}`, benchPassword))
	resp, err := http.Post(base+"/api/v1/auth/login", "application/json", body)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	var pair struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&pair); err != nil || pair.AccessToken == "" {
		return nil, "", fmt.Errorf("bench: signing in failed (%d): %v", resp.StatusCode, err)
	}
	return ids, pair.AccessToken, nil
}

// directReads issues the reads of one file view straight through
// database/sql: the session and grants, the official, the open lookup, the
// records with their sources, their history and the open warnings.
func directReads(ctx context.Context, db *store.DB, userID, officialID int64) error {
	now := db.Now()
	queries := []struct {
		q    string
		args []any
	}{
		{"SELECT id, user_id, expires_at, revoked_at FROM sessions WHERE user_id = ? ORDER BY id DESC LIMIT 1", []any{userID}},
		{"SELECT id, username, enabled, department_id, official_id FROM users WHERE id = ?", []any{userID}},
		{"SELECT g.role, g.scope, g.department_id, d.path FROM role_grants g LEFT JOIN departments d ON d.id = g.department_id WHERE g.user_id = ?", []any{userID}},
		{"SELECT o.*, d.name FROM officials o JOIN departments d ON d.id = o.department_id WHERE o.id = ?", []any{officialID}},
		{"SELECT lookup_id FROM lookup_officials WHERE official_id = ?", []any{officialID}},
		{`SELECT l.* FROM lookups l WHERE l.id IN (SELECT lookup_id FROM lookup_officials WHERE official_id = ?) AND l.requester_id = ?
			AND l.state = 'approved' AND l.access_from <= ? AND l.access_until > ?`, []any{officialID, userID, now, now}},
		{`SELECT r.*, o.name, o.id_number_masked, s.name FROM records r JOIN officials o ON o.id = r.official_id JOIN sources s ON s.id = r.source_id
			WHERE r.official_id = ? ORDER BY r.decision_date DESC, r.id DESC`, []any{officialID}},
		{"SELECT v.* FROM record_versions v JOIN records r ON r.id = v.record_id WHERE r.official_id = ?", []any{officialID}},
		{"SELECT w.* FROM warnings w WHERE w.official_id = ? AND w.state <> 'resolved'", []any{officialID}},
	}
	for _, q := range queries {
		if err := db.EachRow(ctx, q.q, q.args, func([]any) error { return nil }); err != nil {
			return err
		}
	}
	return nil
}
