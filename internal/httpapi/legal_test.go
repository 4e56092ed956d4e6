package httpapi_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"testing"

	"integrity/internal/ingest"
)

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
