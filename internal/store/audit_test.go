package store_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"integrity/internal/domain"
	"integrity/internal/store"
	"integrity/internal/store/storetest"
)

func appendN(t *testing.T, db *store.DB, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		e := &domain.AuditEntry{Actor: "tester", Action: "official_read", TargetType: "official", TargetID: fmt.Sprint(i), Detail: `{"n":1}`}
		if err := db.Audit(context.Background(), e); err != nil {
			t.Fatal(err)
		}
	}
}

func verify(t *testing.T, db *store.DB) (ok bool, brokenAt int64, reason string) {
	t.Helper()
	res, err := db.VerifyAudit(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return res.OK, res.BrokenAt, res.Reason
}

func TestAuditChainDetectsTampering(t *testing.T) {
	exec := func(t *testing.T, db *store.DB, q string) {
		t.Helper()
		if _, err := db.SQL().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("Intact", func(t *testing.T) {
		db := storetest.MustOpenDB(t)
		appendN(t, db, 12)
		if ok, at, why := verify(t, db); !ok {
			t.Fatalf("an untouched chain broke at %d: %s", at, why)
		}
	})
	for _, tc := range []struct {
		name, sql string
		at        int64
		why       string
	}{
		{"EditedRow", "UPDATE audit_log SET actor = 'someone-else' WHERE id = 5", 5, "altered"},
		{"DeletedRow", "DELETE FROM audit_log WHERE id = 7", 8, "missing"},
		{"DeletedTail", "DELETE FROM audit_log WHERE id >= 11", 11, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := storetest.MustOpenDB(t)
			appendN(t, db, 12)
			exec(t, db, tc.sql)
			if ok, at, why := verify(t, db); ok || at != tc.at || !strings.Contains(why, tc.why) {
				t.Fatalf("ok=%v at=%d %s; want broken at %d (%s)", ok, at, why, tc.at, tc.why)
			}
		})
	}
	t.Run("InsertedRow", func(t *testing.T) {
		db := storetest.MustOpenDB(t)
		appendN(t, db, 12)
		// Make room after entry 4 and forge an entry 5 that links to it.
		for id := 12; id >= 5; id-- {
			exec(t, db, fmt.Sprintf("UPDATE audit_log SET id = %d WHERE id = %d", id+1, id))
		}
		exec(t, db, "INSERT INTO audit_log (id, at, actor, role, ip, action, target_type, target_id, outcome, request_id, detail, prev_hash, hash) "+
			"SELECT 5, at, 'forger', role, ip, action, target_type, target_id, outcome, request_id, detail, hash, hash FROM audit_log WHERE id = 4")
		if ok, at, _ := verify(t, db); ok || at != 5 {
			t.Fatalf("insert: ok=%v at=%d", ok, at)
		}
	})
}

func TestAuditAppendsUnderConcurrentWriters(t *testing.T) {
	db := storetest.MustOpenDB(t)
	if db.Dialect == "sqlite" {
		db = storetest.MustOpenSQLiteFile(t) // several connections, not one
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 25; i++ {
				if err := db.Audit(context.Background(), &domain.AuditEntry{Actor: fmt.Sprint("writer", w), Action: "x", Detail: "{}"}); err != nil {
					errs <- err
					return
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	res, err := db.VerifyAudit(context.Background(), nil)
	if err != nil || !res.OK || res.Checked != 200 {
		t.Fatalf("after concurrent appends: %+v, %v", res, err)
	}
}

// TestAuditVerifiesWhileEntriesAreWritten: a check of the chain while reads
// are audited beside it finds the chain whole every time; an entry written
// during the check is the next check's, not the end of the chain moving.
func TestAuditVerifiesWhileEntriesAreWritten(t *testing.T) {
	db := storetest.MustOpenDB(t)
	appendN(t, db, 50)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			e := &domain.AuditEntry{Actor: "reader", Action: "file_read", TargetType: "official", TargetID: fmt.Sprint(i), Detail: `{}`}
			if err := db.Audit(context.Background(), e); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for i := 0; i < 20; i++ {
		if ok, at, why := verify(t, db); !ok {
			close(stop)
			wg.Wait()
			t.Fatalf("check %d during writes: broken at %d: %s", i, at, why)
		}
	}
	close(stop)
	wg.Wait()
	if ok, at, why := verify(t, db); !ok {
		t.Fatalf("after the writes: broken at %d: %s", at, why)
	}
}
