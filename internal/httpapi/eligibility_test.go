package httpapi_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"integrity/internal/domain"
	"integrity/internal/ingest"
)

type checkOut struct {
	Check struct {
		ID                 int64  `json:"id"`
		Purpose            string `json:"purpose"`
		AsOf               string `json:"as_of"`
		EligibilityVersion int    `json:"eligibility_version"`
		ScoringVersion     int    `json:"scoring_version"`
		InputDigest        string `json:"input_digest"`
		Total              int    `json:"total"`
		Ineligible         int    `json:"ineligible"`
		NotFound           int    `json:"not_found"`
	} `json:"check"`
	Results []struct {
		Row          int    `json:"row"`
		OfficialID   *int64 `json:"official_id"`
		Input        string `json:"input"`
		Name         string `json:"name"`
		Verdict      string `json:"verdict"`
		EligibleFrom string `json:"eligible_from"`
		Reasons      []struct {
			Code       string `json:"code"`
			RecordID   int64  `json:"record_id"`
			Category   string `json:"category"`
			RecordCode string `json:"record_code"`
			DecidedOn  string `json:"decided_on"`
			Until      string `json:"until"`
		} `json:"reasons"`
		Outcome string `json:"outcome"`
	} `json:"results"`
}

// eligibilityWorld adds a government sanction of inA (记过 on 2026-01-10,
// with a document number and summary no personnel user may see).
type eligibilityWorld struct {
	*world
	hr        *client
	sanctions domain.Source
	demerit   int64
}

const secretSummary = "违规收受礼金的具体情节"

func newEligibilityWorld(t *testing.T) *eligibilityWorld {
	t.Helper()
	w := &eligibilityWorld{world: newWorld(t)}
	w.sanctions = domain.Source{Code: "jw", Name: "纪委监委", Categories: "gov_sanction,party_sanction"}
	w.addSource(t, &w.sanctions)
	w.demerit = w.submitAs(t, w.sanctions, ingest.RecordInput{IDNumber: idA, SourceRef: "GS-1", Category: "gov_sanction", Code: "gov_demerit",
		DecisionDate: "2026-01-10", DocumentNo: "云纪政处〔2026〕7号", Authority: "云州市监委", Summary: secretSummary})[0]
	w.hr, _ = w.login(t, "hr1")
	return w
}

func (w *eligibilityWorld) check(t *testing.T, c *client, body map[string]any) checkOut {
	t.Helper()
	var out checkOut
	r := c.must(http.MethodPost, "/api/v1/eligibility/checks", body, 201)
	for _, secret := range []string{secretSummary, "云纪政处", "云州市监委"} {
		if strings.Contains(r.Body, secret) {
			t.Fatalf("a personnel answer holds record text %q: %s", secret, r.Body)
		}
	}
	r.json(t, &out)
	return out
}

