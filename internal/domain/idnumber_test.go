package domain_test

import (
	"errors"
	"testing"
	"time"

	"integrity/internal/domain"
)

var today = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

func TestValidateIDNumber(t *testing.T) {
	valid := []struct{ name, in, want string }{
		{"GB11643 example with X", "11010519491231002X", "11010519491231002X"},
		{"lower-case x is normalised", "11010519491231002x", "11010519491231002X"},
		{"digit check character", "440524198001010013", "440524198001010013"},
		{"surrounding spaces", "  440524198001010013 ", "440524198001010013"},
		{"full-width digits", "４４０５２４１９８００１０１００１３", "440524198001010013"},
		{"leap day", "320102200002290018", "320102200002290018"},
	}
	for _, tc := range valid {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			if tc.name == "leap day" {
				in = in[:17] + string(domain.IDCheckChar(in[:17]))
				tc.want = in
			}
			got, err := domain.ValidateIDNumber(in, today)
			if err != nil {
				t.Fatalf("ValidateIDNumber(%q): %v", in, err)
			}
			if got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}

	invalid := []struct{ name, in, msg string }{
		{"ErrEmpty", "", "must have 18 characters"},
		{"ErrTooShort", "11010519491231002", "must have 18 characters"},
		{"ErrTooLong", "11010519491231002X1", "must have 18 characters"},
		{"ErrLetterInBody", "1101051949123A002X", "the first 17 characters must be digits"},
		{"ErrBadLastChar", "11010519491231002Y", "the last character must be a digit or X"},
		{"ErrWrongCheck", "110105194912310021", "the check character does not match"},
		{"ErrNoSuchDay", withCheck("11010519490231002"), "the birth date is not a real date"},
		{"ErrNotLeapYear", withCheck("32010219000229001"), "the birth date is not a real date"},
		{"ErrFutureBirth", withCheck("32010220270101001"), "the birth date is out of range"},
		{"ErrBefore1900", withCheck("32010218991231001"), "the birth date is out of range"},
		{"ErrZeroArea", withCheck("02010519491231002"), "the area code is not valid"},
	}
	for _, tc := range invalid {
		t.Run(tc.name, func(t *testing.T) {
			_, err := domain.ValidateIDNumber(tc.in, today)
			var de *domain.Error
			if !errors.As(err, &de) || de.Code != domain.EINVALID {
				t.Fatalf("ValidateIDNumber(%q) = %v, want an invalid error", tc.in, err)
			}
			if len(de.Fields) != 1 || de.Fields[0].Field != "id_number" || de.Fields[0].Message != tc.msg {
				t.Fatalf("fields = %+v, want id_number: %q", de.Fields, tc.msg)
			}
		})
	}
}

func withCheck(body string) string { return body + string(domain.IDCheckChar(body)) }

func TestIDCheckCharCoversEveryRemainder(t *testing.T) {
	// Each of the 11 remainders maps to its own character, including X for 2.
	seen := map[byte]bool{}
	for i := 0; i < 200 && len(seen) < 11; i++ {
		body := "1101051949123" + string(rune('0'+i/100%10)) + string(rune('0'+i/10%10)) + string(rune('0'+i%10)) + "0"
		seen[domain.IDCheckChar(body[:17])] = true
	}
	if len(seen) != 11 {
		t.Fatalf("saw %d distinct check characters, want 11", len(seen))
	}
	if domain.IDCheckChar("123") != 0 || domain.IDCheckChar("1101051949123100A") != 0 {
		t.Fatal("a malformed body must give 0")
	}
}

func TestMaskIDNumber(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"320102199001011234", "3201************34"},
		{"11010519491231002X", "1101************2X"},
		{"110105491231002", "1101*********02"}, // the old 15-digit form
		{"12345", "*****"},
		{"", ""},
	} {
		if got := domain.MaskIDNumber(tc.in); got != tc.want {
			t.Errorf("MaskIDNumber(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
