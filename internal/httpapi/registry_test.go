package httpapi_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

type officialJSON struct {
	ID             int64  `json:"id"`
	DepartmentID   int64  `json:"department_id"`
	DepartmentName string `json:"department_name"`
	Name           string `json:"name"`
	Gender         string `json:"gender"`
	BirthDate      string `json:"birth_date"`
	IDNumberMasked string `json:"id_number_masked"`
	Post           string `json:"post"`
	Status         string `json:"status"`
	Version        int    `json:"version"`
}

func TestOfficialsRegistry(t *testing.T) {
	w := newWorld(t)
	admin, _ := w.login(t, "admin1")
	var o officialJSON
	admin.must(http.MethodPost, "/api/v1/officials", map[string]any{
		"department_id": w.districtB.ID, "name": "李娜", "id_number": "11010519491231002x", "post": "科员", "category": "civil_servant",
	}, 201).json(t, &o)
	if o.IDNumberMasked != "1101************2X" || o.Gender != "F" || o.BirthDate != "1949-12-31" || o.Version != 1 || o.DepartmentName != "district-b" {
		t.Fatalf("created %+v", o)
	}

	t.Run("ErrInvalidInput", func(t *testing.T) {
		for _, tc := range []struct {
			body  map[string]any
			field string
		}{
			{map[string]any{"department_id": w.districtB.ID, "name": "甲", "id_number": "110105194912310021", "category": "civil_servant"}, "id_number"},
			{map[string]any{"department_id": w.districtB.ID, "name": "甲", "category": "civil_servant"}, "id_number"},
			{map[string]any{"department_id": w.districtB.ID, "name": "", "id_number": "320102199003071239", "category": "civil_servant"}, "name"},
			{map[string]any{"department_id": w.districtB.ID, "name": "甲", "id_number": "440524198001010013", "category": "soldier"}, "category"},
			{map[string]any{"department_id": 99999, "name": "甲", "id_number": "440524198001010013", "category": "civil_servant"}, "department_id"},
			{map[string]any{"department_id": "x", "name": "甲"}, "department_id"},
			{map[string]any{"department_id": w.districtB.ID, "name": "甲", "id_number": "440524198001010013", "category": "civil_servant", "version": 3}, "version"},
		} {
			r := admin.do(http.MethodPost, "/api/v1/officials", tc.body)
			if p := problemOf(t, r); r.Status != 400 || len(p.Errors) == 0 || p.Errors[0].Field != tc.field {
				t.Errorf("%v: %d %s, want 400 naming %s", tc.body, r.Status, r.Body, tc.field)
			}
		}
		r := admin.do(http.MethodPost, "/api/v1/officials", map[string]any{"department_id": w.districtA.ID, "name": "重复", "id_number": "11010519491231002X", "category": "civil_servant"})
		if p := problemOf(t, r); r.Status != 409 || p.Errors[0].Field != "id_number" {
			t.Fatalf("duplicate ID number: %d %s", r.Status, r.Body)
		}
	})

	t.Run("Search", func(t *testing.T) {
		var page struct {
			Items []officialJSON `json:"items"`
			Total int            `json:"total"`
		}
		admin.must(http.MethodGet, "/api/v1/officials?id_number="+url.QueryEscape("11010519491231002X"), nil, 200).json(t, &page)
		if page.Total != 1 || page.Items[0].ID != o.ID {
			t.Fatalf("by ID number: %+v", page)
		}
		admin.must(http.MethodGet, "/api/v1/officials?name="+url.QueryEscape("李"), nil, 200).json(t, &page)
		if page.Total != 1 || page.Items[0].Name != "李娜" {
			t.Fatalf("by name: %+v", page)
		}
		admin.must(http.MethodGet, fmt.Sprintf("/api/v1/officials?department_id=%d", w.districtA.ID), nil, 200).json(t, &page)
		if page.Total != 1 || page.Items[0].ID != w.inA {
			t.Fatalf("by department subtree: %+v", page)
		}
		admin.must(http.MethodGet, "/api/v1/officials?name=%25", nil, 200).json(t, &page)
		if page.Total != 0 {
			t.Fatalf("a %% in the name matched everything: %d", page.Total)
		}
		admin.must(http.MethodGet, "/api/v1/officials?page=1&page_size=1", nil, 200).json(t, &page)
		if page.Total != 3 || len(page.Items) != 1 {
			t.Fatalf("paging: %+v", page)
		}
		for q, field := range map[string]string{"page_size=500": "page_size", "page=0": "page", "status=dead": "status", "department_id=abc": "department_id", "id_number=123": "id_number"} {
			r := admin.do(http.MethodGet, "/api/v1/officials?"+q, nil)
			if p := problemOf(t, r); r.Status != 400 || p.Errors[0].Field != field {
				t.Errorf("?%s: %d %s", q, r.Status, r.Body)
			}
		}
	})

	t.Run("UpdateWithHistoryAndConflict", func(t *testing.T) {
		path := fmt.Sprintf("/api/v1/officials/%d", o.ID)
		var updated officialJSON
		admin.must(http.MethodPatch, path, map[string]any{"version": 1, "post": "副科长"}, 200).json(t, &updated)
		if updated.Version != 2 || updated.Post != "副科长" || updated.Name != "李娜" {
			t.Fatalf("updated %+v", updated)
		}
		r := admin.do(http.MethodPatch, path, map[string]any{"version": 1, "post": "科长"})
		if r.Status != 409 {
			t.Fatalf("a stale version: %d %s", r.Status, r.Body)
		}
		admin.must(http.MethodPatch, path, map[string]any{"post": "科长"}, 400)
		admin.must(http.MethodPatch, path, map[string]any{"version": 2, "id_number": "440524198001010013"}, 400)
		var hist struct {
			Items []struct {
				Version   int            `json:"version"`
				Snapshot  map[string]any `json:"snapshot"`
				ChangedBy string         `json:"changed_by"`
			} `json:"items"`
		}
		admin.must(http.MethodGet, path+"/history", nil, 200).json(t, &hist)
		if len(hist.Items) != 1 || hist.Items[0].Version != 1 || hist.Items[0].Snapshot["post"] != "科员" || hist.Items[0].ChangedBy != "admin1" {
			t.Fatalf("history %+v", hist)
		}
		admin.must(http.MethodGet, "/api/v1/officials/99999", nil, 404)
		admin.must(http.MethodGet, "/api/v1/officials/abc", nil, 404)
	})

	t.Run("ReadsAreAudited", func(t *testing.T) {
		hr, _ := w.login(t, "hr1")
		hr.must(http.MethodGet, fmt.Sprintf("/api/v1/officials/%d", w.inA), nil, 200)
		hr.must(http.MethodGet, "/api/v1/officials?name=x", nil, 200)
		got := strings.Join(w.auditActions(t, "hr1"), " ")
		if !strings.Contains(got, "official_read:success") || !strings.Contains(got, "official_list:success") {
			t.Fatalf("hr1's reads were not audited: %s", got)
		}
	})
}

