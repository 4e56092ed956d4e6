package scoring_test

import (
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"integrity/internal/domain"
	"integrity/internal/policytest"
	"integrity/internal/scoring"
)

// TestSameAct: the records of one act (one act_ref) under both options.
// With heaviest (the default), of the act's negative records counting on
// the day only the heaviest counts (the most negative rule points, then the
// longest window, then the lowest id), the others explained as counted as
// it; a record that stops counting hands the act to the next heaviest. With
// each, every one counts. The history gives the same score on the day.
func TestSameAct(t *testing.T) {
	act := func(r domain.Record, ref string) domain.Record { r.ActRef = ref; return r }
	with := func(r domain.Record, f func(*domain.Record)) domain.Record { f(&r); return r }
	party := act(rec(1, "party_sanction", "party_serious_warning", "2026-06-01"), "A-1") // -18, 18 months
	gov := act(rec(2, "gov_sanction", "gov_major_demerit", "2026-06-01"), "A-1")         // -20, 18 months
	cases := []struct {
		name      string
		sameAct   string
		records   []domain.Record
		asOf      string
		score     float64
		counting  []int64         // the records that count, in id order
		countedAs map[int64]int64 // same_act: record → the record counting for it
	}{
		{"PartyAndGovernmentCountOnce", "", []domain.Record{party, gov}, "2026-12-05", 80, []int64{2}, map[int64]int64{1: 2}},
		{"EachCountsBoth", scoring.SameActEach, []domain.Record{party, gov}, "2026-12-05", 62, []int64{1, 2}, nil},
		{"TwoActsCountEach", "", []domain.Record{party, act(gov, "A-2")}, "2026-12-05", 62, []int64{1, 2}, nil},
		{"NoActRefCountsEach", "", []domain.Record{act(party, ""), act(gov, "")}, "2026-12-05", 62, []int64{1, 2}, nil},
		{"RevokedHeavierLeavesTheOther", "", []domain.Record{party, with(gov, func(r *domain.Record) { r.State = domain.RecordRevoked })},
			"2026-12-05", 82, []int64{1}, nil},
		{"ThreeRecordsOneAct", "", []domain.Record{party, gov, act(rec(3, "org_handling", "org_removal", "2026-06-01"), "A-1")},
			"2026-12-05", 80, []int64{2}, map[int64]int64{1: 2, 3: 2}},
		{"ThreeRecordsEach", scoring.SameActEach, []domain.Record{party, gov, act(rec(3, "org_handling", "org_removal", "2026-06-01"), "A-1")},
			"2026-12-05", 47, []int64{1, 2, 3}, nil},
		// 记大过 (-20, 18 months) and a serious administrative penalty
		// (-15, 36 months) of one act: once the demerit's 18 months are
		// over, the penalty counts for the act.
		{"HeavierInForceFirst", "", []domain.Record{act(rec(4, "admin_penalty", "ap_serious", "2024-01-01"), "B"), act(rec(5, "gov_sanction", "gov_major_demerit", "2024-01-01"), "B")},
			"2025-06-30", 80, []int64{5}, map[int64]int64{4: 5}},
		{"LighterCountsWhenHeavierExpires", "", []domain.Record{act(rec(4, "admin_penalty", "ap_serious", "2024-01-01"), "B"), act(rec(5, "gov_sanction", "gov_major_demerit", "2024-01-01"), "B")},
			"2025-07-01", 85, []int64{4}, nil},
		{"LighterCountsBeforeHeavierTakesEffect", "", []domain.Record{party, with(gov, func(r *domain.Record) { r.EffectiveDate = dp("2026-07-01") })},
			"2026-06-15", 82, []int64{1}, nil},
		{"HeavierTakesOverOnItsEffectiveDate", "", []domain.Record{party, with(gov, func(r *domain.Record) { r.EffectiveDate = dp("2026-07-01") })},
			"2026-07-01", 80, []int64{2}, map[int64]int64{1: 2}},
		// Equal points: the longer window counts (party 警告 12 months
		// against government 警告 6), whatever the ids.
		{"TieLongestWindow", "", []domain.Record{act(rec(1, "gov_sanction", "gov_warning", "2026-01-10"), "C"), act(rec(2, "party_sanction", "party_warning", "2026-01-10"), "C")},
			"2026-03-01", 90, []int64{2}, map[int64]int64{1: 2}},
		{"TieLowestID", "", []domain.Record{act(rec(8, "party_sanction", "party_warning", "2026-01-10"), "C"), act(rec(7, "party_sanction", "party_warning", "2026-01-10"), "C")},
			"2026-03-01", 90, []int64{7}, map[int64]int64{8: 7}},
		{"RepairedHeavierHandsOver", "", []domain.Record{
			with(act(rec(1, "arrears", "arr_court_confirmed", "2025-01-01"), "D"), func(r *domain.Record) { r.RepairedOn = dp("2025-03-01") }),
			act(rec(2, "arrears", "arr_unpaid", "2025-01-01"), "D")}, "2025-03-01", 98, []int64{2}, nil},
		{"PositiveRecordsNeverMerge", "", []domain.Record{act(rec(1, "commendation", "com_citation", "2026-01-10"), "E"), act(rec(2, "commendation", "com_merit_3", "2026-01-10"), "E")},
			"2026-03-01", 106, []int64{1, 2}, nil},
		{"ACommendationBesideASanction", "", []domain.Record{act(rec(1, "commendation", "com_citation", "2026-01-10"), "E"), act(rec(2, "gov_sanction", "gov_warning", "2026-01-10"), "E")},
			"2026-03-01", 92, []int64{1, 2}, nil},
		{"SuspendedDisputeHandsOver", "suspend", []domain.Record{party, with(gov, func(r *domain.Record) { r.UnderDispute = true })},
			"2026-12-05", 82, []int64{1}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := defaultPolicy(t)
			if tc.sameAct != "" && tc.sameAct != "suspend" {
				p.SameAct = tc.sameAct
			}
			if tc.sameAct == "suspend" {
				p.Disputed = scoring.DisputedSuspend
			}
			if err := p.Validate(policytest.Catalogue(t)); err != nil {
				t.Fatal(err)
			}
			res := scoring.Score(tc.records, p, d(tc.asOf))
			var counting []int64
			for _, it := range res.Items {
				if it.Kind == scoring.KindRecord {
					counting = append(counting, it.RecordID)
				}
			}
			got := map[int64]int64{}
			for _, it := range res.NotCounting {
				if it.Reason == scoring.ReasonSameAct {
					got[it.RecordID] = it.CountedAs
				} else if it.CountedAs != 0 {
					t.Fatalf("counted_as on another reason: %+v", it)
				}
			}
			if res.Score.Float() != tc.score || !slices.Equal(counting, tc.counting) || !maps.Equal(got, tc.countedAs) && len(got)+len(tc.countedAs) > 0 {
				t.Fatalf("score %.2f counting %v counted as %v; want %.2f %v %v", res.Score.Float(), counting, got, tc.score, tc.counting, tc.countedAs)
			}
			h := scoring.History(tc.records, p, d(tc.asOf).AddDate(-3, 0, 0), d(tc.asOf))
			if last := h[len(h)-1]; last.Score != res.Score || last.Grade != res.Grade.Key {
				t.Fatalf("the history ends at %+v, the score is %.2f %s", last, res.Score.Float(), res.Grade.Key)
			}
		})
	}
	t.Run("ErrUnknownOption", func(t *testing.T) {
		p := defaultPolicy(t)
		p.SameAct = "sum"
		de, ok := p.Validate(policytest.Catalogue(t)).(*domain.Error)
		if !ok || de.Code != domain.EINVALID || len(de.Fields) != 1 || de.Fields[0].Field != "same_act" {
			t.Fatalf("%+v", de)
		}
	})
	t.Run("DefaultIsHeaviest", func(t *testing.T) {
		b := policytest.File(t, "scoring.yaml")
		body := strings.Replace(string(b), "same_act: heaviest", "", 1)
		p, err := scoring.ParseYAML([]byte(body), policytest.Catalogue(t))
		if err != nil || p.SameAct != scoring.SameActHeaviest || !strings.Contains(string(b), "\nsame_act: heaviest ") {
			t.Fatalf("%v %+v", err, p)
		}
	})
}

