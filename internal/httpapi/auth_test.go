package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"integrity/internal/app"
	"integrity/internal/auth"
	"integrity/internal/config"
	"integrity/internal/domain"
	"integrity/internal/httpapi"
	"integrity/internal/store/storetest"
)

func (w *world) loginStatus(t *testing.T, username, password, otp string) response {
	t.Helper()
	body := map[string]string{"username": username, "password": password}
	if otp != "" {
		body["otp"] = otp
	}
	return w.ts.anon(t).do(http.MethodPost, "/api/v1/auth/login", body)
}

func problemOf(t *testing.T, r response) httpapi.Problem {
	t.Helper()
	var p httpapi.Problem
	r.json(t, &p)
	return p
}

func (w *world) auditActions(t *testing.T, actor string) []string {
	t.Helper()
	rows, err := w.ts.db.SQL().Query("SELECT action, outcome FROM audit_log WHERE actor = ? ORDER BY id", actor)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a, o string
		rows.Scan(&a, &o)
		out = append(out, a+":"+o)
	}
	return out
}

func TestLockoutAndItsExpiry(t *testing.T) {
	w := newWorld(t)
	for i := 1; i <= 4; i++ {
		r := w.loginStatus(t, "hr1", "wrong-password-1", "")
		if p := problemOf(t, r); r.Status != 401 || p.Code != domain.EUNAUTHENTICATED {
			t.Fatalf("attempt %d: %d %s", i, r.Status, r.Body)
		}
	}
	r := w.loginStatus(t, "hr1", "wrong-password-1", "")
	if r.Status != 429 || r.Header.Get("Retry-After") != "900" {
		t.Fatalf("fifth failure: %d Retry-After %q %s", r.Status, r.Header.Get("Retry-After"), r.Body)
	}
	w.clock.add(10 * time.Minute)
	r = w.loginStatus(t, "hr1", w.password, "")
	if r.Status != 429 || r.Header.Get("Retry-After") != "300" {
		t.Fatalf("the right password while locked: %d Retry-After %q", r.Status, r.Header.Get("Retry-After"))
	}
	w.clock.add(5*time.Minute + time.Second)
	if r := w.loginStatus(t, "hr1", w.password, ""); r.Status != 200 {
		t.Fatalf("after the lockout: %d %s", r.Status, r.Body)
	}
	got := strings.Join(w.auditActions(t, "hr1"), " ")
	for _, want := range []string{"login:failure", "login_locked:denied", "login:denied", "login:success"} {
		if !strings.Contains(got, want) {
			t.Errorf("audit lacks %s: %s", want, got)
		}
	}

	t.Run("UnknownUserLooksLikeAWrongPassword", func(t *testing.T) {
		known := w.loginStatus(t, "hr1", "wrong-password-1", "")
		unknown := w.loginStatus(t, "nobody-here", "wrong-password-1", "")
		if known.Status != unknown.Status || problemOf(t, known).Detail != problemOf(t, unknown).Detail {
			t.Fatalf("known %d %s vs unknown %d %s", known.Status, known.Body, unknown.Status, unknown.Body)
		}
		if got := w.auditActions(t, "nobody-here"); len(got) != 1 || got[0] != "login:failure" {
			t.Fatalf("unknown-user attempt audit: %v", got)
		}
	})
	t.Run("UnknownUserLocksOutLikeAnAccount", func(t *testing.T) {
		// Hammering a username must not tell whether an account has it: the
		// answers, their Retry-After and the end of the lockout are the same.
		for _, name := range []string{"auditor1", "no-such-account"} {
			var got []string
			for i := 0; i < 6; i++ {
				r := w.loginStatus(t, name, "wrong-password-1", "")
				got = append(got, fmt.Sprintf("%d/%s/%s", r.Status, r.Header.Get("Retry-After"), problemOf(t, r).Detail))
			}
			w.clock.add(15*time.Minute + time.Second)
			r := w.loginStatus(t, name, "wrong-password-1", "")
			got = append(got, fmt.Sprint(r.Status))
			want := []string{"401//the username or password is wrong", "401//the username or password is wrong", "401//the username or password is wrong",
				"401//the username or password is wrong", "429/900/too many failed sign-ins; the account is locked for a while",
				"429/900/too many failed sign-ins; the account is locked for a while", "401"}
			if strings.Join(got, " | ") != strings.Join(want, " | ") {
				t.Errorf("%s:\n got %q\nwant %q", name, got, want)
			}
		}
	})
	t.Run("AdminUnlocks", func(t *testing.T) {
		for i := 0; i < 5; i++ {
			w.loginStatus(t, "jw1", "wrong-password-1", "")
		}
		if r := w.loginStatus(t, "jw1", w.password, ""); r.Status != 429 {
			t.Fatalf("not locked: %d", r.Status)
		}
		admin, _ := w.login(t, "admin1")
		id := w.userID(t, "jw1")
		admin.must(http.MethodPost, fmt.Sprintf("/api/v1/users/%d/unlock", id), nil, 200)
		if r := w.loginStatus(t, "jw1", w.password, ""); r.Status != 200 {
			t.Fatalf("after unlock: %d", r.Status)
		}
	})
}

