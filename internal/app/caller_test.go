package app_test

import (
	"context"
	"testing"

	"integrity/internal/app"
	"integrity/internal/domain"
	"integrity/internal/ingest"
	"integrity/internal/store"
	"integrity/internal/store/storetest"
)

// callerWorld is a service over a fresh database with a city, a district
// under it, an official in each, a court source and its clerk, one record
// of each official from the court, and a dispute by the district official.
type callerWorld struct {
	s                  *app.Service
	db                 *store.DB
	city, district     domain.Department
	inCity, inDistrict int64
	court              domain.Source
	clerkID            int64
	recCity, recDist   int64
}

func newCallerWorld(t *testing.T) *callerWorld {
	t.Helper()
	ctx := context.Background()
	db := storetest.MustOpenDB(t)
	w := &callerWorld{s: newService(t, db), db: db}
	test := app.Actor{Username: "test"}
	w.city = domain.Department{Code: "city", Name: "市", Kind: domain.DeptCity}
	if err := db.CreateDepartment(ctx, &w.city); err != nil {
		t.Fatal(err)
	}
	w.district = domain.Department{Code: "dist", Name: "区", Kind: domain.DeptDistrict, ParentID: &w.city.ID}
	if err := db.CreateDepartment(ctx, &w.district); err != nil {
		t.Fatal(err)
	}
	official := func(dept int64, name, id string) int64 {
		cat, status := domain.CategoryCivilServant, domain.OfficialActive
		o, err := w.s.CreateOfficial(ctx, test, app.OfficialInput{DepartmentID: &dept, Name: &name, IDNumber: &id, Category: &cat, Status: &status})
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	w.inCity = official(w.city.ID, "张三", "320102199003071239")
	w.inDistrict = official(w.district.ID, "李四", "320102198511200047")
	w.court = domain.Source{Code: "court", Name: "法院", Categories: "judicial"}
	if err := db.UpsertSource(ctx, &w.court); err != nil {
		t.Fatal(err)
	}
	clerk, err := w.s.CreateUser(ctx, test, app.NewUser{Username: "clerk", SourceID: &w.court.ID,
		Grants: []app.GrantInput{{Role: domain.RoleDataClerk, Scope: domain.ScopeAll}}, Password: "Correct-horse-9", Permanent: true})
	if err != nil {
		t.Fatal(err)
	}
	w.clerkID = clerk.User.ID
	sub := app.Submitter{Source: w.court}
	for i, id := range []string{"320102199003071239", "320102198511200047"} {
		res, err := w.s.SubmitRecords(ctx, test, sub, []ingest.RecordInput{{IDNumber: id, SourceRef: "R" + string(rune('1'+i)),
			Category: "judicial", Code: "jud_civil_unperformed", DecisionDate: "2026-06-01", DocumentNo: "（2026）民初1号", Authority: "法院"}})
		if err != nil || res[0].ID == 0 {
			t.Fatalf("record: %v %+v", err, res)
		}
		if i == 0 {
			w.recCity = res[0].ID
		} else {
			w.recDist = res[0].ID
		}
	}
	return w
}

// as builds the caller a request with these grants would be, the way the
// HTTP layer does: the roles that allowed it, then Resolve.
func (w *callerWorld) as(t *testing.T, u domain.User, grants []domain.GrantInfo, allowed ...string) app.Caller {
	t.Helper()
	for i, g := range grants {
		if g.DepartmentID != nil {
			d, err := w.db.Department(context.Background(), *g.DepartmentID)
			if err != nil {
				t.Fatal(err)
			}
			grants[i].DeptPath = d.Path
		}
	}
	cl := app.Caller{Principal: &domain.Principal{User: u, Grants: grants}}
	roles := map[string]bool{}
	for _, r := range allowed {
		roles[r] = true
	}
	if err := w.s.Resolve(context.Background(), &cl, roles); err != nil {
		t.Fatal(err)
	}
	return cl
}

func TestTheCallerDecidesWhatItSees(t *testing.T) {
	w := newCallerWorld(t)
	ctx := context.Background()
	dist := w.district.ID

	// A personnel officer of the district sees its officials, not the city's.
	hr := w.as(t, domain.User{ID: 90, Username: "hr"}, []domain.GrantInfo{{Role: domain.RolePersonnelStaff, Scope: domain.ScopeDeptAndBelow, DepartmentID: &dist}},
		domain.RolePersonnelStaff)
	if _, err := w.s.ReadOfficial(ctx, hr.Actor(), hr.Scope(), w.inDistrict); err != nil {
		t.Errorf("the district's officer reads the district's official: %v", err)
	}
	if _, err := w.s.ReadOfficial(ctx, hr.Actor(), hr.Scope(), w.inCity); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("the city's official is outside the district officer's scope: %v", err)
	}
	// A grant whose role did not allow the request adds nothing.
	other := w.as(t, domain.User{ID: 91, Username: "both"}, []domain.GrantInfo{{Role: domain.RoleAuditor, Scope: domain.ScopeAll},
		{Role: domain.RolePersonnelStaff, Scope: domain.ScopeDeptAndBelow, DepartmentID: &dist}}, domain.RolePersonnelStaff)
	if _, err := w.s.ReadOfficial(ctx, other.Actor(), other.Scope(), w.inCity); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("the auditor grant did not allow the request and must not widen it: %v", err)
	}

	// A data clerk sees their source's records, audited; an administrator every source's.
	clerk := w.as(t, domain.User{ID: w.clerkID, Username: "clerk", SourceID: &w.court.ID}, []domain.GrantInfo{{Role: domain.RoleDataClerk, Scope: domain.ScopeAll}},
		domain.RoleDataClerk)
	if src, err := clerk.RecordSource(); err != nil || src != w.court.ID {
		t.Fatalf("the clerk's records are the court's: %d %v", src, err)
	}
	before := auditTotal(t, w.db)
	rows, total, err := w.s.Records(ctx, clerk, domain.RecordFilter{Page: domain.Page{Number: 1, Size: 10}})
	if err != nil || total != 2 || len(rows) != 2 {
		t.Fatalf("the clerk lists the court's two records: %d %v", total, err)
	}
	if auditTotal(t, w.db) != before+1 {
		t.Error("a record list leaves one audit entry")
	}
	if _, _, err := w.s.Record(ctx, clerk, w.recCity); err != nil {
		t.Errorf("the clerk reads the court's record: %v", err)
	}
	admin := w.as(t, domain.User{ID: 1, Username: "admin"}, []domain.GrantInfo{{Role: domain.RoleAdmin, Scope: domain.ScopeAll}}, domain.RoleAdmin)
	if src, err := admin.RecordSource(); err != nil || src != 0 {
		t.Errorf("an administrator sees every source: %d %v", src, err)
	}

	// A clerk linked to no source, and anyone else, sees no records at all.
	lost := w.as(t, domain.User{ID: 92, Username: "lost"}, []domain.GrantInfo{{Role: domain.RoleDataClerk, Scope: domain.ScopeAll}}, domain.RoleDataClerk)
	if _, _, err := w.s.Records(ctx, lost, domain.RecordFilter{Page: domain.Page{Number: 1, Size: 10}}); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("a clerk without a source sees nothing: %v", err)
	}
	if _, _, err := w.s.Record(ctx, hr, w.recCity); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("a personnel officer reads no record directly: %v", err)
	}

	// An official is themselves, and sees their own cases only.
	me := w.as(t, domain.User{ID: 93, Username: "lisi", OfficialID: &w.inDistrict}, []domain.GrantInfo{{Role: domain.RoleOfficial, Scope: domain.ScopeSelf}},
		domain.RoleOfficial)
	if id, err := me.Self(); err != nil || id != w.inDistrict {
		t.Errorf("the official is the district's official: %d %v", id, err)
	}
	if f, err := me.CaseScope(); err != nil || f.OfficialID != w.inDistrict || f.SourceID != 0 {
		t.Errorf("an official's cases are their own: %+v %v", f, err)
	}
	if f, err := clerk.CaseScope(); err != nil || f.SourceID != w.court.ID || f.OfficialID != 0 {
		t.Errorf("a clerk's cases are their source's: %+v %v", f, err)
	}
	if _, err := hr.Self(); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("a personnel officer is no official: %v", err)
	}

	// An approver decides within the approver grant's scope; staff see their own requests.
	approver := w.as(t, domain.User{ID: 94, Username: "ap"}, []domain.GrantInfo{{Role: domain.RoleDisciplineApprover, Scope: domain.ScopeDeptAndBelow, DepartmentID: &dist},
		{Role: domain.RoleDisciplineStaff, Scope: domain.ScopeAll}}, domain.RoleDisciplineApprover, domain.RoleDisciplineStaff)
	v, err := approver.LookupView()
	if err != nil || !v.Approver || v.Scope.All || len(v.Scope.DeptPaths) != 1 {
		t.Errorf("the approver decides within the district only: %+v %v", v, err)
	}
	if !approver.LooksUpOnly() || admin.LooksUpOnly() {
		t.Error("discipline staff read files through lookups; an administrator does not")
	}

	// Checks belong to their owner.
	if by, err := hr.Checker(); err != nil || by.Owner.UserID != 90 || by.Owner.ClientID != 0 {
		t.Errorf("a personnel officer owns their checks: %+v %v", by, err)
	}
	if _, err := (app.Caller{}).Checker(); domain.ErrorCode(err) != domain.EUNAUTHENTICATED {
		t.Errorf("an anonymous caller runs no check: %v", err)
	}
}

func TestAClerksSourceThatCannotBeReadIsAnError(t *testing.T) {
	w := newCallerWorld(t)
	cl := app.Caller{Principal: &domain.Principal{User: domain.User{ID: w.clerkID, SourceID: &w.court.ID},
		Grants: []domain.GrantInfo{{Role: domain.RoleDataClerk, Scope: domain.ScopeAll}}}}
	if err := w.db.Close(); err != nil {
		t.Fatal(err)
	}
	err := w.s.Resolve(context.Background(), &cl, map[string]bool{domain.RoleDataClerk: true})
	if err == nil || domain.ErrorCode(err) == domain.ENOTFOUND {
		t.Errorf("a database failure is an error, never a narrower view (a 404): %v", err)
	}
}

func auditTotal(t *testing.T, db *store.DB) int64 {
	t.Helper()
	_, total, err := db.AuditEntries(context.Background(), domain.AuditFilter{Page: domain.Page{Number: 1, Size: 1}})
	if err != nil {
		t.Fatal(err)
	}
	return total
}