// TestSameActKeepsAForcedGrade: a record counted as a heavier one of its
// act adds no points, but the grade it forces (a conviction's 较差) holds.
func TestSameActKeepsAForcedGrade(t *testing.T) {
	p := defaultPolicy(t)
	for i, r := range p.Rules {
		switch r.Code {
		case "jud_criminal":
			p.Rules[i].Points = -1 // forcing 较差 with few points
		case "tr_drunk_driving":
			p.Rules[i].Points = -10 // heavier than the conviction of the act, forcing nothing
		}
	}
	if err := p.Validate(policytest.Catalogue(t)); err != nil {
		t.Fatal(err)
	}
	conviction, offence := rec(1, "judicial", "jud_criminal", "2026-01-10"), rec(2, "traffic", "tr_drunk_driving", "2026-01-10")
	conviction.ActRef, offence.ActRef = "F", "F"
	res := scoring.Score([]domain.Record{conviction, offence}, p, d("2026-03-01"))
	if res.Score.Float() != 90 || res.Grade.Key != "poor" || res.ForcedBy != 1 || res.NotCounting[0].CountedAs != 2 {
		t.Fatalf("%+v", res)
	}
}

// randomAct links a record to one of two acts, or none, and sometimes
// gives it an effective date after its decision.
func randomAct(rnd *rand.Rand, r *domain.Record) {
	r.ActRef = []string{"", "", "A", "B"}[rnd.IntN(4)]
	if rnd.IntN(4) == 0 {
		e := r.DecisionDate.AddDate(0, 0, rnd.IntN(60))
		r.EffectiveDate = &e
	}
}

