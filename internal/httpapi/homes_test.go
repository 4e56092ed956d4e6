package httpapi_test

import (
	"net/http"
	"testing"
	"time"
)

// The filters the home pages count by: accounts that need an
// administrator and imports by state (opinions replied since a day: in
// TestAnIntegrityOpinionFromRequestToSignedReply).
func TestHomeFilters(t *testing.T) {
	w := newWorld(t)
	admin, _ := w.login(t, "admin1")
	newID := w.createUser(t, admin, "newclerk", "")
	type userPage struct {
		Items []struct {
			ID       int64  `json:"id"`
			Username string `json:"username"`
		} `json:"items"`
		Total int `json:"total"`
	}
	names := func(query string) map[string]bool {
		t.Helper()
		var p userPage
		admin.must(http.MethodGet, "/api/v1/users?page_size=200"+query, nil, 200).json(t, &p)
		out := map[string]bool{}
		for _, u := range p.Items {
			out[u.Username] = true
		}
		if len(out) != p.Total {
			t.Fatalf("%s: %d names for a total of %d", query, len(out), p.Total)
		}
		return out
	}
	if got := names("&state=awaiting_activation"); len(got) != 1 || !got["newclerk"] {
		t.Fatalf("awaiting activation: %v (new user %d)", got, newID)
	}
	if got := names("&state=locked"); len(got) != 0 {
		t.Fatalf("nobody is locked yet: %v", got)
	}
	until := w.clock.now().Add(time.Hour)
	if _, err := w.ts.db.SQL().Exec("UPDATE users SET locked_until = ? WHERE username = 'hr1'", until); err != nil {
		t.Fatal(err)
	}
	if got := names("&state=locked"); len(got) != 1 || !got["hr1"] {
		t.Fatalf("locked: %v", got)
	}
	all, noTOTP := names(""), names("&state=no_totp")
	if len(noTOTP) == 0 || len(noTOTP) > len(all) || !noTOTP["hr1"] {
		t.Fatalf("without a second factor: %v of %v", noTOTP, all)
	}
	if _, err := w.ts.db.SQL().Exec("UPDATE users SET totp_enabled = ? WHERE username = 'hr1'", true); err != nil {
		t.Fatal(err)
	}
	if got := names("&state=no_totp"); got["hr1"] || len(got) != len(noTOTP)-1 {
		t.Fatalf("hr1 has a second factor now: %v", got)
	}
	admin.must(http.MethodGet, "/api/v1/users?state=sleepy", nil, 400)

	clerk, _ := w.login(t, "clerk1")
	good := w.upload(t, clerk, "good.csv", "身份证号码,来源编号,记录事项,决定日期\n"+idA+",H-1,jud_civil_unperformed,2025-01-02\n", false)
	w.importResult(t, clerk, good)
	var imports struct {
		Items []struct {
			ID     int64  `json:"id"`
			Status string `json:"status"`
		} `json:"items"`
		Total int `json:"total"`
	}
	clerk.must(http.MethodGet, "/api/v1/imports?status=done", nil, 200).json(t, &imports)
	if imports.Total != 1 || imports.Items[0].ID != good {
		t.Fatalf("done imports: %+v", imports)
	}
	clerk.must(http.MethodGet, "/api/v1/imports?status=failed", nil, 200).json(t, &imports)
	if imports.Total != 0 {
		t.Fatalf("no import failed: %+v", imports)
	}
	clerk.must(http.MethodGet, "/api/v1/imports?status=broken", nil, 400)

}
