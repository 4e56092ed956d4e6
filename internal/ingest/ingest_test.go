package ingest_test

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"integrity/internal/catalogue"
	"integrity/internal/domain"
	"integrity/internal/ingest"
	"integrity/internal/policytest"
)

var asOf = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

func cat(t testing.TB) *catalogue.Catalogue { return policytest.Catalogue(t) }

func valid() ingest.RecordInput {
	return ingest.RecordInput{IDNumber: "320102199003071239", SourceRef: "R-1", Category: "judicial", Code: "jud_civil_unperformed",
		DecisionDate: "2024-03-05", DocumentNo: "（2024）云01民初1号", Authority: "法院"}
}

func TestValidateNormalises(t *testing.T) {
	c := cat(t)
	for name, tc := range map[string]struct {
		mutate func(*ingest.RecordInput)
		check  func(ingest.Record) bool
	}{
		"slash date":         {func(in *ingest.RecordInput) { in.DecisionDate = "2024/3/5" }, func(r ingest.Record) bool { return r.DecisionDate.Equal(day(2024, 3, 5)) }},
		"Chinese date":       {func(in *ingest.RecordInput) { in.DecisionDate = "2024年3月5日" }, func(r ingest.Record) bool { return r.DecisionDate.Equal(day(2024, 3, 5)) }},
		"dotted date":        {func(in *ingest.RecordInput) { in.DecisionDate = "2024.03.05" }, func(r ingest.Record) bool { return r.DecisionDate.Equal(day(2024, 3, 5)) }},
		"date with time":     {func(in *ingest.RecordInput) { in.DecisionDate = "2024-03-05 00:00:00" }, func(r ingest.Record) bool { return r.DecisionDate.Equal(day(2024, 3, 5)) }},
		"Excel serial":       {func(in *ingest.RecordInput) { in.DecisionDate = "45356" }, func(r ingest.Record) bool { return r.DecisionDate.Equal(day(2024, 3, 5)) }},
		"full-width date":    {func(in *ingest.RecordInput) { in.DecisionDate = "２０２４－０３－０５" }, func(r ingest.Record) bool { return r.DecisionDate.Equal(day(2024, 3, 5)) }},
		"full-width ID":      {func(in *ingest.RecordInput) { in.IDNumber = "３２０１０２１９９００３０７１２３９" }, func(r ingest.Record) bool { return r.IDNumber == "320102199003071239" }},
		"ID with apostrophe": {func(in *ingest.RecordInput) { in.IDNumber = "'320102199003071239" }, func(r ingest.Record) bool { return r.IDNumber == "320102199003071239" }},
		"ID as scientific":   {func(in *ingest.RecordInput) { in.IDNumber = "3.20102199003071239E+17" }, func(r ingest.Record) bool { return r.IDNumber == "320102199003071239" }},
		"ID with .0":         {func(in *ingest.RecordInput) { in.IDNumber = "320102199003071239.0" }, func(r ingest.Record) bool { return r.IDNumber == "320102199003071239" }},
		"ideographic spaces": {func(in *ingest.RecordInput) { in.SourceRef = "\u3000R-1\u3000" }, func(r ingest.Record) bool { return r.SourceRef == "R-1" }},
		// A document number is kept as written: its full-width brackets and
		// digits stay, only its white space is tidied.
		"document number as written": {func(in *ingest.RecordInput) { in.DocumentNo = "\u3000（２０２４）云01民初1号  " },
			func(r ingest.Record) bool { return r.DocumentNo == "（２０２４）云01民初1号" }},
		"ASCII brackets as written": {func(in *ingest.RecordInput) { in.DocumentNo = "(2024)云01民初1号" }, func(r ingest.Record) bool { return r.DocumentNo == "(2024)云01民初1号" }},
		"Chinese labels":            {func(in *ingest.RecordInput) { in.Category, in.Code = "司法", "民事判决未履行" }, func(r ingest.Record) bool { return r.Code == "jud_civil_unperformed" }},
		"code key alone":            {func(in *ingest.RecordInput) { in.Category = "" }, func(r ingest.Record) bool { return r.Category == "judicial" }},
		"label with brackets": {func(in *ingest.RecordInput) {
			in.Category, in.Code, in.DocumentNo = "党纪处分", "留党察看(一年)", "x"
		}, func(r ingest.Record) bool { return r.Code == "party_probation_1y" }},
		"English labels":   {func(in *ingest.RecordInput) { in.Category, in.Code = "Traffic violation", "drunk driving" }, func(r ingest.Record) bool { return r.Code == "tr_drunk_driving" }},
		"ended on":         {func(in *ingest.RecordInput) { in.EndedOn = "2025-01-01" }, func(r ingest.Record) bool { return r.EndedOn != nil && r.EndedOn.Equal(day(2025, 1, 1)) }},
		"the decision day": {func(in *ingest.RecordInput) { in.DecisionDate = "2026-11-25" }, func(r ingest.Record) bool { return r.DecisionDate.Equal(asOf) }},
	} {
		t.Run(name, func(t *testing.T) {
			in := valid()
			tc.mutate(&in)
			r, probs := ingest.Validate(in, c, nil, asOf, 2)
			if len(probs) != 0 || !tc.check(r) {
				t.Fatalf("%+v: %+v", r, probs)
			}
		})
	}
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestValidateRules(t *testing.T) {
	c := cat(t)
	for name, tc := range map[string]struct {
		mutate  func(*ingest.RecordInput)
		allowed map[string]bool
		field   string
		msg     string
	}{
		"ErrIDChecksum":       {func(in *ingest.RecordInput) { in.IDNumber = "320102199003071230" }, nil, "id_number", "the check character does not match"},
		"ErrIDLostDigits":     {func(in *ingest.RecordInput) { in.IDNumber = "3.20102199003071E+17" }, nil, "id_number", "15 digits"},
		"ErrIDMissing":        {func(in *ingest.RecordInput) { in.IDNumber = "" }, nil, "id_number", "18 characters"},
		"ErrNoSourceRef":      {func(in *ingest.RecordInput) { in.SourceRef = " " }, nil, "source_ref", "required"},
		"ErrUnknownCode":      {func(in *ingest.RecordInput) { in.Code = "jud_parking" }, nil, "code", "not a code"},
		"ErrNoCode":           {func(in *ingest.RecordInput) { in.Code = "" }, nil, "code", "required"},
		"ErrUnknownCategory":  {func(in *ingest.RecordInput) { in.Category = "魔法" }, nil, "category", "not in the catalogue"},
		"ErrCodeOfOtherCat":   {func(in *ingest.RecordInput) { in.Category = "traffic" }, nil, "code", "belongs to judicial"},
		"ErrAmbiguousLabel":   {func(in *ingest.RecordInput) { in.Category, in.Code = "", "警告" }, nil, "code", "ambiguous"},
		"ErrCategoryNotOwned": {func(in *ingest.RecordInput) {}, map[string]bool{"traffic": true}, "category", "may not submit judicial"},
		"ErrFutureDate":       {func(in *ingest.RecordInput) { in.DecisionDate = "2026-11-26" }, nil, "decision_date", "future"},
		"ErrNotADate":         {func(in *ingest.RecordInput) { in.DecisionDate = "2024-02-30" }, nil, "decision_date", "not a date"},
		"ErrNoDate":           {func(in *ingest.RecordInput) { in.DecisionDate = "" }, nil, "decision_date", "required"},
		"ErrEndBeforeStart":   {func(in *ingest.RecordInput) { in.EndedOn = "2024-01-01" }, nil, "ended_on", "before the decision date"},
		"ErrNoDocument":       {func(in *ingest.RecordInput) { in.DocumentNo = "" }, nil, "document_no", "required for Judicial records"},
		"ErrLongSummary":      {func(in *ingest.RecordInput) { in.Summary = strings.Repeat("长", 1001) }, nil, "summary", "at most 1000"},
		"ErrLongRef":          {func(in *ingest.RecordInput) { in.SourceRef = strings.Repeat("r", 129) }, nil, "source_ref", "at most 128"},
	} {
		t.Run(name, func(t *testing.T) {
			in := valid()
			tc.mutate(&in)
			_, probs := ingest.Validate(in, c, tc.allowed, asOf, 7)
			if len(probs) != 1 || probs[0].Field != tc.field || probs[0].Row != 7 || !strings.Contains(probs[0].Message, tc.msg) {
				t.Fatalf("problems %+v, want one on %s containing %q", probs, tc.field, tc.msg)
			}
		})
	}
	t.Run("EveryProblemAtOnce", func(t *testing.T) {
		_, probs := ingest.Validate(ingest.RecordInput{}, c, nil, asOf, 3)
		fields := map[string]bool{}
		for _, p := range probs {
			fields[p.Field] = true
		}
		for _, f := range []string{"id_number", "source_ref", "code", "decision_date"} {
			if !fields[f] {
				t.Errorf("an empty row does not report %s: %+v", f, probs)
			}
		}
	})
	t.Run("TrafficNeedsNoDocument", func(t *testing.T) {
		in := valid()
		in.Category, in.Code, in.DocumentNo = "traffic", "tr_points", ""
		if _, probs := ingest.Validate(in, c, nil, asOf, 2); len(probs) != 0 {
			t.Fatal(probs)
		}
	})
}

func TestHeader(t *testing.T) {
	h, probs := ingest.ParseHeader([]string{"身份证号码", "姓名", "来源编号", "记录事项", "决定日期", "其他", "文号*"})
	if len(probs) != 0 {
		t.Fatal(probs)
	}
	m := h.Fields([]string{"x", "y", "r", "c", "d", "ignored", "doc"})
	if m["id_number"] != "x" || m["source_ref"] != "r" || m["document_no"] != "doc" || len(m) != 6 {
		t.Fatalf("fields %v", m)
	}
	_, probs = ingest.ParseHeader([]string{"ID number", "Source reference", "code", "id_number"})
	got := map[string]string{}
	for _, p := range probs {
		got[p.Field] = p.Message
	}
	if !strings.Contains(got["decision_date"], "missing") || !strings.Contains(got["id_number"], "twice") {
		t.Fatalf("header problems %+v", probs)
	}
}

const csvUTF8 = "身份证号码,姓名,来源编号,记录类别,记录事项,决定日期,文号\n" +
	"320102199003071239,张三,R-1,司法,民事判决未履行,2024/3/5,（2024）1号\n" +
	"\n" +
	"320102198511200047,李四,R-2,交通违法,记分违法,2024年6月1日,\n"

func readAll(t *testing.T, rows ingest.Rows) [][]string {
	t.Helper()
	var out [][]string
	for {
		n, rec, err := rows.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, append([]string{itoa(n)}, rec...))
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestCSVEncodings(t *testing.T) {
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(csvUTF8)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{
		"UTF-8":        csvUTF8,
		"UTF-8 BOM":    "\xef\xbb\xbf" + csvUTF8,
		"GBK":          gbk,
		"CRLF":         strings.ReplaceAll(csvUTF8, "\n", "\r\n"),
		"tab":          strings.ReplaceAll(csvUTF8, ",", "\t"),
		"GBK with BOM": "\xef\xbb\xbf" + csvUTF8,
	} {
		t.Run(name, func(t *testing.T) {
			rows, err := ingest.OpenCSV(strings.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			got := readAll(t, rows)
			if len(got) != 3 || got[0][1] != "身份证号码" || got[1][2] != "张三" || got[2][0] != "4" || got[2][5] != "记分违法" {
				t.Fatalf("rows %q", got)
			}
		})
	}
	t.Run("ErrTooManyColumns", func(t *testing.T) {
		rows, _ := ingest.OpenCSV(strings.NewReader(strings.Repeat("a,", 100) + "\n"))
		if _, _, err := rows.Next(); err == nil {
			t.Fatal("100 columns accepted")
		}
	})
}

func TestXLSXDateCellsAndNumbers(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"身份证号码", "来源编号", "记录事项", "决定日期", "结束日期"})
	f.SetCellStr("Sheet1", "A2", "320102199003071239")
	f.SetCellStr("Sheet1", "B2", "R-1")
	f.SetCellStr("Sheet1", "C2", "记分违法")
	f.SetCellValue("Sheet1", "D2", time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)) // a real date cell
	f.SetCellStr("Sheet1", "E2", "2024年6月1日")
	f.SetCellStr("Sheet1", "A4", "320102198511200047") // row 3 left empty
	f.SetCellStr("Sheet1", "B4", "R-2")
	f.SetCellStr("Sheet1", "C4", "tr_points")
	f.SetCellInt("Sheet1", "D4", 45444) // a serial number typed as a number: 2024-06-01
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	if ingest.DetectFormat(buf.Bytes()[:8]) != ingest.FormatXLSX {
		t.Fatal("XLSX not detected")
	}
	rows, h := openWorkbook(t, buf.Bytes())
	c := cat(t)
	want := map[int]time.Time{2: day(2024, 3, 5), 4: day(2024, 6, 1)}
	for {
		n, rec, err := rows.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		r, probs := ingest.Validate(ingest.FromFields(h.Fields(rec)), c, nil, asOf, n)
		if len(probs) != 0 || !r.DecisionDate.Equal(want[n]) {
			t.Fatalf("row %d: %+v %+v", n, r, probs)
		}
		delete(want, n)
	}
	if len(want) != 0 {
		t.Fatalf("rows not seen (by number): %v", want)
	}
}

func TestTemplateRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := ingest.WriteTemplate(&buf, cat(t)); err != nil {
		t.Fatal(err)
	}
	rows, h := openWorkbook(t, buf.Bytes())
	n, example, err := rows.Next()
	if err != nil || n != 2 {
		t.Fatal(err)
	}
	if _, probs := ingest.Validate(ingest.FromFields(h.Fields(example)), cat(t), nil, asOf, n); len(probs) != 0 {
		t.Fatalf("the template's example row is invalid: %+v", probs)
	}
}

// FuzzRow feeds arbitrary cells through the CSV reader, the header mapper
// and validation: nothing may panic, and every problem names a field.
func FuzzRow(f *testing.F) {
	f.Add(csvUTF8)
	f.Add("身份证号码,来源编号,记录事项,决定日期\n3.2E+17,\"r\"\"x\",警告,45356\n")
	f.Add("id_number;source_ref;code;decision_date\n１２３;;；;2024年13月40日\n")
	f.Add("\xef\xbb\xbfa,b\n\"unterminated\n")
	f.Add("\xb2\xe2\xca\xd4,\xff\xfe\n")
	c := cat(f)
	f.Fuzz(func(t *testing.T, data string) {
		rows, err := ingest.OpenCSV(strings.NewReader(data))
		if err != nil {
			return
		}
		_, header, err := rows.Next()
		if err != nil {
			return
		}
		h, _ := ingest.ParseHeader(header)
		for i := 0; i < 50; i++ {
			n, rec, err := rows.Next()
			if err != nil {
				return
			}
			_, probs := ingest.Validate(ingest.FromFields(h.Fields(rec)), c, nil, asOf, n)
			for _, p := range probs {
				if p.Field == "" || p.Message == "" || p.Row != n {
					t.Fatalf("a problem without field or row: %+v", p)
				}
			}
		}
	})
}

