package store_test

import (
	"context"
	"testing"

	"integrity/internal/domain"
	"integrity/internal/store"
)

// TestUpsertRecordsSortsABatch sends batches that mix new references,
// repeats and corrections, on every database (PostgreSQL inserts first and
// lets the unique index say which references it knows; the others read
// first): each row gets its own outcome in input order, a correction keeps
// the version before, a repeat writes nothing, and a failing batch leaves
// nothing behind.
func TestUpsertRecordsSortsABatch(t *testing.T) {
	ctx := context.Background()
	db, gs1 := sanctioned(t)
	me := gs1.OfficialID
	sanction := func(ref, code, doc string) domain.Record {
		return domain.Record{OfficialID: me, SourceRef: ref, Category: "gov_sanction", Code: code,
			DecisionDate: gs1.DecisionDate, EffectiveDate: gs1.EffectiveDate, DocumentNo: doc}
	}
	upsert := func(recs ...domain.Record) ([]domain.WriteResult, error) {
		var res []domain.WriteResult
		err := db.Do(ctx, func(tx *store.Tx) (err error) { res, err = tx.UpsertRecords(gs1.SourceID, recs, "clerk"); return })
		return res, err
	}
	want := func(res []domain.WriteResult, outcomes ...string) {
		t.Helper()
		if len(res) != len(outcomes) {
			t.Fatalf("%d results for %d rows: %+v", len(res), len(outcomes), res)
		}
		for i, o := range outcomes {
			if res[i].Outcome != o || res[i].ID == 0 {
				t.Fatalf("row %d (%s): %s with id %d, want %s", i, res[i].SourceRef, res[i].Outcome, res[i].ID, o)
			}
		}
	}
	queued := func() []int64 {
		t.Helper()
		var ids []int64
		must(t, db.Do(ctx, func(tx *store.Tx) (err error) {
			if ids, err = tx.TakeOutbox(10); err == nil {
				err = tx.DoneOutbox(ids)
			}
			return err
		}))
		return ids
	}
	queued() // whatever the fixture queued

	repeat := gs1
	repeat.ID, repeat.State, repeat.Version = 0, "", 0
	res, err := upsert(sanction("GS-2", "gov_warning", "文-2"), repeat, sanction("GS-3", "gov_demerit", "文-3"))
	must(t, err)
	want(res, domain.WriteCreated, domain.WriteUnchanged, domain.WriteCreated)
	if res[1].ID != gs1.ID || res[1].Version != 1 || res[0].ID == res[2].ID || res[0].Version != 1 {
		t.Fatalf("the repeat is not the stored record, or the new ones share an id: %+v", res)
	}
	if got := queued(); len(got) != 1 || got[0] != me {
		t.Fatalf("queued for scores %v, want the official %d once", got, me)
	}
	gs2, gs3 := res[0].ID, res[2].ID
	if r := record(t, db, gs3); r.SourceRef != "GS-3" || r.Code != "gov_demerit" || r.DocumentNo != "文-3" || r.State != domain.RecordActive || r.Version != 1 {
		t.Fatalf("GS-3 stored as %+v", r)
	}

	// GS-2 corrected, GS-3 repeated, GS-4 new, GS-1 repeated.
	res, err = upsert(sanction("GS-2", "gov_demerit", "文-2 更正"), sanction("GS-3", "gov_demerit", "文-3"),
		sanction("GS-4", "gov_warning", "文-4"), repeat)
	must(t, err)
	want(res, domain.WriteUpdated, domain.WriteUnchanged, domain.WriteCreated, domain.WriteUnchanged)
	if res[0].ID != gs2 || res[0].Version != 2 || res[1].ID != gs3 || res[1].Version != 1 || res[3].ID != gs1.ID {
		t.Fatalf("the second batch's ids or versions: %+v", res)
	}
	if r := record(t, db, gs2); r.Code != "gov_demerit" || r.DocumentNo != "文-2 更正" || r.Version != 2 {
		t.Fatalf("the corrected GS-2 is stored as %+v", r)
	}
	hist, err := db.RecordHistory(ctx, []int64{gs2, gs3})
	must(t, err)
	if h := hist[gs2]; len(h) != 1 || h[0].Version != 1 || h[0].Code != "gov_warning" || h[0].DocumentNo != "文-2" {
		t.Fatalf("GS-2's history %+v, want its first version", h)
	}
	if len(hist[gs3]) != 0 {
		t.Fatalf("a repeat wrote history: %+v", hist[gs3])
	}
	if got := queued(); len(got) != 1 || got[0] != me {
		t.Fatalf("queued for scores %v, want the official %d", got, me)
	}

	// Nothing but repeats: nothing changes, nobody is queued.
	res, err = upsert(repeat, sanction("GS-3", "gov_demerit", "文-3"))
	must(t, err)
	want(res, domain.WriteUnchanged, domain.WriteUnchanged)
	if got := queued(); len(got) != 0 {
		t.Fatalf("repeats queued %v for scores", got)
	}

	// A batch that fails half way (an official that does not exist) writes
	// none of its rows, the new one before the bad one included.
	bad := sanction("GS-6", "gov_warning", "文-6")
	bad.OfficialID = me + 1000
	if _, err := upsert(sanction("GS-5", "gov_warning", "文-5"), bad); err == nil {
		t.Fatal("a record of an official who does not exist was written")
	}
	counts, err := db.Count(ctx)
	must(t, err)
	if counts.Records != 4 {
		t.Fatalf("%d records after the failed batch, want 4", counts.Records)
	}
}
