// Package audit holds the rules of the hash-chained audit trail: how an
// entry is encoded and hashed, and how a chain is checked. Storage lives in
// the store package; this package does no I/O.
package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"integrity/internal/domain"
)

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

// Hash returns the hash of e chained to prev.
func Hash(prev string, e *domain.AuditEntry) string {
	b, _ := json.Marshal(canonical{
		ID: e.ID, At: e.At.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano),
		Actor: e.Actor, ActorID: e.ActorID, Role: e.Role, IP: e.IP, Action: e.Action,
		TargetType: e.TargetType, TargetID: e.TargetID, Outcome: e.Outcome,
		RequestID: e.RequestID, Detail: e.Detail,
	})
	h := sha256.New()
	h.Write([]byte(prev))
	h.Write([]byte{'\n'})
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

// Verifier checks a chain fed to it in id order, one entry at a time, so a
// chain of any length is checked in constant memory.
type Verifier struct {
	prevID   int64
	prevHash string
	Checked  int64
	// BrokenAt is the id of the first entry that breaks the chain, 0 if none.
	BrokenAt int64
	Reason   string
}

// NewVerifier starts a check at the genesis.
func NewVerifier() *Verifier { return &Verifier{prevHash: Genesis} }

// Add checks the next entry. It returns false once the chain is broken.
func (v *Verifier) Add(e *domain.AuditEntry) bool {
	if v.BrokenAt != 0 {
		return false
	}
	v.Checked++
	switch {
	case e.ID != v.prevID+1:
		v.fail(e.ID, fmt.Sprintf("entry %d follows entry %d: an entry is missing or was inserted", e.ID, v.prevID))
	case e.PrevHash != v.prevHash:
		v.fail(e.ID, "the link to the previous entry does not match: an entry before it was removed, inserted or altered")
	case Hash(e.PrevHash, e) != e.Hash:
		v.fail(e.ID, "the entry's content does not match its hash: it was altered")
	default:
		v.prevID, v.prevHash = e.ID, e.Hash
		return true
	}
	return false
}

// Finish checks that the chain ends where the head says it does, which
// catches entries removed from the end.
func (v *Verifier) Finish(headID int64, headHash string) {
	if v.BrokenAt != 0 {
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
}

// Result summarises the check.
func (v *Verifier) Result() Result {
	return Result{OK: v.BrokenAt == 0, Checked: v.Checked, BrokenAt: v.BrokenAt, Reason: v.Reason}
}
