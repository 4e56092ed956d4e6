package store_test

import (
	"context"
	"testing"
	"time"

	"integrity/internal/domain"
	"integrity/internal/store"
	"integrity/internal/store/storetest"
)

// TestReadTxIsASnapshot shows that a long read sees one state of the data
// while writers go on beside it, and that it does not block them.
func TestReadTxIsASnapshot(t *testing.T) {
	db := storetest.MustOpenDB(t)
	if db.Dialect == "sqlite" {
		db = storetest.MustOpenSQLiteFile(t) // the in-memory test database has one connection
	}
	ctx := context.Background()
	mustDept(t, db, nil, "before")
	done := make(chan error, 1)
	go func() {
		done <- db.ReadTx(ctx, func(tx *store.Tx) error {
			if _, err := tx.OfficialsAfter(0, 10); err != nil { // the first read fixes the snapshot
				return err
			}
			first, _ := tx.CountDepartments()
			d := domain.Department{Code: "during", Name: "during", Kind: domain.DeptBureau}
			if err := db.CreateDepartment(ctx, &d); err != nil { // another connection writes
				return err
			}
			j := domain.Job{Kind: "x"}
			if err := db.CreateJob(ctx, &j); err != nil {
				return err
			}
			second, _ := tx.CountDepartments()
			if first != 1 || second != 1 {
				t.Errorf("the snapshot moved: %d then %d departments", first, second)
			}
			return nil
		})
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("the read blocked the writers")
	}
	if n, _ := db.Count(ctx); n.Departments != 2 {
		t.Fatalf("after the read: %d departments", n.Departments)
	}
}