func (w *world) userID(t *testing.T, name string) int64 {
	t.Helper()
	id, err := w.ts.db.UserIDByName(t.Context(), name)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestRefreshRotationAndReuse(t *testing.T) {
	w := newWorld(t)
	_, r1 := w.login(t, "hr1")
	var p2 tokenPair
	w.ts.anon(t).must(http.MethodPost, "/api/v1/auth/refresh", map[string]string{"refresh_token": r1}, 200).json(t, &p2)
	if p2.RefreshToken == r1 || p2.AccessToken == "" {
		t.Fatal("the refresh token was not rotated")
	}
	c2 := &client{t: t, base: w.ts.URL, token: p2.AccessToken}
	c2.must(http.MethodGet, "/api/v1/me", nil, 200)

	// Replaying the spent token ends the whole family.
	if r := w.ts.anon(t).do(http.MethodPost, "/api/v1/auth/refresh", map[string]string{"refresh_token": r1}); r.Status != 401 {
		t.Fatalf("reuse: %d %s", r.Status, r.Body)
	}
	c2.must(http.MethodGet, "/api/v1/me", nil, 401)
	w.ts.anon(t).must(http.MethodPost, "/api/v1/auth/refresh", map[string]string{"refresh_token": p2.RefreshToken}, 401)
	if got := strings.Join(w.auditActions(t, "hr1"), " "); !strings.Contains(got, "refresh_reuse:denied") {
		t.Fatalf("no refresh_reuse audit: %s", got)
	}

	t.Run("IdleSessionEnds", func(t *testing.T) {
		_, r := w.login(t, "jw1")
		w.clock.add(app.SessionIdle + time.Minute)
		w.ts.anon(t).must(http.MethodPost, "/api/v1/auth/refresh", map[string]string{"refresh_token": r}, 401)
	})
	t.Run("ExpiredAccessToken", func(t *testing.T) {
		c, _ := w.login(t, "jw1")
		w.clock.add(11 * time.Minute)
		c.must(http.MethodGet, "/api/v1/me", nil, 401)
	})
	t.Run("ErrGarbage", func(t *testing.T) {
		w.ts.anon(t).must(http.MethodPost, "/api/v1/auth/refresh", map[string]string{"refresh_token": "nope"}, 401)
		w.ts.anon(t).must(http.MethodPost, "/api/v1/auth/refresh", `{"refresh_token": 5}`, 400)
	})
}

func TestSessionsEndAtOnce(t *testing.T) {
	w := newWorld(t)
	admin, _ := w.login(t, "admin1")
	t.Run("Logout", func(t *testing.T) {
		c, r := w.login(t, "hr1")
		c.must(http.MethodPost, "/api/v1/auth/logout", nil, 204)
		c.must(http.MethodGet, "/api/v1/me", nil, 401)
		w.ts.anon(t).must(http.MethodPost, "/api/v1/auth/refresh", map[string]string{"refresh_token": r}, 401)
	})
	t.Run("Disable", func(t *testing.T) {
		c, _ := w.login(t, "jw1")
		admin.must(http.MethodPatch, fmt.Sprintf("/api/v1/users/%d", w.userID(t, "jw1")), map[string]any{"enabled": false}, 200)
		c.must(http.MethodGet, "/api/v1/me", nil, 401)
		if r := w.loginStatus(t, "jw1", w.password, ""); r.Status != 401 {
			t.Fatalf("a disabled user signed in: %d", r.Status)
		}
	})
	t.Run("PasswordChange", func(t *testing.T) {
		c, _ := w.login(t, "clerk1")
		other, _ := w.login(t, "clerk1")
		r := c.do(http.MethodPost, "/api/v1/me/password", map[string]string{"current_password": w.password, "new_password": "short"})
		if p := problemOf(t, r); r.Status != 400 || p.Errors[0].Field != "new_password" {
			t.Fatalf("weak password: %d %s", r.Status, r.Body)
		}
		r = c.do(http.MethodPost, "/api/v1/me/password", map[string]string{"current_password": "not-it-1A", "new_password": "Another-good-1"})
		if p := problemOf(t, r); r.Status != 400 || p.Errors[0].Field != "current_password" {
			t.Fatalf("wrong current password: %d %s", r.Status, r.Body)
		}
		c.must(http.MethodPost, "/api/v1/me/password", map[string]string{"current_password": w.password, "new_password": "Another-good-1"}, 204)
		c.must(http.MethodGet, "/api/v1/me", nil, 401)
		other.must(http.MethodGet, "/api/v1/me", nil, 401)
		if r := w.loginStatus(t, "clerk1", "Another-good-1", ""); r.Status != 200 {
			t.Fatalf("new password: %d", r.Status)
		}
	})
	t.Run("RoleChange", func(t *testing.T) {
		c, _ := w.login(t, "approver1")
		c.must(http.MethodGet, "/api/v1/officials", nil, 200)
		// A role that opens no files applies at once.
		w.mustLogin(t, "secadmin1").must(http.MethodPut, fmt.Sprintf("/api/v1/users/%d/roles", w.userID(t, "approver1")),
			map[string]any{"grants": []map[string]any{{"role": "personnel_staff", "scope": "all"}}}, 200)
		c.must(http.MethodGet, "/api/v1/officials", nil, 401)
		c2, _ := w.login(t, "approver1")
		c2.must(http.MethodGet, "/api/v1/lookups/inbox", nil, 404)
		c2.must(http.MethodGet, "/api/v1/eligibility/purposes", nil, 200)
	})
	t.Run("ErrAdminCannotDemoteOrDisableThemselves", func(t *testing.T) {
		id := w.userID(t, "admin1")
		admin.must(http.MethodPatch, fmt.Sprintf("/api/v1/users/%d", id), map[string]any{"enabled": false}, 400)
		admin.must(http.MethodPut, fmt.Sprintf("/api/v1/users/%d/roles", id), map[string]any{"grants": []map[string]any{{"role": "auditor", "scope": "all"}}}, 404)
		sec := w.mustLogin(t, "secadmin1")
		sec.must(http.MethodPut, fmt.Sprintf("/api/v1/users/%d/roles", w.userID(t, "secadmin1")), map[string]any{"grants": []map[string]any{{"role": "personnel_staff", "scope": "all"}}}, 403)
	})
	t.Run("ErrMassAssignment", func(t *testing.T) {
		c, _ := w.login(t, "hr1")
		r := c.do(http.MethodPost, "/api/v1/me/password", map[string]any{"current_password": w.password, "new_password": "Another-good-1", "roles": []string{"admin"}})
		if p := problemOf(t, r); r.Status != 400 || p.Errors[0].Field != "roles" {
			t.Fatalf("an unknown field was accepted: %d %s", r.Status, r.Body)
		}
		r = admin.do(http.MethodPatch, fmt.Sprintf("/api/v1/users/%d", w.userID(t, "hr1")), map[string]any{"grants": []map[string]any{{"role": "admin", "scope": "all"}}})
		if r.Status != 400 {
			t.Fatalf("grants slipped through a user update: %d %s", r.Status, r.Body)
		}
	})
}

func TestForcedPasswordChange(t *testing.T) {
	w := newWorld(t)
	// An account made at the server's shell without a password gets a
	// temporary one, which must be changed.
	dept := w.districtA.ID
	created, err := w.ts.app.CreateUser(context.Background(), app.Actor{Username: "cli"}, app.NewUser{Username: "newhr", DepartmentID: &dept,
		Grants: []app.GrantInput{{Role: "personnel_staff", Scope: "dept_and_below"}}})
	if err != nil || created.Password == "" {
		t.Fatalf("create at the shell: %+v %v", created, err)
	}
	w.password = created.Password
	c, _ := w.login(t, "newhr")
	var me meOut
	c.must(http.MethodGet, "/api/v1/me", nil, 200).json(t, &me)
	if !me.MustChangePassword || me.Roles[0] != "personnel_staff" || me.Grants[0].DepartmentID == nil || *me.Grants[0].DepartmentID != w.districtA.ID {
		t.Fatalf("me = %+v", me)
	}
	r := c.do(http.MethodGet, "/api/v1/officials", nil)
	if p := problemOf(t, r); r.Status != 403 || p.Code != string(app.MustChangePassword) {
		t.Fatalf("before the change: %d %s", r.Status, r.Body)
	}
	c.must(http.MethodPost, "/api/v1/me/password", map[string]string{"current_password": created.Password, "new_password": "My-own-secret-7"}, 204)
	w.password = "My-own-secret-7"
	c, _ = w.login(t, "newhr")
	c.must(http.MethodGet, "/api/v1/officials", nil, 200)

	t.Run("PasswordExpiry", func(t *testing.T) {
		w.clock.add(91 * 24 * time.Hour)
		c, _ := w.login(t, "newhr")
		if r := c.do(http.MethodGet, "/api/v1/officials", nil); r.Status != 403 {
			t.Fatalf("an expired password still works: %d", r.Status)
		}
	})
}

func TestTOTPRequiredForConfiguredRoles(t *testing.T) {
	w := newWorldOn(t, storetest.MustOpenDB(t), totpConfig())
	c, _ := w.login(t, "admin1")
	var me meOut
	c.must(http.MethodGet, "/api/v1/me", nil, 200).json(t, &me)
	if !me.TOTPRequired || me.TOTPEnabled {
		t.Fatalf("me = %+v", me)
	}
	r := c.do(http.MethodGet, "/api/v1/users", nil)
	if p := problemOf(t, r); r.Status != 403 || p.Code != string(app.MustEnrolTOTP) {
		t.Fatalf("admin without TOTP: %d %s", r.Status, r.Body)
	}
	// A role without the requirement is not asked.
	hr, _ := w.login(t, "hr1")
	hr.must(http.MethodGet, "/api/v1/officials", nil, 200)

	var setup struct {
		Secret     string `json:"secret"`
		OtpauthURL string `json:"otpauth_url"`
	}
	c.must(http.MethodPost, "/api/v1/me/totp/setup", nil, 200).json(t, &setup)
	if !strings.HasPrefix(setup.OtpauthURL, "otpauth://totp/") || !strings.Contains(setup.OtpauthURL, "secret="+setup.Secret) {
		t.Fatalf("setup = %+v", setup)
	}
	c.must(http.MethodPost, "/api/v1/me/totp/enable", map[string]string{"code": "000000"}, 400)
	code := func() string {
		s, _ := auth.TOTPCode(setup.Secret, auth.TOTPStep(w.clock.now()))
		return s
	}
	var rc struct {
		RecoveryCodes []string `json:"recovery_codes"`
	}
	c.must(http.MethodPost, "/api/v1/me/totp/enable", map[string]string{"code": code()}, 200).json(t, &rc)
	if len(rc.RecoveryCodes) != 10 {
		t.Fatalf("recovery codes: %v", rc.RecoveryCodes)
	}
	c.must(http.MethodGet, "/api/v1/users", nil, 200)

	r = w.loginStatus(t, "admin1", w.password, "")
	if p := problemOf(t, r); r.Status != 401 || p.Code != app.EOTPREQUIRED {
		t.Fatalf("no second factor: %d %s", r.Status, r.Body)
	}
	if r := w.loginStatus(t, "admin1", w.password, code()); r.Status != 401 {
		t.Fatalf("the enrolment code was replayed: %d", r.Status)
	}
	w.clock.add(30 * time.Second)
	if r := w.loginStatus(t, "admin1", w.password, code()); r.Status != 200 {
		t.Fatalf("a fresh code: %d %s", r.Status, r.Body)
	}
	if r := w.loginStatus(t, "admin1", w.password, rc.RecoveryCodes[3]); r.Status != 200 {
		t.Fatalf("a recovery code: %d %s", r.Status, r.Body)
	}
	if r := w.loginStatus(t, "admin1", w.password, rc.RecoveryCodes[3]); r.Status != 401 {
		t.Fatalf("a recovery code worked twice: %d", r.Status)
	}
	t.Run("WrongCodesCountTowardLockout", func(t *testing.T) {
		var last response
		for i := 0; i < 5; i++ {
			last = w.loginStatus(t, "admin1", w.password, "123456")
		}
		if last.Status != 429 {
			t.Fatalf("five wrong codes: %d", last.Status)
		}
	})
}

func TestTwoServersShareGrantsThroughTheDatabase(t *testing.T) {
	dbA, dbB := openTwice(t)
	wA := newWorldOn(t, dbA, testAuthConfig())
	tsB := startOn(t, dbB, testAuthConfig(), t.TempDir(), nil)
	wB := &world{ts: tsB, clock: wA.clock, password: wA.password}
	dbB.Now = wA.clock.now

	hrB, _ := wB.login(t, "hr1")
	hrB.must(http.MethodGet, "/api/v1/users", nil, 404)
	// The administrative role waits for a second security administrator.
	var req struct{ ID int64 }
	wA.mustLogin(t, "secadmin1").must(http.MethodPut, fmt.Sprintf("/api/v1/users/%d/roles", wA.userID(t, "hr1")),
		map[string]any{"grants": []map[string]any{{"role": "admin", "scope": "all"}}}, 202).json(t, &req)
	wA.mustLogin(t, "secadmin2").must(http.MethodPost, fmt.Sprintf("/api/v1/grant-requests/%d/approve", req.ID), map[string]any{}, 200)
	// Server B sees the change: the old session ends.
	eventually(t, "server B to end the session of the old grants", func() bool {
		return hrB.do(http.MethodGet, "/api/v1/users", nil).Status == 401
	})
	hrB2, _ := wB.login(t, "hr1")
	hrB2.must(http.MethodGet, "/api/v1/users", nil, 200)
}

// TestTwoServersSeeAPublicationWithinSeconds: a scoring policy published
// through one replica scores files on the other within five seconds, and
// a logout through one ends the session on the other at once.
func TestTwoServersSeeAPublicationWithinSeconds(t *testing.T) {
	dbA, dbB := storetest.MustOpenShared(t) // migrated, with the catalogue and the policies
	wA := newWorldOn(t, dbA, testAuthConfig())
	tsB := startOn(t, dbB, testAuthConfig(), t.TempDir(), nil)
	wB := &world{ts: tsB, clock: wA.clock, password: wA.password}
	dbB.Now = wA.clock.now
	recent := wA.record(idA, "R-1")
	recent["decision_date"] = "2026-06-01"
	wA.submit(t, wA.mustLogin(t, "clerk1"), recent)

	adminA, adminB := wA.mustLogin(t, "admin1"), wB.mustLogin(t, "admin1")
	score := func(c *client) (float64, int) {
		var f struct {
			Score struct {
				Result struct {
					Score         float64 `json:"score"`
					PolicyVersion int     `json:"policy_version"`
				} `json:"result"`
			} `json:"score"`
		}
		c.must(http.MethodGet, fmt.Sprintf("/api/v1/officials/%d/file", wA.inA), nil, 200).json(t, &f)
		return f.Score.Result.Score, f.Score.Result.PolicyVersion
	}
	if s, v := score(adminB); s != 95 || v != 1 {
		t.Fatalf("before: %v under version %d", s, v)
	}
	var draft struct {
		Version int            `json:"version"`
		Policy  map[string]any `json:"policy"`
	}
	secA := wA.mustLogin(t, "secadmin1")
	secA.must(http.MethodPost, "/api/v1/policies/scoring", nil, 201).json(t, &draft)
	for _, r := range draft.Policy["rules"].([]any) {
		if m := r.(map[string]any); m["code"] == "jud_civil_unperformed" {
			m["points"] = -20
		}
	}
	secA.must(http.MethodPut, fmt.Sprintf("/api/v1/policies/scoring/%d", draft.Version), map[string]any{"policy": draft.Policy}, 200)
	secA.must(http.MethodPost, fmt.Sprintf("/api/v1/policies/scoring/%d/publish", draft.Version), nil, 200)
	if s, v := score(adminA); s != 80 || v != draft.Version {
		t.Fatalf("the publishing replica scores with the new version at once: %v under %d", s, v)
	}
	eventually(t, "the other replica to score with the new policy", func() bool {
		s, v := score(adminB)
		return s == 80 && v == draft.Version
	})

	c, _ := wA.login(t, "hr1")
	c.must(http.MethodPost, "/api/v1/auth/logout", nil, 204)
	onB := &client{t: t, base: tsB.URL, token: c.token}
	onB.must(http.MethodGet, "/api/v1/me", nil, 401)
}

// TestClientAddressInTheAudit: the audit names the connection's address,
// and X-Forwarded-For only when the connection comes from a configured load
// balancer, read from the right so a client cannot put a forged address
// before the balancer's own entry.
func TestClientAddressInTheAudit(t *testing.T) {
	for _, tc := range []struct {
		name    string
		trusted string
		xff     string
		want    string
	}{
		{"NoProxyConfigured", "", "203.0.113.9", "127.0.0.1"},
		{"FromTheBalancer", "127.0.0.1", "203.0.113.9", "203.0.113.9"},
		{"ForgedEntryBeforeTheBalancers", "127.0.0.1/32", "198.51.100.1, 203.0.113.9", "203.0.113.9"},
		{"NoHeaderFromTheBalancer", "127.0.0.0/8", "", "127.0.0.1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			trusted, err := config.ParseCIDRs(tc.trusted)
			if err != nil {
				t.Fatal(err)
			}
			db := storetest.MustOpenDB(t)
			ts := startWith(t, db, testAuthConfig(), t.TempDir(), func(d *httpapi.Deps) { d.TrustedProxies = trusted }, nil)
			req, _ := http.NewRequest(http.MethodPost, ts.URL+"/api/v1/auth/login", strings.NewReader(`{"username":"probe","password":"wrong-password-1"}`))
			req.Header.Set("Content-Type", "application/json")
			if tc.xff != "" {
				req.Header.Set("X-Forwarded-For", tc.xff)
			}
			if r := ts.anon(t).send(req); r.Status != 401 {
				t.Fatalf("sign-in: %d %s", r.Status, r.Body)
			}
			var ip string
			if err := db.SQL().QueryRow("SELECT ip FROM audit_log WHERE actor = 'probe'").Scan(&ip); err != nil {
				t.Fatal(err)
			}
			if ip != tc.want {
				t.Fatalf("audited from %q, want %q", ip, tc.want)
			}
		})
	}
	if _, err := config.ParseCIDRs("10.0.0.0/8, ::1, not-an-address"); err == nil || !strings.Contains(err.Error(), `"not-an-address"`) {
		t.Fatalf("a bad range: %v", err)
	}
}

