package app_test

import (
	"context"
	"sync"
	"testing"

	"integrity/internal/app"
	"integrity/internal/domain"
)

// TestConcurrentReadsAreAuditedInOneChain reads files from many goroutines
// at once: every read gets its own audit entry, written in batches, and the
// chain verifies end to end.
func TestConcurrentReadsAreAuditedInOneChain(t *testing.T) {
	s, db := seeded(t, 40)
	ctx := context.Background()
	var before int64
	db.SQL().QueryRow("SELECT COUNT(*) FROM audit_log WHERE action = 'file_read'").Scan(&before)
	const readers, each = 16, 10
	var wg sync.WaitGroup
	errs := make(chan error, readers*each)
	for r := 0; r < readers; r++ {
		wg.Add(1)
		go func(r int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				_, err := s.ReadFile(ctx, app.Actor{Username: "reader", Role: "admin"}, domain.Scope{All: true}, 0, int64(1+(r*each+i)%40))
				errs <- err
			}
		}(r)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	var after int64
	db.SQL().QueryRow("SELECT COUNT(*) FROM audit_log WHERE action = 'file_read'").Scan(&after)
	if after-before != readers*each {
		t.Fatalf("%d reads audited, want %d", after-before, readers*each)
	}
	res, err := db.VerifyAudit(ctx, nil)
	if err != nil || !res.OK {
		t.Fatalf("the chain after concurrent batched appends: %+v %v", res, err)
	}
}
