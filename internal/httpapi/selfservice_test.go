package httpapi_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"integrity/internal/domain"
	"integrity/internal/ingest"
)

type caseOut struct {
	ID     int64 `json:"id"`
	Record struct {
		ID      int64  `json:"id"`
		Code    string `json:"code"`
		Version int    `json:"version"`
	} `json:"record"`
	State           string `json:"state"`
	DueOn           string `json:"due_on"`
	Overdue         bool   `json:"overdue"`
	Extended        bool   `json:"extended"`
	ExtensionReason string `json:"extension_reason"`
	DecisionNote    string `json:"decision_note"`
	NewVersion      int    `json:"new_version"`
	RepairedOn      string `json:"repaired_on"`
	Attachments     []struct {
		ID          int64  `json:"id"`
		Filename    string `json:"filename"`
		ContentType string `json:"content_type"`
		Size        int64  `json:"size"`
	} `json:"attachments"`
}

// selfWorld adds to newWorld: official1 (inA) with a judicial record of
// the court (clerk1), a traffic record of the traffic police (clerk2), an
// open case (hidden from official1's own view), and official2 for inB.
type selfWorld struct {
	*world
	me, other            *client
	judicial, fine       int64
	investigation, noisy int64
}

func newSelfWorld(t *testing.T) *selfWorld {
	t.Helper()
	w := &selfWorld{world: newWorld(t)}
	cases := domain.Source{Code: "cases", Name: "案件管理", Categories: "investigation"}
	w.addSource(t, &cases)
	w.judicial = w.submitAs(t, w.court, ingest.RecordInput{IDNumber: idA, SourceRef: "J-1", Category: "judicial", Code: "jud_civil_unperformed",
		DecisionDate: "2026-06-01", DocumentNo: "（2026）云01民初5号", Authority: "法院"})[0]
	w.noisy = w.submitAs(t, w.court, ingest.RecordInput{IDNumber: idA, SourceRef: "J-2", Category: "judicial", Code: "jud_civil_unperformed",
		DecisionDate: "2026-07-01", DocumentNo: "（2026）云01民初6号", Authority: "法院"})[0]
	w.fine = w.submitAs(t, w.traffic, ingest.RecordInput{IDNumber: idA, SourceRef: "T-1", Category: "traffic", Code: "tr_points",
		DecisionDate: "2026-05-01", Authority: "交警"})[0]
	w.investigation = w.submitAs(t, cases, ingest.RecordInput{IDNumber: idA, SourceRef: "INV-1", Category: "investigation", Code: "inv_case_opened",
		DecisionDate: "2026-09-01", DocumentNo: "立案〔2026〕1号", Authority: "纪委"})[0]
	dept := w.districtB.ID
	w.addUser(t, account{"official2", domain.RoleOfficial, domain.ScopeSelf, dept, &w.inB, nil})
	w.me, w.other = w.mustLogin(t, "official1"), w.mustLogin(t, "official2")
	return w
}

type myFileOut struct {
	Categories []struct {
		Key     string `json:"key"`
		Records []struct {
			ID           int64 `json:"id"`
			UnderDispute bool  `json:"under_dispute"`
		} `json:"records"`
	} `json:"categories"`
	Score struct {
		Result struct {
			Score float64 `json:"score"`
		} `json:"result"`
	} `json:"score"`
	Warnings    []struct{ Rule string } `json:"warnings"`
	Eligibility []struct {
		Purpose string `json:"purpose"`
		Verdict string `json:"verdict"`
	} `json:"eligibility"`
}

func (f myFileOut) keys() string {
	return joined(len(f.Categories), func(i int) string { return f.Categories[i].Key })
}

