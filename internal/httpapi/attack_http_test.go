package httpapi_test

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"integrity/internal/domain"
	"integrity/internal/httpapi"
	"integrity/internal/store/storetest"
)

const allowedOrigin = "https://hr.example.gov.cn"

// fromOrigin sends a request as a page of origin would; preflight adds the
// headers of a CORS preflight.
func fromOrigin(c *client, method, path, origin string, preflight bool) response {
	c.t.Helper()
	req, _ := http.NewRequest(method, c.base+path, nil)
	req.Header.Set("Origin", origin)
	if preflight {
		req.Header.Set("Access-Control-Request-Method", http.MethodGet)
		req.Header.Set("Access-Control-Request-Headers", "authorization,content-type")
	}
	return c.send(req)
}

func TestAttackCORS(t *testing.T) {
	ts := startWith(t, storetest.MustOpenDB(t), testAuthConfig(), t.TempDir(), func(d *httpapi.Deps) { d.CORSOrigins = []string{allowedOrigin} }, nil)
	anon := ts.anon(t)

	t.Run("AllowedPreflight", func(t *testing.T) {
		r := fromOrigin(anon, http.MethodOptions, "/api/v1/officials", allowedOrigin, true)
		h := r.Header
		if r.Status != 204 || h.Get("Access-Control-Allow-Origin") != allowedOrigin || !strings.Contains(h.Get("Access-Control-Allow-Headers"), "Authorization") ||
			!strings.Contains(h.Get("Access-Control-Allow-Methods"), "GET") || h.Get("Access-Control-Max-Age") != "600" || !strings.Contains(strings.Join(h.Values("Vary"), ","), "Origin") {
			t.Fatalf("a configured origin's preflight: %d %v", r.Status, h)
		}
		if h.Get("Access-Control-Allow-Credentials") != "" {
			t.Fatal("callers use bearer tokens, never cookies: credentials are not allowed")
		}
	})
	t.Run("AllowedRequest", func(t *testing.T) {
		// The page may read the answer, problems included.
		r := fromOrigin(anon, http.MethodGet, "/api/v1/officials", allowedOrigin, false)
		wantProblem(t, "an anonymous request from the configured origin", r, 401, domain.EUNAUTHENTICATED, "")
		if r.Header.Get("Access-Control-Allow-Origin") != allowedOrigin || !strings.Contains(r.Header.Get("Access-Control-Expose-Headers"), "X-Request-Id") {
			t.Fatalf("headers %v", r.Header)
		}
		r = fromOrigin(anon, http.MethodGet, "/api/v1/meta", strings.ToUpper(allowedOrigin), false)
		if r.Status != 200 || r.Header.Get("Access-Control-Allow-Origin") == "" {
			t.Fatalf("origins match whatever their case: %d %v", r.Status, r.Header)
		}
	})
	hostile := []string{"https://evil.example.com", "http://hr.example.gov.cn", "https://hr.example.gov.cn.evil.com", "https://evilhr.example.gov.cn",
		"https://hr.example.gov.cn:8443", "null", "*", "https://hr.example.gov.cn/"}
	for _, origin := range hostile {
		t.Run("Refused/"+origin, func(t *testing.T) {
			r := fromOrigin(anon, http.MethodOptions, "/api/v1/officials", origin, true)
			wantProblem(t, "a preflight from "+origin, r, 403, domain.EFORBIDDEN, "")
			for k := range r.Header {
				if strings.HasPrefix(k, "Access-Control-") {
					t.Fatalf("a refused preflight carries %s: %v", k, r.Header)
				}
			}
			// A simple request is served as it would be to anyone, but
			// without the header that lets the page read it.
			r = fromOrigin(anon, http.MethodGet, "/api/v1/meta", origin, false)
			if r.Status != 200 || r.Header.Get("Access-Control-Allow-Origin") != "" {
				t.Fatalf("a request from %s: %d %v", origin, r.Status, r.Header)
			}
		})
	}
	t.Run("NotAPreflight", func(t *testing.T) {
		// OPTIONS without Access-Control-Request-Method is no preflight: the
		// route policy answers it, as any method it does not serve.
		r := fromOrigin(anon, http.MethodOptions, "/api/v1/officials", allowedOrigin, false)
		wantProblem(t, "a bare OPTIONS", r, 404, domain.ENOTFOUND, "")
	})
	t.Run("NoneConfigured", func(t *testing.T) {
		ts := start(t, t.TempDir(), nil)
		anon := ts.anon(t)
		wantProblem(t, "a preflight with no origins configured", fromOrigin(anon, http.MethodOptions, "/api/v1/officials", allowedOrigin, true), 403, domain.EFORBIDDEN, "")
		if r := fromOrigin(anon, http.MethodGet, "/api/v1/meta", allowedOrigin, false); r.Status != 200 || r.Header.Get("Access-Control-Allow-Origin") != "" {
			t.Fatalf("with no origins configured: %d %v", r.Status, r.Header)
		}
	})
}

