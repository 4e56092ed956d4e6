package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"integrity/internal/domain"
	"integrity/internal/ingest"
)

// appealOut is what these tests read of an appeal.
type appealOut struct {
	ID                 int64   `json:"id"`
	OfficialID         int64   `json:"official_id"`
	IDNumberMasked     string  `json:"id_number_masked"`
	RecordCode         string  `json:"record_code"`
	RecordDecisionDate string  `json:"record_decision_date"`
	Kind               string  `json:"kind"`
	State              string  `json:"state"`
	DueOn              string  `json:"due_on"`
	Overdue            bool    `json:"overdue"`
	Outcome            string  `json:"outcome"`
	DecidedOn          *string `json:"decided_on"`
	NewCode            string  `json:"new_code"`
	NewPeriodMonths    *int    `json:"new_period_months"`
	DocumentNo         string  `json:"document_no"`
	RecordVersion      int     `json:"record_version"`
	CreatedBy          string  `json:"created_by"`
	DecidedBy          string  `json:"decided_by"`
}

// appealWorld adds to newWorld the discipline commission's source (party
// and government sanctions) with its clerk (clerk_jw), and a 记大过 of inA
// (official1) effective 2026-06-01: it bars promotion for 18 months, to
// 2027-12-01. The clock: 2026-11-25.
type appealWorld struct {
	*world
	jw, hr, me *client
	sanctions  domain.Source
	major      int64
}

func newAppealWorld(t *testing.T) *appealWorld {
	t.Helper()
	w := &appealWorld{world: newWorld(t)}
	w.sanctions = domain.Source{Code: "jw", Name: "纪委监委", Categories: "gov_sanction,party_sanction"}
	w.addSource(t, &w.sanctions)
	dept := w.root.ID
	w.addUser(t, account{"clerk_jw", domain.RoleDataClerk, domain.ScopeAll, dept, nil, &w.sanctions.ID})
	w.major = w.submitAs(t, w.sanctions, ingest.RecordInput{IDNumber: idA, SourceRef: "GS-9", Category: "gov_sanction", Code: "gov_major_demerit",
		DecisionDate: "2026-06-01", DocumentNo: "云监政处〔2026〕9号", Authority: "云州市监委"})[0]
	w.jw, w.hr, w.me = w.mustLogin(t, "clerk_jw"), w.mustLogin(t, "hr1"), w.mustLogin(t, "official1")
	return w
}

// promotion is inA's promotion verdict and the day it ends, as personnel
// staff see it today.
func (w *appealWorld) promotion(t *testing.T) (verdict, from string) {
	t.Helper()
	var out checkOut
	w.hr.must(http.MethodPost, "/api/v1/eligibility/checks", map[string]any{"purpose": "promotion", "official_ids": []int64{w.inA}}, 201).json(t, &out)
	return out.Results[0].Verdict, out.Results[0].EligibleFrom
}

func (w *appealWorld) file(t *testing.T, body map[string]any, status int) appealOut {
	t.Helper()
	req := map[string]any{"record_id": w.major, "kind": "recheck", "filed_on": "2026-11-20", "authority": "云州省监委", "reason": "认定事实不清，处分过重"}
	for k, v := range body {
		req[k] = v
	}
	var out appealOut
	if r := w.jw.must(http.MethodPost, "/api/v1/appeals", req, status); status == 201 {
		r.json(t, &out)
	}
	return out
}

func (w *appealWorld) decide(t *testing.T, id int64, body map[string]any, status int) appealOut {
	t.Helper()
	req := map[string]any{"outcome": "upheld", "decided_on": "2026-11-24", "document_no": "云监复〔2026〕3号", "note": "经复核，予以维持"}
	for k, v := range body {
		req = with(req, k, v)
	}
	var out appealOut
	if r := w.jw.must(http.MethodPost, fmt.Sprintf("/api/v1/appeals/%d/decide", id), req, status); status == 200 {
		r.json(t, &out)
	}
	return out
}

