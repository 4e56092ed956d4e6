package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"integrity/internal/config"
	"integrity/internal/domain"
	"integrity/internal/store"
	"integrity/internal/store/storetest"
)

// logBuffer collects a store's log lines for a test.
type logBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func withLog(db *store.DB) *logBuffer {
	var l logBuffer
	db.Log = slog.New(slog.NewTextHandler(&l, nil))
	return &l
}

// TestDeadlockIsRetried makes the server (MySQL or PostgreSQL) report a
// real deadlock: two
// transactions lock two rows in opposite orders. The one the server rolls
// back runs again, and both commit exactly once.
func TestDeadlockIsRetried(t *testing.T) {
	db := storetest.MustOpenServer(t)
	log := withLog(db)
	a, b := mustDept(t, db, nil, "row-a"), mustDept(t, db, nil, "row-b")
	bump := "UPDATE departments SET sort_order = sort_order + 1 WHERE id = ?"
	var attempts atomic.Int32
	var firstLocks sync.WaitGroup
	firstLocks.Add(2)
	run := func(first, second int64) error {
		try := 0
		return db.Do(context.Background(), func(tx *store.Tx) error {
			attempts.Add(1)
			try++
			if err := tx.Exec(bump, first); err != nil {
				return err
			}
			if try == 1 { // both hold their first row before either asks for its second
				firstLocks.Done()
				firstLocks.Wait()
			}
			return tx.Exec(bump, second)
		})
	}
	errs := make(chan error, 2)
	go func() { errs <- run(a.ID, b.ID) }()
	go func() { errs <- run(b.ID, a.ID) }()
	for i := 0; i < 2; i++ {
		if err := <-errs; err != nil {
			t.Fatalf("a transaction failed: %v", err)
		}
	}
	if n := attempts.Load(); n != 3 {
		t.Fatalf("%d attempts, want 3: both, and the deadlock's victim once more", n)
	}
	for _, d := range []domain.Department{a, b} {
		var order int
		if err := db.SQL().QueryRow("SELECT sort_order FROM departments WHERE id = ?", d.ID).Scan(&order); err != nil {
			t.Fatal(err)
		}
		if order != d.SortOrder+2 {
			t.Fatalf("department %s: sort_order %d, want %d (each transaction once)", d.Code, order, d.SortOrder+2)
		}
	}
	code := map[string]string{"mysql": "1213", "postgres": "40P01"}[db.Dialect]
	if !strings.Contains(log.String(), "lock conflict") || !strings.Contains(log.String(), code) {
		t.Fatalf("no warning names the retried deadlock:\n%s", log.String())
	}
}

// sqliteFile opens a migrated SQLite file with the given DSN parameters
// replacing the defaults' busy timeout.
func sqliteFile(t *testing.T, path, busy, extra string) *store.DB {
	t.Helper()
	cfg, err := config.ParseDatabaseURL("sqlite:" + path)
	if err != nil {
		t.Fatal(err)
	}
	cfg.DSN = strings.Replace(cfg.DSN, "busy_timeout(10000)", "busy_timeout("+busy+")", 1) + extra
	db, err := store.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil && !strings.Contains(extra, "mode=ro") {
		t.Fatal(err)
	}
	return db
}

// holdWriteLock takes SQLite's write lock from another connection until
// release is closed.
func holdWriteLock(t *testing.T, path string, release <-chan struct{}) <-chan struct{} {
	t.Helper()
	other, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	conn, err := other.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	released := make(chan struct{})
	go func() {
		<-release
		conn.ExecContext(context.Background(), "ROLLBACK")
		conn.Close()
		close(released)
	}()
	return released
}

func TestSQLiteBusyIsRetried(t *testing.T) {
	path := filepath.Join(t.TempDir(), "busy.db")
	db := sqliteFile(t, path, "200", "")
	log := withLog(db)
	ctx := context.Background()

	t.Run("RetriedUntilTheLockIsFree", func(t *testing.T) {
		release := make(chan struct{})
		released := holdWriteLock(t, path, release)
		go func() { // the holder lets go once the first attempt has given up
			for !strings.Contains(log.String(), "lock conflict") {
				time.Sleep(time.Millisecond)
			}
			close(release)
		}()
		j := domain.Job{Kind: "busy-test"}
		if err := db.CreateJob(ctx, &j); err != nil {
			t.Fatalf("the write did not get through once the lock was free: %v", err)
		}
		<-released
		if got, err := db.Jobs(ctx, "busy-test", 10); err != nil || len(got) != 1 {
			t.Fatalf("jobs %v %v, want exactly one", got, err)
		}
	})
	t.Run("ErrBusyAfterTheRetries", func(t *testing.T) {
		release := make(chan struct{})
		released := holdWriteLock(t, path, release)
		defer func() { close(release); <-released }()
		err := db.CreateJob(ctx, &domain.Job{Kind: "busy-test"})
		var de *domain.Error
		if !errors.As(err, &de) || de.Code != domain.EUNAVAILABLE || de.RetryAfter == 0 || !strings.Contains(de.Message, "busy") {
			t.Fatalf("a write that never got the lock: %v, want unavailable saying the database is busy", err)
		}
		if n := strings.Count(log.String(), "lock conflict"); n < 2 {
			t.Fatalf("%d retry warnings", n)
		}
	})
}

func TestReadOnlyAndFullSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "faults.db")
	rw := sqliteFile(t, path, "10000", "")
	ctx := context.Background()
	mustDept(t, rw, nil, "before")
	cases := []struct {
		name, extra, want string
		write             func(db *store.DB) error
	}{
		{"ReadOnly", "&mode=ro", "read-only", func(db *store.DB) error { return db.CreateJob(ctx, &domain.Job{Kind: "ro"}) }},
		// A page limit on the connection makes the file full at its size.
		{"Full", "&_pragma=max_page_count(%d)", "full", func(db *store.DB) error {
			for i := 0; ; i++ {
				if err := db.Audit(ctx, &domain.AuditEntry{Actor: "t", Action: "fill", TargetType: "x", Detail: `{"pad":"` + strings.Repeat("x", 2000) + `"}`}); err != nil {
					return err
				}
				if i > 100000 {
					return errors.New("never full")
				}
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			extra := tc.extra
			if strings.Contains(extra, "%d") {
				var pages int
				if err := rw.SQL().QueryRow("PRAGMA page_count").Scan(&pages); err != nil {
					t.Fatal(err)
				}
				extra = fmt.Sprintf(extra, pages+4)
			}
			db := sqliteFile(t, path, "10000", extra)
			err := tc.write(db)
			var de *domain.Error
			if !errors.As(err, &de) || de.Code != domain.EUNAVAILABLE || !strings.Contains(de.Message, tc.want) {
				t.Fatalf("a write: %v, want unavailable saying %q", err, tc.want)
			}
			if n, err := db.Count(ctx); err != nil || n.Departments != 1 {
				t.Fatalf("reads on the %s database: %+v %v", tc.name, n, err)
			}
			var check string
			if err := rw.SQL().QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
				t.Fatalf("integrity_check: %q %v", check, err)
			}
			if res, err := rw.VerifyAudit(ctx, nil); err != nil || !res.OK {
				t.Fatalf("the audit chain after the failed writes: %+v %v", res, err)
			}
		})
	}
}

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
