package warning_test

import (
	"strings"
	"testing"
	"time"

	"integrity/internal/catalogue"
	"integrity/internal/domain"
	"integrity/internal/policytest"
	"integrity/internal/scoring"
	"integrity/internal/warning"
)

type fixture struct {
	cat     *catalogue.Catalogue
	scoring *scoring.Policy
	policy  *warning.Policy
}

func load(t *testing.T) fixture {
	t.Helper()
	cat := policytest.Catalogue(t)
	sp := policytest.Scoring(t, cat)
	wp := policytest.Shipped(t, "warnings.yaml", func(b []byte) (*warning.Policy, error) { return warning.ParseYAML(b, cat) })
	return fixture{cat, sp, wp}
}

func date(s string) time.Time { return policytest.Date(s) }

func rec(id int64, category, code, decided string) domain.Record {
	return policytest.Record(id, category, code, decided)
}

// run scores the records as of a day and evaluates the warnings.
func (f fixture) run(recs []domain.Record, asOf, prevGrade string, deadlines ...warning.Deadline) []warning.Hit {
	res := scoring.Score(recs, f.scoring, date(asOf))
	grades := []string{}
	for _, g := range f.scoring.Grades {
		grades = append(grades, g.Key)
	}
	positive := map[string]bool{}
	for _, c := range f.cat.Categories {
		positive[c.Key] = c.Positive
	}
	return warning.Evaluate(f.policy, warning.Input{Records: recs, Score: res, PrevGrade: prevGrade, Grades: grades, Positive: positive,
		AsOf: date(asOf), Deadlines: deadlines})
}

func rules(hits []warning.Hit) string {
	var keys []string
	for _, h := range hits {
		keys = append(keys, h.Rule)
	}
	return strings.Join(keys, ",")
}

func hit(hits []warning.Hit, rule string) (warning.Hit, bool) {
	for _, h := range hits {
		if h.Rule == rule {
			return h, true
		}
	}
	return warning.Hit{}, false
}

