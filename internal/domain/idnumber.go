package domain

import (
	"strings"
	"time"
)

// Citizen ID numbers (公民身份号码) follow GB 11643-1999: six digits of area
// code, eight of birth date (YYYYMMDD), three of sequence (odd for men, even
// for women) and one check character under ISO 7064 MOD 11-2, which may be X.

var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const idCheckChars = "10X98765432"

// IDNumberAD is the additional data that binds an ID-number ciphertext to
// its column (AES-GCM), so it cannot be moved to another column.
const IDNumberAD = "officials.id_number"

// IDCheckChar returns the check character for the first 17 digits of an ID
// number. It returns 0 if body is not 17 ASCII digits.
func IDCheckChar(body string) byte {
	if len(body) != 17 {
		return 0
	}
	sum := 0
	for i := 0; i < 17; i++ {
		c := body[i]
		if c < '0' || c > '9' {
			return 0
		}
		sum += int(c-'0') * idWeights[i]
	}
	return idCheckChars[sum%11]
}

// NormalizeIDNumber trims spaces, turns full-width digits and letters into
// ASCII and upper-cases a trailing x. It does not validate.
func NormalizeIDNumber(s string) string {
	var b strings.Builder
	b.Grow(18)
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r >= '０' && r <= '９':
			r = '0' + (r - '０')
		case r == 'ｘ' || r == 'Ｘ':
			r = 'X'
		case r == 'x':
			r = 'X'
		case r == ' ' || r == '\u3000':
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ValidateIDNumber normalises s and checks its length, characters, birth
// date (a real calendar day, not in the future of asOf, not before 1900) and
// check character. It returns the normalised number or an EINVALID error
// whose message says which rule failed.
func ValidateIDNumber(s string, asOf time.Time) (string, error) {
	n := NormalizeIDNumber(s)
	fail := func(msg string) (string, error) {
		return "", Invalid("invalid ID number", FieldError{Field: "id_number", Message: msg})
	}
	if len(n) != 18 {
		return fail("must have 18 characters")
	}
	for i := 0; i < 17; i++ {
		if n[i] < '0' || n[i] > '9' {
			return fail("the first 17 characters must be digits")
		}
	}
	last := n[17]
	if (last < '0' || last > '9') && last != 'X' {
		return fail("the last character must be a digit or X")
	}
	if n[0] == '0' {
		return fail("the area code is not valid")
	}
	birth, err := time.Parse("20060102", n[6:14])
	if err != nil {
		return fail("the birth date is not a real date")
	}
	if birth.Year() < 1900 || birth.After(asOf) {
		return fail("the birth date is out of range")
	}
	if IDCheckChar(n[:17]) != last {
		return fail("the check character does not match")
	}
	return n, nil
}

// MaskIDNumber shows the first 4 and last 2 characters of an ID number and
// hides the rest: 3201**********34. The hidden middle covers the county
// code's last two digits, the birth date and two digits of the sequence, so
// that nothing shown beside the mask (a birth date, an age, a birth year,
// the department's region) gives the number back: with the birth date four
// digits stay unknown, and the check character settles only one. A string
// too short to mask keeps nothing visible.
func MaskIDNumber(n string) string {
	if len(n) < 11 {
		return strings.Repeat("*", len(n))
	}
	return n[:4] + strings.Repeat("*", len(n)-6) + n[len(n)-2:]
}

// IDBirthDate returns the birth date encoded in a valid ID number.
func IDBirthDate(n string) (time.Time, bool) {
	if len(n) != 18 {
		return time.Time{}, false
	}
	t, err := time.Parse("20060102", n[6:14])
	return t, err == nil
}
