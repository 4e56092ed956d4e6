package httpapi_test

// The attack suite: each test plays one class of attack against a running
// server and asserts the exact safe answer. The routes an attack covers come
// from the router, so a new route without an entry fails the suite.

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"

	"integrity/internal/domain"
	"integrity/internal/httpapi"
	"integrity/internal/ingest"
	"integrity/internal/store"
)

// attackWorld is newWorld with two of everything, so that every subject has
// resources of its own and someone else's to guess at: hr2 (personnel staff
// of district B), jw2 (discipline staff of district A), official2 (inB),
// two API clients (district A and B); records of both sources about both
// officials, imports, approved lookups, warnings, checks, disputes and
// repair applications with attachments, and reports.
type attackWorld struct {
	*world
	as map[string]*client // by subject

	recCourtA, recCourtB, recTrafficA, recTrafficB, recTrafficA2 int64
	impCourt, impTraffic                                         int64
	lookupJW1, lookupJW2                                         int64 // jw1's of inB, jw2's of inA, both approved
	warnA, warnB                                                 int64
	checkHR1, checkHR2, checkClient                              int64
	clientA, clientB                                             int64
	clientKeyA, clientKeyB                                       int64
	sourceKeyCourt, sourceKeyTraffic                             int64
	job                                                          int64
	// Disputes: official1's of a court record (clerk1 decides) and of a
	// traffic record (clerk2), official2's of a court record. Repairs:
	// official1's and official2's of traffic fines (clerk2).
	dispA, dispB, dispTraffic, repA, repB                int64
	dispAAtt, dispBAtt, dispTrafficAtt, repAAtt, repBAtt int64
	reportA, reportB                                     int64
	codeA                                                string
	// Reviews of sanctions: the court's (clerk1) of inA's 记过, the
	// traffic police's (clerk2) of inB's 免职, each source's categories
	// widened for it.
	appealA, appealB int64
	// Requests for integrity opinions: hr1's of inA (drafted by jw2,
	// signed by approver1 and a second approver: replied) and hr2's of inB
	// (sent).
	opinionA, opinionB int64
}

// archetype maps attackWorld's extra subjects onto the authorisation
// matrix's, whose route expectations they share.
var archetype = map[string]string{"hr2": "hr1", "jw2": "jw1", "clerk2": "clerk1", "official2": "official1", "client2": "client"}

func allowedAs(route, subject string) bool {
	if a, ok := archetype[subject]; ok {
		subject = a
	}
	return allowed(route, subject)
}

// attackSubjects are every subject of attackWorld.
var attackSubjects = []string{"anonymous", "admin1", "secadmin1", "auditor1", "approver1", "hr1", "hr2", "jw1", "jw2", "clerk1", "clerk2",
	"official1", "official2", "source", "client", "client2"}

