package app

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"integrity/internal/auth"
	"integrity/internal/domain"
	"integrity/internal/store"
	"integrity/policies"
)

// The separation of administrative duties (三员分立): policies/duties.yaml
// says which roles exclude each other and which grants wait for a second
// security administrator. Grants made through the API by a signed-in user
// follow it; grants made at the server's shell (the CLI, the demo seed) by
// the operator apply at once but still may not combine excluded roles.

var loadDuties = sync.OnceValues(func() (*auth.Duties, error) { return auth.LoadDuties(policies.FS) })

// Duties returns the rules of the separation of duties. Without them every
// grant is refused: the check fails closed.
func (s *Service) Duties() (*auth.Duties, error) { return loadDuties() }

// ActivationTTL is how long an activation code holds.
const ActivationTTL = 72 * time.Hour

func rolesOf[G domain.RoleGrant | domain.GrantInfo](grants []G) []string {
	out := make([]string, 0, len(grants))
	for _, g := range grants {
		switch g := any(g).(type) {
		case domain.RoleGrant:
			out = append(out, g.Role)
		case domain.GrantInfo:
			out = append(out, g.Role)
		}
	}
	return out
}

// checkDuties refuses a set of grants whose roles exclude each other.
func (s *Service) checkDuties(grants []domain.RoleGrant) error {
	d, err := s.Duties()
	if err != nil {
		return err
	}
	if why := d.Breach(rolesOf(grants)); why != "" {
		return domain.Invalid("the roles exclude each other", domain.FieldError{Field: "grants", Message: why})
	}
	return nil
}

// needingApproval lists the roles of next that need a second security
// administrator and that current does not already grant as widely (a new
// role, or the same role over another scope or department).
func needingApproval(d *auth.Duties, current []domain.GrantInfo, next []domain.RoleGrant) []string {
	var out []string
	for _, g := range next {
		if !d.NeedsApproval(g.Role) {
			continue
		}
		same := false
		for _, c := range current {
			same = same || (c.Role == g.Role && c.Scope == g.Scope && sameID(c.DepartmentID, g.DepartmentID))
		}
		if !same {
			out = append(out, g.Role)
		}
	}
	sort.Strings(out)
	return out
}

func sameID(a, b *int64) bool { return (a == nil && b == nil) || (a != nil && b != nil && *a == *b) }

// proposeGrants stores a grant request for a change that needs approval.
func proposeGrants(tx *store.Tx, a Actor, userID int64, in []GrantInput, needs []string) (*domain.GrantRequest, error) {
	b, _ := json.Marshal(in)
	r := &domain.GrantRequest{UserID: userID, Grants: string(b), Needs: strings.Join(needs, ","), State: domain.GrantPending,
		RequestedBy: a.UserID, RequestedAt: tx.Now()}
	if err := tx.CreateGrantRequest(r); err != nil {
		return nil, err
	}
	return r, tx.Audit(a.Entry("grant_request", "user", itoa(userID), domain.OutcomeSuccess, map[string]any{"request_id": r.ID, "grants": in, "needs": needs}))
}

// applyGrants replaces a user's grants and ends their sessions.
func applyGrants(tx *store.Tx, u *domain.User, grants []domain.RoleGrant) error {
	if err := tx.SetGrants(u.ID, grants); err != nil {
		return err
	}
	u.Version++
	if err := tx.SaveUser(u); err != nil {
		return err
	}
	_, err := tx.RevokeUserSessions(u.ID, "roles_changed")
	return err
}

func forbidden(msg string) error { return &domain.Error{Code: domain.EFORBIDDEN, Message: msg} }