func TestMyFileAndAccessLog(t *testing.T) {
	w := newSelfWorld(t)
	var f myFileOut
	w.me.must(http.MethodGet, "/api/v1/me/file", nil, 200).json(t, &f)
	if f.keys() != "judicial,traffic" || f.Score.Result.Score != 89 || len(f.Eligibility) != 9 { // every purpose but post_grade_promotion, which is for public institutions
		t.Fatalf("the official's own file leaves the open case out: %s, score %v, %d verdicts", f.keys(), f.Score.Result.Score, len(f.Eligibility))
	}
	for _, v := range f.Eligibility {
		if v.Purpose == "promotion" && v.Verdict != "eligible" {
			t.Fatalf("eligibility from the records the official sees: %+v", v)
		}
	}
	for _, x := range f.Warnings {
		if x.Rule == "under_investigation" {
			t.Fatal("an official is not warned of their own investigation")
		}
	}

	// Three looks: the administrator, discipline staff inside a confidential
	// lookup and inside an ordinary one, and a personnel check.
	admin := w.mustLogin(t, "admin1")
	admin.must(http.MethodGet, fmt.Sprintf("/api/v1/officials/%d/file", w.inA), nil, 200)
	w.clock.add(time.Minute)
	dept := w.root.ID
	w.addUser(t, account{"jw_all", domain.RoleDisciplineStaff, domain.ScopeAll, dept, nil, nil})
	jw, approver := w.mustLogin(t, "jw_all"), w.mustLogin(t, "approver1")
	for _, purpose := range []string{"disciplinary_review", "cadre_selection"} {
		var l struct{ ID int64 }
		jw.must(http.MethodPost, "/api/v1/lookups", map[string]any{"official_ids": []int64{w.inA}, "purpose": purpose, "reason": "核查有关问题线索",
			"modules": []string{"judicial"}}, 201).json(t, &l)
		approver.must(http.MethodPost, fmt.Sprintf("/api/v1/lookups/%d/approve", l.ID), map[string]any{}, 200)
		jw.must(http.MethodGet, fmt.Sprintf("/api/v1/officials/%d/file?lookup_id=%d", w.inA, l.ID), nil, 200)
		w.clock.add(time.Minute)
	}
	hr := w.mustLogin(t, "hr1")
	// A cadre selection (promotion or reserve_cadre, confidential purposes)
	// is not revealed to the candidate; a salary-step check is.
	hr.must(http.MethodPost, "/api/v1/eligibility/checks", map[string]any{"purpose": "promotion", "official_ids": []int64{w.inA}}, 201)
	w.clock.add(time.Minute)
	hr.must(http.MethodPost, "/api/v1/eligibility/checks", map[string]any{"purpose": "reserve_cadre", "official_ids": []int64{w.inA}}, 201)
	w.clock.add(time.Minute)
	hr.must(http.MethodPost, "/api/v1/eligibility/checks", map[string]any{"purpose": "salary_step", "official_ids": []int64{w.inA}}, 201)

	var log struct {
		Items []struct {
			Kind       string `json:"kind"`
			Role       string `json:"role"`
			Department string `json:"department"`
			Actor      string `json:"actor"`
			Purpose    string `json:"purpose"`
		} `json:"items"`
	}
	w.me.must(http.MethodGet, "/api/v1/me/access-log", nil, 200).json(t, &log)
	var seen []string
	for _, e := range log.Items {
		seen = append(seen, e.Kind+":"+e.Role+":"+e.Actor+":"+e.Purpose)
		if e.Purpose == "disciplinary_review" || e.Purpose == "promotion" || e.Purpose == "reserve_cadre" {
			t.Fatalf("a confidential lookup or cadre-selection check shows in the access log: %+v", e)
		}
		if e.Role == domain.RoleDisciplineStaff && (e.Actor != "" || e.Department != "root") {
			t.Fatalf("discipline staff are shown by department and role only: %+v", e)
		}
	}
	if got := strings.Join(seen, " "); got != "eligibility_check:personnel_staff:hr1:salary_step file_read:discipline_staff::cadre_selection file_read:admin:admin1:" {
		t.Fatalf("access log %q", got)
	}
	// The purposes kept out are those the eligibility policy in force marks
	// confidential: once a new version marks salary_step, its check is
	// kept out too.
	var draft policyJSON
	sec := w.mustLogin(t, "secadmin1")
	sec.must(http.MethodPost, "/api/v1/policies/eligibility", map[string]string{"note": "salary steps confidential"}, 201).json(t, &draft)
	for _, pu := range draft.Policy["purposes"].([]any) {
		if pu := pu.(map[string]any); pu["key"] == "salary_step" {
			pu["confidential"] = true
		}
	}
	vpath := fmt.Sprintf("/api/v1/policies/eligibility/%d", draft.Version)
	sec.must(http.MethodPut, vpath, map[string]any{"policy": draft.Policy}, 200)
	sec.must(http.MethodPost, vpath+"/publish", nil, 200)
	w.me.must(http.MethodGet, "/api/v1/me/access-log", nil, 200).json(t, &log)
	for _, e := range log.Items {
		if e.Kind == "eligibility_check" {
			t.Fatalf("a check of a purpose now confidential shows: %+v", e)
		}
	}
	var other struct{ Items []any }
	w.other.must(http.MethodGet, "/api/v1/me/access-log", nil, 200).json(t, &other)
	if len(other.Items) != 0 {
		t.Fatalf("official2's log shows official1's readers: %+v", other.Items)
	}
}