func TestEachRule(t *testing.T) {
	f := load(t)
	cases := []struct {
		name  string
		recs  []domain.Record
		asOf  string
		prev  string
		want  string // the rules that hold, in policy order
		check func(t *testing.T, hits []warning.Hit)
	}{
		{"CleanFile", nil, "2026-11-25", "excellent", "", nil},
		{"ScoreBelowThreshold", []domain.Record{
			rec(1, "gov_sanction", "gov_dismissal_from_post", "2024-06-01"), // -30 for 24 months
			rec(2, "gov_sanction", "gov_warning", "2025-03-01"),             // -10 for 6 months: 60
		}, "2025-06-01", "", "score_below", func(t *testing.T, hits []warning.Hit) {
			h, _ := hit(hits, "score_below")
			if h.Level != "high" || h.Fingerprint != "1,2" || h.Detail["threshold"] != 70.0 {
				t.Fatalf("score_below names the records behind it: %+v", h)
			}
		}},
		{"ScoreAtThresholdDoesNotWarn", []domain.Record{
			rec(1, "gov_sanction", "gov_dismissal_from_post", "2024-06-01"), // 70 exactly
		}, "2025-07-01", "", "", nil},
		{"GradeDropped", []domain.Record{rec(1, "gov_sanction", "gov_demerit", "2026-10-01")}, "2026-11-25", "excellent", "grade_dropped",
			func(t *testing.T, hits []warning.Hit) {
				h, _ := hit(hits, "grade_dropped")
				if h.Detail["from"] != "excellent" || h.Detail["to"] != "good" || h.Fingerprint != "excellent>good" {
					t.Fatalf("%+v", h)
				}
			}},
		{"GradeRoseIsNoWarning", nil, "2026-11-25", "good", "", nil},
		{"NoPreviousGradeIsNoDrop", []domain.Record{rec(1, "gov_sanction", "gov_demerit", "2026-10-01")}, "2026-11-25", "", "", nil},
		{"SeriousRecordWithinAYear", []domain.Record{rec(7, "traffic", "tr_drunk_driving", "2026-01-10")}, "2026-11-25", "", "serious_record", nil},
		{"SeriousRecordOlderThanAYear", []domain.Record{rec(7, "traffic", "tr_drunk_driving", "2025-11-25")}, "2026-11-25", "", "", nil},
		{"RevokedSeriousRecordIsNoWarning", []domain.Record{func() domain.Record {
			r := rec(7, "traffic", "tr_drunk_driving", "2026-01-10")
			r.State = domain.RecordRevoked
			return r
		}()}, "2026-11-25", "", "", nil},
		{"ThreeNegativeRecordsIn12Months", []domain.Record{
			rec(1, "traffic", "tr_points", "2026-01-01"),
			rec(2, "traffic", "tr_points", "2026-03-01"),
			rec(3, "arrears", "arr_unpaid", "2026-11-01"),
			rec(4, "commendation", "com_citation", "2026-05-01"), // positive: not counted
			rec(5, "lead", "lead_preliminary", "2026-06-01"),     // no finding, and hidden from the official
			rec(7, "annual_assessment", "assess_excellent", "2026-02-01"),
		}, "2026-11-25", "", "repeated_negative", func(t *testing.T, hits []warning.Hit) {
			h, _ := hit(hits, "repeated_negative")
			if h.Fingerprint != "1,2,3" || h.Detail["count"] != 3 {
				t.Fatalf("%+v", h)
			}
		}},
		// Leads are no negative records: two fines and they make no three.
		{"LeadsAreNoNegativeRecords", []domain.Record{
			rec(1, "traffic", "tr_points", "2026-01-01"),
			rec(2, "traffic", "tr_points", "2026-03-01"),
			rec(3, "lead", "lead_accepted", "2026-04-01"),
			rec(4, "lead", "lead_inquiry", "2026-05-01"),
		}, "2026-11-25", "", "", nil},
		{"TwoNegativeRecordsAreNotEnough", []domain.Record{
			rec(1, "traffic", "tr_points", "2025-11-25"), // 12 months ago to the day: outside
			rec(2, "traffic", "tr_points", "2026-03-01"),
			rec(3, "arrears", "arr_unpaid", "2026-11-01"),
		}, "2026-11-25", "", "", nil},
		{"UnderInvestigation", []domain.Record{rec(9, "investigation", "inv_case_opened", "2026-09-01")}, "2026-11-25", "", "under_investigation", nil},
		{"ClosedCaseIsNoWarning", []domain.Record{policytest.Ended(rec(9, "investigation", "inv_case_opened", "2026-09-01"), "2026-11-01")}, "2026-11-25", "", "", nil},
		{"ArrearsOver90Days", []domain.Record{rec(5, "arrears", "arr_unpaid", "2026-08-26")}, "2026-11-25", "", "arrears_overdue", nil},
		{"ArrearsOf90DaysExactly", []domain.Record{rec(5, "arrears", "arr_unpaid", "2026-08-27")}, "2026-11-25", "", "", nil},
		{"RepairedArrearsIsNoWarning", []domain.Record{policytest.Repaired(rec(5, "arrears", "arr_unpaid", "2026-01-01"), "2026-10-01")}, "2026-11-25", "", "", nil},
		{"SanctionPeriodEndsWithin30Days", []domain.Record{rec(3, "gov_sanction", "gov_warning", "2026-06-10")}, "2026-11-25", "", "period_ending",
			func(t *testing.T, hits []warning.Hit) {
				h, _ := hit(hits, "period_ending")
				if h.Level != "info" || h.Detail["ends_on"] != "2026-12-10" {
					t.Fatalf("%+v", h)
				}
			}},
		{"SanctionPeriodEndsLater", []domain.Record{rec(3, "gov_sanction", "gov_warning", "2026-07-10")}, "2026-11-25", "", "", nil},
		{"DisputeDecisionOverdue", nil, "2026-11-25", "", "dispute_overdue", func(t *testing.T, hits []warning.Hit) {
			if hits[0].Fingerprint != "4" || hits[0].RecordIDs[0] != 40 {
				t.Fatalf("%+v", hits[0])
			}
		}},
		{"RepairDecisionOverdue", nil, "2026-11-25", "", "repair_overdue", nil},
		{"TrafficPeriodIsNotASanction", []domain.Record{rec(3, "traffic", "tr_points", "2025-12-10")}, "2026-11-25", "", "", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			deadlines := map[string][]warning.Deadline{
				// A dispute due yesterday is overdue; a repair due today is not yet.
				"DisputeDecisionOverdue": {{Kind: "dispute", ID: 4, RecordID: 40, Due: date("2026-11-24")}, {Kind: "repair", ID: 5, RecordID: 41, Due: date("2026-11-25")}},
				"RepairDecisionOverdue":  {{Kind: "repair", ID: 6, RecordID: 42, Due: date("2026-11-20")}},
			}[tc.name]
			hits := f.run(tc.recs, tc.asOf, tc.prev, deadlines...)
			if got := rules(hits); got != tc.want {
				t.Fatalf("rules %q, want %q", got, tc.want)
			}
			if tc.check != nil {
				tc.check(t, hits)
			}
		})
	}
}

