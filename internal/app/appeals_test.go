package app_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"integrity/internal/app"
	"integrity/internal/domain"
	"integrity/internal/eligibility"
	"integrity/internal/ingest"
	"integrity/internal/store"
	"integrity/internal/store/storetest"
)

// appealFixture is a service over a fresh database holding one official,
// the discipline commission's source, a personnel user who checks
// eligibility, and a sanction of the official. The clock: 2026-11-25.
type appealFixture struct {
	s        *app.Service
	db       *store.DB
	sub      app.Submitter
	clerk    app.Actor
	checker  app.Checker
	official int64
	record   int64
}

func newAppealFixture(t *testing.T, in ingest.RecordInput) *appealFixture {
	t.Helper()
	ctx := context.Background()
	db := storetest.MustOpenDB(t)
	db.Now = func() time.Time { return time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC) }
	s := newService(t, db)
	f := &appealFixture{s: s, db: db, clerk: app.Actor{Username: "clerk_jw", Role: domain.RoleDataClerk}}
	dept := domain.Department{Code: "city", Name: "市", Kind: domain.DeptCity}
	if err := db.CreateDepartment(ctx, &dept); err != nil {
		t.Fatal(err)
	}
	name, id, cat, status := "张三", "320102199003071239", domain.CategoryCivilServant, domain.OfficialActive
	o, err := s.CreateOfficial(ctx, app.Actor{Username: "test"}, app.OfficialInput{DepartmentID: &dept.ID, Name: &name, IDNumber: &id, Category: &cat, Status: &status})
	if err != nil {
		t.Fatal(err)
	}
	f.official = o.ID
	src := domain.Source{Code: "jw", Name: "纪委监委", Categories: "gov_sanction,party_sanction"}
	if err := db.UpsertSource(ctx, &src); err != nil {
		t.Fatal(err)
	}
	f.sub = app.Submitter{Source: src}
	hrc, err := s.CreateUser(ctx, app.Actor{Username: "test"}, app.NewUser{Username: "hr_staff", DepartmentID: &dept.ID,
		Grants: []app.GrantInput{{Role: domain.RolePersonnelStaff, Scope: domain.ScopeAll}}, Password: "Correct-horse-9", Permanent: true})
	if err != nil {
		t.Fatal(err)
	}
	f.checker = app.Checker{Owner: domain.CheckOwner{UserID: hrc.User.ID}, Scope: domain.Scope{All: true}}
	in.IDNumber, in.SourceRef, in.Category, in.DocumentNo, in.Authority = id, "GS-1", "gov_sanction", "云监政处〔2026〕9号", "云州市监委"
	res, err := s.SubmitRecords(ctx, app.Actor{Username: "clerk_jw"}, f.sub, []ingest.RecordInput{in})
	if err != nil {
		t.Fatal(err)
	}
	f.record = res[0].ID
	return f
}

// promotion is the official's promotion verdict today and the day it ends.
func (f *appealFixture) promotion(t *testing.T) (string, string) {
	t.Helper()
	_, results, err := f.s.CheckCandidates(context.Background(), app.Actor{Username: "hr_staff"}, f.checker,
		app.CheckInput{Purpose: "promotion", Candidates: []app.Candidate{{Row: 1, OfficialID: f.official}}})
	if err != nil {
		t.Fatal(err)
	}
	from := ""
	if results[0].EligibleFrom != nil {
		from = results[0].EligibleFrom.Format(time.DateOnly)
	}
	return results[0].Verdict, from
}

func (f *appealFixture) file(t *testing.T, kind string) domain.AppealRow {
	t.Helper()
	ap, err := f.s.FileAppeal(context.Background(), f.clerk, f.sub, app.AppealInput{RecordID: f.record, Kind: kind, FiledOn: "2026-11-20",
		Authority: "云州省监委", Reason: "认定事实不清"})
	if err != nil {
		t.Fatal(err)
	}
	return ap
}