func (w *selfWorld) dispute(t *testing.T, c *client, record int64, status int) caseOut {
	t.Helper()
	var d caseOut
	r := c.must(http.MethodPost, "/api/v1/disputes", map[string]any{"record_id": record, "ground": "wrong_content", "reason": "该判决已于2026年7月履行完毕"}, status)
	if status == 201 {
		r.json(t, &d)
	}
	return d
}

// TestCaseBodiesAreStrict: a dispute or repair sent as JSON takes an id as
// a number and every text as a string, as every typed request does;
// anything else is refused naming the field, and nothing is filed.
func TestCaseBodiesAreStrict(t *testing.T) {
	w := newSelfWorld(t)
	reason, commitment := "对该处分决定有不同意见", "本人承诺今后严格遵守相关规定"
	for _, tc := range []struct {
		name, path, field string
		body              map[string]any
	}{
		{"ErrRecordIDAsText", "/api/v1/disputes", "record_id", map[string]any{"record_id": fmt.Sprint(w.judicial), "ground": "other", "reason": reason}},
		{"ErrRecordIDAsList", "/api/v1/disputes", "record_id", map[string]any{"record_id": []int64{w.judicial}, "ground": "other", "reason": reason}},
		{"ErrReasonAsNumber", "/api/v1/disputes", "reason", map[string]any{"record_id": w.judicial, "ground": "other", "reason": 12345}},
		{"ErrGroundAsObject", "/api/v1/disputes", "ground", map[string]any{"record_id": w.judicial, "ground": map[string]any{}, "reason": reason}},
		{"ErrStatementAsBool", "/api/v1/repairs", "statement", map[string]any{"record_id": w.fine, "statement": true, "commitment": commitment}},
	} {
		w.me.t = t
		wantProblem(t, tc.name, w.me.do(http.MethodPost, tc.path, tc.body), 400, domain.EINVALID, tc.field)
	}
	var mine struct{ Total int }
	w.me.must(http.MethodGet, "/api/v1/disputes", nil, 200).json(t, &mine)
	if mine.Total != 0 {
		t.Fatalf("a refused body filed %d disputes", mine.Total)
	}
}

