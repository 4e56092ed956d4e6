// Package audit holds the rules of the hash-chained audit trail: how an
// entry is encoded and hashed under the chain's key, how the head is
// checkpointed outside the database, and how a chain is checked against its
// key and its checkpoints. Storage lives in the store package; this package
// does no I/O of its own.
package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"strings"
	"time"

	"integrity/internal/domain"
)

// How an entry's hash was computed (the entry's alg column). Entries keep
// the algorithm they were written with; the chain's key and its checkpoints
// cover them all.
const (
	// AlgSHA256 is the unkeyed SHA-256 of entries written before the chain
	// had a key. Such entries are trusted only as far as a checkpoint
	// anchors them, and never after a keyed entry.
	AlgSHA256 = 0
	// AlgHMACSHA256 is HMAC-SHA256 under the chain's key.
	AlgHMACSHA256 = 1
	// AlgHMACSM3 is HMAC-SM3 under the chain's key (INTEGRITY_CRYPTO=gm).
	AlgHMACSM3 = 2
)

// Keyring holds the chain's keys, which never live in the database:
// secure.Keys derives them from the platform's secret.
type Keyring interface {
	// ChainAlg is the algorithm new entries are hashed with.
	ChainAlg() int
	// ChainMAC returns a fresh keyed hash for a keyed algorithm, nil for an
	// unknown one.
	ChainMAC(alg int) hash.Hash
	// SignCheckpoint signs a checkpoint's message: the scheme's name and
	// the signature, hex encoded.
	SignCheckpoint(msg []byte) (scheme, sig string)
	// VerifyCheckpoint checks a signature made by SignCheckpoint.
	VerifyCheckpoint(scheme string, msg []byte, sig string) bool
}

// Genesis is the hash before the first entry.
var Genesis = strings.Repeat("0", 64)

// canonical is the encoding that is hashed: fixed field order, UTC times at
// microsecond precision (what MySQL's DATETIME(6) keeps).
type canonical struct {
	ID         int64  `json:"id"`
	At         string `json:"at"`
	Actor      string `json:"actor"`
	ActorID    *int64 `json:"actor_id"`
	Role       string `json:"role"`
	IP         string `json:"ip"`
	Action     string `json:"action"`
	TargetType string `json:"target_type"`
	TargetID   string `json:"target_id"`
	Outcome    string `json:"outcome"`
	RequestID  string `json:"request_id"`
	Detail     string `json:"detail"`
}

// Normalize truncates the entry's time the way the database stores it.
func Normalize(e *domain.AuditEntry) {
	e.At = e.At.UTC().Truncate(time.Microsecond)
}

// Hash returns the hash of e chained to prev, under e.Alg: unkeyed for
// AlgSHA256, under kr's key otherwise. It returns "" when the algorithm is
// unknown or needs a key that kr (possibly nil) does not hold.
func Hash(kr Keyring, prev string, e *domain.AuditEntry) string {
	var h hash.Hash
	switch {
	case e.Alg == AlgSHA256:
		h = sha256.New()
	case kr != nil:
		h = kr.ChainMAC(e.Alg)
	}
	if h == nil {
		return ""
	}
	b, _ := json.Marshal(canonical{
		ID: e.ID, At: e.At.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano),
		Actor: e.Actor, ActorID: e.ActorID, Role: e.Role, IP: e.IP, Action: e.Action,
		TargetType: e.TargetType, TargetID: e.TargetID, Outcome: e.Outcome,
		RequestID: e.RequestID, Detail: e.Detail,
	})
	h.Write([]byte(prev))
	h.Write([]byte{'\n'})
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

// Verifier checks a chain fed to it in id order, one entry at a time, so a
// chain of any length is checked in constant memory. Every entry must link
// to the one before and match its keyed hash; the chain must pass through
// every checkpoint's entry with the checkpoint's hash.
type Verifier struct {
	kr       Keyring
	cps      []Checkpoint // sorted by ID; cps[next] is the next to meet
	next     int
	anchored Checkpoint // the last checkpoint the chain met
	keyed    bool       // a keyed entry was seen
	prevID   int64
	prevHash string
	Checked  int64
	// BrokenAt is the id of the first entry that breaks the chain, 0 if none.
	BrokenAt int64
	Reason   string
}