// heavierOfAct is the engine's rule, written again: a negative record of
// the same act with more negative points, or as many and a longer window,
// or as long and a lower id.
func heavierOfAct(p *scoring.Policy, o, r *domain.Record) bool {
	ro, _ := p.Rule(o.Code)
	rr, _ := p.Rule(r.Code)
	if o.ActRef == "" || o.ActRef != r.ActRef || ro.Points >= 0 || rr.Points >= 0 {
		return false
	}
	if ro.Points != rr.Points {
		return ro.Points < rr.Points
	}
	length := func(r *domain.Record, rule scoring.Rule) time.Duration {
		from, until := scoring.Window(r, rule)
		if until == nil {
			return time.Duration(1<<63 - 1)
		}
		return until.Sub(from)
	}
	if lo, lr := length(o, ro), length(r, rr); lo != lr {
		return lo > lr
	}
	return o.ID < r.ID
}

// BenchmarkHistoryOneAct is BenchmarkHistory with a party and a government
// sanction of one act beside the records: the act's records are linked once,
// not on each day.
func BenchmarkHistoryOneAct(b *testing.B) {
	p := defaultPolicy(b)
	party, gov := rec(5, "party_sanction", "party_serious_warning", "2025-06-01"), rec(6, "gov_sanction", "gov_major_demerit", "2025-06-01")
	party.ActRef, gov.ActRef = "A-1", "A-1"
	recs := []domain.Record{rec(1, "judicial", "jud_civil_unperformed", "2024-03-05"), rec(2, "gov_sanction", "gov_warning", "2024-06-01"),
		rec(3, "traffic", "tr_points", "2025-01-10"), rec(4, "commendation", "com_merit_3", "2023-05-01"), party, gov}
	p.Fade = scoring.FadeLinear
	for b.Loop() {
		scoring.History(recs, p, d("2020-12-01"), d("2026-12-01"))
	}
}