// openWorkbook opens an XLSX workbook and reads its header row, which must
// map without problems; the rows are closed when the test ends.
func openWorkbook(t *testing.T, data []byte) (ingest.Rows, ingest.Header) {
	t.Helper()
	rows, err := ingest.OpenXLSX(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rows.Close() })
	_, header, err := rows.Next()
	if err != nil {
		t.Fatal(err)
	}
	h, probs := ingest.ParseHeader(header)
	if len(probs) != 0 {
		t.Fatalf("the header row: %+v", probs)
	}
	return rows, h
}

// TestSniffRefusesWhatIsNotASpreadsheet: an image, a PDF, an old .xls or
// text named .xlsx is refused as what it is, not read as a CSV whose
// header lacks columns.
func TestSniffRefusesWhatIsNotASpreadsheet(t *testing.T) {
	for _, c := range []struct {
		head, name, format, says string
	}{
		{"PK\x03\x04rest", "名单.xlsx", ingest.FormatXLSX, ""},
		{"身份证号码,姓名\n", "名单.csv", ingest.FormatCSV, ""},
		{"身份证号码,姓名\n", "名单", ingest.FormatCSV, ""},
		{"\x89PNG\r\n\x1a\n", "名单.xlsx", "", "a PNG image"},
		{"\xff\xd8\xff\xe0", "scan.csv", "", "a JPEG image"},
		{"%PDF-1.4", "名单.xlsx", "", "a PDF document"},
		{"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "名单.xls", "", ".xls"},
		{"a\x00b\x00", "名单.csv", "", "binary data"},
		{"身份证号码,姓名\n", "名单.xlsx", "", "named .xlsx but holds text"},
	} {
		format, err := ingest.Sniff([]byte(c.head), c.name)
		if format != c.format || (c.says == "") != (err == nil) || (err != nil && !strings.Contains(oneField(err), c.says)) {
			t.Errorf("%q as %s: %q, %v", c.head, c.name, format, err)
		}
	}
}

func oneField(err error) string {
	var e *domain.Error
	if errors.As(err, &e) && e.Code == domain.EINVALID && len(e.Fields) == 1 && e.Fields[0].Field == "file" {
		return e.Fields[0].Message
	}
	return ""
}
