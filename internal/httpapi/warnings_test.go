package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"integrity/internal/app"
	"integrity/internal/domain"
	"integrity/internal/ingest"
)

type warningOut struct {
	ID       int64  `json:"id"`
	Rule     string `json:"rule"`
	Level    string `json:"level"`
	State    string `json:"state"`
	Official struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	} `json:"official"`
	Records []struct {
		ID   int64  `json:"id"`
		Code string `json:"code"`
	} `json:"records"`
	Detail         map[string]any `json:"detail"`
	AckedBy        string         `json:"acked_by"`
	ResolvedBy     string         `json:"resolved_by"`
	ResolutionNote string         `json:"resolution_note"`
}

type warningPage struct {
	Items []warningOut `json:"items"`
	Total int          `json:"total"`
}

// submitAs writes records through a source, the way intake does, and lets
// the snapshot pipeline (which raises warnings) run.
func (w *world) submitAs(t *testing.T, src domain.Source, recs ...ingest.RecordInput) []int64 {
	t.Helper()
	ctx := context.Background()
	res, err := w.ts.app.SubmitRecords(ctx, app.Actor{Username: "test"}, app.Submitter{Source: src}, recs)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, r := range res {
		if r.ID == 0 {
			t.Fatalf("not written: %+v", res)
		}
		ids = append(ids, r.ID)
	}
	w.drain(t)
	return ids
}