func newAttackWorld(t *testing.T) *attackWorld {
	t.Helper()
	w := &attackWorld{world: newWorld(t), as: map[string]*client{}}
	for _, u := range []account{
		{"hr2", domain.RolePersonnelStaff, domain.ScopeDeptAndBelow, w.districtB.ID, nil, nil},
		{"jw2", domain.RoleDisciplineStaff, domain.ScopeDeptAndBelow, w.districtA.ID, nil, nil},
		{"official2", domain.RoleOfficial, domain.ScopeSelf, w.districtB.ID, &w.inB, nil},
	} {
		w.addUser(t, u)
	}
	w.as["anonymous"] = w.ts.anon(t)
	for _, s := range attackSubjects {
		if s != "anonymous" && s != "source" && s != "client" && s != "client2" {
			w.as[s] = w.mustLogin(t, s)
		}
	}
	admin := w.as["admin1"]
	w.as["source"] = w.sourceClient(t, admin, w.court.ID)
	w.sourceKeyCourt = w.keyOf(t, admin, w.court.ID)
	w.sourceKeyTraffic = w.keyOf(t, admin, w.traffic.ID)
	for i, d := range []int64{w.districtA.ID, w.districtB.ID} {
		var cl struct{ ID int64 }
		admin.must(http.MethodPost, "/api/v1/clients", map[string]any{"name": fmt.Sprintf("hr-system-%d", i), "department_id": d, "scope": "dept_and_below"}, 201).json(t, &cl)
		var k struct {
			ID  int64  `json:"id"`
			Key string `json:"key"`
		}
		admin.must(http.MethodPost, fmt.Sprintf("/api/v1/clients/%d/keys", cl.ID), map[string]string{"name": "k"}, 201).json(t, &k)
		c := &client{t: t, base: w.ts.URL, apiKey: k.Key}
		if i == 0 {
			w.clientA, w.clientKeyA, w.as["client"] = cl.ID, k.ID, c
		} else {
			w.clientB, w.clientKeyB, w.as["client2"] = cl.ID, k.ID, c
		}
	}

	rec := func(src domain.Source, id, ref, cat, code, date string) int64 {
		in := ingest.RecordInput{IDNumber: id, SourceRef: ref, Category: cat, Code: code, DecisionDate: date, Authority: src.Name}
		if cat == "judicial" {
			in.DocumentNo = "（2026）云01民初" + ref + "号"
		}
		return w.submitAs(t, src, in)[0]
	}
	w.recCourtA = rec(w.court, idA, "CA-1", "judicial", "jud_civil_unperformed", "2026-06-01")
	w.recCourtB = rec(w.court, idB, "CB-1", "judicial", "jud_civil_unperformed", "2026-06-01")
	w.recTrafficA = rec(w.traffic, idA, "TA-1", "traffic", "tr_points", "2026-05-01")
	w.recTrafficA2 = rec(w.traffic, idA, "TA-2", "traffic", "tr_points", "2026-04-01")
	w.recTrafficB = rec(w.traffic, idB, "TB-1", "traffic", "tr_points", "2026-05-01")
	rec(w.court, idA, "CA-2", "judicial", "jud_criminal", "2026-10-01")
	rec(w.court, idB, "CB-2", "judicial", "jud_criminal", "2026-10-01")
	w.impCourt = w.upload(t, w.as["clerk1"], "court.csv", importCSV(idA, "IMP-C"), true)
	w.impTraffic = w.upload(t, w.as["clerk2"], "traffic.csv", importCSV(idB, "IMP-T"), true)
	w.importResult(t, w.as["clerk1"], w.impCourt)
	w.importResult(t, w.as["clerk2"], w.impTraffic)
	w.job = w.recomputeJob(t, admin)
	w.waitJob(t, admin, w.job)
	w.drain(t)

	var warnings warningPage
	w.as["approver1"].must(http.MethodGet, "/api/v1/warnings?page_size=200", nil, 200).json(t, &warnings)
	for _, x := range warnings.Items {
		switch x.Official.ID {
		case w.inA:
			w.warnA = x.ID
		case w.inB:
			w.warnB = x.ID
		}
	}
	if w.warnA == 0 || w.warnB == 0 {
		t.Fatalf("the attack world needs a warning of each official: %+v", warnings.Items)
	}

	lookup := func(c *client, official int64) int64 {
		var l struct{ ID int64 }
		c.must(http.MethodPost, "/api/v1/lookups", map[string]any{"official_ids": []int64{official}, "purpose": "clue_disposal",
			"reason": "核查反映的问题线索", "modules": []string{"judicial"}}, 201).json(t, &l)
		w.as["approver1"].must(http.MethodPost, fmt.Sprintf("/api/v1/lookups/%d/approve", l.ID), map[string]any{}, 200)
		return l.ID
	}
	w.lookupJW1, w.lookupJW2 = lookup(w.as["jw1"], w.inB), lookup(w.as["jw2"], w.inA)

	check := func(c *client, official int64) int64 {
		var chk struct {
			Check struct{ ID int64 } `json:"check"`
		}
		c.must(http.MethodPost, "/api/v1/eligibility/checks", map[string]any{"purpose": "promotion", "official_ids": []int64{official}}, 201).json(t, &chk)
		return chk.Check.ID
	}
	w.checkHR1, w.checkHR2, w.checkClient = check(w.as["hr1"], w.inA), check(w.as["hr2"], w.inB), check(w.as["client"], w.inA)

	kase := func(c *client, path string, record int64) (int64, int64) {
		fields := map[string]string{"record_id": fmt.Sprint(record), "ground": "wrong_content", "reason": "该记录已履行完毕，附证明"}
		if path == "/api/v1/repairs" {
			fields = map[string]string{"record_id": fmt.Sprint(record), "statement": "罚款已缴清", "commitment": "本人承诺今后严格遵守交通法规"}
		}
		r := multipartCase(c, path, fields, [2]string{"proof.pdf", pdf})
		var out caseOut
		if r.Status != 201 {
			t.Fatalf("%s: %d %s", path, r.Status, r.Body)
		}
		r.json(t, &out)
		return out.ID, out.Attachments[0].ID
	}
	w.dispA, w.dispAAtt = kase(w.as["official1"], "/api/v1/disputes", w.recCourtA)
	w.dispB, w.dispBAtt = kase(w.as["official2"], "/api/v1/disputes", w.recCourtB)
	w.dispTraffic, w.dispTrafficAtt = kase(w.as["official1"], "/api/v1/disputes", w.recTrafficA2)
	w.repA, w.repAAtt = kase(w.as["official1"], "/api/v1/repairs", w.recTrafficA)
	w.repB, w.repBAtt = kase(w.as["official2"], "/api/v1/repairs", w.recTrafficB)

	report := func(c *client) (int64, string) {
		var r struct {
			ID   int64  `json:"id"`
			Code string `json:"code"`
		}
		c.must(http.MethodPost, "/api/v1/me/reports", nil, 201).json(t, &r)
		return r.ID, r.Code
	}
	w.reportA, w.codeA = report(w.as["official1"])
	w.reportB, _ = report(w.as["official2"])

	appeal := func(c *client, src domain.Source, category, code, id, ref string) int64 {
		src.Categories += "," + category
		in := ingest.RecordInput{IDNumber: id, SourceRef: ref, Category: category, Code: code, DecisionDate: "2026-06-01",
			DocumentNo: "云纪〔2026〕" + ref + "号", Authority: "云州市纪委监委"}
		var out struct{ ID int64 }
		c.must(http.MethodPost, "/api/v1/appeals", map[string]any{"record_id": w.submitAs(t, src, in)[0], "kind": "appeal", "filed_on": "2026-06-10",
			"authority": "云州市纪委监委", "reason": "处理过重"}, 201).json(t, &out)
		return out.ID
	}
	w.appealA = appeal(w.as["clerk1"], w.court, "gov_sanction", "gov_demerit", idA, "CS-1")
	w.appealB = appeal(w.as["clerk2"], w.traffic, "org_handling", "org_removal", idB, "TS-1")
	w.drain(t)
	w.opinionA, w.opinionB = w.opinionOf(t, "hr1", w.inA), w.opinionOf(t, "hr2", w.inB)
	w.addUser(t, account{"approver2", domain.RoleDisciplineApprover, domain.ScopeAll, w.root.ID, nil, nil})
	w.as["jw2"].must(http.MethodPost, fmt.Sprintf("/api/v1/opinions/%d/draft", w.opinionA), map[string]any{}, 200)
	w.as["approver1"].must(http.MethodPost, fmt.Sprintf("/api/v1/opinions/%d/sign", w.opinionA), map[string]any{}, 200)
	w.mustLogin(t, "approver2").must(http.MethodPost, fmt.Sprintf("/api/v1/opinions/%d/sign", w.opinionA), map[string]any{}, 200)
	return w
}

