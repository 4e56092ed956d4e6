package app_test

import (
	"context"
	"testing"

	"integrity/internal/app"
	"integrity/internal/domain"
	"integrity/internal/store/storetest"
)

func service(t testing.TB) *app.Service {
	db := storetest.MustOpenDB(t)
	s := newService(t, db)
	_, err := s.CreateUser(context.Background(), app.Actor{Username: "t"}, app.NewUser{Username: "known",
		Grants: []app.GrantInput{{Role: domain.RoleAuditor, Scope: domain.ScopeAll}}, Password: "Right-password-1", Permanent: true})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestLoginFailuresLookAlike(t *testing.T) {
	s := service(t)
	for _, name := range []string{"known", "unknown"} {
		_, err := s.Login(context.Background(), app.Actor{}, app.LoginInput{Username: name, Password: "Wrong-password-1"})
		var de *domain.Error
		if !asError(err, &de) || de.Code != domain.EUNAUTHENTICATED || de.Message != "the username or password is wrong" {
			t.Fatalf("%s: %v", name, err)
		}
	}
}

func asError(err error, target **domain.Error) bool {
	de, ok := err.(*domain.Error)
	*target = de
	return ok
}

// BenchmarkLoginFailure compares a wrong password for a known user with any
// password for an unknown one: both must cost one argon2id check, so the
// time of a failure tells an attacker nothing about which usernames exist.
// Figures: docs/BENCHMARKS.md.
func BenchmarkLoginFailure(b *testing.B) {
	s := service(b)
	for _, name := range []string{"known", "unknown"} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				_, _ = s.Login(context.Background(), app.Actor{}, app.LoginInput{Username: name, Password: "Wrong-password-1"})
			}
		})
	}
}
