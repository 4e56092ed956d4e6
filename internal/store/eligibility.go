package store

import (
	"context"
	"time"

	"gorm.io/gorm"

	"integrity/internal/domain"
)

// OfficialsInScope returns the officials among ids that the scope covers,
// by id.
func (db *DB) OfficialsInScope(ctx context.Context, scope domain.Scope, ids []int64) (map[int64]domain.OfficialRow, error) {
	out := map[int64]domain.OfficialRow{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []domain.OfficialRow
	err := db.officialsQuery(ctx, scope).Where("o.id IN ?", ids).Select("o.*, d.name AS department_name").Scan(&rows).Error
	for _, r := range rows {
		out[r.ID] = r
	}
	return out, translate(err)
}

// resultBatch is how many eligibility results go in one INSERT.
const resultBatch = 100

// CreateCheck writes a check and its results.
func (tx *Tx) CreateCheck(c *domain.EligibilityCheck, results []domain.EligibilityResult) error {
	c.CreatedAt = tx.Now()
	if err := tx.g.Create(c).Error; err != nil {
		return translate(err)
	}
	for i := range results {
		results[i].CheckID = c.ID
	}
	if len(results) == 0 {
		return nil
	}
	// A hundred results a statement: each carries the inputs it was decided
	// from (fifty records are 7 KB), and a thousand made one statement of
	// megabytes that the driver's buffers kept (a 10,000-candidate check
	// peaked at 327 MB on PostgreSQL, 270 MB with a hundred).
	return translate(tx.g.CreateInBatches(results, resultBatch).Error)
}

func ownerWhere(o domain.CheckOwner) (string, int64) {
	if o.ClientID != 0 {
		return "client_id = ?", o.ClientID
	}
	return "user_id = ?", o.UserID
}

// Check returns one check of the owner; ENOTFOUND otherwise.
func (db *DB) Check(ctx context.Context, owner domain.CheckOwner, id int64) (domain.EligibilityCheck, error) {
	var c domain.EligibilityCheck
	cond, v := ownerWhere(owner)
	if v == 0 {
		return c, domain.NotFound("check")
	}
	if err := db.gorm.WithContext(ctx).Where("id = ?", id).Where(cond, v).Take(&c).Error; err != nil {
		return c, notFound(err, "check")
	}
	return c, nil
}

// Checks lists the owner's checks, newest first.
func (db *DB) Checks(ctx context.Context, owner domain.CheckOwner, purpose string, p domain.Page) ([]domain.EligibilityCheck, int64, error) {
	cond, v := ownerWhere(owner)
	q := db.gorm.WithContext(ctx).Model(&domain.EligibilityCheck{}).Where(cond, v)
	if purpose != "" {
		q = q.Where("purpose = ?", purpose)
	}
	return paged[domain.EligibilityCheck](q, p, "id DESC", "")
}

// CheckResults returns a page of a check's results in row order, of one
// verdict when verdict is set.
func (db *DB) CheckResults(ctx context.Context, checkID int64, verdict string, p domain.Page) ([]domain.EligibilityResult, int64, error) {
	q := db.gorm.WithContext(ctx).Model(&domain.EligibilityResult{}).Where("check_id = ?", checkID)
	if verdict != "" {
		q = q.Where("verdict = ?", verdict)
	}
	return paged[domain.EligibilityResult](q, p, "row_no", "")
}

// EachCheckResult streams a check's results in row order, a batch at a
// time, until fn returns false.
func (db *DB) EachCheckResult(ctx context.Context, checkID int64, fn func(domain.EligibilityResult) bool) error {
	return stream(func(after int64) *gorm.DB {
		return db.gorm.WithContext(ctx).Where("check_id = ? AND row_no > ?", checkID, after).Order("row_no")
	}, func(r domain.EligibilityResult) int64 { return int64(r.RowNo) }, fn)
}

// SetOutcome records what was done with one verdict of a check; ENOTFOUND
// if the check has no such row or the row named nobody found.
func (tx *Tx) SetOutcome(checkID int64, row int, outcome, note, by string) (domain.EligibilityResult, error) {
	now := tx.Now()
	res := tx.g.Model(&domain.EligibilityResult{}).Where("check_id = ? AND row_no = ? AND official_id IS NOT NULL", checkID, row).
		Updates(map[string]any{"outcome": outcome, "outcome_note": note, "outcome_by": by, "outcome_at": now})
	if res.Error != nil {
		return domain.EligibilityResult{}, translate(res.Error)
	}
	if res.RowsAffected == 0 {
		return domain.EligibilityResult{}, domain.NotFound("result")
	}
	var r domain.EligibilityResult
	return r, translate(tx.g.Where("check_id = ? AND row_no = ?", checkID, row).Take(&r).Error)
}

// OutcomeCounts counts the recorded outcomes of verdicts about officials
// in scope, of checks made in [from, to), by purpose, verdict and outcome.
func (db *DB) OutcomeCounts(ctx context.Context, scope domain.Scope, from, to time.Time) ([]domain.OutcomeCount, error) {
	q := db.gorm.WithContext(ctx).Table("eligibility_results r").Joins("JOIN eligibility_checks c ON c.id = r.check_id").
		Joins("JOIN officials o ON o.id = r.official_id").Joins("JOIN departments d ON d.id = o.department_id").
		Where("r.outcome <> '' AND c.created_at >= ? AND c.created_at < ?", from, to)
	out := []domain.OutcomeCount{}
	err := scopeWhere(scope, q).Select("c.purpose, r.verdict, r.outcome, COUNT(*) AS n").Group("c.purpose, r.verdict, r.outcome").
		Order("c.purpose, r.outcome").Scan(&out).Error
	return out, translate(err)
}

// --- API clients ---

// CreateClient writes a new API client.
func (tx *Tx) CreateClient(c *domain.APIClient) error {
	c.CreatedAt = tx.Now()
	return translate(tx.g.Create(c).Error)
}

// Clients lists the API clients by name.
func (db *DB) Clients(ctx context.Context) ([]domain.APIClient, error) {
	out := []domain.APIClient{}
	return out, translate(db.gorm.WithContext(ctx).Order("name").Find(&out).Error)
}

// Client returns one client; ENOTFOUND if none.
func (db *DB) Client(ctx context.Context, id int64) (domain.APIClient, error) {
	var c domain.APIClient
	if err := db.gorm.WithContext(ctx).Take(&c, id).Error; err != nil {
		return c, notFound(err, "client")
	}
	return c, nil
}

// DisableClient stops a client: none of its keys works from now on.
// ENOTFOUND if there is no such client.
func (tx *Tx) DisableClient(id int64) (domain.APIClient, error) {
	var c domain.APIClient
	if err := tx.g.Take(&c, id).Error; err != nil {
		return c, notFound(err, "client")
	}
	if c.DisabledAt == nil {
		now := tx.Now()
		c.DisabledAt = &now
		if err := tx.g.Model(&domain.APIClient{}).Where("id = ?", id).Update("disabled_at", now).Error; err != nil {
			return c, translate(err)
		}
	}
	return c, nil
}

// CreateClientKey writes a new key of a client.
func (tx *Tx) CreateClientKey(k *domain.ClientKey) error {
	k.CreatedAt = tx.Now()
	return translate(tx.g.Create(k).Error)
}

// ClientKeys lists the keys of a client, newest first.
func (db *DB) ClientKeys(ctx context.Context, clientID int64) ([]domain.ClientKey, error) {
	out := []domain.ClientKey{}
	return out, translate(db.gorm.WithContext(ctx).Where("client_id = ?", clientID).Order("id DESC").Find(&out).Error)
}

// RevokeClientKey revokes a key of a client; ENOTFOUND if the client has
// no such key.
func (tx *Tx) RevokeClientKey(clientID, keyID int64) (domain.ClientKey, error) {
	var k domain.ClientKey
	if err := tx.g.Where("id = ? AND client_id = ?", keyID, clientID).Take(&k).Error; err != nil {
		return k, notFound(err, "key")
	}
	if k.RevokedAt == nil {
		now := tx.Now()
		k.RevokedAt = &now
		if err := tx.g.Save(&k).Error; err != nil {
			return k, translate(err)
		}
	}
	return k, nil
}

// ClientByKeyHash finds the enabled client of an unrevoked key and notes
// the key's use.
func (db *DB) ClientByKeyHash(ctx context.Context, hash string) (domain.ClientGrant, error) {
	var k domain.ClientKey
	g := db.gorm.WithContext(ctx)
	if err := g.Where("key_hash = ? AND revoked_at IS NULL", hash).Take(&k).Error; err != nil {
		return domain.ClientGrant{}, translate(err)
	}
	var c domain.ClientGrant
	err := g.Table("api_clients c").Joins("JOIN departments d ON d.id = c.department_id").
		Select("c.*, d.path AS dept_path").Where("c.id = ? AND c.disabled_at IS NULL", k.ClientID).Take(&c).Error
	if err != nil {
		return c, translate(err)
	}
	now := db.Now()
	if k.LastUsedAt == nil || now.Sub(*k.LastUsedAt) > time.Minute {
		g.Model(&domain.ClientKey{}).Where("id = ?", k.ID).Update("last_used_at", now)
	}
	return c, nil
}
