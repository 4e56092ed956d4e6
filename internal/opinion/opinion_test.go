package opinion_test

import (
	"strings"
	"testing"

	"integrity/internal/domain"
	"integrity/internal/eligibility"
	"integrity/internal/opinion"
	"integrity/internal/policytest"
	"integrity/policies"
)

// TestDraftsStateWhatACommissionStates drafts the five candidates the
// acceptance names, for a promotion on 2026-12-01.
func TestDraftsStateWhatACommissionStates(t *testing.T) {
	cat := policytest.Catalogue(t)
	sp := policytest.Scoring(t, cat)
	ep := policytest.Shipped(t, "eligibility.yaml", func(b []byte) (*eligibility.Policy, error) { return eligibility.ParseYAML(b, cat, sp) })
	p, err := opinion.Load(policies.FS)
	if err != nil {
		t.Fatal(err)
	}
	asOf := policytest.Date("2026-12-01")
	running := policytest.Record(1, "gov_sanction", "gov_demerit", "2026-06-10")
	running.DocumentNo = "淮纪〔2026〕12号"
	expired := policytest.Record(2, "party_sanction", "party_warning", "2019-03-01")
	recentButOver := policytest.Record(3, "first_form", "ff_admonishment", "2024-01-15") // within five years, bars no more
	investigation := policytest.Record(4, "investigation", "inv_case_opened", "2026-10-20")
	closedCase := policytest.Ended(policytest.Record(5, "investigation", "inv_case_opened", "2025-02-01"), "2025-08-01")
	lead := policytest.Record(6, "lead", "lead_preliminary", "2026-11-02")
	revoked := policytest.Record(7, "gov_sanction", "gov_dismissal_from_post", "2026-01-05")
	revoked.State = domain.RecordRevoked
	traffic := policytest.Record(8, "traffic", "tr_points", "2026-05-01")

	draft := func(recs ...domain.Record) opinion.Draft {
		t.Helper()
		v, err := eligibility.Check(recs, sp, ep, eligibility.Request{Purpose: "promotion", AsOf: asOf})
		if err != nil {
			t.Fatal(err)
		}
		return p.Make(recs, cat, v, "提拔任用", asOf)
	}
	kinds := func(d opinion.Draft) string {
		var k []string
		for _, m := range d.Matters {
			k = append(k, m.Kind)
		}
		return strings.Join(k, ",")
	}

	// A running sanction: stated with its document, the end of its effect, and the bar.
	d := draft(running, traffic)
	if kinds(d) != "sanction,bar" || !strings.Contains(d.Conclusion, "2026-06-10 受到记过（淮纪〔2026〕12号），影响期至 2027-06-09 止") ||
		!strings.Contains(d.Conclusion, "按提拔任用资格条件，目前不符合，最早可于 2027-06-10 起") {
		t.Errorf("running sanction: %s / %s", kinds(d), d.Conclusion)
	}
	// Expired and beyond the look-back: nothing to state; a traffic fine is no matter either.
	if d := draft(expired, traffic, revoked); d.Conclusion != opinion.Clean || len(d.Matters) != 0 {
		t.Errorf("expired beyond the look-back, a traffic fine and a revoked sanction: %+v", d)
	}
	// Within the look-back but no longer barring: stated, without an end of effect.
	if d := draft(recentButOver); kinds(d) != "sanction" || d.Matters[0].Until != "" || !strings.Contains(d.Conclusion, "2024-01-15 受到诫勉") {
		t.Errorf("within the look-back: %s / %s", kinds(d), d.Conclusion)
	}
	// An open investigation is stated, a closed one is not.
	if d := draft(investigation, closedCase); kinds(d) != "investigation,bar" || !strings.Contains(d.Conclusion, "2026-10-20 起正在接受立案审查调查") {
		t.Errorf("open investigation: %s / %s", kinds(d), d.Conclusion)
	}
	// An open lead: "under verification", and nothing of it besides.
	if d := draft(lead); kinds(d) != "lead" || d.Conclusion != "有以下情况：1. 有问题线索正在核查。" || d.Matters[0].RecordID != 0 || d.Matters[0].Code != "" {
		t.Errorf("open lead: %+v", d)
	}
	// A lead that has come to an end, in either closing state or by its end
	// day, is not stated: 了结, or 立案 (the case itself is then recorded).
	concluded := policytest.Record(9, "lead", "lead_concluded", "2026-08-01")
	filed := policytest.Record(10, "lead", "lead_filed", "2026-07-01")
	ended := policytest.Ended(policytest.Record(11, "lead", "lead_inquiry", "2026-05-01"), "2026-06-30")
	if d := draft(concluded, filed, ended); d.Conclusion != opinion.Clean {
		t.Errorf("closed leads: %+v", d)
	}
	// Two open leads still make one line, in any open state.
	if d := draft(policytest.Record(12, "lead", "lead_accepted", "2026-11-20"), policytest.Record(13, "lead", "lead_inquiry", "2026-10-01")); kinds(d) != "lead" {
		t.Errorf("two open leads: %s", kinds(d))
	}
	// A clean file.
	if d := draft(); d.Conclusion != opinion.Clean {
		t.Errorf("clean file: %+v", d)
	}
	if got := p.Number(2026, 37); got != "纪廉复〔2026〕37号" {
		t.Errorf("number %s", got)
	}
}
