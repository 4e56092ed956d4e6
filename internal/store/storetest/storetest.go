// Package storetest opens fresh, migrated databases for tests: SQLite in
// memory always, MySQL/MariaDB when INTEGRITY_TEST_MYSQL_DSN is set, and
// PostgreSQL when INTEGRITY_TEST_POSTGRES_DSN is set (and the MySQL one is
// not: one run of the suite tests one server).
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/stdlib"

	"integrity/internal/catalogue"
	"integrity/internal/config"
	"integrity/internal/store"
	"integrity/policies"
)

// MySQLEnv names the variable that points the tests at a MySQL server, as a
// URL like mysql://root@127.0.0.1:3306/test.
const MySQLEnv = "INTEGRITY_TEST_MYSQL_DSN"

// PostgresEnv names the variable that points the tests at a PostgreSQL
// server, as a URL like postgres://postgres@127.0.0.1:5432/test.
const PostgresEnv = "INTEGRITY_TEST_POSTGRES_DSN"

// Server names the database server the suite runs against: "mysql" when
// MySQLEnv is set, "postgres" when PostgresEnv is, "" for SQLite alone.
func Server() string {
	switch {
	case os.Getenv(MySQLEnv) != "":
		return "mysql"
	case os.Getenv(PostgresEnv) != "":
		return "postgres"
	}
	return ""
}

// MustOpenDB returns a fresh migrated database that is closed (and, for a
// server, dropped) when the test ends: on the server Server names, SQLite
// in memory when it names none.
func MustOpenDB(t testing.TB) *store.DB {
	t.Helper()
	switch Server() {
	case "mysql":
		return MustOpenMySQL(t)
	case "postgres":
		return MustOpenPostgres(t)
	}
	return MustOpenSQLite(t)
}

// MustOpenServer is MustOpenDB on the server Server names; it skips the
// test when there is none (a test of what only a server does).
func MustOpenServer(t testing.TB) *store.DB {
	t.Helper()
	if Server() == "" {
		t.Skip(MySQLEnv + " and " + PostgresEnv + " are not set")
	}
	return MustOpenDB(t)
}

// FreshServer creates an empty database on the server Server names and
// returns its settings, or skips the test when there is none.
func FreshServer(t testing.TB) config.Database {
	t.Helper()
	if Server() == "postgres" {
		return FreshPostgres(t)
	}
	return FreshMySQL(t)
}

// ServerURL is FreshServer's database as a URL, for tests that run the
// binary's own configuration path.
func ServerURL(t testing.TB) string {
	t.Helper()
	if Server() == "postgres" {
		return PostgresURL(t)
	}
	return MySQLURL(t)
}

// MustOpenSQLite returns a fresh migrated in-memory SQLite database.
func MustOpenSQLite(t testing.TB) *store.DB {
	t.Helper()
	cfg, err := config.ParseDatabaseURL("sqlite::memory:")
	if err != nil {
		t.Fatal(err)
	}
	return openAndMigrate(t, cfg)
}

// MustOpenSQLiteFile returns a fresh migrated SQLite database in a file, with
// the pool and locking a real deployment has (WAL, several connections).
func MustOpenSQLiteFile(t testing.TB) *store.DB {
	t.Helper()
	cfg, err := config.ParseDatabaseURL("sqlite:" + filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	return openAndMigrate(t, cfg)
}

// MustOpenMySQL returns a migrated database of its own on the MySQL server
// named by MySQLEnv, and skips the test when the variable is not set.
func MustOpenMySQL(t testing.TB) *store.DB {
	t.Helper()
	cfg := FreshMySQL(t)
	return openAndMigrate(t, cfg)
}

// FreshMySQL creates an empty database on the MySQL server named by
// MySQLEnv, drops it when the test ends, and returns its settings. It skips
// the test when the variable is not set.
func FreshMySQL(t testing.TB) config.Database {
	t.Helper()
	cfg, err := config.ParseDatabaseURL(MySQLURL(t))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// MySQLURL creates an empty database as FreshMySQL does and returns its URL,
// for tests that run the binary's own configuration path.
func MySQLURL(t testing.TB) string {
	t.Helper()
	return freshURL(t, MySQLEnv, "mysql", " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", "")
}

// MustOpenPostgres returns a migrated database of its own on the
// PostgreSQL server named by PostgresEnv, and skips the test when the
// variable is not set.
func MustOpenPostgres(t testing.TB) *store.DB {
	t.Helper()
	return openAndMigrate(t, FreshPostgres(t))
}

// FreshPostgres creates an empty database on the PostgreSQL server named by
// PostgresEnv, drops it when the test ends, and returns its settings. It
// skips the test when the variable is not set.
func FreshPostgres(t testing.TB) config.Database {
	t.Helper()
	cfg, err := config.ParseDatabaseURL(PostgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// PostgresURL creates an empty database as FreshPostgres does and returns
// its URL.
func PostgresURL(t testing.TB) string {
	t.Helper()
	return freshURL(t, PostgresEnv, "pgx", " ENCODING 'UTF8' TEMPLATE template0", " WITH (FORCE)")
}

// freshURL creates a database of a random name on the server the variable
// env names (through driver, with the create statement's options), drops
// it when the test ends (with the drop statement's), and returns its URL.
// It skips the test when env is not set.
func freshURL(t testing.TB, env, driver, createOpts, dropOpts string) string {
	t.Helper()
	raw := os.Getenv(env)
	if raw == "" {
		t.Skip(env + " is not set")
	}
	base, err := config.ParseDatabaseURL(raw)
	if err != nil {
		t.Fatalf("%s: %v", env, err)
	}
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := sql.Open(driver, base.DSN)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "itest_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE DATABASE " + name + createOpts); err != nil {
		t.Fatalf("creating test database: %v", err)
	}
	t.Cleanup(func() {
		if admin, err := sql.Open(driver, base.DSN); err == nil {
			_, _ = admin.Exec("DROP DATABASE IF EXISTS " + name + dropOpts)
			admin.Close()
		}
	})
	u.Path = "/" + name
	return u.String()
}

func openAndMigrate(t testing.TB, cfg config.Database) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	cat, err := catalogue.Default(policies.FS)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SyncCatalogue(ctx, cat); err != nil {
		t.Fatal(err)
	}
	for _, v := range policies.Versioned {
		body, err := policies.FS.ReadFile(v.File)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.EnsurePolicy(ctx, v.Kind, string(body)); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// MustOpenShared returns two pools on one fresh migrated database, as two
// server processes (replicas) would have: a database of its own on the
// server Server names, a SQLite file otherwise.
func MustOpenShared(t testing.TB) (*store.DB, *store.DB) {
	t.Helper()
	var cfg config.Database
	var err error
	if Server() != "" {
		cfg = FreshServer(t)
	} else if cfg, err = config.ParseDatabaseURL("sqlite:" + filepath.Join(t.TempDir(), "shared.db")); err != nil {
		t.Fatal(err)
	}
	first := openAndMigrate(t, cfg)
	second, err := store.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { second.Close() })
	return first, second
}
