// Package secure derives the platform's keys from its one secret and uses
// them: AES-GCM encryption of ID numbers at rest and an HMAC blind index for
// exact lookup.
package secure

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
)

// MinSecretLen is the shortest secret accepted, in bytes.
const MinSecretLen = 32

// Keys holds the keys derived from the secret. Each purpose gets its own key,
// so a leak of one (say the JWT key) says nothing about the others.
type Keys struct {
	JWT        []byte
	blindIndex []byte
	aead       cipher.AEAD
}

// Derive returns the keys for a secret of at least MinSecretLen bytes.
func Derive(secret string) (*Keys, error) {
	if len(secret) < MinSecretLen {
		return nil, fmt.Errorf("the secret key must be at least %d characters", MinSecretLen)
	}
	derive := func(info string) ([]byte, error) {
		return hkdf.Key(sha256.New, []byte(secret), []byte("integrity-platform"), info, 32)
	}
	jwtKey, err := derive("jwt-signing-v1")
	if err != nil {
		return nil, err
	}
	encKey, err := derive("id-number-encryption-v1")
	if err != nil {
		return nil, err
	}
	biKey, err := derive("id-number-blind-index-v1")
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(encKey)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Keys{JWT: jwtKey, blindIndex: biKey, aead: aead}, nil
}

// GenerateSecret returns a new random secret, hex encoded.
func GenerateSecret() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return hex.EncodeToString(b)
}

// cipherVersion prefixes every ciphertext, so keys can be rotated later.
const cipherVersion byte = 1

// Encrypt seals plaintext with AES-256-GCM under a random nonce. The result
// is version || nonce || ciphertext+tag; additional binds it to its column.
func (k *Keys) Encrypt(plaintext, additional string) []byte {
	nonce := make([]byte, k.aead.NonceSize(), 1+k.aead.NonceSize()+len(plaintext)+k.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		panic(err)
	}
	out := append([]byte{cipherVersion}, nonce...)
	return k.aead.Seal(out, nonce, []byte(plaintext), []byte(additional))
}

// ErrDecrypt is returned for a ciphertext that was altered, was sealed under
// another key, or is not a ciphertext at all.
var ErrDecrypt = errors.New("secure: cannot decrypt")

// Decrypt opens a value sealed by Encrypt with the same additional data.
func (k *Keys) Decrypt(sealed []byte, additional string) (string, error) {
	ns := k.aead.NonceSize()
	if len(sealed) < 1+ns+k.aead.Overhead() || sealed[0] != cipherVersion {
		return "", ErrDecrypt
	}
	plain, err := k.aead.Open(nil, sealed[1:1+ns], sealed[1+ns:], []byte(additional))
	if err != nil {
		return "", ErrDecrypt
	}
	return string(plain), nil
}

// BlindIndex returns the keyed hash of a normalised value, hex encoded: equal
// inputs give equal outputs, and nothing about the input can be learnt
// without the key.
func (k *Keys) BlindIndex(value string) string {
	m := hmac.New(sha256.New, k.blindIndex)
	m.Write([]byte(value))
	return hex.EncodeToString(m.Sum(nil))
}
