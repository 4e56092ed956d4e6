package lookup_test

import (
	"strings"
	"testing"
	"time"

	"integrity/internal/domain"
	"integrity/internal/lookup"
	"integrity/internal/policytest"
)

func defaultPolicy(t *testing.T) *lookup.Policy {
	t.Helper()
	cat := policytest.Catalogue(t)
	return policytest.Shipped(t, "lookups.yaml", func(b []byte) (*lookup.Policy, error) { return lookup.ParseYAML(b, cat) })
}

var t0 = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

func pending(modules string) domain.Lookup {
	return domain.Lookup{ID: 1, RequesterID: 10, State: domain.LookupPending, Modules: modules, PendingUntil: t0.Add(72 * time.Hour)}
}

func fieldOf(err error) string {
	if e, ok := err.(*domain.Error); ok && len(e.Fields) > 0 {
		return e.Fields[0].Field
	}
	return ""
}

func TestShippedPolicy(t *testing.T) {
	p := defaultPolicy(t)
	if p.PendingHours != 72 || p.DefaultDays != 7 || p.MaxDays != 30 {
		t.Fatalf("limits %d h, %d/%d days", p.PendingHours, p.DefaultDays, p.MaxDays)
	}
	if pu, _ := p.Purpose("disciplinary_review"); !pu.Confidential {
		t.Fatal("纪律审查 should be confidential")
	}
	if pu, _ := p.Purpose("cadre_selection"); pu.Confidential || pu.Zh != "干部选任审核" {
		t.Fatalf("干部选任审核: %+v", pu)
	}
	if p.ModuleOf("traffic") != "credit" || p.ModuleOf("party_sanction") != "sanctions" || p.ModuleOf("personal_report") != "property" {
		t.Fatal("categories map to the wrong modules")
	}
	if !p.NeedsTwoApprovers([]string{"basic", "property"}) || !p.NeedsTwoApprovers([]string{"leads"}) || p.NeedsTwoApprovers([]string{"basic", "sanctions"}) {
		t.Fatal("only the property and leads modules need two approvers")
	}
	// Problem leads show under their own module only, never with the sanctions.
	if p.ModuleOf("lead") != "leads" {
		t.Fatalf("leads under %q", p.ModuleOf("lead"))
	}
	if p.WholeFile([]string{"basic", "sanctions", "judicial"}) {
		t.Fatal("three modules are not the whole file")
	}
	if !p.WholeFile([]string{"sanctions", "judicial", "credit", "commendations", "assessments", "property"}) {
		t.Fatal("every module with categories that score is the whole file")
	}
}

func TestPolicyValidation(t *testing.T) {
	cat := policytest.Catalogue(t)
	policytest.Refused(t, "lookups.yaml", func(b []byte) (*lookup.Policy, error) { return lookup.ParseYAML(b, cat) }, []policytest.Edit{
		{"ErrMaxDaysOverThirty", "max_days: 30", "max_days: 31", "max_days"},
		{"ErrDefaultOverMax", "default_days: 7", "default_days: 40", "default_days"},
		{"ErrPendingHours", "pending_hours: 72", "pending_hours: 0", "pending_hours"},
		{"ErrUnknownCategory", "categories: [judicial]", "categories: [judicial, spells]", "modules[2].categories"},
		{"ErrRepeatedPurpose", "key: commendation_review", "key: cadre_selection", "purposes[2].key"},
	})
}

func TestCheckRequest(t *testing.T) {
	p := defaultPolicy(t)
	ok := func() lookup.Request {
		return lookup.Request{OfficialIDs: []int64{3, 3, 4}, Purpose: "clue_disposal", Reason: "  反映问题线索需核实  ",
			Modules: []string{"judicial", "basic", "judicial"}}
	}
	r := ok()
	if err := p.CheckRequest(&r); err != nil {
		t.Fatal(err)
	}
	if len(r.OfficialIDs) != 2 || strings.Join(r.Modules, ",") != "basic,judicial" || r.Reason != "反映问题线索需核实" {
		t.Fatalf("normalised to %+v", r)
	}
	cases := []struct {
		name  string
		edit  func(*lookup.Request)
		field string
	}{
		{"ErrNoOfficial", func(r *lookup.Request) { r.OfficialIDs = nil }, "official_ids"},
		{"ErrTooManyOfficials", func(r *lookup.Request) {
			r.OfficialIDs = nil
			for i := int64(1); i <= 21; i++ {
				r.OfficialIDs = append(r.OfficialIDs, i)
			}
		}, "official_ids"},
		{"ErrUnknownPurpose", func(r *lookup.Request) { r.Purpose = "curiosity" }, "purpose"},
		{"ErrReasonRequired", func(r *lookup.Request) { r.Reason = "   " }, "reason"},
		{"ErrNoModule", func(r *lookup.Request) { r.Modules = nil }, "modules"},
		{"ErrUnknownModule", func(r *lookup.Request) { r.Modules = []string{"basic", "diary"} }, "modules"},
		{"ErrDaysOverCap", func(r *lookup.Request) { r.Days = 31 }, "days"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := ok()
			tc.edit(&r)
			if err := p.CheckRequest(&r); fieldOf(err) != tc.field {
				t.Fatalf("want an error on %s, got %v", tc.field, err)
			}
		})
	}
}

