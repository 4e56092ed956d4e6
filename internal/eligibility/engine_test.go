package eligibility_test

import (
	"strings"
	"testing"
	"time"

	"integrity/internal/domain"
	"integrity/internal/eligibility"
	"integrity/internal/policytest"
	"integrity/internal/scoring"
)

func load(t *testing.T) (*scoring.Policy, *eligibility.Policy) {
	t.Helper()
	cat := policytest.Catalogue(t)
	sp := policytest.Scoring(t, cat)
	ep := policytest.Shipped(t, "eligibility.yaml", func(b []byte) (*eligibility.Policy, error) { return eligibility.ParseYAML(b, cat, sp) })
	return sp, ep
}

func date(s string) time.Time { return policytest.Date(s) }

var nextID int64

func rec(category, code, decided string) domain.Record {
	nextID++
	return policytest.Record(nextID, category, code, decided)
}

func disputed(r domain.Record) domain.Record         { r.UnderDispute = true; return r }
func revoked(r domain.Record) domain.Record          { r.State = domain.RecordRevoked; return r }
func ended(r domain.Record, on string) domain.Record { return policytest.Ended(r, on) }

func reasons(v eligibility.Verdict) string {
	var s []string
	for _, r := range v.Reasons {
		s = append(s, r.Code)
	}
	return strings.Join(s, ",")
}

func TestUnknownPurpose(t *testing.T) {
	sp, ep := load(t)
	if _, err := eligibility.Check(nil, sp, ep, eligibility.Request{Purpose: "knighthood", AsOf: date("2026-01-01")}); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("an unknown purpose: %v", err)
	}
}

// TestEveryRuleCitesItsSource: each bar and combining rule of the shipped
// policy names the law it comes from, and a verdict's reasons carry it.
func TestEveryRuleCitesItsSource(t *testing.T) {
	sp, ep := load(t)
	for _, pu := range ep.Purposes {
		for i, b := range pu.Bars {
			if b.ID == "" || b.Source == "" {
				t.Errorf("%s.bars[%d] (%s): id %q, source %q", pu.Key, i, b.Reason, b.ID, b.Source)
			}
		}
	}
	for name, src := range map[string]string{"one_act": ep.Combining.OneAct.Source, "one_decision": ep.Combining.OneDecision.Source,
		"during_period": ep.Combining.DuringPeriod.Source} {
		if src == "" {
			t.Errorf("combining.%s cites no source", name)
		}
	}
	v, _ := eligibility.Check([]domain.Record{rec("gov_sanction", "gov_demerit", "2026-01-10")}, sp, ep,
		eligibility.Request{Purpose: "promotion", AsOf: date("2026-06-01")})
	if len(v.Reasons) != 1 || v.Reasons[0].Rule != "effect_period" || !strings.Contains(v.Reasons[0].Source, "政务处分法") {
		t.Fatalf("the reason names its rule and source: %+v", v.Reasons)
	}
}

// TestOlderPolicyVersionsStillRead: a version published before the
// combining rules (bars with combine, max_combined_months) still parses, and
// its same-day sanctions are no longer added.
func TestOlderPolicyVersionsStillRead(t *testing.T) {
	cat := policytest.Catalogue(t)
	sb := policytest.File(t, "scoring.yaml")
	sp, _ := scoring.ParseYAML(sb, cat)
	old := `name: 旧版
max_combined_months: 48
reasons:
  - {key: sanction_period_running, zh: 处分影响期内, en: Within a sanction's period}
  - {key: grade_below_minimum, zh: 等次, en: Grade}
  - {key: score_below_minimum, zh: 积分, en: Score}
periods:
  - {code: gov_demerit, months: 12}
purposes:
  - key: promotion
    zh: 提拔任用
    en: Promotion
    bars:
      - {reason: sanction_period_running, codes: [gov_demerit], period: record, combine: true}
`
	ep, err := eligibility.ParseYAML([]byte(old), cat, sp)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := eligibility.Check([]domain.Record{rec("gov_sanction", "gov_demerit", "2026-01-10"), rec("gov_sanction", "gov_demerit", "2026-01-10")},
		sp, ep, eligibility.Request{Purpose: "promotion", AsOf: date("2026-06-01")})
	if v.EligibleFrom != "2027-01-10" || v.Reasons[0].Rule != "sanction_period_running" {
		t.Fatalf("two demerits of one day in an old version: %+v", v)
	}
}

func TestPolicyValidation(t *testing.T) {
	cat := policytest.Catalogue(t)
	sp := policytest.Scoring(t, cat)
	policytest.Refused(t, "eligibility.yaml", func(b []byte) (*eligibility.Policy, error) { return eligibility.ParseYAML(b, cat, sp) }, []policytest.Edit{
		{"ErrUnknownCode", "{code: gov_warning, months: 6}", "{code: gov_scolding, months: 6}", "periods[0].code"},
		{"ErrNegativeMonths", "{code: gov_warning, months: 6}", "{code: gov_warning, months: -6}", "periods[0].months"},
		{"ErrMissingPeriod", "  - {code: org_suspension, months: 6}", "", "purposes[0].bars[0].period"},
		{"ErrUnknownPeriod", "period: calendar_year\n        source: 《公务员奖励规定》", "period: lunar_year\n        source: 《公务员奖励规定》", "purposes[4].bars[2].period"},
		{"ErrUnknownGrade", "min_grade: good", "min_grade: splendid", "purposes[6].min_grade"},
		{"ErrRepeatedPurpose", "key: rank_promotion", "key: promotion", "purposes[1].key"},
		{"ErrReasonWithoutLabel", "reason: heavy_party_sanction\n", "reason: mystery\n", "purposes[7].bars[0].reason"},
		{"ErrUnknownOfficialCategory", "official_categories: [civil_servant]", "official_categories: [monk]", "purposes[1].official_categories"},
		{"ErrAssessmentWindowOfSanctions", "codes: [assess_basic, assess_incompetent]", "codes: [gov_warning]", "purposes[0].bars[3].codes"},
		{"ErrDuringPeriodCategory", "categories: [gov_sanction]\n    max_months: 48", "categories: [gov_scolding]\n    max_months: 48", "combining.during_period.categories"},
		{"ErrDuringPeriodMonths", "max_months: 48", "max_months: 0", "combining.during_period.max_months"},
	})
}
