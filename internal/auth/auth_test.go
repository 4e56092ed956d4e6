package auth_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"integrity/internal/auth"
	"integrity/internal/domain"
	"integrity/policies"
)

func TestTOTPMatchesRFC6238(t *testing.T) {
	secret := "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" // "12345678901234567890"
	for _, tc := range []struct {
		unix int64
		want string
	}{{59, "287082"}, {1111111109, "081804"}, {1234567890, "005924"}, {2000000000, "279037"}} {
		got, err := auth.TOTPCode(secret, auth.TOTPStep(time.Unix(tc.unix, 0)))
		if err != nil || got != tc.want {
			t.Errorf("T=%d: %q, want %q (%v)", tc.unix, got, tc.want, err)
		}
	}
}

func TestCheckTOTP(t *testing.T) {
	secret := auth.NewTOTPSecret()
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	cur := auth.TOTPStep(now)
	code := func(step int64) string { c, _ := auth.TOTPCode(secret, step); return c }
	if step, ok := auth.CheckTOTP(secret, code(cur), now, 0); !ok || step != cur {
		t.Fatal("the current code is refused")
	}
	if _, ok := auth.CheckTOTP(secret, code(cur-1), now, 0); !ok {
		t.Fatal("one step of drift is refused")
	}
	if _, ok := auth.CheckTOTP(secret, code(cur-2), now, 0); ok {
		t.Fatal("two steps of drift are accepted")
	}
	if _, ok := auth.CheckTOTP(secret, code(cur), now, cur); ok {
		t.Fatal("a replayed code is accepted")
	}
	for _, bad := range []string{"", "12345", "1234567", "abcdef"} {
		if _, ok := auth.CheckTOTP(secret, bad, now, 0); ok {
			t.Fatalf("%q accepted", bad)
		}
	}
}

func TestPasswords(t *testing.T) {
	h := auth.HashPassword("Correct-horse-9")
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q", h)
	}
	if ok, err := auth.CheckPassword(h, "Correct-horse-9"); !ok || err != nil {
		t.Fatal("the right password is refused")
	}
	if ok, _ := auth.CheckPassword(h, "correct-horse-9"); ok {
		t.Fatal("a wrong password is accepted")
	}
	if _, err := auth.CheckPassword("$bcrypt$x", "a"); err == nil {
		t.Fatal("a malformed hash is accepted")
	}
	p := auth.PasswordPolicy{MinLength: 10, Classes: 3}
	for pw, ok := range map[string]bool{
		"Correct-horse-9": true, "short-A1": false, "alllowercaseletters": false, "Abcdefghijk1": true,
		"hr1-Password-x": false, // contains the username
	} {
		if err := p.Check("new_password", pw, "hr1"); (err == nil) != ok {
			t.Errorf("%q: %v", pw, err)
		} else if err != nil {
			var de *domain.Error
			if !errors.As(err, &de) || de.Fields[0].Field != "new_password" {
				t.Errorf("%q: the error does not name the field: %v", pw, err)
			}
		}
	}
	if err := p.Check("p", auth.RandomPassword(), "someone"); err != nil {
		t.Fatalf("a generated temporary password breaks the policy: %v", err)
	}
}

func TestAccessTokens(t *testing.T) {
	key := []byte(strings.Repeat("k", 32))
	tok := auth.NewTokens(key, 10*time.Minute)
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	s, err := tok.Issue(42, "sess", now)
	if err != nil {
		t.Fatal(err)
	}
	if uid, sid, err := tok.Parse(s, now.Add(time.Minute)); err != nil || uid != 42 || sid != "sess" {
		t.Fatalf("parse: %d %q %v", uid, sid, err)
	}
	refused := map[string]string{
		"expired":   s,
		"wrong key": mustSign(t, jwt.SigningMethodHS256, []byte(strings.Repeat("x", 32)), now),
		"alg none":  mustSign(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, now),
		"HS512":     mustSign(t, jwt.SigningMethodHS512, key, now),
		"garbage":   "a.b.c",
	}
	for name, s := range refused {
		at := now.Add(time.Minute)
		if name == "expired" {
			at = now.Add(11 * time.Minute)
		}
		if _, _, err := tok.Parse(s, at); !errors.Is(err, auth.ErrBadToken) {
			t.Errorf("%s: accepted (%v)", name, err)
		}
	}
}

func mustSign(t *testing.T, m jwt.SigningMethod, key any, now time.Time) string {
	t.Helper()
	c := auth.Claims{SessionID: "sess", RegisteredClaims: jwt.RegisteredClaims{Issuer: "integrity", Subject: "42",
		ExpiresAt: jwt.NewNumericDate(now.Add(time.Hour)), IssuedAt: jwt.NewNumericDate(now)}}
	s, err := jwt.NewWithClaims(m, c).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestEnforcer(t *testing.T) {
	e, err := auth.LoadEnforcer(policies.FS)
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.Allowed([]string{"anonymous", "authenticated", "personnel_staff"}, "/api/v1/officials/:id", "GET")
	if err != nil || !got["personnel_staff"] || len(got) != 1 {
		t.Fatalf("allowed = %v, %v", got, err)
	}
	if got, _ := e.Allowed([]string{"anonymous", "personnel_staff"}, "/api/v1/officials/:id", "PATCH"); len(got) != 0 {
		t.Fatalf("PATCH allowed for %v", got)
	}
	// The answers are remembered: asked again, every rule still allows its
	// role and nothing else, including after more made-up routes than
	// are remembered (those are decided by casbin each time).
	for i := range 10_000 {
		route := fmt.Sprintf("/api/v1/made-up/%d", i)
		if got, _ := e.Allowed([]string{"admin", "personnel_staff"}, route, "GET"); len(got) != 0 {
			t.Fatalf("%s allowed for %v", route, got)
		}
	}
	for range 2 {
		for _, rule := range e.Rules() {
			got, err := e.Allowed([]string{"anonymous", rule[0]}, rule[1], rule[2])
			if err != nil || !got[rule[0]] {
				t.Fatalf("%v: allowed = %v, %v", rule, got, err)
			}
			if rule[0] != "anonymous" && got["anonymous"] != slices.ContainsFunc(e.Rules(), func(r []string) bool {
				return r[0] == "anonymous" && r[1] == rule[1] && r[2] == rule[2]
			}) {
				t.Fatalf("%v: anonymous allowed = %v", rule, got["anonymous"])
			}
		}
	}
	for _, rule := range e.Rules() {
		if strings.ContainsAny(rule[1], "*") && rule[1] != "/*" {
			t.Errorf("a wildcard route in the policy: %v", rule)
		}
	}
	model := fstest.MapFS{"model.conf": {Data: mustRead(t, "model.conf")}}
	for name, fsys := range map[string]fstest.MapFS{
		"no policy":    model,
		"empty policy": withPolicy(model, "# nothing\n"),
		"unknown role": withPolicy(model, "p, emperor, /api/v1/users, GET\n"),
		"short line":   withPolicy(model, "p, admin, /api/v1/users\n"),
		"broken model": {"model.conf": {Data: []byte("[matchers]\nm = (")}, "policy.csv": {Data: []byte("p, admin, /x, GET")}},
	} {
		if _, err := auth.LoadEnforcer(fsys); err == nil {
			t.Errorf("%s: the enforcer loaded", name)
		}
	}
}

func mustRead(t *testing.T, name string) []byte {
	b, err := policies.FS.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func withPolicy(m fstest.MapFS, policy string) fstest.MapFS {
	out := fstest.MapFS{"policy.csv": {Data: []byte(policy)}}
	for k, v := range m {
		out[k] = v
	}
	return out
}
