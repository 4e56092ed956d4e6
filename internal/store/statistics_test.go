package store_test

import (
	"context"
	"database/sql"
	"testing"
)

// TestRefreshStatisticsAnalyzesOnPostgreSQL shows that after a bulk write
// PostgreSQL has sampled the named tables (its planner then reads a
// thousand officials' records by the index, not the whole table), that a
// name that is not a table's is refused before it reaches SQL, and that
// the other databases, which keep their statistics themselves, are left
// alone.
func TestRefreshStatisticsAnalyzesOnPostgreSQL(t *testing.T) {
	db, _ := sanctioned(t)
	ctx := context.Background()
	if err := db.RefreshStatistics(ctx, "records; DROP TABLE records"); err == nil {
		t.Fatal("a name with SQL in it was run")
	}
	if err := db.RefreshStatistics(ctx, "records", "officials"); err != nil {
		t.Fatal(err)
	}
	if err := db.RefreshStatistics(ctx); err != nil {
		t.Fatal(err)
	}
	if db.Dialect != "postgres" {
		return
	}
	for _, table := range []string{"records", "officials"} {
		var at sql.NullTime
		if err := db.SQL().QueryRowContext(ctx, "SELECT last_analyze FROM pg_stat_user_tables WHERE relname = ? AND schemaname = current_schema()", table).Scan(&at); err != nil {
			t.Fatal(err)
		}
		if !at.Valid {
			t.Errorf("%s was not analyzed", table)
		}
	}
}
