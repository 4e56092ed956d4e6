package httpapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"integrity/internal/app"
	"integrity/internal/config"
	"integrity/internal/domain"
	"integrity/internal/httpapi"
	"integrity/internal/store"
	"integrity/internal/store/storetest"
)

type testServer struct {
	URL  string
	srv  *httpapi.Server
	db   *store.DB
	app  *app.Service
	stop context.CancelFunc
	done chan error
}

// start runs a real server on a loopback port. extra registers probe routes
// before it starts serving; probe lines are added to the route policy.
func start(t *testing.T, webDir string, extra func(e *echo.Echo), probePolicy ...string) *testServer {
	t.Helper()
	db := storetest.MustOpenDB(t)
	return startOn(t, db, testAuthConfig(), webDir, extra, probePolicy...)
}

func startOn(t *testing.T, db *store.DB, cfg config.Auth, webDir string, extra func(e *echo.Echo), probePolicy ...string) *testServer {
	t.Helper()
	return startWith(t, db, cfg, webDir, nil, extra, probePolicy...)
}

// startWith is startOn with a hook that adjusts the server's dependencies
// (say, its CORS origins) before it is built.
func startWith(t *testing.T, db *store.DB, cfg config.Auth, webDir string, deps func(*httpapi.Deps), extra func(e *echo.Echo), probePolicy ...string) *testServer {
	t.Helper()
	enforcer := testEnforcer(t, probePolicy...)
	service := app.New(db, testKeys(t), cfg, false)
	service.DataDir = t.TempDir()
	d := httpapi.Deps{App: service, Enforcer: enforcer, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Version: "9.9.9", Env: "development", Demo: true, WebDir: webDir}
	if deps != nil {
		deps(&d)
	}
	srv, err := httpapi.New(d)
	if err != nil {
		t.Fatal(err)
	}
	if extra != nil {
		extra(srv.Echo())
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ts := &testServer{URL: "http://" + ln.Addr().String(), srv: srv, db: db, app: service, stop: cancel, done: make(chan error, 1)}
	go func() { ts.done <- srv.Serve(ctx, ln, 5*time.Second) }()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	go service.ResumeImports(ctx, quiet, 200*time.Millisecond)
	go service.RunScoring(ctx, quiet, 200*time.Millisecond)
	t.Cleanup(func() {
		cancel()
		<-ts.done
	})
	return ts
}

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	return do(t, http.MethodGet, url, "", nil)
}

func do(t *testing.T, method, url, contentType string, body io.Reader) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// problem decodes a problem+json answer and checks its envelope.
func problem(t *testing.T, resp *http.Response, body string, status int, code string) httpapi.Problem {
	t.Helper()
	if resp.StatusCode != status {
		t.Fatalf("status %d, want %d: %s", resp.StatusCode, status, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("content type %q, want application/problem+json", ct)
	}
	var p httpapi.Problem
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatalf("not JSON: %s", body)
	}
	if p.Status != status || p.Code != code || p.Title == "" || p.Type != "urn:integrity:problem:"+code {
		t.Fatalf("problem %+v, want status %d code %s", p, status, code)
	}
	if p.RequestID == "" || p.RequestID != resp.Header.Get("X-Request-Id") {
		t.Fatalf("request id %q does not match the header %q", p.RequestID, resp.Header.Get("X-Request-Id"))
	}
	return p
}

func TestHealthAndReadiness(t *testing.T) {
	ts := start(t, t.TempDir(), nil)
	resp, body := get(t, ts.URL+"/healthz")
	if resp.StatusCode != 200 || strings.TrimSpace(body) != `{"status":"ok"}` {
		t.Fatalf("healthz: %d %s", resp.StatusCode, body)
	}
	resp, body = get(t, ts.URL+"/readyz")
	var ready struct {
		Status        string `json:"status"`
		Database      string `json:"database"`
		SchemaVersion int    `json:"schema_version"`
	}
	if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &ready) != nil || ready.Status != "ok" || ready.SchemaVersion < 1 || ready.Database != ts.db.Dialect {
		t.Fatalf("readyz: %d %s", resp.StatusCode, body)
	}
	// The version and environment stay unsaid unless the deployment asks.
	resp, body = get(t, ts.URL+"/api/v1/meta")
	if resp.StatusCode != 200 || strings.Contains(body, "9.9.9") || strings.Contains(body, "development") || !strings.Contains(body, `"demo":true`) {
		t.Fatalf("meta: %d %s", resp.StatusCode, body)
	}
	open := startWith(t, storetest.MustOpenDB(t), testAuthConfig(), t.TempDir(), func(d *httpapi.Deps) { d.ExposeVersion = true }, nil)
	if _, body := get(t, open.URL+"/api/v1/meta"); !strings.Contains(body, `"version":"9.9.9"`) || !strings.Contains(body, `"environment":"development"`) {
		t.Fatalf("meta, asked to name the version: %s", body)
	}

	t.Run("DatabaseGone", func(t *testing.T) {
		ts.db.Close()
		resp, body := get(t, ts.URL+"/readyz")
		p := problem(t, resp, body, http.StatusServiceUnavailable, domain.EUNAVAILABLE)
		if resp.Header.Get("Retry-After") == "" || strings.Contains(p.Detail, "sql") {
			t.Fatalf("readyz without a database: %+v, Retry-After %q", p, resp.Header.Get("Retry-After"))
		}
		if resp, _ := get(t, ts.URL+"/healthz"); resp.StatusCode != 200 {
			t.Fatal("liveness must not depend on the database")
		}
	})
}

