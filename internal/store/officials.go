package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"integrity/internal/domain"
)

// where restricts a query over "officials o JOIN departments d" to the scope.
func scopeWhere(s domain.Scope, q *gorm.DB) *gorm.DB {
	if s.All {
		return q
	}
	cond, args := scopeCond(s)
	return q.Where(cond, args...)
}

// cond is the scope as an SQL condition over "officials o JOIN departments
// d": always true for All, never true for an empty scope (fail closed).
func scopeCond(s domain.Scope) (string, []any) { return scopeOn(s, "o.department_id", "o.id") }

// scopeOn is the scope as an SQL condition over "departments d" and the
// columns that name a row's department and official ("" for none: the
// scope's officials then reach nothing of it).
func scopeOn(s domain.Scope, deptCol, officialCol string) (string, []any) {
	if s.All {
		return "1 = 1", nil
	}
	var conds []string
	var args []any
	for _, p := range s.DeptPaths {
		conds = append(conds, "d.path LIKE ?"+likeEscape)
		args = append(args, escapeLike(p)+"%")
	}
	if len(s.DeptIDs) > 0 {
		conds = append(conds, deptCol+" IN ?")
		args = append(args, s.DeptIDs)
	}
	if len(s.OfficialIDs) > 0 && officialCol != "" {
		conds = append(conds, officialCol+" IN ?")
		args = append(args, s.OfficialIDs)
	}
	if len(conds) == 0 {
		return "1 = 0", nil
	}
	return "(" + strings.Join(conds, " OR ") + ")", args
}

func (db *DB) officialsQuery(ctx context.Context, scope domain.Scope) *gorm.DB {
	return officialsIn(db.gorm.WithContext(ctx), scope)
}

func officialsIn(g *gorm.DB, scope domain.Scope) *gorm.DB {
	q := g.Table("officials AS o").Joins("JOIN departments d ON d.id = o.department_id")
	return scopeWhere(scope, q)
}

// Officials lists the officials in scope that match the filter, by id.
func (db *DB) Officials(ctx context.Context, scope domain.Scope, f domain.OfficialFilter) ([]domain.OfficialRow, int64, error) {
	q := db.officialsQuery(ctx, scope)
	if f.Name != "" {
		q = q.Where("o.name LIKE ?"+likeEscape, "%"+escapeLike(f.Name)+"%")
	}
	if f.IDHash != "" {
		q = q.Where("o.id_number_hash = ?", f.IDHash)
	}
	if f.Status != "" {
		q = q.Where("o.status = ?", f.Status)
	}
	if f.DepartmentID != 0 {
		var dept domain.Department
		if err := db.gorm.WithContext(ctx).Take(&dept, f.DepartmentID).Error; err != nil {
			return nil, 0, translate(err)
		}
		q = q.Where("d.path LIKE ?"+likeEscape, escapeLike(dept.Path)+"%")
	}
	columns := "o.*, d.name AS department_name"
	if f.WithScores || f.Grade != "" {
		q = q.Joins("LEFT JOIN score_snapshots s ON s.official_id = o.id")
		columns += ", s.score AS score, s.grade AS grade"
	}
	if f.Grade != "" {
		q = q.Where("s.grade = ?", f.Grade)
	}
	return paged[domain.OfficialRow](q, f.Page, sortOrder(f.Page, map[string]string{"name": "o.name", "id": "o.id"}, "o.id", "o.id"), columns)
}

// OfficialInScope returns one official if the scope covers them, and
// ENOTFOUND otherwise: outside the scope is the same as not existing.
func (db *DB) OfficialInScope(ctx context.Context, scope domain.Scope, id int64) (domain.OfficialRow, error) {
	var out []domain.OfficialRow
	err := db.officialsQuery(ctx, scope).Where("o.id = ?", id).
		Select("o.*, d.name AS department_name").Limit(1).Scan(&out).Error
	if err != nil {
		return domain.OfficialRow{}, translate(err)
	}
	if len(out) == 0 {
		return domain.OfficialRow{}, domain.NotFound("official")
	}
	return out[0], nil
}

// CreateOfficial inserts a new official; ECONFLICT if the ID number is
// registered already, ENOTFOUND if the department does not exist.
func (tx *Tx) CreateOfficial(o *domain.Official) error {
	if err := tx.g.Take(&domain.Department{}, o.DepartmentID).Error; err != nil {
		return domain.Invalid("no such department", domain.FieldError{Field: "department_id", Message: "no such department"})
	}
	o.Version = 1
	return translate(tx.g.Create(o).Error)
}