func TestDecide(t *testing.T) {
	p := defaultPolicy(t)
	now := t0.Add(time.Hour)
	t.Run("ApproveAsRequestedWithTheDefaultWindow", func(t *testing.T) {
		o, err := p.Decide(pending("basic,sanctions"), nil, 20, lookup.Decision{Approve: true}, now)
		if err != nil {
			t.Fatal(err)
		}
		if o.State != domain.LookupApproved || strings.Join(o.Modules, ",") != "basic,sanctions" || o.Days != 7 ||
			!o.AccessFrom.Equal(now) || !o.AccessUntil.Equal(now.Add(7*24*time.Hour)) {
			t.Fatalf("%+v", o)
		}
	})
	t.Run("NarrowedModulesAndAShorterWindow", func(t *testing.T) {
		o, err := p.Decide(pending("basic,sanctions,judicial"), nil, 20, lookup.Decision{Approve: true, Modules: []string{"sanctions"}, Days: 2}, now)
		if err != nil || strings.Join(o.Modules, ",") != "sanctions" || !o.AccessUntil.Equal(now.Add(48*time.Hour)) {
			t.Fatalf("%+v %v", o, err)
		}
	})
	t.Run("TheRequestedWindowUnlessTheApproverSetsOne", func(t *testing.T) {
		l := pending("basic")
		l.RequestedDays = 3
		if o, _ := p.Decide(l, nil, 20, lookup.Decision{Approve: true}, now); o.Days != 3 {
			t.Fatalf("days %d", o.Days)
		}
	})
	t.Run("ErrAddingAModule", func(t *testing.T) {
		_, err := p.Decide(pending("basic"), nil, 20, lookup.Decision{Approve: true, Modules: []string{"basic", "property"}}, now)
		if fieldOf(err) != "modules" {
			t.Fatalf("%v", err)
		}
	})
	t.Run("ErrWindowOverTheCap", func(t *testing.T) {
		_, err := p.Decide(pending("basic"), nil, 20, lookup.Decision{Approve: true, Days: 31}, now)
		if fieldOf(err) != "days" {
			t.Fatalf("%v", err)
		}
	})
	t.Run("ErrSelfApproval", func(t *testing.T) {
		_, err := p.Decide(pending("basic"), nil, 10, lookup.Decision{Approve: true}, now)
		if domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Fatalf("%v", err)
		}
	})
	t.Run("ErrRejectWithoutAReason", func(t *testing.T) {
		_, err := p.Decide(pending("basic"), nil, 20, lookup.Decision{Note: " "}, now)
		if fieldOf(err) != "note" {
			t.Fatalf("%v", err)
		}
		if o, err := p.Decide(pending("basic"), nil, 20, lookup.Decision{Note: "依据不足"}, now); err != nil || o.State != domain.LookupRejected {
			t.Fatalf("%+v %v", o, err)
		}
	})
	t.Run("ErrDecidedAlready", func(t *testing.T) {
		for _, st := range []string{domain.LookupApproved, domain.LookupRejected, domain.LookupRevoked, domain.LookupExpired} {
			l := pending("basic")
			l.State = st
			if _, err := p.Decide(l, nil, 20, lookup.Decision{Approve: true}, now); domain.ErrorCode(err) != domain.ECONFLICT {
				t.Fatalf("%s: %v", st, err)
			}
		}
	})
	t.Run("ErrPendingPastItsDeadline", func(t *testing.T) {
		l := pending("basic")
		if _, err := p.Decide(l, nil, 20, lookup.Decision{Approve: true}, l.PendingUntil.Add(-time.Second)); err != nil {
			t.Fatalf("a second before the deadline: %v", err)
		}
		if _, err := p.Decide(l, nil, 20, lookup.Decision{Approve: true}, l.PendingUntil); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("at the deadline: %v", err)
		}
	})
	t.Run("PropertyNeedsTwoApprovers", func(t *testing.T) {
		l := pending("basic,sanctions,property")
		first, err := p.Decide(l, nil, 20, lookup.Decision{Approve: true, Days: 5}, now)
		if err != nil || first.State != domain.LookupPending || !first.AwaitingSecond {
			t.Fatalf("first approval: %+v %v", first, err)
		}
		prior := []lookup.Approval{{ApproverID: 20, Modules: first.Modules, Days: first.Days}}
		if _, err := p.Decide(l, prior, 20, lookup.Decision{Approve: true}, now); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("the same approver twice: %v", err)
		}
		second, err := p.Decide(l, prior, 30, lookup.Decision{Approve: true, Modules: []string{"sanctions", "property"}, Days: 10}, now)
		if err != nil || second.State != domain.LookupApproved || strings.Join(second.Modules, ",") != "sanctions,property" || second.Days != 5 {
			t.Fatalf("second approval grants the intersection and the shorter window: %+v %v", second, err)
		}
	})
	t.Run("NarrowingAwayPropertyNeedsOneApprover", func(t *testing.T) {
		o, err := p.Decide(pending("basic,property"), nil, 20, lookup.Decision{Approve: true, Modules: []string{"basic"}}, now)
		if err != nil || o.State != domain.LookupApproved {
			t.Fatalf("%+v %v", o, err)
		}
	})
}

