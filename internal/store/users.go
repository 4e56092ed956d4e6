package store

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"integrity/internal/domain"
)

// CreateUser inserts u with its grants. It returns ECONFLICT if the username
// is taken.
func (tx *Tx) CreateUser(u *domain.User, grants []domain.RoleGrant) error {
	if err := tx.g.Create(u).Error; err != nil {
		return translate(err)
	}
	return tx.SetGrants(u.ID, grants)
}

// SetGrants replaces the role grants of a user.
func (tx *Tx) SetGrants(userID int64, grants []domain.RoleGrant) error {
	if err := tx.g.Where("user_id = ?", userID).Delete(&domain.RoleGrant{}).Error; err != nil {
		return err
	}
	for i := range grants {
		grants[i].ID, grants[i].UserID = 0, userID
		if err := tx.g.Create(&grants[i]).Error; err != nil {
			return translate(err)
		}
	}
	return nil
}

// User returns a user by id; ENOTFOUND if there is none.
func (tx *Tx) User(id int64) (domain.User, error) {
	var u domain.User
	return u, translate(tx.g.Take(&u, id).Error)
}

// UserForUpdate returns a user by id and locks the row for the transaction.
func (tx *Tx) UserForUpdate(id int64) (domain.User, error) {
	var u domain.User
	return u, translate(tx.g.Clauses(lockForUpdate).Take(&u, id).Error)
}

// UserByUsername returns a user by name; ENOTFOUND if there is none.
func (tx *Tx) UserByUsername(name string) (domain.User, error) {
	var u domain.User
	return u, translate(tx.g.Clauses(lockForUpdate).Where("username = ?", name).Take(&u).Error)
}

// SaveUser writes every column of u.
func (tx *Tx) SaveUser(u *domain.User) error {
	return translate(tx.g.Save(u).Error)
}

// Grants returns the grants of a user with their anchors' paths.
func (tx *Tx) Grants(userID int64) ([]domain.GrantInfo, error) {
	return grantsOf(tx.g, userID)
}

func grantsOf(g *gorm.DB, userID int64) ([]domain.GrantInfo, error) {
	var out []domain.GrantInfo
	err := g.Table("role_grants AS g").
		Select("g.role, g.scope, g.department_id, COALESCE(d.path, '') AS dept_path").
		Joins("LEFT JOIN departments d ON d.id = g.department_id").
		Where("g.user_id = ?", userID).Order("g.role").Scan(&out).Error
	return out, translate(err)
}

// Users lists users with their grants, by username.
func (db *DB) Users(ctx context.Context, f domain.UserFilter) ([]domain.User, map[int64][]domain.GrantInfo, int64, error) {
	q := db.gorm.WithContext(ctx).Model(&domain.User{})
	if f.Query != "" {
		like := "%" + escapeLike(f.Query) + "%"
		op := db.caseInsensitiveLike()
		q = q.Where("(username "+op+" ?"+likeEscape+" OR display_name "+op+" ?"+likeEscape+")", like, like)
	}
	if f.Role != "" {
		q = q.Where("id IN (SELECT user_id FROM role_grants WHERE role = ?)", f.Role)
	}
	switch f.State {
	case domain.UserLocked:
		q = q.Where("locked_until > ?", f.Now.UTC())
	case domain.UserWithoutTOTP:
		q = q.Where("enabled = ? AND totp_enabled = ?", true, false)
	case domain.UserAwaitingActivation:
		q = q.Where("activation_a_hash <> ''")
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, nil, 0, translate(err)
	}
	var users []domain.User
	if err := q.Order("username").Limit(f.Page.Size).Offset(f.Page.Offset()).Find(&users).Error; err != nil {
		return nil, nil, 0, translate(err)
	}
	grants := map[int64][]domain.GrantInfo{}
	if len(users) > 0 {
		ids := make([]int64, len(users))
		for i, u := range users {
			ids[i] = u.ID
		}
		var rows []struct {
			UserID int64
			domain.GrantInfo
		}
		err := db.gorm.WithContext(ctx).Table("role_grants AS g").
			Select("g.user_id, g.role, g.scope, g.department_id, COALESCE(d.path, '') AS dept_path").
			Joins("LEFT JOIN departments d ON d.id = g.department_id").
			Where("g.user_id IN ?", ids).Order("g.user_id, g.role").Scan(&rows).Error
		if err != nil {
			return nil, nil, 0, translate(err)
		}
		for _, r := range rows {
			grants[r.UserID] = append(grants[r.UserID], r.GrantInfo)
		}
	}
	return users, grants, total, nil
}

// CreateSession starts a session.
func (tx *Tx) CreateSession(s *domain.Session) error {
	return translate(tx.g.Create(s).Error)
}

// RevokeSession ends one session.
func (tx *Tx) RevokeSession(id, reason string) error {
	return tx.g.Model(&domain.Session{}).Where("id = ? AND revoked_at IS NULL", id).
		Updates(map[string]any{"revoked_at": tx.db.Now(), "revoked_reason": reason}).Error
}

// RevokeUserSessions ends every session of a user and returns how many.
func (tx *Tx) RevokeUserSessions(userID int64, reason string) (int64, error) {
	res := tx.g.Model(&domain.Session{}).Where("user_id = ? AND revoked_at IS NULL", userID).
		Updates(map[string]any{"revoked_at": tx.db.Now(), "revoked_reason": reason})
	return res.RowsAffected, res.Error
}

