package httpapi_test

import (
	"context"
	"fmt"
	"integrity/internal/domain"
	"integrity/internal/ingest"
	"net/http"
	"strings"
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

// The officials list carries each official's score and grade for those
// who may read scores (the administrator), filters and exports them; a
// personnel user sees neither and may not filter by grade.
func TestOfficialsListShowsScoresToThoseWhoMayReadThem(t *testing.T) {
	w := newWorld(t)
	w.submitAs(t, w.court, ingest.RecordInput{IDNumber: idA, SourceRef: "S-1", Category: "judicial", Code: "jud_civil_unperformed",
		DecisionDate: "2026-03-01", DocumentNo: "（2026）云01民初9号", Authority: "法院"}) // -5: 95, still excellent
	w.submitAs(t, w.court, ingest.RecordInput{IDNumber: idB, SourceRef: "S-2", Category: "judicial", Code: "jud_criminal",
		DecisionDate: "2026-04-01", DocumentNo: "（2026）云01刑初9号", Authority: "法院"}) // forces poor
	type page struct {
		Items []struct {
			ID    int64    `json:"id"`
			Score *float64 `json:"score"`
			Grade string   `json:"grade"`
		} `json:"items"`
		Total  int `json:"total"`
		Grades []struct {
			Key, Zh, En string
		} `json:"grades"`
	}
	admin := w.mustLogin(t, "admin1")
	got := map[int64]string{}
	// The test drains the score queue itself on each look, so a scoring
	// runner slowed by a loaded machine is not waited for; the runner may
	// score them first, which is as good.
	ok := func() bool {
		w.drain(t)
		var all page
		admin.must(http.MethodGet, "/api/v1/officials?sort=id", nil, 200).json(t, &all)
		for _, it := range all.Items {
			if it.Score != nil {
				got[it.ID] = fmt.Sprintf("%g %s", *it.Score, it.Grade)
			}
		}
		return got[w.inA] == "95 excellent" && strings.HasSuffix(got[w.inB], " poor")
	}
	for deadline := time.Now().Add(time.Minute); !ok(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited a minute for the scores in the list: %v (A is %d, B is %d)", got, w.inA, w.inB)
		}
	}
	var poor page
	admin.must(http.MethodGet, "/api/v1/officials?grade=poor", nil, 200).json(t, &poor)
	if poor.Total != 1 || poor.Items[0].ID != w.inB {
		t.Fatalf("grade filter: %+v", poor)
	}
	// The grade filter's choices are the policy's grades, best first.
	sp, err := w.ts.app.ScoringPolicy(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(poor.Grades) != len(sp.Grades) || len(sp.Grades) == 0 {
		t.Fatalf("the list's grades %+v, the policy's %+v", poor.Grades, sp.Grades)
	}
	for i, g := range sp.Grades {
		if poor.Grades[i].Key != g.Key || poor.Grades[i].Zh != g.Zh || poor.Grades[i].En != g.En {
			t.Fatalf("grade %d: %+v, the policy's %+v", i, poor.Grades[i], g)
		}
	}
	rows := exportRows(t, admin, "/api/v1/officials/export?grade=poor", "zh-CN")
	if len(rows) != 2 || rows[0][8] != "分值" || rows[0][9] != "等级" || rows[1][9] != "较差" {
		t.Fatalf("the export's score and grade: %q", rows)
	}

	hr := w.mustLogin(t, "hr1")
	var mine page
	hr.must(http.MethodGet, "/api/v1/officials", nil, 200).json(t, &mine)
	for _, it := range mine.Items {
		if it.Score != nil || it.Grade != "" {
			t.Fatalf("personnel staff see a score: %+v", it)
		}
	}
	if len(mine.Grades) != 0 {
		t.Fatalf("personnel staff are sent the grades: %+v", mine.Grades)
	}
	wantProblem(t, "personnel filter by grade", hr.do(http.MethodGet, "/api/v1/officials?grade=poor", nil), 400, domain.EINVALID, "grade")
	if rows := exportRows(t, hr, "/api/v1/officials/export", "zh-CN"); len(rows[0]) != 8 {
		t.Fatalf("personnel staff's export has score columns: %q", rows[0])
	}
}

// An import's stored row problems come back in the reader's language with
// their stable keys, so the UI says them in the language on screen.
func TestImportProblemsCarryTheirKeys(t *testing.T) {
	w := newWorld(t)
	clerk, _ := w.login(t, "clerk1")
	id := w.upload(t, clerk, "bad.csv", "身份证号码,来源编号,记录事项,决定日期\n320102199003071238,K-1,jud_civil_unperformed,2025-01-02\n", false)
	if rep := w.importResult(t, clerk, id); rep.Rejected != 1 {
		t.Fatalf("import: %+v", rep)
	}
	req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/api/v1/imports/%d", clerk.base, id), nil)
	req.Header.Set("Accept-Language", "zh-CN")
	var rep importReport
	clerk.send(req).json(t, &rep)
	if len(rep.Errors) != 2 || rep.Errors[0].Message != "身份证号码校验位不符，请核对" || rep.Errors[0].Key != "the_check_character_does_not_match" || rep.Errors[0].Row != 2 ||
		rep.Errors[1].Key != "required_for_n_records" || len(rep.Errors[1].Params) != 1 || rep.Errors[1].Params[0] != "Judicial" {
		t.Fatalf("the stored problems: %+v", rep.Errors)
	}
}
