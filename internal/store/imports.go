package store

import (
	"context"
	"time"

	"gorm.io/gorm"

	"integrity/internal/domain"
)

// CreateImport records a new import.
func (tx *Tx) CreateImport(im *domain.Import) error { return translate(tx.g.Create(im).Error) }

// Import returns an import of a source (any source when sourceID is 0);
// ENOTFOUND otherwise.
func (db *DB) Import(ctx context.Context, sourceID, id int64) (domain.Import, error) {
	var im domain.Import
	q := db.gorm.WithContext(ctx)
	if sourceID != 0 {
		q = q.Where("source_id = ?", sourceID)
	}
	if err := q.Take(&im, id).Error; err != nil {
		return im, notFound(err, "import")
	}
	return im, nil
}

// Imports lists the imports of a source (all when 0), newest first.
func (db *DB) Imports(ctx context.Context, sourceID int64, status string, p domain.Page) ([]domain.Import, int64, error) {
	q := db.gorm.WithContext(ctx).Model(&domain.Import{})
	if sourceID != 0 {
		q = q.Where("source_id = ?", sourceID)
	}
	if status != "" {
		q = q.Where("status = ?", status)
	}
	return paged[domain.Import](q, p, "id DESC", "")
}

// SaveImport writes an import's status and counts.
func (tx *Tx) SaveImport(im *domain.Import) error { return translate(tx.g.Save(im).Error) }

// SaveImport writes an import's status and counts in its own transaction.
func (db *DB) SaveImport(ctx context.Context, im *domain.Import) error {
	return db.Do(ctx, func(tx *Tx) error { return tx.SaveImport(im) })
}

// AddImportErrors stores row problems of an import.
func (tx *Tx) AddImportErrors(errs []domain.ImportError) error {
	if len(errs) == 0 {
		return nil
	}
	return translate(tx.g.CreateInBatches(errs, 500).Error)
}

// ClearImport drops an import's stored problems, before it runs again.
func (tx *Tx) ClearImport(id int64) error {
	return tx.g.Where("import_id = ?", id).Delete(&domain.ImportError{}).Error
}

// ImportErrors calls fn for each stored problem of an import in row order,
// reading in batches so a million problems never sit in memory at once.
func (db *DB) ImportErrors(ctx context.Context, id int64, fn func(domain.ImportError) bool) error {
	return stream(func(last int64) *gorm.DB {
		return db.gorm.WithContext(ctx).Where("import_id = ? AND id > ?", id, last).Order("id")
	}, func(e domain.ImportError) int64 { return e.ID }, fn)
}

// UnfinishedImports lists imports that were queued or running when the
// process stopped.
func (db *DB) UnfinishedImports(ctx context.Context) ([]domain.Import, error) {
	var out []domain.Import
	err := db.gorm.WithContext(ctx).Where("status IN ?", []string{domain.ImportQueued, domain.ImportRunning}).Order("id").Find(&out).Error
	return out, translate(err)
}

// ClaimImport takes an import for this runner: a queued one, or a running
// one whose runner made no progress for stale. A claimed import starts over:
// its counters and stored problems are reset (intake is idempotent, so the
// rows already written are found unchanged). claimed is false when another
// runner holds it or it is finished.
func (db *DB) ClaimImport(ctx context.Context, id int64, stale time.Duration) (im domain.Import, claimed bool, err error) {
	err = db.Do(ctx, func(tx *Tx) error {
		claimed = false // a retried attempt starts afresh
		now := tx.Now()
		res := tx.g.Model(&domain.Import{}).
			Where("id = ? AND (status = ? OR (status = ? AND updated_at < ?))", id, domain.ImportQueued, domain.ImportRunning, now.Add(-stale)).
			Updates(map[string]any{"status": domain.ImportRunning, "updated_at": now, "total": 0, "accepted": 0, "rejected": 0,
				"created": 0, "updated": 0, "unchanged": 0, "read_bytes": 0, "message": ""})
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		claimed = true
		if err := tx.ClearImport(id); err != nil {
			return err
		}
		return tx.g.Take(&im, id).Error
	})
	return im, claimed, translate(err)
}
