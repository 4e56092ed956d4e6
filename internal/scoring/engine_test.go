package scoring_test

import (
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"integrity/internal/catalogue"
	"integrity/internal/domain"
	"integrity/internal/policytest"
	"integrity/internal/scoring"
)

func d(s string) time.Time { return policytest.Date(s) }

func dp(s string) *time.Time { t := d(s); return &t }

func defaultPolicy(t testing.TB) *scoring.Policy {
	t.Helper()
	cat := policytest.Catalogue(t)
	p := policytest.Scoring(t, cat)
	p.Version = 1
	return p
}

func rec(id int64, category, code, decided string) domain.Record {
	return policytest.Record(id, category, code, decided)
}

func TestAddMonths(t *testing.T) {
	for _, tc := range []struct {
		from string
		n    int
		want string
	}{
		{"2024-03-05", 12, "2025-03-05"},
		{"2024-02-29", 12, "2025-02-28"}, // leap day to a common year: clamped
		{"2024-02-29", 48, "2028-02-29"},
		{"2024-01-31", 1, "2024-02-29"},
		{"2023-01-31", 1, "2023-02-28"},
		{"2024-08-31", 6, "2025-02-28"},
		{"2024-12-15", 1, "2025-01-15"},
	} {
		if got := scoring.AddMonths(d(tc.from), tc.n); !got.Equal(d(tc.want)) {
			t.Errorf("%s + %d months = %s, want %s", tc.from, tc.n, got.Format("2006-01-02"), tc.want)
		}
	}
}

func TestScoreRules(t *testing.T) {
	p := defaultPolicy(t)
	cases := []struct {
		name    string
		records []domain.Record
		asOf    string
		score   float64
		grade   string
		reason  string // of the first non-counting record, if any
	}{
		{"NoRecords", nil, "2025-01-01", 100, "excellent", ""},
		{"LastDayCounts", []domain.Record{rec(1, "judicial", "jud_civil_unperformed", "2024-03-05")}, "2025-03-04", 95, "excellent", ""},
		{"DayAfterDoesNot", []domain.Record{rec(1, "judicial", "jud_civil_unperformed", "2024-03-05")}, "2025-03-05", 100, "excellent", scoring.ReasonExpired},
		{"DecisionDayCounts", []domain.Record{rec(1, "judicial", "jud_civil_unperformed", "2024-03-05")}, "2024-03-05", 95, "excellent", ""},
		{"BeforeDecision", []domain.Record{rec(1, "judicial", "jud_civil_unperformed", "2024-03-05")}, "2024-03-04", 100, "excellent", scoring.ReasonNotYet},
		{"LeapDayLastDay", []domain.Record{rec(1, "gov_sanction", "gov_demerit", "2024-02-29")}, "2025-02-27", 85, "good", ""},
		{"LeapDayEnds", []domain.Record{rec(1, "gov_sanction", "gov_demerit", "2024-02-29")}, "2025-02-28", 100, "excellent", scoring.ReasonExpired},
		{"Revoked", []domain.Record{func() domain.Record {
			r := rec(1, "gov_sanction", "gov_demerit", "2024-06-01")
			r.State = domain.RecordRevoked
			return r
		}()}, "2024-07-01", 100, "excellent", scoring.ReasonRevoked},
		{"RepairedStopsThatDay", []domain.Record{func() domain.Record {
			r := rec(1, "arrears", "arr_unpaid", "2024-06-01")
			r.RepairedOn = dp("2024-09-01")
			return r
		}()}, "2024-09-01", 100, "excellent", scoring.ReasonRepaired},
		{"CountsUntilRepair", []domain.Record{func() domain.Record {
			r := rec(1, "arrears", "arr_unpaid", "2024-06-01")
			r.RepairedOn = dp("2024-09-01")
			return r
		}()}, "2024-08-31", 98, "excellent", ""},
		{"UntilRemovedCountsYears", []domain.Record{rec(1, "judicial", "jud_dishonest_debtor", "2019-01-01")}, "2026-01-01", 80, "fair", ""},
		{"UntilRemovedEnded", []domain.Record{func() domain.Record {
			r := rec(1, "judicial", "jud_dishonest_debtor", "2019-01-01")
			r.EndedOn = dp("2025-01-01")
			return r
		}()}, "2026-01-01", 100, "excellent", scoring.ReasonEnded},
		{"CommendationCap", []domain.Record{rec(1, "commendation", "com_honorary_title", "2025-01-01"), rec(2, "commendation", "com_merit_1", "2025-01-01")}, "2025-06-01", 110, "excellent", ""},
		{"Ceiling", []domain.Record{rec(1, "commendation", "com_honorary_title", "2025-01-01")}, "2025-06-01", 110, "excellent", ""},
		{"ForcedGrade", []domain.Record{rec(1, "party_sanction", "party_expulsion", "2024-01-01"), rec(2, "commendation", "com_honorary_title", "2024-01-01")}, "2025-01-01", 60, "poor", ""},
		{"Floor", []domain.Record{rec(1, "party_sanction", "party_expulsion", "2024-01-01"), rec(2, "judicial", "jud_criminal", "2024-01-01"), rec(3, "traffic", "tr_drunk_driving", "2024-01-01")}, "2025-01-01", 0, "poor", ""},
		{"NoRule", []domain.Record{rec(1, "judicial", "made_up_code", "2024-01-01")}, "2025-01-01", 100, "excellent", scoring.ReasonNoRule},
		{"DisputedCounts", []domain.Record{func() domain.Record {
			r := rec(1, "gov_sanction", "gov_warning", "2024-06-01")
			r.UnderDispute = true
			return r
		}()}, "2024-07-01", 90, "good", ""},
		{"Grades", []domain.Record{rec(1, "party_sanction", "party_probation_1y", "2024-06-01")}, "2024-07-01", 70, "fair", ""},
		{"GradeBoundary", []domain.Record{rec(1, "ap_minor", "ap_minor", "2024-06-01"), rec(2, "ff_admonishment", "ff_admonishment", "2024-06-01")}, "2024-07-01", 94, "good", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for i := range tc.records { // category follows the code
				if c, ok := catalogueCode(t, tc.records[i].Code); ok {
					tc.records[i].Category = c
				}
			}
			res := scoring.Score(tc.records, p, d(tc.asOf))
			if res.Score.Float() != tc.score || res.Grade.Key != tc.grade {
				t.Fatalf("score %.2f grade %s, want %.2f %s; items %+v", res.Score.Float(), res.Grade.Key, tc.score, tc.grade, res.Items)
			}
			if tc.reason != "" && (len(res.NotCounting) == 0 || res.NotCounting[0].Reason != tc.reason) {
				t.Fatalf("not counting %+v, want reason %s", res.NotCounting, tc.reason)
			}
			if res.PolicyVersion != 1 {
				t.Fatal("the result does not name its policy version")
			}
		})
	}
}

