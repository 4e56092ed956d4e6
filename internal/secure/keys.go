// Package secure derives the platform's keys from its one secret and uses
// them: encryption of ID numbers at rest, a keyed blind index for exact
// lookup, the audit chain's key and the checkpoints' signatures. A
// deployment chooses the algorithms: the standard set (AES-256-GCM,
// HMAC-SHA256, Ed25519) or the national one (SM4-GCM, HMAC-SM3, SM2; GB/T
// 39786-2021). Values sealed under either set are read in both, so a
// database moves from one to the other row by row (integrity crypto
// migrate).
package secure

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/ed25519"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/sm4"
)

// MinSecretLen is the shortest secret accepted, in bytes.
const MinSecretLen = 32

// The algorithm sets (INTEGRITY_CRYPTO).
const (
	ModeStandard = "standard"
	ModeGM       = "gm"
)

// ValidMode reports whether m names an algorithm set.
func ValidMode(m string) bool { return m == ModeStandard || m == ModeGM }

// suite is one algorithm set's keys.
type suite struct {
	cipherVersion byte // prefixes every ciphertext sealed under the set
	aead          cipher.AEAD
	hash          func() hash.Hash
	blindIndex    []byte
	chainAlg      int
	chainKey      []byte
}

// Keys holds the keys derived from the secret. Each purpose gets its own key,
// so a leak of one (say the JWT key) says nothing about the others. Keys of
// both algorithm sets are derived; Mode says which one seals new values.
type Keys struct {
	JWT      []byte
	Mode     string
	standard suite
	gm       suite
	edKey    ed25519.PrivateKey
	sm2Key   *sm2.PrivateKey
}

// Derive returns the keys of the standard set for a secret of at least
// MinSecretLen bytes.
func Derive(secret string) (*Keys, error) { return DeriveMode(secret, ModeStandard) }

// DeriveMode returns the keys for a secret, sealing new values under mode.
func DeriveMode(secret, mode string) (*Keys, error) {
	if len(secret) < MinSecretLen {
		return nil, fmt.Errorf("the secret key must be at least %d characters", MinSecretLen)
	}
	if !ValidMode(mode) {
		return nil, fmt.Errorf("unknown algorithm set %q: standard or gm", mode)
	}
	var derr error
	derive := func(info string) []byte {
		k, err := hkdf.Key(sha256.New, []byte(secret), []byte("integrity-platform"), info, 32)
		if err != nil {
			derr = err
		}
		return k
	}
	k := &Keys{JWT: derive("jwt-signing-v1"), Mode: mode}
	aesBlock, err := aes.NewCipher(derive("id-number-encryption-v1"))
	if err != nil {
		return nil, err
	}
	sm4Block, err := sm4.NewCipher(derive("id-number-encryption-sm4-v1")[:16])
	if err != nil {
		return nil, err
	}
	k.standard = suite{cipherVersion: 1, hash: sha256.New, blindIndex: derive("id-number-blind-index-v1"),
		chainAlg: 1, chainKey: derive("audit-chain-v1")}
	k.gm = suite{cipherVersion: 2, hash: sm3.New, blindIndex: derive("id-number-blind-index-sm3-v1"),
		chainAlg: 2, chainKey: derive("audit-chain-sm3-v1")}
	if k.standard.aead, err = cipher.NewGCM(aesBlock); err != nil {
		return nil, err
	}
	if k.gm.aead, err = cipher.NewGCM(sm4Block); err != nil {
		return nil, err
	}
	k.edKey = ed25519.NewKeyFromSeed(derive("audit-checkpoint-ed25519-v1"))
	// An SM2 key is a scalar in [1, n-2]; the rare derived value outside
	// that range is replaced by the next derivation.
	for i := 0; k.sm2Key == nil; i++ {
		k.sm2Key, _ = sm2.NewPrivateKey(derive(fmt.Sprintf("audit-checkpoint-sm2-v1-%d", i)))
	}
	if derr != nil {
		return nil, derr
	}
	return k, nil
}

func (k *Keys) current() *suite {
	if k.Mode == ModeGM {
		return &k.gm
	}
	return &k.standard
}

// GenerateSecret returns a new random secret, hex encoded.
func GenerateSecret() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return hex.EncodeToString(b)
}