func TestReconcile(t *testing.T) {
	f := load(t)
	h := func(rule, fp string) warning.Hit { return warning.Hit{Rule: rule, Fingerprint: fp} }
	ops := func(cs []warning.Change) string {
		var s []string
		for _, c := range cs {
			s = append(s, c.Op+":"+c.Hit.Rule)
		}
		return strings.Join(s, " ")
	}
	cases := []struct {
		name   string
		hits   []warning.Hit
		latest map[string]warning.Latest
		want   string
	}{
		{"RaiseNew", []warning.Hit{h("under_investigation", "9")}, nil, "raise:under_investigation"},
		{"OneOpenPerRule", []warning.Hit{h("under_investigation", "9")}, map[string]warning.Latest{"under_investigation": {ID: 1, Open: true, Fingerprint: "9"}}, ""},
		{"UpdateWhenTheRecordsChange", []warning.Hit{h("repeated_negative", "1,2,3,4")}, map[string]warning.Latest{"repeated_negative": {ID: 1, Open: true, Fingerprint: "1,2,3"}}, "update:repeated_negative"},
		{"ResolveWhenTheConditionClears", nil, map[string]warning.Latest{"under_investigation": {ID: 1, Open: true, Fingerprint: "9"}}, "resolve:"},
		{"AnEventStaysUntilResolved", nil, map[string]warning.Latest{"grade_dropped": {ID: 1, Open: true, Fingerprint: "excellent>good"}}, ""},
		{"ResolvedByAPersonStaysResolved", []warning.Hit{h("under_investigation", "9")}, map[string]warning.Latest{"under_investigation": {ID: 1, ByPerson: true, Fingerprint: "9"}}, ""},
		{"NewRecordsRaiseAgain", []warning.Hit{h("under_investigation", "9,12")}, map[string]warning.Latest{"under_investigation": {ID: 1, ByPerson: true, Fingerprint: "9"}}, "raise:under_investigation"},
		{"ClearedThenBackRaisesAgain", []warning.Hit{h("score_below", "1")}, map[string]warning.Latest{"score_below": {ID: 1, Fingerprint: "1"}}, "raise:score_below"},
		{"ARepeatedEventRaisesAgain", []warning.Hit{h("grade_dropped", "excellent>good")}, map[string]warning.Latest{"grade_dropped": {ID: 1, ByPerson: true, Fingerprint: "excellent>good"}}, "raise:grade_dropped"},
		{"ARuleTakenOutResolves", nil, map[string]warning.Latest{"retired_rule": {ID: 4, Open: true}}, "resolve:"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := ops(warning.Reconcile(f.policy, tc.hits, tc.latest)); got != tc.want {
				t.Fatalf("changes %q, want %q", got, tc.want)
			}
		})
	}
}

func TestPolicyValidation(t *testing.T) {
	cat := policytest.Catalogue(t)
	policytest.Refused(t, "warnings.yaml", func(b []byte) (*warning.Policy, error) { return warning.ParseYAML(b, cat) }, []policytest.Edit{
		{"ErrUnknownKind", "kind: score_below", "kind: astrology", "rules[0].kind"},
		{"ErrLevel", "level: high, threshold", "level: urgent, threshold", "rules[0].level"},
		{"ErrUnknownCode", "party_expulsion, gov_dismissal_from_post", "party_expulsion, gov_beheading", "rules[2].codes"},
		{"ErrCount", "count: 3", "count: 0", "rules[3].count"},
		{"ErrRepeatedKey", "{key: grade_dropped", "{key: score_below", "rules[1].key"},
	})
}
