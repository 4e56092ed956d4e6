package httpapi_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"integrity/internal/app"
	"integrity/internal/domain"
)

// declared sends a request whose headers declare a body of n bytes, sends
// only its first kilobyte, and reads the answer: a body over its limit must
// be refused by its declared length, before the server reads it.
func declared(t *testing.T, base, method, path, token, contentType string, n int64) response {
	t.Helper()
	u, _ := url.Parse(base)
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "%s %s HTTP/1.1\r\nHost: %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n", method, path, u.Host, contentType, n)
	if token != "" {
		fmt.Fprintf(conn, "Authorization: Bearer %s\r\n", token)
	}
	fmt.Fprintf(conn, "\r\n%s", strings.Repeat("x", 1024))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("%s %s declaring %d bytes: %v", method, path, n, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{Status: resp.StatusCode, Header: resp.Header, Body: string(b)}
}

// chunked sends a body without declaring its length, as a stream would.
func (c *client) chunked(method, path, contentType string, body []byte) response {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, io.MultiReader(bytes.NewReader(body)))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	return c.send(req)
}

func TestAttackOversizedBodies(t *testing.T) {
	w := newSelfWorld(t)
	anon, admin, clerk, hr := w.ts.anon(t), w.mustLogin(t, "admin1"), w.mustLogin(t, "clerk1"), w.mustLogin(t, "hr1")
	before := fingerprint(t, w.ts.db.SQL())
	big := []byte(`{"records":[{"summary":"` + strings.Repeat("x", 2<<20) + `"}]}`)
	const jsonType = "application/json"
	routes := []struct {
		c            *client
		method, path string
	}{
		{anon, http.MethodPost, "/api/v1/auth/login"},
		{anon, http.MethodPost, "/api/v1/auth/refresh"},
		{admin, http.MethodPost, "/api/v1/users"},
		{admin, http.MethodPatch, fmt.Sprintf("/api/v1/users/%d", w.userID(t, "hr1"))},
		{w.mustLogin(t, "secadmin1"), http.MethodPut, "/api/v1/policies/scoring/1"},
		{clerk, http.MethodPost, "/api/v1/records"},
		{hr, http.MethodPost, "/api/v1/eligibility/checks"},
		// The dispute and repair routes take large multipart uploads; their
		// JSON form has the ordinary limit.
		{w.me, http.MethodPost, "/api/v1/disputes"},
		{w.me, http.MethodPost, "/api/v1/repairs"},
		{clerk, http.MethodPost, "/api/v1/appeals"},
	}
	for _, r := range routes {
		what := r.method + " " + r.path
		wantProblem(t, what+" declaring 3 MiB", declared(t, w.ts.URL, r.method, r.path, r.c.token, jsonType, 3<<20), 413, domain.ETOOLARGE, "")
		wantProblem(t, what+" streaming 2 MiB and more", r.c.chunked(r.method, r.path, jsonType, big), 413, domain.ETOOLARGE, "")
	}

	multipartType := "multipart/form-data; boundary=x"
	t.Run("Uploads", func(t *testing.T) {
		wantProblem(t, "an import declaring more than 512 MiB", declared(t, w.ts.URL, http.MethodPost, "/api/v1/imports", clerk.token, multipartType, app.MaxImportBytes+2<<20),
			413, domain.ETOOLARGE, "")
		wantProblem(t, "a dispute declaring more than 64 MiB", declared(t, w.ts.URL, http.MethodPost, "/api/v1/disputes", w.me.token, multipartType, 65<<20),
			413, domain.ETOOLARGE, "")
		wantProblem(t, "a candidate list declaring 3 MiB", declared(t, w.ts.URL, http.MethodPost, "/api/v1/eligibility/checks", hr.token, multipartType, 3<<20),
			413, domain.ETOOLARGE, "")
		// A candidate list streamed past the limit: the reader is cut off
		// mid-file, and the answer is still 413, not a parse error.
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		mw.WriteField("purpose", "promotion")
		fw, _ := mw.CreateFormFile("file", "candidates.csv")
		fw.Write([]byte("身份证号码,姓名\n"))
		row := []byte(idA + "," + strings.Repeat("测", 150) + "\n") // long rows: the size, not the row count, is over
		for buf.Len() < 3<<20 {
			fw.Write(row)
		}
		mw.Close()
		wantProblem(t, "a candidate list streamed past 2 MiB", hr.chunked(http.MethodPost, "/api/v1/eligibility/checks", mw.FormDataContentType(), buf.Bytes()), 413, domain.ETOOLARGE, "")

		repair := map[string]string{"record_id": fmt.Sprint(w.fine), "statement": "罚款已缴清", "commitment": "本人承诺今后严格遵守交通法规"}
		r := multipartCase(w.me, "/api/v1/repairs", repair, [2]string{"big.pdf", pdf + strings.Repeat("0", 5<<20)})
		wantProblem(t, "an attachment over 5 MiB", r, 413, domain.ETOOLARGE, "attachments[0]")
		var six [][2]string
		for i := range 6 {
			six = append(six, [2]string{fmt.Sprintf("p%d.pdf", i), pdf})
		}
		p := wantProblem(t, "six attachments", multipartCase(w.me, "/api/v1/repairs", repair, six...), 400, domain.EINVALID, "attachments")
		if p.Errors[0].Message != "at most 5 files" {
			t.Fatalf("six attachments: %+v", p.Errors)
		}
	})
	t.Run("Headers", func(t *testing.T) {
		// Go's server refuses headers over MaxHeaderBytes (64 KiB) itself.
		req, _ := http.NewRequest(http.MethodGet, w.ts.URL+"/api/v1/me", nil)
		req.Header.Set("X-Padding", strings.Repeat("p", 80<<10))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
			t.Fatalf("80 KiB of headers: %d", resp.StatusCode)
		}
	})
	sameFingerprint(t, "oversized requests", before, fingerprint(t, w.ts.db.SQL()))
	for _, dir := range []string{"attachments", "imports"} {
		if names := filesIn(t, filepath.Join(w.ts.app.DataDir, dir)); len(names) != 0 {
			t.Fatalf("refused uploads left files in %s: %v", dir, names)
		}
	}
	w.me.must(http.MethodGet, "/api/v1/me", nil, 200) // the server is still serving
}

