package eligibility_test

import (
	"strings"
	"testing"
	"time"

	"integrity/internal/catalogue"
	"integrity/internal/domain"
	"integrity/internal/eligibility"
	"integrity/internal/scoring"
	"integrity/policies"
)

func load(t *testing.T) (*scoring.Policy, *eligibility.Policy) {
	t.Helper()
	cat, err := catalogue.Default(policies.FS)
	if err != nil {
		t.Fatal(err)
	}
	sb, _ := policies.FS.ReadFile("scoring.yaml")
	sp, err := scoring.ParseYAML(sb, cat)
	if err != nil {
		t.Fatal(err)
	}
	eb, _ := policies.FS.ReadFile("eligibility.yaml")
	ep, err := eligibility.ParseYAML(eb, cat, sp)
	if err != nil {
		t.Fatalf("the shipped eligibility policy: %v", err)
	}
	return sp, ep
}

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

var nextID int64

func rec(category, code, decided string) domain.Record {
	nextID++
	return domain.Record{ID: nextID, Category: category, Code: code, DecisionDate: date(decided), State: domain.RecordActive}
}

func disputed(r domain.Record) domain.Record { r.UnderDispute = true; return r }
func revoked(r domain.Record) domain.Record  { r.State = domain.RecordRevoked; return r }
func ended(r domain.Record, on string) domain.Record {
	d := date(on)
	r.EndedOn = &d
	return r
}

func reasons(v eligibility.Verdict) string {
	var s []string
	for _, r := range v.Reasons {
		s = append(s, r.Code)
	}
	return strings.Join(s, ",")
}

