package httpapi_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"integrity/internal/domain"
)

// Kinds of query parameter, by the answer a hostile value gets.
const (
	qInt   = "int"   // a positive number: anything else is 400 naming it
	qEnum  = "enum"  // one of a list: anything else is 400 naming it
	qDate  = "date"  // a date or RFC 3339 time: anything else is 400 naming it
	qPage  = "page"  // page and page_size
	qText  = "text"  // free text compared as a value: 200 and no rows
	qIDNum = "idnum" // an ID number: anything that is not one is 400 naming it
)

type queryParam struct {
	name, kind string
	max        int // a text longer than this is 400 naming it (0: no limit)
}

// getRoute is how the SQL-injection attack calls one GET route: as whom,
// at which path, with which query parameters.
type getRoute struct {
	as     string
	path   string
	params []queryParam
	list   bool // answers {items, total}
}

var paging = []queryParam{{"page", qPage, 0}, {"page_size", qPage, 0}}

func withPaging(ps ...queryParam) []queryParam {
	return append(append([]queryParam{}, paging...), ps...)
}

// getRoutes lists every GET route with the query parameters its handler
// reads. A GET route missing here fails TestAttackSQLInjection.
// sortable names the lists that take ?sort= (a key of their own, or - and
// the key).
var sortable = map[string]bool{"/api/v1/officials": true, "/api/v1/records": true, "/api/v1/warnings": true, "/api/v1/audit": true}

