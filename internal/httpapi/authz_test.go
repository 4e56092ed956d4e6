package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"integrity/internal/ingest"
)

// Subjects of the matrix: everyone (anonymous) and one user per role.
var subjects = []string{"anonymous", "admin1", "secadmin1", "auditor1", "approver1", "hr1", "jw1", "clerk1", "official1", "source", "client"}

const (
	everyone = "*"    // anonymous callers too
	signedIn = "auth" // every signed-in user
)

// expectations says who may call each route. A route registered without an
// entry here fails the test, so every new route needs a decision.
var expectations = map[string][]string{
	"GET /healthz":          {everyone},
	"GET /readyz":           {everyone},
	"GET /metrics":          {everyone},
	"GET /api/openapi.json": {everyone},
	"GET /api/v1/meta":      {everyone},
	"GET /*":                {everyone},
	"HEAD /*":               {everyone},

	"POST /api/v1/auth/login":     {everyone},
	"POST /api/v1/auth/refresh":   {everyone},
	"POST /api/v1/auth/activate":  {everyone},
	"POST /api/v1/auth/logout":    {signedIn},
	"GET /api/v1/me":              {signedIn},
	"POST /api/v1/me/password":    {signedIn},
	"POST /api/v1/me/totp/setup":  {signedIn},
	"POST /api/v1/me/totp/enable": {signedIn},

	"GET /api/v1/users":                       {"admin1", "secadmin1"},
	"POST /api/v1/users":                      {"admin1"},
	"GET /api/v1/users/:id":                   {"admin1", "secadmin1"},
	"PATCH /api/v1/users/:id":                 {"admin1"},
	"PUT /api/v1/users/:id/roles":             {"secadmin1"},
	"POST /api/v1/users/:id/reset-password":   {"admin1"},
	"POST /api/v1/users/:id/unlock":           {"admin1"},
	"POST /api/v1/users/:id/reset-totp":       {"secadmin1"},
	"POST /api/v1/users/:id/activation":       {"secadmin1"},
	"GET /api/v1/grant-requests":              {"secadmin1"},
	"POST /api/v1/grant-requests/:id/approve": {"secadmin1"},
	"POST /api/v1/grant-requests/:id/reject":  {"secadmin1"},

	"GET /api/v1/departments":               {"admin1", "secadmin1", "approver1", "hr1", "jw1"},
	"POST /api/v1/departments":              {"admin1"},
	"PATCH /api/v1/departments/:id":         {"admin1"},
	"GET /api/v1/officials":                 {"admin1", "approver1", "hr1", "jw1"},
	"GET /api/v1/officials/export":          {"admin1", "hr1"},
	"POST /api/v1/officials":                {"admin1"},
	"POST /api/v1/officials/import":         {"admin1"},
	"GET /api/v1/officials/import/template": {"admin1"},
	"GET /api/v1/officials/:id":             {"admin1", "approver1", "hr1", "jw1"},
	"PATCH /api/v1/officials/:id":           {"admin1"},
	"GET /api/v1/officials/:id/history":     {"admin1"},

	"GET /api/v1/audit":             {"auditor1"},
	"GET /api/v1/audit/export":      {"auditor1"},
	"GET /api/v1/audit/verify":      {"auditor1"},
	"GET /api/v1/audit/verify/last": {"auditor1"},

	"GET /api/v1/catalogue":        {signedIn, "source"},
	"POST /api/v1/catalogue/codes": {"admin1"},

	"GET /api/v1/sources":                          {"admin1", "secadmin1"},
	"POST /api/v1/sources":                         {"admin1"},
	"PATCH /api/v1/sources/:id":                    {"admin1"},
	"GET /api/v1/sources/:id/keys":                 {"admin1"},
	"POST /api/v1/sources/:id/keys":                {"admin1"},
	"POST /api/v1/sources/:id/keys/:key_id/revoke": {"admin1"},

	"POST /api/v1/records":            {"clerk1", "source"},
	"GET /api/v1/records":             {"admin1", "clerk1"},
	"GET /api/v1/records/export":      {"admin1", "clerk1"},
	"GET /api/v1/records/:id":         {"admin1", "clerk1"},
	"POST /api/v1/records/:id/revoke": {"admin1", "clerk1"},
	"GET /api/v1/officials/:id/file":  {"admin1", "clerk1", "jw1"},
	"GET /api/v1/officials/:id/score": {"admin1"},

	"GET /api/v1/policies/:kind":                   {"secadmin1"},
	"POST /api/v1/policies/:kind":                  {"secadmin1"},
	"GET /api/v1/policies/:kind/:version":          {"secadmin1"},
	"PUT /api/v1/policies/:kind/:version":          {"secadmin1"},
	"POST /api/v1/policies/:kind/:version/preview": {"secadmin1"},
	"POST /api/v1/policies/:kind/:version/publish": {"secadmin1"},
	"GET /api/v1/jobs/:id":                         {"admin1", "secadmin1"},
	"POST /api/v1/recompute":                       {"admin1", "secadmin1"},
	"POST /api/v1/imports":                         {"clerk1"},
	"GET /api/v1/imports":                          {"admin1", "clerk1"},
	"GET /api/v1/imports/template":                 {"admin1", "clerk1"},
	"GET /api/v1/imports/:id":                      {"admin1", "clerk1"},
	"GET /api/v1/imports/:id/errors":               {"admin1", "clerk1"},

	"GET /api/v1/lookups/config":               {"approver1", "jw1"},
	"GET /api/v1/lookups":                      {"approver1", "jw1"},
	"GET /api/v1/lookups/export":               {"approver1", "jw1"},
	"POST /api/v1/lookups":                     {"jw1"},
	"GET /api/v1/lookups/:id":                  {"approver1", "jw1"},
	"POST /api/v1/lookups/:id/approve":         {"approver1"},
	"POST /api/v1/lookups/:id/reject":          {"approver1"},
	"POST /api/v1/lookups/:id/revoke":          {"approver1", "jw1"},
	"GET /api/v1/lookups/inbox":                {"approver1", "jw1"},
	"GET /api/v1/discipline/dashboard":         {"approver1", "jw1"},
	"GET /api/v1/opinions/config":              {"approver1", "hr1", "jw1"},
	"GET /api/v1/opinions":                     {"approver1", "hr1", "jw1"},
	"POST /api/v1/opinions":                    {"hr1"},
	"GET /api/v1/opinions/:id":                 {"approver1", "hr1", "jw1"},
	"POST /api/v1/opinions/:id/draft":          {"jw1"},
	"PUT /api/v1/opinions/:id/candidates/:row": {"jw1"},
	"POST /api/v1/opinions/:id/sign":           {"approver1"},
	"GET /api/v1/opinions/:id/reply":           {"approver1", "hr1", "jw1"},
	"GET /api/v1/statistics/forms":             {"approver1", "jw1"},
	"GET /api/v1/statistics/forms/export":      {"approver1", "jw1"},
	"GET /api/v1/statistics/forms/records":     {"approver1"},
	"GET /api/v1/statistics/units/:id":         {"approver1", "jw1"},

	"GET /api/v1/eligibility/purposes":                         {"hr1", "client"},
	"POST /api/v1/eligibility/checks":                          {"hr1", "client"},
	"GET /api/v1/eligibility/checks":                           {"hr1", "client"},
	"GET /api/v1/eligibility/checks/:id":                       {"hr1", "client"},
	"GET /api/v1/eligibility/checks/:id/export":                {"hr1", "client"},
	"POST /api/v1/eligibility/checks/:id/rerun":                {"hr1"},
	"POST /api/v1/eligibility/checks/:id/results/:row/outcome": {"hr1", "client"},
	"GET /api/v1/eligibility/outcomes":                         {"hr1"},

	"GET /api/v1/me/file":                          {"official1"},
	"GET /api/v1/me/access-log":                    {"official1"},
	"POST /api/v1/me/reports":                      {"official1"},
	"GET /api/v1/me/reports":                       {"official1"},
	"GET /api/v1/me/reports/:id":                   {"official1"},
	"POST /api/v1/officials/:id/reports":           {"jw1"},
	"POST /api/v1/me/issued-reports/:id/revoke":    {"official1", "jw1"},
	"GET /api/v1/reports/verify/:code":             {everyone},
	"POST /api/v1/disputes":                        {"official1"},
	"GET /api/v1/disputes":                         {"official1", "clerk1"},
	"GET /api/v1/disputes/:id":                     {"official1", "clerk1"},
	"POST /api/v1/disputes/:id/extend":             {"clerk1"},
	"POST /api/v1/disputes/:id/resolve":            {"clerk1"},
	"GET /api/v1/disputes/:id/attachments/:att_id": {"official1", "clerk1"},
	"POST /api/v1/repairs":                         {"official1"},
	"GET /api/v1/repairs":                          {"official1", "clerk1"},
	"GET /api/v1/repairs/:id":                      {"official1", "clerk1"},
	"POST /api/v1/repairs/:id/decide":              {"clerk1"},
	"GET /api/v1/repairs/:id/attachments/:att_id":  {"official1", "clerk1"},
	"POST /api/v1/appeals":                         {"clerk1"},
	"GET /api/v1/appeals":                          {"clerk1"},
	"GET /api/v1/appeals/:id":                      {"clerk1"},
	"POST /api/v1/appeals/:id/decide":              {"clerk1"},
	"GET /api/v1/me/appeals":                       {"official1"},

	"GET /api/v1/clients":                          {"admin1"},
	"POST /api/v1/clients":                         {"admin1"},
	"POST /api/v1/clients/:id/disable":             {"admin1"},
	"GET /api/v1/clients/:id/keys":                 {"admin1"},
	"POST /api/v1/clients/:id/keys":                {"admin1"},
	"POST /api/v1/clients/:id/keys/:key_id/revoke": {"admin1"},

	"GET /api/v1/warnings/rules":        {"admin1", "secadmin1", "approver1", "jw1"},
	"GET /api/v1/warnings":              {"approver1", "jw1"},
	"GET /api/v1/warnings/export":       {"approver1", "jw1"},
	"GET /api/v1/warnings/:id":          {"approver1", "jw1"},
	"POST /api/v1/warnings/:id/ack":     {"approver1", "jw1"},
	"POST /api/v1/warnings/:id/resolve": {"approver1", "jw1"},
}