func catalogueCode(t *testing.T, code string) (string, bool) {
	cat := policytest.Catalogue(t)
	c, ok := cat.Code(code)
	return c.Category, ok
}

func TestForcedGradeNamesTheRecord(t *testing.T) {
	p := defaultPolicy(t)
	res := scoring.Score([]domain.Record{rec(7, "judicial", "jud_criminal", "2024-01-01")}, p, d("2025-01-01"))
	if res.Grade.Key != "poor" || res.ForcedBy != 0 || res.ScoreGrade.Key != "poor" {
		t.Fatalf("the points alone earn 较差; nothing is forced: %+v", res)
	}
	for i, r := range p.Rules {
		if r.Code == "jud_criminal" {
			p.Rules[i].Points = -1
		}
	}
	cat := policytest.Catalogue(t)
	if err := p.Validate(cat); err != nil {
		t.Fatal(err)
	}
	res = scoring.Score([]domain.Record{rec(7, "judicial", "jud_criminal", "2024-01-01")}, p, d("2025-01-01"))
	if res.Score.Float() != 99 || res.ScoreGrade.Key != "excellent" || res.Grade.Key != "poor" || res.ForcedBy != 7 {
		t.Fatalf("a conviction forces 较差 whatever the points: %+v", res)
	}
	res = scoring.Score([]domain.Record{rec(7, "gov_sanction", "gov_expulsion", "2024-01-01")}, p, d("2025-01-01"))
	if res.Score.Float() != 50 || res.Grade.Key != "poor" {
		t.Fatalf("%+v", res)
	}
}