func TestDisputeFlow(t *testing.T) {
	w := newSelfWorld(t) // the clock: Wednesday 2026-11-25
	d := w.dispute(t, w.me, w.judicial, 201)
	if d.State != "open" || d.DueOn != "2026-12-02" || d.Record.ID != w.judicial {
		t.Fatalf("five working days from a Wednesday: %+v", d)
	}
	var f myFileOut
	w.me.must(http.MethodGet, "/api/v1/me/file", nil, 200).json(t, &f)
	if !f.Categories[0].Records[len(f.Categories[0].Records)-1].UnderDispute {
		t.Fatalf("the record is flagged under dispute at once: %+v", f.Categories)
	}
	w.dispute(t, w.me, w.judicial, 409)
	w.dispute(t, w.me, w.investigation, 404) // hidden from the official's view
	w.dispute(t, w.other, w.judicial, 404)   // not official2's record
	path := fmt.Sprintf("/api/v1/disputes/%d", d.ID)
	w.other.must(http.MethodGet, path, nil, 404)

	clerk2, clerk1 := w.mustLogin(t, "clerk2"), w.mustLogin(t, "clerk1")
	clerk2.must(http.MethodGet, path, nil, 404)
	clerk2.must(http.MethodPost, path+"/resolve", map[string]any{"outcome": "upheld", "note": "x"}, 404)
	var queue struct {
		Items []caseOut `json:"items"`
	}
	clerk1.must(http.MethodGet, "/api/v1/disputes?state=open", nil, 200).json(t, &queue)
	if len(queue.Items) != 1 || queue.Items[0].ID != d.ID {
		t.Fatalf("the court's queue: %+v", queue.Items)
	}
	clerk1.must(http.MethodPost, path+"/extend", map[string]any{"days": 25, "reason": "需调取卷宗"}, 400)
	clerk1.must(http.MethodPost, path+"/extend", map[string]any{"days": 10}, 400)
	var ext caseOut
	clerk1.must(http.MethodPost, path+"/extend", map[string]any{"days": 10, "reason": "需调取卷宗"}, 200).json(t, &ext)
	if !ext.Extended || ext.DueOn != "2026-12-09" {
		t.Fatalf("extended to ten working days from the filing: %+v", ext)
	}
	clerk1.must(http.MethodPost, path+"/extend", map[string]any{"days": 15, "reason": "again"}, 409)
	clerk1.must(http.MethodPost, path+"/resolve", map[string]any{"outcome": "upheld"}, 400)
	clerk1.must(http.MethodPost, path+"/resolve", map[string]any{"outcome": "corrected", "note": "更正"}, 400)
	r := clerk1.must(http.MethodPost, path+"/resolve", map[string]any{"outcome": "corrected", "note": "核实后更正决定日期",
		"correction": map[string]any{"code": "jud_civil_unperformed", "decision_date": "2099-01-01", "authority": "法院"}}, 400)
	if !strings.Contains(r.Body, "correction.decision_date") {
		t.Fatalf("a correction's problems name their fields: %s", r.Body)
	}
	var done caseOut
	clerk1.must(http.MethodPost, path+"/resolve", map[string]any{"outcome": "corrected", "note": "核实后更正决定日期",
		"correction": map[string]any{"code": "jud_civil_unperformed", "decision_date": "2026-05-20", "document_no": "（2026）云01民初5号", "authority": "法院"}}, 200).json(t, &done)
	if done.State != "corrected" || done.NewVersion != 2 {
		t.Fatalf("corrected into a new version: %+v", done)
	}
	clerk1.must(http.MethodPost, path+"/resolve", map[string]any{"outcome": "upheld", "note": "again"}, 409)
	var seen caseOut
	w.me.must(http.MethodGet, path, nil, 200).json(t, &seen)
	if seen.State != "corrected" || seen.DecisionNote != "核实后更正决定日期" || seen.Record.Version != 2 {
		t.Fatalf("the official sees the outcome: %+v", seen)
	}
	w.me.must(http.MethodGet, "/api/v1/me/file", nil, 200).json(t, &f)
	for _, c := range f.Categories {
		for _, rec := range c.Records {
			if rec.UnderDispute {
				t.Fatal("the flag clears with the decision")
			}
		}
	}

	t.Run("RevokedOnDispute", func(t *testing.T) {
		d := w.dispute(t, w.me, w.noisy, 201)
		clerk1.must(http.MethodPost, fmt.Sprintf("/api/v1/disputes/%d/resolve", d.ID), map[string]any{"outcome": "revoked", "note": "重复录入"}, 200)
		var rec struct{ State string }
		clerk1.must(http.MethodGet, fmt.Sprintf("/api/v1/records/%d", w.noisy), nil, 200).json(t, &rec)
		if rec.State != "revoked" {
			t.Fatalf("the record is revoked: %+v", rec)
		}
	})
	t.Run("AnOverdueDecisionRaisesAWarning", func(t *testing.T) {
		d := w.dispute(t, w.me, w.fine, 201)
		if d.DueOn != "2026-12-02" {
			t.Fatalf("%+v", d)
		}
		w.clock.add(8 * 24 * time.Hour) // Thursday 2026-12-03
		admin := w.mustLogin(t, "admin1")
		if j := w.waitJob(t, admin, w.recomputeJob(t, admin)); j.Status != "done" {
			t.Fatalf("%+v", j)
		}
		approver := w.mustLogin(t, "approver1")
		if _, ok := byRule(w.warnings(t, approver, ""), "dispute_overdue"); !ok {
			t.Fatalf("no dispute_overdue warning: %+v", w.warnings(t, approver, "").Items)
		}
		var late caseOut
		w.mustLogin(t, "official1").must(http.MethodGet, fmt.Sprintf("/api/v1/disputes/%d", d.ID), nil, 200).json(t, &late)
		if !late.Overdue {
			t.Fatalf("the official sees it is overdue: %+v", late)
		}
	})
}

