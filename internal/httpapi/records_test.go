package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"integrity/internal/app"
	"integrity/internal/domain"
	"integrity/internal/ingest"
	"integrity/internal/store"
)

const (
	idA = "320102199003071239" // w.inA
	idB = "320102198511200047" // w.inB
)

type recordJSON struct {
	ID           int64  `json:"id"`
	OfficialID   int64  `json:"official_id"`
	SourceRef    string `json:"source_ref"`
	Code         string `json:"code"`
	DecisionDate string `json:"decision_date"`
	Summary      string `json:"summary"`
	State        string `json:"state"`
	StateReason  string `json:"state_reason"`
	Version      int    `json:"version"`
	History      []struct {
		Version      int    `json:"version"`
		Summary      string `json:"summary"`
		ChangeReason string `json:"change_reason"`
	} `json:"history"`
}

func (w *world) countRecords(t *testing.T) int {
	t.Helper()
	var n int
	if err := w.ts.db.SQL().QueryRow("SELECT COUNT(*) FROM records").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestRecordSubmission(t *testing.T) {
	w := newWorld(t)
	clerk, _ := w.login(t, "clerk1")

	t.Run("ErrEachRuleNamesRowAndField", func(t *testing.T) {
		good := w.record(idA, "OK-1")
		for _, tc := range []struct {
			change map[string]any
			field  string
		}{
			{map[string]any{"id_number": "320102199003071230"}, "id_number"},
			{map[string]any{"id_number": "11010519491231002X"}, "id_number"}, // valid, not registered
			{map[string]any{"code": "jud_parking"}, "code"},
			{map[string]any{"decision_date": "2030-01-01"}, "decision_date"},
			{map[string]any{"document_no": ""}, "document_no"},
			{map[string]any{"category": "traffic", "code": "tr_points"}, "category"}, // the court may not submit traffic
			{map[string]any{"name": "王五"}, "name"},                                   // not the registered name
			{map[string]any{"effective_date": "2024-03-01"}, "effective_date"},       // before the decision
			{map[string]any{"effective_date": "5 March"}, "effective_date"},
			{map[string]any{"period_months": "eighteen"}, "period_months"},
			{map[string]any{"period_months": 0}, "period_months"},
			{map[string]any{"period_months": 241}, "period_months"},
			{map[string]any{"assessment_year": 2023}, "assessment_year"}, // a court record assesses no year
			{map[string]any{"act_ref": strings.Repeat("案", 129)}, "act_ref"},
		} {
			bad := w.record(idA, "BAD-1")
			for k, v := range tc.change {
				bad[k] = v
			}
			r := clerk.do(http.MethodPost, "/api/v1/records", map[string]any{"records": []any{good, bad}})
			p := problemOf(t, r)
			if r.Status != 400 || len(p.Errors) != 1 || p.Errors[0].Field != tc.field || p.Errors[0].Row != 2 {
				t.Errorf("%v: %d %s", tc.change, r.Status, r.Body)
			}
		}
		if n := w.countRecords(t); n != 0 {
			t.Fatalf("a rejected batch wrote %d records", n)
		}
		// A wrong type or an unknown field is named with its place in the
		// batch: the third item's decision date is records[2].decision_date.
		for body, field := range map[string]string{
			`{"records":[]}`:                                 "records",
			`{"records":[{"id_number":5}]}`:                  "records[0].id_number",
			`{"records":[{"colour":"red"}]}`:                 "records[0].colour",
			`{"records":[{},{},{"decision_date":20240101}]}`: "records[2].decision_date",
			`{"records":[{},{"summary":5}]}`:                 "records[1].summary",
			`{"records":{"id_number":"x"}}`:                  "records",
			`[`:                                              "body",
		} {
			wantProblem(t, body, clerk.do(http.MethodPost, "/api/v1/records", body), 400, domain.EINVALID, field)
		}
		dup := clerk.do(http.MethodPost, "/api/v1/records", map[string]any{"records": []any{w.record(idA, "D"), w.record(idB, "D")}})
		if p := problemOf(t, dup); dup.Status != 400 || p.Errors[0].Field != "source_ref" || p.Errors[0].Row != 2 {
			t.Fatalf("a repeated reference: %d %s", dup.Status, dup.Body)
		}
	})

	var first struct {
		Results []struct {
			ID      int64  `json:"id"`
			Outcome string `json:"outcome"`
			Version int    `json:"version"`
		} `json:"results"`
	}
	clerk.must(http.MethodPost, "/api/v1/records", map[string]any{"records": []any{w.record(idA, "R-1"), w.record(idB, "R-2")}}, 201).json(t, &first)
	if len(first.Results) != 2 || first.Results[0].Outcome != "created" || first.Results[1].Version != 1 {
		t.Fatalf("first submission: %+v", first)
	}
	id := first.Results[0].ID

	t.Run("SameContentChangesNothing", func(t *testing.T) {
		var again struct {
			Results []struct {
				ID      int64
				Outcome string
				Version int
			} `json:"results"`
		}
		clerk.must(http.MethodPost, "/api/v1/records", map[string]any{"records": []any{w.record(idA, "R-1")}}, 200).json(t, &again)
		if again.Results[0].Outcome != "unchanged" || again.Results[0].ID != id || w.countRecords(t) != 2 {
			t.Fatalf("resubmission: %+v", again)
		}
	})
	t.Run("NewContentIsANewVersion", func(t *testing.T) {
		changed := w.record(idA, "R-1")
		changed["summary"] = "已部分履行"
		var res struct {
			Results []struct {
				ID      int64
				Outcome string
				Version int
			} `json:"results"`
		}
		clerk.must(http.MethodPost, "/api/v1/records", map[string]any{"records": []any{changed}}, 200).json(t, &res)
		if res.Results[0].Outcome != "updated" || res.Results[0].Version != 2 || res.Results[0].ID != id {
			t.Fatalf("correction: %+v", res)
		}
		var rec recordJSON
		clerk.must(http.MethodGet, fmt.Sprintf("/api/v1/records/%d", id), nil, 200).json(t, &rec)
		if rec.Summary != "已部分履行" || rec.Version != 2 || len(rec.History) != 1 || rec.History[0].Summary != "逾期未履行" {
			t.Fatalf("record after correction: %+v", rec)
		}
	})
	t.Run("Revoke", func(t *testing.T) {
		path := fmt.Sprintf("/api/v1/records/%d/revoke", id)
		clerk.must(http.MethodPost, path, map[string]string{"reason": " "}, 400)
		var rec recordJSON
		clerk.must(http.MethodPost, path, map[string]string{"reason": "法院撤销原判"}, 200).json(t, &rec)
		if rec.State != "revoked" || rec.StateReason != "法院撤销原判" || rec.Version != 3 || len(rec.History) != 2 {
			t.Fatalf("revoked: %+v", rec)
		}
		clerk.must(http.MethodPost, path, map[string]string{"reason": "again"}, 409)
		if w.countRecords(t) != 2 {
			t.Fatal("a revocation deleted something")
		}
	})
	t.Run("ErrOtherSourceSeesNothing", func(t *testing.T) {
		other, _ := w.login(t, "clerk2")
		other.must(http.MethodGet, fmt.Sprintf("/api/v1/records/%d", id), nil, 404)
		other.must(http.MethodPost, fmt.Sprintf("/api/v1/records/%d/revoke", first.Results[1].ID), map[string]string{"reason": "x"}, 404)
		other.must(http.MethodGet, fmt.Sprintf("/api/v1/officials/%d/file", w.inA), nil, 404)
		var page struct{ Total int }
		other.must(http.MethodGet, "/api/v1/records", nil, 200).json(t, &page)
		if page.Total != 0 {
			t.Fatalf("clerk2 lists %d of the court's records", page.Total)
		}
		// A correction under another source's reference is a new record of
		// the submitting source, never a change to the court's record.
		trafficRec := map[string]any{"id_number": idA, "source_ref": "R-2", "category": "traffic", "code": "tr_points", "decision_date": "2025-01-02"}
		w.submit(t, other, trafficRec)
		var rec recordJSON
		clerk.must(http.MethodGet, fmt.Sprintf("/api/v1/records/%d", first.Results[1].ID), nil, 200).json(t, &rec)
		if rec.Code != "jud_civil_unperformed" || rec.Version != 1 {
			t.Fatalf("the court's record changed: %+v", rec)
		}
	})
	t.Run("SourceKey", func(t *testing.T) {
		admin, _ := w.login(t, "admin1")
		sys := w.sourceClient(t, admin, w.court.ID)
		w.submit(t, sys, w.record(idB, "KEY-1"))
		var keys struct {
			Items []struct {
				ID     int64  `json:"id"`
				Prefix string `json:"prefix"`
				Key    string `json:"key"`
			} `json:"items"`
		}
		admin.must(http.MethodGet, fmt.Sprintf("/api/v1/sources/%d/keys", w.court.ID), nil, 200).json(t, &keys)
		if len(keys.Items) == 0 || keys.Items[0].Key != "" || !strings.HasPrefix(sys.apiKey, keys.Items[0].Prefix) {
			t.Fatalf("keys list: %+v", keys)
		}
		admin.must(http.MethodPost, fmt.Sprintf("/api/v1/sources/%d/keys/%d/revoke", w.court.ID, keys.Items[0].ID), nil, 200)
		sys.must(http.MethodPost, "/api/v1/records", map[string]any{"records": []any{w.record(idB, "KEY-2")}}, 401)
		bogus := &client{t: t, base: w.ts.URL, apiKey: "isk_nothing_here"}
		bogus.must(http.MethodPost, "/api/v1/records", map[string]any{"records": []any{w.record(idB, "KEY-3")}}, 401)
	})
	t.Run("FileGroupsRecordsWithHistory", func(t *testing.T) {
		admin, _ := w.login(t, "admin1")
		var file struct {
			Official struct {
				Name           string `json:"name"`
				IDNumberMasked string `json:"id_number_masked"`
			} `json:"official"`
			Categories []struct {
				Key     string       `json:"key"`
				Zh      string       `json:"zh"`
				Records []recordJSON `json:"records"`
			} `json:"categories"`
			RecordCount int `json:"record_count"`
		}
		admin.must(http.MethodGet, fmt.Sprintf("/api/v1/officials/%d/file", w.inA), nil, 200).json(t, &file)
		if file.RecordCount != 2 || len(file.Categories) != 2 || file.Official.IDNumberMasked != "3201************39" {
			t.Fatalf("admin's file: %+v", file)
		}
		if file.Categories[0].Key != "traffic" && file.Categories[0].Key != "judicial" {
			t.Fatalf("categories: %+v", file.Categories)
		}
		clerk.must(http.MethodGet, fmt.Sprintf("/api/v1/officials/%d/file", w.inA), nil, 200).json(t, &file)
		if file.RecordCount != 1 || file.Categories[0].Key != "judicial" || len(file.Categories[0].Records[0].History) != 2 {
			t.Fatalf("the court's view of the file: %+v", file)
		}
		if got := strings.Join(w.auditActions(t, "clerk1"), " "); !strings.Contains(got, "file_read:success") || !strings.Contains(got, "record_submit:success") {
			t.Fatalf("audit: %s", got)
		}
	})
}

func TestImports(t *testing.T) {
	w := newWorld(t)
	clerk, _ := w.login(t, "clerk1")
	mixed := "身份证号码,姓名,来源编号,记录类别,记录事项,决定日期,文号,备注\n" +
		idA + ",测试人员,I-1,司法,民事判决未履行,2024/3/5,（2024）1号,\n" +
		"320102199003071230,,I-2,司法,民事判决未履行,2024/3/5,（2024）2号,\n" + // bad check character
		"\n" +
		"３２０１０２１９８５１１２０００４７,,I-3,司法,失信被执行人,2024年6月1日,（2024）3号,全角数字\n" +
		idB + ",,I-4,司法,民事判决未履行,2099-01-01,（2024）4号,\n" // future date

	t.Run("DryRunWritesNothing", func(t *testing.T) {
		rep := w.importResult(t, clerk, w.upload(t, clerk, "mixed.csv", mixed, true))
		if rep.Status != "done" || rep.Total != 4 || rep.Accepted != 2 || rep.Rejected != 2 || rep.ErrorCount != 2 || w.countRecords(t) != 0 {
			t.Fatalf("dry run: %+v, %d records", rep, w.countRecords(t))
		}
	})
	t.Run("GoodRowsLandBadOnesAreReported", func(t *testing.T) {
		rep := w.importResult(t, clerk, w.upload(t, clerk, "mixed.csv", mixed, false))
		if rep.Status != "done" || rep.Accepted != 2 || rep.Created != 2 || rep.Rejected != 2 || rep.Progress != 1 || w.countRecords(t) != 2 {
			t.Fatalf("import: %+v", rep)
		}
		got := map[string]bool{}
		for _, e := range rep.Errors {
			got[fmt.Sprintf("%d:%s", e.Row, e.Field)] = true
		}
		if !got["3:id_number"] || !got["6:decision_date"] {
			t.Fatalf("errors %+v (rows count the header and the blank line)", rep.Errors)
		}
	})
	t.Run("ReuploadAddsNothing", func(t *testing.T) {
		rep := w.importResult(t, clerk, w.upload(t, clerk, "mixed.csv", mixed, false))
		if rep.Created != 0 || rep.Unchanged != 2 || w.countRecords(t) != 2 {
			t.Fatalf("re-upload: %+v", rep)
		}
	})
	t.Run("GBK", func(t *testing.T) {
		gbk, _ := simplifiedchinese.GBK.NewEncoder().String(importCSV(idB, "G-1"))
		rep := w.importResult(t, clerk, w.upload(t, clerk, "gbk.csv", gbk, false))
		if rep.Created != 1 || rep.Rejected != 0 {
			t.Fatalf("GBK: %+v", rep)
		}
	})
	t.Run("XLSXWithDateCells", func(t *testing.T) {
		f := excelize.NewFile()
		f.SetSheetRow("Sheet1", "A1", &[]any{"身份证号码", "来源编号", "记录事项", "决定日期", "文号"})
		f.SetSheetRow("Sheet1", "A2", &[]any{idB, "X-1", "民事判决未履行", time.Date(2023, 7, 9, 0, 0, 0, 0, time.UTC), "（2023）9号"})
		var buf bytes.Buffer
		f.Write(&buf)
		rep := w.importResult(t, clerk, w.upload(t, clerk, "book.xlsx", buf.String(), false))
		if rep.Created != 1 {
			t.Fatalf("XLSX: %+v", rep)
		}
		var page struct {
			Items []recordJSON `json:"items"`
		}
		clerk.must(http.MethodGet, "/api/v1/records?source_ref=X-1", nil, 200).json(t, &page)
		if len(page.Items) != 1 || page.Items[0].DecisionDate != "2023-07-09" {
			t.Fatalf("the date cell: %+v", page.Items)
		}
	})
	t.Run("ErrMissingColumn", func(t *testing.T) {
		rep := w.importResult(t, clerk, w.upload(t, clerk, "bad.csv", "姓名,文号\n张三,1\n", false))
		if rep.Status != "failed" || rep.ErrorCount < 3 || !strings.Contains(rep.Message, "header") {
			t.Fatalf("missing columns: %+v", rep)
		}
	})
	t.Run("ErrorReportAndTemplate", func(t *testing.T) {
		id := w.upload(t, clerk, "mixed.csv", mixed, true)
		w.importResult(t, clerk, id)
		for _, path := range []string{fmt.Sprintf("/api/v1/imports/%d/errors", id), "/api/v1/imports/template"} {
			r := clerk.must(http.MethodGet, path, nil, 200)
			f, err := excelize.OpenReader(strings.NewReader(r.Body))
			if err != nil {
				t.Fatalf("%s is not a workbook: %v", path, err)
			}
			rows, _ := f.GetRows(f.GetSheetList()[0])
			if len(rows) < 2 {
				t.Fatalf("%s has %d rows", path, len(rows))
			}
			if strings.Contains(path, "errors") && (rows[1][0] != "3" || rows[1][1] != "id_number") {
				t.Fatalf("error report rows %v", rows)
			}
		}
		other, _ := w.login(t, "clerk2")
		other.must(http.MethodGet, fmt.Sprintf("/api/v1/imports/%d", id), nil, 404)
		other.must(http.MethodGet, fmt.Sprintf("/api/v1/imports/%d/errors", id), nil, 404)
	})
	t.Run("ErrRepeatedReferenceAcrossBatches", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("身份证号码,来源编号,记录事项,决定日期,文号\n")
		for i := 0; i < 5000; i++ {
			fmt.Fprintf(&b, "%s,BIG-%d,民事判决未履行,2024-01-02,（2024）%d号\n", idA, i, i)
		}
		fmt.Fprintf(&b, "%s,BIG-0,民事判决未履行,2024-01-03,（2024）x号\n", idA) // row 5002 repeats row 2
		rep := w.importResult(t, clerk, w.upload(t, clerk, "big.csv", b.String(), true))
		if rep.Total != 5001 || rep.Rejected != 1 || rep.Errors[0].Row != 5002 || !strings.Contains(rep.Errors[0].Message, "row 2") {
			t.Fatalf("a reference repeated in the next batch: %+v", rep)
		}
	})
	t.Run("ErrNotMultipart", func(t *testing.T) {
		clerk.must(http.MethodPost, "/api/v1/imports", map[string]string{"file": "x"}, 400)
	})
}