func TestLinearFadeAndSuspendedDisputes(t *testing.T) {
	p := defaultPolicy(t)
	p.Fade, p.Disputed = scoring.FadeLinear, scoring.DisputedSuspend
	r := rec(1, "judicial", "jud_civil_unperformed", "2024-01-01") // -5 over 366 days
	res := scoring.Score([]domain.Record{r}, p, d("2024-07-02"))   // 183 of 366 days left
	if res.Score.Float() != 97.5 {
		t.Fatalf("half-way through a linear fade: %.2f", res.Score.Float())
	}
	if res := scoring.Score([]domain.Record{r}, p, d("2024-01-01")); res.Score.Float() != 95 {
		t.Fatalf("a fading record starts at full weight: %.2f", res.Score.Float())
	}
	r.UnderDispute = true
	res = scoring.Score([]domain.Record{r}, p, d("2024-03-01"))
	if res.Score.Float() != 100 || res.NotCounting[0].Reason != scoring.ReasonDisputed {
		t.Fatalf("a suspended dispute: %+v", res)
	}
}

func TestHistorySteps(t *testing.T) {
	p := defaultPolicy(t)
	recs := []domain.Record{rec(1, "judicial", "jud_civil_unperformed", "2024-03-05"), rec(2, "gov_sanction", "gov_warning", "2024-06-01")}
	h := scoring.History(recs, p, d("2024-01-01"), d("2025-12-31"))
	want := []struct {
		date  string
		score float64
	}{{"2024-01-01", 100}, {"2024-03-05", 95}, {"2024-06-01", 85}, {"2024-12-01", 95}, {"2025-03-05", 100}}
	if len(h) != len(want) {
		t.Fatalf("history %+v", h)
	}
	for i, w := range want {
		if h[i].Date != w.date || h[i].Score.Float() != w.score {
			t.Fatalf("step %d = %+v, want %v", i, h[i], w)
		}
	}
}

// TestScoreIsBasePlusItems is the property the explanation promises: for
// random records, dates and policies, the score is the base plus the sum of
// the items, and the record items are exactly the records in force.
func TestScoreIsBasePlusItems(t *testing.T) {
	base := defaultPolicy(t)
	codes := allCodes(policytest.Catalogue(t))
	rnd := rand.New(rand.NewPCG(42, 7))
	n := 3000
	if os.Getenv("SCORING_PROPERTY_RUNS") != "" {
		n = 100000
	}
	for run := 0; run < n; run++ {
		p := *base
		if rnd.IntN(2) == 0 {
			p.Fade = scoring.FadeLinear
		}
		if rnd.IntN(2) == 0 {
			p.Disputed = scoring.DisputedSuspend
		}
		if rnd.IntN(2) == 0 {
			p.SameAct = scoring.SameActEach
		}
		p.Ceiling = 100 + float64(rnd.IntN(40))
		p.Floor = float64(rnd.IntN(60))
		recs := make([]domain.Record, rnd.IntN(12))
		for i := range recs {
			c := codes[rnd.IntN(len(codes))]
			r := domain.Record{ID: int64(i + 1), Category: c.Category, Code: c.Key, State: domain.RecordActive,
				DecisionDate: d("2018-01-01").AddDate(0, 0, rnd.IntN(3000)), UnderDispute: rnd.IntN(5) == 0}
			if rnd.IntN(8) == 0 {
				r.State = domain.RecordRevoked
			}
			if rnd.IntN(6) == 0 {
				e := r.DecisionDate.AddDate(0, 0, rnd.IntN(900))
				r.RepairedOn = &e
			}
			if rnd.IntN(6) == 0 {
				e := r.DecisionDate.AddDate(0, 0, rnd.IntN(900))
				r.EndedOn = &e
			}
			randomAct(rnd, &r)
			recs[i] = r
		}
		asOf := d("2018-01-01").AddDate(0, 0, rnd.IntN(3600))
		res := scoring.Score(recs, &p, asOf)
		sum := res.Base
		inForce := map[int64]bool{}
		for _, it := range res.Items {
			sum += it.Points
			if it.Kind == scoring.KindRecord {
				inForce[it.RecordID] = true
			}
		}
		if sum != res.Score {
			t.Fatalf("run %d: base + items = %.2f, score %.2f", run, sum.Float(), res.Score.Float())
		}
		if res.Score < scoring.FromFloat(p.Floor) || res.Score > scoring.FromFloat(p.Ceiling) {
			t.Fatalf("run %d: score %.2f outside [%v, %v]", run, res.Score.Float(), p.Floor, p.Ceiling)
		}
		counts := func(r *domain.Record) bool {
			rule, ok := p.Rule(r.Code)
			if !ok || r.State == domain.RecordRevoked || r.UnderDispute && p.Disputed == scoring.DisputedSuspend {
				return false
			}
			from, until := scoring.Window(r, rule)
			return !asOf.Before(from) && (until == nil || asOf.Before(*until))
		}
		for _, r := range recs {
			want := counts(&r)
			if want && p.SameAct == scoring.SameActHeaviest {
				for _, o := range recs { // a heavier record of the act counts instead
					if o.ID != r.ID && counts(&o) && heavierOfAct(&p, &o, &r) {
						want = false
					}
				}
			}
			if inForce[r.ID] != want {
				t.Fatalf("run %d: record %+v in force %v, want %v (as of %s)", run, r, inForce[r.ID], want, asOf.Format("2006-01-02"))
			}
		}
		if len(res.Items)+len(res.NotCounting) < len(recs) {
			t.Fatalf("run %d: a record is missing from the explanation", run)
		}
		for _, it := range res.NotCounting {
			if (it.Reason == scoring.ReasonSameAct) != (it.CountedAs != 0) || it.CountedAs != 0 && !inForce[it.CountedAs] {
				t.Fatalf("run %d: %+v is not counted as a record in force", run, it)
			}
		}
	}
}

