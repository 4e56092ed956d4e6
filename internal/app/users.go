package app

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"integrity/internal/auth"
	"integrity/internal/domain"
	"integrity/internal/store"
)

// GrantInput is one role grant as an administrator writes it.
type GrantInput struct {
	Role         string `json:"role"`
	Scope        string `json:"scope"`
	DepartmentID *int64 `json:"department_id"`
}

// NewUser is what an administrator gives to create an account.
type NewUser struct {
	Username     string
	DisplayName  string
	DepartmentID *int64
	OfficialID   *int64
	SourceID     *int64
	Grants       []GrantInput
	// Password, when set, is used instead of a generated temporary one; the
	// user must still change it at first sign-in unless Permanent is set
	// (the CLI's way to create the first administrator).
	Password  string
	Permanent bool
}

var usernameRE = regexp.MustCompile(`^[a-z][a-z0-9_.-]{2,63}$`)

// validateGrants checks the grants against the user's links. Department-
// anchored scopes default to the user's own department.
func (s *Service) validateGrants(tx *store.Tx, in []GrantInput, deptID, officialID, sourceID *int64) ([]domain.RoleGrant, error) {
	seen := map[string]bool{}
	out := make([]domain.RoleGrant, 0, len(in))
	for i, g := range in {
		field := fmt.Sprintf("grants[%d]", i)
		if !domain.ValidRole(g.Role) {
			return nil, domain.Invalid("unknown role", domain.FieldError{Field: field + ".role", Message: "must be one of " + strings.Join(domain.Roles, ", ")})
		}
		if seen[g.Role] {
			return nil, domain.Invalid("a role is granted twice", domain.FieldError{Field: field + ".role", Message: "granted twice"})
		}
		seen[g.Role] = true
		if !domain.ValidScope(g.Scope) {
			return nil, domain.Invalid("unknown scope", domain.FieldError{Field: field + ".scope", Message: "must be all, dept_and_below, dept or self"})
		}
		rg := domain.RoleGrant{Role: g.Role, Scope: g.Scope}
		switch g.Scope {
		case domain.ScopeDept, domain.ScopeDeptAndBelow:
			rg.DepartmentID = g.DepartmentID
			if rg.DepartmentID == nil {
				rg.DepartmentID = deptID
			}
			if rg.DepartmentID == nil {
				return nil, domain.Invalid("the scope needs a department", domain.FieldError{Field: field + ".department_id", Message: "required for this scope"})
			}
			if _, err := tx.Department(*rg.DepartmentID); err != nil {
				return nil, domain.Invalid("no such department", domain.FieldError{Field: field + ".department_id", Message: "no such department"})
			}
		case domain.ScopeSelf:
			if officialID == nil {
				return nil, domain.Invalid("the self scope needs a linked official", domain.FieldError{Field: "official_id", Message: "required for the self scope"})
			}
		}
		if g.Role == domain.RoleDataClerk && sourceID == nil {
			return nil, domain.Invalid("a data clerk works for a source", domain.FieldError{Field: "source_id", Message: "required for the data_clerk role"})
		}
		if g.Role == domain.RoleOfficial && g.Scope != domain.ScopeSelf {
			return nil, domain.Invalid("officials see only themselves", domain.FieldError{Field: field + ".scope", Message: "must be self for the official role"})
		}
		out = append(out, rg)
	}
	return out, s.checkDuties(out)
}

func (s *Service) checkLinks(ctx context.Context, deptID, officialID, sourceID *int64) error {
	if sourceID != nil {
		if _, err := s.DB.Source(ctx, *sourceID); err != nil {
			return domain.Invalid("no such source", domain.FieldError{Field: "source_id", Message: "no such source"})
		}
	}
	if deptID != nil {
		if _, err := s.DB.Department(ctx, *deptID); err != nil {
			return domain.Invalid("no such department", domain.FieldError{Field: "department_id", Message: "no such department"})
		}
	}
	if officialID != nil {
		if _, err := s.DB.Official(ctx, *officialID); err != nil {
			return domain.Invalid("no such official", domain.FieldError{Field: "official_id", Message: "no such official"})
		}
	}
	return nil
}