func (f *appealFixture) audited(t *testing.T, action string) int {
	t.Helper()
	var n int
	if err := f.db.SQL().QueryRow("SELECT COUNT(*) FROM audit_log WHERE action = ?", action).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestAnAppealNeverSuspendsTheSanction(t *testing.T) {
	f := newAppealFixture(t, ingest.RecordInput{Code: "gov_major_demerit", DecisionDate: "2026-06-01"})
	if v, from := f.promotion(t); v != eligibility.Ineligible || from != "2027-12-01" {
		t.Fatalf("a 记大过 bars promotion for 18 months: %s until %s", v, from)
	}
	ap := f.file(t, domain.AppealRecheck)
	if ap.DueOn.Format(time.DateOnly) != "2027-01-20" || ap.State != domain.AppealOpen || f.audited(t, "appeal_file") != 1 {
		t.Fatalf("the recheck: %+v", ap.Appeal)
	}
	if v, from := f.promotion(t); v != eligibility.Ineligible || from != "2027-12-01" {
		t.Fatalf("while the recheck runs the verdict stays ineligible: %s until %s", v, from)
	}
	rec, _ := f.db.RecordOf(context.Background(), 0, f.record)
	if rec.UnderDispute || rec.Version != 1 {
		t.Fatalf("a recheck does not touch the record: %+v", rec.Record)
	}

	done, err := f.s.DecideAppeal(context.Background(), f.clerk, f.sub, ap.ID, app.AppealDecision{Outcome: domain.AppealRevoked,
		DecidedOn: "2026-11-25", DocumentNo: "云监复〔2026〕3号", Note: "原处分认定事实不清，予以撤销"})
	if err != nil || done.Outcome != domain.AppealRevoked || done.RecordVersion != 2 || f.audited(t, "appeal_decide") != 1 {
		t.Fatalf("decided: %+v, %v", done.Appeal, err)
	}
	if v, from := f.promotion(t); v != eligibility.Eligible || from != "" {
		t.Fatalf("a revoked sanction never barred: %s (%s)", v, from)
	}
	hist, _ := f.db.RecordHistory(context.Background(), []int64{f.record})
	if h := hist[f.record]; len(h) != 1 || h[0].State != domain.RecordActive || !strings.HasPrefix(h[0].ChangeReason, "revoked on recheck (appeal #") {
		t.Fatalf("the history keeps the sanction as it was: %+v", h)
	}
	var queued int
	f.db.SQL().QueryRow("SELECT COUNT(*) FROM score_outbox WHERE official_id = ?", f.official).Scan(&queued)
	if queued == 0 {
		t.Fatal("the decision queues the official's score")
	}
	if _, err := f.s.DecideAppeal(context.Background(), f.clerk, f.sub, ap.ID, app.AppealDecision{Outcome: domain.AppealUpheld,
		DecidedOn: "2026-11-25", DocumentNo: "x号", Note: "again"}); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("a decided appeal is decided: %v", err)
	}
	if _, err := f.s.FileAppeal(context.Background(), f.clerk, f.sub, app.AppealInput{RecordID: f.record, Kind: domain.AppealAppeal,
		FiledOn: "2026-11-25", Authority: "省监委", Reason: "再申诉"}); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("a revoked record is not reviewed: %v", err)
	}
}