func TestDepartments(t *testing.T) {
	w := newWorld(t)
	admin, _ := w.login(t, "admin1")
	var d struct {
		ID       int64  `json:"id"`
		Path     string `json:"path"`
		Depth    int    `json:"depth"`
		ParentID int64  `json:"parent_id"`
	}
	admin.must(http.MethodPost, "/api/v1/departments", map[string]any{"parent_id": w.districtA.ID, "code": "a-edu", "name": "教育局", "kind": "bureau"}, 201).json(t, &d)
	if d.Depth != 2 || !strings.HasPrefix(d.Path, w.districtA.Path) {
		t.Fatalf("created %+v", d)
	}
	admin.must(http.MethodPost, "/api/v1/departments", map[string]any{"parent_id": w.districtA.ID, "code": "a-edu", "name": "again", "kind": "bureau"}, 409)
	admin.must(http.MethodPost, "/api/v1/departments", map[string]any{"parent_id": w.districtA.ID, "code": "x", "name": "x", "kind": "galaxy"}, 400)

	// Moving district A under district B carries its subtree, so hr1 (scope
	// district A) still sees district A's official.
	admin.must(http.MethodPatch, fmt.Sprintf("/api/v1/departments/%d", w.districtA.ID), map[string]any{"parent_id": w.districtB.ID}, 200)
	var list struct {
		Items []struct {
			Code  string `json:"code"`
			Path  string `json:"path"`
			Depth int    `json:"depth"`
		} `json:"items"`
	}
	admin.must(http.MethodGet, "/api/v1/departments", nil, 200).json(t, &list)
	for _, it := range list.Items {
		if it.Code == "a-edu" && (it.Depth != 3 || !strings.HasPrefix(it.Path, fmt.Sprintf("%s%d/", w.districtB.Path, w.districtA.ID))) {
			t.Fatalf("the subtree did not move: %+v", it)
		}
	}
	hr, _ := w.login(t, "hr1")
	hr.must(http.MethodGet, fmt.Sprintf("/api/v1/officials/%d", w.inA), nil, 200)
	r := admin.do(http.MethodPatch, fmt.Sprintf("/api/v1/departments/%d", w.districtB.ID), map[string]any{"parent_id": d.ID})
	if p := problemOf(t, r); r.Status != 400 || p.Errors[0].Field != "parent_id" {
		t.Fatalf("moving a department under itself: %d %s", r.Status, r.Body)
	}
}