func filesIn(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func TestAttackPathTraversal(t *testing.T) {
	w := newSelfWorld(t)
	clerk := w.mustLogin(t, "clerk1")
	secret := filepath.Join(filepath.Dir(w.ts.app.DataDir), "secret.txt")
	if err := os.WriteFile(secret, []byte("TOP-SECRET-CONTENT"), 0o600); err != nil {
		t.Fatal(err)
	}
	// File names chosen by the attacker never become storage names.
	form := map[string]string{"record_id": fmt.Sprint(w.judicial), "ground": "wrong_content", "reason": "已履行完毕，附结案通知书"}
	r := multipartCase(w.me, "/api/v1/disputes", form, [2]string{"a\x00b.pdf", pdf})
	wantProblem(t, "a NUL in a file name", r, 400, domain.EINVALID, "attachments")
	var files [][2]string
	for _, name := range []string{"../../../../secret.txt.pdf", `..\..\..\evil.pdf`, "/etc/passwd.pdf", "....//....//x.pdf", `evil"; filename="injected.html`} {
		files = append(files, [2]string{name, pdf})
	}
	r = multipartCase(w.me, "/api/v1/disputes", form, files...)
	if r.Status != 201 {
		t.Fatalf("a dispute with hostile file names: %d %s", r.Status, r.Body)
	}
	var d caseOut
	r.json(t, &d)
	for i, a := range d.Attachments {
		if strings.ContainsAny(a.Filename, `/\`) || a.Filename == "" {
			t.Fatalf("attachment %d keeps a path in its name: %q", i, a.Filename)
		}
	}
	stored := regexp.MustCompile(`^[0-9a-f]{32}$`)
	rows, err := w.ts.db.SQL().Query("SELECT stored_as FROM attachments")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		if !stored.MatchString(s) {
			t.Fatalf("a storage name is not the server's own random name: %q", s)
		}
		names = append(names, s)
	}
	rows.Close()
	if got := filesIn(t, filepath.Join(w.ts.app.DataDir, "attachments")); strings.Join(got, ",") != strings.Join(sortedCopy(names), ",") {
		t.Fatalf("the attachments directory holds %v, the table %v", got, names)
	}
	for _, p := range []string{"secret.txt.pdf", "evil.pdf", "passwd.pdf"} {
		if _, err := os.Stat(filepath.Join(filepath.Dir(w.ts.app.DataDir), p)); err == nil {
			t.Fatalf("an upload escaped the data directory: %s", p)
		}
	}
	// The download names the file in its header without letting the name
	// add a parameter of its own.
	got := w.me.must(http.MethodGet, fmt.Sprintf("/api/v1/disputes/%d/attachments/%d", d.ID, d.Attachments[4].ID), nil, 200)
	disp, params, err := mime.ParseMediaType(got.Header.Get("Content-Disposition"))
	if err != nil || disp != "attachment" || params["filename"] != d.Attachments[4].Filename || len(params) != 1 {
		t.Fatalf("Content-Disposition %q: %v %v", got.Header.Get("Content-Disposition"), params, err)
	}

	imp := w.upload(t, clerk, "../../../evil.csv", importCSV(idA, "PT-1"), true)
	var im struct{ Filename string }
	clerk.must(http.MethodGet, fmt.Sprintf("/api/v1/imports/%d", imp), nil, 200).json(t, &im)
	if im.Filename != "evil.csv" {
		t.Fatalf("the import keeps a path in its name: %q", im.Filename)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(w.ts.app.DataDir), "evil.csv")); err == nil {
		t.Fatal("an import escaped the data directory")
	}

	var rep struct{ ID int64 }
	w.me.must(http.MethodPost, "/api/v1/me/reports", nil, 201).json(t, &rep)
	traversals := []string{"..%2f..%2f..%2fsecret.txt", "%2e%2e%2f%2e%2e%2fsecret.txt", "%252e%252e%252fsecret.txt", "..%5c..%5csecret.txt",
		"%2fetc%2fpasswd", "1%00", "1%00.pdf", "1%2f..%2f2", "1;.pdf", "..", ".", "%2e", "-1", "0", "0x1", "1e3", "99999999999999999999"}
	routes := []struct {
		c    *client
		path string // %s is the hostile part
	}{
		{w.me, fmt.Sprintf("/api/v1/disputes/%d/attachments/%%s", d.ID)},
		{w.me, "/api/v1/disputes/%s/attachments/" + fmt.Sprint(d.Attachments[0].ID)},
		{clerk, fmt.Sprintf("/api/v1/disputes/%d/attachments/%%s", d.ID)},
		{w.me, "/api/v1/repairs/%s/attachments/1"},
		{w.me, "/api/v1/me/reports/%s"},
		{clerk, "/api/v1/imports/%s/errors"},
		{clerk, "/api/v1/imports/%s"},
	}
	for _, rt := range routes {
		for _, p := range traversals {
			path := fmt.Sprintf(rt.path, p)
			got := rt.c.do(http.MethodGet, path, nil)
			wantProblem(t, path, got, 404, domain.ENOTFOUND, "")
			if strings.Contains(got.Body, "TOP-SECRET") || strings.Contains(got.Body, "root:") || strings.Contains(got.Body, "%PDF") {
				t.Fatalf("%s answered file contents: %s", path, got.Body)
			}
		}
	}
	// Unencoded dots, sent as written (not cleaned by the client), name
	// nothing either.
	for _, path := range []string{"/api/v1/me/reports/../../../../secret.txt", "/api/v1/disputes/1/attachments/../../../../../secret.txt",
		"/api/v1/reports/verify/../../../secret.txt"} {
		req, _ := http.NewRequest(http.MethodGet, w.ts.URL+"/", nil)
		req.URL.Opaque = path
		got := w.me.send(req)
		if strings.HasPrefix(path, "/api/v1/reports/verify/") {
			if got.Status != 200 || strings.TrimSpace(got.Body) != `{"genuine":false}` {
				t.Fatalf("%s: %d %s", path, got.Status, got.Body)
			}
			continue
		}
		wantProblem(t, path, got, 404, domain.ENOTFOUND, "")
	}
	for _, p := range traversals {
		got := w.ts.anon(t).do(http.MethodGet, "/api/v1/reports/verify/"+p, nil)
		if got.Status != 200 || strings.TrimSpace(got.Body) != `{"genuine":false}` {
			t.Fatalf("verify %s: %d %s", p, got.Status, got.Body)
		}
	}
}

func sortedCopy(s []string) []string {
	out := append([]string{}, s...)
	sort.Strings(out)
	return out
}

func TestAttackMassAssignment(t *testing.T) {
	w := newSelfWorld(t)
	admin, hr, clerk := w.mustLogin(t, "admin1"), w.mustLogin(t, "hr1"), w.mustLogin(t, "clerk1")
	jw := w.mustLogin(t, "jw1")
	hrID := w.userID(t, "hr1")
	before := fingerprint(t, w.ts.db.SQL())
	rec := w.record(idA, "MA-1")
	cases := []struct {
		name         string
		c            *client
		method, path string
		body         map[string]any
		field        string
	}{
		{"UserRoles", admin, http.MethodPatch, fmt.Sprintf("/api/v1/users/%d", hrID), map[string]any{"display_name": "x", "roles": []string{"admin"}}, "roles"},
		{"UserGrants", admin, http.MethodPatch, fmt.Sprintf("/api/v1/users/%d", hrID), map[string]any{"grants": []map[string]any{{"role": "admin", "scope": "all"}}}, "grants"},
		{"UserScope", admin, http.MethodPatch, fmt.Sprintf("/api/v1/users/%d", hrID), map[string]any{"scope": "all"}, "scope"},
		{"UserID", admin, http.MethodPatch, fmt.Sprintf("/api/v1/users/%d", hrID), map[string]any{"id": 1}, "id"},
		{"UserName", admin, http.MethodPatch, fmt.Sprintf("/api/v1/users/%d", hrID), map[string]any{"username": "admin1"}, "username"},
		{"UserPasswordHash", admin, http.MethodPatch, fmt.Sprintf("/api/v1/users/%d", hrID), map[string]any{"password_hash": "x"}, "password_hash"},
		{"UserTOTP", admin, http.MethodPatch, fmt.Sprintf("/api/v1/users/%d", hrID), map[string]any{"totp_enabled": false}, "totp_enabled"},
		{"UserCreatedAt", admin, http.MethodPatch, fmt.Sprintf("/api/v1/users/%d", hrID), map[string]any{"created_at": "2020-01-01T00:00:00Z"}, "created_at"},
		{"UserVersion", admin, http.MethodPatch, fmt.Sprintf("/api/v1/users/%d", hrID), map[string]any{"version": 99}, "version"},
		{"GrantNestedUnknown", w.mustLogin(t, "secadmin1"), http.MethodPut, fmt.Sprintf("/api/v1/users/%d/roles", hrID), map[string]any{"grants": []map[string]any{{"role": "personnel_staff", "scope": "all", "superuser": true}}}, "grants[0].superuser"},
		{"NewUserPassword", admin, http.MethodPost, "/api/v1/users", map[string]any{"username": "sneaky", "password": "Known-pass-123", "grants": []map[string]any{{"role": "auditor", "scope": "all"}}}, "password"},
		{"OfficialID", admin, http.MethodPatch, fmt.Sprintf("/api/v1/officials/%d", w.inA), map[string]any{"id": w.inB, "version": 1}, "id"},
		{"OfficialIDHash", admin, http.MethodPatch, fmt.Sprintf("/api/v1/officials/%d", w.inA), map[string]any{"id_hash": "x", "version": 1}, "id_hash"},
		{"OfficialCreatedAt", admin, http.MethodPatch, fmt.Sprintf("/api/v1/officials/%d", w.inA), map[string]any{"created_at": "2020-01-01T00:00:00Z", "version": 1}, "created_at"},
		{"OfficialScore", admin, http.MethodPatch, fmt.Sprintf("/api/v1/officials/%d", w.inA), map[string]any{"score": 120, "version": 1}, "score"},
		{"ClientRole", admin, http.MethodPost, "/api/v1/clients", map[string]any{"name": "sneaky", "department_id": w.root.ID, "scope": "all", "role": "admin"}, "role"},
		{"PasswordChangeRoles", hr, http.MethodPost, "/api/v1/me/password", map[string]any{"current_password": w.password, "new_password": "Another-good-1", "roles": []string{"admin"}}, "roles"},
		{"PasswordChangeUser", hr, http.MethodPost, "/api/v1/me/password", map[string]any{"current_password": w.password, "new_password": "Another-good-1", "user_id": 1}, "user_id"},
		{"LoginRoles", w.ts.anon(t), http.MethodPost, "/api/v1/auth/login", map[string]any{"username": "hr1", "password": w.password, "roles": []string{"admin"}}, "roles"},
		{"RecordSource", clerk, http.MethodPost, "/api/v1/records", map[string]any{"records": []map[string]any{with(rec, "source_id", w.traffic.ID)}}, "records[0].source_id"},
		{"RecordState", clerk, http.MethodPost, "/api/v1/records", map[string]any{"records": []map[string]any{with(rec, "state", "revoked")}}, "records[0].state"},
		{"RecordOfficial", clerk, http.MethodPost, "/api/v1/records", map[string]any{"records": []map[string]any{with(rec, "official_id", w.inB)}}, "records[0].official_id"},
		{"LookupState", jw, http.MethodPost, "/api/v1/lookups", map[string]any{"official_ids": []int64{w.inB}, "purpose": "clue_disposal", "reason": "核查反映的问题线索",
			"modules": []string{"judicial"}, "state": "approved"}, "state"},
		{"LookupRequester", jw, http.MethodPost, "/api/v1/lookups", map[string]any{"official_ids": []int64{w.inB}, "purpose": "clue_disposal", "reason": "核查反映的问题线索",
			"modules": []string{"judicial"}, "requester_id": 1}, "requester_id"},
		{"CheckOwner", hr, http.MethodPost, "/api/v1/eligibility/checks", map[string]any{"purpose": "promotion", "official_ids": []int64{w.inA}, "user_id": 1}, "user_id"},
		{"DisputeState", w.me, http.MethodPost, "/api/v1/disputes", map[string]any{"record_id": w.judicial, "ground": "wrong_content", "reason": "已履行完毕的判决", "state": "corrected"}, "state"},
		{"DisputeOfficial", w.me, http.MethodPost, "/api/v1/disputes", map[string]any{"record_id": w.judicial, "ground": "wrong_content", "reason": "已履行完毕的判决", "official_id": w.inB}, "official_id"},
		{"RepairState", w.me, http.MethodPost, "/api/v1/repairs", map[string]any{"record_id": w.fine, "statement": "罚款已缴清", "commitment": "本人承诺今后严格遵守交通法规", "state": "approved"}, "state"},
		{"AppealState", clerk, http.MethodPost, "/api/v1/appeals", map[string]any{"record_id": w.judicial, "kind": "appeal", "filed_on": "2026-11-20",
			"authority": "中级人民法院", "reason": "不服处理决定", "state": "decided"}, "state"},
		{"AppealOfficial", clerk, http.MethodPost, "/api/v1/appeals", map[string]any{"record_id": w.judicial, "kind": "appeal", "filed_on": "2026-11-20",
			"authority": "中级人民法院", "reason": "不服处理决定", "official_id": w.inB}, "official_id"},
		{"AppealRecordVersion", clerk, http.MethodPost, "/api/v1/appeals/1/decide", map[string]any{"outcome": "upheld", "decided_on": "2026-11-25",
			"document_no": "云监复〔2026〕1号", "note": "维持", "record_version": 9}, "record_version"},
		{"DecisionExtra", w.mustLogin(t, "approver1"), http.MethodPost, "/api/v1/lookups/1/approve", map[string]any{"requester_id": 1}, "requester_id"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.c.t = t
			r := tc.c.do(tc.method, tc.path, tc.body)
			p := wantProblem(t, tc.name, r, 400, domain.EINVALID, tc.field)
			if !strings.Contains(p.Errors[0].Message, "not a field") && !strings.Contains(p.Errors[0].Message, "unknown field") {
				t.Fatalf("%s: %+v", tc.name, p.Errors)
			}
		})
	}
	t.Run("MultipartCaseField", func(t *testing.T) {
		r := multipartCase(w.me, "/api/v1/disputes", map[string]string{"record_id": fmt.Sprint(w.judicial), "ground": "wrong_content", "reason": "已履行完毕的判决", "state": "corrected"},
			[2]string{"a.pdf", pdf})
		wantProblem(t, "a dispute form with a state", r, 400, domain.EINVALID, "state")
	})
	t.Run("NobodyRaisesTheirOwnRoleOrScope", func(t *testing.T) {
		// The routes that change roles, links and scope are the admin's:
		// for anyone else they do not exist.
		for _, who := range []string{"hr1", "jw1", "clerk1", "official1", "auditor1", "approver1"} {
			c := w.mustLogin(t, who)
			id := w.userID(t, who)
			for _, req := range []struct {
				method, path string
				body         any
			}{
				{http.MethodPatch, fmt.Sprintf("/api/v1/users/%d", id), map[string]any{"department_id": w.root.ID}},
				{http.MethodPut, fmt.Sprintf("/api/v1/users/%d/roles", id), map[string]any{"grants": []map[string]any{{"role": "admin", "scope": "all"}}}},
				{http.MethodPost, "/api/v1/users", map[string]any{"username": who + "-admin", "grants": []map[string]any{{"role": "admin", "scope": "all"}}}},
				{http.MethodPost, fmt.Sprintf("/api/v1/users/%d/unlock", id), nil},
			} {
				wantProblem(t, who+" "+req.method+" "+req.path, c.do(req.method, req.path, req.body), 404, domain.ENOTFOUND, "")
			}
		}
	})
	sameFingerprint(t, "mass assignment", before, fingerprint(t, w.ts.db.SQL()))
	var me meOut
	hr.t = t
	hr.must(http.MethodGet, "/api/v1/me", nil, 200).json(t, &me)
	if strings.Join(me.Roles, ",") != "personnel_staff" || len(me.Grants) != 1 || me.Grants[0].Scope != "dept_and_below" {
		t.Fatalf("hr1 after the attack: %+v", me)
	}
}

// TestAttackTextThatIsNotText sends a NUL character and bytes that are not
// UTF-8 where the API reads text: in JSON fields (nested too), in query
// parameters, and through the database's own refusal. Each is a 400 naming
// where it was, on every database (PostgreSQL cannot store a NUL at all),
// and nothing is written.
func TestAttackTextThatIsNotText(t *testing.T) {
	w := newSelfWorld(t)
	admin, clerk := w.mustLogin(t, "admin1"), w.mustLogin(t, "clerk1")
	before := fingerprint(t, w.ts.db.SQL())
	rec := w.record(idA, "NUL-1")
	for _, tc := range []struct {
		name         string
		c            *client
		method, path string
		body         any
		field        string
	}{
		{"UserDisplayName", admin, http.MethodPatch, fmt.Sprintf("/api/v1/users/%d", w.userID(t, "hr1")), map[string]any{"display_name": "张\x00三"}, "display_name"},
		{"RecordSummary", clerk, http.MethodPost, "/api/v1/records", map[string]any{"records": []map[string]any{rec, with(rec, "summary", "逾期\x00未缴")}}, "records[1].summary"},
		{"LookupReason", w.mustLogin(t, "jw1"), http.MethodPost, "/api/v1/lookups", map[string]any{"official_ids": []int64{w.inB}, "purpose": "clue_disposal",
			"reason": "核查\x00问题线索", "modules": []string{"judicial"}}, "reason"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.c.t = t
			p := wantProblem(t, tc.name, tc.c.do(tc.method, tc.path, tc.body), 400, domain.EINVALID, tc.field)
			if p.Errors[0].Message != "is not valid text" {
				t.Fatalf("%s: %+v", tc.name, p.Errors)
			}
		})
	}
	for _, v := range []string{"a\x00b", "\xff\xfe"} {
		admin.t = t
		got := admin.do(http.MethodGet, "/api/v1/officials?name="+url.QueryEscape(v), nil)
		wantProblem(t, fmt.Sprintf("officials?name=%q", v), got, 400, domain.EINVALID, "name")
	}
	sameFingerprint(t, "text that is not text", before, fingerprint(t, w.ts.db.SQL()))
}
