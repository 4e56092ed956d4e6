package store

import (
	"context"

	"integrity/internal/domain"
)

// CreateGrantRequest stores a pending grant request, superseding any other
// pending request for the same user: the newest proposal is the one to
// decide.
func (tx *Tx) CreateGrantRequest(r *domain.GrantRequest) error {
	if err := tx.g.Model(&domain.GrantRequest{}).Where("user_id = ? AND state = ?", r.UserID, domain.GrantPending).
		Updates(map[string]any{"state": domain.GrantSuperseded, "decided_at": r.RequestedAt}).Error; err != nil {
		return err
	}
	return translate(tx.g.Create(r).Error)
}

// GrantRequestForUpdate reads a grant request and locks it.
func (tx *Tx) GrantRequestForUpdate(id int64) (domain.GrantRequest, error) {
	var r domain.GrantRequest
	err := tx.g.Clauses(lockForUpdate).Take(&r, id).Error
	if err != nil {
		return r, translate(err)
	}
	return r, nil
}

// SaveGrantRequest writes a decided grant request.
func (tx *Tx) SaveGrantRequest(r *domain.GrantRequest) error {
	return tx.g.Save(r).Error
}

// GrantRequests lists grant requests, newest first, those in state when
// it is set.
func (db *DB) GrantRequests(ctx context.Context, state string, p domain.Page) ([]domain.GrantRequestRow, int64, error) {
	q := db.gorm.WithContext(ctx).Table("grant_requests AS r").
		Joins("JOIN users u ON u.id = r.user_id").
		Joins("LEFT JOIN users rb ON rb.id = r.requested_by").
		Joins("LEFT JOIN users dby ON dby.id = r.decided_by")
	if state != "" {
		q = q.Where("r.state = ?", state)
	}
	return paged[domain.GrantRequestRow](q, p, "r.id DESC",
		"r.*, u.username, u.display_name, COALESCE(rb.username, '') AS requested_by_name, COALESCE(dby.username, '') AS decided_by_name")
}

// PendingGrantRequest returns a user's pending grant request, if any.
func (db *DB) PendingGrantRequest(ctx context.Context, userID int64) (*domain.GrantRequest, error) {
	var out []domain.GrantRequest
	err := db.gorm.WithContext(ctx).Where("user_id = ? AND state = ?", userID, domain.GrantPending).Limit(1).Find(&out).Error
	if err != nil || len(out) == 0 {
		return nil, translate(err)
	}
	return &out[0], nil
}

// UsersWithRoles returns every user id with the roles it holds, for the
// start-up check of the separation of duties (a few hundred staff
// accounts; officials hold one role and are skipped).
func (db *DB) UsersWithRoles(ctx context.Context) (map[int64][]string, map[int64]string, error) {
	rows, err := db.SQL().QueryContext(ctx, "SELECT g.user_id, u.username, g.role FROM role_grants g JOIN users u ON u.id = g.user_id "+
		"WHERE g.role <> ? ORDER BY g.user_id", domain.RoleOfficial)
	if err != nil {
		return nil, nil, translate(err)
	}
	defer rows.Close()
	roles, names := map[int64][]string{}, map[int64]string{}
	for rows.Next() {
		var id int64
		var name, role string
		if err := rows.Scan(&id, &name, &role); err != nil {
			return nil, nil, translate(err)
		}
		roles[id], names[id] = append(roles[id], role), name
	}
	return roles, names, translate(rows.Err())
}
