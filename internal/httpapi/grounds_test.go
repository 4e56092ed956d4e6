package httpapi_test

import (
	"fmt"
	"net/http"
	"testing"

	"integrity/internal/domain"
)

// TestDisputeGrounds shows that only a dispute about the record's data
// (not this person, a wrong date or content) holds a verdict for review: a
// dispute of a sanction on other grounds is a case its source decides,
// while the sanction keeps barring.
func TestDisputeGrounds(t *testing.T) {
	w := newAppealWorld(t)
	flagged := func() bool {
		t.Helper()
		var rec struct {
			UnderDispute bool `json:"under_dispute"`
		}
		w.jw.must(http.MethodGet, fmt.Sprintf("/api/v1/records/%d", w.major), nil, 200).json(t, &rec)
		return rec.UnderDispute
	}
	file := func(ground string) caseOut {
		t.Helper()
		var d struct {
			caseOut
			Ground string `json:"ground"`
		}
		w.me.must(http.MethodPost, "/api/v1/disputes", map[string]any{"record_id": w.major, "ground": ground, "reason": "对该处分决定有不同意见"}, 201).json(t, &d)
		if d.Ground != ground {
			t.Fatalf("the dispute answers its ground: %+v", d)
		}
		var again struct {
			Ground string `json:"ground"`
		}
		w.jw.must(http.MethodGet, fmt.Sprintf("/api/v1/disputes/%d", d.ID), nil, 200).json(t, &again)
		if again.Ground != ground {
			t.Fatalf("the source sees the ground: %+v", again)
		}
		return d.caseOut
	}
	uphold := func(d caseOut) {
		t.Helper()
		w.jw.must(http.MethodPost, fmt.Sprintf("/api/v1/disputes/%d/resolve", d.ID), map[string]any{"outcome": "upheld", "note": "经核实，记录无误"}, 200)
	}

	for _, tc := range []struct{ name, ground string }{{"ErrNoGround", ""}, {"ErrUnknownGround", "unfair"}} {
		t.Run(tc.name, func(t *testing.T) {
			body := map[string]any{"record_id": w.major, "reason": "对该处分决定有不同意见"}
			if tc.ground != "" {
				body["ground"] = tc.ground
			}
			w.me.t = t
			wantProblem(t, tc.name, w.me.do(http.MethodPost, "/api/v1/disputes", body), 400, domain.EINVALID, "ground")
			r := multipartCase(w.me, "/api/v1/disputes", map[string]string{"record_id": fmt.Sprint(w.major), "ground": tc.ground, "reason": "对该处分决定有不同意见"})
			wantProblem(t, tc.name+" (multipart)", r, 400, domain.EINVALID, "ground")
		})
	}
	w.me.t = t

	other := file("other")
	if flagged() {
		t.Fatal("a dispute of a sanction on other grounds flags the record")
	}
	if v, _ := w.promotion(t); v != "ineligible" {
		t.Fatalf("a sanction disputed on other grounds keeps barring: %s", v)
	}
	uphold(other)

	notMe := file("not_me")
	if !flagged() {
		t.Fatal("a dispute that the record is not this person's flags it")
	}
	if v, _ := w.promotion(t); v != "needs_review" {
		t.Fatalf("a barring record whose data is disputed needs review: %s", v)
	}
	uphold(notMe)
	if flagged() {
		t.Fatal("the flag clears with the decision")
	}
	if v, _ := w.promotion(t); v != "ineligible" {
		t.Fatalf("after the decision the sanction bars again: %s", v)
	}
}