func TestScoreEndpoint(t *testing.T) {
	w := newWorld(t)
	clerk, _ := w.login(t, "clerk1")
	w.submit(t, clerk, w.record(idA, "S-1"))
	admin, _ := w.login(t, "admin1")
	var d struct {
		Result struct {
			Score         float64 `json:"score"`
			Base          float64 `json:"base"`
			PolicyVersion int     `json:"policy_version"`
			Grade         struct{ Key, Zh string }
			Items         []struct {
				Kind   string  `json:"kind"`
				Code   string  `json:"code"`
				Points float64 `json:"points"`
			} `json:"items"`
			NotCounting []struct{ Reason string } `json:"not_counting"`
		} `json:"result"`
		History []struct {
			Date  string  `json:"date"`
			Score float64 `json:"score"`
		} `json:"history"`
	}
	path := fmt.Sprintf("/api/v1/officials/%d/score", w.inA)
	admin.must(http.MethodGet, path+"?as_of=2024-06-01", nil, 200).json(t, &d)
	if d.Result.Score != 95 || d.Result.Base != 100 || d.Result.Grade.Zh != "优秀" || d.Result.PolicyVersion != 1 ||
		len(d.Result.Items) != 1 || d.Result.Items[0].Points != -5 || d.Result.Items[0].Code != "jud_civil_unperformed" {
		t.Fatalf("score on 2024-06-01: %+v", d.Result)
	}
	if len(d.History) != 2 || d.History[1].Date != "2024-03-05" || d.History[1].Score != 95 {
		t.Fatalf("history %+v", d.History)
	}
	admin.must(http.MethodGet, path+"?as_of=2025-03-05", nil, 200).json(t, &d)
	if d.Result.Score != 100 || d.Result.NotCounting[0].Reason != "expired" {
		t.Fatalf("score after the validity: %+v", d.Result)
	}
	admin.must(http.MethodGet, path+"?as_of=someday", nil, 400)
	admin.must(http.MethodGet, "/api/v1/officials/99999/score", nil, 404)

	t.Run("InsideTheFile", func(t *testing.T) {
		recent := w.record(idA, "S-2")
		recent["decision_date"] = "2026-06-01"
		w.submit(t, clerk, recent)
		filePath := fmt.Sprintf("/api/v1/officials/%d/file", w.inA)
		var f struct {
			Score *struct {
				Result struct {
					Score float64 `json:"score"`
					Items []struct {
						Code         string `json:"code"`
						CountedFrom  string `json:"counted_from"`
						CountedUntil string `json:"counted_until"`
					} `json:"items"`
					NotCounting []struct{ Reason string } `json:"not_counting"`
				} `json:"result"`
				History []struct{ Date string } `json:"history"`
			} `json:"score"`
		}
		admin.must(http.MethodGet, filePath, nil, 200).json(t, &f)
		if f.Score == nil || f.Score.Result.Score != 95 || len(f.Score.Result.Items) != 1 ||
			!strings.HasPrefix(f.Score.Result.Items[0].CountedFrom, "2026-06-01") || len(f.Score.Result.NotCounting) != 1 ||
			f.Score.Result.NotCounting[0].Reason != "expired" || len(f.Score.History) == 0 {
			t.Fatalf("the administrator's file should hold today's score with its explanation: %+v", f.Score)
		}
		// A source sees only its own records, so a score from them would
		// misstate the official's: the clerk's file has none.
		f.Score = nil
		clerk.must(http.MethodGet, filePath, nil, 200).json(t, &f)
		if f.Score != nil {
			t.Fatalf("a source's partial file must not carry a score: %+v", f.Score)
		}
	})
}