func (w *appealWorld) recordOf(t *testing.T, id int64) recordJSON {
	t.Helper()
	var rec recordJSON
	w.jw.must(http.MethodGet, fmt.Sprintf("/api/v1/records/%d", id), nil, 200).json(t, &rec)
	return rec
}

func TestRecheckThatRevokesASanction(t *testing.T) {
	w := newAppealWorld(t)
	if v, from := w.promotion(t); v != "ineligible" || from != "2027-12-01" {
		t.Fatalf("a 记大过 of 2026-06-01 bars promotion for 18 months: %s until %s", v, from)
	}
	ap := w.file(t, nil, 201)
	if ap.State != "open" || ap.Kind != "recheck" || ap.DueOn != "2027-01-20" || ap.Overdue || ap.RecordCode != "gov_major_demerit" ||
		ap.RecordDecisionDate != "2026-06-01" || ap.IDNumberMasked != "3201************39" || ap.OfficialID != w.inA || ap.CreatedBy != "clerk_jw" ||
		ap.DecidedOn != nil || ap.Outcome != "" {
		t.Fatalf("a recheck (复核) is decided within two months of its filing: %+v", ap)
	}
	if v, from := w.promotion(t); v != "ineligible" || from != "2027-12-01" {
		t.Fatalf("the sanction keeps barring while the recheck runs (never needs_review): %s until %s", v, from)
	}
	if rec := w.recordOf(t, w.major); rec.Version != 1 || strings.Contains(w.jw.must(http.MethodGet, fmt.Sprintf("/api/v1/records/%d", w.major), nil, 200).Body, `"under_dispute":true`) {
		t.Fatalf("a recheck neither changes nor flags the record: %+v", rec)
	}
	w.file(t, map[string]any{"kind": "appeal"}, 409) // one open review or appeal a record

	done := w.decide(t, ap.ID, map[string]any{"outcome": "revoked", "note": "原处分认定事实不清，予以撤销"}, 200)
	if done.State != "decided" || done.Outcome != "revoked" || done.DecidedOn == nil || *done.DecidedOn != "2026-11-24" || done.RecordVersion != 2 ||
		done.DecidedBy != "clerk_jw" || done.DocumentNo != "云监复〔2026〕3号" {
		t.Fatalf("the decided recheck: %+v", done)
	}
	if v, from := w.promotion(t); v != "eligible" || from != "" {
		t.Fatalf("a revoked sanction never barred: %s (%s)", v, from)
	}
	var rec struct {
		State       string `json:"state"`
		StateReason string `json:"state_reason"`
		Version     int    `json:"version"`
		History     []struct {
			Version      int    `json:"version"`
			State        string `json:"state"`
			ChangeReason string `json:"change_reason"`
		} `json:"history"`
	}
	w.jw.must(http.MethodGet, fmt.Sprintf("/api/v1/records/%d", w.major), nil, 200).json(t, &rec)
	want := fmt.Sprintf("revoked on recheck (appeal #%d, 2026-11-24, 云监复〔2026〕3号)", ap.ID)
	if rec.State != "revoked" || rec.StateReason != want || rec.Version != 2 || len(rec.History) != 1 || rec.History[0].State != "active" ||
		rec.History[0].ChangeReason != want {
		t.Fatalf("the record is revoked with the appeal named, its history kept: %+v", rec)
	}
	w.decide(t, ap.ID, nil, 409)

	t.Run("TheOfficialSeesIt", func(t *testing.T) {
		w.me.t = t
		var mine struct {
			Items []appealOut `json:"items"`
			Total int         `json:"total"`
		}
		w.me.must(http.MethodGet, "/api/v1/me/appeals", nil, 200).json(t, &mine)
		if mine.Total != 1 || mine.Items[0].ID != ap.ID || mine.Items[0].Outcome != "revoked" {
			t.Fatalf("official1's appeals: %+v", mine)
		}
		w.me.must(http.MethodGet, fmt.Sprintf("/api/v1/me/appeals?official_id=%d", w.inB), nil, 200).json(t, &mine)
		if mine.Total != 0 || len(mine.Items) != 0 {
			t.Fatalf("official1 asks for another's: %+v", mine)
		}
		w.me.must(http.MethodGet, fmt.Sprintf("/api/v1/appeals/%d", ap.ID), nil, 404) // the source's route
		dept := w.districtB.ID
		w.addUser(t, account{"official2", domain.RoleOfficial, domain.ScopeSelf, dept, &w.inB, nil})
		w.mustLogin(t, "official2").must(http.MethodGet, "/api/v1/me/appeals", nil, 200).json(t, &mine)
		if mine.Total != 0 {
			t.Fatalf("official2 sees official1's appeals: %+v", mine)
		}
	})
	t.Run("ReadsAreAudited", func(t *testing.T) {
		w.jw.t = t
		w.jw.must(http.MethodGet, fmt.Sprintf("/api/v1/appeals/%d", ap.ID), nil, 200)
		var n int
		w.ts.db.SQL().QueryRow("SELECT COUNT(*) FROM audit_log WHERE action IN ('appeal_file', 'appeal_decide', 'appeal_read', 'appeal_list') AND target_type = 'appeal'").Scan(&n)
		if n < 4 {
			t.Fatalf("filing, deciding and reading appeals are audited: %d entries", n)
		}
	})
}