// NewVerifier starts a check at the genesis, with the chain's keys and its
// checkpoints (sorted by entry).
func NewVerifier(kr Keyring, cps []Checkpoint) *Verifier {
	return &Verifier{kr: kr, cps: cps, prevHash: Genesis}
}

// Add checks the next entry. It returns false once the chain is broken.
func (v *Verifier) Add(e *domain.AuditEntry) bool {
	if v.BrokenAt != 0 {
		return false
	}
	v.Checked++
	want := Hash(v.kr, e.PrevHash, e)
	switch {
	case e.ID != v.prevID+1:
		v.fail(e.ID, fmt.Sprintf("entry %d follows entry %d: an entry is missing or was inserted", e.ID, v.prevID))
	case e.PrevHash != v.prevHash:
		v.fail(e.ID, "the link to the previous entry does not match: an entry before it was removed, inserted or altered")
	case v.keyed && e.Alg == AlgSHA256:
		v.fail(e.ID, "an unkeyed entry follows keyed ones: the history from here was rewritten without the chain's key")
	case want == "":
		v.fail(e.ID, fmt.Sprintf("the entry's hash algorithm %d is unknown or its key is not held", e.Alg))
	case want != e.Hash:
		v.fail(e.ID, "the entry's content does not match its keyed hash: it was altered")
	default:
		v.keyed = v.keyed || e.Alg != AlgSHA256
		v.prevID, v.prevHash = e.ID, e.Hash
		return v.meetCheckpoints()
	}
	return false
}

// meetCheckpoints compares the chain with the checkpoints of the entry just
// added. A mismatch means the history up to it was rewritten and rehashed:
// the break is placed after the last checkpoint that still matched.
func (v *Verifier) meetCheckpoints() bool {
	for v.next < len(v.cps) && v.cps[v.next].ID == v.prevID {
		cp := v.cps[v.next]
		if cp.Hash != v.prevHash {
			v.fail(v.anchored.ID+1, fmt.Sprintf("the chain at entry %d does not match the checkpoint written at %s: "+
				"entries %d to %d were rewritten and rehashed", cp.ID, cp.At.UTC().Format(time.RFC3339), v.anchored.ID+1, cp.ID))
			return false
		}
		v.anchored = cp
		v.next++
	}
	return true
}

// Finish checks that the chain ends where the head says it does, and that
// it reaches every checkpoint, which catches entries removed from the end.
func (v *Verifier) Finish(headID int64, headHash string) {
	if v.BrokenAt != 0 {
		return
	}
	if v.next < len(v.cps) {
		cp := v.cps[v.next]
		v.fail(v.prevID+1, fmt.Sprintf("the checkpoint written at %s records entry %d but the chain ends at entry %d: entries were removed from the end",
			cp.At.UTC().Format(time.RFC3339), cp.ID, v.prevID))
		return
	}
	if headID != v.prevID || headHash != v.prevHash {
		v.fail(v.prevID+1, fmt.Sprintf("the chain ends at entry %d but the head records entry %d: entries were removed from the end", v.prevID, headID))
	}
}

func (v *Verifier) fail(id int64, reason string) {
	v.BrokenAt, v.Reason = id, reason
}

// Result is what a check reports.
type Result struct {
	OK       bool   `json:"ok"`
	Checked  int64  `json:"checked"`
	BrokenAt int64  `json:"broken_at,omitempty"`
	Reason   string `json:"reason,omitempty"`
	// Checkpoints counts the checkpoints the chain was checked against;
	// AnchoredTo is the last entry a checkpoint vouches for. Entries after
	// it rest on the chain's key alone until the next checkpoint.
	Checkpoints int   `json:"checkpoints"`
	AnchoredTo  int64 `json:"anchored_to"`
}

// Result summarises the check.
func (v *Verifier) Result() Result {
	return Result{OK: v.BrokenAt == 0, Checked: v.Checked, BrokenAt: v.BrokenAt, Reason: v.Reason,
		Checkpoints: v.next, AnchoredTo: v.anchored.ID}
}
