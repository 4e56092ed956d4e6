package store

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"integrity/internal/domain"
)

// CreateOpinion writes a request for integrity opinions with its candidates.
func (tx *Tx) CreateOpinion(r *domain.OpinionRequest, cands []domain.OpinionCandidate) error {
	now := tx.Now()
	r.CreatedAt, r.UpdatedAt, r.Version, r.Candidates = now, now, 1, len(cands)
	if err := tx.g.Create(r).Error; err != nil {
		return translate(err)
	}
	for i := range cands {
		cands[i].RequestID = r.ID
	}
	return translate(tx.g.CreateInBatches(cands, 200).Error)
}

// requestScope restricts requests ("q") to those whose requesting
// department the scope reaches; an empty scope reaches none.
func requestScope(s domain.Scope, g *gorm.DB) *gorm.DB {
	cond, args := scopeOn(s, "q.department_id", "")
	return g.Where(cond, args...)
}

// Opinions lists requests: a requester's own, or those in a scope, open
// ones first by due day, then the newest.
func (db *DB) Opinions(ctx context.Context, f domain.OpinionFilter) ([]domain.OpinionRequest, int64, error) {
	q := db.gorm.WithContext(ctx).Table("opinion_requests q").Joins("JOIN departments d ON d.id = q.department_id")
	switch {
	case f.RequestedBy != 0:
		q = q.Where("q.requested_by = ?", f.RequestedBy)
	case f.Scope != nil:
		q = requestScope(*f.Scope, q)
	default:
		q = q.Where("1 = 0")
	}
	if f.State != "" {
		q = q.Where("q.state = ?", f.State)
	}
	if f.RepliedSince != nil {
		q = q.Where("q.replied_at >= ?", f.RepliedSince.UTC())
	}
	return paged[domain.OpinionRequest](q, f.Page, "CASE WHEN q.state = 'replied' THEN 1 ELSE 0 END, q.due_on, q.id DESC", "q.*")
}

// OpinionsDue counts the unanswered requests a scope reaches, and those of
// them due before today.
func (db *DB) OpinionsDue(ctx context.Context, scope domain.Scope, today time.Time) (domain.OpinionsDue, error) {
	var out domain.OpinionsDue
	q := requestScope(scope, db.gorm.WithContext(ctx).Table("opinion_requests q").Joins("JOIN departments d ON d.id = q.department_id")).
		Where("q.state <> ?", domain.OpinionReplied).
		Select("COUNT(*) AS open_requests, COALESCE(SUM(CASE WHEN q.due_on < ? THEN 1 ELSE 0 END), 0) AS overdue_requests", today)
	return out, translate(q.Scan(&out).Error)
}

// Opinion reads a request a requester made (requestedBy) or a scope reaches;
// ENOTFOUND otherwise.
func (db *DB) Opinion(ctx context.Context, id, requestedBy int64, scope *domain.Scope) (domain.OpinionRequest, error) {
	q := db.gorm.WithContext(ctx).Table("opinion_requests q").Joins("JOIN departments d ON d.id = q.department_id").Where("q.id = ?", id)
	switch {
	case requestedBy != 0:
		q = q.Where("q.requested_by = ?", requestedBy)
	case scope != nil:
		q = requestScope(*scope, q)
	default:
		return domain.OpinionRequest{}, domain.NotFound("opinion request")
	}
	return first[domain.OpinionRequest](q, "q.*", "opinion request")
}

// OpinionCandidates reads a request's candidates in row order.
func (db *DB) OpinionCandidates(ctx context.Context, requestID int64) ([]domain.OpinionCandidate, error) {
	out := []domain.OpinionCandidate{}
	err := db.gorm.WithContext(ctx).Where("request_id = ?", requestID).Order("row_no").Find(&out).Error
	return out, translate(err)
}

// OpinionForUpdate reads a request and locks it until the transaction ends.
func (tx *Tx) OpinionForUpdate(id int64) (domain.OpinionRequest, error) {
	var r domain.OpinionRequest
	return r, notFound(tx.g.Clauses(lockForUpdate).Take(&r, id).Error, "opinion request")
}

