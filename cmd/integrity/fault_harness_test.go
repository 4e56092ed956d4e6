package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"integrity/internal/config"
	"integrity/internal/domain"
	"integrity/internal/secure"
	"integrity/internal/store"
	"integrity/internal/store/storetest"
)

// The fault tests run the real binary (this test binary re-executed as
// main(), see TestMain) as a child process, so it can be killed with
// SIGKILL at any moment and started again on the same database and data
// directory, as an operator would after a crash.

const demoPassword = "Integrity@2026"

// onEachDatabase runs a fault test on a fresh SQLite file always, and on a
// fresh MySQL/MariaDB database when INTEGRITY_TEST_MYSQL_DSN is set, and on
// PostgreSQL when INTEGRITY_TEST_POSTGRES_DSN is.
func onEachDatabase(t *testing.T, fn func(t *testing.T, dbURL string)) {
	t.Run("SQLite", func(t *testing.T) { fn(t, "sqlite:"+filepath.Join(t.TempDir(), "integrity.db")) })
	t.Run("MySQL", func(t *testing.T) { fn(t, storetest.MySQLURL(t)) })
	t.Run("PostgreSQL", func(t *testing.T) { fn(t, storetest.PostgresURL(t)) })
}

// site is one database and data directory that servers start on, one
// after another.
type site struct {
	t      *testing.T
	dbURL  string
	dir    string
	secret string
	vars   map[string]string
}

// newSite prepares a site whose first server loads the demo data set with
// the given number of officials.
func newSite(t *testing.T, dbURL string, officials int) *site {
	dir := t.TempDir()
	s := &site{t: t, dbURL: dbURL, dir: dir, secret: strings.Repeat("f", 40)}
	s.vars = map[string]string{
		"INTEGRITY_ADDR":           "127.0.0.1:0",
		"INTEGRITY_DATABASE_URL":   dbURL,
		"INTEGRITY_DATA_DIR":       filepath.Join(dir, "data"),
		"INTEGRITY_ENV":            "development",
		"INTEGRITY_DEMO":           "1",
		"INTEGRITY_DEMO_OFFICIALS": fmt.Sprint(officials),
		"INTEGRITY_SECRET_KEY":     s.secret,
		"INTEGRITY_WEB_DIR":        filepath.Join(dir, "web"),
	}
	return s
}

func (s *site) getenv(k string) string { return s.vars[k] }

// on returns the site for a subtest: its failures end the subtest.
func (s *site) on(t *testing.T) *site {
	c := *s
	c.t = t
	return &c
}

// server is a running `integrity serve` child process.
type server struct {
	t    *testing.T
	cmd  *exec.Cmd
	log  *syncBuffer
	url  string
	done chan struct{} // closed when the process has exited
	err  error
}

// start runs `integrity serve` on the site and waits until it serves.
func (s *site) start() *server {
	s.t.Helper()
	return s.startAs(os.Args[0], nil)
}

// startAs starts the server from binary, with cred (nil: this user).
func (s *site) startAs(binary string, cred *syscall.Credential) *server {
	s.t.Helper()
	cmd := exec.Command(binary, "-test.run=^$")
	cmd.Env = []string{"INTEGRITY_TEST_RUN_MAIN=1", "INTEGRITY_TEST_ARGS=serve", "PATH=" + os.Getenv("PATH")}
	for k, v := range s.vars {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	if cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	}
	p := &server{t: s.t, cmd: cmd, log: &syncBuffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.log, p.log
	if err := cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	go func() { p.err = cmd.Wait(); close(p.done) }()
	s.t.Cleanup(p.kill)
	p.url = p.waitLog("serving", 90*time.Second)["url"].(string)
	if ready := "The platform is ready: open " + p.url; !strings.Contains(p.log.String(), ready) {
		s.t.Fatalf("the server should say plainly where to open it (%q):\n%s", ready, p.log.String())
	}
	return p
}

// waitLog waits for a JSON log line with the given message.
func (p *server) waitLog(msg string, within time.Duration) map[string]any {
	p.t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		for _, line := range strings.Split(p.log.String(), "\n") {
			var m map[string]any
			if json.Unmarshal([]byte(line), &m) == nil && m["msg"] == msg {
				return m
			}
		}
		select {
		case <-p.done:
			p.t.Fatalf("the server exited (%v) before logging %q:\n%s", p.err, msg, p.log.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	p.t.Fatalf("no %q log line within %s:\n%s", msg, within, p.log.String())
	return nil
}

// kill ends the server with SIGKILL: no shutdown code runs.
func (p *server) kill() {
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.cmd.Process.Kill()
	<-p.done
}

// stop ends the server with SIGTERM and waits for its clean shutdown.
func (p *server) stop() {
	p.t.Helper()
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(30 * time.Second):
		p.t.Fatal("the server did not stop on SIGTERM")
	}
}

// answer is an HTTP response, read whole.
type answer struct {
	Status int
	Header http.Header
	Body   []byte
}

func (a answer) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(a.Body, v); err != nil {
		t.Fatalf("not JSON (%d): %s", a.Status, a.Body)
	}
}

// problem decodes a problem+json body, failing if it is not one.
func (a answer) problem(t *testing.T) map[string]any {
	t.Helper()
	if !strings.HasPrefix(a.Header.Get("Content-Type"), "application/problem+json") {
		t.Fatalf("status %d is not problem+json (%s): %s", a.Status, a.Header.Get("Content-Type"), a.Body)
	}
	var p map[string]any
	a.json(t, &p)
	return p
}

var faultHTTP = &http.Client{Timeout: 60 * time.Second}

// call sends a request; body is JSON-encoded unless it is an io.Reader, in
// which case contentType names it. It returns an error only when no answer
// came (the server is gone).
func call(ctx context.Context, method, url, token string, body any, contentType string) (answer, error) {
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case io.Reader:
		rd = b
	default:
		raw, _ := json.Marshal(b)
		rd, contentType = bytes.NewReader(raw), "application/json"
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return answer{}, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := faultHTTP.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return answer{}, err
	}
	return answer{Status: resp.StatusCode, Header: resp.Header, Body: b}, nil
}