func TestReviewThatChangesASanction(t *testing.T) {
	w := newAppealWorld(t)
	ap := w.file(t, map[string]any{"kind": "review", "authority": "云州市监委"}, 201)
	if ap.DueOn != "2026-12-20" {
		t.Fatalf("a review (复审) is decided within one month: %+v", ap)
	}
	done := w.decide(t, ap.ID, map[string]any{"outcome": "changed", "new_code": "gov_demerit", "note": "情节较轻，改为记过"}, 200)
	if done.Outcome != "changed" || done.NewCode != "gov_demerit" || done.NewPeriodMonths != nil || done.RecordVersion != 2 || done.RecordCode != "gov_demerit" {
		t.Fatalf("changed to a 记过: %+v", done)
	}
	rec := w.recordOf(t, w.major)
	if rec.Code != "gov_demerit" || rec.DecisionDate != "2026-06-01" || rec.Version != 2 || rec.State != "active" {
		t.Fatalf("the record's next version is a 记过 of the same day: %+v", rec)
	}
	if v, from := w.promotion(t); v != "ineligible" || from != "2027-06-01" {
		t.Fatalf("a 记过 effective 2026-06-01 bars promotion for 12 months: %s until %s", v, from)
	}

	t.Run("ThePeriodTheDecisionStates", func(t *testing.T) {
		again := w.file(t, map[string]any{"kind": "appeal", "filed_on": "2026-11-24"}, 201)
		if again.DueOn != "2027-02-24" {
			t.Fatalf("an appeal (申诉) is decided within three months: %+v", again)
		}
		done := w.decide(t, again.ID, map[string]any{"outcome": "changed", "new_period_months": 6, "decided_on": "2026-11-25"}, 200)
		if done.NewPeriodMonths == nil || *done.NewPeriodMonths != 6 || done.NewCode != "" || done.RecordCode != "gov_demerit" || done.RecordVersion != 3 {
			t.Fatalf("changed to six months: %+v", done)
		}
		var rec struct {
			Code         string `json:"code"`
			PeriodMonths *int   `json:"period_months"`
		}
		w.jw.must(http.MethodGet, fmt.Sprintf("/api/v1/records/%d", w.major), nil, 200).json(t, &rec)
		if rec.Code != "gov_demerit" || rec.PeriodMonths == nil || *rec.PeriodMonths != 6 {
			t.Fatalf("the record states six months: %+v", rec)
		}
	})
}