func TestEligibilityCheck(t *testing.T) {
	w := newEligibilityWorld(t)
	out := w.check(t, w.hr, map[string]any{"purpose": "promotion", "as_of": "2026-11-25",
		"official_ids": []int64{w.inA, w.inB, 999999}, "id_numbers": []string{idA}})
	if out.Check.Total != 4 || out.Check.Ineligible != 2 || out.Check.NotFound != 2 || out.Check.EligibilityVersion != 1 || len(out.Check.InputDigest) != 64 {
		t.Fatalf("check %+v", out.Check)
	}
	first := out.Results[0]
	if first.Verdict != "ineligible" || first.EligibleFrom != "2027-01-10" || len(first.Reasons) != 1 ||
		first.Reasons[0].Code != "sanction_period_running" || first.Reasons[0].RecordID != w.demerit || first.Reasons[0].Until != "2027-01-10" ||
		first.Reasons[0].RecordCode != "gov_demerit" || first.Reasons[0].DecidedOn != "2026-01-10" {
		t.Fatalf("the verdict for inA: %+v", first)
	}
	for _, i := range []int{1, 2} {
		if r := out.Results[i]; r.Verdict != "not_found" || r.OfficialID != nil || r.Name != "" || len(r.Reasons) != 0 {
			t.Fatalf("row %d (outside the scope or unknown) says nothing: %+v", i+1, r)
		}
	}
	if r := out.Results[3]; r.Verdict != "ineligible" || r.Input != "3201************39" || r.OfficialID == nil || *r.OfficialID != w.inA {
		t.Fatalf("by ID number: %+v", r)
	}
	path := fmt.Sprintf("/api/v1/eligibility/checks/%d", out.Check.ID)

	t.Run("OtherPeopleCannotSeeIt", func(t *testing.T) {
		dept := w.districtA.ID
		w.addUser(t, account{"hr2", domain.RolePersonnelStaff, domain.ScopeDeptAndBelow, dept, nil, nil})
		other := w.mustLogin(t, "hr2")
		other.must(http.MethodGet, path, nil, 404)
		other.must(http.MethodPost, path+"/rerun", nil, 404)
	})
	t.Run("ExportIsAWorkbookWithChineseHeaders", func(t *testing.T) {
		r := w.hr.must(http.MethodGet, path+"/export", nil, 200)
		f, err := excelize.OpenReader(strings.NewReader(r.Body))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := f.GetRows("资格审查结果")
		if len(rows) != 6 || rows[1][4] != "审查结论" || rows[2][4] != "不符合" || !strings.Contains(rows[2][5], "处分、诫勉或组织处理影响期内：记过（2026-01-10），至 2027-01-10 止") ||
			rows[2][6] != "2027-01-10" || !strings.HasPrefix(rows[3][4], "未找到") {
			t.Fatalf("rows %q", rows)
		}
		if strings.Contains(r.Body, secretSummary) {
			t.Fatal("the export holds record text")
		}
	})
	t.Run("ExportInEnglish", func(t *testing.T) {
		rows := exportSheet(t, w.hr, path+"/export", "en", "Eligibility check")
		if len(rows) != 6 || rows[1][4] != "Verdict" || rows[2][4] != "Ineligible" || !strings.Contains(rows[2][5], "(2026-01-10), until 2027-01-10") ||
			!strings.HasPrefix(rows[3][4], "Not found") || !strings.Contains(rows[0][0], "eligibility check (no. ") {
			t.Fatalf("rows %q", rows)
		}
	})
	t.Run("OutcomeFeedback", func(t *testing.T) {
		var got struct{ Outcome, OutcomeBy string }
		w.hr.must(http.MethodPost, path+"/results/1/outcome", map[string]any{"outcome": "promotion_postponed", "note": "暂缓至影响期满"}, 200).json(t, &got)
		w.hr.must(http.MethodPost, path+"/results/1/outcome", map[string]any{"outcome": "shrug"}, 400)
		w.hr.must(http.MethodPost, path+"/results/2/outcome", map[string]any{"outcome": "other"}, 404) // a not_found row
		w.hr.must(http.MethodPost, path+"/results/99/outcome", map[string]any{"outcome": "other"}, 404)
		var rep struct {
			Counts []struct {
				Purpose, Verdict, Outcome string
				Count                     int64 `json:"count"`
			} `json:"counts"`
		}
		w.hr.must(http.MethodGet, "/api/v1/eligibility/outcomes", nil, 200).json(t, &rep)
		if len(rep.Counts) != 1 || rep.Counts[0].Outcome != "promotion_postponed" || rep.Counts[0].Verdict != "ineligible" || rep.Counts[0].Count != 1 {
			t.Fatalf("outcome report %+v", rep.Counts)
		}
	})
	t.Run("ErrBadRequests", func(t *testing.T) {
		for _, tc := range []struct {
			body  map[string]any
			field string
		}{
			{map[string]any{"purpose": "knighthood", "official_ids": []int64{w.inA}}, "purpose"},
			{map[string]any{"purpose": "promotion"}, "official_ids"},
			{map[string]any{"purpose": "promotion", "official_ids": make([]int64, 10001)}, "official_ids"},
			{map[string]any{"purpose": "promotion", "id_numbers": []string{"320102199003071238"}}, "id_numbers"},
			{map[string]any{"purpose": "promotion", "official_ids": []int64{w.inA}, "as_of": "tomorrow"}, "as_of"},
			{map[string]any{"purpose": "promotion", "official_ids": []int64{w.inA}, "role": "admin"}, "role"},
		} {
			r := w.hr.must(http.MethodPost, "/api/v1/eligibility/checks", tc.body, 400)
			if !strings.Contains(r.Body, `"field":"`+tc.field+`"`) {
				t.Fatalf("no error on %s: %s", tc.field, r.Body)
			}
		}
	})
}