func TestAuditTrailAPI(t *testing.T) {
	w := newWorld(t)
	w.loginStatus(t, "hr1", "wrong-password-1", "")
	auditor, _ := w.login(t, "auditor1")
	var page struct {
		Items []struct {
			ID      int64  `json:"id"`
			Actor   string `json:"actor"`
			Action  string `json:"action"`
			Outcome string `json:"outcome"`
			IP      string `json:"ip"`
			Hash    string `json:"hash"`
		} `json:"items"`
		Total int `json:"total"`
	}
	auditor.must(http.MethodGet, "/api/v1/audit?actor=hr1&outcome=failure", nil, 200).json(t, &page)
	if page.Total != 1 || page.Items[0].Action != "login" || page.Items[0].IP != "127.0.0.1" || len(page.Items[0].Hash) != 64 {
		t.Fatalf("filtered trail: %+v", page)
	}
	auditor.must(http.MethodGet, "/api/v1/audit?from=2026-01-01&to=2030-01-01&page_size=200", nil, 200).json(t, &page)
	if page.Total < 5 {
		t.Fatalf("trail by date: %d", page.Total)
	}
	auditor.must(http.MethodGet, "/api/v1/audit?from=yesterday", nil, 400)
	var res struct {
		OK      bool  `json:"ok"`
		Checked int64 `json:"checked"`
	}
	auditor.must(http.MethodGet, "/api/v1/audit/verify", nil, 200).json(t, &res)
	if !res.OK || res.Checked < 5 {
		t.Fatalf("verify: %+v", res)
	}
	if _, err := w.ts.db.SQL().Exec("UPDATE audit_log SET outcome = 'success' WHERE action = 'login' AND outcome = 'failure'"); err != nil {
		t.Fatal(err)
	}
	var broken struct {
		OK       bool   `json:"ok"`
		BrokenAt int64  `json:"broken_at"`
		Reason   string `json:"reason"`
	}
	auditor.must(http.MethodGet, "/api/v1/audit/verify", nil, 200).json(t, &broken)
	if broken.OK || broken.BrokenAt == 0 || broken.Reason == "" {
		t.Fatalf("tampered chain: %+v", broken)
	}
	var last struct {
		Last *struct {
			At     time.Time `json:"at"`
			Actor  string    `json:"actor"`
			Result struct {
				OK       bool  `json:"ok"`
				BrokenAt int64 `json:"broken_at"`
			} `json:"result"`
		} `json:"last"`
	}
	auditor.must(http.MethodGet, "/api/v1/audit/verify/last", nil, 200).json(t, &last)
	if last.Last == nil || last.Last.Actor != "auditor1" || last.Last.Result.OK || last.Last.Result.BrokenAt != broken.BrokenAt {
		t.Fatalf("the last verification is the broken one: %+v", last.Last)
	}
}

// The trail names its actors and targets: the auditor reads who looked at
// whom without looking the ids up, and an export carries the same names.
func TestAuditTrailNames(t *testing.T) {
	w := newWorld(t)
	auditor, _ := w.login(t, "auditor1")
	var none struct {
		Last *struct{} `json:"last"`
	}
	auditor.must(http.MethodGet, "/api/v1/audit/verify/last", nil, 200).json(t, &none)
	if none.Last != nil {
		t.Fatalf("a chain never verified has no last verification: %+v", none.Last)
	}
	hr, _ := w.login(t, "hr1")
	var off struct {
		Name string `json:"name"`
	}
	hr.must(http.MethodGet, fmt.Sprintf("/api/v1/officials/%d", w.inA), nil, 200).json(t, &off)
	var page struct {
		Items []struct {
			Actor      string `json:"actor"`
			ActorName  string `json:"actor_name"`
			TargetName string `json:"target_name"`
		} `json:"items"`
	}
	auditor.must(http.MethodGet, fmt.Sprintf("/api/v1/audit?action=official_read&target_type=official&target_id=%d", w.inA), nil, 200).json(t, &page)
	if len(page.Items) != 1 || page.Items[0].Actor != "hr1" || !strings.Contains(page.Items[0].ActorName, "hr1") ||
		off.Name == "" || page.Items[0].TargetName != off.Name {
		t.Fatalf("the read of %q is not named: %+v", off.Name, page.Items)
	}
	actorName := page.Items[0].ActorName
	auditor.must(http.MethodGet, "/api/v1/audit?action=login&actor=nobody-at-all", nil, 200).json(t, &page)
	if len(page.Items) != 0 {
		t.Fatalf("a filter that matches nothing: %+v", page.Items)
	}
	rows := exportRows(t, auditor, fmt.Sprintf("/api/v1/audit/export?action=official_read&target_id=%d", w.inA), "zh-CN")
	if len(rows) != 2 || rows[0][3] != "操作人姓名" || rows[1][3] != actorName || rows[0][9] != "对象名称" || rows[1][9] != off.Name {
		t.Fatalf("the export names the target: %v", rows)
	}
}

