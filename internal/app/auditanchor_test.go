package app_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"integrity/internal/app"
	"integrity/internal/domain"
	"integrity/internal/store"
	"integrity/internal/store/storetest"
)

// The head is checkpointed into the data directory when a minute has passed
// and the head moved, or at once after 10,000 entries; verification then
// finds a history rewritten in the database, and a checkpoint file edited
// outside it.
func TestAuditCheckpoints(t *testing.T) {
	ctx := context.Background()
	db := storetest.MustOpenDB(t)
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	svc := newService(t, db)
	svc.DataDir = t.TempDir()
	appendEntries := func(n int) {
		t.Helper()
		entries := make([]*domain.AuditEntry, n)
		for i := range entries {
			entries[i] = &domain.AuditEntry{Actor: "tester", Action: "official_read", Detail: "{}"}
		}
		if err := db.Do(ctx, func(tx *store.Tx) error { return tx.AuditAll(entries) }); err != nil {
			t.Fatal(err)
		}
	}
	written := func(want int64) {
		t.Helper()
		cp, err := svc.CheckpointAudit(ctx, nil, false)
		switch {
		case err != nil:
			t.Fatal(err)
		case want == 0 && cp != nil:
			t.Fatalf("a checkpoint of entry %d was written before it was due", cp.ID)
		case want != 0 && (cp == nil || cp.ID != want):
			t.Fatalf("checkpoint %+v, want one of entry %d", cp, want)
		}
	}
	appendEntries(5)
	written(5) // the first one at once
	written(0) // the head has not moved
	appendEntries(3)
	written(0) // moved, but within the minute
	now = now.Add(app.CheckpointEvery)
	written(8)
	appendEntries(app.CheckpointEntries)
	written(8 + app.CheckpointEntries) // 10,000 entries do not wait for the minute

	res, err := svc.CheckAudit(ctx)
	if err != nil || !res.OK || res.Checkpoints != 3 || res.AnchoredTo != 8+app.CheckpointEntries {
		t.Fatalf("an intact anchored chain: %+v %v", res, err)
	}
	b, err := os.ReadFile(svc.AnchorPath())
	if err != nil || strings.Count(string(b), "\n") != 3 {
		t.Fatalf("the checkpoint file: %q %v", b, err)
	}
	st, _ := os.Stat(svc.AnchorPath())
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("the checkpoint file is readable by others: %v", st.Mode())
	}

	// A checkpoint moved forward by hand no longer carries its signature.
	if err := os.WriteFile(svc.AnchorPath(), []byte(strings.Replace(string(b), `"id":8,`, `"id":9,`, 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	res, err = svc.CheckAudit(ctx)
	if err != nil || res.OK || !strings.Contains(res.Reason, "line 2 (entry 9)") {
		t.Fatalf("an edited checkpoint file: %+v %v", res, err)
	}
	if err := os.WriteFile(svc.AnchorPath(), b, 0o600); err != nil {
		t.Fatal(err)
	}

	// An entry edited in the database, with its hash recomputed unkeyed.
	if _, err := db.SQL().Exec("UPDATE audit_log SET actor = 'someone-else', alg = 0 WHERE id = 4"); err != nil {
		t.Fatal(err)
	}
	res, err = svc.CheckAudit(ctx)
	if err != nil || res.OK || res.BrokenAt != 4 {
		t.Fatalf("an edited entry: %+v %v", res, err)
	}
}