// The API's not-found catch-all answers 404 to every method for everyone.
func catchAll(method, path string) bool { return path == "/api/*" }

func allowed(route, subject string) bool {
	for _, who := range expectations[route] {
		if who == everyone || who == subject || (who == signedIn && subject != "anonymous" && subject != "source" && subject != "client") {
			return true
		}
	}
	return false
}

// scopeOut lists (route, subject) pairs the route policy allows but whose
// data scope does not reach the resource the matrix names: they answer 404.
var scopeOut = map[string]bool{
	"GET /api/v1/officials/:id jw1":      true, // the matrix reads an official of district A; jw1 sees district B
	"GET /api/v1/officials/:id/file jw1": true, // and holds no lookup of that official
	// The matrix's eligibility check is hr1's: the client's checks are its own.
	"GET /api/v1/eligibility/checks/:id client":                       true,
	"GET /api/v1/eligibility/checks/:id/export client":                true,
	"POST /api/v1/eligibility/checks/:id/results/:row/outcome client": true,
	// The matrix's repair application is about a traffic record, not the
	// court's (clerk1's); its report is of an official jw1 cannot reach.
	"GET /api/v1/repairs/:id clerk1":                     true,
	"POST /api/v1/repairs/:id/decide clerk1":             true,
	"GET /api/v1/repairs/:id/attachments/:att_id clerk1": true,
	"POST /api/v1/officials/:id/reports jw1":             true,
	"POST /api/v1/me/issued-reports/:id/revoke jw1":      true, // official1 issued the report
	// The matrix's request for integrity opinions is hr1's, of district A:
	// jw1's commission scope is district B.
	"GET /api/v1/opinions/:id jw1":                 true,
	"POST /api/v1/opinions/:id/draft jw1":          true,
	"PUT /api/v1/opinions/:id/candidates/:row jw1": true,
	"GET /api/v1/opinions/:id/reply jw1":           true,
	// The matrix's warning is of an official of district A.
	"GET /api/v1/warnings/:id jw1":          true,
	"POST /api/v1/warnings/:id/ack jw1":     true,
	"POST /api/v1/warnings/:id/resolve jw1": true,
}