func TestUsersAdmin(t *testing.T) {
	w := newWorld(t)
	admin, _ := w.login(t, "admin1")
	var page struct {
		Items []struct {
			Username string `json:"username"`
			Grants   []struct {
				Role         string `json:"role"`
				Scope        string `json:"scope"`
				DepartmentID int64  `json:"department_id"`
			} `json:"grants"`
			DepartmentName string `json:"department_name"`
			PasswordHash   string `json:"password_hash"`
		} `json:"items"`
		Total int `json:"total"`
	}
	admin.must(http.MethodGet, "/api/v1/users?role=personnel_staff", nil, 200).json(t, &page)
	if page.Total != 1 || page.Items[0].Username != "hr1" || page.Items[0].Grants[0].Scope != "dept_and_below" ||
		page.Items[0].Grants[0].DepartmentID != w.districtA.ID || page.Items[0].DepartmentName != "district-a" {
		t.Fatalf("users by role: %+v", page)
	}
	r := admin.must(http.MethodGet, "/api/v1/users?q=1", nil, 200)
	if strings.Contains(r.Body, "argon2") || strings.Contains(r.Body, "password_hash") || strings.Contains(r.Body, "totp_secret") {
		t.Fatalf("secrets in the user list: %s", r.Body)
	}
	r.json(t, &page)
	if page.Total != 8 {
		t.Fatalf("q=1 matched %d users", page.Total)
	}
	for body, field := range map[string]string{
		`{"username":"Bad Name","grants":[]}`:                                                                "username",
		`{"username":"okname","grants":[{"role":"official","scope":"all"}]}`:                                 "grants[0].scope",
		`{"username":"okname","grants":[{"role":"auditor","scope":"galaxy"}]}`:                               "grants[0].scope",
		`{"username":"okname","grants":[{"role":"auditor","scope":"dept"}]}`:                                 "grants[0].department_id",
		`{"username":"okname","grants":[{"role":"official","scope":"self"}]}`:                                "official_id",
		`{"username":"hr1","grants":[]}`:                                                                     "username",
		`{"username":"okname","grants":[{"role":"auditor","scope":"all"},{"role":"auditor","scope":"all"}]}`: "grants[1].role",
	} {
		r := admin.do(http.MethodPost, "/api/v1/users", body)
		if p := problemOf(t, r); (r.Status != 400 && r.Status != 409) || len(p.Errors) == 0 || p.Errors[0].Field != field {
			t.Errorf("%s: %d %s, want a problem naming %s", body, r.Status, r.Body, field)
		}
	}
	// A reset takes the password away: the old one and the sessions end,
	// and the administrator holds only the first half of the code with
	// which the owner sets a new one.
	var reset struct {
		ActivationCode string `json:"activation_code"`
	}
	hr, _ := w.login(t, "hr1")
	admin.must(http.MethodPost, fmt.Sprintf("/api/v1/users/%d/reset-password", w.userID(t, "hr1")), nil, 200).json(t, &reset)
	hr.must(http.MethodGet, "/api/v1/me", nil, 401)
	if r := w.loginStatus(t, "hr1", w.password, ""); r.Status != 401 || reset.ActivationCode == "" || strings.Contains(r.Body, reset.ActivationCode) {
		t.Fatalf("after a reset the old password: %d; the code %q", r.Status, reset.ActivationCode)
	}
	if r := w.loginStatus(t, "hr1", reset.ActivationCode, ""); r.Status != 401 {
		t.Fatalf("the first half of the activation code signs in: %d", r.Status)
	}
}