// DecideGrantRequest approves or rejects a pending grant request. Only a
// security administrator who neither proposed it nor would hold it decides
// it; the proposer may withdraw it (a rejection). An approval checks the
// grants again against the account as it is now.
func (s *Service) DecideGrantRequest(ctx context.Context, a Actor, id int64, approve bool, reason string) (domain.GrantRequest, error) {
	reason = strings.TrimSpace(reason)
	if !approve && reason == "" {
		return domain.GrantRequest{}, domain.Invalid("say why the request is rejected", domain.FieldError{Field: "reason", Message: "required"})
	}
	if len([]rune(reason)) > 500 {
		return domain.GrantRequest{}, domain.Invalid("reason too long", domain.FieldError{Field: "reason", Message: "at most 500 characters"})
	}
	var r domain.GrantRequest
	err := s.DB.Do(ctx, func(tx *store.Tx) error {
		var err error
		if r, err = tx.GrantRequestForUpdate(id); err != nil {
			return notFoundAs(err, "grant request")
		}
		switch {
		case r.State != domain.GrantPending:
			return &domain.Error{Code: domain.ECONFLICT, Message: "the request was already decided (" + r.State + ")"}
		case r.UserID == a.UserID:
			return forbidden("nobody decides a change of their own grants")
		case approve && r.RequestedBy == a.UserID:
			return forbidden("a second security administrator approves: not the one who proposed the change")
		}
		now := tx.Now()
		r.DecidedBy, r.DecidedAt, r.Reason = &a.UserID, &now, reason
		r.State = domain.GrantRejected
		action := "grant_reject"
		if approve {
			r.State, action = domain.GrantApproved, "grant_approve"
			var in []GrantInput
			if err := json.Unmarshal([]byte(r.Grants), &in); err != nil {
				return err
			}
			u, err := tx.UserForUpdate(r.UserID)
			if err != nil {
				return notFoundAs(err, "user")
			}
			grants, err := s.validateGrants(tx, in, u.DepartmentID, u.OfficialID, u.SourceID)
			if err != nil {
				return err
			}
			if err := applyGrants(tx, &u, grants); err != nil {
				return err
			}
		}
		if err := tx.SaveGrantRequest(&r); err != nil {
			return err
		}
		return tx.Audit(a.Entry(action, "user", itoa(r.UserID), domain.OutcomeSuccess, map[string]any{"request_id": r.ID, "grants": json.RawMessage(r.Grants), "reason": reason}))
	})
	return r, err
}

// GrantRequests lists grant requests, newest first. Audited: it names
// accounts and what they are to be allowed.
func (s *Service) GrantRequests(ctx context.Context, cl Caller, state string, p domain.Page) ([]domain.GrantRequestRow, int64, error) {
	rows, total, err := s.DB.GrantRequests(ctx, state, p)
	if err != nil {
		return nil, 0, err
	}
	return rows, total, s.audited(ctx, cl, "grant_request_list", "user", "", map[string]any{"state": state, "shown": len(rows)})
}

// DutyBreaches lists the accounts whose roles break the separation of
// duties (an install from before it, or a database edited by hand), and
// counts the security administrators: an install upgraded from before the
// three administrators has none until the operator creates them at the
// shell. Accounts in breach cannot sign in until a security administrator
// changes their grants.
func (s *Service) DutyBreaches(ctx context.Context) (breaches []string, securityAdmins int, err error) {
	d, err := s.Duties()
	if err != nil {
		return nil, 0, err
	}
	roles, names, err := s.DB.UsersWithRoles(ctx)
	if err != nil {
		return nil, 0, err
	}
	for id, rs := range roles {
		if why := d.Breach(rs); why != "" {
			breaches = append(breaches, fmt.Sprintf("user %s (id %d): %s", names[id], id, why))
		}
		if slices.Contains(rs, domain.RoleSecurityAdmin) {
			securityAdmins++
		}
	}
	sort.Strings(breaches)
	return breaches, securityAdmins, nil
}

// breached refuses a principal whose grants break the separation of duties.
func (s *Service) breached(grants []domain.GrantInfo) error {
	d, err := s.Duties()
	if err != nil {
		return err
	}
	if why := d.Breach(rolesOf(grants)); why != "" {
		return forbidden("this account holds roles that exclude each other (" + why + "); a security administrator must change its grants before it signs in")
	}
	return nil
}

// activation codes: two halves of eight characters from an alphabet
// without look-alikes.
const activationAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

func activationHalf() string {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	for i := range b {
		b[i] = activationAlphabet[int(b[i])%len(activationAlphabet)]
	}
	return string(b[:4]) + "-" + string(b[4:])
}

func normalizeHalf(code string) string {
	return strings.ToUpper(strings.NewReplacer("-", "", " ", "").Replace(strings.TrimSpace(code)))
}

func (s *Service) activationHash(userID int64, half, code string) string {
	return s.Keys.BlindIndex("activation:" + itoa(userID) + ":" + half + ":" + normalizeHalf(code))
}

