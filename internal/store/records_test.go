package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"integrity/internal/domain"
	"integrity/internal/store"
	"integrity/internal/store/storetest"
)

// sanctioned is a database with one official holding one record (a
// 记大过) of one source.
func sanctioned(t *testing.T) (*store.DB, domain.Record) {
	t.Helper()
	ctx := context.Background()
	db := storetest.MustOpenDB(t)
	dept := mustDept(t, db, nil, "city")
	src := domain.Source{Code: "jw", Name: "纪委监委", Categories: "gov_sanction"}
	if err := db.UpsertSource(ctx, &src); err != nil {
		t.Fatal(err)
	}
	o := mustOfficials(t, db, newOfficial(dept.ID, "张三", "h1", time.Date(1990, 3, 7, 0, 0, 0, 0, time.UTC)))
	decided := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	recs := []domain.Record{{OfficialID: o[0].ID, SourceID: src.ID, SourceRef: "GS-1", Category: "gov_sanction", Code: "gov_major_demerit",
		DecisionDate: decided, EffectiveDate: &decided, State: domain.RecordActive, Version: 1}}
	if err := db.InsertRecords(ctx, recs); err != nil {
		t.Fatal(err)
	}
	return db, recs[0]
}

func record(t *testing.T, db *store.DB, id int64) domain.Record {
	t.Helper()
	var r domain.Record
	err := db.Do(context.Background(), func(tx *store.Tx) error {
		var err error
		r, err = tx.RecordForUpdate(id)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestDisputeFlagFollowsDataGrounds shows that only an open dispute on a
// data ground holds a record under dispute, and that deciding one dispute
// leaves the flag another open data dispute holds.
func TestDisputeFlagFollowsDataGrounds(t *testing.T) {
	db, rec := sanctioned(t)
	ctx := context.Background()
	file := func(ground string) domain.Dispute {
		d := domain.Dispute{RecordID: rec.ID, OfficialID: rec.OfficialID, SourceID: rec.SourceID, Ground: ground, Reason: "理由",
			State: domain.DisputeOpen, DueOn: time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)}
		if err := db.Do(ctx, func(tx *store.Tx) error {
			if err := tx.CreateDispute(&d, nil); err != nil {
				return err
			}
			r, err := tx.RecordForUpdate(rec.ID)
			if err != nil {
				return err
			}
			return tx.HoldUnderDispute(r)
		}); err != nil {
			t.Fatal(err)
		}
		return d
	}
	decide := func(d domain.Dispute) {
		next := d
		next.State = domain.DisputeUpheld
		if err := db.Do(ctx, func(tx *store.Tx) error {
			r, err := tx.RecordForUpdate(rec.ID)
			if err != nil {
				return err
			}
			if err := tx.UpdateDispute(&next, d.Version); err != nil {
				return err
			}
			return tx.HoldUnderDispute(r)
		}); err != nil {
			t.Fatal(err)
		}
	}
	other := file(domain.DisputeGroundOther)
	if record(t, db, rec.ID).UnderDispute {
		t.Fatal("a dispute on other grounds flags the record")
	}
	notMe := file(domain.DisputeGroundNotMe)
	wrongDate := file(domain.DisputeGroundWrongDate)
	if !record(t, db, rec.ID).UnderDispute {
		t.Fatal("a dispute on a data ground does not flag the record")
	}
	decide(notMe)
	if !record(t, db, rec.ID).UnderDispute {
		t.Fatal("deciding one data dispute cleared the flag another open one holds")
	}
	decide(wrongDate)
	if record(t, db, rec.ID).UnderDispute {
		t.Fatal("the flag stays after every data dispute is decided")
	}
	decide(other)
	if record(t, db, rec.ID).UnderDispute {
		t.Fatal("deciding a dispute on other grounds flagged the record")
	}
}

func TestAppealsAndRecordChanges(t *testing.T) {
	db, rec := sanctioned(t)
	ctx := context.Background()
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	ap := domain.Appeal{RecordID: rec.ID, OfficialID: rec.OfficialID, SourceID: rec.SourceID, Kind: domain.AppealRecheck,
		FiledOn: day("2026-06-20"), Authority: "省监委", Reason: "事实不清", State: domain.AppealOpen, DueOn: day("2026-08-20"), CreatedBy: "clerk"}
	if err := db.Do(ctx, func(tx *store.Tx) error { return tx.CreateAppeal(&ap) }); err != nil {
		t.Fatal(err)
	}
	var open bool
	db.Do(ctx, func(tx *store.Tx) (err error) { open, err = tx.AppealOpen(rec.ID); return })
	if !open {
		t.Fatal("the record has an open appeal")
	}
	for _, f := range []domain.AppealFilter{{}, {SourceID: rec.SourceID + 1}, {OfficialID: rec.OfficialID + 1}, {SourceID: rec.SourceID, Hidden: []string{"gov_sanction"}}} {
		if rows, total, err := db.Appeals(ctx, f); err != nil || total != 0 || len(rows) != 0 {
			t.Fatalf("filter %+v shows %d appeals (%v)", f, total, err)
		}
		if _, err := db.Appeal(ctx, f, ap.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("filter %+v reads the appeal: %v", f, err)
		}
	}
	rows, total, err := db.Appeals(ctx, domain.AppealFilter{OfficialID: rec.OfficialID, State: domain.AppealOpen, Page: domain.Page{Number: 1, Size: 20}})
	if err != nil || total != 1 || rows[0].RecordCode != "gov_major_demerit" || rows[0].IDNumberMasked != "320102********1239" ||
		!rows[0].RecordDecisionDate.Equal(day("2026-06-01")) || !rows[0].DueOn.Equal(day("2026-08-20")) {
		t.Fatalf("the official's appeals: %+v (%d, %v)", rows, total, err)
	}

	twelve := 12
	var changed domain.Record
	err = db.Do(ctx, func(tx *store.Tx) error {
		r, err := tx.RecordForUpdate(rec.ID)
		if err != nil {
			return err
		}
		changed, err = tx.ChangeOnReview(r, "gov_demerit", &twelve, "changed on recheck (appeal #1)", "clerk")
		return err
	})
	if err != nil || changed.Version != 2 {
		t.Fatalf("changed: %+v, %v", changed, err)
	}
	now := record(t, db, rec.ID)
	if now.Code != "gov_demerit" || now.PeriodMonths == nil || *now.PeriodMonths != 12 || now.Version != 2 || !now.Effective().Equal(day("2026-06-01")) {
		t.Fatalf("the record after the change: %+v", now)
	}
	hist, _ := db.RecordHistory(ctx, []int64{rec.ID})
	if h := hist[rec.ID]; len(h) != 1 || h[0].Code != "gov_major_demerit" || h[0].Version != 1 || h[0].ChangeReason != "changed on recheck (appeal #1)" {
		t.Fatalf("the history keeps the sanction before: %+v", h)
	}
	err = db.Do(ctx, func(tx *store.Tx) error {
		_, err := tx.RevokeOnReview(now, "revoked on appeal (appeal #2)", "revoked on appeal (appeal #2)", "clerk")
		return err
	})
	if now = record(t, db, rec.ID); err != nil || now.State != domain.RecordRevoked || now.Version != 3 || now.StateReason != "revoked on appeal (appeal #2)" {
		t.Fatalf("revoked: %+v, %v", now, err)
	}
	err = db.Do(ctx, func(tx *store.Tx) error {
		_, err := tx.RevokeOnReview(now, "again", "again", "clerk")
		return err
	})
	if domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("revoking a revoked record: %v", err)
	}
	var queued int
	db.SQL().QueryRow("SELECT COUNT(*) FROM score_outbox WHERE official_id = ?", rec.OfficialID).Scan(&queued)
	if queued == 0 {
		t.Fatal("a change on review queues the official's score")
	}
}

// TestRecordsKnownAt rebuilds an official's file as known at the end of
// past days while it changes: a record is disputed and the dispute decided,
// one corrected and then moved to another official, one revoked, one added.
// Each day gives the records the official had then, in the content and
// with the dispute flag they had then.
func TestRecordsKnownAt(t *testing.T) {
	ctx := context.Background()
	db := storetest.MustOpenDB(t)
	now := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	at := func(day string) time.Time { // the end of a day
		d, _ := time.Parse(time.DateOnly, day)
		return d.AddDate(0, 0, 1).Add(-time.Microsecond)
	}
	dept := mustDept(t, db, nil, "city")
	src := domain.Source{Code: "jw", Name: "纪委监委", Categories: "gov_sanction"}
	if err := db.UpsertSource(ctx, &src); err != nil {
		t.Fatal(err)
	}
	officials := mustOfficials(t, db, newOfficial(dept.ID, "张三", "h1", time.Date(1980, 3, 7, 0, 0, 0, 0, time.UTC)),
		newOfficial(dept.ID, "李四", "h2", time.Date(1982, 5, 1, 0, 0, 0, 0, time.UTC)))
	a, b := officials[0].ID, officials[1].ID
	sanction := func(official int64, ref, code string) domain.Record {
		return domain.Record{OfficialID: official, SourceRef: ref, Category: "gov_sanction", Code: code,
			DecisionDate: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), DocumentNo: "文-" + ref, Authority: "监委"}
	}
	upsert := func(recs ...domain.Record) []domain.WriteResult {
		var res []domain.WriteResult
		if err := db.Do(ctx, func(tx *store.Tx) (err error) { res, err = tx.UpsertRecords(src.ID, recs, "clerk"); return }); err != nil {
			t.Fatal(err)
		}
		return res
	}
	ids := upsert(sanction(a, "R-1", "gov_warning"), sanction(a, "R-2", "gov_demerit"), sanction(a, "R-4", "gov_warning"))
	r1, r2, r4 := ids[0].ID, ids[1].ID, ids[2].ID

	now = time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC) // R-1 disputed: not me
	d := domain.Dispute{RecordID: r1, OfficialID: a, SourceID: src.ID, Ground: domain.DisputeGroundNotMe, Reason: "不是本人",
		State: domain.DisputeOpen, DueOn: time.Date(2026, 11, 9, 0, 0, 0, 0, time.UTC)}
	must(t, db.Do(ctx, func(tx *store.Tx) error {
		if err := tx.CreateDispute(&d, nil); err != nil {
			return err
		}
		r, err := tx.RecordForUpdate(r1)
		if err != nil {
			return err
		}
		return tx.HoldUnderDispute(r)
	}))
	now = time.Date(2026, 11, 5, 10, 0, 0, 0, time.UTC) // R-2 corrected, R-4 revoked
	upsert(sanction(a, "R-2", "gov_major_demerit"))
	must(t, db.Do(ctx, func(tx *store.Tx) error { _, err := tx.RevokeRecord(src.ID, r4, "撤销", "clerk"); return err }))
	now = time.Date(2026, 11, 6, 10, 0, 0, 0, time.UTC) // R-1's dispute upheld; R-2 moved to the right official
	must(t, db.Do(ctx, func(tx *store.Tx) error {
		next := d
		next.State, next.DecidedBy, next.DecidedAt = domain.DisputeUpheld, "clerk", &now
		if err := tx.UpdateDispute(&next, d.Version); err != nil {
			return err
		}
		r, err := tx.RecordForUpdate(r1)
		if err != nil {
			return err
		}
		return tx.HoldUnderDispute(r)
	}))
	upsert(sanction(b, "R-2", "gov_major_demerit"))
	now = time.Date(2026, 11, 8, 10, 0, 0, 0, time.UTC) // a new record
	upsert(sanction(a, "R-3", "gov_demerit"))

	type seen struct {
		code     string
		state    string
		disputed bool
	}
	for _, tc := range []struct {
		official int64
		day      string
		want     map[int64]seen
	}{
		{a, "2026-10-31", map[int64]seen{}},
		{a, "2026-11-01", map[int64]seen{r1: {"gov_warning", "active", false}, r2: {"gov_demerit", "active", false}, r4: {"gov_warning", "active", false}}},
		{a, "2026-11-04", map[int64]seen{r1: {"gov_warning", "active", true}, r2: {"gov_demerit", "active", false}, r4: {"gov_warning", "active", false}}},
		{a, "2026-11-05", map[int64]seen{r1: {"gov_warning", "active", true}, r2: {"gov_major_demerit", "active", false}, r4: {"gov_warning", "revoked", false}}},
		{a, "2026-11-07", map[int64]seen{r1: {"gov_warning", "active", false}, r4: {"gov_warning", "revoked", false}}},
		{b, "2026-11-05", map[int64]seen{}},
		{b, "2026-11-07", map[int64]seen{r2: {"gov_major_demerit", "active", false}}},
	} {
		recs, err := db.RecordsKnownAt(ctx, tc.official, at(tc.day))
		if err != nil {
			t.Fatal(err)
		}
		got := map[int64]seen{}
		for i, r := range recs {
			if i > 0 && recs[i-1].ID >= r.ID || r.OfficialID != tc.official {
				t.Fatalf("%s: not the official's records in id order: %+v", tc.day, recs)
			}
			got[r.ID] = seen{r.Code, r.State, r.UnderDispute}
		}
		if len(got) != len(tc.want) {
			t.Fatalf("official %d known at the end of %s: %+v, want %+v", tc.official, tc.day, got, tc.want)
		}
		for id, w := range tc.want {
			if got[id] != w {
				t.Fatalf("official %d known at the end of %s: record %d %+v, want %+v", tc.official, tc.day, id, got[id], w)
			}
		}
	}
	if today, err := db.RecordsKnownAt(ctx, a, at("2026-11-08")); err != nil || len(today) != 3 || today[2].Code != "gov_demerit" {
		t.Fatalf("the file known today: %+v (%v)", today, err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestFileRecordsReadEveryColumn shows that the file's records, which are
// scanned without GORM, hold every column as the records list reads it
// through GORM, newest decision first, and only the asked source's.
func TestFileRecordsReadEveryColumn(t *testing.T) {
	db, first := sanctioned(t)
	ctx := context.Background()
	other := domain.Source{Code: "fy", Name: "法院", Categories: "court"}
	if err := db.UpsertSource(ctx, &other); err != nil {
		t.Fatal(err)
	}
	decided, effective, ended := time.Date(2026, 9, 2, 0, 0, 0, 0, time.UTC), time.Date(2026, 9, 9, 0, 0, 0, 0, time.UTC), time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	months, year := 18, 2025
	full := domain.Record{OfficialID: first.OfficialID, SourceID: other.ID, SourceRef: "CT-9", Category: "court", Code: "court_criminal",
		DecisionDate: decided, EffectiveDate: &effective, PeriodMonths: &months, EndedOn: &ended, ActRef: "案-1", AssessmentYear: &year,
		DocumentNo: "（2026）苏01刑初9号", Authority: "中级人民法院", Summary: "摘要", State: domain.RecordActive, StateReason: "更正",
		UnderDispute: true, RepairedOn: &ended, Version: 1, CreatedAt: decided.Add(time.Hour), UpdatedAt: ended.Add(time.Minute)}
	v := reflect.ValueOf(full)
	for i := range v.NumField() {
		if v.Field(i).IsZero() && v.Type().Field(i).Name != "ID" {
			t.Fatalf("the fixture leaves Record.%s empty: set it so the test shows it is read", v.Type().Field(i).Name)
		}
	}
	// Written as an import writes (on PostgreSQL from column arrays).
	err := db.Do(ctx, func(tx *store.Tx) error {
		res, err := tx.UpsertRecords(other.ID, []domain.Record{full}, "test")
		if err == nil {
			full.ID = res[0].ID
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.FileRecords(ctx, first.OfficialID, 0)
	if err != nil {
		t.Fatal(err)
	}
	want, _, err := db.Records(ctx, domain.RecordFilter{OfficialID: first.OfficialID, Page: domain.Page{Number: 1, Size: 10}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].SourceRef != "CT-9" || got[1].ID != first.ID || got[0].SourceName != "法院" || got[0].OfficialName != "张三" ||
		got[0].IDNumberMasked != "320102********1239" || got[0].PeriodMonths == nil || *got[0].PeriodMonths != 18 {
		t.Fatalf("file records = %+v", got)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("file records:\n got %+v\nwant %+v", got, want)
	}
	if !reflect.DeepEqual(inUTC(got[0].Record), inUTC(full)) {
		t.Errorf("the record as read:\n got %+v\nwritten %+v", got[0].Record, full)
	}
	if only, err := db.FileRecords(ctx, first.OfficialID, first.SourceID); err != nil || len(only) != 1 || only[0].ID != first.ID {
		t.Errorf("one source's: %+v, %v", only, err)
	}
}

// inUTC is r with its times in UTC: a time the SQLite driver reads back
// at offset 0 carries a location of its own (Local, or a fixed zone of
// +00:00 where Local is another), the same instant.
func inUTC(r domain.Record) domain.Record {
	r.DecisionDate, r.CreatedAt, r.UpdatedAt = r.DecisionDate.UTC(), r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	for _, t := range []**time.Time{&r.EffectiveDate, &r.EndedOn, &r.RepairedOn} {
		if *t != nil {
			u := (*t).UTC()
			*t = &u
		}
	}
	return r
}
