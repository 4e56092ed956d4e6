// Package auth holds the platform's identity mechanics: password hashing and
// policy, TOTP, access tokens, and the casbin route policy. It does no
// database I/O; the app layer ties it to the store.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/crypto/argon2"

	"integrity/internal/domain"
)

// Argon2id parameters: OWASP's minimum recommendation (19 MiB, 2 passes).
const (
	argonMemory  = 19 * 1024
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
)

// HashPassword returns the argon2id hash of a password in PHC string form.
func HashPassword(password string) string {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		panic(err)
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}

var errBadHash = errors.New("auth: malformed password hash")

// CheckPassword reports whether password matches the PHC hash, in time that
// does not depend on where they differ.
func CheckPassword(hash, password string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false, errBadHash
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false, errBadHash
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// dummyHash is checked against when a login names no known user, so that
// such a failure takes as long as a wrong password.
var dummyHash = HashPassword("no user has this password")

// BurnPasswordCheck spends the time of one password check.
func BurnPasswordCheck(password string) { _, _ = CheckPassword(dummyHash, password) }

// PasswordPolicy is the configurable password complexity rule.
type PasswordPolicy struct {
	MinLength int // characters
	Classes   int // how many of lower, upper, digit, symbol must appear
	// MaxAgeDays forces a change after this many days; 0 never.
	MaxAgeDays int
}

// Check returns an EINVALID error naming field when password breaks the
// policy or contains the username.
func (p PasswordPolicy) Check(field, password, username string) error {
	fail := func(msg string) error {
		return domain.Invalid("the password does not meet the policy", domain.FieldError{Field: field, Message: msg})
	}
	if n := len([]rune(password)); n < p.MinLength {
		return fail(fmt.Sprintf("must have at least %d characters", p.MinLength))
	}
	if len(password) > 256 {
		return fail("must have at most 256 bytes")
	}
	var lower, upper, digit, symbol int
	for _, r := range password {
		switch {
		case unicode.IsLower(r):
			lower = 1
		case unicode.IsUpper(r):
			upper = 1
		case unicode.IsDigit(r):
			digit = 1
		default:
			symbol = 1
		}
	}
	if lower+upper+digit+symbol < p.Classes {
		return fail(fmt.Sprintf("must mix at least %d of: lower-case letters, upper-case letters, digits, symbols", p.Classes))
	}
	if username != "" && strings.Contains(strings.ToLower(password), strings.ToLower(username)) {
		return fail("must not contain the username")
	}
	return nil
}

// RandomPassword returns a temporary password that meets any policy of up
// to 16 characters and 4 classes.
func RandomPassword() string {
	const alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	out := make([]byte, len(b))
	for i, c := range b {
		out[i] = alphabet[int(c)%len(alphabet)]
	}
	return "Tmp-" + string(out) + "9a"
}
