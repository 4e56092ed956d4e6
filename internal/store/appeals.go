package store

import (
	"context"

	"gorm.io/gorm"

	"integrity/internal/domain"
)

// CreateAppeal writes a new review or appeal of a sanction.
func (tx *Tx) CreateAppeal(a *domain.Appeal) error {
	now := tx.Now()
	a.CreatedAt, a.UpdatedAt, a.Version = now, now, 1
	return translate(tx.g.Create(a).Error)
}

// AppealOpen reports whether a record has an open review or appeal.
func (tx *Tx) AppealOpen(recordID int64) (bool, error) {
	var n int64
	err := tx.g.Model(&domain.Appeal{}).Where("record_id = ? AND state = ?", recordID, domain.AppealOpen).Count(&n).Error
	return n > 0, translate(err)
}

// UpdateAppeal writes the decision of an appeal read at version from;
// ECONFLICT if someone changed it since.
func (tx *Tx) UpdateAppeal(a *domain.Appeal, from int) error {
	a.Version, a.UpdatedAt = from+1, tx.Now()
	return versioned(tx.g.Model(&domain.Appeal{}).Where("id = ? AND version = ?", a.ID, from).Select("*").Omit("id", "created_at").Updates(a))
}

// RevokeOnReview revokes a record a review or appeal set aside: it never
// had effect. The content before is kept in the record's history under
// changeReason; stateReason says why it is revoked. It returns the record
// as revoked, and queues its official's score. ECONFLICT if it is revoked
// already.
func (tx *Tx) RevokeOnReview(r domain.Record, stateReason, changeReason, by string) (domain.Record, error) {
	if r.State == domain.RecordRevoked {
		return r, &domain.Error{Code: domain.ECONFLICT, Message: "the record is revoked already"}
	}
	r.State, r.StateReason = domain.RecordRevoked, stateReason
	return tx.revise(r, by, changeReason, map[string]any{"state": r.State, "state_reason": stateReason})
}

// ChangeOnReview writes the sanction a review or appeal changed to (its
// code and the period it states; nil: the standard period of the code) as
// the record's next version, keeping its decision and effective dates: the
// change applies from the day the sanction took effect. The content before
// is kept in the history under changeReason. It queues the official's
// score. ECONFLICT if the record is revoked.
func (tx *Tx) ChangeOnReview(r domain.Record, code string, period *int, changeReason, by string) (domain.Record, error) {
	if r.State == domain.RecordRevoked {
		return r, &domain.Error{Code: domain.ECONFLICT, Message: "the record is revoked; there is nothing to change"}
	}
	r.Code, r.PeriodMonths = code, period
	return tx.revise(r, by, changeReason, map[string]any{"code": code, "period_months": period})
}

// revise keeps the stored content of r in its history and writes set as
// its next version. r carries the new content; its version is the stored
// one.
func (tx *Tx) revise(r domain.Record, by, reason string, set map[string]any) (domain.Record, error) {
	var old domain.Record
	if err := tx.g.Take(&old, r.ID).Error; err != nil {
		return r, notFound(err, "record")
	}
	if err := tx.g.Create(versionOf(&old, by, reason)).Error; err != nil {
		return r, translate(err)
	}
	r.Version = old.Version + 1
	set["version"], set["updated_at"] = r.Version, tx.Now()
	res := tx.g.Model(&domain.Record{}).Where("id = ? AND version = ?", r.ID, old.Version).Updates(set)
	if err := versioned(res); err != nil {
		return r, err
	}
	return r, tx.EnqueueScores([]int64{r.OfficialID})
}

const appealColumns = `c.*, r.category AS record_category, r.code AS record_code, r.decision_date AS record_decision_date,
	o.name AS official_name, o.id_number_masked`

func (db *DB) appeals(ctx context.Context, f domain.AppealFilter) *gorm.DB {
	q := db.gorm.WithContext(ctx).Table("appeals c").Joins("JOIN records r ON r.id = c.record_id").
		Joins("JOIN officials o ON o.id = c.official_id")
	if f.SourceID == 0 && f.OfficialID == 0 {
		q = q.Where("1 = 0") // no scope: nothing
	}
	for col, v := range map[string]int64{"c.source_id": f.SourceID, "c.official_id": f.OfficialID, "c.record_id": f.RecordID} {
		if v != 0 {
			q = q.Where(col+" = ?", v)
		}
	}
	for col, v := range map[string]string{"c.kind": f.Kind, "c.state": f.State} {
		if v != "" {
			q = q.Where(col+" = ?", v)
		}
	}
	if len(f.Hidden) > 0 {
		q = q.Where("r.category NOT IN ?", f.Hidden)
	}
	return q
}

// Appeals lists reviews and appeals within the filter, the open ones due
// first, then the newest.
func (db *DB) Appeals(ctx context.Context, f domain.AppealFilter) ([]domain.AppealRow, int64, error) {
	return paged[domain.AppealRow](db.appeals(ctx, f), f.Page, "CASE WHEN c.state = 'open' THEN 0 ELSE 1 END, c.due_on, c.id DESC", appealColumns)
}

// Appeal returns one review or appeal within the filter; ENOTFOUND
// otherwise.
func (db *DB) Appeal(ctx context.Context, f domain.AppealFilter, id int64) (domain.AppealRow, error) {
	return first[domain.AppealRow](db.appeals(ctx, f).Where("c.id = ?", id), appealColumns, "appeal")
}