// AddRefreshToken stores the hash of a new refresh token.
func (tx *Tx) AddRefreshToken(t *domain.RefreshToken) error {
	return translate(tx.g.Create(t).Error)
}

// SpendRefreshToken marks the token with this hash used. It returns the
// token as it was, and spent=true if it had been used already (a replay).
// It returns ENOTFOUND if no token has this hash.
func (tx *Tx) SpendRefreshToken(hash string) (tok domain.RefreshToken, spent bool, err error) {
	if err := tx.g.Clauses(lockForUpdate).Where("token_hash = ?", hash).Take(&tok).Error; err != nil {
		return tok, false, translate(err)
	}
	if tok.UsedAt != nil {
		return tok, true, nil
	}
	now := tx.db.Now()
	res := tx.g.Model(&domain.RefreshToken{}).Where("id = ? AND used_at IS NULL", tok.ID).Update("used_at", now)
	if res.Error != nil {
		return tok, false, res.Error
	}
	return tok, res.RowsAffected == 0, nil
}

// Session returns a session by id; ENOTFOUND if there is none.
func (tx *Tx) Session(id string) (domain.Session, error) {
	var s domain.Session
	return s, translate(tx.g.Take(&s, "id = ?", id).Error)
}

// TouchSession records that a session was used.
func (tx *Tx) TouchSession(id string) error {
	return tx.g.Model(&domain.Session{}).Where("id = ?", id).Update("last_used_at", tx.db.Now()).Error
}

// ReplaceRecoveryCodes stores new recovery-code hashes for a user, dropping
// the old ones.
func (tx *Tx) ReplaceRecoveryCodes(userID int64, hashes []string) error {
	if err := tx.g.Where("user_id = ?", userID).Delete(&domain.RecoveryCode{}).Error; err != nil {
		return err
	}
	for _, h := range hashes {
		if err := tx.g.Create(&domain.RecoveryCode{UserID: userID, CodeHash: h}).Error; err != nil {
			return err
		}
	}
	return nil
}

// UseRecoveryCode spends one unused recovery code; false if none matched.
func (tx *Tx) UseRecoveryCode(userID int64, hash string) (bool, error) {
	res := tx.g.Model(&domain.RecoveryCode{}).Where("user_id = ? AND code_hash = ? AND used_at IS NULL", userID, hash).
		Update("used_at", tx.db.Now())
	return res.RowsAffected == 1, res.Error
}

// escapeLike escapes a LIKE pattern for use with likeEscape; '!' works as
// the escape character on MySQL, PostgreSQL and SQLite, unlike a backslash.
func escapeLike(s string) string {
	return strings.NewReplacer("!", "!!", "%", "!%", "_", "!_").Replace(s)
}

const likeEscape = " ESCAPE '!'"

// caseInsensitiveLike is the dialect's LIKE that ignores the case of
// Latin letters, as MySQL's collation and SQLite's LIKE do: ILIKE on
// PostgreSQL, whose LIKE tells case apart.
func (db *DB) caseInsensitiveLike() string {
	if db.Dialect == "postgres" {
		return "ILIKE"
	}
	return "LIKE"
}

// LoginFailure is a sign-in counter, keyed by a blind index: of an account
// name (known or not), of an account name and a client address, or of an
// address. A pair's counter names its account's (AccountHash).
type LoginFailure struct {
	NameHash    string `gorm:"primaryKey"`
	AccountHash string
	Failures    int
	LockedUntil *time.Time
	UpdatedAt   time.Time
}

// PeekLoginFailures reads the counters that exist among keys, in one query
// and without locking them.
func (tx *Tx) PeekLoginFailures(keys ...string) ([]LoginFailure, error) {
	var f []LoginFailure
	return f, translate(tx.g.Where("name_hash IN ?", keys).Find(&f).Error)
}

// LoginFailureForUpdate returns a counter locked for the transaction,
// created first when missing so that concurrent failures queue on its row
// instead of overwriting each other.
func (tx *Tx) LoginFailureForUpdate(key, account string) (LoginFailure, error) {
	fresh := LoginFailure{NameHash: key, AccountHash: account, UpdatedAt: tx.db.Now()}
	if err := tx.g.Clauses(clause.OnConflict{DoNothing: true}).Create(&fresh).Error; err != nil {
		return LoginFailure{}, translate(err)
	}
	var f LoginFailure
	if err := tx.g.Clauses(lockForUpdate).Where("name_hash = ?", key).Take(&f).Error; err != nil {
		return LoginFailure{}, translate(err)
	}
	return f, nil
}

// DropLoginFailures drops the counters named.
func (tx *Tx) DropLoginFailures(keys ...string) error {
	return translate(tx.g.Where("name_hash IN ?", keys).Delete(&LoginFailure{}).Error)
}

// ClearLoginFailures drops an account's counter and those of all its pairs:
// an administrator lifting its lockouts.
func (tx *Tx) ClearLoginFailures(account string) error {
	return translate(tx.g.Where("name_hash = ? OR account_hash = ?", account, account).Delete(&LoginFailure{}).Error)
}

// SaveLoginFailure writes a count, and drops the counts nobody has added
// to since before the given time (their lockout is long over).
func (tx *Tx) SaveLoginFailure(f LoginFailure, dropBefore time.Time) error {
	f.UpdatedAt = tx.db.Now()
	if err := tx.g.Where("updated_at < ?", dropBefore).Delete(&LoginFailure{}).Error; err != nil {
		return translate(err)
	}
	return translate(tx.g.Clauses(clause.OnConflict{UpdateAll: true}).Create(&f).Error)
}