func TestEligibilityCheckIsReproducible(t *testing.T) {
	w := newEligibilityWorld(t)
	out := w.check(t, w.hr, map[string]any{"purpose": "promotion", "as_of": "2026-11-25", "official_ids": []int64{w.inA}})
	path := fmt.Sprintf("/api/v1/eligibility/checks/%d", out.Check.ID)

	// Change the policy: 记过 now bars for 24 months.
	admin := w.mustLogin(t, "secadmin1")
	var draft struct {
		Version int            `json:"version"`
		Policy  map[string]any `json:"policy"`
	}
	admin.must(http.MethodPost, "/api/v1/policies/eligibility", map[string]any{"note": "记过影响期调整"}, 201).json(t, &draft)
	for _, p := range draft.Policy["periods"].([]any) {
		if m := p.(map[string]any); m["code"] == "gov_demerit" {
			m["months"] = 24
		}
	}
	bad := map[string]any{"name": "x", "max_combined_months": 0}
	r := admin.must(http.MethodPut, fmt.Sprintf("/api/v1/policies/eligibility/%d", draft.Version), map[string]any{"policy": bad}, 400)
	if !strings.Contains(r.Body, "max_combined_months") {
		t.Fatalf("an invalid eligibility draft names its field: %s", r.Body)
	}
	admin.must(http.MethodPut, fmt.Sprintf("/api/v1/policies/eligibility/%d", draft.Version), map[string]any{"policy": draft.Policy}, 200)
	var pub struct {
		Recompute any `json:"recompute"`
	}
	admin.must(http.MethodPost, fmt.Sprintf("/api/v1/policies/eligibility/%d/publish", draft.Version), nil, 200).json(t, &pub)
	if pub.Recompute != nil {
		t.Fatalf("publishing eligibility rules recomputes nothing: %+v", pub)
	}
	// And the records: the sanction is revoked.
	clerk := w.mustLogin(t, "admin1")
	clerk.must(http.MethodPost, fmt.Sprintf("/api/v1/records/%d/revoke", w.demerit), map[string]string{"reason": "复查撤销"}, 200)

	var stored checkOut
	w.hr.must(http.MethodGet, path, nil, 200).json(t, &stored)
	if stored.Results[0].Verdict != "ineligible" || stored.Results[0].EligibleFrom != "2027-01-10" || stored.Check.EligibilityVersion != 1 ||
		stored.Check.InputDigest != out.Check.InputDigest {
		t.Fatalf("the stored check still shows what was decided: %+v", stored)
	}
	var rerun struct {
		Compared   int  `json:"compared"`
		Same       bool `json:"same"`
		DigestSame bool `json:"digest_same"`
	}
	w.hr.must(http.MethodPost, path+"/rerun", nil, 200).json(t, &rerun)
	if rerun.Compared != 1 || !rerun.Same || !rerun.DigestSame {
		t.Fatalf("re-running the stored check gives the same answer: %+v", rerun)
	}
	now := w.check(t, w.hr, map[string]any{"purpose": "promotion", "as_of": "2026-11-25", "official_ids": []int64{w.inA}})
	if now.Results[0].Verdict != "eligible" || now.Check.EligibilityVersion != draft.Version || now.Check.InputDigest == out.Check.InputDigest {
		t.Fatalf("a new check sees today's records and rules: %+v", now)
	}
}

func TestEligibilityCandidateFile(t *testing.T) {
	w := newEligibilityWorld(t)
	upload := func(csv string) response {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		mw.WriteField("purpose", "salary_step")
		mw.WriteField("as_of", "2026-11-25")
		fw, _ := mw.CreateFormFile("file", "名单.csv")
		fw.Write([]byte(csv))
		mw.Close()
		return w.hr.raw(http.MethodPost, "/api/v1/eligibility/checks", mw.FormDataContentType(), buf.Bytes())
	}
	r := upload("姓名,身份证号码\n测试人员,320102199003071239\n错号,320102199003071238\n")
	if r.Status != 400 || !strings.Contains(r.Body, `"row":3`) || !strings.Contains(r.Body, `"field":"id_number"`) {
		t.Fatalf("a bad row is named: %d %s", r.Status, r.Body)
	}
	r = upload("\ufeff姓名,身份证号\n测试人员,320102199003071239\n别人,320102198511200047\n")
	if r.Status != 201 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	var out checkOut
	r.json(t, &out)
	if out.Check.Total != 2 || out.Results[0].Verdict != "ineligible" || out.Results[0].Row != 2 || out.Results[1].Verdict != "not_found" {
		t.Fatalf("%+v", out)
	}
}

