package httpapi_test

import (
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"integrity/internal/domain"
)

// idorProbe is one guess: a caller the route policy lets through asks for
// a resource outside their reach.
type idorProbe struct {
	as, path string
}

// idorRoute is what the IDOR attack knows of a route with path parameters:
// a body a caller could send (so that an answer is about the resource, not
// the body), and the guesses at someone else's resources. No guesses means
// every caller the route policy lets through reaches every resource of the
// kind (admins, approvers and auditors have scope all): only ids that name
// nothing are tried.
type idorRoute struct {
	body    any
	guesses []idorProbe
}

func (w *attackWorld) idorRoutes() map[string]idorRoute {
	f := fmt.Sprintf
	return map[string]idorRoute{
		"GET /api/v1/users/:id":                   {},
		"PATCH /api/v1/users/:id":                 {body: map[string]any{"display_name": "猜测"}},
		"PUT /api/v1/users/:id/roles":             {body: map[string]any{"grants": []map[string]any{{"role": "auditor", "scope": "all"}}}},
		"POST /api/v1/users/:id/reset-password":   {},
		"POST /api/v1/users/:id/unlock":           {},
		"POST /api/v1/users/:id/reset-totp":       {},
		"POST /api/v1/users/:id/activation":       {},
		"POST /api/v1/grant-requests/:id/approve": {body: map[string]any{}},
		"POST /api/v1/grant-requests/:id/reject":  {body: map[string]any{"reason": "猜测"}},
		"PATCH /api/v1/departments/:id":           {body: map[string]any{"name": "猜测"}},

		"GET /api/v1/officials/:id": {guesses: []idorProbe{{"hr1", f("/api/v1/officials/%d", w.inB)}, {"hr2", f("/api/v1/officials/%d", w.inA)},
			{"jw1", f("/api/v1/officials/%d", w.inA)}, {"jw2", f("/api/v1/officials/%d", w.inB)}}},
		"PATCH /api/v1/officials/:id":       {body: map[string]any{"post": "猜测", "version": 1}},
		"GET /api/v1/officials/:id/history": {},
		"GET /api/v1/officials/:id/file": {guesses: []idorProbe{{"jw1", f("/api/v1/officials/%d/file", w.inA)}, {"jw2", f("/api/v1/officials/%d/file", w.inB)},
			{"jw1", f("/api/v1/officials/%d/file?lookup_id=%d", w.inA, w.lookupJW2)}, {"jw2", f("/api/v1/officials/%d/file?lookup_id=%d", w.inA, w.lookupJW1)}}},
		"GET /api/v1/officials/:id/score": {},
		"GET /api/v1/opinions/:id": {guesses: []idorProbe{{"hr1", f("/api/v1/opinions/%d", w.opinionB)}, {"hr2", f("/api/v1/opinions/%d", w.opinionA)},
			{"jw1", f("/api/v1/opinions/%d", w.opinionA)}, {"jw2", f("/api/v1/opinions/%d", w.opinionB)}}},
		"GET /api/v1/opinions/:id/reply": {guesses: []idorProbe{{"hr2", f("/api/v1/opinions/%d/reply", w.opinionA)}, {"jw1", f("/api/v1/opinions/%d/reply", w.opinionA)}}},
		"POST /api/v1/opinions/:id/draft": {body: map[string]any{}, guesses: []idorProbe{{"jw1", f("/api/v1/opinions/%d/draft", w.opinionA)},
			{"jw2", f("/api/v1/opinions/%d/draft", w.opinionB)}}},
		"PUT /api/v1/opinions/:id/candidates/:row": {body: map[string]any{"conclusion": "猜测", "reason": "猜测他人的回复"},
			guesses: []idorProbe{{"jw1", f("/api/v1/opinions/%d/candidates/1", w.opinionA)}, {"jw2", f("/api/v1/opinions/%d/candidates/1", w.opinionB)}}},
		"POST /api/v1/opinions/:id/sign": {body: map[string]any{}},
		"GET /api/v1/statistics/units/:id": {guesses: []idorProbe{{"jw1", f("/api/v1/statistics/units/%d", w.districtA.ID)},
			{"jw1", f("/api/v1/statistics/units/%d", w.root.ID)}, {"jw2", f("/api/v1/statistics/units/%d", w.districtB.ID)}}},
		"POST /api/v1/officials/:id/reports": {body: map[string]any{"lookup_id": w.lookupJW2}, guesses: []idorProbe{
			{"jw1", f("/api/v1/officials/%d/reports", w.inA)}, {"jw2", f("/api/v1/officials/%d/reports", w.inB)}}},

		"GET /api/v1/sources/:id/keys":                 {},
		"POST /api/v1/sources/:id/keys":                {body: map[string]string{"name": "猜测"}},
		"POST /api/v1/sources/:id/keys/:key_id/revoke": {guesses: []idorProbe{{"admin1", f("/api/v1/sources/%d/keys/%d/revoke", w.court.ID, w.sourceKeyTraffic)}}},
		"PATCH /api/v1/sources/:id":                    {body: map[string]any{"name": "猜测"}},

		"GET /api/v1/records/:id": {guesses: []idorProbe{{"clerk1", f("/api/v1/records/%d", w.recTrafficA)}, {"clerk2", f("/api/v1/records/%d", w.recCourtA)}}},
		"POST /api/v1/records/:id/revoke": {body: map[string]string{"reason": "猜测他人的记录"}, guesses: []idorProbe{
			{"clerk1", f("/api/v1/records/%d/revoke", w.recTrafficA)}, {"clerk2", f("/api/v1/records/%d/revoke", w.recCourtA)}}},
		"GET /api/v1/imports/:id": {guesses: []idorProbe{{"clerk1", f("/api/v1/imports/%d", w.impTraffic)}, {"clerk2", f("/api/v1/imports/%d", w.impCourt)}}},
		"GET /api/v1/imports/:id/errors": {guesses: []idorProbe{{"clerk1", f("/api/v1/imports/%d/errors", w.impTraffic)},
			{"clerk2", f("/api/v1/imports/%d/errors", w.impCourt)}}},

		"GET /api/v1/policies/:kind":                   {},
		"POST /api/v1/policies/:kind":                  {body: map[string]string{"note": "猜测"}},
		"GET /api/v1/policies/:kind/:version":          {},
		"PUT /api/v1/policies/:kind/:version":          {body: map[string]any{"policy": map[string]any{"version": 1}, "note": "猜测"}},
		"POST /api/v1/policies/:kind/:version/preview": {},
		"POST /api/v1/policies/:kind/:version/publish": {},
		"GET /api/v1/jobs/:id":                         {},

		"GET /api/v1/lookups/:id":          {guesses: []idorProbe{{"jw1", f("/api/v1/lookups/%d", w.lookupJW2)}, {"jw2", f("/api/v1/lookups/%d", w.lookupJW1)}}},
		"POST /api/v1/lookups/:id/approve": {body: map[string]any{}},
		"POST /api/v1/lookups/:id/reject":  {body: map[string]any{"note": "猜测"}},
		"POST /api/v1/lookups/:id/revoke": {body: map[string]string{"reason": "猜测他人的查询"}, guesses: []idorProbe{
			{"jw1", f("/api/v1/lookups/%d/revoke", w.lookupJW2)}, {"jw2", f("/api/v1/lookups/%d/revoke", w.lookupJW1)}}},

		"GET /api/v1/warnings/:id": {guesses: []idorProbe{{"jw1", f("/api/v1/warnings/%d", w.warnA)}, {"jw2", f("/api/v1/warnings/%d", w.warnB)}}},
		"POST /api/v1/warnings/:id/ack": {body: map[string]string{"note": "猜测"}, guesses: []idorProbe{
			{"jw1", f("/api/v1/warnings/%d/ack", w.warnA)}, {"jw2", f("/api/v1/warnings/%d/ack", w.warnB)}}},
		"POST /api/v1/warnings/:id/resolve": {body: map[string]string{"note": "猜测他人的预警"}, guesses: []idorProbe{
			{"jw1", f("/api/v1/warnings/%d/resolve", w.warnA)}, {"jw2", f("/api/v1/warnings/%d/resolve", w.warnB)}}},

		"GET /api/v1/eligibility/checks/:id":        {guesses: w.checkGuesses("")},
		"GET /api/v1/eligibility/checks/:id/export": {guesses: w.checkGuesses("/export")},
		"POST /api/v1/eligibility/checks/:id/rerun": {guesses: []idorProbe{{"hr1", f("/api/v1/eligibility/checks/%d/rerun", w.checkHR2)},
			{"hr1", f("/api/v1/eligibility/checks/%d/rerun", w.checkClient)}, {"hr2", f("/api/v1/eligibility/checks/%d/rerun", w.checkHR1)}}},
		"POST /api/v1/eligibility/checks/:id/results/:row/outcome": {body: map[string]string{"outcome": "other", "note": "猜测"},
			guesses: w.checkGuesses("/results/1/outcome")},

		"GET /api/v1/me/reports/:id": {guesses: []idorProbe{{"official1", f("/api/v1/me/reports/%d", w.reportB)}, {"official2", f("/api/v1/me/reports/%d", w.reportA)}}},
		"POST /api/v1/me/issued-reports/:id/revoke": {body: map[string]string{"reason": "猜测撤销"}, guesses: []idorProbe{
			{"official1", f("/api/v1/me/issued-reports/%d/revoke", w.reportB)}, {"official2", f("/api/v1/me/issued-reports/%d/revoke", w.reportA)}}},

		"GET /api/v1/disputes/:id": {guesses: []idorProbe{{"official1", f("/api/v1/disputes/%d", w.dispB)}, {"official2", f("/api/v1/disputes/%d", w.dispA)},
			{"clerk1", f("/api/v1/disputes/%d", w.dispTraffic)}, {"clerk2", f("/api/v1/disputes/%d", w.dispA)}}},
		"POST /api/v1/disputes/:id/extend": {body: map[string]any{"days": 10, "reason": "需调取卷宗"}, guesses: []idorProbe{
			{"clerk1", f("/api/v1/disputes/%d/extend", w.dispTraffic)}, {"clerk2", f("/api/v1/disputes/%d/extend", w.dispA)}}},
		"POST /api/v1/disputes/:id/resolve": {body: map[string]string{"outcome": "upheld", "note": "核实无误"}, guesses: []idorProbe{
			{"clerk1", f("/api/v1/disputes/%d/resolve", w.dispTraffic)}, {"clerk2", f("/api/v1/disputes/%d/resolve", w.dispA)}}},
		"GET /api/v1/disputes/:id/attachments/:att_id": {guesses: []idorProbe{
			{"official1", f("/api/v1/disputes/%d/attachments/%d", w.dispB, w.dispBAtt)},
			{"official1", f("/api/v1/disputes/%d/attachments/%d", w.dispA, w.dispBAtt)}, // one's own case, another's file
			{"official2", f("/api/v1/disputes/%d/attachments/%d", w.dispA, w.dispAAtt)},
			{"clerk1", f("/api/v1/disputes/%d/attachments/%d", w.dispTraffic, w.dispTrafficAtt)},
			{"clerk1", f("/api/v1/disputes/%d/attachments/%d", w.dispA, w.dispTrafficAtt)},
			{"clerk1", f("/api/v1/disputes/%d/attachments/%d", w.dispA, w.repAAtt)}, // a repair's file under a dispute
			{"clerk2", f("/api/v1/disputes/%d/attachments/%d", w.dispA, w.dispAAtt)}}},
		"GET /api/v1/repairs/:id": {guesses: []idorProbe{{"official1", f("/api/v1/repairs/%d", w.repB)}, {"official2", f("/api/v1/repairs/%d", w.repA)},
			{"clerk1", f("/api/v1/repairs/%d", w.repA)}}},
		"POST /api/v1/repairs/:id/decide": {body: map[string]any{"approve": false, "note": "材料不足"}, guesses: []idorProbe{
			{"clerk1", f("/api/v1/repairs/%d/decide", w.repA)}}},
		"GET /api/v1/repairs/:id/attachments/:att_id": {guesses: []idorProbe{
			{"official1", f("/api/v1/repairs/%d/attachments/%d", w.repB, w.repBAtt)},
			{"official1", f("/api/v1/repairs/%d/attachments/%d", w.repA, w.repBAtt)},
			{"official1", f("/api/v1/repairs/%d/attachments/%d", w.repA, w.dispAAtt)}, // a dispute's file under a repair
			{"official2", f("/api/v1/repairs/%d/attachments/%d", w.repA, w.repAAtt)},
			{"clerk1", f("/api/v1/repairs/%d/attachments/%d", w.repA, w.repAAtt)}}},

		"GET /api/v1/appeals/:id": {guesses: []idorProbe{{"clerk1", f("/api/v1/appeals/%d", w.appealB)}, {"clerk2", f("/api/v1/appeals/%d", w.appealA)}}},
		"POST /api/v1/appeals/:id/decide": {body: map[string]string{"outcome": "upheld", "decided_on": "2026-11-25", "document_no": "猜〔2026〕1号", "note": "猜测他人的申诉"},
			guesses: []idorProbe{{"clerk1", f("/api/v1/appeals/%d/decide", w.appealB)}, {"clerk2", f("/api/v1/appeals/%d/decide", w.appealA)}}},

		"POST /api/v1/clients/:id/disable":             {},
		"GET /api/v1/clients/:id/keys":                 {},
		"POST /api/v1/clients/:id/keys":                {body: map[string]string{"name": "猜测"}},
		"POST /api/v1/clients/:id/keys/:key_id/revoke": {guesses: []idorProbe{{"admin1", f("/api/v1/clients/%d/keys/%d/revoke", w.clientA, w.clientKeyB)}}},
	}
}