// multipartCase posts a form with files (name → content).
func multipartCase(c *client, path string, fields map[string]string, files ...[2]string) response {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	for _, f := range files {
		fw, _ := mw.CreateFormFile("attachments", f[0])
		fw.Write([]byte(f[1]))
	}
	mw.Close()
	return c.raw(http.MethodPost, path, mw.FormDataContentType(), buf.Bytes())
}

const pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"

func TestAttachments(t *testing.T) {
	w := newSelfWorld(t)
	fields := map[string]string{"record_id": fmt.Sprint(w.judicial), "ground": "wrong_content", "reason": "已履行完毕，附法院结案通知书"}
	r := multipartCase(w.me, "/api/v1/disputes", fields, [2]string{"notice.pdf", "just text pretending to be a PDF"})
	if r.Status != 400 || !strings.Contains(r.Body, `"field":"attachments[0]"`) || !strings.Contains(r.Body, "text/plain") {
		t.Fatalf("a disguised file is refused by its content: %d %s", r.Status, r.Body)
	}
	r = multipartCase(w.me, "/api/v1/disputes", fields, [2]string{"big.pdf", pdf + strings.Repeat("0", 5<<20)})
	if r.Status != 413 || !strings.Contains(r.Body, "attachments[0]") {
		t.Fatalf("a file over 5 MiB is refused with 413: %d %.300s", r.Status, r.Body)
	}
	six := [][2]string{}
	for i := 0; i < 6; i++ {
		six = append(six, [2]string{fmt.Sprintf("p%d.pdf", i), pdf})
	}
	if r = multipartCase(w.me, "/api/v1/disputes", fields, six...); r.Status != 400 {
		t.Fatalf("at most five files: %d %s", r.Status, r.Body)
	}
	var n int
	w.ts.db.SQL().QueryRow("SELECT COUNT(*) FROM disputes").Scan(&n)
	if n != 0 {
		t.Fatalf("a refused upload wrote %d disputes", n)
	}
	r = multipartCase(w.me, "/api/v1/disputes", fields, [2]string{"结案通知书.pdf", pdf}, [2]string{"../../etc/passwd.png", "\x89PNG\r\n\x1a\n" + strings.Repeat("x", 100)})
	if r.Status != 201 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	var d caseOut
	r.json(t, &d)
	if len(d.Attachments) != 2 || d.Attachments[0].ContentType != "application/pdf" || d.Attachments[1].Filename != "passwd.png" || d.Attachments[1].ContentType != "image/png" {
		t.Fatalf("attachments %+v", d.Attachments)
	}
	path := fmt.Sprintf("/api/v1/disputes/%d/attachments/%d", d.ID, d.Attachments[0].ID)
	got := w.me.must(http.MethodGet, path, nil, 200)
	if got.Body != pdf || got.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(got.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("download %q %v", got.Body, got.Header)
	}
	w.mustLogin(t, "clerk1").must(http.MethodGet, path, nil, 200)
	w.mustLogin(t, "clerk2").must(http.MethodGet, path, nil, 404)
	w.other.must(http.MethodGet, path, nil, 404)
	w.me.must(http.MethodGet, fmt.Sprintf("/api/v1/disputes/%d/attachments/%d", d.ID, d.Attachments[0].ID+100), nil, 404)
}

