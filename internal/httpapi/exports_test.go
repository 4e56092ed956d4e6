package httpapi_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"integrity/internal/domain"
	"integrity/internal/ingest"
)

// exportRows downloads an export as c, in the language given, and reads
// its first sheet.
func exportRows(t *testing.T, c *client, path, lang string) [][]string {
	t.Helper()
	got := download(t, c, path, lang)
	if !strings.HasPrefix(got.Header.Get("Content-Disposition"), "attachment;") {
		t.Fatalf("%s: %v", path, got.Header)
	}
	if got.Header.Get("Content-Length") != strconv.Itoa(len(got.Body)) {
		t.Fatalf("%s: Content-Length %q for %d bytes", path, got.Header.Get("Content-Length"), len(got.Body))
	}
	rows := sheetOf(t, path, got, "Sheet1")
	if got.Header.Get("X-Export-Rows") != strconv.Itoa(len(rows)-1) {
		t.Fatalf("X-Export-Rows %q for %d rows", got.Header.Get("X-Export-Rows"), len(rows)-1)
	}
	return rows
}

// download fetches path as c in the language given; anything but 200 fails.
func download(t *testing.T, c *client, path, lang string) response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept-Language", lang)
	got := c.send(req)
	if got.Status != 200 {
		t.Fatalf("%s: %d %.300s", path, got.Status, got.Body)
	}
	return got
}

// sheetOf reads one sheet of a downloaded workbook.
func sheetOf(t *testing.T, path string, got response, sheet string) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(strings.NewReader(got.Body))
	if err != nil {
		t.Fatalf("%s is no workbook: %v", path, err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatalf("%s: sheet %q: %v", path, sheet, err)
	}
	return rows
}

// TestListsExportWhatTheirFiltersSelect: a list's export holds exactly
// the rows its filters select in the caller's scope, with a header in the
// reader's language, ID numbers masked; bad filters are refused as the
// list refuses them.
func TestListsExportWhatTheirFiltersSelect(t *testing.T) {
	w := newWorld(t)
	w.submitAs(t, w.court, ingest.RecordInput{IDNumber: idA, SourceRef: "E-1", Category: "judicial", Code: "jud_civil_unperformed",
		DecisionDate: "2026-03-01", DocumentNo: "（2026）云01民初7号", Authority: "法院"},
		ingest.RecordInput{IDNumber: idB, SourceRef: "E-2", Category: "judicial", Code: "jud_criminal", DecisionDate: "2026-04-01",
			DocumentNo: "（2026）云01刑初8号", Authority: "法院"})
	w.submitAs(t, w.traffic, ingest.RecordInput{IDNumber: idA, SourceRef: "E-3", Category: "traffic", Code: "tr_points", DecisionDate: "2026-05-01", Authority: "交警"})

	clerk := w.mustLogin(t, "clerk1")
	rows := exportRows(t, clerk, "/api/v1/records/export", "zh-CN")
	if len(rows) != 3 || rows[0][0] != "记录编号" || rows[0][3] != "类别" {
		t.Fatalf("the court clerk's records: %q", rows)
	}
	body := strings.Join(flatten(rows), "|")
	if !strings.Contains(body, "民事判决未履行") || !strings.Contains(body, "（2026）云01刑初8号") || strings.Contains(body, "记分违法") {
		t.Fatalf("its own source's records, labelled in Chinese, and no other: %s", body)
	}
	if strings.Contains(body, idA) || strings.Contains(body, idB) || !strings.Contains(body, "3201************39") || strings.Contains(body, "<nil>") {
		t.Fatalf("ID numbers are masked: %s", body)
	}
	en := exportRows(t, clerk, "/api/v1/records/export?official_id="+strconv.FormatInt(w.inA, 10), "en")
	if len(en) != 2 || en[0][0] != "Record" || en[1][4] != "Unperformed civil judgment" {
		t.Fatalf("filtered, in English: %q", en)
	}
	wantProblem(t, "a bad filter", clerk.do(http.MethodGet, "/api/v1/records/export?state=gone", nil), 400, domain.EINVALID, "state")

	// The audit trail's export, for the auditor: the clerk's exports are in it.
	audit := exportRows(t, w.mustLogin(t, "auditor1"), "/api/v1/audit/export?actor=clerk1&action=record_list", "zh-CN")
	if len(audit) < 3 || audit[0][1] != "时间" {
		t.Fatalf("the clerk's record reads in the audit export: %q", audit)
	}
	// Its action, role, target type and outcome are named as the audit page
	// names them, in the reader's language, not written as codes.
	if r := audit[1]; r[4] != "数据录入员" || r[6] != "查询记录" || r[7] != "记录" || r[10] != "成功" {
		t.Fatalf("the audit export names its codes in Chinese: %q", r)
	}
	auditEn := exportRows(t, w.mustLogin(t, "auditor1"), "/api/v1/audit/export?actor=clerk1&action=record_list", "en-US,en;q=0.9")
	if r := auditEn[1]; auditEn[0][6] != "Action" || r[4] != "Data clerk" || r[6] != "Records listed" || r[7] != "Record" || r[10] != "Success" {
		t.Fatalf("the audit export names its codes in English: %q", auditEn)
	}
	// The registry, for personnel staff in their district only.
	officials := exportRows(t, w.mustLogin(t, "hr1"), "/api/v1/officials/export", "zh-CN")
	if len(officials) != 2 || officials[1][0] != strconv.FormatInt(w.inA, 10) {
		t.Fatalf("hr1 sees district A's official only: %q", officials)
	}
	w.mustLogin(t, "jw1").must(http.MethodGet, "/api/v1/officials/export", nil, 404)
}

