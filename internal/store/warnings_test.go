package store_test

import (
	"context"
	"testing"
	"time"

	"integrity/internal/domain"
	"integrity/internal/store"
)

// TestPriorKeepsTheNewestWarningOfEachRule shows what a recompute starts
// from: for each official asked about, the newest warning of each rule
// (a rule raised, resolved and raised again gives the second, open one)
// with every column read, the snapshot grade, and nothing of an official
// not asked about.
func TestPriorKeepsTheNewestWarningOfEachRule(t *testing.T) {
	db, rec := sanctioned(t)
	ctx := context.Background()
	dept := mustDept(t, db, nil, "county")
	others := mustOfficials(t, db, newOfficial(dept.ID, "李四", "h2", time.Date(1985, 1, 2, 0, 0, 0, 0, time.UTC)))
	me, other := rec.OfficialID, others[0].ID
	raise := func(official int64, rule, level, records string) domain.Warning {
		t.Helper()
		ws := []domain.Warning{{OfficialID: official, Rule: rule, Level: level, State: domain.WarningOpen, RecordIDs: records,
			Fingerprint: rule + "@" + records, Detail: `{"records":1}`, PolicyVersion: 3}}
		if err := db.Do(ctx, func(tx *store.Tx) error { return tx.ApplyWarnings(ws, nil, nil) }); err != nil {
			t.Fatal(err)
		}
		return ws[0]
	}
	first := raise(me, "sanction_in_force", "yellow", "1")
	if err := db.Do(ctx, func(tx *store.Tx) error { return tx.ApplyWarnings(nil, nil, []int64{first.ID}) }); err != nil {
		t.Fatal(err)
	}
	again := raise(me, "sanction_in_force", "red", "1,2")
	arrears := raise(me, "arrears", "yellow", "3")
	raise(other, "arrears", "red", "4")
	err := db.Do(ctx, func(tx *store.Tx) error {
		return tx.SaveSnapshots([]domain.ScoreSnapshot{{OfficialID: me, Score: 8800, Grade: "B", PolicyVersion: 3, AsOf: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), ComputedAt: time.Now().UTC()}})
	})
	if err != nil {
		t.Fatal(err)
	}

	for _, read := range map[string]func([]int64) (store.Prior, error){
		"outside a transaction": func(ids []int64) (store.Prior, error) { return db.Prior(ctx, ids) },
		"inside one": func(ids []int64) (p store.Prior, err error) {
			err = db.Do(ctx, func(tx *store.Tx) error { p, err = tx.Prior(ids); return err })
			return p, err
		},
	} {
		p, err := read([]int64{me, 999_999})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Warnings) != 1 || p.Grades[me] != "B" || len(p.Grades) != 1 {
			t.Fatalf("prior of one official with warnings and one unknown: %+v", p)
		}
		got := map[string]domain.Warning{}
		for _, w := range p.Warnings[me] {
			if _, dup := got[w.Rule]; dup {
				t.Fatalf("two warnings of rule %s: %+v", w.Rule, p.Warnings[me])
			}
			got[w.Rule] = w
		}
		if len(got) != 2 {
			t.Fatalf("want the newest of each of two rules, got %+v", p.Warnings[me])
		}
		w := got["sanction_in_force"]
		if w.ID != again.ID || w.State != domain.WarningOpen || w.Level != "red" || w.RecordIDs != "1,2" || w.OpenKey == nil ||
			*w.OpenKey != *store.OpenKey(me, "sanction_in_force") || w.PolicyVersion != 3 || w.Detail != `{"records":1}` || w.RaisedAt.IsZero() {
			t.Fatalf("sanction_in_force: want the warning raised again (id %d, open, red), got %+v", again.ID, w)
		}
		if got["arrears"].ID != arrears.ID {
			t.Fatalf("arrears: want id %d, got %+v", arrears.ID, got["arrears"])
		}
	}
}