func TestRepairFlow(t *testing.T) {
	w := newSelfWorld(t)
	proof := [2]string{"缴款凭证.pdf", pdf}
	apply := func(c *client, record int64, files ...[2]string) response {
		return multipartCase(c, "/api/v1/repairs", map[string]string{"record_id": fmt.Sprint(record), "statement": "罚款已缴清",
			"commitment": "本人承诺今后严格遵守交通法规，如有违反愿承担相应责任"}, files...)
	}
	if r := apply(w.me, w.judicial, proof); r.Status != 400 || !strings.Contains(r.Body, "credit-type") {
		t.Fatalf("an unperformed civil judgment cannot be repaired: %d %s", r.Status, r.Body)
	}
	if r := apply(w.me, w.fine); r.Status != 400 || !strings.Contains(r.Body, `"field":"attachments"`) {
		t.Fatalf("proof is required: %d %s", r.Status, r.Body)
	}
	if r := apply(w.other, w.fine, proof); r.Status != 404 {
		t.Fatalf("not official2's record: %d", r.Status)
	}
	r := apply(w.me, w.fine, proof)
	if r.Status != 201 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	var rp caseOut
	r.json(t, &rp)
	if rp.State != "pending" || rp.DueOn != "2026-12-09" {
		t.Fatalf("ten working days to decide: %+v", rp)
	}
	if r := apply(w.me, w.fine, proof); r.Status != 409 {
		t.Fatalf("one pending application a record: %d", r.Status)
	}
	path := fmt.Sprintf("/api/v1/repairs/%d", rp.ID)
	w.other.must(http.MethodGet, path, nil, 404)
	w.mustLogin(t, "clerk1").must(http.MethodPost, path+"/decide", map[string]any{"approve": true}, 404)
	clerk2 := w.mustLogin(t, "clerk2")
	clerk2.must(http.MethodPost, path+"/decide", map[string]any{"approve": false}, 400)
	clerk2.must(http.MethodPost, path+"/decide", map[string]any{"approve": true, "repaired_on": "2027-01-01"}, 400)
	var before myFileOut
	w.me.must(http.MethodGet, "/api/v1/me/file", nil, 200).json(t, &before)
	var done caseOut
	clerk2.must(http.MethodPost, path+"/decide", map[string]any{"approve": true, "note": "已核实缴款"}, 200).json(t, &done)
	if done.State != "approved" || done.RepairedOn != "2026-11-25" {
		t.Fatalf("%+v", done)
	}
	clerk2.must(http.MethodPost, path+"/decide", map[string]any{"approve": true}, 409)
	w.drain(t)
	var after myFileOut
	w.me.must(http.MethodGet, "/api/v1/me/file", nil, 200).json(t, &after)
	if before.Score.Result.Score != 89 || after.Score.Result.Score != 90 {
		t.Fatalf("the repaired record stops counting: %v → %v", before.Score.Result.Score, after.Score.Result.Score)
	}
	var snap int64
	w.ts.db.SQL().QueryRow("SELECT score FROM score_snapshots WHERE official_id = ?", w.inA).Scan(&snap)
	if snap != 9000 {
		t.Fatalf("the snapshot follows: %d", snap)
	}
	if r := apply(w.me, w.fine, proof); r.Status != 409 {
		t.Fatalf("a repaired record is repaired already: %d", r.Status)
	}

	t.Run("ErrTooEarlyForAGeneralPenalty", func(t *testing.T) {
		pen := domain.Source{Code: "market", Name: "市场监管", Categories: "admin_penalty"}
		w.addSource(t, &pen)
		id := w.submitAs(t, pen, ingest.RecordInput{IDNumber: idA, SourceRef: "AP-1", Category: "admin_penalty", Code: "ap_general",
			DecisionDate: "2026-10-01", DocumentNo: "云市监罚〔2026〕9号", Authority: "市场监管局"})[0]
		r := apply(w.me, id, proof)
		if r.Status != 400 || !strings.Contains(r.Body, "2027-01-01") {
			t.Fatalf("a general entry waits three months: %d %s", r.Status, r.Body)
		}
	})
}