func TestAttackSecurityHeaders(t *testing.T) {
	w := newAttackWorld(t)
	web := t.TempDir()
	os.MkdirAll(filepath.Join(web, "assets"), 0o755)
	os.WriteFile(filepath.Join(web, "index.html"), []byte("<html>APP</html>"), 0o644)
	common := func(t *testing.T, what string, h http.Header) {
		t.Helper()
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("X-Frame-Options") != "DENY" || h.Get("Referrer-Policy") != "no-referrer" {
			t.Fatalf("%s: %v", what, h)
		}
		csp := h.Get("Content-Security-Policy")
		for _, d := range []string{"default-src 'self'", "script-src 'self';", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'"} {
			if !strings.Contains(csp, d) {
				t.Fatalf("%s: the CSP %q lacks %s", what, csp, d)
			}
		}
		if strings.Contains(csp, "unsafe-eval") || strings.Contains(strings.Split(strings.Split(csp, "script-src")[1], ";")[0], "unsafe-inline") {
			t.Fatalf("%s: scripts may run inline or from eval: %s", what, csp)
		}
	}
	t.Run("AppShell", func(t *testing.T) {
		ts := start(t, web, nil)
		for _, path := range []string{"/", "/officials/12", "/verify/ABC"} {
			resp, _ := get(t, ts.URL+path)
			common(t, path, resp.Header)
			if resp.Header.Get("Cache-Control") != "no-store" {
				t.Fatalf("%s: Cache-Control %q", path, resp.Header.Get("Cache-Control"))
			}
		}
	})
	// Every GET route, as its honest caller: API answers are never stored.
	table := w.getRoutes(t)
	for _, r := range w.ts.routes(func(r route) bool { return gets(r) && r.Path != "/*" }) {
		g, ok := table[r.Path]
		if !ok {
			t.Errorf("GET %s has no entry in the route table of the attacks", r.Path)
			continue
		}
		c := w.as[g.as]
		c.t = t
		got := c.do(http.MethodGet, g.path, nil)
		common(t, g.path, got.Header)
		if strings.HasPrefix(r.Path, "/api/") && got.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: Cache-Control %q, want no-store", g.path, got.Header.Get("Cache-Control"))
		}
		if ct := got.Header.Get("Content-Type"); ct == "" || strings.HasPrefix(ct, "text/html") && r.Path != "/*" {
			t.Errorf("%s: Content-Type %q", g.path, ct)
		}
	}
	// The problems of the private routes are not stored either.
	for _, path := range []string{"/api/v1/officials/999999/file", "/api/v1/officials/999999/score", "/api/v1/me/reports/999999",
		"/api/v1/disputes/999999/attachments/1", "/api/v1/me/file", "/api/v1/imports/999999/errors", "/api/v1/eligibility/checks/999999/export"} {
		for _, as := range []string{"anonymous", "admin1"} {
			c := w.as[as]
			c.t = t
			got := c.do(http.MethodGet, path, nil)
			if got.Status < 400 || got.Header.Get("Content-Type") != "application/problem+json" || got.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("%s as %s: %d %s, Cache-Control %q", path, as, got.Status, got.Header.Get("Content-Type"), got.Header.Get("Cache-Control"))
			}
			common(t, path, got.Header)
		}
	}
	t.Run("Downloads", func(t *testing.T) {
		c := w.as["official1"]
		c.t = t
		got := c.must(http.MethodGet, fmt.Sprintf("/api/v1/disputes/%d/attachments/%d", w.dispA, w.dispAAtt), nil, 200)
		if got.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(got.Header.Get("Content-Disposition"), "attachment;") {
			t.Fatalf("an attachment is downloaded, never shown inline: %v", got.Header)
		}
	})
}