func (w *attackWorld) getRoutes(t *testing.T) map[string]getRoute {
	id := func(format string, args ...any) string { return fmt.Sprintf(format, args...) }
	return map[string]getRoute{
		"/healthz":          {as: "anonymous", path: "/healthz"},
		"/readyz":           {as: "anonymous", path: "/readyz"},
		"/metrics":          {as: "anonymous", path: "/metrics"},
		"/api/openapi.json": {as: "anonymous", path: "/api/openapi.json"},
		"/api/v1/meta":      {as: "anonymous", path: "/api/v1/meta"},
		"/*":                {as: "anonymous", path: "/officials/1"},
		"/api/*":            {as: "admin1", path: "/api/v1/no-such-route"},
		"/api/v1/me":        {as: "hr1", path: "/api/v1/me"},

		"/api/v1/users":                 {as: "admin1", path: "/api/v1/users", list: true, params: withPaging(queryParam{"role", qEnum, 0}, queryParam{"q", qText, 0}, queryParam{"state", qEnum, 0})},
		"/api/v1/users/:id":             {as: "admin1", path: id("/api/v1/users/%d", w.userID(t, "hr1"))},
		"/api/v1/departments":           {as: "admin1", path: "/api/v1/departments", list: true},
		"/api/v1/officials":             {as: "admin1", path: "/api/v1/officials", list: true, params: withPaging(queryParam{"department_id", qInt, 0}, queryParam{"status", qEnum, 0}, queryParam{"name", qText, 64}, queryParam{"id_number", qIDNum, 0}, queryParam{"grade", qText, 32})},
		"/api/v1/officials/:id":         {as: "hr1", path: id("/api/v1/officials/%d", w.inA)},
		"/api/v1/officials/:id/history": {as: "admin1", path: id("/api/v1/officials/%d/history", w.inA)},
		"/api/v1/officials/:id/file":    {as: "jw2", path: id("/api/v1/officials/%d/file", w.inA), params: []queryParam{{"lookup_id", qInt, 0}}},
		"/api/v1/officials/:id/score":   {as: "admin1", path: id("/api/v1/officials/%d/score", w.inA), params: []queryParam{{"as_of", qDate, 0}}},
		"/api/v1/catalogue":             {as: "clerk1", path: "/api/v1/catalogue"},
		"/api/v1/sources":               {as: "admin1", path: "/api/v1/sources"},
		"/api/v1/sources/:id/keys":      {as: "admin1", path: id("/api/v1/sources/%d/keys", w.court.ID), list: true},
		"/api/v1/records": {as: "clerk1", path: "/api/v1/records", list: true, params: withPaging(queryParam{"official_id", qInt, 0}, queryParam{"state", qEnum, 0},
			queryParam{"category", qText, 0}, queryParam{"code", qText, 0}, queryParam{"source_ref", qText, 0})},
		"/api/v1/records/:id": {as: "clerk1", path: id("/api/v1/records/%d", w.recCourtA)},
		// The exports take their list's filters; the strict ones are probed
		// here (a text filter answers a workbook, not a page to count).
		"/api/v1/records/export":            {as: "clerk1", path: "/api/v1/records/export", params: []queryParam{{"official_id", qInt, 0}, {"state", qEnum, 0}}},
		"/api/v1/officials/export":          {as: "admin1", path: "/api/v1/officials/export", params: []queryParam{{"department_id", qInt, 0}, {"status", qEnum, 0}, {"id_number", qIDNum, 0}}}, // grade (free text): TestOfficialsListShowsScoresToThoseWhoMayReadThem
		"/api/v1/lookups/export":            {as: "approver1", path: "/api/v1/lookups/export", params: []queryParam{{"state", qEnum, 0}, {"official_id", qInt, 0}, {"mine", qEnum, 0}}},
		"/api/v1/warnings/export":           {as: "approver1", path: "/api/v1/warnings/export", params: []queryParam{{"state", qEnum, 0}, {"level", qEnum, 0}, {"official_id", qInt, 0}}},
		"/api/v1/audit/export":              {as: "auditor1", path: "/api/v1/audit/export", params: []queryParam{{"outcome", qEnum, 0}, {"from", qDate, 0}, {"to", qDate, 0}}},
		"/api/v1/imports":                   {as: "clerk1", path: "/api/v1/imports", list: true, params: withPaging(queryParam{"status", qEnum, 0})},
		"/api/v1/imports/template":          {as: "clerk1", path: "/api/v1/imports/template"},
		"/api/v1/officials/import/template": {as: "admin1", path: "/api/v1/officials/import/template"},
		"/api/v1/imports/:id":               {as: "clerk1", path: id("/api/v1/imports/%d", w.impCourt)},
		"/api/v1/imports/:id/errors":        {as: "clerk1", path: id("/api/v1/imports/%d/errors", w.impCourt)},
		"/api/v1/policies/:kind":            {as: "secadmin1", path: "/api/v1/policies/scoring"},
		"/api/v1/policies/:kind/:version":   {as: "secadmin1", path: "/api/v1/policies/scoring/1"},
		"/api/v1/grant-requests":            {as: "secadmin1", path: "/api/v1/grant-requests", list: true, params: withPaging(queryParam{"state", qEnum, 0})},
		"/api/v1/jobs/:id":                  {as: "admin1", path: id("/api/v1/jobs/%d", w.job)},
		"/api/v1/lookups/config":            {as: "jw1", path: "/api/v1/lookups/config"},
		"/api/v1/lookups/inbox":             {as: "jw1", path: "/api/v1/lookups/inbox", params: []queryParam{{"since", qDate, 0}}},
		"/api/v1/discipline/dashboard":      {as: "approver1", path: "/api/v1/discipline/dashboard", params: []queryParam{{"from", qDate, 0}, {"to", qDate, 0}}},
		"/api/v1/opinions/config":           {as: "hr1", path: "/api/v1/opinions/config"},
		"/api/v1/opinions":                  {as: "hr1", path: "/api/v1/opinions", list: true, params: withPaging(queryParam{"state", qEnum, 0}, queryParam{"replied_since", qDate, 0})},
		"/api/v1/opinions/:id":              {as: "hr1", path: id("/api/v1/opinions/%d", w.opinionA)},
		"/api/v1/opinions/:id/reply":        {as: "hr1", path: id("/api/v1/opinions/%d/reply", w.opinionA)},
		"/api/v1/statistics/forms": {as: "approver1", path: "/api/v1/statistics/forms", params: []queryParam{{"department_id", qInt, 0},
			{"from", qDate, 0}, {"to", qDate, 0}, {"group", qEnum, 0}}},
		"/api/v1/statistics/forms/export": {as: "approver1", path: "/api/v1/statistics/forms/export", params: []queryParam{{"department_id", qInt, 0},
			{"from", qDate, 0}, {"to", qDate, 0}, {"group", qEnum, 0}}},
		"/api/v1/statistics/forms/records": {as: "approver1", path: "/api/v1/statistics/forms/records", list: true, params: withPaging(
			queryParam{"department_id", qInt, 0}, queryParam{"from", qDate, 0}, queryParam{"to", qDate, 0}, queryParam{"form", qEnum, 0},
			queryParam{"within", qInt, 0})},
		"/api/v1/statistics/units/:id": {as: "jw1", path: id("/api/v1/statistics/units/%d", w.districtB.ID), params: []queryParam{{"from", qDate, 0},
			{"to", qDate, 0}, {"group", qEnum, 0}}},
		"/api/v1/lookups": {as: "approver1", path: "/api/v1/lookups", list: true, params: withPaging(queryParam{"state", qEnum, 0}, queryParam{"official_id", qInt, 0},
			queryParam{"mine", qEnum, 0})},
		"/api/v1/lookups/:id":    {as: "jw1", path: id("/api/v1/lookups/%d", w.lookupJW1)},
		"/api/v1/warnings/rules": {as: "jw1", path: "/api/v1/warnings/rules"},
		"/api/v1/warnings": {as: "approver1", path: "/api/v1/warnings", list: true, params: withPaging(queryParam{"state", qEnum, 0}, queryParam{"level", qEnum, 0},
			queryParam{"official_id", qInt, 0}, queryParam{"rule", qText, 32})},
		"/api/v1/warnings/:id":                     {as: "jw1", path: id("/api/v1/warnings/%d", w.warnB)},
		"/api/v1/eligibility/purposes":             {as: "hr1", path: "/api/v1/eligibility/purposes"},
		"/api/v1/eligibility/checks":               {as: "hr1", path: "/api/v1/eligibility/checks", list: true, params: withPaging(queryParam{"purpose", qText, 32})},
		"/api/v1/eligibility/checks/:id":           {as: "hr1", path: id("/api/v1/eligibility/checks/%d", w.checkHR1), params: withPaging(queryParam{"verdict", qEnum, 0})},
		"/api/v1/eligibility/checks/:id/export":    {as: "hr1", path: id("/api/v1/eligibility/checks/%d/export", w.checkHR1)},
		"/api/v1/eligibility/outcomes":             {as: "hr1", path: "/api/v1/eligibility/outcomes", params: []queryParam{{"from", qDate, 0}, {"to", qDate, 0}}},
		"/api/v1/clients":                          {as: "admin1", path: "/api/v1/clients", list: true},
		"/api/v1/clients/:id/keys":                 {as: "admin1", path: id("/api/v1/clients/%d/keys", w.clientA), list: true},
		"/api/v1/me/file":                          {as: "official1", path: "/api/v1/me/file"},
		"/api/v1/me/access-log":                    {as: "official1", path: "/api/v1/me/access-log"},
		"/api/v1/me/reports":                       {as: "official1", path: "/api/v1/me/reports", list: true, params: paging},
		"/api/v1/me/reports/:id":                   {as: "official1", path: id("/api/v1/me/reports/%d", w.reportA)},
		"/api/v1/reports/verify/:code":             {as: "anonymous", path: "/api/v1/reports/verify/" + w.codeA},
		"/api/v1/disputes":                         {as: "clerk1", path: "/api/v1/disputes", list: true, params: withPaging(queryParam{"state", qEnum, 0})},
		"/api/v1/disputes/:id":                     {as: "clerk1", path: id("/api/v1/disputes/%d", w.dispA)},
		"/api/v1/disputes/:id/attachments/:att_id": {as: "clerk1", path: id("/api/v1/disputes/%d/attachments/%d", w.dispA, w.dispAAtt)},
		"/api/v1/repairs":                          {as: "clerk2", path: "/api/v1/repairs", list: true, params: withPaging(queryParam{"state", qEnum, 0})},
		"/api/v1/repairs/:id":                      {as: "clerk2", path: id("/api/v1/repairs/%d", w.repA)},
		"/api/v1/repairs/:id/attachments/:att_id":  {as: "clerk2", path: id("/api/v1/repairs/%d/attachments/%d", w.repA, w.repAAtt)},
		"/api/v1/appeals": {as: "clerk1", path: "/api/v1/appeals", list: true, params: withPaging(queryParam{"state", qEnum, 0}, queryParam{"kind", qEnum, 0},
			queryParam{"record_id", qInt, 0}, queryParam{"official_id", qInt, 0})},
		"/api/v1/appeals/:id": {as: "clerk1", path: id("/api/v1/appeals/%d", w.appealA)},
		"/api/v1/me/appeals": {as: "official1", path: "/api/v1/me/appeals", list: true, params: withPaging(queryParam{"state", qEnum, 0}, queryParam{"kind", qEnum, 0},
			queryParam{"record_id", qInt, 0}, queryParam{"official_id", qInt, 0})},
		"/api/v1/audit": {as: "auditor1", path: "/api/v1/audit", list: true, params: withPaging(queryParam{"outcome", qEnum, 0}, queryParam{"from", qDate, 0},
			queryParam{"to", qDate, 0}, queryParam{"actor", qText, 0}, queryParam{"action", qText, 0}, queryParam{"target_type", qText, 0},
			queryParam{"target_id", qText, 0})},
		"/api/v1/audit/verify":      {as: "auditor1", path: "/api/v1/audit/verify"},
		"/api/v1/audit/verify/last": {as: "auditor1", path: "/api/v1/audit/verify/last"},
	}
}

