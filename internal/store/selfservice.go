package store

import (
	"context"
	"strconv"
	"time"

	"gorm.io/gorm"

	"integrity/internal/domain"
)

// RecordForUpdate locks and returns a record; ENOTFOUND if none.
func (tx *Tx) RecordForUpdate(id int64) (domain.Record, error) {
	var r domain.Record
	if err := tx.g.Clauses(lockForUpdate).Take(&r, id).Error; err != nil {
		return r, notFound(err, "record")
	}
	return r, nil
}

// SetUnderDispute flags or clears a record's dispute flag and queues its
// official's score, which shows the flag (or suspends the record).
func (tx *Tx) SetUnderDispute(r domain.Record, on bool) error {
	if err := tx.g.Model(&domain.Record{}).Where("id = ?", r.ID).Updates(map[string]any{"under_dispute": on, "updated_at": tx.Now()}).Error; err != nil {
		return translate(err)
	}
	return tx.EnqueueScores([]int64{r.OfficialID})
}

// HoldUnderDispute sets a record's dispute flag from its open disputes: on
// while one of them questions its data (a data ground, domain.IsDataGround),
// off otherwise, so a decided dispute never clears a flag another open one
// holds. It queues the official's score either way (a dispute's deadline
// feeds the warnings).
func (tx *Tx) HoldUnderDispute(r domain.Record) error {
	var grounds []string
	for _, g := range domain.DisputeGrounds {
		if domain.IsDataGround(g) {
			grounds = append(grounds, g)
		}
	}
	var n int64
	err := tx.g.Model(&domain.Dispute{}).Where("record_id = ? AND state = ? AND ground IN ?", r.ID, domain.DisputeOpen, grounds).Count(&n).Error
	if err != nil {
		return translate(err)
	}
	if on := n > 0; on != r.UnderDispute {
		return tx.SetUnderDispute(r, on)
	}
	return tx.EnqueueScores([]int64{r.OfficialID})
}

// SetRepaired marks a record repaired from a day, keeping the previous
// state in its history, and queues its official's score.
func (tx *Tx) SetRepaired(r domain.Record, on time.Time, by string) error {
	if err := tx.g.Create(versionOf(&r, by, "credit repaired")).Error; err != nil {
		return translate(err)
	}
	err := tx.g.Model(&domain.Record{}).Where("id = ?", r.ID).
		Updates(map[string]any{"repaired_on": on, "version": r.Version + 1, "updated_at": tx.Now()}).Error
	if err != nil {
		return translate(err)
	}
	return tx.EnqueueScores([]int64{r.OfficialID})
}

// Pending reports whether a record has an open dispute or a pending repair
// application of this kind ("dispute" or "repair").
func (tx *Tx) Pending(kind string, recordID int64) (bool, error) {
	var n int64
	var err error
	if kind == "dispute" {
		err = tx.g.Model(&domain.Dispute{}).Where("record_id = ? AND state = ?", recordID, domain.DisputeOpen).Count(&n).Error
	} else {
		err = tx.g.Model(&domain.Repair{}).Where("record_id = ? AND state = ?", recordID, domain.RepairPending).Count(&n).Error
	}
	return n > 0, translate(err)
}

// CreateDispute writes a dispute and its attachments.
func (tx *Tx) CreateDispute(d *domain.Dispute, atts []domain.Attachment) error {
	now := tx.Now()
	d.CreatedAt, d.UpdatedAt, d.Version = now, now, 1
	if err := tx.g.Create(d).Error; err != nil {
		return translate(err)
	}
	return tx.createAttachments("dispute", d.ID, atts)
}

// CreateRepair writes a repair application and its attachments.
func (tx *Tx) CreateRepair(r *domain.Repair, atts []domain.Attachment) error {
	now := tx.Now()
	r.CreatedAt, r.UpdatedAt, r.Version = now, now, 1
	if err := tx.g.Create(r).Error; err != nil {
		return translate(err)
	}
	return tx.createAttachments("repair", r.ID, atts)
}

func (tx *Tx) createAttachments(kind string, owner int64, atts []domain.Attachment) error {
	for i := range atts {
		atts[i].OwnerKind, atts[i].OwnerID, atts[i].CreatedAt = kind, owner, tx.Now()
	}
	if len(atts) == 0 {
		return nil
	}
	return translate(tx.g.Create(&atts).Error)
}

// UpdateDispute writes a decision or extension of a dispute read at version
// from; ECONFLICT if someone changed it since.
func (tx *Tx) UpdateDispute(d *domain.Dispute, from int) error {
	d.Version, d.UpdatedAt = from+1, tx.Now()
	return versioned(tx.g.Model(&domain.Dispute{}).Where("id = ? AND version = ?", d.ID, from).Select("*").Omit("id", "created_at").Updates(d))
}