// CandidatesOf reads a request's candidates inside the transaction.
func (tx *Tx) CandidatesOf(requestID int64) ([]domain.OpinionCandidate, error) {
	out := []domain.OpinionCandidate{}
	return out, translate(tx.g.Where("request_id = ?", requestID).Order("row_no").Find(&out).Error)
}

// UpdateOpinion writes a request read (and locked) at version from.
func (tx *Tx) UpdateOpinion(r *domain.OpinionRequest, from int) error {
	r.Version, r.UpdatedAt = from+1, tx.Now()
	return versioned(tx.g.Model(&domain.OpinionRequest{}).Where("id = ? AND version = ?", r.ID, from).Select("*").Omit("id", "created_at").Updates(r))
}

// SaveCandidate writes a candidate's draft and conclusion.
func (tx *Tx) SaveCandidate(c *domain.OpinionCandidate) error {
	return translate(tx.g.Model(&domain.OpinionCandidate{}).Where("id = ?", c.ID).Select("*").Omit("id", "request_id", "row_no").Updates(c).Error)
}

// OfficialCategories reads the category (civil servant, public institution)
// of each of the officials: what an eligibility verdict needs of them.
func (tx *Tx) OfficialCategories(ids []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		ID       int64
		Category string
	}
	err := tx.g.Table("officials").Where("id IN ?", ids).Select("id, category").Scan(&rows).Error
	for _, r := range rows {
		out[r.ID] = r.Category
	}
	return out, translate(err)
}

// SaveDrafts writes the drafts of a request's candidates (their verdict,
// matters, proposal and conclusion), a batch of rows a statement: the rows
// exist, so each insert turns into an update of these columns.
func (tx *Tx) SaveDrafts(cs []domain.OpinionCandidate) error {
	if len(cs) == 0 {
		return nil
	}
	cols := clause.AssignmentColumns([]string{"verdict", "reasons", "matters", "proposed", "conclusion", "conclusion_reason", "edited_by", "edited_at"})
	return translate(tx.g.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "id"}}, DoUpdates: cols}).CreateInBatches(cs, tx.db.insertBatch()).Error)
}

type opinionNumber struct {
	Year int `gorm:"primaryKey;autoIncrement:false"`
	Last int
}

func (opinionNumber) TableName() string { return "opinion_numbers" }

// NextOpinionNumber takes the next reply number of a year. The year's row
// stays locked until the transaction ends, so concurrent signers wait in
// turn: numbers run without gaps (a rolled-back transaction gives its
// number back) or repeats.
func (tx *Tx) NextOpinionNumber(year int) (int, error) {
	if err := tx.g.Clauses(clause.OnConflict{DoNothing: true}).Create(&opinionNumber{Year: year, Last: 0}).Error; err != nil {
		return 0, translate(err)
	}
	var n opinionNumber
	if err := tx.g.Clauses(lockForUpdate).Take(&n, "year = ?", year).Error; err != nil {
		return 0, translate(err)
	}
	n.Last++
	return n.Last, translate(tx.g.Model(&opinionNumber{}).Where("year = ?", year).Update("last", n.Last).Error)
}

// OpinionByCode finds a replied request by its verification code.
func (db *DB) OpinionByCode(ctx context.Context, code string) (domain.OpinionRequest, error) {
	var r domain.OpinionRequest
	err := db.gorm.WithContext(ctx).Where("reply_code = ? AND state = ?", code, domain.OpinionReplied).Take(&r).Error
	return r, notFound(err, "opinion reply")
}

// OpinionStates reads the states of requests by id.
func (db *DB) OpinionStates(ctx context.Context, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		ID    int64
		State string
	}
	err := db.gorm.WithContext(ctx).Model(&domain.OpinionRequest{}).Select("id, state").Where("id IN ?", ids).Scan(&rows).Error
	for _, r := range rows {
		out[r.ID] = r.State
	}
	return out, translate(err)
}