// TestSignInLimitsPerAddress: guesses from one address stop at the
// threshold for that address only, so a remote client cannot keep the
// owner out; guesses spread over many addresses still lock the account;
// and one address spraying guesses over many accounts is stopped too.
func TestSignInLimitsPerAddress(t *testing.T) {
	trusted, err := config.ParseCIDRs("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	w := newWorldWith(t, storetest.MustOpenDB(t), testAuthConfig(), func(d *httpapi.Deps) { d.TrustedProxies = trusted })
	from := func(t *testing.T, addr, username, password string) response {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, w.ts.URL+"/api/v1/auth/login", strings.NewReader(fmt.Sprintf(`{"username":%q,"password":%q}`, username, password)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", addr)
		return w.ts.anon(t).send(req)
	}
	const threshold = 5 // testAuthConfig

	t.Run("OneAddressCannotLockTheOwnerOut", func(t *testing.T) {
		for i := 1; i <= threshold; i++ {
			r := from(t, "203.0.113.7", "hr1", "wrong-password-1")
			if want := map[bool]int{true: 429, false: 401}[i == threshold]; r.Status != want {
				t.Fatalf("guess %d: %d, want %d", i, r.Status, want)
			}
		}
		wantProblem(t, "the attacker's next guess", from(t, "203.0.113.7", "hr1", w.password), 429, domain.ETOOMANY, "")
		if r := from(t, "198.51.100.20", "hr1", w.password); r.Status != 200 {
			t.Fatalf("the owner from their own address: %d %s", r.Status, r.Body)
		}
		wantProblem(t, "the attacker after the owner signed in", from(t, "203.0.113.7", "hr1", w.password), 429, domain.ETOOMANY, "")
		// The same holds for a name that names no account.
		for i := 1; i <= threshold; i++ {
			from(t, "203.0.113.7", "nobody-here", "wrong-password-1")
		}
		if r := from(t, "198.51.100.20", "nobody-here", "wrong-password-1"); r.Status != 401 {
			t.Fatalf("an unknown name from another address: %d", r.Status)
		}
	})

	t.Run("ManyAddressesStillLockTheAccount", func(t *testing.T) {
		for i := 0; i < 3*threshold; i++ {
			from(t, fmt.Sprintf("192.0.2.%d", i+1), "jw1", "wrong-password-1")
		}
		wantProblem(t, "the owner, after guesses from 15 addresses", from(t, "198.51.100.21", "jw1", w.password), 429, domain.ETOOMANY, "")
		admin, _ := w.login(t, "admin1")
		var users struct {
			Items []struct {
				Username    string  `json:"username"`
				LockedUntil *string `json:"locked_until"`
			} `json:"items"`
		}
		admin.must(http.MethodGet, "/api/v1/users?q=jw1", nil, 200).json(t, &users)
		if len(users.Items) != 1 || users.Items[0].LockedUntil == nil {
			t.Fatalf("the administrator sees the account locked: %+v", users.Items)
		}
		admin.must(http.MethodPost, fmt.Sprintf("/api/v1/users/%d/unlock", w.userID(t, "jw1")), nil, 200)
		if r := from(t, "192.0.2.1", "jw1", w.password); r.Status != 200 {
			t.Fatalf("after the unlock, from an address that guessed: %d %s", r.Status, r.Body)
		}
	})

	t.Run("OneAddressCannotSprayManyAccounts", func(t *testing.T) {
		for i := 0; i < 10*threshold; i++ {
			from(t, "203.0.113.99", fmt.Sprintf("guess-%d", i), "wrong-password-1")
		}
		wantProblem(t, "the sprayer, even at a real account", from(t, "203.0.113.99", "auditor1", w.password), 429, domain.ETOOMANY, "")
		if r := from(t, "198.51.100.22", "auditor1", w.password); r.Status != 200 {
			t.Fatalf("the owner elsewhere: %d %s", r.Status, r.Body)
		}
	})

	t.Run("LocksEnd", func(t *testing.T) {
		w.clock.add(15*time.Minute + time.Second)
		if r := from(t, "203.0.113.99", "auditor1", w.password); r.Status != 200 {
			t.Fatalf("after the lockout: %d %s", r.Status, r.Body)
		}
	})
}
