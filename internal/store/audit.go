package store

import (
	"context"
	"fmt"
	"strconv"

	"integrity/internal/audit"
	"integrity/internal/domain"
)

type auditHead struct {
	ID       int
	LastID   int64
	LastHash string
}

func (auditHead) TableName() string { return "audit_head" }

// Audit appends e to the chain inside the transaction. Appenders serialise on
// the chain's head row (a row lock on MySQL, the write lock on SQLite), so
// concurrent writers never fork the chain.
func (tx *Tx) Audit(e *domain.AuditEntry) error { return tx.AuditAll([]*domain.AuditEntry{e}) }

// AuditAll appends entries to the chain in their order, taking the head's
// lock once: the cost of a lock, a head update and a commit is shared by
// the whole batch.
func (tx *Tx) AuditAll(entries []*domain.AuditEntry) error {
	if len(entries) == 0 {
		return nil
	}
	var head auditHead
	if err := tx.g.Clauses(lockForUpdate).Take(&head, 1).Error; err != nil {
		return err
	}
	prevID, prev := head.LastID, head.LastHash
	for _, e := range entries {
		if e.At.IsZero() {
			e.At = tx.db.Now()
		}
		audit.Normalize(e)
		if e.Outcome == "" {
			e.Outcome = domain.OutcomeSuccess
		}
		e.ID, e.PrevHash = prevID+1, prev
		if tx.db.Chain != nil {
			e.Alg = tx.db.Chain.ChainAlg()
		}
		e.Hash = audit.Hash(tx.db.Chain, e.PrevHash, e)
		if e.Hash == "" {
			return fmt.Errorf("audit: no key for the chain's algorithm %d", e.Alg)
		}
		prevID, prev = e.ID, e.Hash
	}
	if err := tx.g.CreateInBatches(entries, tx.db.insertBatch()).Error; err != nil {
		return err
	}
	return tx.g.Model(&auditHead{}).Where("id = 1").Updates(map[string]any{"last_id": prevID, "last_hash": prev}).Error
}

// Audit appends one entry in a transaction of its own.
func (db *DB) Audit(ctx context.Context, e *domain.AuditEntry) error {
	return db.Do(ctx, func(tx *Tx) error { return tx.Audit(e) })
}

// AuditEntries lists audit entries, newest first.
func (db *DB) AuditEntries(ctx context.Context, f domain.AuditFilter) ([]domain.AuditEntry, int64, error) {
	q := db.gorm.WithContext(ctx).Model(&domain.AuditEntry{})
	for col, v := range map[string]string{"actor": f.Actor, "action": f.Action, "target_type": f.TargetType, "target_id": f.TargetID, "outcome": f.Outcome} {
		if v != "" {
			q = q.Where(col+" = ?", v)
		}
	}
	if f.From != nil {
		q = q.Where("at >= ?", f.From.UTC())
	}
	if f.To != nil {
		q = q.Where("at < ?", f.To.UTC())
	}
	return paged[domain.AuditEntry](q, f.Page, sortOrder(f.Page, map[string]string{"at": "at", "id": "id"}, "id", "id DESC"), "")
}

// AuditHead returns the chain's head: the last entry and its hash.
func (db *DB) AuditHead(ctx context.Context) (int64, string, error) {
	var head auditHead
	err := db.gorm.WithContext(ctx).Take(&head, 1).Error
	return head.LastID, head.LastHash, translate(err)
}

// VerifyAudit recomputes the whole chain in id order, in batches, under the
// chain's keys and against its checkpoints, and names the first entry that
// breaks it. It reads the head first and checks the entries up to it: an
// entry written meanwhile (a read audited while the check runs) is the next
// check's, never mistaken for the end of the chain moving.
func (db *DB) VerifyAudit(ctx context.Context, cps []audit.Checkpoint) (audit.Result, error) {
	headID, headHash, err := db.AuditHead(ctx)
	if err != nil {
		return audit.Result{}, err
	}
	v := audit.NewVerifier(db.Chain, cps)
	var last int64
	batch := make([]domain.AuditEntry, 0, 1000)
	for {
		batch = batch[:0]
		err := db.gorm.WithContext(ctx).Where("id > ? AND id <= ?", last, headID).Order("id").Limit(1000).Find(&batch).Error
		if err != nil {
			return audit.Result{}, translate(err)
		}
		for i := range batch {
			if !v.Add(&batch[i]) {
				return v.Result(), nil
			}
		}
		if len(batch) < 1000 {
			break
		}
		last = batch[len(batch)-1].ID
	}
	v.Finish(headID, headHash)
	return v.Result(), nil
}

// AuditNames are the names an audit page shows beside its ids: the actors
// (users by id) and the targets that are users, officials, departments or
// sources. Keys are "<type>:<id>", e.g. "user:6", "official:12". Ids that
// name nothing (deleted, or not a number) are left out.
func (db *DB) AuditNames(ctx context.Context, entries []domain.AuditEntry) (map[string]string, error) {
	ids := map[string][]int64{}
	add := func(kind string, id int64) { ids[kind] = append(ids[kind], id) }
	for _, e := range entries {
		if e.ActorID != nil {
			add("user", *e.ActorID)
		}
		switch e.TargetType {
		case "user", "official", "department", "source":
			if id, err := strconv.ParseInt(e.TargetID, 10, 64); err == nil && id > 0 {
				add(e.TargetType, id)
			}
		}
	}
	out := map[string]string{}
	for kind, list := range ids {
		var rows []struct {
			ID       int64
			Name     string
			Username string
		}
		q := db.gorm.WithContext(ctx).Where("id IN ?", list)
		switch kind {
		case "user":
			q = q.Table("users").Select("id, display_name AS name, username")
		case "official":
			q = q.Table("officials").Select("id, name")
		case "department":
			q = q.Table("departments").Select("id, name")
		case "source":
			q = q.Table("sources").Select("id, name")
		}
		if err := q.Scan(&rows).Error; err != nil {
			return nil, translate(err)
		}
		for _, r := range rows {
			name := r.Name
			switch {
			case name == "":
				name = r.Username
			case r.Username != "" && r.Username != r.Name:
				name = fmt.Sprintf("%s（%s）", r.Name, r.Username)
			}
			out[fmt.Sprintf("%s:%d", kind, r.ID)] = name
		}
	}
	return out, nil
}

// LastAuditVerification is the newest audit_verify entry, or ENOTFOUND when
// the chain was never verified through the API.
func (db *DB) LastAuditVerification(ctx context.Context) (domain.AuditEntry, error) {
	var e domain.AuditEntry
	err := db.gorm.WithContext(ctx).Where("action = ?", "audit_verify").Order("id DESC").Take(&e).Error
	return e, translate(err)
}