func TestEffectiveAndOpens(t *testing.T) {
	from, until := t0, t0.Add(7*24*time.Hour)
	l := domain.Lookup{RequesterID: 10, State: domain.LookupApproved, AccessFrom: &from, AccessUntil: &until}
	cases := []struct {
		name  string
		user  int64
		at    time.Time
		state string
		opens bool
	}{
		{"InTheWindow", 10, t0.Add(time.Hour), domain.LookupApproved, true},
		{"LastSecond", 10, until.Add(-time.Second), domain.LookupApproved, true},
		{"AtTheEnd", 10, until, domain.LookupExpired, false},
		{"SomeoneElse", 11, t0.Add(time.Hour), domain.LookupApproved, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if st := lookup.Effective(l, tc.at); st != tc.state {
				t.Fatalf("state %s, want %s", st, tc.state)
			}
			if lookup.Opens(l, tc.user, tc.at) != tc.opens {
				t.Fatalf("opens should be %v", tc.opens)
			}
		})
	}
	revoked := l
	revoked.State = domain.LookupRevoked
	if lookup.Opens(revoked, 10, t0.Add(time.Hour)) {
		t.Fatal("a revoked lookup opens nothing")
	}
	if err := lookup.CheckRevoke(revoked, "no longer needed", t0.Add(time.Hour)); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("revoking twice: %v", err)
	}
	if err := lookup.CheckRevoke(l, "", t0.Add(time.Hour)); fieldOf(err) != "reason" {
		t.Fatalf("revoking without a reason: %v", err)
	}
}

// TestAVersionPublishedBeforeANewCategory: a published version read after
// the catalogue gained a category still works and opens nothing of it (it
// fails closed), while an edited draft must place the category.
func TestAVersionPublishedBeforeANewCategory(t *testing.T) {
	cat := policytest.Catalogue(t)
	body := policytest.File(t, "lookups.yaml")
	older := strings.Replace(string(body), "  - {key: assessments, zh: 年度考核结果, en: Annual assessment results, categories: [annual_assessment]}\n", "", 1)
	if older == string(body) {
		t.Fatal("the test did not remove the module")
	}
	p, err := lookup.ParseYAML([]byte(older), cat)
	if err != nil {
		t.Fatalf("the older version must still read: %v", err)
	}
	if p.ModuleOf("annual_assessment") != "" || strings.Join(p.Uncovered(cat), ",") != "annual_assessment" {
		t.Fatalf("the new category is opened by no module: %q %v", p.ModuleOf("annual_assessment"), p.Uncovered(cat))
	}
	if err := p.CheckCovers(cat); fieldOf(err) != "modules" {
		t.Fatalf("a draft must place every category: %v", err)
	}
	if err := defaultPolicy(t).CheckCovers(cat); err != nil {
		t.Fatalf("the shipped policy places every category: %v", err)
	}
}
