package store_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"integrity/internal/domain"
	"integrity/internal/store"
)

// TestLoadPrincipalReadsEveryColumn shows that the one query behind every
// request reads each of the user's and the session's columns as the user
// row itself holds them, with the grants in role order and their
// departments' paths, and that a missing or foreign session is not found.
func TestLoadPrincipalReadsEveryColumn(t *testing.T) {
	db, rec := sanctioned(t)
	ctx := context.Background()
	dept := mustDept(t, db, nil, "county")
	at := time.Date(2026, 11, 3, 8, 30, 15, 0, time.UTC)
	later := at.Add(90 * time.Minute)
	var admin, u domain.User
	var sess domain.Session
	err := db.Do(ctx, func(tx *store.Tx) error {
		admin = domain.User{Username: "root", DisplayName: "管理员", PasswordHash: "x", Enabled: true, PasswordChangedAt: at, CreatedAt: at, UpdatedAt: at, Version: 1}
		if err := tx.CreateUser(&admin, nil); err != nil {
			return err
		}
		u = domain.User{Username: "li", DisplayName: "李四", PasswordHash: "$argon2id$…", DepartmentID: &dept.ID, OfficialID: &rec.OfficialID,
			SourceID: &rec.SourceID, Enabled: true, MustChangePassword: true, PasswordChangedAt: at, TOTPSecretEnc: []byte{9, 8, 7},
			TOTPEnabled: true, TOTPLastStep: 58_000_123, FailedLogins: 2, LockedUntil: &later, LastLoginAt: &at,
			ActivationAHash: "a-hash", ActivationABy: &admin.ID, ActivationBHash: "b-hash", ActivationUntil: &later,
			Version: 7, CreatedAt: at, UpdatedAt: later}
		if err := tx.CreateUser(&u, []domain.RoleGrant{
			{Role: domain.RoleOfficial, Scope: "self", CreatedAt: at},
			{Role: domain.RolePersonnelStaff, Scope: "subtree", DepartmentID: &dept.ID, CreatedAt: at},
		}); err != nil {
			return err
		}
		sess = domain.Session{ID: "s-1", UserID: u.ID, CreatedAt: at, LastUsedAt: later, ExpiresAt: later.Add(time.Hour),
			RevokedAt: &later, RevokedReason: "logout", IP: "10.0.0.7", UserAgent: "Firefox"}
		return tx.CreateSession(&sess)
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []reflect.Value{reflect.ValueOf(u), reflect.ValueOf(sess)} {
		for i := range v.NumField() {
			if v.Field(i).IsZero() {
				t.Fatalf("the fixture leaves %s.%s empty: set it so the test shows it is read", v.Type().Name(), v.Type().Field(i).Name)
			}
		}
	}
	var want domain.User
	if err := db.Do(ctx, func(tx *store.Tx) (err error) { want, err = tx.UserForUpdate(u.ID); return err }); err != nil {
		t.Fatal(err)
	}
	p, err := db.LoadPrincipal(ctx, "s-1", u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p.User, want) {
		t.Errorf("user:\n got %+v\nwant %+v", p.User, want)
	}
	if p.Session.ID != "s-1" || p.Session.UserID != u.ID || !p.Session.LastUsedAt.Equal(later) || p.Session.RevokedAt == nil ||
		!p.Session.RevokedAt.Equal(later) || p.Session.RevokedReason != "logout" || p.Session.IP != "10.0.0.7" || p.Session.UserAgent != "Firefox" {
		t.Errorf("session = %+v", p.Session)
	}
	if len(p.Grants) != 2 || p.Grants[0].Role != domain.RoleOfficial || p.Grants[0].DepartmentID != nil ||
		p.Grants[1].Role != domain.RolePersonnelStaff || p.Grants[1].Scope != "subtree" || p.Grants[1].DepartmentID == nil ||
		*p.Grants[1].DepartmentID != dept.ID || p.Grants[1].DeptPath != dept.Path {
		t.Errorf("grants = %+v (department %+v)", p.Grants, dept)
	}
	if p, err := db.LoadPrincipal(ctx, "s-1", admin.ID); !isNotFound(err) {
		t.Errorf("another user's session: %+v, %v", p, err)
	}
	if p, err := db.LoadPrincipal(ctx, "s-2", u.ID); !isNotFound(err) {
		t.Errorf("a missing session: %+v, %v", p, err)
	}
	// A user without grants still signs in, with none.
	err = db.Do(ctx, func(tx *store.Tx) error {
		return tx.CreateSession(&domain.Session{ID: "s-root", UserID: admin.ID, CreatedAt: at, LastUsedAt: at, ExpiresAt: later})
	})
	if err != nil {
		t.Fatal(err)
	}
	if p, err := db.LoadPrincipal(ctx, "s-root", admin.ID); err != nil || p.User.Username != "root" || len(p.Grants) != 0 {
		t.Errorf("no grants: %+v, %v", p, err)
	}
}

func isNotFound(err error) bool {
	var de *domain.Error
	return errors.As(err, &de) && de.Code == domain.ENOTFOUND
}

// TestCountLookupViewsAddsEachLookupsViews shows that one batch's views
// are added to each lookup's count, with the time of the batch, and that a
// lookup the batch does not name keeps its count.
func TestCountLookupViewsAddsEachLookupsViews(t *testing.T) {
	db, rec := sanctioned(t)
	ctx := context.Background()
	at := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return at }
	var ids []int64
	err := db.Do(ctx, func(tx *store.Tx) error {
		u := domain.User{Username: "staff", DisplayName: "纪检", PasswordHash: "x", Enabled: true, PasswordChangedAt: at, CreatedAt: at, UpdatedAt: at, Version: 1}
		if err := tx.CreateUser(&u, nil); err != nil {
			return err
		}
		for range 3 {
			l := domain.Lookup{RequesterID: u.ID, Requester: "staff", Purpose: "case", Reason: "核查", Modules: "records", State: domain.LookupApproved,
				PendingUntil: at}
			if err := tx.CreateLookup(&l, []int64{rec.OfficialID}); err != nil {
				return err
			}
			ids = append(ids, l.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, batch := range [][]store.LookupViews{{{ID: ids[0], Views: 3}, {ID: ids[2], Views: 1}}, {{ID: ids[2], Views: 5}}} {
		if err := db.Do(ctx, func(tx *store.Tx) error { return tx.CountLookupViews(batch) }); err != nil {
			t.Fatal(err)
		}
	}
	for i, want := range []int{3, 0, 6} {
		l, err := db.Lookup(ctx, ids[i])
		if err != nil {
			t.Fatal(err)
		}
		if l.Views != want || (want > 0) != (l.LastViewedAt != nil) || l.LastViewedAt != nil && !l.LastViewedAt.Equal(at) {
			t.Errorf("lookup %d: %d views, last %v; want %d", i, l.Views, l.LastViewedAt, want)
		}
	}
}
