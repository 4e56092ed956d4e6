package app_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"integrity/internal/app"
	"integrity/internal/domain"
	"integrity/internal/ingest"
	"integrity/internal/policytest"
	"integrity/internal/seed"
	"integrity/internal/store"
	"integrity/internal/store/storetest"
)

func seeded(t *testing.T, officials int) (*app.Service, *store.DB) {
	t.Helper()
	db := storetest.MustOpenDB(t)
	if _, err := seed.Demo(context.Background(), db, testKeys(t), policytest.Catalogue(t), seed.Options{Officials: officials, Seed: 3,
		AsOf: time.Now().UTC(), RecordsPerOfficial: 4, BatchSize: 500}); err != nil {
		t.Fatal(err)
	}
	s := newService(t, db)
	s.JobStale = 0
	return s, db
}

func snapshotCount(t *testing.T, db *store.DB) (n int, versions int) {
	t.Helper()
	if err := db.SQL().QueryRow("SELECT COUNT(*), COUNT(DISTINCT policy_version) FROM score_snapshots").Scan(&n, &versions); err != nil {
		t.Fatal(err)
	}
	return n, versions
}

func TestRecomputeResumesAfterACrash(t *testing.T) {
	s, db := seeded(t, 2500)
	j, err := s.StartRecompute(context.Background(), app.Actor{Username: "t"}, "test")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := cancelledAfterABatch(context.Background(), db, j.ID)
	if err := s.RunRecompute(ctx, j.ID); err == nil {
		t.Skip("the recompute finished before it could be interrupted")
	}
	cancel()
	half, _ := db.Job(context.Background(), j.ID)
	n, versions := snapshotCount(t, db)
	if half.Status != domain.JobRunning || half.Done == 0 || half.Done >= 2500 || int64(n) != half.Done || versions != 1 {
		t.Fatalf("after the interruption: job %+v, %d snapshots of %d versions", half, n, versions)
	}
	if err := s.RunRecompute(context.Background(), j.ID); err != nil {
		t.Fatal(err)
	}
	done, _ := db.Job(context.Background(), j.ID)
	n, versions = snapshotCount(t, db)
	if done.Status != domain.JobDone || done.Done != 2500 || n != 2500 || versions != 1 || done.Total != 2500 {
		t.Fatalf("after the rerun: job %+v, %d snapshots", done, n)
	}
}

