package app

import (
	"cmp"
	"context"
	"slices"
	"sync"

	"integrity/internal/domain"
	"integrity/internal/store"
)

// readAudit is an audit entry of a read waiting to be written, with the
// lookup whose view it counts in the same transaction (0 for none).
type readAudit struct {
	entry  *domain.AuditEntry
	lookup int64
	done   chan error
}

// auditBatcher writes the audit entries of concurrent reads together: the
// first reader to arrive starts a writer, which writes its entry and every
// entry that arrived meanwhile in one transaction, and goes on while more
// arrive; each reader waits for the transaction that holds its entry.
// Each read still returns only once its entry is committed (a read that
// cannot be audited fails), but a busy server pays for one lock on the
// chain's head and one commit per batch instead of per read.
type auditBatcher struct {
	mu      sync.Mutex
	pending []readAudit
	writing bool
}

// maxAuditBatch bounds one transaction.
const maxAuditBatch = 500

// auditRead audits a read of personal data and counts a view of the lookup
// it went through (0 for none) in the same transaction. It returns once
// the entry is committed.
func (s *Service) auditRead(ctx context.Context, e *domain.AuditEntry, lookupID int64) error {
	b := &s.reads
	ra := readAudit{entry: e, lookup: lookupID, done: make(chan error, 1)}
	b.mu.Lock()
	b.pending = append(b.pending, ra)
	if !b.writing {
		b.writing = true
		// The writer holds others' entries too: it writes whatever
		// happens to this request.
		go s.writeReads(context.WithoutCancel(ctx))
	}
	b.mu.Unlock()
	return <-ra.done
}

// writeReads writes the pending entries batch by batch until none are
// left. It runs beside the requests rather than in the first of them, so
// that no request waits for the batches that arrived after its own.
func (s *Service) writeReads(ctx context.Context) {
	b := &s.reads
	b.mu.Lock()
	for len(b.pending) > 0 {
		batch := b.pending[:min(len(b.pending), maxAuditBatch)]
		b.pending = b.pending[len(batch):]
		b.mu.Unlock()
		entries := make([]*domain.AuditEntry, len(batch))
		for i, r := range batch {
			entries[i] = r.entry
		}
		err := s.DB.Do(ctx, func(tx *store.Tx) error {
			if err := tx.CountLookupViews(viewsOf(batch)); err != nil {
				return err
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
}

// viewsOf counts the batch's views by lookup, in id order: one UPDATE per
// lookup, not per view (thirty clients reading through one lookup's grant
// queued thirty updates of its row), and concurrent batches lock the rows
// in one order.
func viewsOf(batch []readAudit) []store.LookupViews {
	var out []store.LookupViews
	for _, r := range batch {
		if r.lookup == 0 {
			continue
		}
		i := slices.IndexFunc(out, func(v store.LookupViews) bool { return v.ID == r.lookup })
		if i < 0 {
			out = append(out, store.LookupViews{ID: r.lookup})
			i = len(out) - 1
		}
		out[i].Views++
	}
	slices.SortFunc(out, func(a, b store.LookupViews) int { return cmp.Compare(a.ID, b.ID) })
	return out
}