func TestReports(t *testing.T) {
	w := newSelfWorld(t)
	var rep struct {
		ID      int64  `json:"id"`
		Code    string `json:"code"`
		Content struct {
			Score   float64 `json:"score"`
			Records []struct {
				Code string `json:"code"`
			} `json:"records"`
		} `json:"content"`
	}
	w.me.must(http.MethodPost, "/api/v1/me/reports", nil, 201).json(t, &rep)
	if len(rep.Code) != 24 || rep.Content.Score != 89 || len(rep.Content.Records) != 3 {
		t.Fatalf("report %+v", rep)
	}
	var again struct {
		Content struct {
			Score float64 `json:"score"`
		} `json:"content"`
	}
	w.me.must(http.MethodGet, fmt.Sprintf("/api/v1/me/reports/%d", rep.ID), nil, 200).json(t, &again)
	if again.Content.Score != 89 {
		t.Fatalf("the stored report reads back: %+v", again)
	}
	anon := w.ts.anon(t)
	type verification struct {
		Genuine    bool   `json:"genuine"`
		IssuedAt   string `json:"issued_at"`
		NameMasked string `json:"name_masked"`
	}
	var v verification
	anon.must(http.MethodGet, "/api/v1/reports/verify/"+rep.Code, nil, 200).json(t, &v)
	if !v.Genuine || v.NameMasked != "测***" || !strings.HasPrefix(v.IssuedAt, "2026-11-25") {
		t.Fatalf("a genuine report: %+v", v)
	}
	body := anon.must(http.MethodGet, "/api/v1/reports/verify/"+strings.ToLower(rep.Code), nil, 200).Body
	if strings.Contains(body, "测试人员") || strings.Contains(body, `"score"`) || strings.Contains(body, "records") {
		t.Fatalf("verification reveals only validity, dates, a masked name, the grade and the digest: %s", body)
	}
	for _, bad := range []string{rep.Code[:23] + map[bool]string{true: "A", false: "B"}[rep.Code[23] != 'A'], "AAAAAAAAAAAAAAAAAAAAAAAA", "short", "../../etc/passwd"} {
		v = verification{}
		anon.must(http.MethodGet, "/api/v1/reports/verify/"+bad, nil, 200).json(t, &v)
		if v.Genuine || v.NameMasked != "" {
			t.Fatalf("%q must not verify: %+v", bad, v)
		}
	}
	if _, err := w.ts.db.SQL().Exec("UPDATE reports SET content = REPLACE(content, '\"score\":89', '\"score\":99') WHERE id = ?", rep.ID); err != nil {
		t.Fatal(err)
	}
	v = verification{}
	anon.must(http.MethodGet, "/api/v1/reports/verify/"+rep.Code, nil, 200).json(t, &v)
	if v.Genuine {
		t.Fatal("a report whose content was altered is not genuine")
	}
	w.other.must(http.MethodGet, fmt.Sprintf("/api/v1/me/reports/%d", rep.ID), nil, 404)
	var mine struct{ Total int }
	w.other.must(http.MethodGet, "/api/v1/me/reports", nil, 200).json(t, &mine)
	if mine.Total != 0 {
		t.Fatal("official2 sees official1's reports")
	}

	t.Run("ALookupReportNeedsTheWholeFile", func(t *testing.T) {
		dept := w.root.ID
		w.addUser(t, account{"jw_all", domain.RoleDisciplineStaff, domain.ScopeAll, dept, nil, nil})
		jw, approver := w.mustLogin(t, "jw_all"), w.mustLogin(t, "approver1")
		ask := func(modules ...string) int64 {
			var l struct{ ID int64 }
			jw.must(http.MethodPost, "/api/v1/lookups", map[string]any{"official_ids": []int64{w.inA}, "purpose": "cadre_selection", "reason": "干部选任审核",
				"modules": modules}, 201).json(t, &l)
			return l.ID
		}
		part := ask("judicial")
		approver.must(http.MethodPost, fmt.Sprintf("/api/v1/lookups/%d/approve", part), map[string]any{}, 200)
		jw.must(http.MethodPost, fmt.Sprintf("/api/v1/officials/%d/reports", w.inA), map[string]any{"lookup_id": part}, 400)
		whole := ask("basic", "sanctions", "judicial", "credit", "commendations", "assessments", "property")
		approver.must(http.MethodPost, fmt.Sprintf("/api/v1/lookups/%d/approve", whole), map[string]any{}, 200)
		w.addUser(t, account{"approver2", domain.RoleDisciplineApprover, domain.ScopeAll, dept, nil, nil})
		w.mustLogin(t, "approver2").must(http.MethodPost, fmt.Sprintf("/api/v1/lookups/%d/approve", whole), map[string]any{}, 200) // property: two approvers
		var lr struct {
			Code    string `json:"code"`
			Content struct {
				Purpose string   `json:"purpose"`
				Modules []string `json:"modules"`
				Records []any    `json:"records"`
			} `json:"content"`
		}
		jw.must(http.MethodPost, fmt.Sprintf("/api/v1/officials/%d/reports", w.inA), map[string]any{"lookup_id": whole}, 201).json(t, &lr)
		if lr.Content.Purpose != "cadre_selection" || len(lr.Content.Modules) != 7 || len(lr.Content.Records) != 4 {
			t.Fatalf("the lookup's report covers its modules, the open case included: %+v", lr.Content)
		}
		var v verification
		anon.must(http.MethodGet, "/api/v1/reports/verify/"+lr.Code, nil, 200).json(t, &v)
		if !v.Genuine {
			t.Fatal("the lookup's report verifies")
		}
	})
}

