package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"integrity/internal/app"
	"integrity/internal/domain"
	"integrity/internal/ingest"
	"integrity/internal/store"
)

type scoreJSON struct {
	Result  json.RawMessage `json:"result"`
	KnownAt string          `json:"known_at"`
}

// TestAScoreOfThePastIsReproduced: a score shown on 2026-11-25 is read
// again weeks later, after a new scoring policy was published and the file
// was corrected (one record's code changed, one revoked, one repaired, one
// added): under the old policy version and on the file as known that day,
// the answer is the same, item by item; without them it differs.
func TestAScoreOfThePastIsReproduced(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	admin, _ := w.login(t, "admin1")
	court := func(ref, code, decided string) ingest.RecordInput {
		return ingest.RecordInput{IDNumber: idA, SourceRef: ref, Category: "judicial", Code: code, DecisionDate: decided,
			DocumentNo: "（2026）云01民初" + ref, Authority: "法院"}
	}
	ids := w.submitAs(t, w.court, court("J-1", "jud_civil_unperformed", "2026-03-01"), court("J-2", "jud_civil_unperformed", "2026-04-01"),
		court("J-3", "jud_civil_unperformed", "2026-05-01"))
	traffic := w.submitAs(t, w.traffic, ingest.RecordInput{IDNumber: idA, SourceRef: "T-1", Category: "traffic", Code: "tr_points", DecisionDate: "2026-06-01"})
	path := fmt.Sprintf("/api/v1/officials/%d/score", w.inA)
	var then scoreJSON
	admin.must(http.MethodGet, path+"?as_of=2026-11-25", nil, 200).json(t, &then)
	var thenUsed struct {
		PolicyVersion int     `json:"policy_version"`
		Score         float64 `json:"score"`
	}
	if err := json.Unmarshal(then.Result, &thenUsed); err != nil || thenUsed.PolicyVersion != 1 || then.KnownAt != "2026-11-25" || thenUsed.Score != 84 {
		t.Fatalf("the answer names the policy version and the day of knowledge it used: %s %s", then.KnownAt, then.Result)
	}

	// Weeks later: a heavier policy, and a file corrected in four ways.
	w.clock.set(time.Date(2026, 12, 20, 10, 0, 0, 0, time.UTC))
	admin, _ = w.login(t, "admin1")
	var draft policyJSON
	admin.must(http.MethodPost, "/api/v1/policies/scoring", map[string]string{"note": "heavier civil judgments"}, 201).json(t, &draft)
	for _, r := range draft.Policy["rules"].([]any) {
		if rule := r.(map[string]any); rule["code"] == "jud_civil_unperformed" {
			rule["points"] = -20.0
		}
	}
	vpath := fmt.Sprintf("/api/v1/policies/scoring/%d", draft.Version)
	admin.must(http.MethodPut, vpath, map[string]any{"policy": draft.Policy}, 200)
	admin.must(http.MethodPost, vpath+"/publish", nil, 200)
	w.submitAs(t, w.court, court("J-1", "jud_dishonest_debtor", "2026-03-01"), court("J-4", "jud_civil_unperformed", "2026-11-01"))
	repaired, err := w.ts.db.RecordOf(ctx, 0, traffic[0])
	if err != nil {
		t.Fatal(err)
	}
	err = w.ts.db.Do(ctx, func(tx *store.Tx) error {
		if _, err := tx.RevokeRecord(w.court.ID, ids[1], "法院撤销原判", "test"); err != nil {
			return err
		}
		return tx.SetRepaired(repaired.Record, time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), "test")
	})
	if err != nil {
		t.Fatal(err)
	}

	var again scoreJSON
	admin.must(http.MethodGet, path+"?as_of=2026-11-25&policy_version=1&known_at=2026-11-25", nil, 200).json(t, &again)
	if string(again.Result) != string(then.Result) || again.KnownAt != "2026-11-25" {
		t.Fatalf("the past answer again:\nthen  %s\nagain %s", then.Result, again.Result)
	}
	entries, _, err := w.ts.db.AuditEntries(ctx, domain.AuditFilter{Action: "score_read", TargetID: fmt.Sprint(w.inA), Page: domain.Page{Number: 1, Size: 1}})
	if err != nil || len(entries) != 1 || !strings.Contains(entries[0].Detail, `"known_at":"2026-11-25"`) || !strings.Contains(entries[0].Detail, `"policy_version":1`) {
		t.Fatalf("the read is audited with what it asked for: %+v (%v)", entries, err)
	}
	var now scoreJSON
	admin.must(http.MethodGet, path+"?as_of=2026-11-25", nil, 200).json(t, &now)
	var nowUsed struct {
		PolicyVersion int `json:"policy_version"`
	}
	if err := json.Unmarshal(now.Result, &nowUsed); err != nil || nowUsed.PolicyVersion != 2 || now.KnownAt != "2026-12-20" {
		t.Fatalf("today's answer names today's policy and knowledge: %s %s", now.KnownAt, now.Result)
	}
	if string(now.Result) == string(then.Result) {
		t.Fatal("today's knowledge under today's policy gives the same answer: the test changed nothing")
	}
	var oldPolicy scoreJSON // the old policy on today's file differs too
	admin.must(http.MethodGet, path+"?as_of=2026-11-25&policy_version=1", nil, 200).json(t, &oldPolicy)
	if string(oldPolicy.Result) == string(then.Result) {
		t.Fatal("the corrections changed nothing under the old policy")
	}

	t.Run("ErrDraftVersion", func(t *testing.T) {
		var d3 policyJSON
		admin.must(http.MethodPost, "/api/v1/policies/scoring", map[string]string{"note": "a draft"}, 201).json(t, &d3)
		r := admin.do(http.MethodGet, fmt.Sprintf("%s?policy_version=%d", path, d3.Version), nil)
		if p := problemOf(t, r); r.Status != 404 || len(p.Errors) == 0 || p.Errors[0].Field != "policy_version" {
			t.Fatalf("a draft scores nothing: %d %s", r.Status, r.Body)
		}
	})
	t.Run("ErrBadParameters", func(t *testing.T) {
		for q, field := range map[string]string{"policy_version=9": "policy_version", "policy_version=x": "policy_version",
			"known_at=2027-01-01": "known_at", "known_at=yesterday": "known_at"} {
			r := admin.do(http.MethodGet, path+"?"+q, nil)
			if p := problemOf(t, r); (r.Status != 400 && r.Status != 404) || len(p.Errors) == 0 || p.Errors[0].Field != field {
				t.Errorf("%s: %d %s", q, r.Status, r.Body)
			}
		}
	})
	_ = app.ScoreQuery{}
}
