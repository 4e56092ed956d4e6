package httpapi_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"integrity/internal/domain"
	"integrity/internal/httpapi"
)

// claimsOf decodes a token's payload without checking it.
func claimsOf(t *testing.T, token string) map[string]any {
	t.Helper()
	parts := strings.Split(token, ".")
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var c map[string]any
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

func segment(v any) string {
	raw, _ := json.Marshal(v)
	return base64.RawURLEncoding.EncodeToString(raw)
}

// sign signs claims with a method and a key, as an attacker holding (or
// guessing) that key would.
func sign(t *testing.T, method jwt.SigningMethod, key any, claims map[string]any) string {
	t.Helper()
	s, err := jwt.NewWithClaims(method, jwt.MapClaims(claims)).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestAttackForgedTokens(t *testing.T) {
	w := newWorld(t)
	hr, _ := w.login(t, "hr1")
	genuine := claimsOf(t, hr.token)
	key := testKeys(t).JWT
	now := w.clock.now()
	adminID := w.userID(t, "admin1")
	adminToken := w.mustLogin(t, "admin1").token
	adminClaims := claimsOf(t, adminToken)
	parts := strings.Split(hr.token, ".")

	// Tokens the server signed itself, for sessions that have ended.
	jw, _ := w.login(t, "jw1")
	w.mustLogin(t, "admin1").must(http.MethodPatch, fmt.Sprintf("/api/v1/users/%d", w.userID(t, "jw1")), map[string]any{"enabled": false}, 200)
	clerk, _ := w.login(t, "clerk1")
	clerk.must(http.MethodPost, "/api/v1/auth/logout", nil, 204)
	_, refresh := w.login(t, "auditor1")

	forged := []struct{ name, header string }{
		{"AlgNone", "Bearer " + segment(map[string]string{"alg": "none", "typ": "JWT"}) + "." + parts[1] + "."},
		{"AlgNoneCapitalised", "Bearer " + segment(map[string]string{"alg": "None", "typ": "JWT"}) + "." + parts[1] + "."},
		{"AlgNoneAsAdmin", "Bearer " + segment(map[string]string{"alg": "none"}) + "." + segment(with(genuine, "sub", fmt.Sprint(adminID))) + "."},
		{"WrongKey", "Bearer " + sign(t, jwt.SigningMethodHS256, []byte(strings.Repeat("x", 32)), genuine)},
		{"HS512WithTheRightKey", "Bearer " + sign(t, jwt.SigningMethodHS512, key, genuine)},
		{"TamperedSubject", "Bearer " + parts[0] + "." + segment(with(genuine, "sub", fmt.Sprint(adminID))) + "." + parts[2]},
		{"TamperedRole", "Bearer " + parts[0] + "." + segment(with(genuine, "roles", []string{"admin"})) + "." + parts[2]},
		{"TamperedExpiry", "Bearer " + parts[0] + "." + segment(with(genuine, "exp", now.Add(24*time.Hour).Unix())) + "." + parts[2]},
		{"SignatureDropped", "Bearer " + parts[0] + "." + parts[1] + "."},
		{"Expired", "Bearer " + sign(t, jwt.SigningMethodHS256, key, with(genuine, "exp", now.Add(-time.Second).Unix()))},
		{"NoExpiry", "Bearer " + sign(t, jwt.SigningMethodHS256, key, with(genuine, "exp", nil))},
		{"NotYetValid", "Bearer " + sign(t, jwt.SigningMethodHS256, key, with(genuine, "nbf", now.Add(time.Hour).Unix()))},
		{"OtherIssuer", "Bearer " + sign(t, jwt.SigningMethodHS256, key, with(genuine, "iss", "someone-else"))},
		{"NoSession", "Bearer " + sign(t, jwt.SigningMethodHS256, key, with(genuine, "sid", nil))},
		// Signed with the right key, yet the session is another user's.
		{"AnotherUsersSession", "Bearer " + sign(t, jwt.SigningMethodHS256, key, with(adminClaims, "sid", genuine["sid"]))},
		{"UnknownSession", "Bearer " + sign(t, jwt.SigningMethodHS256, key, with(genuine, "sid", "no-such-session"))},
		{"DisabledUser", "Bearer " + jw.token},
		{"LoggedOut", "Bearer " + clerk.token},
		{"RefreshTokenAsAccessToken", "Bearer " + refresh},
		{"Garbage", "Bearer not-a-token"},
		{"ThreeDots", "Bearer a.b.c"},
		{"Empty", "Bearer "},
		{"Huge", "Bearer " + strings.Repeat("A", 16<<10)},
		{"NoBearerPrefix", hr.token},
		{"LowercaseScheme", "bearer " + hr.token},
		{"BasicScheme", "Basic " + base64.StdEncoding.EncodeToString([]byte("admin1:"+w.password))},
		{"TwoTokens", "Bearer " + hr.token + " " + hr.token},
	}
	var first httpapi.Problem
	for _, route := range []string{"/api/v1/me", "/api/v1/officials", "/api/v1/users", "/api/v1/reports/verify/AAAA"} {
		for _, f := range forged {
			t.Run(strings.TrimPrefix(route, "/api/v1/")+"/"+f.name, func(t *testing.T) {
				req, _ := http.NewRequest(http.MethodGet, w.ts.URL+route, nil)
				req.Header.Set("Authorization", f.header)
				r := w.ts.anon(t).send(req)
				p := wantProblem(t, f.name, r, 401, domain.EUNAUTHENTICATED, "")
				// One answer for every reason: the body differs only by the
				// request id, so a caller learns nothing of why.
				p.RequestID = ""
				if first.Code == "" {
					first = p
				}
				if fmt.Sprint(p) != fmt.Sprint(first) {
					t.Fatalf("%s answers %+v, unlike %+v", f.name, p, first)
				}
			})
		}
	}
	if first.Detail == "" || strings.Contains(first.Detail, "expired token") || len(first.Errors) != 0 {
		t.Fatalf("the one answer: %+v", first)
	}

	t.Run("RolesComeFromTheDatabase", func(t *testing.T) {
		// Even a token signed with the platform's key cannot raise its
		// roles: they are read fresh on each request, never from the token.
		c := &client{t: t, base: w.ts.URL, token: sign(t, jwt.SigningMethodHS256, key, with(genuine, "roles", []string{"admin"}))}
		c.must(http.MethodGet, "/api/v1/officials", nil, 200)
		wantProblem(t, "hr1's token claiming admin", c.do(http.MethodGet, "/api/v1/users", nil), 404, domain.ENOTFOUND, "")
	})
	t.Run("UnknownAPIKeys", func(t *testing.T) {
		for _, k := range []string{"isk_" + strings.Repeat("0", 40), "ick_" + strings.Repeat("0", 40), "garbage", "isk_' OR '1'='1", strings.Repeat("k", 4096)} {
			c := &client{t: t, base: w.ts.URL, apiKey: k}
			wantProblem(t, fmt.Sprintf("X-API-Key %.20q", k), c.do(http.MethodGet, "/api/v1/catalogue", nil), 401, domain.EUNAUTHENTICATED, "")
		}
	})
	t.Run("GenuineTokenStillWorks", func(t *testing.T) {
		hr.t = t
		hr.must(http.MethodGet, "/api/v1/me", nil, 200)
		(&client{t: t, base: w.ts.URL, token: adminToken}).must(http.MethodGet, "/api/v1/users", nil, 200)
	})
}

func TestAttackRefreshReuse(t *testing.T) {
	w := newWorld(t)
	anon := w.ts.anon(t)
	refreshWith := func(token string) response {
		return anon.do(http.MethodPost, "/api/v1/auth/refresh", map[string]string{"refresh_token": token})
	}

	t.Run("ConcurrentReplay", func(t *testing.T) {
		// A thief and the owner present the same refresh token at once:
		// exactly one rotation succeeds, the other is taken as reuse, and the
		// whole session ends, the winner's new tokens included.
		_, token := w.login(t, "hr1")
		const n = 6
		answers := atOnce(n, func(int) response { return refreshWith(token) })
		var won []tokenPair
		for _, r := range answers {
			switch r.Status {
			case 200:
				var p tokenPair
				r.json(t, &p)
				won = append(won, p)
			case 401:
				wantProblem(t, "a replayed refresh token", r, 401, domain.EUNAUTHENTICATED, "")
			default:
				t.Fatalf("a concurrent refresh answered %d %s", r.Status, r.Body)
			}
		}
		if len(won) != 1 {
			t.Fatalf("%d of %d concurrent refreshes with one token succeeded", len(won), n)
		}
		(&client{t: t, base: w.ts.URL, token: won[0].AccessToken}).must(http.MethodGet, "/api/v1/me", nil, 401)
		wantProblem(t, "the winner's refresh token", refreshWith(won[0].RefreshToken), 401, domain.EUNAUTHENTICATED, "")
	})
	t.Run("TokensAreNotInterchangeable", func(t *testing.T) {
		c, token := w.login(t, "jw1")
		wantProblem(t, "an access token as a refresh token", refreshWith(c.token), 401, domain.EUNAUTHENTICATED, "")
		wantProblem(t, "a refresh token with a character changed", refreshWith(token[:len(token)-1]+map[bool]string{true: "0", false: "1"}[token[len(token)-1] != '0']), 401, domain.EUNAUTHENTICATED, "")
		wantProblem(t, "an oversized refresh token", refreshWith(strings.Repeat("r", 300)), 400, domain.EINVALID, "refresh_token")
		wantProblem(t, "a refresh token with a session id", anon.do(http.MethodPost, "/api/v1/auth/refresh", map[string]string{"refresh_token": token, "session_id": "x"}), 400, domain.EINVALID, "session_id")
		// None of these spent the genuine token.
		if r := refreshWith(token); r.Status != 200 {
			t.Fatalf("the genuine refresh token after the attacks: %d %s", r.Status, r.Body)
		}
	})
	t.Run("DisabledUser", func(t *testing.T) {
		_, token := w.login(t, "clerk1")
		w.mustLogin(t, "admin1").must(http.MethodPatch, fmt.Sprintf("/api/v1/users/%d", w.userID(t, "clerk1")), map[string]any{"enabled": false}, 200)
		wantProblem(t, "a disabled user's refresh token", refreshWith(token), 401, domain.EUNAUTHENTICATED, "")
	})
	t.Run("ReplayAfterTheSessionEnded", func(t *testing.T) {
		c, token := w.login(t, "auditor1")
		var next tokenPair
		anon.must(http.MethodPost, "/api/v1/auth/refresh", map[string]string{"refresh_token": token}, 200).json(t, &next)
		(&client{t: t, base: w.ts.URL, token: next.AccessToken}).must(http.MethodPost, "/api/v1/auth/logout", nil, 204)
		wantProblem(t, "the old access token", c.do(http.MethodGet, "/api/v1/me", nil), 401, domain.EUNAUTHENTICATED, "")
		wantProblem(t, "the spent token after logout", refreshWith(token), 401, domain.EUNAUTHENTICATED, "")
		wantProblem(t, "the live token after logout", refreshWith(next.RefreshToken), 401, domain.EUNAUTHENTICATED, "")
	})
}

func TestAttackBruteForce(t *testing.T) {
	w := newWorld(t)
	const threshold = 5 // testAuthConfig

	t.Run("ParallelGuessesMeetTheLockout", func(t *testing.T) {
		// Twenty wrong passwords at once: the account still locks after the
		// threshold, so no guess beyond it is ever checked.
		const n = 20
		answers := atOnce(n, func(i int) response { return w.loginStatus(t, "hr1", fmt.Sprintf("Guess-number-%d", i), "") })
		wrong, locked := 0, 0
		for _, r := range answers {
			switch r.Status {
			case 401:
				wrong++
				wantProblem(t, "a wrong password", r, 401, domain.EUNAUTHENTICATED, "")
			case 429:
				locked++
				wantProblem(t, "a guess at a locked account", r, 429, domain.ETOOMANY, "")
				if ra := r.Header.Get("Retry-After"); ra != "900" {
					t.Fatalf("Retry-After %q, want 900 (the lockout, not extended by guessing)", ra)
				}
			default:
				t.Fatalf("a guess answered %d %s", r.Status, r.Body)
			}
		}
		if wrong != threshold-1 || locked != n-threshold+1 {
			t.Fatalf("%d guesses were told wrong and %d locked; want %d and %d", wrong, locked, threshold-1, n-threshold+1)
		}
		r := w.loginStatus(t, "hr1", w.password, "")
		wantProblem(t, "the right password while locked", r, 429, domain.ETOOMANY, "")
		if r.Header.Get("Retry-After") != "900" || strings.Contains(r.Body, "access_token") {
			t.Fatalf("the right password while locked: %v %s", r.Header, r.Body)
		}
		w.clock.add(15*time.Minute + time.Second)
		if r := w.loginStatus(t, "hr1", w.password, ""); r.Status != 200 {
			t.Fatalf("after the lockout: %d %s", r.Status, r.Body)
		}
	})
	t.Run("UnknownUsernamesLookKnown", func(t *testing.T) {
		// Below the threshold a wrong password for a known account and any
		// password for an unknown one answer alike, byte for byte but for
		// the request id.
		for _, name := range []string{"jw1", "nobody", "JW1", "jw1 ", "admin1' --"} {
			r := w.loginStatus(t, name, "Wrong-password-1", "")
			p := wantProblem(t, "login as "+name, r, 401, domain.EUNAUTHENTICATED, "")
			if p.Detail != "the username or password is wrong" || len(p.Errors) != 0 {
				t.Fatalf("login as %q: %+v", name, p)
			}
		}
	})
	t.Run("ReportCodesCannotBeEnumerated", func(t *testing.T) {
		// A code is 16 random base32 characters (80 bits) and a tag of 8
		// binding it to the report under the platform's key: guessing is
		// hopeless, and every code that is not genuine, however close,
		// answers the same.
		sw := newSelfWorld(t)
		var rep struct{ Code string }
		sw.me.must(http.MethodPost, "/api/v1/me/reports", nil, 201).json(t, &rep)
		anon := sw.ts.anon(t)
		flip := func(s string, i int) string {
			b := []byte(s)
			if b[i] == 'A' {
				b[i] = 'B'
			} else {
				b[i] = 'A'
			}
			return string(b)
		}
		for _, code := range []string{flip(rep.Code, 0), flip(rep.Code, 15), flip(rep.Code, 16), flip(rep.Code, 23), strings.ToLower(flip(rep.Code, 23)),
			rep.Code[:23], rep.Code + "A", rep.Code[:16] + "AAAAAAAA", strings.Repeat("A", 24), strings.Repeat("2", 24), "A", strings.Repeat("Z", 300),
			url16(rep.Code)} {
			r := anon.do(http.MethodGet, "/api/v1/reports/verify/"+code, nil)
			if r.Status != 200 || strings.TrimSpace(r.Body) != `{"genuine":false}` {
				t.Fatalf("%q: %d %s", code, r.Status, r.Body)
			}
		}
		if r := anon.must(http.MethodGet, "/api/v1/reports/verify/"+rep.Code, nil, 200); !strings.Contains(r.Body, `"genuine":true`) {
			t.Fatalf("the genuine code: %s", r.Body)
		}
	})
}

// url16 is a code with its random part percent-encoded, which names the
// same characters.
func url16(code string) string {
	var b strings.Builder
	for _, c := range code[:16] {
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String() + flipLast(code[16:])
}

func flipLast(s string) string {
	if s[len(s)-1] == 'A' {
		return s[:len(s)-1] + "B"
	}
	return s[:len(s)-1] + "A"
}
