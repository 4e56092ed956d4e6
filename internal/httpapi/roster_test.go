package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"integrity/internal/seed"
)

// postRoster uploads a roster as c, in the reader's language.
func postRoster(t *testing.T, c *client, name, content string, dryRun bool, lang string) response {
	return postRosterWant(t, c, name, content, dryRun, lang, 0)
}

// postRosterWant is postRoster that fails unless the answer has status
// want (0: any).
func postRosterWant(t *testing.T, c *client, name, content string, dryRun bool, lang string, want int) response {
	t.Helper()
	req := uploadRequest(c.base+"/api/v1/officials/import", name, content, dryRun)
	req.Header.Set("Accept-Language", lang)
	r := c.send(req)
	if want != 0 && r.Status != want {
		t.Fatalf("roster %s: %d %s", name, r.Status, r.Body)
	}
	return r
}

type rosterResult struct {
	DryRun    bool `json:"dry_run"`
	Rows      int  `json:"rows"`
	Created   int  `json:"created"`
	Updated   int  `json:"updated"`
	Unchanged int  `json:"unchanged"`
}

// TestTheRegistryImportsARoster: a roster registers new officials and
// updates known ones by ID number; a dry run only counts; a roster with
// any bad row writes nothing and names every row at fault, in the reader's
// language.
func TestTheRegistryImportsARoster(t *testing.T) {
	w := newWorld(t)
	admin, _ := w.login(t, "admin1")
	newID := seed.SyntheticIDNumber(811, 3, "01", true)
	total := func() int {
		var p struct{ Total int }
		admin.must(http.MethodGet, "/api/v1/officials", nil, 200).json(t, &p)
		return p.Total
	}
	before := total()

	tpl := admin.must(http.MethodGet, "/api/v1/officials/import/template", nil, 200)
	f, err := excelize.OpenReader(strings.NewReader(tpl.Body))
	if err != nil {
		t.Fatal(err)
	}
	head, _ := f.GetRows("人员名册")
	if len(head) < 2 || strings.Join(head[0], ",") != "身份证号码,姓名,单位编码,职务,职级,人员类别,中共党员,状态" {
		t.Fatalf("template: %v", head)
	}

	roster := "身份证号码,姓名,单位编码,职务,职级,人员类别,中共党员,状态\n" +
		newID + ",新同志,district-b,科员,一级科员,公务员,是,在职\n" +
		idA + ",,,副局长,,,,\n" + // a known official: the post changes, blanks keep
		idB + ",,,,,,,\n" // known and unchanged
	var dry rosterResult
	postRosterWant(t, admin, "roster.csv", roster, true, "zh-CN", 200).json(t, &dry)
	if !dry.DryRun || dry.Rows != 3 || dry.Created != 1 || dry.Updated != 1 || dry.Unchanged != 1 || total() != before {
		t.Fatalf("dry run: %+v, %d officials (was %d)", dry, total(), before)
	}
	var done rosterResult
	postRosterWant(t, admin, "roster.csv", roster, false, "zh-CN", 200).json(t, &done)
	if done.DryRun || done.Created != 1 || done.Updated != 1 || total() != before+1 {
		t.Fatalf("import: %+v, %d officials", done, total())
	}
	var found struct {
		Items []struct {
			Name           string `json:"name"`
			Post           string `json:"post"`
			PartyMember    bool   `json:"party_member"`
			DepartmentID   int64  `json:"department_id"`
			IDNumberMasked string `json:"id_number_masked"`
		} `json:"items"`
	}
	admin.must(http.MethodGet, "/api/v1/officials?id_number="+newID, nil, 200).json(t, &found)
	if len(found.Items) != 1 || found.Items[0].Name != "新同志" || !found.Items[0].PartyMember || found.Items[0].DepartmentID != w.districtB.ID {
		t.Fatalf("the new official: %+v", found.Items)
	}
	var a struct {
		Name    string `json:"name"`
		Post    string `json:"post"`
		Version int    `json:"version"`
	}
	admin.must(http.MethodGet, fmt.Sprintf("/api/v1/officials/%d", w.inA), nil, 200).json(t, &a)
	if a.Post != "副局长" || a.Name == "" || a.Version != 2 {
		t.Fatalf("the updated official: %+v", a)
	}
	if acts := w.auditActions(t, "admin1"); !containsAll(acts, "official_import:success", "official_create:success", "official_update:success") {
		t.Fatalf("audit: %v", acts)
	}
	// The same roster again changes nothing.
	postRosterWant(t, admin, "roster.csv", roster, false, "zh-CN", 200).json(t, &done)
	if done.Created != 0 || done.Updated != 0 || done.Unchanged != 3 {
		t.Fatalf("again: %+v", done)
	}

	// One bad row and nothing is written; each problem names its row.
	other := seed.SyntheticIDNumber(812, 3, "01", false)
	bad := "身份证号码,姓名,单位编码,人员类别,状态\n" +
		other + ",甲,district-a,公务员,在职\n" +
		"320102199003071238,乙,district-a,公务员,在职\n" + // check digit wrong
		other + ",丙,district-a,公务员,在职\n" + // twice in the file
		seed.SyntheticIDNumber(813, 3, "01", true) + ",丁,no-such-unit,公务员,在职\n" +
		seed.SyntheticIDNumber(814, 3, "01", true) + ",,district-a,公务员,在职\n" + // a new official needs a name
		seed.SyntheticIDNumber(815, 3, "01", true) + ",戊,district-a,合同工,休假\n"
	r := postRoster(t, admin, "bad.csv", bad, false, "zh-CN")
	p := problemOf(t, r)
	got := map[string]string{}
	for _, e := range p.Errors {
		got[fmt.Sprintf("%d:%s", e.Row, e.Field)] = e.Message
	}
	want := map[string]string{"3:id_number": "身份证号码校验位不符，请核对", "4:id_number": "在文件中重复出现：首次出现在第 2 行",
		"5:department": "没有使用该编码的单位", "6:name": "1 至 64 个字符", "7:category": "应为“公务员”或“事业单位人员”", "7:status": "应为“在职”“退休”或“离职”"}
	if r.Status != 400 || p.Detail != "人员名册有误，未写入任何数据" || len(got) != len(want) {
		t.Fatalf("bad roster: %d %s", r.Status, r.Body)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %q, want %q", k, got[k], v)
		}
	}
	if total() != before+1 {
		t.Fatalf("a refused roster wrote officials: %d", total())
	}
	r = postRoster(t, admin, "bad.csv", bad, true, "en")
	if p := problemOf(t, r); r.Status != 400 || p.Detail != "the roster has errors: nothing was written" || len(p.Errors) != len(want) {
		t.Fatalf("bad roster in English: %d %s", r.Status, r.Body)
	}
	// In either language each problem has a stable key and its values, for a
	// client to say in its own language.
	for _, lang := range []string{"en", "zh-CN"} {
		p := problemOf(t, postRoster(t, admin, "bad.csv", bad, true, lang))
		if p.DetailKey != "the_roster_has_errors_nothing_was_written" {
			t.Errorf("%s: detail key %q", lang, p.DetailKey)
		}
		for _, e := range p.Errors {
			if e.Row == 4 && (e.Key != "appears_twice_in_the_file_first_on_row_n" || len(e.Params) != 1 || e.Params[0] != "2") {
				t.Errorf("%s: row 4 is keyed %q %v", lang, e.Key, e.Params)
			}
			if e.Key == "" {
				t.Errorf("%s: row %d %s has no key: %q", lang, e.Row, e.Field, e.Message)
			}
		}
	}

	// Files that are no roster.
	for name, body := range map[string]string{
		"picture.xlsx": "\x89PNG\r\n\x1a\n0000",
		"empty.csv":    "",
		"nohead.csv":   "姓名,职务\n张三,科员\n",
	} {
		r := postRoster(t, admin, name, body, true, "en")
		if r.Status != 400 || len(problemOf(t, r).Errors) == 0 {
			t.Errorf("%s: %d %s", name, r.Status, r.Body)
		}
	}
	hr, _ := w.login(t, "hr1")
	if r := postRoster(t, hr, "roster.csv", roster, false, "en"); r.Status != 403 && r.Status != 404 {
		t.Fatalf("personnel staff import a roster: %d", r.Status)
	}
}

func containsAll(list []string, want ...string) bool {
	seen := map[string]bool{}
	for _, s := range list {
		seen[s] = true
	}
	for _, s := range want {
		if !seen[s] {
			return false
		}
	}
	return true
}