// UpdateRepair writes a decision of a repair application read at version
// from; ECONFLICT if someone changed it since.
func (tx *Tx) UpdateRepair(r *domain.Repair, from int) error {
	r.Version, r.UpdatedAt = from+1, tx.Now()
	return versioned(tx.g.Model(&domain.Repair{}).Where("id = ? AND version = ?", r.ID, from).Select("*").Omit("id", "created_at").Updates(r))
}

func versioned(res *gorm.DB) error {
	if res.Error != nil {
		return translate(res.Error)
	}
	if res.RowsAffected == 0 {
		return &domain.Error{Code: domain.ECONFLICT, Message: "it was decided or changed by someone else just now; reload it"}
	}
	return nil
}

const caseColumns = `r.category AS record_category, r.code AS record_code, r.decision_date AS record_decision_date,
	r.document_no AS record_document_no, r.version AS record_version, o.name AS official_name, o.id_number_masked, s.name AS source_name`

func (db *DB) cases(ctx context.Context, table string, f domain.CaseFilter) *gorm.DB {
	q := db.gorm.WithContext(ctx).Table(table + " c").Joins("JOIN records r ON r.id = c.record_id").
		Joins("JOIN officials o ON o.id = c.official_id").Joins("JOIN sources s ON s.id = c.source_id")
	if f.OfficialID != 0 {
		q = q.Where("c.official_id = ?", f.OfficialID)
	}
	if f.SourceID != 0 {
		q = q.Where("c.source_id = ?", f.SourceID)
	}
	if f.State != "" {
		q = q.Where("c.state = ?", f.State)
	}
	return q
}

// Disputes lists disputes, the open ones due first, then the newest.
func (db *DB) Disputes(ctx context.Context, f domain.CaseFilter) ([]domain.DisputeRow, int64, error) {
	return paged[domain.DisputeRow](db.cases(ctx, "disputes", f), f.Page, "CASE WHEN c.state = 'open' THEN 0 ELSE 1 END, c.due_on, c.id DESC", "c.*, "+caseColumns)
}

// Dispute returns one dispute within the filter (an official's, or a
// source's); ENOTFOUND otherwise.
func (db *DB) Dispute(ctx context.Context, f domain.CaseFilter, id int64) (domain.DisputeRow, error) {
	return first[domain.DisputeRow](db.cases(ctx, "disputes", f).Where("c.id = ?", id), "c.*, "+caseColumns, "dispute")
}

// Repairs lists repair applications, the pending ones due first.
func (db *DB) Repairs(ctx context.Context, f domain.CaseFilter) ([]domain.RepairRow, int64, error) {
	return paged[domain.RepairRow](db.cases(ctx, "repairs", f), f.Page, "CASE WHEN c.state = 'pending' THEN 0 ELSE 1 END, c.due_on, c.id DESC", "c.*, "+caseColumns)
}

// Repair returns one repair application within the filter; ENOTFOUND
// otherwise.
func (db *DB) Repair(ctx context.Context, f domain.CaseFilter, id int64) (domain.RepairRow, error) {
	return first[domain.RepairRow](db.cases(ctx, "repairs", f).Where("c.id = ?", id), "c.*, "+caseColumns, "repair")
}

// Attachments returns the attachments of a dispute or repair.
func (db *DB) Attachments(ctx context.Context, kind string, ownerID int64) ([]domain.Attachment, error) {
	out := []domain.Attachment{}
	err := db.gorm.WithContext(ctx).Where("owner_kind = ? AND owner_id = ?", kind, ownerID).Order("id").Find(&out).Error
	return out, translate(err)
}

// Deadline is a decision a source owes on a dispute or repair application.
type Deadline struct {
	Kind       string
	ID         int64
	OfficialID int64
	RecordID   int64
	DueOn      time.Time
}

func deadlines(g *gorm.DB, ids []int64) (map[int64][]Deadline, error) {
	out := map[int64][]Deadline{}
	for _, k := range []struct{ kind, table, state string }{{"dispute", "disputes", domain.DisputeOpen}, {"repair", "repairs", domain.RepairPending}} {
		var rows []Deadline
		err := g.Table(k.table).Select("? AS kind, id, official_id, record_id, due_on", k.kind).
			Where("official_id IN ? AND state = ?", ids, k.state).Scan(&rows).Error
		if err != nil {
			return nil, translate(err)
		}
		for _, r := range rows {
			out[r.OfficialID] = append(out[r.OfficialID], r)
		}
	}
	return out, nil
}

