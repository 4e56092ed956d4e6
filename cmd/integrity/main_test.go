package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"integrity/internal/store/storetest"
	"integrity/migrations"
)

// TestMain lets a test run the real main() in a child process, to see
// exactly what a user sees on the terminal.
func TestMain(m *testing.M) {
	if os.Getenv("INTEGRITY_TEST_RUN_MAIN") == "1" {
		os.Args = append([]string{"integrity"}, strings.Fields(os.Getenv("INTEGRITY_TEST_ARGS"))...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// runMain runs main() in a child process with the given environment.
func runMain(t *testing.T, args string, vars ...string) (stderr string, code int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append([]string{"INTEGRITY_TEST_RUN_MAIN=1", "INTEGRITY_TEST_ARGS=" + args, "PATH=" + os.Getenv("PATH")}, vars...)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return errb.String(), code
}

func TestStartupErrorsAreOneLine(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		args string
		vars []string
		want string
	}{
		{"MalformedURL", "migrate", []string{"INTEGRITY_DATABASE_URL=oracle://u@h/db"}, `integrity: INTEGRITY_DATABASE_URL: unsupported scheme "oracle" (want sqlite:, mysql:// or postgres://)`},
		{"NoDatabaseName", "migrate", []string{"INTEGRITY_DATABASE_URL=mysql://root:pw@127.0.0.1:3306/"}, "integrity: INTEGRITY_DATABASE_URL: mysql URL has no database name (want mysql://user:pass@host:port/db)"},
		{"UnreachableMySQL", "migrate", []string{"INTEGRITY_DATABASE_URL=mysql://root:topsecret@127.0.0.1:1/test", "INTEGRITY_SECRET_KEY=" + strings.Repeat("k", 40)}, "integrity: cannot reach MySQL at mysql://root:xxxxx@127.0.0.1:1/test: dial tcp 127.0.0.1:1: connect: connection refused"},
		{"ProductionWithoutSecret", "serve", []string{"INTEGRITY_DATABASE_URL=sqlite:" + filepath.Join(dir, "p.db")}, "integrity: INTEGRITY_SECRET_KEY is not set; it is required outside development mode (INTEGRITY_ENV=development)"},
		{"ProductionUnmigrated", "serve", []string{"INTEGRITY_DATABASE_URL=sqlite:" + filepath.Join(dir, "q.db"), "INTEGRITY_SECRET_KEY=" + strings.Repeat("k", 40)}, "integrity: the database schema is at version 0 and this binary needs " + latestVersion(t) + ": run `integrity migrate` first"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stderr, code := runMain(t, tc.args, tc.vars...)
			if code != 1 {
				t.Fatalf("exit code %d, want 1; stderr:\n%s", code, stderr)
			}
			if got := strings.TrimRight(stderr, "\n"); got != tc.want {
				t.Fatalf("stderr:\n%s\nwant exactly one line:\n%s", stderr, tc.want)
			}
			if strings.Contains(stderr, "topsecret") || strings.Contains(stderr, "goroutine") {
				t.Fatal("the error shows a password or a stack")
			}
		})
	}
	t.Run("UnknownCommand", func(t *testing.T) {
		stderr, code := runMain(t, "frobnicate")
		if code != 2 || !strings.Contains(stderr, `unknown command "frobnicate"`) || !strings.Contains(stderr, "integrity serve") {
			t.Fatalf("exit %d: %s", code, stderr)
		}
	})
}

// syncBuffer is a bytes.Buffer safe for the server's log writer and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// logLine waits for a JSON log line with the given message and returns it.
func logLine(t *testing.T, log *syncBuffer, msg string, errc <-chan error) map[string]any {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		for _, line := range strings.Split(log.String(), "\n") {
			var m map[string]any
			if json.Unmarshal([]byte(line), &m) == nil && m["msg"] == msg {
				return m
			}
		}
		select {
		case err := <-errc:
			t.Fatalf("serve stopped early: %v\n%s", err, log.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	t.Fatalf("no %q log line:\n%s", msg, log.String())
	return nil
}

func serveDemo(t *testing.T, dbURL string) {
	dir := t.TempDir()
	vars := map[string]string{
		"INTEGRITY_ADDR":           "127.0.0.1:0",
		"INTEGRITY_DATABASE_URL":   dbURL,
		"INTEGRITY_DATA_DIR":       dir,
		"INTEGRITY_ENV":            "development",
		"INTEGRITY_DEMO":           "1",
		"INTEGRITY_DEMO_OFFICIALS": "40",
		"INTEGRITY_WEB_DIR":        filepath.Join(dir, "web"),
		"INTEGRITY_CORS_ORIGINS":   "https://hr.example.gov.cn",
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var log syncBuffer
	errc := make(chan error, 1)
	go func() { errc <- run(ctx, []string{"serve"}, func(k string) string { return vars[k] }, nil, &log, &log) }()

	loaded := logLine(t, &log, "demo data loaded", errc)
	if loaded["officials"] != float64(40) || loaded["records"].(float64) < 100 || loaded["departments"].(float64) < 20 {
		t.Fatalf("demo data: %v", loaded)
	}
	logLine(t, &log, "DEVELOPMENT MODE: INTEGRITY_SECRET_KEY is not set; using a key kept in the data directory. "+
		"Never run production like this: set INTEGRITY_SECRET_KEY and INTEGRITY_ENV=production.", errc)
	url := logLine(t, &log, "serving", errc)["url"].(string)
	resp, err := http.Get(url + "/readyz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("readyz: %v %v", resp, err)
	}
	resp.Body.Close()
	// Every demo user signs in with the documented demo password.
	for _, u := range []string{"admin", "jw_staff", "jw_approver", "hr_staff", "clerk", "auditor", "official"} {
		body := `{"username":"` + u + `","password":"Integrity@2026"}`
		resp, err := http.Post(url+"/api/v1/auth/login", "application/json", strings.NewReader(body))
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("demo user %s cannot sign in: %v %v", u, resp, err)
		}
		resp.Body.Close()
	}
	// The demo's warnings read as raised over the months their records came
	// in, not all in the second the demo loaded.
	login, err := http.Post(url+"/api/v1/auth/login", "application/json", strings.NewReader(`{"username":"jw_approver","password":"Integrity@2026"}`))
	if err != nil {
		t.Fatal(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	_ = json.NewDecoder(login.Body).Decode(&tok)
	login.Body.Close()
	req, _ := http.NewRequest(http.MethodGet, url+"/api/v1/warnings?page_size=200", nil)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	wr, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var warnings struct {
		Items []struct {
			RaisedAt time.Time `json:"raised_at"`
		} `json:"items"`
	}
	_ = json.NewDecoder(wr.Body).Decode(&warnings)
	wr.Body.Close()
	days := map[string]bool{}
	for _, w := range warnings.Items {
		days[w.RaisedAt.Format(time.DateOnly)] = true
	}
	if len(warnings.Items) < 2 || len(days) < 2 {
		t.Fatalf("the demo's %d warnings were raised on %d day(s)", len(warnings.Items), len(days))
	}
	// The configured origin may call the API from its pages; another may not.
	for origin, want := range map[string]string{"https://hr.example.gov.cn": "https://hr.example.gov.cn", "https://evil.example": ""} {
		req, _ := http.NewRequest(http.MethodOptions, url+"/api/v1/meta", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "GET")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Access-Control-Allow-Origin"); got != want {
			t.Fatalf("preflight from %s: Access-Control-Allow-Origin %q, want %q (%d)", origin, got, want, resp.StatusCode)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "secret.key")); err != nil {
		t.Fatal("the development key was not kept in the data directory")
	}
	cancel() // SIGTERM
	select {
	case err := <-errc:
		if err != nil {
			t.Fatalf("serve returned %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
	if !strings.Contains(log.String(), "shutting down") {
		t.Fatal("no shutdown log line")
	}
}

func TestServeWithDemoDataOnSQLite(t *testing.T) {
	serveDemo(t, "sqlite:"+filepath.Join(t.TempDir(), "integrity.db"))
}

func TestServeWithDemoDataOnMySQL(t *testing.T) {
	serveDemo(t, storetest.MySQLURL(t))
}

func TestServeWithDemoDataOnPostgres(t *testing.T) {
	serveDemo(t, storetest.PostgresURL(t))
}

func TestSeedCommand(t *testing.T) {
	dir := t.TempDir()
	vars := map[string]string{"INTEGRITY_DATABASE_URL": "sqlite:" + filepath.Join(dir, "s.db"), "INTEGRITY_ENV": "development"}
	getenv := func(k string) string { return vars[k] }
	var out, errb bytes.Buffer
	err := run(context.Background(), []string{"seed", "--demo", "--officials", "60", "--seed", "3", "--as-of", "2026-01-31"}, getenv, nil, &out, &errb)
	if err != nil {
		t.Fatalf("seed: %v\n%s", err, errb.String())
	}
	if !strings.HasPrefix(out.String(), "seed: 69 departments, 8 sources, 60 officials, ") {
		t.Fatalf("stdout %q", out.String())
	}
	if !strings.Contains(errb.String(), "seed: 60/60 officials (100%)") {
		t.Fatalf("no progress shown: %s", errb.String())
	}
	err = run(context.Background(), []string{"seed", "--demo"}, getenv, nil, &out, &errb)
	if err == nil || !strings.Contains(err.Error(), "already holds data") {
		t.Fatalf("second seed: %v", err)
	}
	for _, args := range [][]string{{"seed"}, {"seed", "--demo", "--officials", "0"}, {"seed", "--demo", "--as-of", "2026-02-30"}} {
		if err := run(context.Background(), args, getenv, nil, &out, &errb); err == nil {
			t.Errorf("%v succeeded", args)
		}
	}
}

func latestVersion(t *testing.T) string {
	t.Helper()
	files, err := fs.Glob(mustSub(t), "*.sql")
	if err != nil || len(files) == 0 {
		t.Fatal(err)
	}
	sort.Strings(files)
	v, err := strconv.Atoi(strings.SplitN(files[len(files)-1], "_", 2)[0])
	if err != nil {
		t.Fatal(err)
	}
	return strconv.Itoa(v)
}

func mustSub(t *testing.T) fs.FS {
	f, err := migrations.FS("sqlite")
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestUserAndAuditCommands(t *testing.T) {
	dir := t.TempDir()
	vars := map[string]string{"INTEGRITY_DATABASE_URL": "sqlite:" + filepath.Join(dir, "u.db"), "INTEGRITY_ENV": "development", "INTEGRITY_DATA_DIR": dir}
	getenv := func(k string) string { return vars[k] }
	ctx := context.Background()
	var out, errb bytes.Buffer
	cli := func(stdin string, args ...string) error {
		out.Reset()
		errb.Reset()
		return run(ctx, args, getenv, strings.NewReader(stdin), &out, &errb)
	}
	if err := cli("First-admin-pass9\n", "user", "add", "--username", "root", "--role", "admin", "--scope", "all", "--password-stdin"); err != nil {
		t.Fatalf("user add: %v %s", err, errb.String())
	}
	if !strings.Contains(out.String(), "created root") || strings.Contains(out.String(), "temporary password") {
		t.Fatalf("user add printed %q", out.String())
	}
	if err := cli("", "user", "add", "--username", "second", "--role", "auditor", "--scope", "all"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "temporary password") {
		t.Fatalf("no temporary password shown: %q", out.String())
	}
	if err := cli("", "user", "add", "--username", "bad", "--role", "emperor", "--scope", "all"); err == nil || !strings.Contains(err.Error(), "grants[0].role") {
		t.Fatalf("an unknown role: %v", err)
	}
	if err := cli("weak\n", "user", "add", "--username", "weak", "--role", "admin", "--scope", "all", "--password-stdin"); err == nil || !strings.Contains(err.Error(), "password") {
		t.Fatalf("a weak password: %v", err)
	}
	// Even at the shell, no account holds two administrative roles.
	if err := cli("", "user", "grant", "--username", "second", "--role", "admin", "--scope", "all"); err == nil || !strings.Contains(err.Error(), "one administrative role at most") {
		t.Fatalf("admin beside auditor: %v", err)
	}
	if err := cli("", "user", "grant", "--username", "second", "--role", "personnel_staff", "--scope", "all"); err != nil || !strings.Contains(out.String(), "now holds personnel_staff/all") {
		t.Fatalf("grant: %v %q", err, out.String())
	}
	if err := cli("", "user", "reset-password", "--username", "second"); err != nil || !strings.Contains(out.String(), "temporary password") {
		t.Fatalf("reset: %v", err)
	}
	if err := cli("", "user", "disable", "--username", "second"); err != nil || !strings.Contains(out.String(), "disabled") {
		t.Fatalf("disable: %v", err)
	}
	if err := cli("", "user", "disable", "--username", "ghost"); err == nil {
		t.Fatal("disabling a missing user succeeded")
	}
	if err := cli("", "audit", "verify"); err != nil || !strings.Contains(out.String(), "the chain is intact") {
		t.Fatalf("audit verify: %v %q", err, out.String())
	}
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "u.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("UPDATE audit_log SET actor = 'x' WHERE id = 2"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := cli("", "audit", "verify"); err == nil || !strings.Contains(err.Error(), "broken at entry 2") {
		t.Fatalf("audit verify on a tampered chain: %v", err)
	}
}

func TestRecomputeCommand(t *testing.T) {
	dir := t.TempDir()
	vars := map[string]string{"INTEGRITY_DATABASE_URL": "sqlite:" + filepath.Join(dir, "r.db"), "INTEGRITY_ENV": "development"}
	getenv := func(k string) string { return vars[k] }
	var out, errb bytes.Buffer
	if err := run(context.Background(), []string{"seed", "--demo", "--officials", "1500"}, getenv, nil, &out, &errb); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := run(context.Background(), []string{"recompute"}, getenv, nil, &out, &errb); err != nil {
		t.Fatalf("recompute: %v %s", err, errb.String())
	}
	if !strings.HasPrefix(out.String(), "recompute: 1500 officials scored (policy version 1)") {
		t.Fatalf("stdout %q", out.String())
	}
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n, grades int
	if err := db.QueryRow("SELECT COUNT(*), COUNT(DISTINCT grade) FROM score_snapshots WHERE policy_version = 1").Scan(&n, &grades); err != nil {
		t.Fatal(err)
	}
	if n != 1500 || grades < 3 {
		t.Fatalf("%d snapshots in %d grades", n, grades)
	}
}

// backupAndRestore seeds a database, backs it up while it is open, restores
// the backup into a fresh database and checks the audit chain and the
// counts there.
func backupAndRestore(t *testing.T, from, to string) {
	t.Helper()
	dir := t.TempDir()
	env := func(url string) func(string) string {
		vars := map[string]string{"INTEGRITY_DATABASE_URL": url, "INTEGRITY_ENV": "development", "INTEGRITY_DATA_DIR": dir}
		return func(k string) string { return vars[k] }
	}
	ctx := context.Background()
	var out, errb bytes.Buffer
	if err := run(ctx, []string{"seed", "--demo", "--officials", "40", "--seed", "2"}, env(from), nil, &out, &errb); err != nil {
		t.Fatalf("seed: %v %s", err, errb.String())
	}
	var before bytes.Buffer
	if err := run(ctx, []string{"audit", "verify"}, env(from), nil, &before, &errb); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "backup.out")
	out.Reset()
	if err := run(ctx, []string{"backup", "--out", file}, env(from), nil, &out, &errb); err != nil {
		t.Fatalf("backup: %v %s", err, errb.String())
	}
	if !strings.Contains(out.String(), "40 officials") {
		t.Fatalf("backup said %q", out.String())
	}
	if err := run(ctx, []string{"backup", "--out", file}, env(from), nil, &out, &errb); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Fatalf("a backup over an existing file: %v", err)
	}
	out.Reset()
	if err := run(ctx, []string{"restore", "--in", file}, env(to), nil, &out, &errb); err != nil {
		t.Fatalf("restore: %v %s", err, errb.String())
	}
	if !strings.Contains(out.String(), "40 officials") || !strings.Contains(out.String(), "audit chain intact") {
		t.Fatalf("restore said %q", out.String())
	}
	var after bytes.Buffer
	// The same entries; the restore anchored the restored head with a
	// checkpoint of its own.
	entries := func(s string) string { return strings.SplitN(s, ";", 2)[0] }
	if err := run(ctx, []string{"audit", "verify"}, env(to), nil, &after, &errb); err != nil ||
		entries(after.String()) != entries(before.String()) || !strings.Contains(after.String(), "checkpoints: 1") {
		t.Fatalf("the restored chain %q, the original %q (%v)", after.String(), before.String(), err)
	}
	if err := run(ctx, []string{"restore", "--in", file}, env(to), nil, &out, &errb); err == nil {
		t.Fatal("a restore into a database that holds data must be refused")
	}
}

func TestBackupAndRestoreOnSQLite(t *testing.T) {
	dir := t.TempDir()
	backupAndRestore(t, "sqlite:"+filepath.Join(dir, "a.db"), "sqlite:"+filepath.Join(dir, "b.db"))
}

func TestBackupAndRestoreOnMySQL(t *testing.T) {
	backupAndRestore(t, storetest.MySQLURL(t), storetest.MySQLURL(t))
}

func TestBackupAndRestoreOnPostgres(t *testing.T) {
	backupAndRestore(t, storetest.PostgresURL(t), storetest.PostgresURL(t))
}
