package httpapi_test

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// What an answer may show beside a masked ID number must not give it back.
// The number's 18 characters: 6 of region, 8 of birth date (positions
// 6–13), 3 of sequence, 1 check character that any one other character
// settles. A mask is rebuilt when, after what the answer shows of the birth
// date (the whole date, or its year), at most one character stays hidden.
var (
	maskRE      = regexp.MustCompile(`[0-9]{1,8}\*{3,16}[0-9Xx]{0,8}`)
	dateRE      = regexp.MustCompile(`(19|20)[0-9]{2}-?[01][0-9]-?[0-3][0-9]`)
	birthYearRE = regexp.MustCompile(`"birth_year"\s*:\s*(19|20)[0-9]{2}`)
)

// rebuildable names the first masked number in body that the rest of body
// gives back, "" when none does.
func rebuildable(body string) string {
	hasDate, hasYear := dateRE.MatchString(body), birthYearRE.MatchString(body)
	for _, m := range maskRE.FindAllString(body, -1) {
		if len(m) != 18 {
			continue
		}
		first, last := strings.IndexByte(m, '*'), strings.LastIndexByte(m, '*')
		hidden := 0
		for i := first; i <= last; i++ {
			known := (hasDate && i >= 6 && i < 14) || (hasYear && i >= 6 && i < 10)
			if !known {
				hidden++
			}
		}
		if hidden <= 1 {
			return m
		}
	}
	return ""
}

// scanForRebuildable fails the test when an answer gives a masked number
// back. Spreadsheets are read sheet by sheet.
func scanForRebuildable(t *testing.T, method, url, contentType string, body []byte) {
	t.Helper()
	text := string(body)
	if strings.Contains(contentType, "spreadsheetml") {
		text = spreadsheetText(body)
	}
	if m := rebuildable(text); m != "" {
		t.Errorf("%s %s shows %s beside what gives it back (a birth date or year)", method, url, m)
	}
}

func spreadsheetText(b []byte) string {
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return string(b)
	}
	var sb strings.Builder
	for _, f := range z.File {
		if !strings.HasSuffix(f.Name, ".xml") {
			continue
		}
		r, err := f.Open()
		if err != nil {
			continue
		}
		x, _ := io.ReadAll(r)
		r.Close()
		sb.Write(x)
	}
	return sb.String()
}

// The check itself: the old mask (first 6, last 4) beside a birth date is
// rebuilt; the mask in use is not, beside a date or a year.
func TestRebuildableMasks(t *testing.T) {
	for body, want := range map[string]bool{
		`{"id_number_masked":"320102********1239","birth_date":"1990-03-07"}`: true,
		`{"id_number_masked":"320102********1239"}`:                           false,
		`{"id_number_masked":"3201************39","birth_date":"1990-03-07"}`: false,
		`{"id_number_masked":"320102****03071239","birth_year":1990}`:         true,
		`{"id_number_masked":"3201************39","birth_year":1990}`:         false,
	} {
		if got := rebuildable(body) != ""; got != want {
			t.Errorf("%s: rebuildable %v, want %v", body, got, want)
		}
	}
}

// TestNoAnswerRebuildsAnIDNumber walks every GET route for every subject
// of the attack world (each role, a source and clients): whatever each is
// allowed to see, no answer gives a masked number back. Every answer of
// every other test is scanned the same way by the harness.
func TestNoAnswerRebuildsAnIDNumber(t *testing.T) {
	w := newAttackWorld(t)
	table := w.getRoutes(t)
	walked := 0
	for _, r := range w.ts.routes(func(r route) bool { return gets(r) && r.Path != "/*" }) {
		g, ok := table[r.Path]
		if !ok {
			t.Errorf("GET %s has no entry in the route table of the attacks", r.Path)
			continue
		}
		for _, subject := range attackSubjects {
			c := w.as[subject]
			c.t = t
			if res := c.do(http.MethodGet, g.path, nil); res.Status == http.StatusOK {
				walked++
			}
		}
	}
	if walked < 50 {
		t.Fatalf("only %d answers with content were walked", walked)
	}
}