// CreatedUser is a new account and what its creator hands on.
type CreatedUser struct {
	User domain.User
	// Password is the temporary password of an account created at the
	// server's shell without one; "" otherwise.
	Password string
	// ActivationCode is the first half of the activation code of an
	// account created through the API: the owner sets the first password
	// with it and the second half, which a security administrator issues.
	ActivationCode string
	// GrantRequest holds the grants that wait for a security
	// administrator's approval, if any.
	GrantRequest *domain.GrantRequest
}

// CreateUser creates an account. Through the API (a signed-in actor) the
// creator never learns a credential that signs in as it: the account waits
// for activation, and grants of roles that open files or administer wait
// for a security administrator. At the server's shell (the CLI, the demo
// seed) the password is given or a temporary one returned, and the grants
// apply at once.
func (s *Service) CreateUser(ctx context.Context, a Actor, in NewUser) (CreatedUser, error) {
	var out CreatedUser
	in.Username = strings.TrimSpace(in.Username)
	if !usernameRE.MatchString(in.Username) {
		return out, domain.Invalid("invalid username", domain.FieldError{Field: "username", Message: "3 to 64 characters: lower-case letters, digits, _ . -, starting with a letter"})
	}
	if len([]rune(in.DisplayName)) > 64 {
		return out, domain.Invalid("display name too long", domain.FieldError{Field: "display_name", Message: "at most 64 characters"})
	}
	if err := s.checkLinks(ctx, in.DepartmentID, in.OfficialID, in.SourceID); err != nil {
		return out, err
	}
	viaAPI := a.UserID != 0
	password := in.Password
	switch {
	case viaAPI:
		password = ""
	case password == "":
		password = auth.RandomPassword()
		out.Password = password
	default:
		if err := s.PasswordPolicy().Check("password", password, in.Username); err != nil {
			return out, err
		}
	}
	d, err := s.Duties()
	if err != nil {
		return out, err
	}
	err = s.DB.Do(ctx, func(tx *store.Tx) error {
		out.GrantRequest = nil
		grants, err := s.validateGrants(tx, in.Grants, in.DepartmentID, in.OfficialID, in.SourceID)
		if err != nil {
			return err
		}
		needs := []string(nil)
		if viaAPI {
			needs = needingApproval(d, nil, grants)
		}
		now := []domain.RoleGrant{}
		for _, g := range grants {
			if !d.NeedsApproval(g.Role) || !viaAPI {
				now = append(now, g)
			}
		}
		u := domain.User{Username: in.Username, DisplayName: in.DisplayName, DepartmentID: in.DepartmentID, OfficialID: in.OfficialID,
			SourceID: in.SourceID, Enabled: true, MustChangePassword: !in.Permanent, PasswordChangedAt: tx.Now(), Version: 1}
		if password != "" {
			u.PasswordHash = auth.HashPassword(password)
		} else {
			u.PasswordHash = auth.HashPassword(auth.RandomPassword())
		}
		if err := tx.CreateUser(&u, now); err != nil {
			if domain.ErrorCode(err) == domain.ECONFLICT {
				return &domain.Error{Code: domain.ECONFLICT, Message: "the username is taken", Fields: []domain.FieldError{{Field: "username", Message: "is taken"}}}
			}
			return err
		}
		if viaAPI {
			out.ActivationCode = s.startActivation(tx, a, &u)
			if err := tx.SaveUser(&u); err != nil {
				return err
			}
		}
		if len(needs) > 0 {
			if out.GrantRequest, err = proposeGrants(tx, a, u.ID, in.Grants, needs); err != nil {
				return err
			}
		}
		out.User = u
		return tx.Audit(a.Entry("user_create", "user", itoa(u.ID), domain.OutcomeSuccess, map[string]any{"username": u.Username, "grants": in.Grants}))
	})
	return out, err
}

