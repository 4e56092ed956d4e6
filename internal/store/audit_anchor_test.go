package store_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"integrity/internal/audit"
	"integrity/internal/domain"
	"integrity/internal/secure"
	"integrity/internal/store"
	"integrity/internal/store/storetest"
)

func chainKeys(t *testing.T, secret, mode string) *secure.Keys {
	t.Helper()
	k, err := secure.DeriveMode(strings.Repeat(secret, 32)[:40], mode)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// rehash rewrites the chain from entry `from` on the way an insider who can
// write the database would after editing it: every later hash recomputed
// with kr (nil: unkeyed) and the head moved to match.
func rehash(t *testing.T, db *store.DB, from int64, kr audit.Keyring) {
	t.Helper()
	var all []domain.AuditEntry
	rows, err := db.SQL().Query("SELECT id, at, actor, actor_id, role, ip, action, target_type, target_id, outcome, request_id, detail, prev_hash, hash, alg FROM audit_log ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var e domain.AuditEntry
		if err := rows.Scan(&e.ID, &e.At, &e.Actor, &e.ActorID, &e.Role, &e.IP, &e.Action, &e.TargetType, &e.TargetID, &e.Outcome, &e.RequestID, &e.Detail, &e.PrevHash, &e.Hash, &e.Alg); err != nil {
			t.Fatal(err)
		}
		all = append(all, e)
	}
	rows.Close()
	prev := audit.Genesis
	for i := range all {
		e := &all[i]
		if e.ID >= from {
			e.Alg = audit.AlgSHA256
			if kr != nil {
				e.Alg = kr.ChainAlg()
			}
			e.PrevHash, e.Hash = prev, audit.Hash(kr, prev, e)
			if _, err := db.SQL().Exec("UPDATE audit_log SET alg = ?, prev_hash = ?, hash = ? WHERE id = ?", e.Alg, e.PrevHash, e.Hash, e.ID); err != nil {
				t.Fatal(err)
			}
		}
		prev = e.Hash
	}
	if _, err := db.SQL().Exec("UPDATE audit_head SET last_hash = ? WHERE id = 1", prev); err != nil {
		t.Fatal(err)
	}
}

func checkpointAt(t *testing.T, db *store.DB, kr audit.Keyring) audit.Checkpoint {
	t.Helper()
	id, hash, err := db.AuditHead(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return audit.Seal(kr, id, hash, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
}

// An insider who can write the database edits an entry and rewrites the
// history after it. Without the chain's key the rewrite shows at the edited
// entry; a rewrite of the whole chain in the old unkeyed form still misses
// the checkpoint written outside the database.
func TestAuditChainRewrittenAndRehashed(t *testing.T) {
	for _, mode := range []string{secure.ModeStandard, secure.ModeGM} {
		keys := chainKeys(t, "the chain's own key ", mode)
		open := func(t *testing.T) (*store.DB, audit.Checkpoint) {
			db := storetest.MustOpenDB(t)
			db.Chain = keys
			appendN(t, db, 8)
			cp := checkpointAt(t, db, keys)
			appendN(t, db, 4)
			if _, err := db.SQL().Exec("UPDATE audit_log SET actor = 'someone-else' WHERE id = 5"); err != nil {
				t.Fatal(err)
			}
			return db, cp
		}
		check := func(t *testing.T, db *store.DB, cps []audit.Checkpoint, at int64, why string) {
			t.Helper()
			res, err := db.VerifyAudit(context.Background(), cps)
			if err != nil {
				t.Fatal(err)
			}
			if res.OK || res.BrokenAt != at || !strings.Contains(res.Reason, why) {
				t.Fatalf("%s: %+v; want broken at %d (%s)", mode, res, at, why)
			}
		}
		t.Run(mode+"/Intact", func(t *testing.T) {
			db := storetest.MustOpenDB(t)
			db.Chain = keys
			appendN(t, db, 12)
			cps := []audit.Checkpoint{checkpointAt(t, db, keys)}
			res, err := db.VerifyAudit(context.Background(), cps)
			if err != nil || !res.OK || res.Checkpoints != 1 || res.AnchoredTo != 12 {
				t.Fatalf("an untouched keyed chain: %+v %v", res, err)
			}
		})
		t.Run(mode+"/RehashedWithAnotherKey", func(t *testing.T) {
			db, cp := open(t)
			rehash(t, db, 5, chainKeys(t, "a guessed key ", mode))
			check(t, db, []audit.Checkpoint{cp}, 5, "keyed hash")
		})
		t.Run(mode+"/RehashedUnkeyedFromTheEdit", func(t *testing.T) {
			db, cp := open(t)
			rehash(t, db, 5, nil)
			check(t, db, []audit.Checkpoint{cp}, 5, "unkeyed entry follows keyed ones")
		})
		t.Run(mode+"/WholeChainRewrittenUnkeyed", func(t *testing.T) {
			db, cp := open(t)
			rehash(t, db, 1, nil)
			check(t, db, []audit.Checkpoint{cp}, 1, "entries 1 to 8 were rewritten")
		})
		t.Run(mode+"/TailRemovedPastTheCheckpoint", func(t *testing.T) {
			db := storetest.MustOpenDB(t)
			db.Chain = keys
			appendN(t, db, 12)
			cp := checkpointAt(t, db, keys)
			if _, err := db.SQL().Exec("DELETE FROM audit_log WHERE id >= 10"); err != nil {
				t.Fatal(err)
			}
			rehash(t, db, 1, keys) // even with the key: the head is moved back to entry 9
			if _, err := db.SQL().Exec("UPDATE audit_head SET last_id = 9 WHERE id = 1"); err != nil {
				t.Fatal(err)
			}
			check(t, db, []audit.Checkpoint{cp}, 10, "entries were removed from the end")
		})
	}
}

// A checkpoint line that was edited or forged without the key is refused
// with its line; entries of either algorithm set verify under one keyring.
func TestAuditCheckpointFile(t *testing.T) {
	keys := chainKeys(t, "the chain's own key ", secure.ModeStandard)
	gm := chainKeys(t, "the chain's own key ", secure.ModeGM)
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	var file bytes.Buffer
	file.Write(audit.Seal(keys, 3, strings.Repeat("a", 64), at).Line())
	file.Write(audit.Seal(gm, 7, strings.Repeat("b", 64), at.Add(time.Minute)).Line())
	cps, err := audit.ReadCheckpoints(bytes.NewReader(file.Bytes()), keys)
	if err != nil || len(cps) != 2 || cps[0].Scheme != "ed25519" || cps[1].Scheme != "sm2" {
		t.Fatalf("a good file: %+v %v", cps, err)
	}
	forged := strings.Replace(file.String(), strings.Repeat("b", 64), strings.Repeat("c", 64), 1)
	if _, err := audit.ReadCheckpoints(strings.NewReader(forged), keys); err == nil || !strings.Contains(err.Error(), "line 2 (entry 7)") {
		t.Fatalf("an altered checkpoint: %v", err)
	}
	other := chainKeys(t, "another secret ", secure.ModeStandard)
	if _, err := audit.ReadCheckpoints(bytes.NewReader(file.Bytes()), other); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Fatalf("checkpoints under another key: %v", err)
	}
}