func TestDefaultPurposes(t *testing.T) {
	sp, ep := load(t)
	demerit := rec("gov_sanction", "gov_demerit", "2025-01-10")
	cases := []struct {
		name, purpose string
		recs          []domain.Record
		asOf          string
		verdict       string
		reasons       string
		from          string // eligible_from
	}{
		// The examples.
		{"DemeritBarsPromotion", "promotion", []domain.Record{demerit}, "2025-06-01", "ineligible", "sanction_period_running", "2026-01-10"},
		{"DemeritBarsTheSalaryStep", "salary_step", []domain.Record{demerit}, "2025-06-01", "ineligible", "sanction_period_running", "2026-01-10"},
		{"DemeritLastDay", "promotion", []domain.Record{demerit}, "2026-01-09", "ineligible", "sanction_period_running", "2026-01-10"},
		{"DemeritEnded", "promotion", []domain.Record{demerit}, "2026-01-10", "eligible", "", ""},
		{"GovWarningBarsPromotionSixMonths", "promotion", []domain.Record{rec("gov_sanction", "gov_warning", "2025-01-10")}, "2025-07-09", "ineligible", "sanction_period_running", "2025-07-10"},
		{"GovWarningAfterSixMonths", "promotion", []domain.Record{rec("gov_sanction", "gov_warning", "2025-01-10")}, "2025-07-10", "eligible", "", ""},
		{"GovWarningNotTheSalaryStep", "salary_step", []domain.Record{rec("gov_sanction", "gov_warning", "2025-01-10")}, "2025-03-01", "eligible", "", ""},
		{"PartyExpulsionHasNoEligibleFrom", "promotion", []domain.Record{rec("party_sanction", "party_expulsion", "2020-05-01")}, "2026-11-25", "ineligible", "sanction_period_running", ""},
		{"DisputedNeedsReview", "promotion", []domain.Record{disputed(rec("gov_sanction", "gov_demerit", "2026-06-01"))}, "2026-11-25", "needs_review", "sanction_period_running", "2027-06-01"},
		{"DisputedAndAnotherBarIsIneligible", "promotion", []domain.Record{disputed(rec("gov_sanction", "gov_demerit", "2026-06-01")),
			rec("first_form", "ff_admonishment", "2026-10-01")}, "2026-11-25", "ineligible", "sanction_period_running,admonishment_period_running", "2027-06-01"},

		// Promotion and rank promotion (干部任用条例 art. 24).
		{"PartyWarningTwelveMonths", "promotion", []domain.Record{rec("party_sanction", "party_warning", "2026-01-10")}, "2026-11-25", "ineligible", "sanction_period_running", "2027-01-10"},
		{"PartySeriousWarningEighteenMonths", "rank_promotion", []domain.Record{rec("party_sanction", "party_serious_warning", "2026-01-10")}, "2026-11-25", "ineligible", "sanction_period_running", "2027-07-10"},
		{"ProbationOneYearPlusTwo", "promotion", []domain.Record{rec("party_sanction", "party_probation_1y", "2024-03-01")}, "2026-11-25", "ineligible", "sanction_period_running", "2027-03-01"},
		{"AdmonishmentSixMonths", "promotion", []domain.Record{rec("first_form", "ff_admonishment", "2026-09-01")}, "2026-11-25", "ineligible", "admonishment_period_running", "2027-03-01"},
		{"ReminderTalkDoesNotBar", "promotion", []domain.Record{rec("first_form", "ff_reminder_talk", "2026-09-01")}, "2026-11-25", "eligible", "", ""},
		{"DemotionInPostTwentyFourMonths", "rank_promotion", []domain.Record{rec("org_handling", "org_demotion", "2025-09-01")}, "2026-11-25", "ineligible", "org_handling_period_running", "2027-09-01"},
		{"UnderInvestigationIsOpenEnded", "promotion", []domain.Record{rec("investigation", "inv_case_opened", "2026-09-01")}, "2026-11-25", "ineligible", "under_investigation", ""},
		{"ClosedCaseNoLongerBars", "promotion", []domain.Record{ended(rec("investigation", "inv_case_opened", "2026-09-01"), "2026-11-01")}, "2026-11-25", "eligible", "", ""},
		{"CriminalConvictionIsPermanent", "promotion", []domain.Record{rec("judicial", "jud_criminal", "2010-01-01")}, "2026-11-25", "ineligible", "criminal_conviction", ""},
		{"TrafficDoesNotBarPromotion", "promotion", []domain.Record{rec("traffic", "tr_drunk_driving", "2026-01-01")}, "2026-11-25", "eligible", "", ""},
		{"RevokedDoesNotBar", "promotion", []domain.Record{revoked(rec("gov_sanction", "gov_demerit", "2026-06-01"))}, "2026-11-25", "eligible", "", ""},
		{"FutureDecisionDoesNotBarYet", "promotion", []domain.Record{rec("gov_sanction", "gov_demerit", "2026-12-01")}, "2026-11-25", "eligible", "", ""},
		{"LiftedOnReviewStopsBarring", "promotion", []domain.Record{ended(rec("gov_sanction", "gov_demerit", "2026-01-10"), "2026-05-01")}, "2026-11-25", "eligible", "", ""},
		{"EligibleFromIsTheLastBarsEnd", "promotion", []domain.Record{rec("gov_sanction", "gov_warning", "2026-09-01"),
			rec("org_handling", "org_reassignment", "2026-03-01")}, "2026-11-25", "ineligible", "sanction_period_running,org_handling_period_running", "2027-03-01"},

		// Combined sanctions of one decision: the sum, at most 48 months.
		{"CombinedDemerits", "promotion", []domain.Record{rec("gov_sanction", "gov_demerit", "2026-01-10"), rec("gov_sanction", "gov_major_demerit", "2026-01-10")}, "2026-11-25", "ineligible", "sanction_period_running,sanction_period_running", "2028-07-10"},
		{"CombinedCappedAt48Months", "salary_step", []domain.Record{rec("gov_sanction", "gov_demotion", "2025-01-10"), rec("gov_sanction", "gov_dismissal_from_post", "2025-01-10"),
			rec("gov_sanction", "gov_demotion", "2025-01-10")}, "2026-11-25", "ineligible", "sanction_period_running,sanction_period_running,sanction_period_running", "2029-01-10"},
		{"SeparateDecisionsDoNotCombine", "promotion", []domain.Record{rec("gov_sanction", "gov_demerit", "2026-01-10"), rec("gov_sanction", "gov_demerit", "2026-02-10")}, "2026-11-25", "ineligible", "sanction_period_running,sanction_period_running", "2027-02-10"},

		// Commendation and annual excellence: the calendar year.
		{"WarningThisYearBarsCommendation", "commendation", []domain.Record{rec("gov_sanction", "gov_warning", "2026-03-01")}, "2026-11-25", "ineligible", "warning_this_year", "2027-01-01"},
		{"WarningLastYearDoesNot", "commendation", []domain.Record{rec("party_sanction", "party_warning", "2025-12-31")}, "2026-01-01", "eligible", "", ""},
		{"AccountabilityThisYear", "commendation", []domain.Record{rec("accountability", "acc_circulated", "2026-02-01")}, "2026-11-25", "ineligible", "accountability_this_year", "2027-01-01"},
		{"AdmonishmentThisYear", "annual_excellent", []domain.Record{rec("first_form", "ff_admonishment", "2026-02-01")}, "2026-11-25", "ineligible", "admonishment_this_year", "2027-01-01"},
		{"MajorDemeritThisYearAndNext", "annual_excellent", []domain.Record{rec("gov_sanction", "gov_major_demerit", "2025-05-01")}, "2026-11-25", "ineligible", "no_grade_this_or_next_year", "2027-01-01"},
		{"DemeritDoesNotBarCommendation", "commendation", []domain.Record{rec("gov_sanction", "gov_demerit", "2026-05-01")}, "2026-11-25", "eligible", "", ""},

		// Reserve cadres: as promotion, and at least 良好.
		{"ReserveCadreBelowGood", "reserve_cadre", []domain.Record{rec("traffic", "tr_drunk_driving", "2025-01-01")}, "2026-11-25", "ineligible", "grade_below_minimum", "2030-01-01"},
		{"ReserveCadreGood", "reserve_cadre", []domain.Record{rec("judicial", "jud_civil_unperformed", "2026-06-01")}, "2026-11-25", "eligible", "", ""},
		{"ReserveCadreAsPromotion", "reserve_cadre", []domain.Record{rec("first_form", "ff_admonishment", "2026-09-01")}, "2026-11-25", "ineligible", "admonishment_period_running", "2027-03-01"},

		// Delegate candidacy: 留党察看 or heavier, criminal conviction, 较差.
		{"DelegateProbation", "delegate_candidate", []domain.Record{rec("party_sanction", "party_probation_2y", "2024-01-01")}, "2026-11-25", "ineligible", "heavy_party_sanction,grade_below_minimum", "2028-01-01"}, // -35 points: 较差 too, until it expires
		{"DelegateSeriousWarningIsNoBar", "delegate_candidate", []domain.Record{rec("party_sanction", "party_serious_warning", "2026-01-01")}, "2026-11-25", "eligible", "", ""},
		{"DelegateExpulsionPermanent", "delegate_candidate", []domain.Record{rec("party_sanction", "party_expulsion", "2024-01-01")}, "2026-11-25", "ineligible", "heavy_party_sanction,grade_below_minimum", ""},
		{"DelegatePoorGrade", "delegate_candidate", []domain.Record{rec("traffic", "tr_drunk_driving", "2026-01-01"), rec("admin_penalty", "ap_serious", "2026-01-01")}, "2026-11-25", "ineligible", "grade_below_minimum", "2029-01-01"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v, err := eligibility.Check(tc.recs, sp, ep, tc.purpose, date(tc.asOf))
			if err != nil {
				t.Fatal(err)
			}
			if v.Verdict != tc.verdict || reasons(v) != tc.reasons || v.EligibleFrom != tc.from {
				t.Fatalf("got %s [%s] from %q; want %s [%s] from %q (%+v)", v.Verdict, reasons(v), v.EligibleFrom, tc.verdict, tc.reasons, tc.from, v.Reasons)
			}
			for _, r := range v.Reasons {
				if r.Code != eligibility.ReasonGradeBelowMinimum && (r.RecordID == 0 || r.DecidedOn == "") {
					t.Fatalf("a reason names its record: %+v", r)
				}
				if r.Until == "" && !r.Permanent && !r.OpenEnded {
					t.Fatalf("a reason without an end says why: %+v", r)
				}
			}
		})
	}
	if _, err := eligibility.Check(nil, sp, ep, "knighthood", date("2026-01-01")); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("an unknown purpose: %v", err)
	}
}