type scoreJSON struct {
	Result  json.RawMessage `json:"result"`
	KnownAt string          `json:"known_at"`
}

// TestAScoreOfThePastIsReproduced: a score shown on 2026-11-25 is read
// again weeks later, after a new scoring policy was published and the file
// was corrected (one record's code changed, one revoked, one repaired, one
// added): under the old policy version and on the file as known that day,
// the answer is the same, item by item; without them it differs.
func TestAScoreOfThePastIsReproduced(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	admin, _ := w.login(t, "admin1")
	court := func(ref, code, decided string) ingest.RecordInput {
		return ingest.RecordInput{IDNumber: idA, SourceRef: ref, Category: "judicial", Code: code, DecisionDate: decided,
			DocumentNo: "（2026）云01民初" + ref, Authority: "法院"}
	}
	ids := w.submitAs(t, w.court, court("J-1", "jud_civil_unperformed", "2026-03-01"), court("J-2", "jud_civil_unperformed", "2026-04-01"),
		court("J-3", "jud_civil_unperformed", "2026-05-01"))
	traffic := w.submitAs(t, w.traffic, ingest.RecordInput{IDNumber: idA, SourceRef: "T-1", Category: "traffic", Code: "tr_points", DecisionDate: "2026-06-01"})
	path := fmt.Sprintf("/api/v1/officials/%d/score", w.inA)
	var then scoreJSON
	admin.must(http.MethodGet, path+"?as_of=2026-11-25", nil, 200).json(t, &then)
	var thenUsed struct {
		PolicyVersion int     `json:"policy_version"`
		Score         float64 `json:"score"`
	}
	if err := json.Unmarshal(then.Result, &thenUsed); err != nil || thenUsed.PolicyVersion != 1 || then.KnownAt != "2026-11-25" || thenUsed.Score != 84 {
		t.Fatalf("the answer names the policy version and the day of knowledge it used: %s %s", then.KnownAt, then.Result)
	}

	// Weeks later: a heavier policy, and a file corrected in four ways.
	w.clock.set(time.Date(2026, 12, 20, 10, 0, 0, 0, time.UTC))
	admin, _ = w.login(t, "admin1")
	var draft policyJSON
	sec := w.mustLogin(t, "secadmin1")
	sec.must(http.MethodPost, "/api/v1/policies/scoring", map[string]string{"note": "heavier civil judgments"}, 201).json(t, &draft)
	for _, r := range draft.Policy["rules"].([]any) {
		if rule := r.(map[string]any); rule["code"] == "jud_civil_unperformed" {
			rule["points"] = -20.0
		}
	}
	vpath := fmt.Sprintf("/api/v1/policies/scoring/%d", draft.Version)
	sec.must(http.MethodPut, vpath, map[string]any{"policy": draft.Policy}, 200)
	sec.must(http.MethodPost, vpath+"/publish", nil, 200)
	w.submitAs(t, w.court, court("J-1", "jud_dishonest_debtor", "2026-03-01"), court("J-4", "jud_civil_unperformed", "2026-11-01"))
	repaired, err := w.ts.db.RecordOf(ctx, 0, traffic[0])
	if err != nil {
		t.Fatal(err)
	}
	err = w.ts.db.Do(ctx, func(tx *store.Tx) error {
		if _, err := tx.RevokeRecord(w.court.ID, ids[1], "法院撤销原判", "test"); err != nil {
			return err
		}
		return tx.SetRepaired(repaired.Record, time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), "test")
	})
	if err != nil {
		t.Fatal(err)
	}

	var again scoreJSON
	admin.must(http.MethodGet, path+"?as_of=2026-11-25&policy_version=1&known_at=2026-11-25", nil, 200).json(t, &again)
	if string(again.Result) != string(then.Result) || again.KnownAt != "2026-11-25" {
		t.Fatalf("the past answer again:\nthen  %s\nagain %s", then.Result, again.Result)
	}
	entries, _, err := w.ts.db.AuditEntries(ctx, domain.AuditFilter{Action: "score_read", TargetID: fmt.Sprint(w.inA), Page: domain.Page{Number: 1, Size: 1}})
	if err != nil || len(entries) != 1 || !strings.Contains(entries[0].Detail, `"known_at":"2026-11-25"`) || !strings.Contains(entries[0].Detail, `"policy_version":1`) {
		t.Fatalf("the read is audited with what it asked for: %+v (%v)", entries, err)
	}
	var now scoreJSON
	admin.must(http.MethodGet, path+"?as_of=2026-11-25", nil, 200).json(t, &now)
	var nowUsed struct {
		PolicyVersion int `json:"policy_version"`
	}
	if err := json.Unmarshal(now.Result, &nowUsed); err != nil || nowUsed.PolicyVersion != 2 || now.KnownAt != "2026-12-20" {
		t.Fatalf("today's answer names today's policy and knowledge: %s %s", now.KnownAt, now.Result)
	}
	if string(now.Result) == string(then.Result) {
		t.Fatal("today's knowledge under today's policy gives the same answer: the test changed nothing")
	}
	var oldPolicy scoreJSON // the old policy on today's file differs too
	admin.must(http.MethodGet, path+"?as_of=2026-11-25&policy_version=1", nil, 200).json(t, &oldPolicy)
	if string(oldPolicy.Result) == string(then.Result) {
		t.Fatal("the corrections changed nothing under the old policy")
	}

	t.Run("ErrDraftVersion", func(t *testing.T) {
		var d3 policyJSON
		sec.must(http.MethodPost, "/api/v1/policies/scoring", map[string]string{"note": "a draft"}, 201).json(t, &d3)
		r := admin.do(http.MethodGet, fmt.Sprintf("%s?policy_version=%d", path, d3.Version), nil)
		if p := problemOf(t, r); r.Status != 404 || len(p.Errors) == 0 || p.Errors[0].Field != "policy_version" {
			t.Fatalf("a draft scores nothing: %d %s", r.Status, r.Body)
		}
	})
	t.Run("ErrBadParameters", func(t *testing.T) {
		for q, field := range map[string]string{"policy_version=9": "policy_version", "policy_version=x": "policy_version",
			"known_at=2027-01-01": "known_at", "known_at=yesterday": "known_at"} {
			r := admin.do(http.MethodGet, path+"?"+q, nil)
			if p := problemOf(t, r); (r.Status != 400 && r.Status != 404) || len(p.Errors) == 0 || p.Errors[0].Field != field {
				t.Errorf("%s: %d %s", q, r.Status, r.Body)
			}
		}
	})
	_ = app.ScoreQuery{}
}

