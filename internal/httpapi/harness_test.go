package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/labstack/echo/v4"

	"integrity/internal/app"
	"integrity/internal/auth"
	"integrity/internal/config"
	"integrity/internal/domain"
	"integrity/internal/httpapi"
	"integrity/internal/secure"
	"integrity/internal/store"
	"integrity/internal/store/storetest"
	"integrity/policies"
)

func testKeys(t *testing.T) *secure.Keys {
	return storetest.Keys(t, "t")
}

func testAuthConfig() config.Auth {
	return config.Auth{AccessTTL: 10 * time.Minute, SessionTTL: 12 * time.Hour, LockoutThreshold: 5,
		LockoutDuration: 15 * time.Minute, PasswordMinLength: 10, PasswordClasses: 3, PasswordMaxAgeDays: 90,
		TOTPRoles: nil}
}

// totpConfig is testAuthConfig with the default second-factor roles.
func totpConfig() config.Auth {
	c := testAuthConfig()
	c.TOTPRoles = []string{domain.RoleAdmin, domain.RoleDisciplineApprover, domain.RoleAuditor}
	return c
}

// testEnforcer is the shipped route policy plus the lines of test probes.
func testEnforcer(t *testing.T, extra ...string) *auth.Enforcer {
	t.Helper()
	model, _ := fs.ReadFile(policies.FS, "model.conf")
	policy, _ := fs.ReadFile(policies.FS, "policy.csv")
	mfs := fstest.MapFS{
		"model.conf": {Data: model},
		"policy.csv": {Data: []byte(string(policy) + "\n" + strings.Join(extra, "\n") + "\n")},
	}
	e, err := auth.LoadEnforcer(mfs)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// clock is a settable clock for the store.
type clock struct{ ns atomic.Int64 }

func (c *clock) now() time.Time      { return time.Unix(0, c.ns.Load()).UTC() }
func (c *clock) set(t time.Time)     { c.ns.Store(t.UnixNano()) }
func (c *clock) add(d time.Duration) { c.ns.Add(int64(d)) }

// idNumberRE finds anything shaped like a full citizen ID number.
var idNumberRE = regexp.MustCompile(`(^|[^0-9])[1-9][0-9]{5}(19|20)[0-9]{2}[01][0-9][0-3][0-9][0-9]{3}[0-9Xx]([^0-9]|$)`)

// scanned counts the JSON bodies that the ID-number scan has read.
var scanned atomic.Int64

// scanForIDNumbers fails the test if a response body holds a full ID number.
func scanForIDNumbers(t *testing.T, method, url, body string) {
	t.Helper()
	scanned.Add(1)
	if m := idNumberRE.FindString(body); m != "" {
		t.Errorf("%s %s returned a full ID number %q", method, url, strings.Trim(m, "\\\",: "))
	}
}

// client is a test API client: JSON in and out, a bearer token, and every
// response scanned for full ID numbers.
type client struct {
	t      *testing.T
	base   string
	token  string
	apiKey string
}

type response struct {
	Status int
	Header http.Header
	Body   string
}

func (r response) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(r.Body), v); err != nil {
		t.Fatalf("not JSON (%d): %s", r.Status, r.Body)
	}
}

func (c *client) do(method, path string, body any) response {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		switch b := body.(type) {
		case string:
			rd = strings.NewReader(b)
		default:
			raw, _ := json.Marshal(b)
			rd = bytes.NewReader(raw)
		}
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if c.apiKey != "" {
		req.Header.Set("X-API-Key", c.apiKey)
	}
	return c.send(req)
}

// send performs a prepared request and scans its answer.
func (c *client) send(req *http.Request) response {
	c.t.Helper()
	if c.token != "" && req.Header.Get("Authorization") == "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	method, path := req.Method, req.URL.Path
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if !strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") {
		scanForIDNumbers(c.t, method, path, string(b))
	}
	scanForRebuildable(c.t, method, path, resp.Header.Get("Content-Type"), b)
	checkConformance(c.t, req, resp.StatusCode, resp.Header, b)
	return response{Status: resp.StatusCode, Header: resp.Header, Body: string(b)}
}

func (c *client) must(method, path string, body any, status int) response {
	c.t.Helper()
	r := c.do(method, path, body)
	if r.Status != status {
		c.t.Fatalf("%s %s: status %d, want %d: %s", method, path, r.Status, status, r.Body)
	}
	return r
}

func (ts *testServer) anon(t *testing.T) *client { return &client{t: t, base: ts.URL} }