func TestCombinedReasonsSayCombined(t *testing.T) {
	sp, ep := load(t)
	v, _ := eligibility.Check([]domain.Record{rec("gov_sanction", "gov_demerit", "2026-01-10"), rec("gov_sanction", "gov_demerit", "2026-01-10")},
		sp, ep, "promotion", date("2026-11-25"))
	for _, r := range v.Reasons {
		if !r.Combined || r.Until != "2028-01-10" {
			t.Fatalf("%+v", r)
		}
	}
}

func TestPolicyValidation(t *testing.T) {
	cat, _ := catalogue.Default(policies.FS)
	sb, _ := policies.FS.ReadFile("scoring.yaml")
	sp, _ := scoring.ParseYAML(sb, cat)
	body, _ := policies.FS.ReadFile("eligibility.yaml")
	cases := []struct{ name, from, to, field string }{
		{"ErrUnknownCode", "{code: gov_warning, months: 6}", "{code: gov_scolding, months: 6}", "periods[0].code"},
		{"ErrNegativeMonths", "{code: gov_warning, months: 6}", "{code: gov_warning, months: -6}", "periods[0].months"},
		{"ErrMissingPeriod", "  - {code: org_suspension, months: 6}\n", "", "purposes[0].bars[2].period"},
		{"ErrUnknownPeriod", "period: calendar_year}", "period: lunar_year}", "purposes[3].bars[0].period"},
		{"ErrUnknownGrade", "min_grade: good", "min_grade: splendid", "purposes[5].min_grade"},
		{"ErrRepeatedPurpose", "key: rank_promotion", "key: promotion", "purposes[1].key"},
		{"ErrReasonWithoutLabel", "{reason: heavy_party_sanction, codes: [party_expulsion]", "{reason: mystery, codes: [party_expulsion]", "purposes[6].bars[1].reason"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			changed := strings.Replace(string(body), tc.from, tc.to, 1)
			if changed == string(body) {
				t.Fatalf("the test did not change the policy (%q)", tc.from)
			}
			_, err := eligibility.ParseYAML([]byte(changed), cat, sp)
			e, ok := err.(*domain.Error)
			if !ok {
				t.Fatalf("want field errors, got %v", err)
			}
			found := false
			for _, f := range e.Fields {
				found = found || f.Field == tc.field
			}
			if !found {
				t.Fatalf("no error on %s: %v", tc.field, e.Fields)
			}
		})
	}
}