// UpdateOfficial saves o if the stored version is still expectedVersion,
// keeping the previous data in official_versions. It returns ECONFLICT when
// someone else changed the official first.
func (tx *Tx) UpdateOfficial(o *domain.Official, expectedVersion int, changedBy string) error {
	var old domain.Official
	if err := tx.g.Clauses(lockForUpdate).Take(&old, o.ID).Error; err != nil {
		return translate(err)
	}
	if old.Version != expectedVersion {
		return &domain.Error{Code: domain.ECONFLICT, Message: fmt.Sprintf("the official was changed by someone else (version %d, not %d); reload and try again", old.Version, expectedVersion)}
	}
	if err := tx.g.Take(&domain.Department{}, o.DepartmentID).Error; err != nil {
		return domain.Invalid("no such department", domain.FieldError{Field: "department_id", Message: "no such department"})
	}
	snap, _ := json.Marshal(officialSnapshot(old))
	if err := tx.g.Create(&domain.OfficialVersion{OfficialID: old.ID, Version: old.Version, Snapshot: string(snap), ChangedBy: changedBy}).Error; err != nil {
		return translate(err)
	}
	o.Version = old.Version + 1
	o.CreatedAt = old.CreatedAt
	return translate(tx.g.Save(o).Error)
}

// officialSnapshot is what the history keeps of an official: never the ID
// number, which stays encrypted in the live row.
func officialSnapshot(o domain.Official) map[string]any {
	return map[string]any{
		"department_id": o.DepartmentID, "name": o.Name, "post": o.Post, "job_rank": o.JobRank,
		"category": o.Category, "party_member": o.PartyMember, "status": o.Status,
		"id_number_masked": o.IDNumberMasked, "updated_at": o.UpdatedAt,
	}
}

// OfficialHistory returns the earlier versions of an official, newest first.
func (db *DB) OfficialHistory(ctx context.Context, id int64) ([]domain.OfficialVersion, error) {
	var out []domain.OfficialVersion
	err := db.gorm.WithContext(ctx).Where("official_id = ?", id).Order("version DESC").Find(&out).Error
	return out, translate(err)
}

// UpdateDepartment renames or moves a department. A move rewrites the paths
// of the whole subtree; moving a department under itself is invalid.
func (tx *Tx) UpdateDepartment(d *domain.Department) error {
	var old domain.Department
	if err := tx.g.Clauses(lockForUpdate).Take(&old, d.ID).Error; err != nil {
		return translate(err)
	}
	d.Path, d.Depth, d.CreatedAt = old.Path, old.Depth, old.CreatedAt
	moved := !sameParent(old.ParentID, d.ParentID)
	if moved {
		parentPath, depth := "/", 0
		if d.ParentID != nil {
			var parent domain.Department
			if err := tx.g.Take(&parent, *d.ParentID).Error; err != nil {
				return domain.Invalid("no such parent department", domain.FieldError{Field: "parent_id", Message: "no such department"})
			}
			if strings.HasPrefix(parent.Path, old.Path) {
				return domain.Invalid("a department cannot move under itself", domain.FieldError{Field: "parent_id", Message: "is inside this department"})
			}
			parentPath, depth = parent.Path, parent.Depth+1
		}
		d.Path, d.Depth = fmt.Sprintf("%s%d/", parentPath, d.ID), depth
		var subtree []domain.Department
		if err := tx.g.Where("path LIKE ?"+likeEscape+" AND id <> ?", escapeLike(old.Path)+"%", d.ID).Find(&subtree).Error; err != nil {
			return err
		}
		for _, s := range subtree {
			err := tx.g.Model(&domain.Department{}).Where("id = ?", s.ID).Updates(map[string]any{
				"path": d.Path + strings.TrimPrefix(s.Path, old.Path), "depth": s.Depth - old.Depth + depth,
			}).Error
			if err != nil {
				return err
			}
		}
	}
	return translate(tx.g.Save(d).Error)
}