// UserPatch is what an administrator may change of an account. Roles,
// passwords and second factors have use cases of their own.
type UserPatch struct {
	DisplayName  *string `json:"display_name"`
	DepartmentID *int64  `json:"department_id"`
	OfficialID   *int64  `json:"official_id"`
	SourceID     *int64  `json:"source_id"`
	Enabled      *bool   `json:"enabled"`
}

// UpdateUser changes an account. Disabling it ends its sessions at once; an
// administrator cannot disable their own account.
func (s *Service) UpdateUser(ctx context.Context, a Actor, id int64, p UserPatch) (domain.User, error) {
	if err := s.checkLinks(ctx, p.DepartmentID, p.OfficialID, p.SourceID); err != nil {
		return domain.User{}, err
	}
	var u domain.User
	err := s.DB.Do(ctx, func(tx *store.Tx) error {
		var err error
		if u, err = tx.UserForUpdate(id); err != nil {
			return notFoundAs(err, "user")
		}
		changes := map[string]any{}
		if p.DisplayName != nil {
			if len([]rune(*p.DisplayName)) > 64 {
				return domain.Invalid("display name too long", domain.FieldError{Field: "display_name", Message: "at most 64 characters"})
			}
			u.DisplayName, changes["display_name"] = *p.DisplayName, *p.DisplayName
		}
		if p.DepartmentID != nil {
			u.DepartmentID, changes["department_id"] = p.DepartmentID, *p.DepartmentID
		}
		if p.OfficialID != nil {
			u.OfficialID, changes["official_id"] = p.OfficialID, *p.OfficialID
		}
		if p.SourceID != nil {
			u.SourceID, changes["source_id"] = p.SourceID, *p.SourceID
		}
		if p.Enabled != nil && *p.Enabled != u.Enabled {
			if !*p.Enabled && id == a.UserID {
				return domain.Invalid("you cannot disable your own account", domain.FieldError{Field: "enabled", Message: "cannot disable yourself"})
			}
			u.Enabled, changes["enabled"] = *p.Enabled, *p.Enabled
			if !u.Enabled {
				if _, err := tx.RevokeUserSessions(u.ID, "user_disabled"); err != nil {
					return err
				}
			}
		}
		u.Version++
		if err := tx.SaveUser(&u); err != nil {
			return err
		}
		return tx.Audit(a.Entry("user_update", "user", itoa(u.ID), domain.OutcomeSuccess, changes))
	})
	return u, err
}

// SetRoles changes a user's grants and ends their sessions, so the change
// applies from their next sign-in. Nobody changes their own grants. A
// change that adds a role needing approval (policies/duties.yaml) is not
// applied: it waits as a grant request for a second security administrator
// (the CLI's changes apply at once).
func (s *Service) SetRoles(ctx context.Context, a Actor, id int64, in []GrantInput) (domain.User, *domain.GrantRequest, error) {
	if id == a.UserID && a.UserID != 0 {
		return domain.User{}, nil, forbidden("nobody changes their own grants")
	}
	d, err := s.Duties()
	if err != nil {
		return domain.User{}, nil, err
	}
	var u domain.User
	var req *domain.GrantRequest
	err = s.DB.Do(ctx, func(tx *store.Tx) error {
		req = nil
		var err error
		if u, err = tx.UserForUpdate(id); err != nil {
			return notFoundAs(err, "user")
		}
		grants, err := s.validateGrants(tx, in, u.DepartmentID, u.OfficialID, u.SourceID)
		if err != nil {
			return err
		}
		if a.UserID != 0 {
			current, err := tx.Grants(id)
			if err != nil {
				return err
			}
			if needs := needingApproval(d, current, grants); len(needs) > 0 {
				req, err = proposeGrants(tx, a, id, in, needs)
				return err
			}
		}
		if err := applyGrants(tx, &u, grants); err != nil {
			return err
		}
		return tx.Audit(a.Entry("user_roles", "user", itoa(u.ID), domain.OutcomeSuccess, map[string]any{"grants": in}))
	})
	return u, req, err
}

