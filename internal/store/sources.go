package store

import (
	"context"

	"integrity/internal/domain"
)

// Sources lists every source by code.
func (db *DB) Sources(ctx context.Context) ([]domain.Source, error) {
	var out []domain.Source
	return out, translate(db.gorm.WithContext(ctx).Order("code").Find(&out).Error)
}

// Source returns one source; ENOTFOUND if there is none.
func (db *DB) Source(ctx context.Context, id int64) (domain.Source, error) {
	var s domain.Source
	if err := db.gorm.WithContext(ctx).Take(&s, id).Error; err != nil {
		return s, notFound(err, "source")
	}
	return s, nil
}

// CreateSource inserts a source; ECONFLICT if the code is taken.
func (tx *Tx) CreateSource(s *domain.Source) error { return translate(tx.g.Create(s).Error) }

// SaveSource writes a source.
func (tx *Tx) SaveSource(s *domain.Source) error { return translate(tx.g.Save(s).Error) }

// CreateSourceKey stores a new API key's hash.
func (tx *Tx) CreateSourceKey(k *domain.SourceKey) error { return translate(tx.g.Create(k).Error) }

// SourceKeys lists the keys of a source, newest first.
func (db *DB) SourceKeys(ctx context.Context, sourceID int64) ([]domain.SourceKey, error) {
	var out []domain.SourceKey
	err := db.gorm.WithContext(ctx).Where("source_id = ?", sourceID).Order("id DESC").Find(&out).Error
	return out, translate(err)
}

// RevokeSourceKey revokes a key of a source; ENOTFOUND if the source has no
// such key.
func (tx *Tx) RevokeSourceKey(sourceID, keyID int64) (domain.SourceKey, error) {
	var k domain.SourceKey
	if err := tx.g.Where("id = ? AND source_id = ?", keyID, sourceID).Take(&k).Error; err != nil {
		return k, notFound(err, "key")
	}
	if k.RevokedAt == nil {
		now := tx.Now()
		k.RevokedAt = &now
		if err := tx.g.Save(&k).Error; err != nil {
			return k, err
		}
	}
	return k, nil
}

// SourceByKeyHash finds the source of an unrevoked key and notes its use.
func (db *DB) SourceByKeyHash(ctx context.Context, hash string) (domain.Source, domain.SourceKey, error) {
	var k domain.SourceKey
	g := db.gorm.WithContext(ctx)
	if err := g.Where("key_hash = ? AND revoked_at IS NULL", hash).Take(&k).Error; err != nil {
		return domain.Source{}, k, translate(err)
	}
	var s domain.Source
	if err := g.Take(&s, k.SourceID).Error; err != nil {
		return s, k, translate(err)
	}
	now := db.Now()
	if k.LastUsedAt == nil || now.Sub(*k.LastUsedAt) > 60e9 {
		g.Model(&domain.SourceKey{}).Where("id = ?", k.ID).Update("last_used_at", now)
	}
	return s, k, nil
}

// SourceByCode returns the source with a code; ENOTFOUND if none.
func (db *DB) SourceByCode(ctx context.Context, code string) (domain.Source, error) {
	var s domain.Source
	if err := db.gorm.WithContext(ctx).Where("code = ?", code).Take(&s).Error; err != nil {
		return s, notFound(err, "source")
	}
	return s, nil
}