// Encrypt seals plaintext under the current set's cipher (AES-256-GCM or
// SM4-GCM) and a random nonce. The result is version || nonce ||
// ciphertext+tag, the version naming the cipher; additional binds it to its
// column.
func (k *Keys) Encrypt(plaintext, additional string) []byte {
	c := k.current()
	nonce := make([]byte, c.aead.NonceSize(), 1+c.aead.NonceSize()+len(plaintext)+c.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		panic(err)
	}
	out := append([]byte{c.cipherVersion}, nonce...)
	return c.aead.Seal(out, nonce, []byte(plaintext), []byte(additional))
}

// ErrDecrypt is returned for a ciphertext that was altered, was sealed under
// another key, or is not a ciphertext at all.
var ErrDecrypt = errors.New("secure: cannot decrypt")

// Decrypt opens a value sealed by Encrypt under either set with the same
// additional data.
func (k *Keys) Decrypt(sealed []byte, additional string) (string, error) {
	var c *suite
	switch {
	case len(sealed) == 0:
		return "", ErrDecrypt
	case sealed[0] == k.standard.cipherVersion:
		c = &k.standard
	case sealed[0] == k.gm.cipherVersion:
		c = &k.gm
	default:
		return "", ErrDecrypt
	}
	ns := c.aead.NonceSize()
	if len(sealed) < 1+ns+c.aead.Overhead() {
		return "", ErrDecrypt
	}
	plain, err := c.aead.Open(nil, sealed[1:1+ns], sealed[1+ns:], []byte(additional))
	if err != nil {
		return "", ErrDecrypt
	}
	return string(plain), nil
}

// Current reports whether a sealed value is sealed under the current set.
func (k *Keys) Current(sealed []byte) bool {
	return len(sealed) > 0 && sealed[0] == k.current().cipherVersion
}

// BlindIndex returns the keyed hash (HMAC-SHA256 or HMAC-SM3) of a
// normalised value, hex encoded: equal inputs give equal outputs, and
// nothing about the input can be learnt without the key.
func (k *Keys) BlindIndex(value string) string {
	c := k.current()
	m := hmac.New(c.hash, c.blindIndex)
	m.Write([]byte(value))
	return hex.EncodeToString(m.Sum(nil))
}

// BlindIndexes returns the value's blind index under each set, the current
// set's first: for checking tags made before a migration to the other set.
func (k *Keys) BlindIndexes(value string) []string {
	out := make([]string, 0, 2)
	for _, c := range []*suite{k.current(), &k.standard, &k.gm} {
		m := hmac.New(c.hash, c.blindIndex)
		m.Write([]byte(value))
		if h := hex.EncodeToString(m.Sum(nil)); len(out) == 0 || out[0] != h {
			out = append(out, h)
		}
	}
	return out
}

// ChainAlg is the audit chain's algorithm for new entries (audit.Keyring).
func (k *Keys) ChainAlg() int { return k.current().chainAlg }

// ChainMAC returns the chain's keyed hash for alg, nil for an unknown one.
func (k *Keys) ChainMAC(alg int) hash.Hash {
	for _, c := range []*suite{&k.standard, &k.gm} {
		if c.chainAlg == alg {
			return hmac.New(c.hash, c.chainKey)
		}
	}
	return nil
}

// SignCheckpoint signs an audit checkpoint: Ed25519 in the standard set,
// SM2 (with SM3 and the default user id) in the national one.
func (k *Keys) SignCheckpoint(msg []byte) (scheme, sig string) {
	if k.Mode == ModeGM {
		b, err := k.sm2Key.SignWithSM2(rand.Reader, nil, msg)
		if err != nil {
			panic(err) // only a failing random source makes SM2 signing fail
		}
		return "sm2", hex.EncodeToString(b)
	}
	return "ed25519", hex.EncodeToString(ed25519.Sign(k.edKey, msg))
}

// VerifyCheckpoint checks a signature made by SignCheckpoint in either set.
func (k *Keys) VerifyCheckpoint(scheme string, msg []byte, sig string) bool {
	b, err := hex.DecodeString(sig)
	if err != nil {
		return false
	}
	switch scheme {
	case "ed25519":
		return ed25519.Verify(k.edKey.Public().(ed25519.PublicKey), msg, b)
	case "sm2":
		return sm2.VerifyASN1WithSM2(&k.sm2Key.PublicKey, nil, msg, b)
	}
	return false
}
