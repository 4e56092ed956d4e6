package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"integrity/internal/domain"
	"integrity/internal/store/storetest"
)

type policyJSON struct {
	Version int            `json:"version"`
	Status  string         `json:"status"`
	Policy  map[string]any `json:"policy"`
}

type jobJSON struct {
	ID       int64          `json:"id"`
	Status   string         `json:"status"`
	Done     int64          `json:"done"`
	Total    int64          `json:"total"`
	Progress float64        `json:"progress"`
	Result   map[string]any `json:"result"`
}

func (w *world) waitJob(t *testing.T, admin *client, id int64) jobJSON {
	t.Helper()
	return finished(t, admin, fmt.Sprintf("/api/v1/jobs/%d", id), func(j jobJSON) string { return j.Status })
}

func TestPolicyDraftPreviewPublish(t *testing.T) {
	t.Run("Default", func(t *testing.T) { policyFlow(t, newWorld(t)) })
	// A file database reads the preview in a real snapshot transaction
	// beside the progress writes.
	t.Run("SQLiteFile", func(t *testing.T) { policyFlow(t, newWorldOn(t, storetest.MustOpenSQLiteFile(t), testAuthConfig())) })
}

func policyFlow(t *testing.T, w *world) {
	w.clock.set(time.Now().UTC()) // the scoring runner scores as of the store's today
	clerk, _ := w.login(t, "clerk1")
	rec := w.record(idA, "P-1")
	rec["decision_date"] = time.Now().UTC().AddDate(0, -1, 0).Format("2006-01-02")
	w.submit(t, clerk, rec)
	admin, _ := w.login(t, "secadmin1")

	var list struct {
		Items []policyJSON `json:"items"`
	}
	admin.must(http.MethodGet, "/api/v1/policies/scoring", nil, 200).json(t, &list)
	if len(list.Items) != 1 || list.Items[0].Status != "published" || list.Items[0].Policy["base"] != 100.0 {
		t.Fatalf("policies: %+v", list)
	}
	admin.must(http.MethodGet, "/api/v1/policies/magic", nil, 404)

	var draft policyJSON
	admin.must(http.MethodPost, "/api/v1/policies/scoring", map[string]string{"note": "heavier civil judgments"}, 201).json(t, &draft)
	if draft.Version != 2 || draft.Status != "draft" {
		t.Fatalf("draft %+v", draft)
	}
	admin.must(http.MethodPost, "/api/v1/policies/scoring", nil, 409)

	// Edit: civil judgments weigh -20 instead of -5.
	p := draft.Policy
	for _, r := range p["rules"].([]any) {
		if rule := r.(map[string]any); rule["code"] == "jud_civil_unperformed" {
			rule["points"] = -20.0
		}
	}
	path := fmt.Sprintf("/api/v1/policies/scoring/%d", draft.Version)
	admin.must(http.MethodPut, path, map[string]any{"policy": p}, 200)
	t.Run("ErrInvalidEdits", func(t *testing.T) {
		bad := map[string]any{}
		for k, v := range p {
			bad[k] = v
		}
		bad["grades"] = []any{map[string]any{"key": "a", "zh": "甲", "en": "A", "min": 80}, map[string]any{"key": "b", "zh": "乙", "en": "B", "min": 90}, map[string]any{"key": "c", "zh": "丙", "en": "C"}}
		r := admin.do(http.MethodPut, path, map[string]any{"policy": bad})
		if pr := problemOf(t, r); r.Status != 400 || pr.Errors[0].Field != "grades[1].min" {
			t.Fatalf("thresholds out of order: %d %s", r.Status, r.Body)
		}
		admin.must(http.MethodPut, "/api/v1/policies/scoring/1", map[string]any{"policy": p}, 409)
		// A wrong type is named with its row, as the editor marks rows.
		bad["grades"] = []any{map[string]any{"key": "a", "zh": "甲", "en": "A", "min": 90}, map[string]any{"key": "b", "zh": "乙", "en": "B", "min": "eighty"},
			map[string]any{"key": "c", "zh": "丙", "en": "C"}}
		wantProblem(t, "a text threshold", admin.do(http.MethodPut, path, map[string]any{"policy": bad}), 400, domain.EINVALID, "policy.grades[1].min")
	})

	var job jobJSON
	admin.must(http.MethodPost, path+"/preview", nil, 202).json(t, &job)
	job = w.waitJob(t, admin, job.ID)
	if job.Status != "done" || job.Result["officials"] != 2.0 {
		t.Fatalf("preview: %+v", job)
	}
	movers := job.Result["movers"].([]any)
	if len(movers) != 1 || movers[0].(map[string]any)["official_id"] != float64(w.inA) ||
		movers[0].(map[string]any)["to_score"] != 80.0 || movers[0].(map[string]any)["to_grade"] != "fair" {
		t.Fatalf("movers %+v", movers)
	}
	matrix := job.Result["matrix"].(map[string]any)
	if matrix["excellent"].(map[string]any)["fair"] != 1.0 || matrix["excellent"].(map[string]any)["excellent"] != 1.0 {
		t.Fatalf("matrix %+v", matrix)
	}

	var pub struct {
		Recompute jobJSON `json:"recompute"`
	}
	admin.must(http.MethodPost, path+"/publish", nil, 200).json(t, &pub)
	done := w.waitJob(t, admin, pub.Recompute.ID)
	if done.Status != "done" || done.Done != 2 || done.Progress != 1 {
		t.Fatalf("recompute after publish: %+v", done)
	}
	var score, version int64
	if err := w.ts.db.SQL().QueryRow("SELECT score, policy_version FROM score_snapshots WHERE official_id = ?", w.inA).Scan(&score, &version); err != nil {
		t.Fatal(err)
	}
	if score != 8000 || version != 2 {
		t.Fatalf("snapshot after publish: %d under version %d", score, version)
	}
	admin.must(http.MethodPost, path+"/publish", nil, 409)
	admin.must(http.MethodGet, "/api/v1/policies/scoring", nil, 200).json(t, &list)
	if list.Items[0].Status != "published" || list.Items[1].Status != "archived" {
		t.Fatalf("versions after publish: %+v", list.Items)
	}
}

