package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"integrity/internal/domain"
)

// The three administrators (三员分立): each breach of the separation of
// duties is refused, a grant that opens files or administers waits for a
// second security administrator, and the creator of an account never holds
// a credential that signs in as it.
func TestSeparationOfDuties(t *testing.T) {
	w := newWorld(t)
	admin, sec1, sec2 := w.mustLogin(t, "admin1"), w.mustLogin(t, "secadmin1"), w.mustLogin(t, "secadmin2")
	roles := func(user string) string { return fmt.Sprintf("/api/v1/users/%d/roles", w.userID(t, user)) }
	grants := func(gs ...string) map[string]any {
		out := []map[string]any{}
		for _, g := range gs {
			out = append(out, map[string]any{"role": g, "scope": "all"})
		}
		return map[string]any{"grants": out}
	}

	t.Run("ErrSelfGrant", func(t *testing.T) {
		r := sec1.do(http.MethodPut, roles("secadmin1"), grants("security_admin", "personnel_staff"))
		if p := problemOf(t, r); r.Status != 403 || !strings.Contains(p.Detail, "own grants") {
			t.Fatalf("a security administrator changing their own grants: %d %s", r.Status, r.Body)
		}
	})
	t.Run("ErrExcludedRoles", func(t *testing.T) {
		for _, set := range [][]string{{"admin", "discipline_staff"}, {"auditor", "discipline_approver"}, {"admin", "security_admin"}, {"security_admin", "auditor"}} {
			r := sec1.do(http.MethodPut, roles("hr1"), grants(set...))
			if p := problemOf(t, r); r.Status != 400 || len(p.Errors) == 0 || p.Errors[0].Field != "grants" {
				t.Errorf("%v for one account: %d %s", set, r.Status, r.Body)
			}
			r = admin.do(http.MethodPost, "/api/v1/users", map[string]any{"username": "both_" + set[1], "grants": grants(set...)["grants"]})
			if r.Status != 400 {
				t.Errorf("an account created with %v: %d %s", set, r.Status, r.Body)
			}
		}
	})
	t.Run("GrantWaitsForASecondSecurityAdministrator", func(t *testing.T) {
		var req struct {
			ID    int64    `json:"id"`
			State string   `json:"state"`
			Needs []string `json:"needs"`
		}
		sec1.must(http.MethodPut, roles("hr1"), grants("discipline_staff"), 202).json(t, &req)
		if req.State != "pending" || strings.Join(req.Needs, ",") != "discipline_staff" {
			t.Fatalf("the request: %+v", req)
		}
		hr, _ := w.login(t, "hr1")
		hr.must(http.MethodGet, "/api/v1/lookups", nil, 404) // nothing applied yet
		hr.must(http.MethodGet, "/api/v1/eligibility/purposes", nil, 200)
		if r := sec1.do(http.MethodPost, fmt.Sprintf("/api/v1/grant-requests/%d/approve", req.ID), map[string]any{}); r.Status != 403 {
			t.Fatalf("the proposer approving: %d %s", r.Status, r.Body)
		}
		sec2.must(http.MethodPost, fmt.Sprintf("/api/v1/grant-requests/%d/approve", req.ID), map[string]any{}, 200)
		hr.must(http.MethodGet, "/api/v1/me", nil, 401) // the sessions of the old grants end
		hr, _ = w.login(t, "hr1")
		hr.must(http.MethodGet, "/api/v1/lookups", nil, 200)
		sec1.must(http.MethodPost, fmt.Sprintf("/api/v1/grant-requests/%d/reject", req.ID), map[string]any{"reason": "太迟"}, 409)

		// A security administrator's own promotion is decided by neither
		// them nor the one who proposed it.
		sec1.must(http.MethodPut, roles("secadmin2"), grants("security_admin", "personnel_staff"), 200) // no new sensitive role
		sec2 = w.mustLogin(t, "secadmin2")                                                              // the change ended their sessions
		sec2.must(http.MethodPut, roles("hr1"), grants("auditor"), 202).json(t, &req)
		if r := sec2.do(http.MethodPost, fmt.Sprintf("/api/v1/grant-requests/%d/approve", req.ID), map[string]any{}); r.Status != 403 {
			t.Fatalf("the proposer approving: %d", r.Status)
		}
		r := sec1.do(http.MethodPost, fmt.Sprintf("/api/v1/grant-requests/%d/reject", req.ID), map[string]any{})
		if p := problemOf(t, r); r.Status != 400 || p.Errors[0].Field != "reason" {
			t.Fatalf("a rejection without a reason: %d %s", r.Status, r.Body)
		}
		sec1.must(http.MethodPost, fmt.Sprintf("/api/v1/grant-requests/%d/reject", req.ID), map[string]any{"reason": "审计岗位另有人选"}, 200)
		var list struct {
			Items []struct {
				State, Username, RequestedByName, DecidedByName string
			} `json:"items"`
		}
		sec1.must(http.MethodGet, "/api/v1/grant-requests", nil, 200).json(t, &list)
		if len(list.Items) != 2 || list.Items[0].State != "rejected" || list.Items[1].State != "approved" || list.Items[1].Username != "hr1" {
			t.Fatalf("the requests: %+v", list.Items)
		}
	})
	t.Run("TheCreatorNeverHoldsACredential", func(t *testing.T) {
		var created struct {
			User           struct{ ID int64 }  `json:"user"`
			ActivationCode string              `json:"activation_code"`
			GrantRequest   *struct{ ID int64 } `json:"grant_request"`
		}
		r := admin.must(http.MethodPost, "/api/v1/users", map[string]any{"username": "newjw", "department_id": w.districtB.ID,
			"grants": []map[string]any{{"role": "discipline_staff", "scope": "dept_and_below"}}}, 201)
		r.json(t, &created)
		if created.ActivationCode == "" || strings.Contains(r.Body, `"temporary_password"`) || strings.Contains(r.Body, `"password"`) || created.GrantRequest == nil {
			t.Fatalf("the creator's answer: %s", r.Body)
		}
		// The first half alone signs in to nothing and activates nothing.
		if r := w.loginStatus(t, "newjw", created.ActivationCode, ""); r.Status != 401 {
			t.Fatalf("the first half as a password: %d", r.Status)
		}
		anon := w.ts.anon(t)
		activate := func(a, b string) response {
			return anon.do(http.MethodPost, "/api/v1/auth/activate", map[string]string{"username": "newjw", "code_a": a, "code_b": b, "new_password": "Jw-own-secret-42"})
		}
		if r := activate(created.ActivationCode, created.ActivationCode); r.Status != 401 {
			t.Fatalf("activation without the second half: %d %s", r.Status, r.Body)
		}
		// The second half comes from a security administrator; the system
		// administrator may not issue it.
		path := fmt.Sprintf("/api/v1/users/%d/activation", created.User.ID)
		admin.must(http.MethodPost, path, nil, 404)
		var half struct {
			ActivationCode string `json:"activation_code"`
		}
		sec1.must(http.MethodPost, path, nil, 200).json(t, &half)
		if r := activate(created.ActivationCode, half.ActivationCode); r.Status != 204 {
			t.Fatalf("activation with both halves: %d %s", r.Status, r.Body)
		}
		if r := activate(created.ActivationCode, half.ActivationCode); r.Status != 401 {
			t.Fatalf("an activation code used twice: %d", r.Status)
		}
		w.password = "Jw-own-secret-42"
		jw := w.mustLogin(t, "newjw")
		jw.must(http.MethodGet, "/api/v1/lookups", nil, 404) // the discipline role still waits for approval
		sec1.must(http.MethodPost, fmt.Sprintf("/api/v1/grant-requests/%d/approve", created.GrantRequest.ID), map[string]any{}, 200)
		w.mustLogin(t, "newjw").must(http.MethodGet, "/api/v1/lookups", nil, 200)
		w.password = testPassword
	})
	t.Run("ABreachFoundLaterCannotSignIn", func(t *testing.T) {
		// A database edited by hand (or an install from before the rule).
		id := w.userID(t, "approver1")
		if _, err := w.ts.db.SQL().Exec("INSERT INTO role_grants (user_id, role, scope, created_at) VALUES (?, 'admin', 'all', ?)", id, w.clock.now()); err != nil {
			t.Fatal(err)
		}
		r := w.loginStatus(t, "approver1", w.password, "")
		if p := problemOf(t, r); r.Status != 403 || !strings.Contains(p.Detail, "exclude each other") {
			t.Fatalf("a breached account signing in: %d %s", r.Status, r.Body)
		}
		breaches, securityAdmins, err := w.ts.app.DutyBreaches(context.Background())
		if err != nil || len(breaches) != 1 || !strings.Contains(breaches[0], "approver1") || securityAdmins != 2 {
			t.Fatalf("the start-up report: %v, %d security administrators, %v", breaches, securityAdmins, err)
		}
		var n int
		w.ts.db.SQL().QueryRow("SELECT COUNT(*) FROM audit_log WHERE action = 'login' AND outcome = ? AND detail LIKE '%separation%'", domain.OutcomeDenied).Scan(&n)
		if n != 1 {
			t.Fatalf("%d audit entries of the refused sign-in", n)
		}
	})
}