func TestErrorsAreProblemJSON(t *testing.T) {
	ts := start(t, t.TempDir(), func(e *echo.Echo) {
		e.GET("/api/v1/test/panic", func(echo.Context) error { panic("secret stack detail") })
		e.GET("/api/v1/test/sql", func(echo.Context) error {
			return errors.New("Error 1064: You have an error in your SQL syntax near 'SELECT * FROM officials'")
		})
		e.GET("/api/v1/test/invalid", func(echo.Context) error {
			return domain.Invalid("the row is wrong", domain.FieldError{Row: 3, Field: "id_number", Message: "must have 18 characters"})
		})
		e.POST("/api/v1/test/echo", func(c echo.Context) error {
			var v map[string]any
			if err := c.Bind(&v); err != nil {
				return err
			}
			return c.JSON(200, v)
		})
	}, "p, anonymous, /api/v1/test/panic, GET", "p, anonymous, /api/v1/test/sql, GET",
		"p, anonymous, /api/v1/test/invalid, GET", "p, anonymous, /api/v1/test/echo, POST")

	t.Run("UnknownAPIPath", func(t *testing.T) {
		resp, body := get(t, ts.URL+"/api/v1/no/such/thing")
		problem(t, resp, body, 404, domain.ENOTFOUND)
	})
	t.Run("WrongMethodIsNotFound", func(t *testing.T) {
		// No policy line allows DELETE on /healthz, so it does not exist.
		resp, body := do(t, http.MethodDelete, ts.URL+"/healthz", "", nil)
		problem(t, resp, body, 404, domain.ENOTFOUND)
	})
	t.Run("PanicIsGeneric500", func(t *testing.T) {
		resp, body := get(t, ts.URL+"/api/v1/test/panic")
		p := problem(t, resp, body, 500, domain.EINTERNAL)
		if strings.Contains(body, "secret") || strings.Contains(body, "goroutine") || p.Detail != "an internal error occurred" {
			t.Fatalf("a panic leaked: %s", body)
		}
	})
	t.Run("SQLNeverShown", func(t *testing.T) {
		resp, body := get(t, ts.URL+"/api/v1/test/sql")
		problem(t, resp, body, 500, domain.EINTERNAL)
		if strings.Contains(body, "SQL") || strings.Contains(body, "officials") {
			t.Fatalf("SQL leaked: %s", body)
		}
	})
	t.Run("InvalidNamesFieldAndRow", func(t *testing.T) {
		resp, body := get(t, ts.URL+"/api/v1/test/invalid")
		p := problem(t, resp, body, 400, domain.EINVALID)
		if len(p.Errors) != 1 || !reflect.DeepEqual(p.Errors[0], domain.FieldError{Row: 3, Field: "id_number", Message: "must have 18 characters", Key: "must_have_18_characters"}) {
			t.Fatalf("errors = %+v", p.Errors)
		}
	})
	t.Run("MalformedJSONIs400", func(t *testing.T) {
		resp, body := do(t, http.MethodPost, ts.URL+"/api/v1/test/echo", "application/json", strings.NewReader(`{"a":`))
		p := problem(t, resp, body, 400, domain.EINVALID)
		if len(p.Errors) == 0 || p.Errors[0].Field != "body" {
			t.Fatalf("errors = %+v", p.Errors)
		}
	})
	t.Run("OversizedBodyIs413", func(t *testing.T) {
		big := `{"a":"` + strings.Repeat("x", 2<<20) + `"}`
		resp, body := do(t, http.MethodPost, ts.URL+"/api/v1/test/echo", "application/json", strings.NewReader(big))
		problem(t, resp, body, 413, domain.ETOOLARGE)
	})
}

func TestSecurityHeaders(t *testing.T) {
	ts := start(t, t.TempDir(), nil)
	for _, path := range []string{"/", "/healthz", "/api/v1/nothing"} {
		resp, _ := get(t, ts.URL+path)
		h := resp.Header
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("X-Frame-Options") != "DENY" ||
			!strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Fatalf("%s lacks security headers: %v", path, h)
		}
	}
}