// TestAnImportThatIsNotASpreadsheet: a picture or a text file named .xlsx
// is refused as not a spreadsheet, saying what it is, and nothing is
// queued.
func TestAnImportThatIsNotASpreadsheet(t *testing.T) {
	w := newWorld(t)
	clerk := w.mustLogin(t, "clerk1")
	send := func(name, content string) response {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write([]byte(content))
		mw.Close()
		return clerk.raw(http.MethodPost, "/api/v1/imports", mw.FormDataContentType(), body.Bytes())
	}
	for _, c := range []struct{ name, content, says string }{
		{"记录.xlsx", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"},
		{"记录.xlsx", "身份证号码,姓名\n" + idA + ",测试人员\n", "holds text"},
		{"记录.csv", "%PDF-1.4\n", "a PDF document"},
	} {
		r := send(c.name, c.content)
		wantProblem(t, c.name, r, 400, domain.EINVALID, "file")
		if !strings.Contains(r.Body, c.says) {
			t.Errorf("%s: the refusal should say %q: %s", c.name, c.says, r.Body)
		}
	}
	var page struct{ Total int }
	clerk.must(http.MethodGet, "/api/v1/imports", nil, 200).json(t, &page)
	if page.Total != 0 {
		t.Fatalf("%d imports queued", page.Total)
	}
}
