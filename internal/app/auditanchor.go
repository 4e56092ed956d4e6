package app

import (
	"context"
	"errors"
	"fmt"

	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"integrity/internal/audit"
)

// The audit chain's head is checkpointed outside the database: signed with
// a key derived from the secret (never stored in the database) and appended
// to a file in the data directory and to the log stream. A checkpoint is
// written when the head has moved and a minute has passed since the last
// one, or at once when CheckpointEntries entries have accumulated.
const (
	CheckpointEvery   = time.Minute
	CheckpointEntries = 10000
	// AnchorFileName is the checkpoint file in the data directory.
	AnchorFileName = "audit-checkpoints.jsonl"
)

// anchorState is the last checkpoint this process knows of.
type anchorState struct {
	mu     sync.Mutex
	loaded bool
	last   audit.Checkpoint
}

// AnchorPath is the checkpoint file, "" without a data directory.
func (s *Service) AnchorPath() string {
	if s.DataDir == "" {
		return ""
	}
	return filepath.Join(s.DataDir, AnchorFileName)
}

// Checkpoints reads and checks the checkpoint file; a missing file is no
// checkpoints.
func (s *Service) Checkpoints() ([]audit.Checkpoint, error) {
	path := s.AnchorPath()
	if path == "" {
		return nil, nil
	}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return audit.ReadCheckpoints(f, s.Keys)
}

// CheckAudit verifies the chain against its key and checkpoints. A forged
// or altered checkpoint is reported as a broken chain.
func (s *Service) CheckAudit(ctx context.Context) (audit.Result, error) {
	cps, err := s.Checkpoints()
	if err != nil {
		return audit.Result{OK: false, Reason: err.Error()}, nil
	}
	return s.DB.VerifyAudit(ctx, cps)
}

// CheckpointAudit writes a checkpoint of the head if it is due (force: if
// the head moved at all). It reports the checkpoint written, if any.
func (s *Service) CheckpointAudit(ctx context.Context, log *slog.Logger, force bool) (*audit.Checkpoint, error) {
	s.anchor.mu.Lock()
	defer s.anchor.mu.Unlock()
	if !s.anchor.loaded {
		cps, err := s.Checkpoints()
		if err != nil {
			return nil, fmt.Errorf("reading the audit checkpoints: %w", err)
		}
		if len(cps) > 0 {
			s.anchor.last = cps[len(cps)-1]
		}
		s.anchor.loaded = true
	}
	id, hash, err := s.DB.AuditHead(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	last := s.anchor.last
	due := id > last.ID && (force || id-last.ID >= CheckpointEntries || now.Sub(last.At) >= CheckpointEvery)
	if !due {
		return nil, nil
	}
	cp := audit.Seal(s.Keys, id, hash, now)
	if path := s.AnchorPath(); path != "" {
		if err := appendSynced(path, cp.Line()); err != nil {
			return nil, fmt.Errorf("writing the audit checkpoint: %w", err)
		}
	}
	if log != nil {
		log.Info("audit checkpoint", "entry", cp.ID, "hash", cp.Hash, "at", cp.At, "scheme", cp.Scheme, "sig", cp.Sig)
	}
	s.anchor.last = cp
	return &cp, nil
}

// appendSynced appends a line to an append-only file and syncs it.
func appendSynced(path string, line []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(line); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// RunAuditCheckpoints checkpoints the chain until ctx ends, looking every
// poll interval. One replica writes at a time (a lease); the last
// checkpoint is written on the way out.
func (s *Service) RunAuditCheckpoints(ctx context.Context, log *slog.Logger, poll time.Duration) {
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		held, err := s.DB.TryLease(ctx, "audit-checkpoint", s.Instance, 2*poll+CheckpointEvery)
		if err == nil && held {
			_, err = s.CheckpointAudit(ctx, log, false)
		}
		if err != nil && ctx.Err() == nil {
			log.Error("audit checkpoint", "err", err)
		}
		select {
		case <-ctx.Done():
			if held {
				last, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
				if _, err := s.CheckpointAudit(last, log, true); err != nil {
					log.Error("audit checkpoint", "err", err)
				}
				cancel()
			}
			return
		case <-t.C:
		}
	}
}

// Reanchor follows a restore from backup: the restored chain is checked
// against the checkpoints up to its head (later ones record entries the
// backup does not hold), the checkpoint file is kept aside under a dated
// name, and a new one starts with a checkpoint of the restored head.
func (s *Service) Reanchor(ctx context.Context, log *slog.Logger) (audit.Result, error) {
	cps, err := s.Checkpoints()
	if err != nil {
		return audit.Result{Reason: err.Error()}, nil
	}
	head, _, err := s.DB.AuditHead(ctx)
	if err != nil {
		return audit.Result{}, err
	}
	kept := cps[:0:0]
	for _, cp := range cps {
		if cp.ID <= head {
			kept = append(kept, cp)
		}
	}
	res, err := s.DB.VerifyAudit(ctx, kept)
	if err != nil || !res.OK {
		return res, err
	}
	if path := s.AnchorPath(); path != "" && len(cps) > 0 {
		aside := path + ".before-restore-" + s.now().UTC().Format("20060102T150405Z")
		if err := os.Rename(path, aside); err != nil {
			return res, err
		}
		if log != nil {
			log.Warn("audit checkpoints kept aside after a restore", "file", aside, "restored_head", head, "later_checkpoints", len(cps)-len(kept))
		}
	}
	s.anchor.mu.Lock()
	s.anchor.loaded, s.anchor.last = false, audit.Checkpoint{}
	s.anchor.mu.Unlock()
	_, err = s.CheckpointAudit(ctx, log, true)
	return res, err
}