// checkGuesses are the guesses at other callers' eligibility checks: another
// user's, a client's, and a user's by a client.
func (w *attackWorld) checkGuesses(suffix string) []idorProbe {
	f := func(id int64) string { return fmt.Sprintf("/api/v1/eligibility/checks/%d%s", id, suffix) }
	return []idorProbe{{"hr1", f(w.checkHR2)}, {"hr1", f(w.checkClient)}, {"hr2", f(w.checkHR1)}, {"client", f(w.checkHR1)},
		{"client2", f(w.checkClient)}}
}

var pathParam = regexp.MustCompile(`:[a-z_]+`)

func TestAttackIDOR(t *testing.T) {
	w := newAttackWorld(t)
	table := w.idorRoutes()
	before := fingerprint(t, w.ts.db.SQL())
	// The verification code is no id: TestAttackBruteForce guesses at it.
	seen := map[string]bool{}
	for _, r := range w.ts.routes(func(r route) bool {
		return strings.Contains(r.Path, "/:") && r.Path != "/api/v1/reports/verify/:code"
	}) {
		key := r.String()
		seen[key] = true
		rt, ok := table[key]
		if !ok {
			t.Errorf("%s has no entry in the IDOR table: say whose resources each caller might guess at", key)
			continue
		}
		t.Run(key, func(t *testing.T) {
			send := func(as, path string) response {
				c := w.as[as]
				c.t = t
				return c.do(r.Method, path, rt.body)
			}
			// Ids that name nothing, for every caller the policy lets through.
			missing := pathParam.ReplaceAllStringFunc(r.Path, func(p string) string {
				if p == ":kind" {
					return "scoring"
				}
				return "999999"
			})
			callers := 0
			for _, s := range attackSubjects {
				if !allowedAs(key, s) {
					continue
				}
				callers++
				if strings.Contains(missing, "999999") {
					wantProblem(t, fmt.Sprintf("%s as %s", missing, s), send(s, missing), 404, domain.ENOTFOUND, "")
				}
				if strings.Contains(r.Path, ":kind") {
					unknown := strings.Replace(missing, "scoring", "nosuchkind", 1)
					wantProblem(t, fmt.Sprintf("%s as %s", unknown, s), send(s, unknown), 404, domain.ENOTFOUND, "")
				}
			}
			if callers == 0 {
				t.Fatal("nobody may call it")
			}
			// Other callers' resources answer as if they did not exist.
			for _, g := range rt.guesses {
				if !allowedAs(key, g.as) {
					t.Fatalf("%s may not call %s at all: the guess proves nothing", g.as, key)
				}
				got := send(g.as, g.path)
				p := wantProblem(t, fmt.Sprintf("%s as %s", g.path, g.as), got, 404, domain.ENOTFOUND, "")
				if strings.Contains(got.Body, "测试人员") || strings.Contains(got.Body, "PDF") || len(p.Errors) > 0 {
					t.Fatalf("the 404 of %s tells something: %s", g.path, got.Body)
				}
			}
		})
	}
	for key := range table {
		if !seen[key] {
			t.Errorf("the IDOR table lists %s, which is not registered", key)
		}
	}
	sameFingerprint(t, "guessing at other callers' resources", before, fingerprint(t, w.ts.db.SQL()))

	t.Run("SequentialIDs", func(t *testing.T) {
		// A caller walking the ids of a kind sees exactly the resources its
		// own list shows them: every other id, taken or not, answers 404.
		lists := map[string]string{
			"/api/v1/users/:id":              "/api/v1/users?page_size=200",
			"/api/v1/officials/:id":          "/api/v1/officials?page_size=200",
			"/api/v1/officials/:id/history":  "/api/v1/officials?page_size=200",
			"/api/v1/officials/:id/score":    "/api/v1/officials?page_size=200",
			"/api/v1/records/:id":            "/api/v1/records?page_size=200",
			"/api/v1/imports/:id":            "/api/v1/imports?page_size=200",
			"/api/v1/lookups/:id":            "/api/v1/lookups?page_size=200",
			"/api/v1/warnings/:id":           "/api/v1/warnings?state=all&page_size=200",
			"/api/v1/eligibility/checks/:id": "/api/v1/eligibility/checks?page_size=200",
			"/api/v1/me/reports/:id":         "/api/v1/me/reports?page_size=200",
			"/api/v1/disputes/:id":           "/api/v1/disputes?page_size=200",
			"/api/v1/repairs/:id":            "/api/v1/repairs?page_size=200",
			"/api/v1/appeals/:id":            "/api/v1/appeals?page_size=200",
			"/api/v1/sources/:id/keys":       "/api/v1/sources",
			"/api/v1/clients/:id/keys":       "/api/v1/clients",
		}
		var routes []string
		for r := range lists {
			routes = append(routes, r)
		}
		sort.Strings(routes)
		for _, route := range routes {
			for _, s := range attackSubjects {
				if !allowedAs("GET "+route, s) {
					continue
				}
				c := w.as[s]
				c.t = t
				var page struct {
					Items []struct {
						ID int64 `json:"id"`
					} `json:"items"`
				}
				c.must(http.MethodGet, lists[route], nil, 200).json(t, &page)
				listed := map[int64]bool{}
				var top int64 = 12
				for _, it := range page.Items {
					listed[it.ID] = true
					top = max(top, it.ID+3)
				}
				for id := int64(1); id <= top; id++ {
					path := strings.Replace(route, ":id", fmt.Sprint(id), 1)
					got := c.do(http.MethodGet, path, nil)
					switch {
					case listed[id] && got.Status != 200:
						t.Fatalf("%s as %s: %d, yet the list shows it: %.200s", path, s, got.Status, got.Body)
					case !listed[id]:
						wantProblem(t, fmt.Sprintf("%s as %s (not in their list)", path, s), got, 404, domain.ENOTFOUND, "")
					}
				}
			}
		}
	})
}
