// Package ingest turns what source systems and clerks send (JSON records,
// CSV and XLSX files in UTF-8 or GBK, Chinese or English headers) into
// validated record inputs. Parsing and validation are pure functions, so
// they are table-tested and fuzzed; reading streams, row by row.
package ingest

import (
	"math"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/width"
)

// clean folds full-width characters to their half-width forms (digits,
// letters, punctuation, the ideographic space), trims, and collapses runs of
// white space into one space. CJK characters are left as they are.
func clean(s string) string {
	if plainASCII(s) {
		return s // nothing to fold: most cells (numbers, dates, codes)
	}
	return tidy(width.Narrow.String(s))
}

// tidy trims and collapses runs of white space (the ideographic space and
// no-break space too) into one space, drops zero-width marks, and keeps
// every other character as written: a document number's full-width
// brackets (（2024）), an authority's or a person's name.
func tidy(s string) string {
	if plainASCII(s) {
		return s
	}
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\u00a0', '\u3000', '\t', '\r', '\n':
			return ' '
		case '\ufeff', '\u200b':
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// plainASCII reports whether clean would return s unchanged: printable
// ASCII without leading, trailing or repeated spaces.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		b := s[i]
		if b < 0x20 || b >= 0x7f || (b == ' ' && (i == 0 || i == len(s)-1 || s[i-1] == ' ')) {
			return false
		}
	}
	return true
}

var dateLayouts = []string{
	"2006-01-02", "2006-1-2", "2006/01/02", "2006/1/2", "2006.01.02", "2006.1.2",
	"2006年1月2日", "2006年01月02日", "20060102",
}

// excelEpoch is day 0 of Excel's 1900 date system, allowing for its
// fictitious 29 February 1900.
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// parseDate reads a date written the ways Chinese government exports write
// it, or an Excel serial day number. A time of day, if present, is dropped.
func parseDate(s string) (time.Time, bool) {
	s = clean(s)
	if s == "" {
		return time.Time{}, false
	}
	if i := strings.IndexAny(s, " T"); i > 0 && len(s) > 10 {
		s = s[:i]
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f >= 1 && f < 2958466 && len(s) != 8 {
		days := math.Floor(f)
		return excelEpoch.AddDate(0, 0, int(days)), true
	}
	return time.Time{}, false
}

// idCell undoes what spreadsheets do to an ID number typed into a number
// cell: a leading apostrophe, a trailing ".0", scientific notation with all
// its digits. Digits lost to a number cell's 15-digit precision cannot come
// back; the check character then fails and says so.
func idCell(s string) string {
	s = strings.ToUpper(strings.ReplaceAll(clean(s), " ", ""))
	s = strings.TrimPrefix(s, "'")
	s = strings.TrimSuffix(s, ".0")
	if expanded, ok := expandScientific(s); ok {
		s = expanded
	}
	return s
}

// expandScientific writes "3.20102199003071239E+17" out in full, digit by
// digit; it refuses anything it cannot expand exactly.
func expandScientific(s string) (string, bool) {
	mant, exp, ok := strings.Cut(s, "E+")
	if !ok {
		return "", false
	}
	e, err := strconv.Atoi(exp)
	if err != nil || e < 0 || e > 30 {
		return "", false
	}
	intPart, frac, _ := strings.Cut(mant, ".")
	digits := intPart + frac
	for _, r := range digits {
		if r < '0' || r > '9' {
			return "", false
		}
	}
	shift := len(intPart) + e
	if digits == "" || len(digits) > shift {
		return "", false
	}
	return digits + strings.Repeat("0", shift-len(digits)), true
}