// world is a seeded registry with one user per role.
type world struct {
	ts        *testServer
	clock     *clock
	root      domain.Department
	districtA domain.Department // hr's district
	districtB domain.Department
	inA, inB  int64 // an official in each district
	password  string
	// court (judicial) is clerk1's source, traffic clerk2's.
	court, traffic domain.Source
}

const testPassword = "Correct-horse-9"

// newWorld starts a server over a fresh database with two districts, one
// official in each, and one user per role: admin, auditor and approver with
// scope all; hr (personnel_staff) over district A only; jw (discipline
// staff) over district B only; clerk; and an official linked to inA.
func newWorld(t *testing.T) *world {
	t.Helper()
	return newWorldOn(t, storetest.MustOpenDB(t), testAuthConfig())
}

func newWorldOn(t *testing.T, db *store.DB, cfg config.Auth) *world {
	t.Helper()
	return newWorldWith(t, db, cfg, nil)
}

// newWorldWith is newWorldOn with a hook that adjusts the server's
// dependencies (say, the proxies it trusts) before it is built.
func newWorldWith(t *testing.T, db *store.DB, cfg config.Auth, deps func(*httpapi.Deps)) *world {
	t.Helper()
	ts := startWith(t, db, cfg, t.TempDir(), deps, nil)
	w := &world{ts: ts, clock: &clock{}, password: testPassword}
	w.clock.set(time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC))
	ts.db.Now = w.clock.now
	ctx := context.Background()
	mk := func(parent *domain.Department, code string) domain.Department {
		d := domain.Department{Code: code, Name: code, Kind: domain.DeptDistrict}
		if parent != nil {
			d.ParentID = &parent.ID
		}
		if err := ts.db.CreateDepartment(ctx, &d); err != nil {
			t.Fatal(err)
		}
		return d
	}
	w.root = mk(nil, "root")
	w.districtA, w.districtB = mk(&w.root, "district-a"), mk(&w.root, "district-b")
	bureauA := mk(&w.districtA, "bureau-a")
	w.inA = w.official(t, bureauA.ID, "320102199003071239")
	w.inB = w.official(t, w.districtB.ID, "320102198511200047")
	w.court = domain.Source{Code: "court", Name: "法院", Categories: "judicial"}
	w.traffic = domain.Source{Code: "traffic", Name: "交警", Categories: "traffic"}
	for _, src := range []*domain.Source{&w.court, &w.traffic} {
		if err := ts.db.UpsertSource(ctx, src); err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range []account{
		{"admin1", domain.RoleAdmin, domain.ScopeAll, w.root.ID, nil, nil},
		{"auditor1", domain.RoleAuditor, domain.ScopeAll, w.root.ID, nil, nil},
		{"secadmin1", domain.RoleSecurityAdmin, domain.ScopeAll, w.root.ID, nil, nil},
		{"secadmin2", domain.RoleSecurityAdmin, domain.ScopeAll, w.root.ID, nil, nil},
		{"approver1", domain.RoleDisciplineApprover, domain.ScopeAll, w.root.ID, nil, nil},
		{"hr1", domain.RolePersonnelStaff, domain.ScopeDeptAndBelow, w.districtA.ID, nil, nil},
		{"jw1", domain.RoleDisciplineStaff, domain.ScopeDeptAndBelow, w.districtB.ID, nil, nil},
		{"clerk1", domain.RoleDataClerk, domain.ScopeAll, w.root.ID, nil, &w.court.ID},
		{"clerk2", domain.RoleDataClerk, domain.ScopeAll, w.root.ID, nil, &w.traffic.ID},
		{"official1", domain.RoleOfficial, domain.ScopeSelf, w.districtA.ID, &w.inA, nil},
	} {
		w.addUser(t, u)
	}
	return w
}

// account is a test account: one grant, its department, and the official
// or source it is tied to (nil: none).
type account struct {
	name, role, scope string
	dept              int64
	official, source  *int64
}

// addUser adds an account with the world's password straight through the
// app: a fixture, not the behaviour under test.
func (w *world) addUser(t *testing.T, u account) {
	t.Helper()
	dept := u.dept
	if _, err := w.ts.app.CreateUser(context.Background(), app.Actor{Username: "test"}, app.NewUser{Username: u.name, DepartmentID: &dept,
		OfficialID: u.official, SourceID: u.source, Grants: []app.GrantInput{{Role: u.role, Scope: u.scope}}, Password: w.password,
		Permanent: true}); err != nil {
		t.Fatalf("user %s: %v", u.name, err)
	}
}

