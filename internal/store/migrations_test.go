package store_test

import (
	"context"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"testing"

	"integrity/internal/store"
	"integrity/internal/store/storetest"
	"integrity/migrations"
)

// column is what the parity test compares: a name, a coarse type and
// whether it takes NULL.
type column struct {
	Name     string
	Type     string
	Nullable bool
}

func TestMigrationVersionsMatch(t *testing.T) {
	names := func(dialect string) []string {
		fsys, err := migrations.FS(dialect)
		if err != nil {
			t.Fatal(err)
		}
		files, err := fs.Glob(fsys, "*.sql")
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: no migrations (%v)", dialect, err)
		}
		sort.Strings(files)
		return files
	}
	lite := names("sqlite")
	for _, dialect := range []string{"mysql", "postgres"} {
		if got := names(dialect); strings.Join(got, ",") != strings.Join(lite, ",") {
			t.Errorf("migration files differ:\n%s: %v\nsqlite: %v", dialect, got, lite)
		}
	}
}

// TestMigrationParity compares each server dialect's migrated schema with
// SQLite's: the same tables, each with the same columns of the same coarse
// types and nullability. It runs on the server the suite runs against.
func TestMigrationParity(t *testing.T) {
	lite := schemaOf(t, storetest.MustOpenSQLite(t))
	if len(lite) < 5 {
		t.Fatalf("SQLite schema has %d tables", len(lite))
	}
	db := storetest.MustOpenServer(t) // skips without a server DSN
	other := schemaOf(t, db)
	if len(other) < 5 {
		t.Fatalf("%s schema has %d tables", db.Dialect, len(other))
	}
	compareSchemas(t, db.Dialect, other, lite)
}

// TestParityCheckFindsDifferences feeds the comparison two schemas that
// differ in each way it must catch.
func TestParityCheckFindsDifferences(t *testing.T) {
	base := map[string][]column{"a": {{Name: "id", Type: "int"}, {Name: "at", Type: "datetime"}}}
	for name, other := range map[string]map[string][]column{
		"missing table": {},
		"extra table":   {"a": base["a"], "b": {{Name: "id", Type: "int"}}},
		"column type":   {"a": {{Name: "id", Type: "int"}, {Name: "at", Type: "date"}}},
		"nullability":   {"a": {{Name: "id", Type: "int"}, {Name: "at", Type: "datetime", Nullable: true}}},
		"extra column":  {"a": {{Name: "id", Type: "int"}, {Name: "at", Type: "datetime"}, {Name: "x", Type: "text"}}},
	} {
		var ft fakeT
		compareSchemas(&ft, "postgres", other, base)
		if !ft.failed {
			t.Errorf("%s: the parity check passed two different schemas", name)
		}
	}
}

type fakeT struct {
	testing.TB
	failed bool
}

func (f *fakeT) Helper()               {}
func (f *fakeT) Errorf(string, ...any) { f.failed = true }

func compareSchemas(t testing.TB, dialect string, other, lite map[string][]column) {
	t.Helper()
	for table, cols := range lite {
		if _, ok := other[table]; !ok {
			t.Errorf("table %s exists only in SQLite", table)
			continue
		}
		if got, want := fmt.Sprint(other[table]), fmt.Sprint(cols); got != want {
			t.Errorf("table %s differs:\n%s: %s\nsqlite: %s", table, dialect, got, want)
		}
	}
	for table := range other {
		if _, ok := lite[table]; !ok {
			t.Errorf("table %s exists only in %s", table, dialect)
		}
	}
}

func TestMigrateIsIdempotent(t *testing.T) {
	db := storetest.MustOpenDB(t)
	v1, err := db.Migrate(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	cur, latest, err := db.SchemaVersion(context.Background())
	if err != nil || cur != v1 || cur != latest || latest < 1 {
		t.Fatalf("versions: current %d latest %d first %d, %v", cur, latest, v1, err)
	}
}

func schemaOf(t *testing.T, db *store.DB) map[string][]column {
	t.Helper()
	var q string
	switch db.Dialect {
	case "mysql":
		q = `SELECT table_name, column_name, data_type, column_type, is_nullable = 'YES'
		     FROM information_schema.columns WHERE table_schema = DATABASE()
		     ORDER BY table_name, column_name`
	case "postgres":
		q = `SELECT table_name, column_name, data_type, udt_name, is_nullable = 'YES'
		     FROM information_schema.columns WHERE table_schema = current_schema()
		     ORDER BY table_name, column_name`
	default:
		q = `SELECT m.name, p.name, lower(p.type), lower(p.type), p."notnull" = 0
		     FROM sqlite_master m JOIN pragma_table_info(m.name) p
		     WHERE m.type = 'table' ORDER BY m.name, p.name`
	}
	rows, err := db.SQL().Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string][]column{}
	for rows.Next() {
		var table, name, dataType, colType string
		var nullable bool
		if err := rows.Scan(&table, &name, &dataType, &colType, &nullable); err != nil {
			t.Fatal(err)
		}
		if table == "goose_db_version" || strings.HasPrefix(table, "sqlite_") {
			continue
		}
		if name == "id" {
			nullable = false // SQLite reports rowid aliases as nullable
		}
		out[table] = append(out[table], column{Name: name, Type: typeClass(dataType, colType), Nullable: nullable})
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for _, cols := range out { // the dialects collate names differently
		sort.Slice(cols, func(i, j int) bool { return cols[i].Name < cols[j].Name })
	}
	return out
}

// typeClass maps each dialect's column type onto one coarse class.
func typeClass(dataType, colType string) string {
	switch {
	case colType == "tinyint(1)" || dataType == "boolean":
		return "bool"
	case strings.Contains(dataType, "int"):
		return "int"
	case dataType == "datetime" || strings.HasPrefix(dataType, "timestamp"):
		return "datetime"
	case dataType == "date":
		return "date"
	case strings.Contains(dataType, "char") || strings.Contains(dataType, "text"):
		return "text"
	case strings.Contains(dataType, "binary") || strings.Contains(dataType, "blob") || dataType == "bytea":
		return "blob"
	}
	return "other:" + dataType
}
