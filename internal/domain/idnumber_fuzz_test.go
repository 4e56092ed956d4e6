package domain_test

import (
	"strings"
	"testing"
	"time"

	"integrity/internal/domain"
)

// FuzzValidateIDNumber: any input is either refused with a field error or
// accepted as 18 characters whose check character holds, and masking it
// never shows more than the first six and last four.
func FuzzValidateIDNumber(f *testing.F) {
	for _, s := range []string{"320102199003071239", "32010219900307123x", "320102199002301234", "", "１２３", "3201021990030712391", "\x00\xff"} {
		f.Add(s)
	}
	asOf := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		n, err := domain.ValidateIDNumber(s, asOf)
		if err != nil {
			e, ok := err.(*domain.Error)
			if !ok || e.Code != domain.EINVALID || len(e.Fields) == 0 || e.Fields[0].Message == "" {
				t.Fatalf("%q: an error without a field: %v", s, err)
			}
			return
		}
		if len(n) != 18 || n[17:] != string(domain.IDCheckChar(n[:17])) {
			t.Fatalf("%q accepted as %q", s, n)
		}
		m := domain.MaskIDNumber(n)
		if m[:4] != n[:4] || m[16:] != n[16:] || strings.Trim(m[4:16], "*") != "" {
			t.Fatalf("masked %q as %q", n, m)
		}
	})
}