func TestEligibilityByAPIClient(t *testing.T) {
	w := newEligibilityWorld(t)
	admin := w.mustLogin(t, "admin1")
	var cl struct{ ID int64 }
	admin.must(http.MethodPost, "/api/v1/clients", map[string]any{"name": "区人社局干部系统", "department_id": w.districtA.ID, "scope": "dept_and_below"}, 201).json(t, &cl)
	admin.must(http.MethodPost, "/api/v1/clients", map[string]any{"name": "区人社局干部系统", "department_id": w.districtA.ID, "scope": "dept_and_below"}, 409)
	admin.must(http.MethodPost, "/api/v1/clients", map[string]any{"name": "x", "department_id": w.districtA.ID, "scope": "galaxy"}, 400)
	var k struct {
		ID  int64  `json:"id"`
		Key string `json:"key"`
	}
	admin.must(http.MethodPost, fmt.Sprintf("/api/v1/clients/%d/keys", cl.ID), map[string]string{"name": "prod"}, 201).json(t, &k)
	if !strings.HasPrefix(k.Key, "ipk_") {
		t.Fatalf("key %q", k.Key)
	}
	sys := &client{t: t, base: w.ts.URL, apiKey: k.Key}
	out := w.check(t, sys, map[string]any{"purpose": "promotion", "as_of": "2026-11-25", "id_numbers": []string{idA, idB}})
	if out.Results[0].Verdict != "ineligible" || out.Results[1].Verdict != "not_found" {
		t.Fatalf("a client checks inside its department scope: %+v", out.Results)
	}
	sys.must(http.MethodGet, fmt.Sprintf("/api/v1/eligibility/checks/%d", out.Check.ID), nil, 200)
	sys.must(http.MethodGet, fmt.Sprintf("/api/v1/officials/%d", w.inA), nil, 404)
	sys.must(http.MethodPost, "/api/v1/records", map[string]any{"records": []any{}}, 404)
	w.hr.must(http.MethodGet, fmt.Sprintf("/api/v1/eligibility/checks/%d", out.Check.ID), nil, 404)
	admin.must(http.MethodPost, fmt.Sprintf("/api/v1/clients/%d/keys/%d/revoke", cl.ID, k.ID), nil, 200)
	sys.must(http.MethodGet, "/api/v1/eligibility/purposes", nil, 401)
	admin.must(http.MethodPost, fmt.Sprintf("/api/v1/clients/%d/keys", cl.ID), map[string]string{"name": "second"}, 201).json(t, &k)
	sys.apiKey = k.Key
	sys.must(http.MethodGet, "/api/v1/eligibility/purposes", nil, 200)
	admin.must(http.MethodPost, fmt.Sprintf("/api/v1/clients/%d/disable", cl.ID), nil, 200)
	sys.must(http.MethodGet, "/api/v1/eligibility/purposes", nil, 401)
}

// raw sends a body of the given content type.
func (c *client) raw(method, path, contentType string, body []byte) response {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, bytes.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	return c.send(req)
}

type legalReason struct {
	Code            string  `json:"code"`
	Rule            string  `json:"rule"`
	Source          string  `json:"source"`
	RecordID        int64   `json:"record_id"`
	EffectiveOn     string  `json:"effective_on"`
	Until           string  `json:"until"`
	LinkedRecordIDs []int64 `json:"linked_record_ids"`
	CombinedBy      string  `json:"combined_by"`
}

type legalCheck struct {
	Check struct {
		AssessmentYear *int `json:"assessment_year"`
	} `json:"check"`
	Results []struct {
		Verdict          string        `json:"verdict"`
		EligibleFrom     *string       `json:"eligible_from"`
		EligibleFromYear *int          `json:"eligible_from_year"`
		Reasons          []legalReason `json:"reasons"`
	} `json:"results"`
}