func TestAppealInputAndScope(t *testing.T) {
	w := newAppealWorld(t)
	clerk1 := w.mustLogin(t, "clerk1")
	credit := w.submit(t, clerk1, w.record(idA, "C-1"))
	bad := func(c *client, path string, body any, status int, field string) {
		t.Helper()
		p := wantProblem(t, fmt.Sprintf("%s %v", path, body), c.do(http.MethodPost, path, body), status, map[int]string{400: domain.EINVALID, 404: domain.ENOTFOUND, 409: domain.ECONFLICT}[status], field)
		if status == 400 && strings.Contains(p.Detail, "sql") {
			t.Fatalf("%+v", p)
		}
	}
	filing := func(k string, v any) map[string]any {
		return with(map[string]any{"record_id": w.major, "kind": "recheck", "filed_on": "2026-11-20", "authority": "云州省监委", "reason": "处分过重"}, k, v)
	}
	for _, tc := range []struct {
		name, field string
		body        any
	}{
		{"ErrNoRecord", "record_id", filing("record_id", nil)},
		{"ErrRecordIDNotANumber", "record_id", filing("record_id", "12")},
		{"ErrUnknownKind", "kind", filing("kind", "petition")},
		{"ErrNoKind", "kind", filing("kind", nil)},
		{"ErrFiledInTheFuture", "filed_on", filing("filed_on", "2026-11-26")},
		{"ErrFiledBeforeTheDecision", "filed_on", filing("filed_on", "2026-05-31")},
		{"ErrFiledOnNotADate", "filed_on", filing("filed_on", "20/11/2026")},
		{"ErrNoAuthority", "authority", filing("authority", " ")},
		{"ErrNoReason", "reason", filing("reason", nil)},
		{"ErrReasonTooLong", "reason", filing("reason", strings.Repeat("长", 2001))},
		{"ErrUnknownField", "state", filing("state", "decided")},
		{"ErrNotAnObject", "body", `[1]`},
	} {
		t.Run(tc.name, func(t *testing.T) { bad(w.jw, "/api/v1/appeals", tc.body, 400, tc.field) })
	}
	p := wantProblem(t, "a credit record", clerk1.do(http.MethodPost, "/api/v1/appeals", map[string]any{"record_id": credit, "kind": "appeal",
		"filed_on": "2026-11-20", "authority": "中院", "reason": "判决有误"}), 400, domain.EINVALID, "record_id")
	if !strings.Contains(p.Errors[0].Message, "a credit record is disputed") {
		t.Fatalf("a credit record is disputed, not appealed: %+v", p.Errors)
	}
	bad(clerk1, "/api/v1/appeals", filing("", nil), 404, "") // another source's sanction
	bad(w.jw, "/api/v1/appeals", filing("record_id", credit), 404, "")
	bad(w.jw, "/api/v1/appeals", filing("record_id", 999999), 404, "")

	ap := w.file(t, nil, 201)
	path := fmt.Sprintf("/api/v1/appeals/%d/decide", ap.ID)
	decision := func(k string, v any) map[string]any {
		return with(map[string]any{"outcome": "changed", "decided_on": "2026-11-24", "document_no": "云监复〔2026〕3号", "note": "改为记过", "new_code": "gov_demerit"}, k, v)
	}
	for _, tc := range []struct {
		name, field string
		body        any
	}{
		{"ErrUnknownOutcome", "outcome", decision("outcome", "annulled")},
		{"ErrDecidedBeforeTheFiling", "decided_on", decision("decided_on", "2026-11-19")},
		{"ErrDecidedInTheFuture", "decided_on", decision("decided_on", "2026-12-01")},
		{"ErrNoDecisionDay", "decided_on", decision("decided_on", nil)},
		{"ErrNoDocumentNo", "document_no", decision("document_no", nil)},
		{"ErrNoNote", "note", decision("note", "")},
		{"ErrChangedToNothing", "new_code", decision("new_code", nil)},
		{"ErrCodeOfAnotherCategory", "new_code", decision("new_code", "party_warning")},
		{"ErrUnknownCode", "new_code", decision("new_code", "gov_nonsense")},
		{"ErrHeavier", "new_code", decision("new_code", "gov_demotion")},
		{"ErrSameCode", "new_code", decision("new_code", "gov_major_demerit")},
		{"ErrPeriodZero", "new_period_months", map[string]any{"outcome": "changed", "decided_on": "2026-11-24", "document_no": "x号", "note": "改期", "new_period_months": 0}},
		{"ErrPeriodTooLong", "new_period_months", map[string]any{"outcome": "changed", "decided_on": "2026-11-24", "document_no": "x号", "note": "改期", "new_period_months": 241}},
		{"ErrPeriodNotANumber", "new_period_months", map[string]any{"outcome": "changed", "decided_on": "2026-11-24", "document_no": "x号", "note": "改期", "new_period_months": "six"}},
		{"ErrUpheldWithACode", "new_code", decision("outcome", "upheld")},
		{"ErrRevokedWithAPeriod", "new_period_months", map[string]any{"outcome": "revoked", "decided_on": "2026-11-24", "document_no": "x号", "note": "撤销", "new_period_months": 6}},
		{"ErrUnknownField", "record_version", decision("record_version", 9)},
	} {
		t.Run(tc.name, func(t *testing.T) { bad(w.jw, path, tc.body, 400, tc.field) })
	}
	bad(clerk1, path, decision("", nil), 404, "")
	clerk1.must(http.MethodGet, fmt.Sprintf("/api/v1/appeals/%d", ap.ID), nil, 404)
	var none struct{ Total int }
	clerk1.must(http.MethodGet, "/api/v1/appeals", nil, 200).json(t, &none)
	if none.Total != 0 {
		t.Fatalf("the court sees the commission's appeals: %+v", none)
	}
	if rec := w.recordOf(t, w.major); rec.Version != 1 || rec.Code != "gov_major_demerit" {
		t.Fatalf("refused decisions changed the record: %+v", rec)
	}

	t.Run("Lists", func(t *testing.T) {
		w.jw.t = t
		var page struct {
			Items []appealOut `json:"items"`
			Total int         `json:"total"`
		}
		for query, want := range map[string]int{"": 1, "?state=open": 1, "?state=decided": 0, "?kind=recheck": 1, "?kind=appeal": 0, fmt.Sprintf("?record_id=%d", w.major): 1,
			fmt.Sprintf("?record_id=%d", credit): 0, fmt.Sprintf("?official_id=%d", w.inA): 1, fmt.Sprintf("?official_id=%d", w.inB): 0} {
			w.jw.must(http.MethodGet, "/api/v1/appeals"+query, nil, 200).json(t, &page)
			if page.Total != want || len(page.Items) != want {
				t.Fatalf("/appeals%s: %d, want %d", query, page.Total, want)
			}
		}
		for _, query := range []string{"?state=pending", "?kind=petition", "?record_id=x", "?official_id=-1", "?page=0", "?page_size=500"} {
			field := strings.Split(strings.TrimPrefix(query, "?"), "=")[0]
			wantProblem(t, query, w.jw.do(http.MethodGet, "/api/v1/appeals"+query, nil), 400, domain.EINVALID, field)
		}
		w.clock.add(60 * 24 * time.Hour) // 2027-01-24: past the recheck's due day
		var late appealOut
		w.mustLogin(t, "clerk_jw").must(http.MethodGet, fmt.Sprintf("/api/v1/appeals/%d", ap.ID), nil, 200).json(t, &late)
		if !late.Overdue || late.State != "open" {
			t.Fatalf("an undecided recheck past its due day is overdue: %+v", late)
		}
	})
}