// drain recomputes every queued score and returns once the queue is empty:
// the officials the server's own scoring runner holds at that moment (a
// drain passes over them, SKIP LOCKED) are scored once the runner commits.
func (w *world) drain(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	eventually(t, "the score queue empty", func() bool {
		if _, err := w.ts.app.DrainScoreOutbox(ctx); err != nil {
			t.Fatal(err)
		}
		queued, err := w.ts.db.OutboxQueued(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return !queued
	})
}

func (w *world) warnings(t *testing.T, c *client, query string) warningPage {
	t.Helper()
	var p warningPage
	c.must(http.MethodGet, "/api/v1/warnings"+query, nil, 200).json(t, &p)
	return p
}

func byRule(p warningPage, rule string) (warningOut, bool) {
	for _, w := range p.Items {
		if w.Rule == rule {
			return w, true
		}
	}
	return warningOut{}, false
}

func TestWarningsRaisedByThePipeline(t *testing.T) {
	w := newWorld(t)
	approver, _ := w.login(t, "approver1")
	jw, _ := w.login(t, "jw1")
	caseSource := domain.Source{Code: "cases", Name: "案件管理", Categories: "investigation,gov_sanction"}
	w.addSource(t, &caseSource)
	// A clean file first: a snapshot of 优秀 for inA and no warning.
	w.submitAs(t, w.court, ingest.RecordInput{IDNumber: idA, SourceRef: "C-0", Category: "judicial", Code: "jud_civil_unperformed",
		DecisionDate: "2020-01-01", DocumentNo: "（2020）民1号", Authority: "法院"})
	if p := w.warnings(t, approver, ""); p.Total != 0 {
		t.Fatalf("a clean file raised %+v", p.Items)
	}

	w.submitAs(t, w.court, ingest.RecordInput{IDNumber: idA, SourceRef: "C-1", Category: "judicial", Code: "jud_criminal",
		DecisionDate: "2026-10-01", DocumentNo: "（2026）刑1号", Authority: "法院"})
	p := w.warnings(t, approver, "")
	serious, ok := byRule(p, "serious_record")
	if !ok || serious.Level != "high" || serious.Official.ID != w.inA || len(serious.Records) != 1 || serious.Records[0].Code != "jud_criminal" {
		t.Fatalf("a criminal conviction raises a serious-record warning naming it: %+v", p.Items)
	}
	if drop, ok := byRule(p, "grade_dropped"); !ok || drop.Detail["from"] != "excellent" || drop.Detail["to"] != "poor" {
		t.Fatalf("the grade fell from 优秀 to 较差 (forced): %+v", p.Items)
	}
	if _, ok := byRule(p, "score_below"); !ok {
		t.Fatalf("50 points is below 70: %+v", p.Items)
	}

	t.Run("OutsideTheScopeNothingShows", func(t *testing.T) {
		if p := w.warnings(t, jw, ""); p.Total != 0 {
			t.Fatalf("jw1 (district B) sees %d warnings of district A", p.Total)
		}
		jw.must(http.MethodGet, fmt.Sprintf("/api/v1/warnings/%d", serious.ID), nil, 404)
		jw.must(http.MethodPost, fmt.Sprintf("/api/v1/warnings/%d/ack", serious.ID), map[string]any{}, 404)
	})
	t.Run("OneOpenWarningPerRule", func(t *testing.T) {
		w.submitAs(t, w.court, ingest.RecordInput{IDNumber: idA, SourceRef: "C-2", Category: "judicial", Code: "jud_bribery",
			DecisionDate: "2026-11-01", DocumentNo: "（2026）刑2号", Authority: "法院"})
		p := w.warnings(t, approver, "?rule=serious_record")
		if p.Total != 1 || len(p.Items[0].Records) != 2 || p.Items[0].ID != serious.ID {
			t.Fatalf("the open warning names both records instead of a second warning: %+v", p.Items)
		}
	})
	t.Run("AcknowledgeThenResolve", func(t *testing.T) {
		path := fmt.Sprintf("/api/v1/warnings/%d", serious.ID)
		var got warningOut
		approver.must(http.MethodPost, path+"/ack", map[string]any{}, 200).json(t, &got)
		if got.State != domain.WarningAcknowledged || got.AckedBy != "approver1" {
			t.Fatalf("%+v", got)
		}
		approver.must(http.MethodPost, path+"/ack", map[string]any{}, 409)
		approver.must(http.MethodPost, path+"/resolve", map[string]any{"note": ""}, 400)
		approver.must(http.MethodPost, path+"/resolve", map[string]any{"note": "已约谈并报送干部监督部门"}, 200).json(t, &got)
		if got.State != domain.WarningResolved || got.ResolvedBy != "approver1" || got.ResolutionNote != "已约谈并报送干部监督部门" {
			t.Fatalf("%+v", got)
		}
		approver.must(http.MethodPost, path+"/resolve", map[string]any{"note": "again"}, 409)
		if _, ok := byRule(w.warnings(t, approver, ""), "serious_record"); ok {
			t.Fatal("a resolved warning is not in the open list")
		}
		if p := w.warnings(t, approver, "?state=resolved"); p.Total != 1 {
			t.Fatalf("resolved list: %+v", p.Items)
		}
		// A full recompute finds the same records: the warning a person
		// resolved stays resolved.
		admin := w.mustLogin(t, "admin1")
		if j := w.waitJob(t, admin, w.recomputeJob(t, admin)); j.Status != "done" {
			t.Fatalf("recompute %+v", j)
		}
		if p := w.warnings(t, approver, "?rule=serious_record&state=all"); p.Total != 1 {
			t.Fatalf("the recompute raised the resolved warning again: %+v", p.Items)
		}
	})
	t.Run("AConditionThatClearsResolvesItself", func(t *testing.T) {
		ids := w.submitAs(t, caseSource, ingest.RecordInput{IDNumber: idB, SourceRef: "INV-1", Category: "investigation", Code: "inv_case_opened",
			DecisionDate: "2026-09-01", DocumentNo: "立案〔2026〕3号", Authority: "纪委"})
		inv, ok := byRule(w.warnings(t, jw, ""), "under_investigation")
		if !ok || inv.Records[0].ID != ids[0] {
			t.Fatalf("an open case raises under_investigation for jw1's district: %+v", w.warnings(t, jw, "").Items)
		}
		w.submitAs(t, caseSource, ingest.RecordInput{IDNumber: idB, SourceRef: "INV-1", Category: "investigation", Code: "inv_case_opened",
			DecisionDate: "2026-09-01", EndedOn: "2026-11-20", DocumentNo: "立案〔2026〕3号", Authority: "纪委"})
		var got warningOut
		jw.must(http.MethodGet, fmt.Sprintf("/api/v1/warnings/%d", inv.ID), nil, 200).json(t, &got)
		if got.State != domain.WarningResolved || got.ResolvedBy != "system" {
			t.Fatalf("closing the case resolves the warning: %+v", got)
		}
	})
	t.Run("TheFileShowsItsOpenWarnings", func(t *testing.T) {
		admin := w.mustLogin(t, "admin1")
		var f struct {
			Warnings []warningOut `json:"warnings"`
		}
		admin.must(http.MethodGet, fmt.Sprintf("/api/v1/officials/%d/file", w.inA), nil, 200).json(t, &f)
		var rules []string
		for _, x := range f.Warnings {
			rules = append(rules, x.Rule)
		}
		if got := strings.Join(rules, ","); got != "score_below,grade_dropped" {
			t.Fatalf("the open warnings at the top of the file, most urgent first: %s", got)
		}
	})
}

func (w *world) mustLogin(t *testing.T, user string) *client {
	t.Helper()
	c, _ := w.login(t, user)
	return c
}
