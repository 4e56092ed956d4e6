package eligibility_test

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"integrity/internal/domain"
	"integrity/internal/eligibility"
)

// legalCase is one row of testdata/cases.yaml: an official's records, a
// check, and the verdict the law gives, with the rule it rests on.
type legalCase struct {
	Name             string       `yaml:"name"`
	Cites            string       `yaml:"cites"` // the rule and its source the answer rests on
	Category         string       `yaml:"official_category"`
	Records          []caseRecord `yaml:"records"`
	Purpose          string       `yaml:"purpose"`
	AsOf             string       `yaml:"as_of"`
	AssessmentYear   int          `yaml:"assessment_year"`
	Verdict          string       `yaml:"verdict"`
	Reasons          []caseReason `yaml:"reasons"`
	EligibleFrom     string       `yaml:"eligible_from"`
	EligibleFromYear int          `yaml:"eligible_from_year"`
}

type caseRecord struct {
	ID             int64  `yaml:"id"`
	Category       string `yaml:"category"`
	Code           string `yaml:"code"`
	Decided        string `yaml:"decided"`
	Effective      string `yaml:"effective"`
	Period         int    `yaml:"period"`
	Ended          string `yaml:"ended"`
	Repaired       string `yaml:"repaired"`
	Act            string `yaml:"act"`
	Doc            string `yaml:"doc"`
	AssessmentYear int    `yaml:"assessment_year"`
	Disputed       bool   `yaml:"disputed"`
	Revoked        bool   `yaml:"revoked"`
}

// caseReason is what a reason must say; fields left empty are not checked,
// except that every case lists all its reasons.
type caseReason struct {
	Code       string  `yaml:"code"`
	Rule       string  `yaml:"rule"`
	Record     int64   `yaml:"record"`
	Until      string  `yaml:"until"`
	Permanent  bool    `yaml:"permanent"`
	OpenEnded  bool    `yaml:"open_ended"`
	CombinedBy string  `yaml:"combined_by"`
	Linked     []int64 `yaml:"linked"`
}

func (c caseRecord) record() domain.Record {
	r := domain.Record{ID: c.ID, Category: c.Category, Code: c.Code, DecisionDate: date(c.Decided), State: domain.RecordActive,
		ActRef: c.Act, DocumentNo: c.Doc, UnderDispute: c.Disputed}
	opt := func(s string) *time.Time {
		if s == "" {
			return nil
		}
		d := date(s)
		return &d
	}
	r.EffectiveDate, r.EndedOn, r.RepairedOn = opt(c.Effective), opt(c.Ended), opt(c.Repaired)
	if c.Period != 0 {
		r.PeriodMonths = &c.Period
	}
	if c.AssessmentYear != 0 {
		r.AssessmentYear = &c.AssessmentYear
	}
	if c.Revoked {
		r.State = domain.RecordRevoked
	}
	return r
}

func (w caseReason) mismatch(r eligibility.Reason) string {
	var bad []string
	check := func(name string, ok bool, got any) {
		if !ok {
			bad = append(bad, fmt.Sprintf("%s=%v", name, got))
		}
	}
	check("code", w.Code == r.Code, r.Code)
	check("rule", w.Rule == "" || w.Rule == r.Rule, r.Rule)
	check("record", w.Record == 0 || w.Record == r.RecordID, r.RecordID)
	check("until", w.Until == r.Until, r.Until)
	check("permanent", w.Permanent == r.Permanent, r.Permanent)
	check("open_ended", w.OpenEnded == r.OpenEnded, r.OpenEnded)
	check("combined_by", w.CombinedBy == r.CombinedBy, r.CombinedBy)
	check("linked", slices.Equal(w.Linked, r.LinkedRecordIDs), r.LinkedRecordIDs)
	return strings.Join(bad, " ")
}

// TestLegalCases runs every case of testdata/cases.yaml against the
// shipped policy: the verdict, each reason (the rule, the governing
// record, its end, how it combined) and the earliest eligible date or year.
func TestLegalCases(t *testing.T) {
	sp, ep := load(t)
	body, err := os.ReadFile("testdata/cases.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var cases []legalCase
	dec := yaml.NewDecoder(strings.NewReader(string(body)))
	dec.KnownFields(true)
	if err := dec.Decode(&cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 80 {
		t.Errorf("the table holds %d cases; the issue asks for at least 80", len(cases))
	}
	names := map[string]bool{}
	for _, tc := range cases {
		if names[tc.Name] || tc.Cites == "" {
			t.Errorf("case %q: names must be unique and every case cites its rule", tc.Name)
		}
		names[tc.Name] = true
		t.Run(tc.Name, func(t *testing.T) {
			recs := make([]domain.Record, len(tc.Records))
			for i, r := range tc.Records {
				recs[i] = r.record()
			}
			v, err := eligibility.Check(recs, sp, ep, eligibility.Request{Purpose: tc.Purpose, AsOf: date(tc.AsOf),
				AssessmentYear: tc.AssessmentYear, OfficialCategory: tc.Category})
			if err != nil {
				t.Fatal(err)
			}
			if v.Verdict != tc.Verdict || v.EligibleFrom != tc.EligibleFrom || v.EligibleFromYear != tc.EligibleFromYear || len(v.Reasons) != len(tc.Reasons) {
				t.Fatalf("%s\ngot %s, eligible from %q (year %d), reasons %+v\nwant %s, eligible from %q (year %d), %d reasons",
					tc.Cites, v.Verdict, v.EligibleFrom, v.EligibleFromYear, v.Reasons, tc.Verdict, tc.EligibleFrom, tc.EligibleFromYear, len(tc.Reasons))
			}
			for i, w := range tc.Reasons {
				if m := w.mismatch(v.Reasons[i]); m != "" {
					t.Errorf("%s\nreason %d: got %s; the whole reason: %+v", tc.Cites, i, m, v.Reasons[i])
				}
			}
		})
	}
}

// TestLegalDocCitesRealCases: every example docs/LEGAL.md gives in
// brackets is a case of the table, so the document says what the suite
// checks.
func TestLegalDocCitesRealCases(t *testing.T) {
	doc, err := os.ReadFile("../../docs/LEGAL.md")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := os.ReadFile("testdata/cases.yaml")
	var cases []legalCase
	if err := yaml.Unmarshal(body, &cases); err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, c := range cases {
		names[c.Name] = true
	}
	cited := 0
	for _, m := range regexp.MustCompile(`\[([a-z][^\]]+)\]`).FindAllStringSubmatch(string(doc), -1) {
		for _, name := range strings.Split(strings.Join(strings.Fields(m[1]), " "), "; ") {
			cited++
			if !names[name] {
				t.Errorf("docs/LEGAL.md cites %q, which is not a case of testdata/cases.yaml", name)
			}
		}
	}
	if cited < 20 {
		t.Errorf("docs/LEGAL.md cites %d cases", cited)
	}
}
