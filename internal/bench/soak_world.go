package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"integrity/internal/app"
	"integrity/internal/auth"
	"integrity/internal/domain"
	"integrity/internal/store"
)

// session is a signed-in user of the soak, whose tokens the soak renews.
type session struct {
	name    string
	mu      sync.Mutex
	access  string
	refresh string
}

func (s *session) token() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.access
}

// soakWorld is what the mixed load acts on: signed-in users of every role
// the load needs, officials with approved lookups, and ID numbers to file
// new records under.
type soakWorld struct {
	base      string
	httpc     *http.Client
	run       string // names this run's users and record references
	staff     *session
	approver  *session
	admin     *session
	personnel *session
	clerk     *session
	officials []*session // officials signed in to their own files
	fileIDs   []int64    // officials the staff holds approved lookups of
	ids       []int64    // officials to score, check and look up
	idNumbers []string   // ID numbers to file new records under
	refs      atomic.Int64
}

// setUpSoak creates the users of one soak run (approvers and admins enrol a
// second factor, as their roles require), approved lookups of lookups
// officials, and signs everyone in over HTTP at base.
func setUpSoak(ctx context.Context, svc *app.Service, db *store.DB, base string, lookups int) (*soakWorld, error) {
	w := &soakWorld{base: base, run: fmt.Sprintf("soak%d", time.Now().Unix()),
		httpc: &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxConnsPerHost: maxInFlight, MaxIdleConnsPerHost: maxInFlight}}}
	fileIDs, _, err := setUpLookups(ctx, svc, db, base, lookups)
	if err != nil {
		return nil, err
	}
	w.fileIDs = fileIDs
	if w.staff, err = w.login(ctx, "bench_jw", benchPassword, ""); err != nil {
		return nil, err
	}
	root, err := db.DepartmentByCode(ctx, "yz")
	if err != nil {
		return nil, err
	}
	court, err := db.SourceByCode(ctx, "court")
	if err != nil {
		return nil, fmt.Errorf("bench: no demo source court: %w", err)
	}
	rows, err := db.SQL().QueryContext(ctx, "SELECT id FROM officials ORDER BY id LIMIT 2000")
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		w.ids = append(w.ids, id)
	}
	rows.Close()
	// New records go to officials from the other end of the registry, up to
	// 20,000 of them, so that the load stays the same for its whole run: the
	// files it reads do not grow by the records it submits (in a population
	// of a few thousand the two sets overlap, which a short run does not
	// notice).
	rows, err = db.SQL().QueryContext(ctx, "SELECT id_number_enc FROM officials ORDER BY id DESC LIMIT 20000")
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var enc []byte
		if err := rows.Scan(&enc); err != nil {
			rows.Close()
			return nil, err
		}
		n, err := svc.Keys.Decrypt(enc, domain.IDNumberAD)
		if err != nil {
			rows.Close()
			return nil, err
		}
		w.idNumbers = append(w.idNumbers, n)
	}
	rows.Close()
	if len(w.ids) == 0 {
		return nil, fmt.Errorf("bench: the database has no officials; run `integrity seed --demo` first")
	}
	mk := func(suffix, role, scope string, official, source *int64, secondFactor bool) (*session, error) {
		name := w.run + "_" + suffix
		created, err := svc.CreateUser(ctx, app.Actor{Username: "soak"}, app.NewUser{Username: name, DepartmentID: &root.ID, OfficialID: official,
			SourceID: source, Password: benchPassword, Permanent: true, Grants: []app.GrantInput{{Role: role, Scope: scope}}})
		if err != nil {
			return nil, fmt.Errorf("bench: user %s: %w", name, err)
		}
		u := created.User
		otp := ""
		if secondFactor {
			a := app.Actor{UserID: u.ID, Username: name}
			secret, _, err := svc.TOTPSetup(ctx, a)
			if err != nil {
				return nil, err
			}
			code, err := auth.TOTPCode(secret, auth.TOTPStep(db.Now())-1)
			if err != nil {
				return nil, err
			}
			recovery, err := svc.TOTPEnable(ctx, a, code)
			if err != nil {
				return nil, err
			}
			otp = recovery[0]
		}
		return w.login(ctx, name, benchPassword, otp)
	}
	if w.approver, err = mk("ap", domain.RoleDisciplineApprover, domain.ScopeAll, nil, nil, true); err != nil {
		return nil, err
	}
	if w.admin, err = mk("admin", domain.RoleAdmin, domain.ScopeAll, nil, nil, true); err != nil {
		return nil, err
	}
	if w.personnel, err = mk("hr", domain.RolePersonnelStaff, domain.ScopeAll, nil, nil, false); err != nil {
		return nil, err
	}
	if w.clerk, err = mk("clerk", domain.RoleDataClerk, domain.ScopeAll, nil, &court.ID, false); err != nil {
		return nil, err
	}
	for i := 0; i < 5; i++ {
		id := w.ids[i*len(w.ids)/5]
		s, err := mk(fmt.Sprintf("of%d", i), domain.RoleOfficial, domain.ScopeSelf, &id, nil, false)
		if err != nil {
			return nil, err
		}
		w.officials = append(w.officials, s)
	}
	return w, nil
}