// sqlPayloads are classic injections, and values that break naive
// handling: quotes, comments, stacked statements, UNION, time delays,
// backslashes, LIKE wildcards, a NUL byte, bytes that are not UTF-8, and a
// very long string.
var sqlPayloads = []string{
	`' OR '1'='1`,
	`1' OR 1=1 -- `,
	`1;DROP TABLE officials--`,
	`x') UNION SELECT username, password_hash FROM users--`,
	`1 AND (SELECT 1 FROM (SELECT SLEEP(5))x)`,
	`'||(SELECT sqlite_version())||'`,
	`\' OR 1=1 #`,
	`%`,
	`_`,
	"a\x00b",
	"\xff\xfe'",
	strings.Repeat(`A'`, 4000),
}

// strictPayloads are a few of them, for values a strict parser reads (a
// number, a date, one of a list, an id in a path).
var strictPayloads = []string{sqlPayloads[0], sqlPayloads[2], sqlPayloads[3], sqlPayloads[9], sqlPayloads[10], "1 OR 1=1"}

func TestAttackSQLInjection(t *testing.T) {
	w := newAttackWorld(t)
	table := w.getRoutes(t)
	before := fingerprint(t, w.ts.db.SQL())
	seen := map[string]bool{}
	for _, r := range w.ts.routes(gets) {
		seen[r.Path] = true
		g, ok := table[r.Path]
		if !ok {
			t.Errorf("GET %s has no entry in the SQL-injection table: list the query parameters its handler reads", r.Path)
			continue
		}
		t.Run(r.Path, func(t *testing.T) {
			c := w.as[g.as]
			c.t = t
			honest := c.do(http.MethodGet, g.path, nil)
			if r.Path == "/api/*" {
				wantProblem(t, g.path, honest, 404, domain.ENOTFOUND, "")
				for _, p := range sqlPayloads {
					wantProblem(t, g.path, c.do(http.MethodGet, g.path+"?q="+url.QueryEscape(p), nil), 404, domain.ENOTFOUND, "")
				}
				return
			}
			if honest.Status != 200 {
				t.Fatalf("the honest call %s as %s: %d %.300s", g.path, g.as, honest.Status, honest.Body)
			}
			var all struct{ Total int64 }
			if g.list {
				honest.json(t, &all)
			}
			sep := "?"
			if strings.Contains(g.path, "?") {
				sep = "&"
			}
			// A list that sorts takes sort from a fixed set of keys: anything
			// else is 400 naming sort. There are no order or cursor
			// parameters: unknown ones are ignored, whatever they hold.
			if g.list && sortable[r.Path] {
				for _, p := range sqlPayloads[:3] {
					wantProblem(t, r.Path+" sort", c.do(http.MethodGet, g.path+sep+"sort="+url.QueryEscape(p), nil), 400, domain.EINVALID, "sort")
				}
			}
			if g.list {
				for _, p := range sqlPayloads[:3] {
					q := url.Values{}
					names := []string{"order", "order_by", "cursor", "dir"}
					if !sortable[r.Path] {
						names = append(names, "sort")
					}
					for _, name := range names {
						q.Set(name, p)
					}
					got := c.do(http.MethodGet, g.path+sep+q.Encode(), nil)
					var n struct{ Total int64 }
					if got.Status != 200 {
						t.Fatalf("sort, order and cursor are not parameters of %s, yet %q answered %d %.300s", r.Path, p, got.Status, got.Body)
					}
					got.json(t, &n)
					if n.Total != all.Total && r.Path != "/api/v1/audit" { // reading the audit trail is audited
						t.Fatalf("sort=%q changed the answer of %s: total %d, not %d", p, r.Path, n.Total, all.Total)
					}
				}
			}
			for _, qp := range g.params {
				payloads := sqlPayloads
				if qp.kind != qText {
					payloads = strictPayloads // a strict parser refuses them all alike
				}
				for _, p := range payloads {
					what := fmt.Sprintf("%s?%s=%.40q", r.Path, qp.name, p)
					got := c.do(http.MethodGet, g.path+sep+qp.name+"="+url.QueryEscape(p), nil)
					switch {
					case qp.kind != qText || (qp.max > 0 && len(p) > qp.max):
						wantProblem(t, what, got, 400, domain.EINVALID, qp.name)
					case !utf8.ValidString(p) || strings.ContainsRune(p, 0):
						// Not text: no column can hold it (PostgreSQL
						// refuses it), so no filter is asked.
						wantProblem(t, what, got, 400, domain.EINVALID, qp.name)
					default:
						if got.Status != 200 {
							t.Fatalf("%s: %d %.300s, want 200 and no rows", what, got.Status, got.Body)
						}
						var page struct {
							Items []any `json:"items"`
							Total int64 `json:"total"`
						}
						got.json(t, &page)
						if page.Total != 0 || len(page.Items) != 0 {
							t.Fatalf("%s matched %d rows (honestly no row holds that value; unfiltered %d): %.300s", what, page.Total, all.Total, got.Body)
						}
					}
				}
				if qp.kind == qText && all.Total == 0 {
					t.Fatalf("%s has no rows unfiltered, so 'no rows' proves nothing", r.Path)
				}
			}
		})
	}
	for path := range table {
		if !seen[path] {
			t.Errorf("the SQL-injection table lists GET %s, which is not registered", path)
		}
	}

	t.Run("PathParameters", func(t *testing.T) {
		// Every path parameter of every route, for a caller the route
		// policy lets through: a hostile value names nothing, so it answers
		// 404 or exactly as a value that names nothing does (a change with
		// an empty body may be refused for the body first); a verification
		// code that is not one is simply not genuine.
		for _, r := range w.ts.routes(func(r route) bool { return strings.Contains(r.Path, ":") }) {
			key := r.String()
			as := ""
			for _, s := range attackSubjects {
				if allowedAs(key, s) {
					as = s
					break
				}
			}
			if as == "" {
				t.Fatalf("%s: nobody may call it", key)
			}
			c := w.as[as]
			c.t = t
			var body any
			if r.Method != http.MethodGet {
				body = map[string]any{}
			}
			segments := strings.Split(r.Path, "/")
			with := func(i int, v string) string {
				parts := append([]string{}, segments...)
				for j, s := range parts {
					switch {
					case j == i:
						parts[j] = v
					case s == ":kind":
						parts[j] = "scoring"
					case strings.HasPrefix(s, ":"):
						parts[j] = "1"
					}
				}
				return strings.Join(parts, "/")
			}
			for i, seg := range segments {
				if !strings.HasPrefix(seg, ":") {
					continue
				}
				missing := c.do(r.Method, with(i, "999999"), body)
				if r.Method == http.MethodGet && seg != ":code" {
					wantProblem(t, key+" with "+seg+"=999999", missing, 404, domain.ENOTFOUND, "")
				}
				for _, p := range strictPayloads {
					got := c.do(r.Method, with(i, url.PathEscape(p)), body)
					what := fmt.Sprintf("%s as %s with %s=%.40q", key, as, seg, p)
					if seg == ":code" {
						if got.Status != 200 || strings.TrimSpace(got.Body) != `{"genuine":false}` {
							t.Fatalf("%s: %d %s, want 200 {\"genuine\":false}", what, got.Status, got.Body)
						}
						continue
					}
					notFound := got.Status == 404 && problemOf(t, got).Code == domain.ENOTFOUND
					asMissing := got.Status == missing.Status && problemOf(t, got).Code == problemOf(t, missing).Code
					if !notFound && !asMissing || got.Status < 400 || got.Status >= 500 {
						t.Fatalf("%s: %d %.300s; a value that names nothing answers %d %.300s", what, got.Status, got.Body, missing.Status, missing.Body)
					}
				}
			}
		}
	})

	t.Run("LoginAndBodies", func(t *testing.T) {
		anon := w.ts.anon(t)
		for _, p := range sqlPayloads[:7] {
			r := anon.do(http.MethodPost, "/api/v1/auth/login", map[string]string{"username": "admin1" + p, "password": p})
			wantProblem(t, fmt.Sprintf("login as %q", p), r, 401, domain.EUNAUTHENTICATED, "")
			r = anon.do(http.MethodPost, "/api/v1/auth/login", map[string]string{"username": p, "password": w.password})
			wantProblem(t, fmt.Sprintf("login as %q", p), r, 401, domain.EUNAUTHENTICATED, "")
		}
		hr := w.as["hr1"]
		hr.t = t
		r := hr.do(http.MethodPost, "/api/v1/eligibility/checks", map[string]any{"purpose": `promotion' OR '1'='1`, "official_ids": []int64{w.inA}})
		wantProblem(t, "a check's purpose", r, 400, domain.EINVALID, "purpose")
		r = hr.do(http.MethodPost, "/api/v1/eligibility/checks", `{"purpose":"promotion","official_ids":["1 OR 1=1"]}`)
		wantProblem(t, "a check's official id", r, 400, domain.EINVALID, "official_ids[0]")
	})

	sameFingerprint(t, "the SQL-injection attack", before, fingerprint(t, w.ts.db.SQL()))
	var counts [3]int
	for i, table := range []string{"officials", "users", "records"} {
		if err := w.ts.db.SQL().QueryRow("SELECT COUNT(*) FROM " + table).Scan(&counts[i]); err != nil {
			t.Fatalf("the %s table: %v", table, err)
		}
	}
	if counts[0] != 2 || counts[1] != 14 || counts[2] != 9 { // 14 users: the world's and approver2
		t.Fatalf("officials, users, records: %v", counts)
	}
	var v struct {
		OK bool `json:"ok"`
	}
	w.as["auditor1"].t = t
	w.as["auditor1"].must(http.MethodGet, "/api/v1/audit/verify", nil, 200).json(t, &v)
	if !v.OK {
		t.Fatal("the audit chain broke")
	}
}
