package app

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"integrity/internal/catalogue"
	"integrity/internal/domain"
	"integrity/internal/ingest"
	"integrity/internal/store"
)

// ImportBatch is how many rows an import validates and writes per
// transaction: large enough that commits (each a log flush) do not
// dominate, small enough to bound memory. A crash loses at most the batch
// in flight, and a restart re-runs the file, which intake's idempotency
// makes safe.
const ImportBatch = 5000

// MaxImportBytes is the largest file an import accepts.
const MaxImportBytes = 512 << 20

func (s *Service) importPath(id int64) string {
	return filepath.Join(s.DataDir, "imports", strconv.FormatInt(id, 10)+".upload")
}

// StartImport stores an uploaded file (streaming it to disk), records the
// import and returns it queued; RunImport does the work. The file is read
// with at most MaxImportBytes.
func (s *Service) StartImport(ctx context.Context, a Actor, sub Submitter, filename string, dryRun bool, body io.Reader) (domain.Import, error) {
	dir := filepath.Join(s.DataDir, "imports")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return domain.Import{}, err
	}
	tmp, err := os.CreateTemp(dir, "incoming-*")
	if err != nil {
		return domain.Import{}, err
	}
	defer os.Remove(tmp.Name())
	br := bufio.NewReader(io.LimitReader(body, MaxImportBytes+1))
	head, _ := br.Peek(512)
	format, err := ingest.Sniff(head, filename)
	if err != nil && len(head) > 0 {
		return domain.Import{}, err
	}
	n, err := io.Copy(tmp, br)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return domain.Import{}, err
	}
	if n > MaxImportBytes {
		return domain.Import{}, &domain.Error{Code: domain.ETOOLARGE, Message: fmt.Sprintf("the file is larger than %d MiB", MaxImportBytes>>20)}
	}
	if n == 0 {
		return domain.Import{}, domain.Invalid("the file is empty", domain.FieldError{Field: "file", Message: "empty"})
	}
	name := filepath.Base(strings.ReplaceAll(filename, `\`, "/"))
	if !utf8.ValidString(name) || len(name) > 255 {
		name = "upload"
	}
	im := domain.Import{SourceID: sub.Source.ID, CreatedBy: a.Username, Filename: name, Format: format, DryRun: dryRun,
		Status: domain.ImportQueued, SizeBytes: n}
	err = s.DB.Do(ctx, func(tx *store.Tx) error {
		if err := tx.CreateImport(&im); err != nil {
			return err
		}
		if err := os.Rename(tmp.Name(), s.importPath(im.ID)); err != nil {
			return err
		}
		return tx.Audit(a.Entry("import_start", "import", itoa(im.ID), domain.OutcomeSuccess,
			map[string]any{"file": name, "bytes": n, "dry_run": dryRun, "source_id": sub.Source.ID}))
	})
	return im, err
}

// countingReader counts the bytes read, for the progress bar.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// RunImport claims an import and processes its file: rows are validated in
// batches; in a real run the valid rows of each batch are written, with the
// batch's problems and the progress counters, in one transaction. It returns
// without doing anything if another runner holds the import.
func (s *Service) RunImport(ctx context.Context, id int64) error {
	im, claimed, err := s.DB.ClaimImport(ctx, id, s.JobStale)
	if err != nil || !claimed {
		return err
	}
	src, err := s.DB.Source(ctx, im.SourceID)
	if err != nil {
		return err
	}
	err = s.processImport(ctx, &im, Submitter{Source: src})
	now := s.now()
	im.FinishedAt = &now
	switch {
	case errors.Is(err, context.Canceled):
		return err // the process is stopping; a later runner resumes
	case err != nil:
		im.Status, im.Message = domain.ImportFailed, truncate(err.Error(), 500)
	default:
		im.Status = domain.ImportDone
	}
	a := Actor{Username: im.CreatedBy}
	return s.DB.Do(context.WithoutCancel(ctx), func(tx *store.Tx) error {
		if err := tx.SaveImport(&im); err != nil {
			return err
		}
		return tx.Audit(a.Entry("import_finish", "import", itoa(im.ID), outcomeOf(im.Status),
			map[string]any{"total": im.Total, "accepted": im.Accepted, "rejected": im.Rejected, "created": im.Created,
				"updated": im.Updated, "unchanged": im.Unchanged, "dry_run": im.DryRun, "message": im.Message}))
	})
}

func outcomeOf(status string) string {
	if status == domain.ImportDone {
		return domain.OutcomeSuccess
	}
	return domain.OutcomeFailure
}

func (s *Service) processImport(ctx context.Context, im *domain.Import, sub Submitter) error {
	f, err := os.Open(s.importPath(im.ID))
	if err != nil {
		return fmt.Errorf("the uploaded file is gone: %v", err)
	}
	defer f.Close()
	counter := &countingReader{r: f}
	var rows ingest.Rows
	if im.Format == ingest.FormatXLSX {
		rows, err = ingest.OpenXLSX(counter)
	} else {
		rows, err = ingest.OpenCSV(counter)
	}
	if err != nil {
		return err
	}
	defer rows.Close()
	cat, err := s.DB.Catalogue(ctx)
	if err != nil {
		return err
	}
	_, headerCells, err := rows.Next()
	if errors.Is(err, io.EOF) {
		return errors.New("the file has no header row")
	} else if err != nil {
		return err
	}
	header, probs := ingest.ParseHeader(headerCells)
	if len(probs) > 0 {
		if err := s.DB.Do(ctx, func(tx *store.Tx) error { return tx.AddImportErrors(importErrors(im.ID, probs)) }); err != nil {
			return err
		}
		return errors.New("the header row lacks required columns; see the error report")
	}
	// A reader goroutine parses and validates the next batch while this
	// one writes the last, so the CPU work overlaps the database's.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan prepared, 1)
	readErr := make(chan error, 1)
	go func() {
		defer close(batches)
		readErr <- s.readBatches(ctx, rows, header, counter, sub, cat, batches)
	}()
	for b := range batches {
		if err := s.writeBatch(ctx, im, sub, b); err != nil {
			cancel()
			for range batches { // let the reader finish
			}
			return err
		}
	}
	if err := <-readErr; err != nil {
		return err
	}
	im.ReadBytes = im.SizeBytes
	if im.Created >= analyzeAfter {
		// The records are committed: statistics that could not be
		// refreshed cost speed, not data.
		if err := s.DB.RefreshStatistics(ctx, "records"); err != nil {
			slog.WarnContext(ctx, "import: the database's statistics were not refreshed", "import", im.ID, "error", err)
		}
	}
	return nil
}

// analyzeAfter is how many new records make an import refresh the
// database's statistics of them (store.RefreshStatistics).
const analyzeAfter = 10_000

var refSeed = maphash.MakeSeed()

// prepared is one validated batch of an import.
type prepared struct {
	rows      int
	recs      []domain.Record
	problems  []ingest.FieldProblem
	readBytes int64
}

func (s *Service) readBatches(ctx context.Context, rows ingest.Rows, header ingest.Header, counter *countingReader,
	sub Submitter, cat *catalogue.Catalogue, out chan<- prepared) error {
	batch := make([]numbered, 0, ImportBatch)
	// seen holds a 64-bit hash of every reference so far, with its row, so
	// a reference repeated anywhere in the file is reported (about 40 bytes
	// a row: 40 MB for a million rows).
	seen := map[uint64]int{}
	for {
		n, cells, err := rows.Next()
		end := errors.Is(err, io.EOF)
		if err != nil && !end {
			return err
		}
		if !end {
			batch = append(batch, numbered{row: n, in: ingest.FromFields(header.Fields(cells))})
		}
		if len(batch) == ImportBatch || (end && len(batch) > 0) {
			recs, recRows, probs, err := s.prepare(ctx, sub, cat, batch)
			if err != nil {
				return err
			}
			kept := recs[:0]
			for i, r := range recs {
				h := maphash.String(refSeed, r.SourceRef)
				if first, dup := seen[h]; dup {
					probs = append(probs, ingest.FieldProblem{Row: recRows[i], Field: ingest.FieldSourceRef, Message: fmt.Sprintf("repeats the reference of row %d", first)})
					continue
				}
				seen[h] = recRows[i]
				kept = append(kept, r)
			}
			recs = kept
			select {
			case out <- prepared{rows: len(batch), recs: recs, problems: probs, readBytes: counter.n}:
			case <-ctx.Done():
				return ctx.Err()
			}
			batch = make([]numbered, 0, ImportBatch)
		}
		if end {
			return nil
		}
	}
}

// writeBatch writes a batch's valid records (unless this is a dry run), its
// problems and the import's progress in one transaction. The counters move
// only when it commits: a retried attempt counts from where the last commit
// left them.
func (s *Service) writeBatch(ctx context.Context, im *domain.Import, sub Submitter, b prepared) error {
	before := *im
	err := s.DB.Do(ctx, func(tx *store.Tx) error {
		*im = before
		if !im.DryRun && len(b.recs) > 0 {
			results, err := tx.UpsertRecords(sub.Source.ID, b.recs, im.CreatedBy)
			if err != nil {
				return err
			}
			for _, r := range results {
				switch r.Outcome {
				case domain.WriteCreated:
					im.Created++
				case domain.WriteUpdated:
					im.Updated++
				default:
					im.Unchanged++
				}
			}
		}
		if err := tx.AddImportErrors(importErrors(im.ID, b.problems)); err != nil {
			return err
		}
		im.Total += b.rows
		im.Accepted += len(b.recs)
		im.Rejected += b.rows - len(b.recs)
		im.ReadBytes = b.readBytes
		return tx.SaveImport(im)
	})
	if err != nil {
		*im = before
	}
	return err
}

func importErrors(id int64, probs []ingest.FieldProblem) []domain.ImportError {
	out := make([]domain.ImportError, len(probs))
	for i, p := range probs {
		out[i] = domain.ImportError{ImportID: id, RowNo: p.Row, Field: p.Field, Message: truncate(p.Message, 500)}
	}
	return out
}

// ResumeImports runs every import that is queued, or running without
// progress for a while (its runner died), until ctx ends. It checks again
// every interval.
func (s *Service) ResumeImports(ctx context.Context, log *slog.Logger, interval time.Duration) {
	for {
		pending, err := s.DB.UnfinishedImports(ctx)
		if err != nil && ctx.Err() == nil {
			log.Warn("imports: cannot list unfinished imports", "error", err)
		}
		for _, im := range pending {
			if err := s.RunImport(ctx, im.ID); err != nil && ctx.Err() == nil {
				log.Error("imports: run failed", "import", im.ID, "error", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-s.kick:
		case <-time.After(interval):
		}
	}
}

// KickImports wakes the import runner of this process at once.
func (s *Service) KickImports() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}