// TestDisputeGrounds shows that only a dispute about the record's data
// (not this person, a wrong date or content) holds a verdict for review: a
// dispute of a sanction on other grounds is a case its source decides,
// while the sanction keeps barring.
func TestDisputeGrounds(t *testing.T) {
	w := newAppealWorld(t)
	flagged := func() bool {
		t.Helper()
		var rec struct {
			UnderDispute bool `json:"under_dispute"`
		}
		w.jw.must(http.MethodGet, fmt.Sprintf("/api/v1/records/%d", w.major), nil, 200).json(t, &rec)
		return rec.UnderDispute
	}
	file := func(ground string) caseOut {
		t.Helper()
		var d struct {
			caseOut
			Ground string `json:"ground"`
		}
		w.me.must(http.MethodPost, "/api/v1/disputes", map[string]any{"record_id": w.major, "ground": ground, "reason": "对该处分决定有不同意见"}, 201).json(t, &d)
		if d.Ground != ground {
			t.Fatalf("the dispute answers its ground: %+v", d)
		}
		var again struct {
			Ground string `json:"ground"`
		}
		w.jw.must(http.MethodGet, fmt.Sprintf("/api/v1/disputes/%d", d.ID), nil, 200).json(t, &again)
		if again.Ground != ground {
			t.Fatalf("the source sees the ground: %+v", again)
		}
		return d.caseOut
	}
	uphold := func(d caseOut) {
		t.Helper()
		w.jw.must(http.MethodPost, fmt.Sprintf("/api/v1/disputes/%d/resolve", d.ID), map[string]any{"outcome": "upheld", "note": "经核实，记录无误"}, 200)
	}

	for _, tc := range []struct{ name, ground string }{{"ErrNoGround", ""}, {"ErrUnknownGround", "unfair"}} {
		t.Run(tc.name, func(t *testing.T) {
			body := map[string]any{"record_id": w.major, "reason": "对该处分决定有不同意见"}
			if tc.ground != "" {
				body["ground"] = tc.ground
			}
			w.me.t = t
			wantProblem(t, tc.name, w.me.do(http.MethodPost, "/api/v1/disputes", body), 400, domain.EINVALID, "ground")
			r := multipartCase(w.me, "/api/v1/disputes", map[string]string{"record_id": fmt.Sprint(w.major), "ground": tc.ground, "reason": "对该处分决定有不同意见"})
			wantProblem(t, tc.name+" (multipart)", r, 400, domain.EINVALID, "ground")
		})
	}
	w.me.t = t

	other := file("other")
	if flagged() {
		t.Fatal("a dispute of a sanction on other grounds flags the record")
	}
	if v, _ := w.promotion(t); v != "ineligible" {
		t.Fatalf("a sanction disputed on other grounds keeps barring: %s", v)
	}
	uphold(other)

	notMe := file("not_me")
	if !flagged() {
		t.Fatal("a dispute that the record is not this person's flags it")
	}
	if v, _ := w.promotion(t); v != "needs_review" {
		t.Fatalf("a barring record whose data is disputed needs review: %s", v)
	}
	uphold(notMe)
	if flagged() {
		t.Fatal("the flag clears with the decision")
	}
	if v, _ := w.promotion(t); v != "ineligible" {
		t.Fatalf("after the decision the sanction bars again: %s", v)
	}
}