type tokenPair struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
}

func (w *soakWorld) login(ctx context.Context, name, password, otp string) (*session, error) {
	var pair tokenPair
	status, body, err := w.send(ctx, http.MethodPost, "/api/v1/auth/login", "", map[string]string{"username": name, "password": password, "otp": otp})
	if err == nil && status == http.StatusOK {
		err = json.Unmarshal(body, &pair)
	}
	if err != nil || status != http.StatusOK || pair.AccessToken == "" {
		return nil, fmt.Errorf("bench: signing %s in: %d %s %v", name, status, body, err)
	}
	return &session{name: name, access: pair.AccessToken, refresh: pair.RefreshToken}, nil
}

// renew rotates every session's tokens, as a client does before its access
// token expires.
func (w *soakWorld) renew(ctx context.Context) error {
	for _, s := range append([]*session{w.staff, w.approver, w.admin, w.personnel, w.clerk}, w.officials...) {
		s.mu.Lock()
		refresh := s.refresh
		s.mu.Unlock()
		var pair tokenPair
		status, body, err := w.send(ctx, http.MethodPost, "/api/v1/auth/refresh", "", map[string]string{"refresh_token": refresh})
		if err == nil && status == http.StatusOK {
			err = json.Unmarshal(body, &pair)
		}
		if err != nil || status != http.StatusOK {
			return fmt.Errorf("renewing %s's tokens: %d %s %v", s.name, status, body, err)
		}
		s.mu.Lock()
		s.access, s.refresh = pair.AccessToken, pair.RefreshToken
		s.mu.Unlock()
	}
	return nil
}

// closeIdle closes the client's idle connections, so that a reading at
// rest counts no goroutines of keep-alive connections (their number
// follows the load's peak concurrency, which is no leak).
func (w *soakWorld) closeIdle() { w.httpc.Transport.(*http.Transport).CloseIdleConnections() }