// must sends a request and fails the test unless it answers status.
func (p *server) must(method, path, token string, body any, status int) answer {
	p.t.Helper()
	a, err := call(context.Background(), method, p.url+path, token, body, "")
	if err != nil {
		p.t.Fatalf("%s %s: %v", method, path, err)
	}
	if a.Status != status {
		p.t.Fatalf("%s %s: status %d, want %d: %s", method, path, a.Status, status, a.Body)
	}
	return a
}

// login signs a demo user in and returns the access token.
func (p *server) login(username string) string {
	p.t.Helper()
	var pair struct {
		AccessToken string `json:"access_token"`
	}
	p.must(http.MethodPost, "/api/v1/auth/login", "", map[string]string{"username": username, "password": demoPassword}, 200).json(p.t, &pair)
	return pair.AccessToken
}

// open opens the site's database directly, for the test's own checks.
func (s *site) open() *store.DB {
	s.t.Helper()
	cfg, err := config.ParseDatabaseURL(s.dbURL)
	if err != nil {
		s.t.Fatal(err)
	}
	db, err := store.Open(context.Background(), cfg)
	if err != nil {
		s.t.Fatal(err)
	}
	s.t.Cleanup(func() { db.Close() })
	return db
}

// count runs a COUNT query on db.
func count(t *testing.T, db *store.DB, query string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.SQL().QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// auditVerify runs `integrity audit verify` on the site and fails unless
// the chain is intact.
func (s *site) auditVerify() {
	s.t.Helper()
	var out, errb bytes.Buffer
	if err := run(context.Background(), []string{"audit", "verify"}, s.getenv, nil, &out, &errb); err != nil || !strings.Contains(out.String(), "the chain is intact") {
		s.t.Fatalf("audit verify: %v %s %s", err, out.String(), errb.String())
	}
}

// idNumbers returns the ID numbers of the first n officials, decrypted
// with the site's key.
func (s *site) idNumbers(db *store.DB, n int) []string {
	s.t.Helper()
	keys, err := secure.Derive(s.secret)
	if err != nil {
		s.t.Fatal(err)
	}
	rows, err := db.SQL().Query("SELECT id_number_enc FROM officials ORDER BY id LIMIT ?", n)
	if err != nil {
		s.t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var enc []byte
		if err := rows.Scan(&enc); err != nil {
			s.t.Fatal(err)
		}
		id, err := keys.Decrypt(enc, domain.IDNumberAD)
		if err != nil {
			s.t.Fatal(err)
		}
		out = append(out, id)
	}
	return out
}

// poll calls ok until it reports true or within passes.
func poll(t *testing.T, within time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, within)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// passLeases makes the leases of running imports and jobs run out, as they
// do JobStale after their runner dies (two minutes, too long to wait for
// in a test).
func passLeases(t *testing.T, db *store.DB) {
	t.Helper()
	long := time.Now().UTC().Add(-time.Hour)
	for _, q := range []string{
		"UPDATE imports SET updated_at = ? WHERE status = 'running'",
		"UPDATE jobs SET lease_until = ? WHERE status = 'running'",
	} {
		if _, err := db.SQL().Exec(q, long); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}