// ResetPassword takes an account's password away and ends its sessions.
// Through the API the account then waits for activation, and the returned
// code is the first half of its activation code, good until the time
// returned; at the server's shell the result is a temporary password, to be
// changed at the next sign-in (and the time is zero).
func (s *Service) ResetPassword(ctx context.Context, a Actor, id int64) (string, time.Time, error) {
	out, until := "", time.Time{}
	err := s.DB.Do(ctx, func(tx *store.Tx) error {
		u, err := tx.UserForUpdate(id)
		if err != nil {
			return notFoundAs(err, "user")
		}
		if a.UserID != 0 {
			if u.ID == a.UserID {
				return forbidden("change your own password under your account, not by a reset")
			}
			out = s.startActivation(tx, a, &u)
			until = *u.ActivationUntil
		} else {
			out = auth.RandomPassword()
			u.PasswordHash, u.MustChangePassword, u.PasswordChangedAt = auth.HashPassword(out), true, tx.Now()
			u.ActivationAHash, u.ActivationABy, u.ActivationBHash, u.ActivationUntil = "", nil, "", nil
		}
		u.FailedLogins, u.LockedUntil = 0, nil
		if err := tx.ClearLoginFailures(s.signInKeys(u.Username, "").account); err != nil {
			return err
		}
		u.Version++
		if err := tx.SaveUser(&u); err != nil {
			return err
		}
		if _, err := tx.RevokeUserSessions(u.ID, "password_reset"); err != nil {
			return err
		}
		return tx.Audit(a.Entry("user_reset_password", "user", itoa(u.ID), domain.OutcomeSuccess, nil))
	})
	return out, until, err
}

// Unlock lifts a lockout.
func (s *Service) Unlock(ctx context.Context, a Actor, id int64) (domain.User, error) {
	return s.changeUser(ctx, a, id, "user_unlock", func(tx *store.Tx, u *domain.User) error {
		u.FailedLogins, u.LockedUntil = 0, nil
		return tx.ClearLoginFailures(s.signInKeys(u.Username, "").account)
	}, false)
}

// ResetTOTP removes a user's second factor (a lost device); they enrol again
// at the next sign-in. Their sessions end.
func (s *Service) ResetTOTP(ctx context.Context, a Actor, id int64) (domain.User, error) {
	return s.changeUser(ctx, a, id, "user_reset_totp", func(_ *store.Tx, u *domain.User) error {
		u.TOTPEnabled, u.TOTPSecretEnc, u.TOTPLastStep = false, nil, 0
		return nil
	}, true)
}

func (s *Service) changeUser(ctx context.Context, a Actor, id int64, action string, change func(*store.Tx, *domain.User) error, endSessions bool) (domain.User, error) {
	var u domain.User
	err := s.DB.Do(ctx, func(tx *store.Tx) error {
		var err error
		if u, err = tx.UserForUpdate(id); err != nil {
			return notFoundAs(err, "user")
		}
		if err := change(tx, &u); err != nil {
			return err
		}
		u.Version++
		if err := tx.SaveUser(&u); err != nil {
			return err
		}
		if endSessions {
			if _, err := tx.RevokeUserSessions(u.ID, action); err != nil {
				return err
			}
			if err := tx.ReplaceRecoveryCodes(u.ID, nil); err != nil {
				return err
			}
		}
		return tx.Audit(a.Entry(action, "user", itoa(u.ID), domain.OutcomeSuccess, nil))
	})
	return u, err
}

// UserGrants returns a user's current grants.
func (s *Service) UserGrants(ctx context.Context, id int64) ([]domain.GrantInfo, error) {
	var out []domain.GrantInfo
	err := s.DB.Do(ctx, func(tx *store.Tx) error {
		var err error
		out, err = tx.Grants(id)
		return err
	})
	return out, err
}
