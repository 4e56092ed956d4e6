package app_test

import (
	"strings"
	"testing"
	"time"

	"integrity/internal/app"
	"integrity/internal/config"
	"integrity/internal/secure"
	"integrity/internal/store"
)

// testKeys are the keys of the tests' services, derived from a fixed test
// secret.
func testKeys(t testing.TB) *secure.Keys {
	t.Helper()
	keys, err := secure.Derive(strings.Repeat("s", 40))
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

// newService is the use cases over db with the test keys and sign-in
// settings.
func newService(t testing.TB, db *store.DB) *app.Service {
	return app.New(db, testKeys(t), authConfig(), false)
}

func authConfig() config.Auth {
	return config.Auth{AccessTTL: time.Minute, SessionTTL: time.Hour, LockoutThreshold: 1 << 30, LockoutDuration: time.Minute,
		PasswordMinLength: 10, PasswordClasses: 3}
}