func flatten(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}

// TestListsSortByTheColumnAsked: a list that sorts answers in the order of
// the key asked for, either way; an unknown key is 400 naming sort.
func TestListsSortByTheColumnAsked(t *testing.T) {
	w := newWorld(t)
	w.submitAs(t, w.court, ingest.RecordInput{IDNumber: idA, SourceRef: "S-1", Category: "judicial", Code: "jud_civil_unperformed",
		DecisionDate: "2026-03-01", DocumentNo: "（2026）云01民初1号", Authority: "法院"},
		ingest.RecordInput{IDNumber: idB, SourceRef: "S-2", Category: "judicial", Code: "jud_civil_unperformed", DecisionDate: "2025-01-01",
			DocumentNo: "（2025）云01民初2号", Authority: "法院"},
		ingest.RecordInput{IDNumber: idA, SourceRef: "S-3", Category: "judicial", Code: "jud_civil_unperformed", DecisionDate: "2026-09-01",
			DocumentNo: "（2026）云01民初3号", Authority: "法院"})
	clerk := w.mustLogin(t, "clerk1")
	days := func(sort string) string {
		var page struct {
			Items []struct {
				DecisionDate string `json:"decision_date"`
			} `json:"items"`
		}
		clerk.must(http.MethodGet, "/api/v1/records?sort="+sort, nil, 200).json(t, &page)
		out := make([]string, len(page.Items))
		for i, r := range page.Items {
			out[i] = r.DecisionDate
		}
		return strings.Join(out, " ")
	}
	if got := days("decision_date"); got != "2025-01-01 2026-03-01 2026-09-01" {
		t.Fatalf("ascending: %s", got)
	}
	if got := days("-decision_date"); got != "2026-09-01 2026-03-01 2025-01-01" {
		t.Fatalf("descending: %s", got)
	}
	wantProblem(t, "an unknown key", clerk.do(http.MethodGet, "/api/v1/records?sort=authority", nil), 400, domain.EINVALID, "sort")
	// The export follows the sort too.
	rows := exportRows(t, clerk, "/api/v1/records/export?sort=decision_date", "zh-CN")
	if len(rows) != 4 || rows[1][5] != "2025-01-01" || rows[3][5] != "2026-09-01" {
		t.Fatalf("the export in the order asked: %q", rows)
	}
}

// TestProblemsInTheReadersLanguage: a reader who asks for Chinese gets a
// problem's title, detail and field messages in Chinese, naming the same
// fields and rows; one who asks for nothing, or English, gets English.
func TestProblemsInTheReadersLanguage(t *testing.T) {
	w := newWorld(t)
	clerk := w.mustLogin(t, "clerk1")
	body := `{"records":[{"id_number":"320102199003071238","source_ref":"Z-1","category":"judicial","code":"jud_civil_unperformed","decision_date":"2030-01-01","document_no":"x"}]}`
	send := func(lang string) response {
		req, _ := http.NewRequest(http.MethodPost, clerk.base+"/api/v1/records", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+clerk.token)
		req.Header.Set("Content-Type", "application/json")
		if lang != "" {
			req.Header.Set("Accept-Language", lang)
		}
		return clerk.send(req)
	}
	zh := wantProblem(t, "in Chinese", send("zh-CN,zh;q=0.9"), 400, domain.EINVALID, "id_number")
	if zh.Title != "请求有误" || !strings.Contains(zh.Detail, "未写入任何记录") {
		t.Fatalf("title and detail in Chinese: %+v", zh)
	}
	said := map[string]string{}
	for _, e := range zh.Errors {
		said[e.Field] = e.Message
		if e.Row != 1 {
			t.Fatalf("the row stays named: %+v", e)
		}
	}
	if said["id_number"] != "身份证号码校验位不符，请核对" || said["decision_date"] != "晚于今天" {
		t.Fatalf("field messages in Chinese: %v", said)
	}
	for _, lang := range []string{"", "en-US,en;q=0.9"} {
		en := wantProblem(t, "in English", send(lang), 400, domain.EINVALID, "id_number")
		if en.Title != "Invalid request" || !strings.Contains(en.Detail, "nothing was written") {
			t.Fatalf("%q: English: %+v", lang, en)
		}
	}
}

// exportSheet downloads an export as c in the language given and reads the
// sheet named.
func exportSheet(t *testing.T, c *client, path, lang, sheet string) [][]string {
	t.Helper()
	return sheetOf(t, path, download(t, c, path, lang), sheet)
}
