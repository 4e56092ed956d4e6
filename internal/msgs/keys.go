package msgs

import (
	"regexp"
	"strings"
)

// Every message this package knows has a stable key, and a message with
// values its parameters, so that a client shows a problem in its own
// language from the key (the UI's problems table, generated from this
// package) whatever language the server wrote it in. A key is the English
// message's words joined by underscores, a value standing as n: "at most
// 128 characters" is at_most_n_characters with the parameter "128".

// Keyed is a message as a key and its parameters.
type Keyed struct {
	Key    string
	Params []string
}

// notSpreadsheet prefixes what a file that is not a spreadsheet is.
const notSpreadsheet = "not an XLSX or CSV file: "

// Key gives a message's key and parameters; ok is false for a message the
// package does not know (it has no key; clients show it as written).
func Key(s string) (Keyed, bool) {
	s = strings.TrimSpace(s)
	if _, ok := exact[s]; ok {
		return Keyed{Key: slug(s)}, true
	}
	if what, ok := strings.CutPrefix(s, notSpreadsheet); ok {
		if _, known := exact[what]; known {
			return Keyed{Key: slug(notSpreadsheet) + "__" + slug(what)}, true
		}
	}
	for _, p := range patterns {
		if m := p.re.FindStringSubmatch(s); m != nil {
			return Keyed{Key: slug(template(p.re)), Params: m[1:]}, true
		}
	}
	return Keyed{}, false
}

var nonWord = regexp.MustCompile(`[^a-z0-9]+`)

// slug is the key of an English message: lower case, words joined by _.
func slug(s string) string {
	s = strings.ReplaceAll(s, "{n}", " n ")
	return strings.Trim(nonWord.ReplaceAllString(strings.ToLower(s), "_"), "_")
}

var group = regexp.MustCompile(`\((?:\\.|[^()\\])*\)`)

// template is a pattern's English with each value as {n}.
func template(re *regexp.Regexp) string {
	src := strings.TrimSuffix(strings.TrimPrefix(re.String(), "^"), "$")
	src = group.ReplaceAllString(src, "{n}")
	return strings.NewReplacer(`\(`, "(", `\)`, ")", `\.`, ".", `\`, "").Replace(src)
}

// Table is every key with its message in English and Chinese, values as
// {0}, {1}, … in order: the UI's problems table is generated from it (by a
// test). Two messages with one key are a mistake it panics on.
func Table() map[string][2]string {
	out := map[string][2]string{}
	add := func(key, en, zh string) {
		if had, dup := out[key]; dup {
			panic("msgs: " + key + " is the key of both " + had[0] + " and " + en)
		}
		out[key] = [2]string{en, zh}
	}
	for en, zh := range exact {
		add(slug(en), en, zh)
	}
	for _, what := range spreadsheetKinds() {
		add(slug(notSpreadsheet)+"__"+slug(what), notSpreadsheet+what, "不是 XLSX 或 CSV 文件："+exact[what])
	}
	for _, p := range patterns {
		en, zh := template(p.re), p.zh
		for i := 1; strings.Contains(en, "{n}"); i++ {
			en = strings.Replace(en, "{n}", "{"+itoa(i-1)+"}", 1)
			zh = strings.ReplaceAll(zh, "$"+itoa(i), "{"+itoa(i-1)+"}")
		}
		add(slug(template(p.re)), en, zh)
	}
	return out
}

// spreadsheetKinds are the exact messages that say what a refused file is
// (ingest.Sniff).
func spreadsheetKinds() []string {
	return []string{"a PNG image", "a JPEG image", "a GIF image", "a PDF document", "an old Excel 97-2003 (.xls) or Word file: save it as .xlsx",
		"a RAR archive", "a 7-Zip archive", "binary data", "named .xlsx but holds text, not a workbook", "named .xls but holds text, not a workbook"}
}

func itoa(i int) string { return string(rune('0' + i)) }