// TestLinkedSanctionsGiveOneReason: a party 严重警告 and a government 记大过
// for one act, both effective 2026-06-01, bar promotion side by side: one
// reason, the longer effect (18 months: 2027-12-01), naming the other
// record, the rule and its source, never the sum of the two.
func TestLinkedSanctionsGiveOneReason(t *testing.T) {
	w := newEligibilityWorld(t)
	const idC = "11010519491231002X"
	inC := w.official(t, w.districtA.ID, idC)
	ids := w.submitAs(t, w.sanctions,
		ingest.RecordInput{IDNumber: idC, SourceRef: "PS-1", Category: "party_sanction", Code: "party_serious_warning", DecisionDate: "2026-05-28",
			EffectiveDate: "2026-06-01", ActRef: "云纪案〔2026〕3号", DocumentNo: "云纪党处〔2026〕3号", Authority: "云州市纪委"},
		ingest.RecordInput{IDNumber: idC, SourceRef: "GS-2", Category: "gov_sanction", Code: "gov_major_demerit", DecisionDate: "2026-06-01",
			ActRef: "云纪案〔2026〕3号", DocumentNo: "云监政处〔2026〕3号", Authority: "云州市监委"})
	var out legalCheck
	w.hr.must(http.MethodPost, "/api/v1/eligibility/checks", map[string]any{"purpose": "promotion", "as_of": "2026-11-25",
		"official_ids": []int64{inC}}, 201).json(t, &out)
	r := out.Results[0]
	if r.Verdict != "ineligible" || r.EligibleFrom == nil || *r.EligibleFrom != "2027-12-01" || len(r.Reasons) != 1 {
		t.Fatalf("one reason, eligible from 2027-12-01: %+v", r)
	}
	got := r.Reasons[0]
	if got.RecordID != ids[0] || len(got.LinkedRecordIDs) != 1 || got.LinkedRecordIDs[0] != ids[1] || got.CombinedBy != "one_act" ||
		got.Rule != "effect_period" || got.Source == "" || got.EffectiveOn != "2026-06-01" || got.Until != "2027-12-01" {
		t.Fatalf("the reason: %+v", got)
	}
}

// TestAssessmentYear: a party warning of 2025-12-20, checked on 2026-01-15
// for the 2025 assessment, bars the excellent grade for 2025; the demerit
// of 2026-01-10 (its period runs into 2027) does not, but bars 2026, so the
// first free year is 2027. A year is refused for a purpose judged on a
// day, and outside its range, naming the field.
func TestAssessmentYear(t *testing.T) {
	w := newEligibilityWorld(t)
	w.submitAs(t, w.sanctions, ingest.RecordInput{IDNumber: idA, SourceRef: "PW-1", Category: "party_sanction", Code: "party_warning",
		DecisionDate: "2025-12-20", DocumentNo: "云纪党处〔2025〕9号", Authority: "云州市纪委"})
	check := func(year any) legalCheck {
		var out legalCheck
		w.hr.must(http.MethodPost, "/api/v1/eligibility/checks", map[string]any{"purpose": "annual_excellent", "as_of": "2026-01-15",
			"assessment_year": year, "official_ids": []int64{w.inA}}, 201).json(t, &out)
		return out
	}
	out := check(2025)
	if r := out.Results[0]; out.Check.AssessmentYear == nil || *out.Check.AssessmentYear != 2025 || r.Verdict != "ineligible" ||
		r.EligibleFromYear == nil || *r.EligibleFromYear != 2027 || r.EligibleFrom != nil || len(r.Reasons) != 1 || r.Reasons[0].Rule != "assessment_warning_year" {
		t.Fatalf("for 2025: %+v %+v", out.Check, r)
	}
	if out := check(nil); *out.Check.AssessmentYear != 2026 || len(out.Results[0].Reasons) != 1 || out.Results[0].Reasons[0].Rule != "assessment_no_grade_period" {
		t.Fatalf("for the check day's year, 2026, the demerit alone: %+v", out)
	}
	for _, body := range []map[string]any{
		{"purpose": "promotion", "assessment_year": 2025, "official_ids": []int64{w.inA}},
		{"purpose": "annual_excellent", "as_of": "2026-01-15", "assessment_year": 2027, "official_ids": []int64{w.inA}},
		{"purpose": "annual_excellent", "assessment_year": 1989, "official_ids": []int64{w.inA}},
	} {
		r := w.hr.do(http.MethodPost, "/api/v1/eligibility/checks", body)
		if p := problemOf(t, r); r.Status != 400 || len(p.Errors) != 1 || p.Errors[0].Field != "assessment_year" {
			t.Errorf("%v: %d %s", body, r.Status, r.Body)
		}
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("purpose", "annual_excellent")
	_ = mw.WriteField("assessment_year", "二〇二五")
	fw, _ := mw.CreateFormFile("file", "candidates.csv")
	_, _ = fw.Write([]byte("身份证号码\n" + idA + "\n"))
	_ = mw.Close()
	r := w.hr.raw(http.MethodPost, "/api/v1/eligibility/checks", mw.FormDataContentType(), buf.Bytes())
	if p := problemOf(t, r); r.Status != 400 || p.Errors[0].Field != "assessment_year" {
		t.Fatalf("a year that is not a number: %d %s", r.Status, r.Body)
	}
}
