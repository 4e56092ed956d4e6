package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"integrity/internal/domain"
	"integrity/internal/store"
)

// TestOpenLookupFindsTheOfficialAndTheLookupInOneRead shows, on every
// database, that the file view's one read gives the official only inside
// the caller's scope, and with them only an approved lookup of the caller
// whose window is open now: the one asked for, or else the one ending
// last, with every column of it as the lookup's own read gives it.
func TestOpenLookupFindsTheOfficialAndTheLookupInOneRead(t *testing.T) {
	ctx := context.Background()
	db, gs1 := sanctioned(t)
	me := gs1.OfficialID
	now := time.Now().UTC().Truncate(time.Second)
	at := func(d time.Duration) *time.Time { x := now.Add(d); return &x }
	user := func(name string) int64 {
		t.Helper()
		u := domain.User{Username: name, DisplayName: name, PasswordHash: "x", Enabled: true, PasswordChangedAt: now, CreatedAt: now,
			UpdatedAt: now, Version: 1}
		must(t, db.Do(ctx, func(tx *store.Tx) error { return tx.CreateUser(&u, nil) }))
		return u.ID
	}
	mine, yours, nobody := user("staff1"), user("staff2"), user("staff3")
	lookup := func(requester int64, state string, from, until *time.Time, note string) int64 {
		t.Helper()
		l := domain.Lookup{RequesterID: requester, Requester: "staff", Purpose: "case_review", Reason: "线索核查", LegalBasis: "监察法",
			Modules: "basic,discipline", RequestedDays: 5, Granted: "basic,discipline", State: state, PendingUntil: now.Add(72 * time.Hour),
			AccessFrom: from, AccessUntil: until, DecidedBy: "approver", DecidedAt: from, DecisionNote: note, PolicyVersion: 2, Views: 3,
			LastViewedAt: from}
		must(t, db.Do(ctx, func(tx *store.Tx) error { return tx.CreateLookup(&l, []int64{me}) }))
		return l.ID
	}
	soon := lookup(mine, domain.LookupApproved, at(-24*time.Hour), at(48*time.Hour), "两天")
	last := lookup(mine, domain.LookupApproved, at(-24*time.Hour), at(120*time.Hour), "五天")
	theirs := lookup(yours, domain.LookupApproved, at(-24*time.Hour), at(240*time.Hour), "别人的")
	over := lookup(mine, domain.LookupApproved, at(-96*time.Hour), at(-time.Hour), "已过期")
	early := lookup(mine, domain.LookupApproved, at(time.Hour), at(300*time.Hour), "未开始")
	pending := lookup(mine, domain.LookupPending, nil, nil, "")
	all := domain.Scope{All: true}

	o, l, err := db.OpenLookup(ctx, all, mine, me, 0, now)
	must(t, err)
	if l.ID != last || o.ID != me || o.Name != "张三" || o.DepartmentName != "city" || o.IDNumberMasked != "320102********1239" {
		t.Fatalf("got lookup %d for official %+v, want lookup %d (the one ending last) for 张三 of city", l.ID, o, last)
	}
	stored, err := db.Lookup(ctx, last)
	must(t, err)
	if !reflect.DeepEqual(l, stored.Lookup) {
		t.Fatalf("the lookup read with the official differs from its own read:\n got %+v\nwant %+v", l, stored.Lookup)
	}
	if _, l, err = db.OpenLookup(ctx, all, mine, me, soon, now); err != nil || l.ID != soon || l.DecisionNote != "两天" {
		t.Fatalf("asked for lookup %d: got %d (%q), %v", soon, l.ID, l.DecisionNote, err)
	}
	if _, l, err = db.OpenLookup(ctx, all, yours, me, 0, now); err != nil || l.ID != theirs {
		t.Fatalf("the other user's open lookup: got %d, %v, want %d", l.ID, err, theirs)
	}
	for name, id := range map[string]int64{"another user's": theirs, "an expired": over, "a future": early, "a pending": pending} {
		if _, _, err := db.OpenLookup(ctx, all, mine, me, id, now); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("%s lookup opened the file: %v", name, err)
		}
	}
	if _, _, err := db.OpenLookup(ctx, all, nobody, me, 0, now); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("a user with no lookup opened the file: %v", err)
	}
	other := mustDept(t, db, nil, "county")
	for name, scope := range map[string]domain.Scope{"another department": {DeptIDs: []int64{other.ID}},
		"another department's tree": {DeptPaths: []string{other.Path}}, "another official": {OfficialIDs: []int64{me + 1}}, "nothing": {}} {
		if _, _, err := db.OpenLookup(ctx, scope, mine, me, last, now); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("a scope of %s reached the official through an open lookup: %v", name, err)
		}
	}
	if _, l, err := db.OpenLookup(ctx, domain.Scope{OfficialIDs: []int64{me}}, mine, me, 0, now); err != nil || l.ID != last {
		t.Fatalf("a scope of the official: got %d, %v", l.ID, err)
	}
	// Lists of three, read as lists of four (the last id again).
	three := domain.Scope{DeptIDs: []int64{other.ID, other.ID + 100, o.DepartmentID}, OfficialIDs: []int64{me + 1, me + 2, me + 3}}
	if _, l, err := db.OpenLookup(ctx, three, mine, me, 0, now); err != nil || l.ID != last {
		t.Fatalf("a scope of three departments, the official's last: got %d, %v", l.ID, err)
	}
	three.DeptIDs = three.DeptIDs[:2]
	if _, _, err := db.OpenLookup(ctx, three, mine, me, 0, now); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("a scope of two other departments and three other officials reached the official: %v", err)
	}
}