func TestAChangeAppliesFromTheEffectiveDate(t *testing.T) {
	// Decided on 20 May, in effect from 1 June: a 记大过 changed to a 记过
	// bars for 12 months from 1 June.
	f := newAppealFixture(t, ingest.RecordInput{Code: "gov_major_demerit", DecisionDate: "2026-05-20", EffectiveDate: "2026-06-01"})
	if v, from := f.promotion(t); v != eligibility.Ineligible || from != "2027-12-01" {
		t.Fatalf("before: %s until %s", v, from)
	}
	ap := f.file(t, domain.AppealReview)
	ctx := context.Background()
	refused := []app.AppealDecision{
		{Outcome: domain.AppealChanged, DecidedOn: "2026-11-25", DocumentNo: "x号", Note: "加重", NewCode: "gov_dismissal_from_post"},
		{Outcome: domain.AppealChanged, DecidedOn: "2026-11-25", DocumentNo: "x号", Note: "改党纪", NewCode: "party_warning"},
		{Outcome: domain.AppealChanged, DecidedOn: "2026-11-25", DocumentNo: "x号", Note: "未说明"},
	}
	for _, d := range refused {
		if _, err := f.s.DecideAppeal(ctx, f.clerk, f.sub, ap.ID, d); domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("%+v: %v", d, err)
		}
	}
	done, err := f.s.DecideAppeal(ctx, f.clerk, f.sub, ap.ID, app.AppealDecision{Outcome: domain.AppealChanged, DecidedOn: "2026-11-25",
		DocumentNo: "云监复审〔2026〕1号", Note: "情节较轻，改为记过", NewCode: "gov_demerit"})
	if err != nil || done.NewCode != "gov_demerit" || done.RecordCode != "gov_demerit" || done.RecordVersion != 2 {
		t.Fatalf("changed: %+v, %v", done.Appeal, err)
	}
	rec, _ := f.db.RecordOf(ctx, 0, f.record)
	if rec.Code != "gov_demerit" || rec.DecisionDate.Format(time.DateOnly) != "2026-05-20" || rec.Effective().Format(time.DateOnly) != "2026-06-01" {
		t.Fatalf("the record's next version keeps its dates: %+v", rec.Record)
	}
	if v, from := f.promotion(t); v != eligibility.Ineligible || from != "2027-06-01" {
		t.Fatalf("a 记过 in effect from 2026-06-01 bars until 2027-06-01: %s until %s", v, from)
	}
}

// TestOneOpenAppealARecord files and decides at once from several
// requests: exactly one of each wins, the others meet a conflict.
func TestOneOpenAppealARecord(t *testing.T) {
	f := newAppealFixture(t, ingest.RecordInput{Code: "gov_demerit", DecisionDate: "2026-06-01"})
	ctx := context.Background()
	race := func(n int, do func(i int) error) (ok, conflicts int) {
		var mu sync.Mutex
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := do(i)
				mu.Lock()
				defer mu.Unlock()
				switch domain.ErrorCode(err) {
				case "":
					ok++
				case domain.ECONFLICT:
					conflicts++
				default:
					t.Errorf("request %d: %v", i, err)
				}
			}()
		}
		wg.Wait()
		return ok, conflicts
	}
	var id int64
	var idMu sync.Mutex
	if ok, conflicts := race(4, func(i int) error {
		ap, err := f.s.FileAppeal(ctx, f.clerk, f.sub, app.AppealInput{RecordID: f.record, Kind: domain.AppealKinds[i%3], FiledOn: "2026-11-20",
			Authority: "云州省监委", Reason: "不服"})
		if err == nil {
			idMu.Lock()
			id = ap.ID
			idMu.Unlock()
		}
		return err
	}); ok != 1 || conflicts != 3 {
		t.Fatalf("four filings at once: %d filed, %d conflicts", ok, conflicts)
	}
	outcomes := []string{domain.AppealRevoked, domain.AppealUpheld, domain.AppealChanged, domain.AppealRevoked}
	if ok, conflicts := race(4, func(i int) error {
		d := app.AppealDecision{Outcome: outcomes[i], DecidedOn: "2026-11-25", DocumentNo: "云监复〔2026〕1号", Note: "决定"}
		if outcomes[i] == domain.AppealChanged {
			d.NewCode = "gov_warning"
		}
		_, err := f.s.DecideAppeal(ctx, f.clerk, f.sub, id, d)
		return err
	}); ok != 1 || conflicts != 3 {
		t.Fatalf("four decisions at once: %d decided, %d conflicts", ok, conflicts)
	}
	hist, _ := f.db.RecordHistory(ctx, []int64{f.record})
	rec, _ := f.db.RecordOf(ctx, 0, f.record)
	if len(hist[f.record]) > 1 || rec.Version > 2 {
		t.Fatalf("only the winning decision changed the record: version %d, %d earlier versions", rec.Version, len(hist[f.record]))
	}
}