// addSource adds (or updates) a source system straight in the database.
func (w *world) addSource(t *testing.T, s *domain.Source) {
	t.Helper()
	if err := w.ts.db.UpsertSource(context.Background(), s); err != nil {
		t.Fatal(err)
	}
}

func (w *world) official(t *testing.T, dept int64, id string) int64 {
	t.Helper()
	name, cat, status := "测试人员", domain.CategoryCivilServant, domain.OfficialActive
	o, err := w.ts.app.CreateOfficial(context.Background(), app.Actor{Username: "test"},
		app.OfficialInput{DepartmentID: &dept, Name: &name, IDNumber: &id, Category: &cat, Status: &status})
	if err != nil {
		t.Fatal(err)
	}
	return o.ID
}

// tokenPair is a sign-in's answer.
type tokenPair struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
	TokenType    string `json:"token_type"`
}

// meOut is what the tests read of GET /me.
type meOut struct {
	Roles              []string           `json:"roles"`
	Grants             []domain.GrantInfo `json:"grants"`
	MustChangePassword bool               `json:"must_change_password"`
	TOTPEnabled        bool               `json:"totp_enabled"`
	TOTPRequired       bool               `json:"totp_required"`
}

// login signs a user in and returns a client holding the access token and
// the refresh token.
func (w *world) login(t *testing.T, username string) (*client, string) {
	t.Helper()
	r := w.ts.anon(t).must(http.MethodPost, "/api/v1/auth/login", map[string]string{"username": username, "password": w.password}, 200)
	var pair tokenPair
	r.json(t, &pair)
	if pair.AccessToken == "" || pair.RefreshToken == "" || pair.TokenType != "Bearer" {
		t.Fatalf("login answer %s", r.Body)
	}
	return &client{t: t, base: w.ts.URL, token: pair.AccessToken}, pair.RefreshToken
}