func TestAuthorisationMatrix(t *testing.T) {
	w := newWorld(t)
	clients := map[string]*client{"anonymous": w.ts.anon(t)}
	for _, s := range subjects[1 : len(subjects)-2] {
		clients[s], _ = w.login(t, s)
	}
	clients["source"] = w.sourceClient(t, clients["admin1"], w.court.ID)
	var apiClient struct{ ID int64 }
	clients["admin1"].must(http.MethodPost, "/api/v1/clients", map[string]any{"name": "hr-system", "department_id": w.districtA.ID, "scope": "dept_and_below"}, 201).json(t, &apiClient)
	var clientKey struct {
		ID  int64  `json:"id"`
		Key string `json:"key"`
	}
	clients["admin1"].must(http.MethodPost, fmt.Sprintf("/api/v1/clients/%d/keys", apiClient.ID), map[string]string{"name": "k"}, 201).json(t, &clientKey)
	clients["client"] = &client{t: t, base: w.ts.URL, apiKey: clientKey.Key}
	// Another client, which the matrix's disable route may disable.
	var spareClient struct{ ID int64 }
	clients["admin1"].must(http.MethodPost, "/api/v1/clients", map[string]any{"name": "spare-system", "department_id": w.districtA.ID, "scope": "dept"}, 201).json(t, &spareClient)
	// A second key, which the matrix's revoke route may revoke.
	var spareKey struct{ ID int64 }
	clients["admin1"].must(http.MethodPost, fmt.Sprintf("/api/v1/clients/%d/keys", apiClient.ID), map[string]string{"name": "spare"}, 201).json(t, &spareKey)
	var chk struct {
		Check struct{ ID int64 } `json:"check"`
	}
	clients["hr1"].must(http.MethodPost, "/api/v1/eligibility/checks", map[string]any{"purpose": "promotion", "official_ids": []int64{w.inA}}, 201).json(t, &chk)
	rec := w.submit(t, clients["clerk1"], w.record("320102199003071239", "M-1"))
	imp := w.upload(t, clients["clerk1"], "m.csv", importCSV("320102199003071239", "M-2"), false)
	keyID := w.keyOf(t, clients["admin1"], w.traffic.ID)
	job := w.recomputeJob(t, clients["admin1"])
	// A user the admin routes may change without harming the subjects.
	victim := w.createUser(t, clients["admin1"], "victim1", "clerk1")
	// A grant proposed by the second security administrator, which the
	// first may decide.
	var grantReq struct{ ID int64 }
	w.mustLogin(t, "secadmin2").must(http.MethodPut, fmt.Sprintf("/api/v1/users/%d/roles", victim), map[string]any{
		"grants": []map[string]any{{"role": "discipline_staff", "scope": "all"}}}, 202).json(t, &grantReq)
	crime := w.record("320102199003071239", "M-3")
	crime["code"], crime["decision_date"] = "jud_criminal", "2026-10-01"
	w.submit(t, clients["clerk1"], crime)
	w.drain(t)
	var warnings warningPage
	clients["approver1"].must(http.MethodGet, "/api/v1/warnings", nil, 200).json(t, &warnings)
	if warnings.Total == 0 {
		t.Fatal("the matrix needs a warning")
	}
	var disp, rep struct {
		ID          int64
		Attachments []struct{ ID int64 } `json:"attachments"`
	}
	multipartCase(clients["official1"], "/api/v1/disputes", map[string]string{"record_id": fmt.Sprint(rec), "ground": "wrong_content", "reason": "已履行完毕"},
		[2]string{"a.pdf", pdf}).json(t, &disp)
	fine := w.submit(t, w.mustLogin(t, "clerk2"), map[string]any{"id_number": "320102199003071239", "source_ref": "MT-1", "category": "traffic",
		"code": "tr_points", "decision_date": "2026-05-01", "authority": "交警"})
	multipartCase(clients["official1"], "/api/v1/repairs", map[string]string{"record_id": fmt.Sprint(fine), "statement": "已缴清罚款",
		"commitment": "本人承诺今后严格遵守交通法规"}, [2]string{"a.pdf", pdf}).json(t, &rep)
	var report struct {
		ID   int64  `json:"id"`
		Code string `json:"code"`
	}
	clients["official1"].must(http.MethodPost, "/api/v1/me/reports", nil, 201).json(t, &report)
	if disp.ID == 0 || len(disp.Attachments) != 1 || rep.ID == 0 || report.Code == "" {
		t.Fatalf("the matrix needs a dispute, a repair and a report: %+v %+v %+v", disp, rep, report)
	}
	// A sanction of the court's (as a discipline commission's case system
	// would submit), under review: the matrix's appeal.
	court := w.court
	court.Categories += ",gov_sanction"
	sanction := w.submitAs(t, court, ingest.RecordInput{IDNumber: "320102199003071239", SourceRef: "M-S", Category: "gov_sanction",
		Code: "gov_demerit", DecisionDate: "2026-06-01", DocumentNo: "云监政处〔2026〕1号", Authority: "云州市监委"})[0]
	var appeal struct{ ID int64 }
	clients["clerk1"].must(http.MethodPost, "/api/v1/appeals", map[string]any{"record_id": sanction, "kind": "review", "filed_on": "2026-06-10",
		"authority": "云州市监委", "reason": "处分过重"}, 201).json(t, &appeal)
	var op struct {
		Request struct{ ID int64 } `json:"request"`
	}
	clients["hr1"].must(http.MethodPost, "/api/v1/opinions", map[string]any{"purpose": "promotion", "document_no": "云组函〔2026〕1号",
		"official_ids": []int64{w.inA}}, 201).json(t, &op)
	var lk struct{ ID int64 }
	clients["jw1"].must(http.MethodPost, "/api/v1/lookups", map[string]any{"official_ids": []int64{w.inB}, "purpose": "clue_disposal",
		"reason": "核查反映的问题线索", "modules": []string{"judicial"}}, 201).json(t, &lk)

	seen := map[string]bool{}
	for _, r := range w.ts.routes(nil) {
		key := r.String()
		seen[key] = true
		if _, ok := expectations[key]; !ok && !catchAll(r.Method, r.Path) {
			t.Errorf("route %s has no expectation in the authorisation matrix", key)
			continue
		}
		path := strings.NewReplacer("/users/:id", fmt.Sprintf("/users/%d", victim),
			"/grant-requests/:id", fmt.Sprintf("/grant-requests/%d", grantReq.ID),
			"/sources/:id/keys/:key_id", fmt.Sprintf("/sources/%d/keys/%d", w.traffic.ID, keyID),
			"/sources/:id", fmt.Sprintf("/sources/%d", w.traffic.ID),
			"/records/:id", fmt.Sprintf("/records/%d", rec),
			"/lookups/:id", fmt.Sprintf("/lookups/%d", lk.ID),
			"/warnings/:id", fmt.Sprintf("/warnings/%d", warnings.Items[0].ID),
			"/eligibility/checks/:id/results/:row", fmt.Sprintf("/eligibility/checks/%d/results/1", chk.Check.ID),
			"/eligibility/checks/:id", fmt.Sprintf("/eligibility/checks/%d", chk.Check.ID),
			"/disputes/:id/attachments/:att_id", fmt.Sprintf("/disputes/%d/attachments/%d", disp.ID, disp.Attachments[0].ID),
			"/disputes/:id", fmt.Sprintf("/disputes/%d", disp.ID),
			"/repairs/:id/attachments/:att_id", fmt.Sprintf("/repairs/%d/attachments/%d", rep.ID, rep.Attachments[0].ID),
			"/repairs/:id", fmt.Sprintf("/repairs/%d", rep.ID),
			"/appeals/:id", fmt.Sprintf("/appeals/%d", appeal.ID),
			"/me/reports/:id", fmt.Sprintf("/me/reports/%d", report.ID),
			"/me/issued-reports/:id/revoke", fmt.Sprintf("/me/issued-reports/%d/revoke", report.ID),
			"/reports/verify/:code", "/reports/verify/"+report.Code,
			"/clients/:id/keys/:key_id", fmt.Sprintf("/clients/%d/keys/%d", apiClient.ID, spareKey.ID),
			"/clients/:id/disable", fmt.Sprintf("/clients/%d/disable", spareClient.ID),
			"/clients/:id", fmt.Sprintf("/clients/%d", apiClient.ID),
			"/imports/:id", fmt.Sprintf("/imports/%d", imp),
			"/policies/:kind/:version", "/policies/scoring/1",
			"/policies/:kind", "/policies/scoring",
			"/jobs/:id", fmt.Sprintf("/jobs/%d", job),
			"/departments/:id", fmt.Sprintf("/departments/%d", w.districtA.ID),
			"/statistics/units/:id", fmt.Sprintf("/statistics/units/%d", w.districtB.ID),
			"/opinions/:id/candidates/:row", fmt.Sprintf("/opinions/%d/candidates/1", op.Request.ID),
			"/opinions/:id", fmt.Sprintf("/opinions/%d", op.Request.ID),
			"/officials/:id", fmt.Sprintf("/officials/%d", w.inA),
			"/*", "/some/client/route").Replace(r.Path)
		if r.Path == "/api/*" {
			path = "/api/v1/no-such-thing"
		}
		var body any
		if r.Method == http.MethodPost || r.Method == http.MethodPatch || r.Method == http.MethodPut {
			body = map[string]any{}
		}
		for _, subject := range subjects {
			t.Run(key+" as "+subject, func(t *testing.T) {
				c := clients[subject]
				if key == "POST /api/v1/auth/logout" && subject != "anonymous" && subject != "source" && subject != "client" {
					c, _ = w.login(t, subject) // logging out must not end the shared session
				}
				if key == "POST /api/v1/imports" {
					body = nil // a multipart upload; the empty JSON body answers 400 once allowed
				}
				c.t = t
				resp := c.do(r.Method, path, body)
				switch {
				case catchAll(r.Method, r.Path):
					if resp.Status != 404 {
						t.Fatalf("%s %s: %d, want 404", r.Method, path, resp.Status)
					}
				case allowed(key, subject) && scopeOut[key+" "+subject]:
					if resp.Status != 404 {
						t.Fatalf("%s as %s, outside the data scope: %d, want 404: %s", key, subject, resp.Status, resp.Body)
					}
				case allowed(key, subject):
					if resp.Status == 401 || resp.Status == 403 || resp.Status == 404 || resp.Status >= 500 {
						t.Fatalf("%s as %s should pass: %d %s", key, subject, resp.Status, resp.Body)
					}
				case subject == "anonymous":
					if resp.Status != 401 {
						t.Fatalf("%s anonymously: %d, want 401: %s", key, resp.Status, resp.Body)
					}
				default:
					if resp.Status != 404 {
						t.Fatalf("%s as %s: %d, want 404 (hidden): %s", key, subject, resp.Status, resp.Body)
					}
				}
			})
		}
	}
	for key := range expectations {
		if !seen[key] {
			t.Errorf("the matrix expects %s, which is not registered", key)
		}
	}
	if conformed.Load() < int64(len(seen)*len(subjects)/2) {
		t.Fatalf("only %d answers were checked against the OpenAPI document", conformed.Load())
	}
	if scanned.Load() < int64(len(seen)*len(subjects)) {
		t.Fatalf("only %d responses were scanned for ID numbers", scanned.Load())
	}
}

