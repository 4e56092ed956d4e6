package store

import (
	"context"

	"integrity/internal/domain"
)

// EnsurePolicy publishes body as version 1 of a kind that has no version
// yet. It reports whether it did.
func (db *DB) EnsurePolicy(ctx context.Context, kind, body string) (bool, error) {
	created := false
	err := db.Do(ctx, func(tx *Tx) error {
		created = false // a retried attempt starts afresh
		var n int64
		if err := tx.g.Model(&domain.PolicyVersion{}).Where("kind = ?", kind).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		now := tx.Now()
		created = true
		return tx.g.Create(&domain.PolicyVersion{Kind: kind, Version: 1, Status: domain.PolicyPublished, Body: body,
			Note: "系统默认版本 (shipped default)", CreatedBy: "system", PublishedBy: "system", PublishedAt: &now}).Error
	})
	return created, err
}

// PublishedPolicy returns the policy of a kind in force: the newest
// published version. ENOTFOUND if there is none.
func (db *DB) PublishedPolicy(ctx context.Context, kind string) (domain.PolicyVersion, error) {
	var p domain.PolicyVersion
	err := db.gorm.WithContext(ctx).Where("kind = ? AND status = ?", kind, domain.PolicyPublished).
		Order("version DESC").Take(&p).Error
	return p, translate(err)
}

// PublishedVersion returns only the version number in force (0 if none),
// a cheap check for caches.
func (db *DB) PublishedVersion(ctx context.Context, kind string) (int, error) {
	var v struct{ Version int }
	err := db.gorm.WithContext(ctx).Model(&domain.PolicyVersion{}).Select("version").
		Where("kind = ? AND status = ?", kind, domain.PolicyPublished).Order("version DESC").Limit(1).Scan(&v).Error
	return v.Version, translate(err)
}

// PolicyVersions lists the versions of a kind, newest first.
func (db *DB) PolicyVersions(ctx context.Context, kind string) ([]domain.PolicyVersion, error) {
	var out []domain.PolicyVersion
	err := db.gorm.WithContext(ctx).Where("kind = ?", kind).Order("version DESC").Find(&out).Error
	return out, translate(err)
}

// PolicyVersion returns one version; ENOTFOUND if none.
func (db *DB) PolicyVersion(ctx context.Context, kind string, version int) (domain.PolicyVersion, error) {
	var p domain.PolicyVersion
	err := db.gorm.WithContext(ctx).Where("kind = ? AND version = ?", kind, version).Take(&p).Error
	if err != nil {
		return p, notFound(err, "policy version")
	}
	return p, nil
}

// CreateDraft adds a draft as the next version number. ECONFLICT if a draft
// of the kind exists already (one draft at a time keeps edits in one place).
func (tx *Tx) CreateDraft(p *domain.PolicyVersion) error {
	var n int64
	if err := tx.g.Model(&domain.PolicyVersion{}).Where("kind = ? AND status = ?", p.Kind, domain.PolicyDraft).Count(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		return &domain.Error{Code: domain.ECONFLICT, Message: "a draft exists already; edit or publish it"}
	}
	var max struct{ V int }
	if err := tx.g.Model(&domain.PolicyVersion{}).Select("COALESCE(MAX(version), 0) AS v").Where("kind = ?", p.Kind).Scan(&max).Error; err != nil {
		return err
	}
	p.Version, p.Status = max.V+1, domain.PolicyDraft
	return translate(tx.g.Create(p).Error)
}

// PolicyForUpdate locks one version for the transaction.
func (tx *Tx) PolicyForUpdate(kind string, version int) (domain.PolicyVersion, error) {
	var p domain.PolicyVersion
	if err := tx.g.Clauses(lockForUpdate).Where("kind = ? AND version = ?", kind, version).Take(&p).Error; err != nil {
		return p, notFound(err, "policy version")
	}
	return p, nil
}

// SavePolicy writes a version.
func (tx *Tx) SavePolicy(p *domain.PolicyVersion) error { return translate(tx.g.Save(p).Error) }

// ArchivePublished marks every published version of a kind archived.
func (tx *Tx) ArchivePublished(kind string) error {
	return tx.g.Model(&domain.PolicyVersion{}).Where("kind = ? AND status = ?", kind, domain.PolicyPublished).
		Update("status", domain.PolicyArchived).Error
}

// PublishedVersionLocked reads the version of a kind in force inside tx and
// holds its row until tx ends, so that a publication (which archives that
// row) waits for tx: what tx derives under the version it read is written
// before the policy changes, and the recompute the publication starts
// comes after it. The hold is shared: drains on several replicas hold it
// at once, and only a publication waits.
func (tx *Tx) PublishedVersionLocked(kind string) (int, error) {
	var v struct{ Version int }
	err := tx.g.Raw("SELECT version FROM policy_versions WHERE kind = ? AND status = ? ORDER BY version DESC LIMIT 1"+tx.db.shareLock(),
		kind, domain.PolicyPublished).Scan(&v).Error
	return v.Version, translate(err)
}