// send makes one request and reads the whole answer.
func (w *soakWorld) send(ctx context.Context, method, path, token string, body any) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, w.base+path, rd)
	if err != nil {
		return 0, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := w.httpc.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// expect makes one request and returns an error unless it answers one of
// the statuses.
func (w *soakWorld) expect(ctx context.Context, method, path string, s *session, body any, statuses ...int) ([]byte, error) {
	status, b, err := w.send(ctx, method, path, s.token(), body)
	if err != nil {
		return nil, err
	}
	for _, want := range statuses {
		if status == want {
			return b, nil
		}
	}
	if len(b) > 300 {
		b = b[:300]
	}
	return nil, fmt.Errorf("%s %s: %d %s", method, path, status, b)
}

// soakOp is one kind of request of the mixed load, with its share.
type soakOp struct {
	name   string
	weight int
	do     func(ctx context.Context, w *soakWorld, rnd *rand.Rand) error
}

// soakMix is the mixed load: mostly audited reads, some writes.
var soakMix = []soakOp{
	{"file view (approved lookup)", 30, func(ctx context.Context, w *soakWorld, rnd *rand.Rand) error {
		_, err := w.expect(ctx, http.MethodGet, fmt.Sprintf("/api/v1/officials/%d/file", w.fileIDs[rnd.IntN(len(w.fileIDs))]), w.staff, nil, 200)
		return err
	}},
	{"score read", 15, func(ctx context.Context, w *soakWorld, rnd *rand.Rand) error {
		_, err := w.expect(ctx, http.MethodGet, fmt.Sprintf("/api/v1/officials/%d/score", w.ids[rnd.IntN(len(w.ids))]), w.admin, nil, 200)
		return err
	}},
	{"own file", 15, func(ctx context.Context, w *soakWorld, rnd *rand.Rand) error {
		_, err := w.expect(ctx, http.MethodGet, "/api/v1/me/file", w.officials[rnd.IntN(len(w.officials))], nil, 200)
		return err
	}},
	{"eligibility check (10 candidates)", 10, func(ctx context.Context, w *soakWorld, rnd *rand.Rand) error {
		ids := make([]int64, 10)
		for i := range ids {
			ids[i] = w.ids[rnd.IntN(len(w.ids))]
		}
		_, err := w.expect(ctx, http.MethodPost, "/api/v1/eligibility/checks", w.personnel, map[string]any{"purpose": "promotion", "official_ids": ids}, 200, 201)
		return err
	}},
	{"record submission (3 records)", 15, func(ctx context.Context, w *soakWorld, rnd *rand.Rand) error {
		recs := make([]map[string]any, 3)
		for i := range recs {
			n := w.refs.Add(1)
			recs[i] = map[string]any{"id_number": w.idNumbers[rnd.IntN(len(w.idNumbers))], "source_ref": fmt.Sprintf("%s-%07d", w.run, n),
				"category": "judicial", "code": "jud_civil_unperformed", "decision_date": fmt.Sprintf("2024-%02d-%02d", 1+n%12, 1+n%28),
				"document_no": fmt.Sprintf("（2024）云01民初%d号", n), "authority": "法院", "summary": "逾期未履行"}
		}
		_, err := w.expect(ctx, http.MethodPost, "/api/v1/records", w.clerk, map[string]any{"records": recs}, 200, 201)
		return err
	}},
	{"lookup request and approval", 15, func(ctx context.Context, w *soakWorld, rnd *rand.Rand) error {
		b, err := w.expect(ctx, http.MethodPost, "/api/v1/lookups", w.staff, map[string]any{"official_ids": []int64{w.ids[rnd.IntN(len(w.ids))]},
			"purpose": "clue_disposal", "reason": "核查反映的问题线索", "legal_basis": "纪检监察机关监督检查工作规则", "modules": []string{"judicial"}}, 201)
		if err != nil {
			return err
		}
		var l struct {
			ID int64 `json:"id"`
		}
		if err := json.Unmarshal(b, &l); err != nil {
			return err
		}
		_, err = w.expect(ctx, http.MethodPost, fmt.Sprintf("/api/v1/lookups/%d/approve", l.ID), w.approver, map[string]any{}, 200)
		return err
	}},
}

// pick draws an operation by its share.
func pick(rnd *rand.Rand) *soakOp { return &soakMix[pickIndex(rnd)] }

func pickIndex(rnd *rand.Rand) int {
	total := 0
	for _, op := range soakMix {
		total += op.weight
	}
	n := rnd.IntN(total)
	for i := range soakMix {
		if n < soakMix[i].weight {
			return i
		}
		n -= soakMix[i].weight
	}
	return len(soakMix) - 1
}