func TestRouteWithoutPolicyIsDenied(t *testing.T) {
	w := newWorld(t)
	w.ts.srv.Echo().GET("/api/v1/test/unlisted", func(c echo.Context) error { return c.String(200, "secret") })
	admin, _ := w.login(t, "admin1")
	for _, c := range []*client{admin, w.ts.anon(t)} {
		if r := c.do(http.MethodGet, "/api/v1/test/unlisted", nil); r.Status != 404 || strings.Contains(r.Body, "secret") {
			t.Fatalf("a route with no policy line answered %d %s", r.Status, r.Body)
		}
	}
}

func TestDataScope(t *testing.T) {
	w := newWorld(t)
	cases := []struct {
		user        string
		visible     []int64
		hidden      []int64
		listedTotal int
	}{
		{"admin1", []int64{w.inA, w.inB}, nil, 2},
		{"approver1", []int64{w.inA, w.inB}, nil, 2},
		{"hr1", []int64{w.inA}, []int64{w.inB}, 1},
		{"jw1", []int64{w.inB}, []int64{w.inA}, 1},
	}
	for _, tc := range cases {
		t.Run(tc.user, func(t *testing.T) {
			c, _ := w.login(t, tc.user)
			for _, id := range tc.visible {
				c.must(http.MethodGet, fmt.Sprintf("/api/v1/officials/%d", id), nil, 200)
			}
			for _, id := range tc.hidden {
				r := c.must(http.MethodGet, fmt.Sprintf("/api/v1/officials/%d", id), nil, 404)
				if strings.Contains(r.Body, "测试人员") {
					t.Fatal("a hidden official's data leaked in the 404")
				}
			}
			var page struct {
				Items []struct{ ID int64 } `json:"items"`
				Total int                  `json:"total"`
			}
			c.must(http.MethodGet, "/api/v1/officials", nil, 200).json(t, &page)
			if page.Total != tc.listedTotal || len(page.Items) != tc.listedTotal {
				t.Fatalf("list shows %d (total %d), want %d", len(page.Items), page.Total, tc.listedTotal)
			}
		})
	}
	t.Run("ErrUnknownScopeFailsClosed", func(t *testing.T) {
		if _, err := w.ts.db.SQL().Exec("UPDATE role_grants SET scope = 'everything' WHERE role = 'personnel_staff'"); err != nil {
			t.Fatal(err)
		}
		c, _ := w.login(t, "hr1")
		var page struct{ Total int }
		c.must(http.MethodGet, "/api/v1/officials", nil, 200).json(t, &page)
		if page.Total != 0 {
			t.Fatalf("an unknown scope saw %d officials", page.Total)
		}
		c.must(http.MethodGet, fmt.Sprintf("/api/v1/officials/%d", w.inA), nil, 404)
	})
}

// createUser creates a user through the API with the role and scope of an
// existing subject's pattern (here: a data clerk) and returns its id.
func (w *world) createUser(t *testing.T, admin *client, name, _ string) int64 {
	t.Helper()
	var out struct {
		User           struct{ ID int64 } `json:"user"`
		ActivationCode string             `json:"activation_code"`
	}
	admin.must(http.MethodPost, "/api/v1/users", map[string]any{
		"username": name, "department_id": w.root.ID, "source_id": w.court.ID,
		"grants": []map[string]any{{"role": "data_clerk", "scope": "all"}},
	}, 201).json(t, &out)
	if out.User.ID == 0 || out.ActivationCode == "" {
		t.Fatalf("create user: %+v", out)
	}
	return out.User.ID
}
