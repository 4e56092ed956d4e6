package app

import (
	"context"
	"sync"

	"integrity/internal/domain"
	"integrity/internal/store"
)

// readAudit is an audit entry of a read waiting to be written, with any
// bookkeeping the read owes in the same transaction.
type readAudit struct {
	entry *domain.AuditEntry
	also  func(tx *store.Tx) error
	done  chan error
}

// auditBatcher writes the audit entries of concurrent reads together: the
// first reader to arrive writes its entry and every entry that arrived
// meanwhile in one transaction, and goes on while more arrive; the others
// wait for the transaction that holds theirs. Each read still returns only
// once its entry is committed (a read that cannot be audited fails), but a
// busy server pays for one lock on the chain's head and one commit per
// batch instead of per read.
type auditBatcher struct {
	mu      sync.Mutex
	pending []readAudit
	writing bool
}

// maxAuditBatch bounds one transaction.
const maxAuditBatch = 500

// auditRead audits a read of personal data, with also run in the same
// transaction (nil for none). It returns once the entry is committed.
func (s *Service) auditRead(ctx context.Context, e *domain.AuditEntry, also func(tx *store.Tx) error) error {
	b := &s.reads
	ra := readAudit{entry: e, also: also, done: make(chan error, 1)}
	b.mu.Lock()
	b.pending = append(b.pending, ra)
	if b.writing {
		b.mu.Unlock()
		return <-ra.done
	}
	b.writing = true
	for len(b.pending) > 0 {
		batch := b.pending[:min(len(b.pending), maxAuditBatch)]
		b.pending = b.pending[len(batch):]
		b.mu.Unlock()
		// The batch holds others' entries: it is written whatever happens
		// to this request.
		err := s.DB.Do(context.WithoutCancel(ctx), func(tx *store.Tx) error {
			entries := make([]*domain.AuditEntry, len(batch))
			for i, r := range batch {
				if r.also != nil {
					if err := r.also(tx); err != nil {
						return err
					}
				}
				entries[i] = r.entry
			}
			return tx.AuditAll(entries)
		})
		for _, r := range batch {
			r.done <- err
		}
		b.mu.Lock()
	}
	b.writing = false
	b.mu.Unlock()
	return <-ra.done
}