// opinionOf sends a request for integrity opinions about one official as
// a personnel user.
func (w *attackWorld) opinionOf(t *testing.T, as string, official int64) int64 {
	t.Helper()
	var out struct {
		Request struct{ ID int64 } `json:"request"`
	}
	w.as[as].must(http.MethodPost, "/api/v1/opinions", map[string]any{"purpose": "promotion", "document_no": "云组函〔2026〕" + as + "号",
		"official_ids": []int64{official}}, 201).json(t, &out)
	return out.Request.ID
}

// wantProblem checks that r is problem+json with this status and code and,
// when field is not empty, that its first error names the field.
func wantProblem(t *testing.T, what string, r response, status int, code, field string) httpapi.Problem {
	t.Helper()
	if r.Status != status || r.Header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("%s: %d %s %.300s, want %d problem+json", what, r.Status, r.Header.Get("Content-Type"), r.Body, status)
	}
	p := problemOf(t, r)
	if p.Code != code || p.Status != status {
		t.Fatalf("%s: code %q status %d, want %q %d: %s", what, p.Code, p.Status, code, status, r.Body)
	}
	if field != "" && (len(p.Errors) == 0 || p.Errors[0].Field != field) {
		t.Fatalf("%s: the problem does not name the field %q: %s", what, field, r.Body)
	}
	return p
}

// fingerprintQueries read what an attack must not change: whole tables,
// and the columns of others that are not a record of use (a lookup counts
// its views, a key its last use, a user their sign-ins).
var fingerprintQueries = []string{
	"SELECT id, username, enabled, password_hash, must_change_password, totp_enabled, department_id, official_id, source_id, version FROM users",
	"SELECT id, requester_id, purpose, modules, granted, state, access_until, revoked_at, version FROM lookups",
	"SELECT id, source_id, name, key_hash, revoked_at FROM source_keys",
	"SELECT id, client_id, name, key_hash, revoked_at FROM client_keys",
}

func init() {
	for _, table := range []string{"departments", "officials", "official_versions", "sources", "records", "record_versions",
		"role_grants", "lookup_officials", "lookup_approvals", "warnings", "api_clients", "eligibility_checks",
		"eligibility_results", "disputes", "repairs", "attachments", "reports", "policy_versions", "imports", "appeals"} {
		fingerprintQueries = append(fingerprintQueries, "SELECT * FROM "+table)
	}
}

// fingerprint dumps what fingerprintQueries read, as text.
func fingerprint(t *testing.T, db *store.RawSQL) string {
	t.Helper()
	var b strings.Builder
	dump := func(query string) {
		rows, err := db.Query(query)
		if err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		var lines []string
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var line strings.Builder
			for _, v := range vals {
				if bs, ok := v.([]byte); ok {
					v = string(bs)
				}
				fmt.Fprintf(&line, "%v|", v)
			}
			lines = append(lines, line.String())
		}
		sort.Strings(lines)
		fmt.Fprintf(&b, "%s\n%s\n", query, strings.Join(lines, "\n"))
	}
	for _, q := range fingerprintQueries {
		dump(q)
	}
	return b.String()
}

func sameFingerprint(t *testing.T, what, before, after string) {
	t.Helper()
	if before == after {
		return
	}
	b, a := strings.Split(before, "\n"), strings.Split(after, "\n")
	for i := 0; i < len(b) && i < len(a); i++ {
		if b[i] != a[i] {
			t.Fatalf("%s changed the database:\nbefore: %s\nafter:  %s", what, b[i], a[i])
		}
	}
	t.Fatalf("%s changed the database (%d lines before, %d after)", what, len(b), len(a))
}