// TestPolicyDraftConcurrentEdits has many editors save the same draft at
// once, each from the revision they read: exactly one edit applies, the
// others answer 409 naming the revision, and nothing is overwritten unseen.
func TestPolicyDraftConcurrentEdits(t *testing.T) {
	w := newWorld(t)
	admin, _ := w.login(t, "secadmin1")
	var draft struct {
		policyJSON
		Revision string `json:"revision"`
	}
	admin.must(http.MethodPost, "/api/v1/policies/scoring", nil, 201).json(t, &draft)
	if len(draft.Revision) != 16 {
		t.Fatalf("the draft has no revision: %q", draft.Revision)
	}
	path := fmt.Sprintf("/api/v1/policies/scoring/%d", draft.Version)
	const editors = 8
	answers := atOnce(editors, func(i int) response {
		return admin.do(http.MethodPut, path, map[string]any{"policy": draft.Policy, "note": fmt.Sprintf("editor %d", i), "revision": draft.Revision})
	})
	statuses, bodies := make([]int, editors), make([]string, editors)
	for i, r := range answers {
		statuses[i], bodies[i] = r.Status, r.Body
	}
	winner := -1
	for i, s := range statuses {
		switch s {
		case 200:
			if winner >= 0 {
				t.Fatalf("editors %d and %d both saved from revision %s", winner, i, draft.Revision)
			}
			winner = i
		case 409:
			if !strings.Contains(bodies[i], "changed since you read it") || !strings.Contains(bodies[i], `"field":"revision"`) {
				t.Fatalf("editor %d's 409 does not say why: %s", i, bodies[i])
			}
		default:
			t.Fatalf("editor %d: %d %s", i, s, bodies[i])
		}
	}
	if winner < 0 {
		t.Fatalf("no edit applied: %v", statuses)
	}
	var now struct {
		Note     string `json:"note"`
		Revision string `json:"revision"`
	}
	admin.must(http.MethodGet, path, nil, 200).json(t, &now)
	if now.Note != fmt.Sprintf("editor %d", winner) || now.Revision == draft.Revision {
		t.Fatalf("the draft holds %+v, want editor %d's edit under a new revision", now, winner)
	}
	// A stale revision stays refused; the current one applies; no revision
	// at all is the last edit winning, as before.
	admin.must(http.MethodPut, path, map[string]any{"policy": draft.Policy, "revision": draft.Revision}, 409)
	admin.must(http.MethodPut, path, map[string]any{"policy": draft.Policy, "note": "reloaded", "revision": now.Revision}, 200)
	admin.must(http.MethodPut, path, map[string]any{"policy": draft.Policy, "note": "unchecked"}, 200)
	var edits int64
	if err := w.ts.db.SQL().QueryRow("SELECT COUNT(*) FROM audit_log WHERE action = 'policy_edit'").Scan(&edits); err != nil || edits != 3 {
		t.Fatalf("%d policy_edit audit entries, want 3 (one per applied edit): %v", edits, err)
	}
}