// startActivation makes an account wait for its owner: no password anyone
// knows, and the first half of a new activation code for the administrator
// who created or reset it. The second half comes from a security
// administrator (IssueActivation).
func (s *Service) startActivation(tx *store.Tx, a Actor, u *domain.User) string {
	code := activationHalf()
	until := tx.Now().Add(ActivationTTL)
	by := a.UserID
	u.PasswordHash, u.MustChangePassword, u.PasswordChangedAt = auth.HashPassword(auth.RandomPassword()), true, tx.Now()
	u.ActivationAHash, u.ActivationABy, u.ActivationBHash, u.ActivationUntil = s.activationHash(u.ID, "a", code), &by, "", &until
	return code
}

// IssueActivation gives a security administrator the second half of an
// account's activation code, to be handed to the owner apart from the
// first. Whoever handed out the first half may not issue the second.
func (s *Service) IssueActivation(ctx context.Context, a Actor, id int64) (string, time.Time, error) {
	code := activationHalf()
	var until time.Time
	err := s.DB.Do(ctx, func(tx *store.Tx) error {
		u, err := tx.UserForUpdate(id)
		if err != nil {
			return notFoundAs(err, "user")
		}
		switch {
		case !u.AwaitingActivation():
			return &domain.Error{Code: domain.ECONFLICT, Message: "the account does not wait for activation; reset its password first"}
		case u.ID == a.UserID:
			return forbidden("nobody issues their own activation code")
		case u.ActivationABy != nil && *u.ActivationABy == a.UserID:
			return forbidden("the second half comes from another administrator than the first")
		}
		until = tx.Now().Add(ActivationTTL)
		u.ActivationBHash, u.ActivationUntil = s.activationHash(u.ID, "b", code), &until
		u.Version++
		if err := tx.SaveUser(&u); err != nil {
			return err
		}
		return tx.Audit(a.Entry("user_activation_issue", "user", itoa(u.ID), domain.OutcomeSuccess, map[string]any{"until": until}))
	})
	return code, until, err
}

// ActivateInput is what an account's owner gives to set the first password.
type ActivateInput struct {
	Username    string
	CodeA       string
	CodeB       string
	NewPassword string
}

// Activate sets an account's first password from the two halves of its
// activation code. Wrong codes count as failed sign-ins (the same limits
// and the same answer for an unknown account).
func (s *Service) Activate(ctx context.Context, a Actor, in ActivateInput) error {
	in.Username = strings.TrimSpace(in.Username)
	if err := s.PasswordPolicy().Check("new_password", in.NewPassword, in.Username); err != nil {
		return err
	}
	k := s.signInKeys(in.Username, a.IP)
	var result error
	err := s.DB.Do(ctx, func(tx *store.Tx) error {
		result = nil
		now := tx.Now()
		a.Username = in.Username
		wait, err := s.lockedOut(tx, k, now)
		if err != nil {
			return err
		}
		if wait > 0 {
			result = tooMany(wait)
			return tx.Audit(a.Entry("user_activate", "user", "", domain.OutcomeDenied, "locked"))
		}
		u, err := tx.UserByUsername(in.Username)
		if err != nil && domain.ErrorCode(err) != domain.ENOTFOUND {
			return err
		}
		ok := err == nil && u.AwaitingActivation() && u.ActivationBHash != "" && u.ActivationUntil != nil && now.Before(*u.ActivationUntil)
		if ok {
			ok = subtle.ConstantTimeCompare([]byte(s.activationHash(u.ID, "a", in.CodeA)), []byte(u.ActivationAHash)) == 1 &&
				subtle.ConstantTimeCompare([]byte(s.activationHash(u.ID, "b", in.CodeB)), []byte(u.ActivationBHash)) == 1
		}
		if !ok {
			result = unauthenticated("the account or the activation code is wrong, or the code has expired",
				domain.FieldError{Field: "code_a", Message: "wrong or expired"})
			var up *domain.User
			if err == nil {
				up = &u
			}
			return s.failSignIn(tx, a, k, up, "wrong activation code", &result)
		}
		a.UserID = u.ID
		u.PasswordHash, u.MustChangePassword, u.PasswordChangedAt = auth.HashPassword(in.NewPassword), false, now
		u.ActivationAHash, u.ActivationABy, u.ActivationBHash, u.ActivationUntil = "", nil, "", nil
		u.FailedLogins, u.LockedUntil = 0, nil
		u.Version++
		if err := tx.SaveUser(&u); err != nil {
			return err
		}
		return tx.Audit(a.Entry("user_activate", "user", itoa(u.ID), domain.OutcomeSuccess, nil))
	})
	if err != nil {
		return err
	}
	return result
}