func TestPolicyValidation(t *testing.T) {
	cat := policytest.Catalogue(t)
	for name, tc := range map[string]struct{ yaml, field string }{
		"ErrUnknownCode":     {"name: x\nbase: 100\nfloor: 0\nceiling: 120\ngrades: [{key: a, zh: 甲, en: A}]\nrules: [{code: nope, points: -1, months: 1}]\n", "rules[0].code"},
		"ErrNegativeMonths":  {"name: x\nbase: 100\nfloor: 0\nceiling: 120\ngrades: [{key: a, zh: 甲, en: A}]\nrules: [{code: ap_minor, points: -1, months: -3}]\n", "rules[0].months"},
		"ErrNoMonths":        {"name: x\nbase: 100\nfloor: 0\nceiling: 120\ngrades: [{key: a, zh: 甲, en: A}]\nrules: [{code: ap_minor, points: -1}]\n", "rules[0].months"},
		"ErrThresholdsOrder": {"name: x\nbase: 100\nfloor: 0\nceiling: 120\ngrades: [{key: a, zh: 甲, en: A, min: 80}, {key: b, zh: 乙, en: B, min: 90}, {key: c, zh: 丙, en: C}]\nrules: []\n", "grades[1].min"},
		"ErrLowestHasMin":    {"name: x\nbase: 100\nfloor: 0\nceiling: 120\ngrades: [{key: a, zh: 甲, en: A, min: 80}]\nrules: []\n", "grades[0].min"},
		"ErrForceUnknown":    {"name: x\nbase: 100\nfloor: 0\nceiling: 120\ngrades: [{key: a, zh: 甲, en: A}]\nrules: [{code: ap_minor, points: -1, months: 2, force_grade: worst}]\n", "rules[0].force_grade"},
		"ErrCapCategory":     {"name: x\nbase: 100\nfloor: 0\nceiling: 120\ngrades: [{key: a, zh: 甲, en: A}]\ncaps: [{category: magic, max: 3}]\nrules: []\n", "caps[0].category"},
		"ErrBaseAboveCeil":   {"name: x\nbase: 100\nfloor: 0\nceiling: 90\ngrades: [{key: a, zh: 甲, en: A}]\nrules: []\n", "floor"},
		"ErrUnknownField":    {"name: x\nbonus: 3\n", "policy"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := scoring.ParseYAML([]byte(tc.yaml), cat)
			de, ok := err.(*domain.Error)
			if !ok || de.Code != domain.EINVALID {
				t.Fatalf("%v", err)
			}
			for _, f := range de.Fields {
				if f.Field == tc.field {
					return
				}
			}
			t.Fatalf("no problem names %s: %+v", tc.field, de.Fields)
		})
	}
}