// CreateReport writes an issued report.
func (tx *Tx) CreateReport(r *domain.Report) error {
	r.IssuedAt = tx.Now()
	return translate(tx.g.Create(r).Error)
}

// ReportByCode returns the report with a code; ENOTFOUND if none.
func (db *DB) ReportByCode(ctx context.Context, code string) (domain.Report, error) {
	var r domain.Report
	if err := db.gorm.WithContext(ctx).Where("code = ?", code).Take(&r).Error; err != nil {
		return r, notFound(err, "report")
	}
	return r, nil
}

// Report returns one report of an official; ENOTFOUND otherwise.
func (db *DB) Report(ctx context.Context, officialID, id int64) (domain.Report, error) {
	var r domain.Report
	if err := db.gorm.WithContext(ctx).Where("id = ? AND official_id = ?", id, officialID).Take(&r).Error; err != nil {
		return r, notFound(err, "report")
	}
	return r, nil
}

// ReportToRevoke reads, locked, a report its issuer names (by username):
// ENOTFOUND for another's report, ECONFLICT when it is revoked already.
func (tx *Tx) ReportToRevoke(id int64, issuer string) (domain.Report, error) {
	var r domain.Report
	if err := tx.g.Clauses(lockForUpdate).Omit("content").Where("id = ? AND issued_by = ?", id, issuer).Take(&r).Error; err != nil {
		return r, notFound(err, "report")
	}
	if r.RevokedAt != nil {
		return r, &domain.Error{Code: domain.ECONFLICT, Message: "the report is revoked already"}
	}
	return r, nil
}

// RevokeReport withdraws a report read by ReportToRevoke, with a reason.
func (tx *Tx) RevokeReport(r *domain.Report, reason string) error {
	now := tx.Now()
	r.RevokedAt, r.RevokeReason = &now, reason
	return translate(tx.g.Model(&domain.Report{}).Where("id = ?", r.ID).Updates(map[string]any{"revoked_at": now, "revoke_reason": reason}).Error)
}

// ReportsOf lists the reports issued about an official, newest first.
func (db *DB) ReportsOf(ctx context.Context, officialID int64, p domain.Page) ([]domain.Report, int64, error) {
	q := db.gorm.WithContext(ctx).Model(&domain.Report{}).Where("official_id = ?", officialID)
	return paged[domain.Report](q.Omit("content"), p, "id DESC", "")
}

// Access is one look at an official's file or verdicts, for their access
// log.
type Access struct {
	At             time.Time
	Kind           string // file_read, score_read, report_issue or eligibility_check
	Actor          string
	Role           string
	DepartmentName string
	Detail         string // the audit entry's detail (JSON), or the check's purpose
}

// AccessesOf returns the most recent looks at an official's file by others
// (audited reads) and the eligibility checks that named them, except
// checks for the hidden (confidential) purposes, newest first, at most
// limit of each.
func (db *DB) AccessesOf(ctx context.Context, officialID int64, self string, limit int, hiddenPurposes []string) ([]Access, []Access, error) {
	g := db.gorm.WithContext(ctx)
	var reads []Access
	err := g.Table("audit_log a").Joins("LEFT JOIN users u ON u.username = a.actor").Joins("LEFT JOIN departments d ON d.id = u.department_id").
		Select("a.at, a.action AS kind, a.actor, a.role, d.name AS department_name, a.detail").
		Where("a.target_type = 'official' AND a.target_id = ? AND a.action IN ? AND a.actor <> ?", strconv.FormatInt(officialID, 10),
			[]string{"file_read", "score_read", "report_issue", "opinion_file_read"}, self).
		Order("a.id DESC").Limit(limit).Scan(&reads).Error
	if err != nil {
		return nil, nil, translate(err)
	}
	var checks []Access
	q := g.Table("eligibility_results r").Joins("JOIN eligibility_checks c ON c.id = r.check_id").
		Joins("LEFT JOIN users u ON u.id = c.user_id").Joins("LEFT JOIN api_clients k ON k.id = c.client_id").
		Joins("LEFT JOIN departments d ON d.id = COALESCE(u.department_id, k.department_id)").
		Select("c.created_at AS at, 'eligibility_check' AS kind, c.created_by AS actor, CASE WHEN c.client_id IS NULL THEN 'personnel_staff' ELSE 'personnel_system' END AS role, d.name AS department_name, c.purpose AS detail").
		Where("r.official_id = ?", officialID)
	if len(hiddenPurposes) > 0 {
		q = q.Where("c.purpose NOT IN ?", hiddenPurposes)
	}
	err = q.Order("c.id DESC").Limit(limit).Scan(&checks).Error
	return reads, checks, translate(err)
}