func TestMetricsCountByRoutePattern(t *testing.T) {
	ts := start(t, t.TempDir(), nil)
	get(t, ts.URL+"/healthz")
	get(t, ts.URL+"/healthz")
	get(t, ts.URL+"/api/v1/random-path-12345")
	_, body := get(t, ts.URL+"/metrics")
	for _, want := range []string{
		`integrity_http_requests_total{method="GET",route="/healthz",status="200"} 2`,
		`integrity_http_request_duration_seconds_bucket{method="GET",route="/healthz",status="200",le="+Inf"} 2`,
		`route="/api/*",status="404"`,
		"go_goroutines",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(body, "random-path-12345") {
		t.Error("a raw path became a metric label")
	}
	if strings.Contains(body, "go_info") || strings.Contains(body, runtime.Version()) {
		t.Error("the metrics name the Go release though the deployment did not ask")
	}
	open := startWith(t, storetest.MustOpenDB(t), testAuthConfig(), t.TempDir(), func(d *httpapi.Deps) { d.ExposeVersion = true }, nil)
	if _, body := get(t, open.URL+"/metrics"); !strings.Contains(body, "go_info") {
		t.Error("asked to, the metrics name the Go release")
	}
}

func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	ts := start(t, t.TempDir(), nil)
	resp, body := get(t, ts.URL+"/api/openapi.json")
	var doc struct {
		OpenAPI string                               `json:"openapi"`
		Paths   map[string]map[string]map[string]any `json:"paths"`
	}
	if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &doc) != nil || !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi: %d %.200s", resp.StatusCode, body)
	}
	// The app shell and the API's not-found catch-all are not in the API.
	for _, r := range ts.routes(func(r route) bool { return r.Path != "/*" && r.Path != "/api/*" }) {
		path := openAPIPath(r.Path)
		op, ok := doc.Paths[path][strings.ToLower(r.Method)]
		if !ok {
			t.Errorf("%s %s is not in openapi.yaml", r.Method, path)
			continue
		}
		if _, ok := op["responses"]; !ok {
			t.Errorf("%s %s has no responses", r.Method, path)
		}
	}
}

// openAPIPath turns /officials/:id into /officials/{id}.
func openAPIPath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		if strings.HasPrefix(s, ":") {
			parts[i] = "{" + s[1:] + "}"
		}
	}
	return strings.Join(parts, "/")
}

func TestServesTheAppShell(t *testing.T) {
	web := t.TempDir()
	os.MkdirAll(filepath.Join(web, "assets"), 0o755)
	os.WriteFile(filepath.Join(web, "index.html"), []byte("<html>APP-SHELL</html>"), 0o644)
	os.WriteFile(filepath.Join(web, "assets", "app-1234.js"), []byte("console.log('app')"), 0o644)
	secret := filepath.Join(filepath.Dir(web), "outside.txt")
	os.WriteFile(secret, []byte("OUTSIDE-SECRET"), 0o644)
	ts := start(t, web, nil)

	for _, path := range []string{"/", "/officials/12", "/admin/users?page=2", "/index.html"} {
		resp, body := get(t, ts.URL+path)
		if resp.StatusCode != 200 || body != "<html>APP-SHELL</html>" || resp.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("%s: %d %q cache %q", path, resp.StatusCode, body, resp.Header.Get("Cache-Control"))
		}
	}
	resp, body := get(t, ts.URL+"/assets/app-1234.js")
	if resp.StatusCode != 200 || body != "console.log('app')" || !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") {
		t.Fatalf("asset: %d %q %v", resp.StatusCode, body, resp.Header)
	}
	for _, path := range []string{"/../outside.txt", "/%2e%2e/outside.txt", "/assets/..%2f..%2foutside.txt"} {
		if _, body := get(t, ts.URL+path); strings.Contains(body, "OUTSIDE-SECRET") {
			t.Fatalf("%s escaped the web directory", path)
		}
	}
	resp, body = get(t, ts.URL+"/api/v1/officials-typo")
	problem(t, resp, body, 404, domain.ENOTFOUND)

	t.Run("NotBuilt", func(t *testing.T) {
		ts := start(t, filepath.Join(t.TempDir(), "missing"), nil)
		resp, body := get(t, ts.URL+"/officials/1")
		if resp.StatusCode != 200 || !strings.Contains(body, "make build") || !strings.Contains(body, "公职人员诚信积分平台") {
			t.Fatalf("%d %s", resp.StatusCode, body)
		}
	})
}

func TestGracefulShutdownFinishesInFlightRequests(t *testing.T) {
	started := make(chan struct{})
	ts := start(t, t.TempDir(), func(e *echo.Echo) {
		e.GET("/api/v1/test/slow", func(c echo.Context) error {
			close(started)
			time.Sleep(300 * time.Millisecond)
			return c.String(200, "finished")
		})
	}, "p, anonymous, /api/v1/test/slow, GET")
	type result struct {
		status int
		body   string
		err    error
	}
	res := make(chan result, 1)
	go func() {
		resp, err := http.Get(ts.URL + "/api/v1/test/slow")
		if err != nil {
			res <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		res <- result{status: resp.StatusCode, body: string(b)}
	}()
	<-started
	ts.stop() // what SIGTERM does in main
	r := <-res
	if r.err != nil || r.status != 200 || r.body != "finished" {
		t.Fatalf("in-flight request: %+v", r)
	}
	if err := <-ts.done; err != nil {
		t.Fatalf("Serve returned %v", err)
	}
	ts.done <- nil // for the cleanup
	if _, err := http.Get(ts.URL + "/healthz"); err == nil {
		t.Fatal("the server still accepts requests after shutdown")
	}
}