// TestHistoryAgreesWithScore: for random records and policies, every point
// of the history is the explained score of its day, and on the days between
// two points the score does not change (with a linear fade, only the
// first of each month is a point, so only step policies are checked daily).
func TestHistoryAgreesWithScore(t *testing.T) {
	base := defaultPolicy(t)
	codes := allCodes(policytest.Catalogue(t))
	rnd := rand.New(rand.NewPCG(9, 3))
	for run := 0; run < 300; run++ {
		p := *base
		linear := rnd.IntN(2) == 0
		if linear {
			p.Fade = scoring.FadeLinear
		}
		if rnd.IntN(2) == 0 {
			p.Disputed = scoring.DisputedSuspend
		}
		if rnd.IntN(3) == 0 {
			p.SameAct = scoring.SameActEach
		}
		recs := make([]domain.Record, rnd.IntN(10))
		for i := range recs {
			c := codes[rnd.IntN(len(codes))]
			recs[i] = domain.Record{ID: int64(i + 1), Category: c.Category, Code: c.Key, State: domain.RecordActive,
				DecisionDate: d("2019-01-01").AddDate(0, 0, rnd.IntN(2000)), UnderDispute: rnd.IntN(5) == 0}
			if rnd.IntN(8) == 0 {
				recs[i].State = domain.RecordRevoked
			}
			if rnd.IntN(6) == 0 {
				e := recs[i].DecisionDate.AddDate(0, 0, rnd.IntN(700))
				recs[i].RepairedOn = &e
			}
			randomAct(rnd, &recs[i])
		}
		from, to := d("2019-06-01"), d("2024-06-01")
		h := scoring.History(recs, &p, from, to)
		if len(h) == 0 || h[0].Date != "2019-06-01" {
			t.Fatalf("run %d: history does not start on its first day: %+v", run, h)
		}
		next := 0
		var cur scoring.Point
		for day := from; !day.After(to); day = day.AddDate(0, 0, 1) {
			s := scoring.Score(recs, &p, day)
			if next < len(h) && h[next].Date == day.Format("2006-01-02") {
				if h[next].Score != s.Score || h[next].Grade != s.Grade.Key {
					t.Fatalf("run %d: history point %+v, the score of that day is %.2f %s", run, h[next], s.Score.Float(), s.Grade.Key)
				}
				cur = h[next]
				next++
				continue
			}
			if !linear && (cur.Score != s.Score || cur.Grade != s.Grade.Key) {
				t.Fatalf("run %d: the score changed on %s to %.2f %s without a history point (last %+v)", run, day.Format("2006-01-02"), s.Score.Float(), s.Grade.Key, cur)
			}
		}
		if next != len(h) {
			t.Fatalf("run %d: history points after its last day: %+v", run, h[next:])
		}
	}
}

func BenchmarkHistory(b *testing.B) {
	p := defaultPolicy(b)
	recs := []domain.Record{rec(1, "judicial", "jud_civil_unperformed", "2024-03-05"), rec(2, "gov_sanction", "gov_warning", "2024-06-01"),
		rec(3, "traffic", "tr_points", "2025-01-10"), rec(4, "commendation", "com_merit_3", "2023-05-01")}
	p.Fade = scoring.FadeLinear
	for b.Loop() {
		scoring.History(recs, p, d("2020-12-01"), d("2026-12-01"))
	}
}

func BenchmarkScore(b *testing.B) {
	p := defaultPolicy(b)
	recs := []domain.Record{rec(1, "judicial", "jud_civil_unperformed", "2024-03-05"), rec(2, "gov_sanction", "gov_warning", "2024-06-01"),
		rec(3, "traffic", "tr_points", "2025-01-10"), rec(4, "commendation", "com_merit_3", "2023-05-01")}
	for b.Loop() {
		scoring.Score(recs, p, d("2026-12-01"))
	}
}

// TestCountsFromTheEffectiveDate: a record counts from the day its decision
// takes effect, not the day it was made.
func TestCountsFromTheEffectiveDate(t *testing.T) {
	p := defaultPolicy(t)
	r := rec(1, "gov_sanction", "gov_demerit", "2026-03-01")
	eff := d("2026-03-20")
	r.EffectiveDate = &eff
	if res := scoring.Score([]domain.Record{r}, p, d("2026-03-10")); res.Score.Float() != 100 || res.NotCounting[0].Reason != scoring.ReasonNotYet {
		t.Fatalf("before it takes effect: %+v", res)
	}
	if res := scoring.Score([]domain.Record{r}, p, d("2027-03-19")); res.Score.Float() != 85 {
		t.Fatalf("the last day of its twelve months from the effective date: %v", res.Score)
	}
}

// allCodes lists every code of the catalogue.
func allCodes(cat *catalogue.Catalogue) []catalogue.Code {
	var codes []catalogue.Code
	for _, c := range cat.Categories {
		codes = append(codes, c.Codes...)
	}
	return codes
}