func sameParent(a, b *int64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

// Department returns one department; ENOTFOUND if there is none.
func (db *DB) Department(ctx context.Context, id int64) (domain.Department, error) {
	var d domain.Department
	return d, translate(db.gorm.WithContext(ctx).Take(&d, id).Error)
}

// CreateDepartment inside a transaction; see DB.CreateDepartment.
func (tx *Tx) CreateDepartment(d *domain.Department) error {
	return createDepartment(tx.g, d)
}

// Department returns one department inside the transaction.
func (tx *Tx) Department(id int64) (domain.Department, error) {
	var d domain.Department
	return d, translate(tx.g.Take(&d, id).Error)
}

// DepartmentByCode returns the department with a code; ENOTFOUND if none.
func (db *DB) DepartmentByCode(ctx context.Context, code string) (domain.Department, error) {
	var d domain.Department
	return d, translate(db.gorm.WithContext(ctx).Where("code = ?", code).Take(&d).Error)
}

// UserIDByName returns the id of a user; ENOTFOUND if none.
func (db *DB) UserIDByName(ctx context.Context, name string) (int64, error) {
	var u domain.User
	err := db.gorm.WithContext(ctx).Select("id").Where("username = ?", name).Take(&u).Error
	return u.ID, translate(err)
}

// FirstOfficialID returns the smallest official id; ENOTFOUND when there are
// no officials.
func (db *DB) FirstOfficialID(ctx context.Context) (int64, error) {
	var o domain.Official
	err := db.gorm.WithContext(ctx).Select("id").Order("id").Take(&o).Error
	return o.ID, translate(err)
}

// DemoOfficialID picks the official the demo's official account is: the
// first active one with an active court record (the demo clerk's source, so a dispute
// has someone to decide it) and an active credit-type record (something to
// repair), else the first official.
func (db *DB) DemoOfficialID(ctx context.Context) (int64, error) {
	var ids []int64
	err := db.gorm.WithContext(ctx).Raw(`SELECT r.official_id FROM records r JOIN sources s ON s.id = r.source_id
		JOIN officials o ON o.id = r.official_id AND o.status = 'active'
		WHERE s.code = 'court' AND r.state = 'active' AND EXISTS (SELECT 1 FROM records r2 WHERE r2.official_id = r.official_id
		AND r2.category IN ('traffic', 'arrears') AND r2.state = 'active') ORDER BY r.official_id LIMIT 1`).Scan(&ids).Error
	if err != nil {
		return 0, translate(err)
	}
	if len(ids) == 1 {
		return ids[0], nil
	}
	return db.FirstOfficialID(ctx)
}

// CountDepartments counts departments inside the transaction.
func (tx *Tx) CountDepartments() (int64, error) {
	var n int64
	return n, translate(tx.g.Model(&domain.Department{}).Count(&n).Error)
}

// CreateOfficials inserts new officials in batches (their units checked by
// the caller) and sets their ids; ECONFLICT when an ID number is
// registered meanwhile.
func (tx *Tx) CreateOfficials(batch []*domain.Official) error {
	if len(batch) == 0 {
		return nil
	}
	for _, o := range batch {
		o.Version = 1
	}
	return translate(tx.g.CreateInBatches(batch, 500).Error)
}

// UpdateOfficialsFrom saves each official in news over the stored row it
// was read as (olds[i], same id), only if that row is still at the version
// read: one UPDATE each, and the previous data kept in official_versions
// in batches. ECONFLICT when someone changed one meanwhile.
func (tx *Tx) UpdateOfficialsFrom(olds []domain.Official, news []*domain.Official, changedBy string) error {
	versions := make([]domain.OfficialVersion, 0, len(olds))
	now := tx.db.Now()
	for i, old := range olds {
		o := news[i]
		res := tx.g.Model(&domain.Official{}).Where("id = ? AND version = ?", old.ID, old.Version).Updates(map[string]any{
			"department_id": o.DepartmentID, "name": o.Name, "post": o.Post, "job_rank": o.JobRank, "category": o.Category,
			"party_member": o.PartyMember, "status": o.Status, "version": old.Version + 1, "updated_at": now})
		if res.Error != nil {
			return translate(res.Error)
		}
		if res.RowsAffected != 1 {
			return &domain.Error{Code: domain.ECONFLICT, Message: fmt.Sprintf("official %d was changed by someone else while the roster was read; import it again", old.ID)}
		}
		o.Version, o.UpdatedAt = old.Version+1, now
		snap, _ := json.Marshal(officialSnapshot(old))
		versions = append(versions, domain.OfficialVersion{OfficialID: old.ID, Version: old.Version, Snapshot: string(snap), ChangedBy: changedBy, CreatedAt: now})
	}
	if len(versions) == 0 {
		return nil
	}
	return translate(tx.g.CreateInBatches(versions, 500).Error)
}
