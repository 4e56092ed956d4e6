package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"integrity/internal/domain"
	"integrity/internal/store"
)

// TestTheFileViewsReadsStayPrepared shows, on every database, that the
// reads of every file view keep their statements prepared where the
// process has to (SQLite, whose driver otherwise parses each statement on
// every run, and MySQL), one statement for a list of ids of any length up
// to the next power of two, and that the padded list reads what the list
// itself names.
func TestTheFileViewsReadsStayPrepared(t *testing.T) {
	ctx := context.Background()
	db, gs1 := sanctioned(t)
	decided := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	more := []domain.Record{}
	for _, ref := range []string{"GS-2", "GS-3", "GS-4"} {
		more = append(more, domain.Record{OfficialID: gs1.OfficialID, SourceID: gs1.SourceID, SourceRef: ref, Category: "gov_sanction",
			Code: "gov_demerit", DecisionDate: decided, EffectiveDate: &decided, State: domain.RecordActive, Version: 1})
	}
	must(t, db.InsertRecords(ctx, more))
	revoked := []int64{gs1.ID, more[0].ID, more[1].ID}
	must(t, db.Do(ctx, func(tx *store.Tx) error {
		for _, id := range revoked {
			if _, err := tx.RevokeRecord(0, id, "重复录入", "tester"); err != nil {
				return err
			}
		}
		return nil
	}))

	hist, err := db.RecordHistory(ctx, revoked)
	must(t, err)
	if len(hist) != 3 {
		t.Fatalf("the history of three revoked records has %d records, want 3: %+v", len(hist), hist)
	}
	for _, id := range revoked {
		if len(hist[id]) != 1 || hist[id][0].State != domain.RecordActive || hist[id][0].RecordID != id {
			t.Fatalf("record %d: its earlier versions are %+v, want the one active version", id, hist[id])
		}
	}
	if hist, err = db.RecordHistory(ctx, append(slices.Clone(revoked), more[2].ID)); err != nil || len(hist) != 3 {
		t.Fatalf("with a record that has no earlier version: %d records, %v; want the same three", len(hist), err)
	}
	if hist, err = db.RecordHistory(ctx, []int64{more[2].ID}); err != nil || len(hist) != 0 {
		t.Fatalf("a record never changed has a history: %+v, %v", hist, err)
	}
	recs, err := db.FileRecords(ctx, gs1.OfficialID, 0)
	must(t, err)
	if len(recs) != 4 {
		t.Fatalf("the file has %d records, want 4", len(recs))
	}
	_, err = db.OpenWarningsOf(ctx, gs1.OfficialID)
	must(t, err)
	if _, _, err := db.OpenLookup(ctx, domain.Scope{All: true}, 1, gs1.OfficialID, 0, time.Now()); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("no lookup opens the file, yet OpenLookup gave %v", err)
	}
	if _, err := db.LoadPrincipal(ctx, "no-such-session", 1); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("no session, yet LoadPrincipal gave %v", err)
	}

	kept := db.PreparedStatements()
	if db.Dialect == "postgres" {
		if len(kept) != 0 {
			t.Fatalf("on PostgreSQL pgx keeps the statements, yet the process kept %d: %q", len(kept), kept)
		}
		return
	}
	for table, want := range map[string]int{"record_versions": 1, "FROM records r": 1, "warnings w": 1, "lookup_officials lo": 1, "sessions s": 1} {
		n := 0
		for _, q := range kept {
			if strings.Contains(q, table) {
				n++
			}
		}
		// RecordHistory of 3, 4 and 1 ids: 4 and 1 ids, two statements.
		if table == "record_versions" {
			want = 2
		}
		if n != want {
			t.Fatalf("%d kept statements read %s, want %d; kept: %q", n, table, want, kept)
		}
	}
}

// TestAStatementOutlivesTheRequestThatPreparedIt: the request that first
// needs a statement prepares it for the process, and the others waiting
// on the same statement meanwhile get what that prepare gave. So a client
// that hangs up then must fail only its own read: here, a read whose
// context is cancelled before it starts still leaves the statement
// prepared and kept, and the next read uses it.
func TestAStatementOutlivesTheRequestThatPreparedIt(t *testing.T) {
	db, gs1 := sanctioned(t)
	if db.Dialect == "postgres" {
		t.Skip("pgx keeps PostgreSQL's statements itself")
	}
	gone, hangUp := context.WithCancel(context.Background())
	hangUp()
	if _, err := db.OpenWarningsOf(gone, gs1.OfficialID); err == nil {
		t.Fatal("a read for a client that hung up succeeded")
	}
	kept := 0
	for _, q := range db.PreparedStatements() {
		if strings.Contains(q, "warnings w") {
			kept++
		}
	}
	if kept != 1 {
		t.Fatalf("after the read whose client hung up, %d statements read the warnings, want the one it prepared: %q", kept, db.PreparedStatements())
	}
	if _, err := db.OpenWarningsOf(context.Background(), gs1.OfficialID); err != nil {
		t.Fatalf("the next read of the warnings: %v", err)
	}
}

func TestPadIDsTakesAFewShapes(t *testing.T) {
	for _, c := range []struct{ n, want int }{{0, 0}, {1, 1}, {2, 2}, {3, 4}, {5, 8}, {1000, 1024}, {2048, 2048}, {2049, 2049}} {
		ids := make([]int64, c.n)
		for i := range ids {
			ids[i] = int64(100 + i)
		}
		got := store.PadIDs(ids)
		if len(got) != c.want || !slices.Equal(got[:c.n], ids) {
			t.Fatalf("%d ids padded to %d, want %d, the ids first", c.n, len(got), c.want)
		}
		for _, id := range got[c.n:] {
			if id != ids[c.n-1] {
				t.Fatalf("%d ids padded with %d, want the last id %d", c.n, id, ids[c.n-1])
			}
		}
	}
}
