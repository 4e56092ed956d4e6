package app_test

import (
	"testing"
	"time"

	"integrity/internal/app"
	"integrity/internal/config"
	"integrity/internal/secure"
	"integrity/internal/store"
	"integrity/internal/store/storetest"
)

// testKeys are the keys of the tests' services, derived from a fixed test
// secret.
func testKeys(t testing.TB) *secure.Keys {
	t.Helper()
	return storetest.Keys(t, "s")
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
