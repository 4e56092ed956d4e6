package storetest

import (
	"os"
	"strings"
	"testing"

	"integrity/internal/secure"
)

// CryptoEnv names the variable that runs the tests under another algorithm
// set: INTEGRITY_TEST_CRYPTO=gm seals, indexes and chains with SM4, SM3 and
// SM2 (make test runs the suites that use keys both ways).
const CryptoEnv = "INTEGRITY_TEST_CRYPTO"

// Keys derives the keys of a test secret (repeated to the minimum length)
// under the algorithm set CryptoEnv names, the standard one by default.
func Keys(t testing.TB, secret string) *secure.Keys {
	t.Helper()
	mode := os.Getenv(CryptoEnv)
	if mode == "" {
		mode = secure.ModeStandard
	}
	k, err := secure.DeriveMode(strings.Repeat(secret, 40)[:40], mode)
	if err != nil {
		t.Fatal(err)
	}
	return k
}
