package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"integrity/internal/domain"
	"integrity/internal/store"
	"integrity/internal/store/storetest"
)

// TestOutboxDrainsSideBySide: while one drain holds a batch of the score
// queue, a second (another replica's) takes the next batch at once instead
// of waiting for the first to commit (FOR UPDATE SKIP LOCKED), and both
// hold the policy in force at the same time (a shared hold). Each official
// is taken by one drain only. A server feature: SQLite has one writer.
func TestOutboxDrainsSideBySide(t *testing.T) {
	db := storetest.MustOpenServer(t)
	ctx := context.Background()
	if err := db.Do(ctx, func(tx *store.Tx) error { return tx.EnqueueScores([]int64{11, 12, 13, 14}) }); err != nil {
		t.Fatal(err)
	}
	firstTook, release, firstDone := make(chan []int64), make(chan struct{}), make(chan error)
	go func() {
		firstDone <- db.Do(ctx, func(tx *store.Tx) error {
			if _, err := tx.PublishedVersionLocked(domain.PolicyScoring); err != nil {
				return err
			}
			ids, err := tx.TakeOutbox(2)
			if err != nil {
				return err
			}
			firstTook <- ids
			<-release
			return tx.DoneOutbox(ids)
		})
	}()
	first := <-firstTook
	// The first drain holds its rows and the policy until release. A bound,
	// not a timing assumption: a second drain that waits for the first
	// would wait until the end of this context.
	bounded, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	var second []int64
	err := db.Do(bounded, func(tx *store.Tx) error {
		if _, err := tx.PublishedVersionLocked(domain.PolicyScoring); err != nil {
			return err
		}
		ids, err := tx.TakeOutbox(10)
		if err != nil {
			return err
		}
		second = ids
		return tx.DoneOutbox(ids)
	})
	close(release)
	if err != nil {
		t.Fatalf("the second drain, while the first held its batch: %v (it waited instead of passing over)", err)
	}
	if err := <-firstDone; err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(first, []int64{11, 12}) || !slices.Equal(second, []int64{13, 14}) {
		t.Fatalf("the first drain took %v and the second %v, want [11 12] and [13 14]", first, second)
	}
	if queued, err := db.OutboxQueued(ctx); err != nil || queued {
		t.Fatalf("the queue after both drains: queued %v, %v", queued, err)
	}
}

// TestOutboxKeepsAChangeMadeWhileADrainHoldsTheOfficial: a drain has taken
// an official (and may have read their records already) when another
// transaction changes the official's records and queues them again. The
// queueing waits for the drain to finish, and the official is queued
// after it, so the change is scored. (PostgreSQL's ON CONFLICT DO NOTHING
// saw the drain's row, did nothing and did not wait; the drain then
// deleted the row, and a repair decided at that moment never reached the
// official's snapshot.)
func TestOutboxKeepsAChangeMadeWhileADrainHoldsTheOfficial(t *testing.T) {
	db := storetest.MustOpenServer(t)
	ctx := context.Background()
	if err := db.Do(ctx, func(tx *store.Tx) error { return tx.EnqueueScores([]int64{21}) }); err != nil {
		t.Fatal(err)
	}
	took, release, drained := make(chan []int64), make(chan struct{}), make(chan error)
	go func() {
		drained <- db.Do(ctx, func(tx *store.Tx) error {
			ids, err := tx.TakeOutbox(10)
			if err != nil {
				return err
			}
			took <- ids
			<-release
			return tx.DoneOutbox(ids)
		})
	}()
	if ids := <-took; !slices.Equal(ids, []int64{21}) {
		close(release)
		t.Fatalf("the drain took %v, want [21]", ids)
	}
	queuedAgain := make(chan error, 1)
	go func() {
		queuedAgain <- db.Do(ctx, func(tx *store.Tx) error { return tx.EnqueueScores([]int64{21}) })
	}()
	// Let the second enqueue get as far as it goes while the drain holds
	// the row: finished (it did not wait) or waiting for the drain's lock.
	waiting := `SELECT COUNT(*) FROM pg_locks WHERE NOT granted`
	if db.Dialect == "mysql" {
		// MariaDB lists the waiting INSERT as a statement under way, not
		// as a transaction in LOCK WAIT.
		waiting = `SELECT COUNT(*) FROM information_schema.processlist WHERE command <> 'Sleep' AND info LIKE 'INSERT INTO %score_outbox%'`
	}
	var enqueueErr error
	finished := false
	for deadline := time.Now().Add(2 * time.Minute); !finished; {
		select {
		case enqueueErr = <-queuedAgain:
			finished = true
			continue
		default:
		}
		var n int
		if err := db.SQL().QueryRow(waiting).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the second enqueue neither finished nor waited")
		}
		time.Sleep(10 * time.Millisecond)
	}
	close(release)
	if err := <-drained; err != nil {
		t.Fatal(err)
	}
	if !finished {
		enqueueErr = <-queuedAgain
	}
	if enqueueErr != nil {
		t.Fatal(enqueueErr)
	}
	if queued, err := db.OutboxQueued(ctx); err != nil || !queued {
		t.Fatalf("after the drain the official's change is not queued (queued %v, %v): it would never be scored", queued, err)
	}
}
