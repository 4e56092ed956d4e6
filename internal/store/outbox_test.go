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
