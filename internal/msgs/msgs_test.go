package msgs_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"integrity/internal/msgs"
)

func TestMessagesInChinese(t *testing.T) {
	for in, want := range map[string]string{
		"the check character does not match":                     "身份证号码校验位不符，请核对",
		"at most 128 characters":                                 "最多 128 个字符",
		"repeats the reference of row 7":                         "与第 7 行的来源编号重复",
		"the file is larger than 512 MiB":                        "文件超过 512 MiB",
		"3 problem(s) in the submission; nothing was written":    "提交的数据有 3 处问题，未写入任何记录",
		"code gov_warning belongs to gov_sanction, not judicial": "事项“gov_warning”属于类别 gov_sanction，不属于 judicial",
		"not an XLSX or CSV file: a PNG image":                   "不是 XLSX 或 CSV 文件：PNG 图片",
		"Invalid request":                                        "请求有误",
		"appears twice in the file: first on row 4":              "在文件中重复出现：首次出现在第 4 行",
		"something nobody translated":                            "something nobody translated",
	} {
		if got := msgs.Chinese(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
	if !msgs.WantsChinese("zh-CN,zh;q=0.9,en;q=0.8") || msgs.WantsChinese("en-US,en;q=0.9") || msgs.WantsChinese("") {
		t.Fatal("Accept-Language read wrong")
	}
}

// TestEveryImportProblemHasChinese reads the messages the record intake
// writes (ingest's validation, the ID number check, the app's checks of a
// row) and fails for any the table does not know: an import's problems are
// all said in Chinese, on screen and in the error report.
func TestEveryImportProblemHasChinese(t *testing.T) {
	// A message: a literal, or literals and values joined by +, up to the
	// end of the call or line.
	message := regexp.MustCompile(`(?:bad\([A-Za-z.]+, |Message: |return "", "", )("[^"]*"(?:\s*\+\s*[^"+,)\s][^"+,)\n]*|\s*\+\s*"[^"]*")*)`)
	part := regexp.MustCompile(`"[^"]*"|[^"+\s][^+]*`)
	files := []string{"../ingest/record.go", "../ingest/candidates.go", "../ingest/reader.go", "../ingest/fields.go", "../domain/idnumber.go", "../app/records.go",
		"../ingest/officials.go", "../app/roster.go", "../app/registry.go"}
	seen := 0
	for _, f := range files {
		b, err := os.ReadFile(filepath.FromSlash(f))
		if err != nil {
			continue // a file that moved is found by the count below
		}
		for _, m := range message.FindAllStringSubmatch(string(b), -1) {
			seen++
			var msg strings.Builder
			for _, p := range part.FindAllString(m[1], -1) {
				if strings.HasPrefix(p, `"`) {
					msg.WriteString(strings.Trim(p, `"`))
				} else {
					msg.WriteString("X") // a value in its place
				}
			}
			if s := msg.String(); msgs.Chinese(s) == s && s != "20060102" {
				t.Errorf("%s: %q has no Chinese", f, s)
			}
		}
	}
	if seen < 25 {
		t.Fatalf("only %d messages found: the intake's files moved?", seen)
	}
}