// openTwice opens one database through two pools, as two server processes
// would: a SQLite file, or a fresh server database when one is configured.
func openTwice(t *testing.T) (*store.DB, *store.DB) {
	t.Helper()
	var cfg config.Database
	var err error
	if storetest.Server() != "" {
		cfg = storetest.FreshServer(t)
	} else if cfg, err = config.ParseDatabaseURL("sqlite:" + filepath.Join(t.TempDir(), "shared.db")); err != nil {
		t.Fatal(err)
	}
	open := func() *store.DB {
		db, err := store.Open(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if _, err := db.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		return db
	}
	return open(), open()
}

// sourceClient creates an API key for a source and returns a client that
// signs its requests with it.
func (w *world) sourceClient(t *testing.T, admin *client, sourceID int64) *client {
	t.Helper()
	var k struct {
		Key string `json:"key"`
	}
	admin.must(http.MethodPost, fmt.Sprintf("/api/v1/sources/%d/keys", sourceID), map[string]string{"name": "test key"}, 201).json(t, &k)
	if !strings.HasPrefix(k.Key, "isk_") {
		t.Fatalf("key %q", k.Key)
	}
	return &client{t: t, base: w.ts.URL, apiKey: k.Key}
}

// keyOf creates a key for a source and returns its id.
func (w *world) keyOf(t *testing.T, admin *client, sourceID int64) int64 {
	t.Helper()
	var k struct {
		ID int64 `json:"id"`
	}
	admin.must(http.MethodPost, fmt.Sprintf("/api/v1/sources/%d/keys", sourceID), map[string]string{"name": "another"}, 201).json(t, &k)
	return k.ID
}

// record is a valid judicial record of the official with this ID number.
func (w *world) record(idNumber, ref string) map[string]any {
	return map[string]any{"id_number": idNumber, "source_ref": ref, "category": "judicial", "code": "jud_civil_unperformed",
		"decision_date": "2024-03-05", "document_no": "（2024）云01民初1号", "authority": "法院", "summary": "逾期未履行"}
}

// submit posts records and returns the id of the first.
func (w *world) submit(t *testing.T, c *client, recs ...map[string]any) int64 {
	t.Helper()
	var out struct {
		Results []struct {
			ID      int64  `json:"id"`
			Outcome string `json:"outcome"`
		} `json:"results"`
	}
	r := c.do(http.MethodPost, "/api/v1/records", map[string]any{"records": recs})
	if r.Status != 201 && r.Status != 200 {
		t.Fatalf("submit: %d %s", r.Status, r.Body)
	}
	r.json(t, &out)
	return out.Results[0].ID
}

// importCSV is a one-row import file for a judicial record.
func importCSV(idNumber, ref string) string {
	return "身份证号码,来源编号,记录类别,记录事项,决定日期,文号\n" + idNumber + "," + ref + ",司法,民事判决未履行,2024/3/5,（2024）1号\n"
}

// upload sends a file to /imports and returns the import's id.
func (w *world) upload(t *testing.T, c *client, name, content string, dryRun bool) int64 {
	t.Helper()
	r := c.send(uploadRequest(w.ts.URL+"/api/v1/imports", name, content, dryRun))
	if r.Status != 202 {
		t.Fatalf("upload: %d %s", r.Status, r.Body)
	}
	var im struct {
		ID int64 `json:"id"`
	}
	r.json(t, &im)
	return im.ID
}

// importResult waits for an import to finish and returns its report.
func (w *world) importResult(t *testing.T, c *client, id int64) importReport {
	t.Helper()
	return finished(t, c, fmt.Sprintf("/api/v1/imports/%d", id), func(r importReport) string { return r.Status })
}

// finished reads path until what it answers is done or failed (status
// reads that state) and returns the last answer.
func finished[T any](t *testing.T, c *client, path string, status func(T) string) T {
	t.Helper()
	var v T
	eventually(t, path+" to finish", func() bool {
		c.must(http.MethodGet, path, nil, 200).json(t, &v)
		return status(v) == "done" || status(v) == "failed"
	})
	return v
}

// eventually asks until ok says yes, and fails the test when it still says
// no after a minute: what another goroutine or replica does in its own
// time (a job, a replica seeing a change) is awaited, never assumed to take
// a fixed short while.
func eventually(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("waited a minute for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// with returns a copy of base with k set to v, or left out when v is nil:
// a valid request with one field changed.
func with(base map[string]any, k string, v any) map[string]any {
	out := make(map[string]any, len(base))
	for bk, bv := range base {
		out[bk] = bv
	}
	if v == nil {
		delete(out, k)
	} else {
		out[k] = v
	}
	return out
}

type importReport struct {
	Status     string              `json:"status"`
	Total      int                 `json:"total"`
	Accepted   int                 `json:"accepted"`
	Rejected   int                 `json:"rejected"`
	Created    int                 `json:"created"`
	Updated    int                 `json:"updated"`
	Unchanged  int                 `json:"unchanged"`
	Progress   float64             `json:"progress"`
	Message    string              `json:"message"`
	Errors     []domain.FieldError `json:"errors"`
	ErrorCount int                 `json:"error_count"`
}

// recomputeJob starts a recompute and returns its job id.
func (w *world) recomputeJob(t *testing.T, admin *client) int64 {
	t.Helper()
	var j struct {
		ID int64 `json:"id"`
	}
	admin.must(http.MethodPost, "/api/v1/recompute", nil, 202).json(t, &j)
	return j.ID
}

// atOnce sends n requests at the same time (each goroutine waits at one
// gate, opened when all are ready) and returns their answers in order.
func atOnce(n int, send func(i int) response) []response {
	answers := make([]response, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			answers[i] = send(i)
		}()
	}
	close(start)
	wg.Wait()
	return answers
}

// joined lists n keys, comma-separated.
func joined(n int, key func(i int) string) string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = key(i)
	}
	return strings.Join(keys, ",")
}

// route is one route of the server: "GET /api/v1/records/:id".
type route struct{ Method, Path string }

func (r route) String() string { return r.Method + " " + r.Path }

// routes lists the server's routes, each once, sorted by path and method,
// without Echo's own not-found routes; keep, when given, picks among them.
// The walks of the whole API (the authorisation matrix, the attacks, the
// audit of personal reads, the OpenAPI check) start from it.
func (ts *testServer) routes(keep func(r route) bool) []route {
	seen := map[route]bool{}
	var out []route
	for _, er := range ts.srv.Echo().Routes() {
		r := route{er.Method, er.Path}
		if r.Method == echo.RouteNotFound || seen[r] || (keep != nil && !keep(r)) {
			continue
		}
		seen[r] = true
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path+out[i].Method < out[j].Path+out[j].Method })
	return out
}

// gets keeps the GET routes.
func gets(r route) bool { return r.Method == http.MethodGet }

// uploadRequest is a multipart POST of one file to url, with a dry_run part
// before it when asked.
func uploadRequest(url, name, content string, dryRun bool) *http.Request {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if dryRun {
		mw.WriteField("dry_run", "true")
	}
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write([]byte(content))
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, url, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return req
}
