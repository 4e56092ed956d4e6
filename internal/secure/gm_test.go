package secure_test

import (
	"crypto/hmac"
	"encoding/hex"
	"testing"

	"github.com/emmansun/gmsm/sm3"

	"integrity/internal/secure"
)

func mustDeriveMode(t *testing.T, s, mode string) *secure.Keys {
	t.Helper()
	k, err := secure.DeriveMode(s, mode)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// In gm mode ID numbers are sealed with SM4 and indexed with HMAC-SM3;
// values sealed in either mode open in both, so a database moves over row
// by row; the blind indexes of the two modes differ, so a migration must
// re-index.
func TestNationalAlgorithms(t *testing.T) {
	std, gm := mustDeriveMode(t, secretA, secure.ModeStandard), mustDeriveMode(t, secretA, secure.ModeGM)
	const id = "11010519491231002X"
	sealedGM := gm.Encrypt(id, "officials.id_number")
	sealedStd := std.Encrypt(id, "officials.id_number")
	if sealedGM[0] != 2 || sealedStd[0] != 1 {
		t.Fatalf("cipher versions: gm %d, standard %d", sealedGM[0], sealedStd[0])
	}
	for _, k := range []*secure.Keys{std, gm} {
		for _, sealed := range [][]byte{sealedGM, sealedStd} {
			if got, err := k.Decrypt(sealed, "officials.id_number"); err != nil || got != id {
				t.Fatalf("%s opening version %d: %q %v", k.Mode, sealed[0], got, err)
			}
		}
	}
	if !gm.Current(sealedGM) || gm.Current(sealedStd) || !std.Current(sealedStd) {
		t.Fatal("Current does not tell the sets apart")
	}
	tampered := append([]byte(nil), sealedGM...)
	tampered[len(tampered)-1] ^= 1
	if _, err := gm.Decrypt(tampered, "officials.id_number"); err == nil {
		t.Fatal("an altered SM4-GCM ciphertext opened")
	}
	if _, err := gm.Decrypt(sealedGM, "users.totp_secret"); err == nil {
		t.Fatal("an SM4 ciphertext opened under another column's additional data")
	}
	if gm.BlindIndex(id) == std.BlindIndex(id) {
		t.Fatal("the two sets share a blind index")
	}
	// The gm index is HMAC-SM3: 32 bytes, and not an HMAC-SHA256 of
	// anything the standard set computes.
	if b, _ := hex.DecodeString(gm.BlindIndex(id)); len(b) != sm3.Size {
		t.Fatalf("gm blind index of %d bytes", len(b))
	}
	if idx := gm.BlindIndexes(id); len(idx) != 2 || idx[0] != gm.BlindIndex(id) || idx[1] != std.BlindIndex(id) {
		t.Fatalf("BlindIndexes = %v", idx)
	}
	if gm.ChainAlg() != 2 || std.ChainAlg() != 1 {
		t.Fatalf("chain algorithms %d %d", gm.ChainAlg(), std.ChainAlg())
	}
	mac := gm.ChainMAC(2)
	mac.Write([]byte("x"))
	if hmac.Equal(mac.Sum(nil), std.ChainMAC(1).Sum(nil)) || gm.ChainMAC(7) != nil {
		t.Fatal("ChainMAC")
	}
}

// Checkpoints are signed with SM2 in gm mode and Ed25519 otherwise; either
// set verifies both, and nothing signed under another secret verifies.
func TestCheckpointSignatures(t *testing.T) {
	std, gm := mustDeriveMode(t, secretA, secure.ModeStandard), mustDeriveMode(t, secretA, secure.ModeGM)
	other := mustDeriveMode(t, secretB, secure.ModeGM)
	msg := []byte("integrity-audit-checkpoint\n8\nabc")
	for _, signer := range []*secure.Keys{std, gm} {
		scheme, sig := signer.SignCheckpoint(msg)
		if want := map[string]string{secure.ModeStandard: "ed25519", secure.ModeGM: "sm2"}[signer.Mode]; scheme != want {
			t.Fatalf("%s signs with %s", signer.Mode, scheme)
		}
		for _, v := range []*secure.Keys{std, gm} {
			if !v.VerifyCheckpoint(scheme, msg, sig) {
				t.Fatalf("%s does not verify a %s signature", v.Mode, scheme)
			}
		}
		if v := other; v.VerifyCheckpoint(scheme, msg, sig) {
			t.Fatalf("a %s signature verified under another secret", scheme)
		}
		if std.VerifyCheckpoint(scheme, append(msg, '!'), sig) {
			t.Fatalf("a %s signature verified another message", scheme)
		}
	}
	if _, err := secure.DeriveMode(secretA, "rot13"); err == nil {
		t.Fatal("an unknown algorithm set was accepted")
	}
}