func TestIntakeQueuesScoreUpdates(t *testing.T) {
	s, db := seeded(t, 20)
	ctx := context.Background()
	j, _ := s.StartRecompute(ctx, app.Actor{Username: "t"}, "test")
	if err := s.RunRecompute(ctx, j.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DrainScoreOutbox(ctx); err != nil { // the seed queued nothing, but be sure
		t.Fatal(err)
	}
	o, err := db.Official(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	id, _ := s.Keys.Decrypt(o.IDNumberEnc, domain.IDNumberAD)
	before, _ := db.Snapshot(ctx, o.ID)
	src, _ := db.SourceByCode(ctx, "traffic_police")
	today := time.Now().UTC().Format("2006-01-02")
	_, err = s.SubmitRecords(ctx, app.Actor{Username: "t"}, app.Submitter{Source: src}, []ingest.RecordInput{
		{IDNumber: id, SourceRef: "Q-1", Code: "tr_drunk_driving", DecisionDate: today}})
	if err != nil {
		t.Fatal(err)
	}
	var queued int
	db.SQL().QueryRow("SELECT COUNT(*) FROM score_outbox WHERE official_id = ?", o.ID).Scan(&queued)
	if queued != 1 {
		t.Fatal("the intake did not queue the official's score")
	}
	if n, err := s.DrainScoreOutbox(ctx); err != nil || n != 1 {
		t.Fatalf("drained %d, %v", n, err)
	}
	after, _ := db.Snapshot(ctx, o.ID)
	if want := max(before.Score-3000, 0); after.Score != want || after.PolicyVersion != 1 {
		t.Fatalf("snapshot %d → %d after a drunk-driving record (-30)", before.Score, after.Score)
	}
}

// TestAReplicaTakesOverARecomputeWhenItsHolderDies runs two replicas on one
// database: the first claims a recompute and dies after a batch (its
// context ends without a word, as with kill -9); the second cannot take the
// job while the lease holds, takes it when the lease runs out, and finishes
// it from the cursor with every snapshot of one policy version.
func TestAReplicaTakesOverARecomputeWhenItsHolderDies(t *testing.T) {
	db1, db2 := storetest.MustOpenShared(t)
	const officials = 3000
	if _, err := seed.Demo(context.Background(), db1, testKeys(t), policytest.Catalogue(t), seed.Options{Officials: officials, Seed: 5, AsOf: time.Now().UTC(),
		RecordsPerOfficial: 3, BatchSize: 1000}); err != nil {
		t.Fatal(err)
	}
	replica := func(db *store.DB) *app.Service {
		s := newService(t, db)
		s.JobStale = 2 * time.Second
		return s
	}
	a, b := replica(db1), replica(db2)
	if a.Instance == b.Instance {
		t.Fatal("two replicas need two names")
	}
	ctx := context.Background()
	j, err := a.StartRecompute(ctx, app.Actor{Username: "t"}, "test")
	if err != nil {
		t.Fatal(err)
	}
	dying, die := cancelledAfterABatch(ctx, db2, j.ID)
	if err := a.RunRecompute(dying, j.ID); err == nil {
		t.Skip("the recompute finished before the replica could die")
	}
	die()
	held, _ := db2.Job(ctx, j.ID)
	if held.Status != domain.JobRunning || held.Owner != a.Instance || held.Done == 0 || held.Done >= officials {
		t.Fatalf("the dead replica's job: %+v", held)
	}
	if err := b.RunRecompute(ctx, j.ID); err != nil {
		t.Fatal(err)
	}
	if still, _ := db2.Job(ctx, j.ID); still.Owner != a.Instance || still.Done != held.Done {
		t.Fatalf("the second replica took the job while the lease held: %+v", still)
	}
	deadline := time.Now().Add(time.Minute)
	for {
		if err := b.RunRecompute(ctx, j.ID); err != nil {
			t.Fatal(err)
		}
		if cur, _ := db2.Job(ctx, j.ID); cur.Status == domain.JobDone {
			if cur.Owner != b.Instance || cur.Done != officials || cur.Total != officials {
				t.Fatalf("finished by the second replica from the cursor: %+v", cur)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the lease never ran out")
		}
		time.Sleep(100 * time.Millisecond)
	}
	if n, versions := snapshotCount(t, db1); n != officials || versions != 1 {
		t.Fatalf("%d snapshots of %d policy versions, want %d of 1", n, versions, officials)
	}
	// The dead replica, were it to wake, could write nothing more.
	if err := db1.SaveJob(ctx, &held); !errors.Is(err, store.ErrLeaseLost) {
		t.Fatalf("a stale runner's write: %v", err)
	}
}

func TestSingletonLeases(t *testing.T) {
	db1, db2 := storetest.MustOpenShared(t)
	ctx := context.Background()
	if ok, err := db1.TryLease(ctx, "daily-recompute", "a", time.Second); err != nil || !ok {
		t.Fatalf("a takes the free lease: %v %v", ok, err)
	}
	if ok, _ := db2.TryLease(ctx, "daily-recompute", "b", time.Second); ok {
		t.Fatal("b takes a held lease")
	}
	if ok, _ := db1.TryLease(ctx, "daily-recompute", "a", time.Second); !ok {
		t.Fatal("a renews its own lease")
	}
	time.Sleep(1100 * time.Millisecond)
	if ok, _ := db2.TryLease(ctx, "daily-recompute", "b", time.Second); !ok {
		t.Fatal("b takes the lease once it ran out")
	}
	if ok, _ := db1.TryLease(ctx, "daily-recompute", "a", time.Second); ok {
		t.Fatal("a lost the lease to b")
	}
}

// cancelledAfterABatch is a context cancelled once the job has committed its
// first batch: a process killed in the middle of the work.
func cancelledAfterABatch(parent context.Context, db *store.DB, jobID int64) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(parent)
	go func() {
		for ctx.Err() == nil {
			if cur, err := db.Job(parent, jobID); err == nil && cur.Done > 0 {
				cancel()
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
	return ctx, cancel
}
