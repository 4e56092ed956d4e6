package secure_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"integrity/internal/secure"
)

const secretA = "0123456789abcdef0123456789abcdef-a"
const secretB = "0123456789abcdef0123456789abcdef-b"

func mustDerive(t *testing.T, s string) *secure.Keys {
	t.Helper()
	k, err := secure.Derive(s)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestDeriveRejectsShortSecret(t *testing.T) {
	if _, err := secure.Derive("too-short"); err == nil || !strings.Contains(err.Error(), "at least 32") {
		t.Fatalf("Derive(short) = %v, want a length error", err)
	}
}

func TestEncryptRoundTripAndTamper(t *testing.T) {
	k := mustDerive(t, secretA)
	const id = "320102199003071239"
	c1 := k.Encrypt(id, "officials.id_number")
	c2 := k.Encrypt(id, "officials.id_number")
	if bytes.Equal(c1, c2) {
		t.Fatal("two encryptions of one value are equal: the nonce is not random")
	}
	if bytes.Contains(c1, []byte(id)) || bytes.Contains(c1, []byte("19900307")) {
		t.Fatal("the ciphertext contains the plaintext")
	}
	got, err := k.Decrypt(c1, "officials.id_number")
	if err != nil || got != id {
		t.Fatalf("Decrypt = %q, %v", got, err)
	}

	t.Run("ErrTampered", func(t *testing.T) {
		bad := bytes.Clone(c1)
		bad[len(bad)-1] ^= 1
		if _, err := k.Decrypt(bad, "officials.id_number"); !errors.Is(err, secure.ErrDecrypt) {
			t.Fatalf("tampered ciphertext: %v", err)
		}
	})
	t.Run("ErrOtherColumn", func(t *testing.T) {
		if _, err := k.Decrypt(c1, "users.phone"); !errors.Is(err, secure.ErrDecrypt) {
			t.Fatalf("ciphertext moved to another column: %v", err)
		}
	})
	t.Run("ErrOtherKey", func(t *testing.T) {
		if _, err := mustDerive(t, secretB).Decrypt(c1, "officials.id_number"); !errors.Is(err, secure.ErrDecrypt) {
			t.Fatalf("decrypted under another key: %v", err)
		}
	})
	t.Run("ErrGarbage", func(t *testing.T) {
		for _, g := range [][]byte{nil, {1}, []byte(id)} {
			if _, err := k.Decrypt(g, "officials.id_number"); !errors.Is(err, secure.ErrDecrypt) {
				t.Fatalf("Decrypt(%q): %v", g, err)
			}
		}
	})
}

func TestBlindIndex(t *testing.T) {
	a, b := mustDerive(t, secretA), mustDerive(t, secretB)
	const id = "320102199003071239"
	if a.BlindIndex(id) != a.BlindIndex(id) {
		t.Fatal("the blind index is not deterministic")
	}
	if a.BlindIndex(id) == a.BlindIndex("320102198511200047") {
		t.Fatal("two numbers share a blind index")
	}
	if a.BlindIndex(id) == b.BlindIndex(id) {
		t.Fatal("the blind index does not depend on the key")
	}
	if len(a.BlindIndex(id)) != 64 || strings.Contains(a.BlindIndex(id), "1990") {
		t.Fatalf("unexpected blind index %q", a.BlindIndex(id))
	}
	if bytes.Equal(a.JWT, b.JWT) || len(a.JWT) != 32 {
		t.Fatal("the JWT key must be 32 bytes and differ per secret")
	}
}

func TestGenerateSecret(t *testing.T) {
	s1, s2 := secure.GenerateSecret(), secure.GenerateSecret()
	if s1 == s2 || len(s1) < secure.MinSecretLen {
		t.Fatalf("GenerateSecret gave %q and %q", s1, s2)
	}
	if _, err := secure.Derive(s1); err != nil {
		t.Fatal(err)
	}
}
