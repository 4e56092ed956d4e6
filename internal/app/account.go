package app

import (
	"context"
	"strconv"
	"time"

	"integrity/internal/auth"
	"integrity/internal/domain"
	"integrity/internal/store"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// Restriction says what a signed-in user must do before anything else.
type Restriction string

// Restrictions, in the order they are resolved.
const (
	MustChangePassword Restriction = "password_change_required"
	MustEnrolTOTP      Restriction = "totp_enrolment_required"
)

// RestrictionOf returns what p must do first, or "" when nothing.
func (s *Service) RestrictionOf(p domain.Principal) Restriction {
	u := p.User
	if u.MustChangePassword {
		return MustChangePassword
	}
	if exp := s.PasswordExpiresAt(u.PasswordChangedAt); exp != nil && !s.DB.Now().Before(*exp) {
		return MustChangePassword
	}
	if !u.TOTPEnabled && !s.Demo && s.TOTPRequired(p.Grants) {
		return MustEnrolTOTP
	}
	return ""
}

// ChangePassword sets a new password after checking the current one and the
// policy, then ends every session of the user: they sign in again.
func (s *Service) ChangePassword(ctx context.Context, a Actor, current, next string) error {
	var result error
	err := s.DB.Do(ctx, func(tx *store.Tx) error {
		result = nil // a retried attempt starts afresh
		u, err := tx.UserForUpdate(a.UserID)
		if err != nil {
			return err
		}
		ok, err := auth.CheckPassword(u.PasswordHash, current)
		if err != nil {
			return err
		}
		if !ok {
			result = domain.Invalid("the current password is wrong", domain.FieldError{Field: "current_password", Message: "is wrong"})
			return tx.Audit(a.Entry("password_change", "user", itoa(u.ID), domain.OutcomeFailure, "wrong current password"))
		}
		if err := s.PasswordPolicy().Check("new_password", next, u.Username); err != nil {
			result = err
			return nil
		}
		if next == current {
			result = domain.Invalid("the new password must differ", domain.FieldError{Field: "new_password", Message: "must differ from the current password"})
			return nil
		}
		u.PasswordHash, u.MustChangePassword, u.PasswordChangedAt = auth.HashPassword(next), false, tx.Now()
		if err := tx.SaveUser(&u); err != nil {
			return err
		}
		n, err := tx.RevokeUserSessions(u.ID, "password_change")
		if err != nil {
			return err
		}
		return tx.Audit(a.Entry("password_change", "user", itoa(u.ID), domain.OutcomeSuccess, map[string]int64{"sessions_ended": n}))
	})
	if err != nil {
		return err
	}
	return result
}

// TOTPSetup starts enrolment: a new secret is kept (encrypted) until a code
// from it is confirmed. It returns ECONFLICT if a second factor is active.
func (s *Service) TOTPSetup(ctx context.Context, a Actor) (secret, url string, err error) {
	err = s.DB.Do(ctx, func(tx *store.Tx) error {
		u, err := tx.UserForUpdate(a.UserID)
		if err != nil {
			return err
		}
		if u.TOTPEnabled {
			return &domain.Error{Code: domain.ECONFLICT, Message: "a second factor is already active; an administrator can reset it"}
		}
		secret = auth.NewTOTPSecret()
		u.TOTPSecretEnc = s.Keys.Encrypt(secret, totpAD)
		url = auth.TOTPURL("公职人员诚信积分平台", u.Username, secret)
		return tx.SaveUser(&u)
	})
	return secret, url, err
}

// TOTPEnable confirms enrolment with a code from the new secret and returns
// ten one-time recovery codes, shown only now.
func (s *Service) TOTPEnable(ctx context.Context, a Actor, code string) ([]string, error) {
	var codes []string
	err := s.DB.Do(ctx, func(tx *store.Tx) error {
		u, err := tx.UserForUpdate(a.UserID)
		if err != nil {
			return err
		}
		if u.TOTPEnabled {
			return &domain.Error{Code: domain.ECONFLICT, Message: "the second factor is already active"}
		}
		if len(u.TOTPSecretEnc) == 0 {
			return domain.Invalid("start the enrolment first", domain.FieldError{Field: "code", Message: "no enrolment in progress"})
		}
		secret, err := s.Keys.Decrypt(u.TOTPSecretEnc, totpAD)
		if err != nil {
			return err
		}
		step, ok := auth.CheckTOTP(secret, code, tx.Now(), u.TOTPLastStep)
		if !ok {
			return domain.Invalid("the code does not match", domain.FieldError{Field: "code", Message: "does not match; check the device clock"})
		}
		u.TOTPEnabled, u.TOTPLastStep = true, step
		if err := tx.SaveUser(&u); err != nil {
			return err
		}
		codes = auth.NewRecoveryCodes(10)
		hashes := make([]string, len(codes))
		for i, c := range codes {
			hashes[i] = auth.HashToken(c)
		}
		if err := tx.ReplaceRecoveryCodes(u.ID, hashes); err != nil {
			return err
		}
		return tx.Audit(a.Entry("totp_enable", "user", itoa(u.ID), domain.OutcomeSuccess, nil))
	})
	return codes, err
}

// Me describes the signed-in user.
type Me struct {
	ID                 int64
	Username           string
	DisplayName        string
	Roles              []string
	Grants             []domain.GrantInfo
	Department         *DepartmentRef
	OfficialID         *int64
	MustChangePassword bool
	TOTPEnabled        bool
	TOTPRequired       bool
	PasswordExpiresAt  *time.Time
}

// DepartmentRef names a department.
type DepartmentRef struct {
	ID   int64
	Name string
}

// MeOf builds the description of the principal.
func (s *Service) MeOf(ctx context.Context, p domain.Principal) (Me, error) {
	u := p.User
	m := Me{ID: u.ID, Username: u.Username, DisplayName: u.DisplayName, Roles: []string{}, Grants: p.Grants,
		OfficialID: u.OfficialID, MustChangePassword: s.RestrictionOf(p) == MustChangePassword,
		TOTPEnabled: u.TOTPEnabled, TOTPRequired: !s.Demo && s.TOTPRequired(p.Grants),
		PasswordExpiresAt: s.PasswordExpiresAt(u.PasswordChangedAt)}
	if m.Grants == nil {
		m.Grants = []domain.GrantInfo{}
	}
	for _, g := range p.Grants {
		m.Roles = append(m.Roles, g.Role)
	}
	if u.DepartmentID != nil {
		d, err := s.DB.Department(ctx, *u.DepartmentID)
		if err != nil {
			return m, err
		}
		m.Department = &DepartmentRef{ID: d.ID, Name: d.Name}
	}
	return m, nil
}
