package selfservice_test

import (
	"strings"
	"testing"
	"time"

	"integrity/internal/catalogue"
	"integrity/internal/domain"
	"integrity/internal/policytest"
	"integrity/internal/selfservice"
)

func load(t *testing.T) (*selfservice.Policy, *catalogue.Catalogue) {
	t.Helper()
	cat := policytest.Catalogue(t)
	p := policytest.Shipped(t, "selfservice.yaml", func(b []byte) (*selfservice.Policy, error) { return selfservice.ParseYAML(b, cat) })
	return p, cat
}

func date(s string) time.Time { return policytest.Date(s) }

func TestWorkingDays(t *testing.T) {
	p, _ := load(t)
	cases := []struct {
		name, from string
		n          int
		want       string
	}{
		{"WithinAWeek", "2026-11-23", 5, "2026-11-30"},         // Monday + 5: the next Monday
		{"AcrossAWeekend", "2026-11-26", 5, "2026-12-03"},      // Thursday + 5: Fri, Mon, Tue, Wed, Thu
		{"FiledOnASaturday", "2026-11-28", 1, "2026-11-30"},    // the next working day is Monday
		{"AcrossNationalDay", "2026-09-29", 5, "2026-10-12"},   // 30 Sep, then 8, 9, 10 (make-up Saturday), 12 Oct
		{"AcrossNewYear", "2025-12-31", 2, "2026-01-06"},       // 1 and 2 Jan are holidays, 3-4 the weekend: 5, 6 Jan
		{"MakeUpWorkdayCounts", "2026-02-13", 1, "2026-02-14"}, // a Saturday that is a working day
		{"Extension", "2026-11-23", 20, "2026-12-21"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := p.AddWorkingDays(date(tc.from), tc.n).Format(time.DateOnly); got != tc.want {
				t.Fatalf("%s + %d working days = %s, want %s", tc.from, tc.n, got, tc.want)
			}
		})
	}
}

func TestRepairableFrom(t *testing.T) {
	p, cat := load(t)
	code := func(k string) catalogue.Code {
		c, ok := cat.Code(k)
		if !ok {
			t.Fatalf("no code %s", k)
		}
		return c
	}
	cases := []struct {
		name, code, decided, want string
	}{
		{"MinorAtOnce", "arr_unpaid", "2026-05-10", "2026-05-10"},
		{"GeneralAfterThreeMonths", "ap_general", "2026-05-10", "2026-08-10"},
		{"SeriousAfterAYear", "ap_serious", "2026-05-10", "2027-05-10"},
		{"NoClassIsGeneral", "", "2026-05-31", "2026-08-31"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := catalogue.Code{Label: domain.Label{Key: "local_credit_entry"}, Repairable: true} // a deployment's code with no class
			if tc.code != "" {
				c = code(tc.code)
			}
			got, err := p.RepairableFrom(c, date(tc.decided))
			if err != nil || got.Format(time.DateOnly) != tc.want {
				t.Fatalf("%s: %v %v, want %s", tc.code, got, err, tc.want)
			}
		})
	}
	for _, k := range []string{"gov_demerit", "party_warning", "jud_criminal", "ff_admonishment", "tr_drunk_driving", "jud_dishonest_debtor"} {
		t.Run("ErrNotRepairable_"+k, func(t *testing.T) {
			_, err := p.RepairableFrom(code(k), date("2020-01-01"))
			if e, ok := err.(*domain.Error); !ok || e.Fields[0].Field != "record_id" || !strings.Contains(e.Fields[0].Message, "credit-type") {
				t.Fatalf("%s must not be repairable: %v", k, err)
			}
		})
	}
}

func TestMaskNameAndHiding(t *testing.T) {
	p, _ := load(t)
	for in, want := range map[string]string{"张三": "张*", "欧阳娜娜": "欧***", "王": "王", "": ""} {
		if got := selfservice.MaskName(in); got != want {
			t.Fatalf("MaskName(%q) = %q, want %q", in, got, want)
		}
	}
	if !p.Hidden("investigation") || p.Hidden("judicial") || !p.HiddenRule("under_investigation") {
		t.Fatal("an official's own view leaves out open investigations")
	}
}

func TestPolicyValidation(t *testing.T) {
	cat := policytest.Catalogue(t)
	policytest.Refused(t, "selfservice.yaml", func(b []byte) (*selfservice.Policy, error) { return selfservice.ParseYAML(b, cat) }, []policytest.Edit{
		{"ErrMaxBelowDecision", "dispute_max_days: 20", "dispute_max_days: 3", "dispute_max_days"},
		{"ErrBadHoliday", "2026-01-01, 2026-01-02", "2026-13-01, 2026-01-02", "holidays[0]"},
		{"ErrUnknownCategory", "hidden_categories: [investigation, lead]", "hidden_categories: [secrets]", "hidden_categories"},
		{"ErrMissingClass", "{minor: 0, general: 3, serious: 12}", "{minor: 0, general: 3}", "repair_waiting_months.serious"},
		{"ErrMissingAppealKind", "{review: 1, recheck: 2, appeal: 3}", "{review: 1, appeal: 3}", "appeal_decision_months.recheck"},
		{"ErrAppealMonthsZero", "{review: 1, recheck: 2, appeal: 3}", "{review: 0, recheck: 2, appeal: 3}", "appeal_decision_months.review"},
		{"ErrUnknownAppealKind", "{review: 1, recheck: 2, appeal: 3}", "{review: 1, recheck: 2, appeal: 3, petition: 1}", "appeal_decision_months.petition"},
	})
}

func TestAppealDueOn(t *testing.T) {
	p, cat := load(t)
	for _, tc := range []struct{ kind, filed, want string }{
		{domain.AppealReview, "2026-11-25", "2026-12-25"},  // 复审: one month
		{domain.AppealRecheck, "2026-11-25", "2027-01-25"}, // 复核: two months
		{domain.AppealAppeal, "2026-11-25", "2027-02-25"},  // 申诉: three months at most
		{domain.AppealReview, "2026-01-31", "2026-02-28"},  // a month without the day ends on its last day
	} {
		if got := p.AppealDueOn(tc.kind, date(tc.filed)).Format(time.DateOnly); got != tc.want {
			t.Errorf("%s filed %s: due %s, want %s", tc.kind, tc.filed, got, tc.want)
		}
	}
	t.Run("AnOlderVersionWithoutThemTakesTheLaw", func(t *testing.T) {
		body := policytest.File(t, "selfservice.yaml")
		old := strings.Replace(string(body), "appeal_decision_months: {review: 1, recheck: 2, appeal: 3}", "", 1)
		if old == string(body) {
			t.Fatal("the shipped policy states the appeal months")
		}
		q, err := selfservice.ParseYAML([]byte(old), cat)
		if err != nil {
			t.Fatal(err)
		}
		if got := q.AppealDueOn(domain.AppealRecheck, date("2026-11-25")).Format(time.DateOnly); got != "2027-01-25" {
			t.Fatalf("a recheck under a version without appeal months: due %s", got)
		}
	})
}
