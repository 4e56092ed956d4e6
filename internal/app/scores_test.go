package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"integrity/internal/app"
	"integrity/internal/domain"
	"integrity/internal/ingest"
	"integrity/internal/policytest"
	"integrity/internal/secure"
	"integrity/internal/seed"
	"integrity/internal/store"
	"integrity/internal/store/storetest"
)

func seeded(t *testing.T, officials int) (*app.Service, *store.DB) {
	t.Helper()
	db := storetest.MustOpenDB(t)
	keys, _ := secure.Derive(strings.Repeat("s", 40))
	cat := policytest.Catalogue(t)
	if _, err := seed.Demo(context.Background(), db, keys, cat, seed.Options{Officials: officials, Seed: 3,
		AsOf: time.Now().UTC(), RecordsPerOfficial: 4, BatchSize: 500}); err != nil {
		t.Fatal(err)
	}
	s := app.New(db, keys, authConfig(), false)
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
	ctx, cancel := context.WithCancel(context.Background())
	go func() { // kill it once the first batch has committed
		for ctx.Err() == nil {
			if cur, err := db.Job(context.Background(), j.ID); err == nil && cur.Done > 0 {
				cancel()
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
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
