package app

import (
	"context"
	"strings"

	"integrity/internal/auth"
	"integrity/internal/domain"
	"integrity/internal/store"
)

// EOTPREQUIRED is the code of a login whose password was right but which
// still needs the second factor.
const EOTPREQUIRED = "otp_required"

// LoginInput is a sign-in attempt.
type LoginInput struct {
	Username, Password, OTP string
}

// TokenPair is what a successful sign-in or refresh returns.
type TokenPair struct {
	AccessToken  string
	RefreshToken string
	TokenType    string
	ExpiresIn    int
}

const badCredentials = "the username or password is wrong"

// Login checks a password (and, where required, a second factor) and starts
// a session. Failures are counted against the account, the client address
// and the two together (signinlimits.go); while a lock holds, every attempt
// answers ETOOMANY with the seconds to wait. A login naming no user takes as
// long as one with a wrong password and is counted and audited the same
// way. Failed attempts are committed even though the call returns an error.
func (s *Service) Login(ctx context.Context, a Actor, in LoginInput) (TokenPair, error) {
	var pair TokenPair
	var result error
	in.Username = strings.TrimSpace(in.Username)
	k := s.signInKeys(in.Username, a.IP)
	err := s.DB.Do(ctx, func(tx *store.Tx) error {
		pair, result = TokenPair{}, nil // a retried attempt starts afresh
		now := tx.Now()
		a.Username = in.Username
		u, err := tx.UserByUsername(in.Username)
		known := err == nil
		if err != nil && domain.ErrorCode(err) != domain.ENOTFOUND {
			return err
		}
		target := ""
		if known {
			a.UserID, target = u.ID, itoa(u.ID)
		}
		wait, err := s.lockedOut(tx, k, now)
		if err != nil {
			return err
		}
		if known && u.LockedUntil != nil && u.LockedUntil.Sub(now) > wait {
			wait = u.LockedUntil.Sub(now)
		}
		if wait > 0 {
			auth.BurnPasswordCheck(in.Password)
			result = tooMany(wait)
			return tx.Audit(a.Entry("login", "user", target, domain.OutcomeDenied, "locked"))
		}
		if !known {
			auth.BurnPasswordCheck(in.Password)
			result = unauthenticated(badCredentials)
			return s.failSignIn(tx, a, k, nil, "unknown username", &result)
		}
		ok, err := auth.CheckPassword(u.PasswordHash, in.Password)
		if err != nil {
			return err
		}
		if !ok || !u.Enabled {
			note := "wrong password"
			if ok {
				note = "account disabled"
			}
			result = unauthenticated(badCredentials)
			return s.failSignIn(tx, a, k, &u, note, &result)
		}
		grants, err := tx.Grants(u.ID)
		if err != nil {
			return err
		}
		if err := s.breached(grants); err != nil {
			result = err
			return tx.Audit(a.Entry("login", "user", itoa(u.ID), domain.OutcomeDenied, "separation of duties breached"))
		}
		if u.TOTPEnabled {
			if strings.TrimSpace(in.OTP) == "" {
				result = &domain.Error{Code: EOTPREQUIRED, Message: "enter the code from your authenticator app or a recovery code",
					Fields: []domain.FieldError{{Field: "otp", Message: "required"}}}
				return nil
			}
			passed, err := s.checkSecondFactor(tx, &u, in.OTP)
			if err != nil {
				return err
			}
			if !passed {
				result = unauthenticated("the second-factor code is wrong", domain.FieldError{Field: "otp", Message: "wrong or already used"})
				return s.failSignIn(tx, a, k, &u, "wrong second factor", &result)
			}
		}
		u.FailedLogins, u.LockedUntil, u.LastLoginAt = 0, nil, &now
		if err := tx.SaveUser(&u); err != nil {
			return err
		}
		// The owner's address and the account count afresh; another
		// address's lock on the account stays, and so does the address's
		// own count.
		if err := tx.DropLoginFailures(k.account, k.pair); err != nil {
			return err
		}
		pair, err = s.startSession(tx, a, u.ID)
		if err != nil {
			return err
		}
		a.Role = primaryRole(grants)
		return tx.Audit(a.Entry("login", "user", itoa(u.ID), domain.OutcomeSuccess, nil))
	})
	if err != nil {
		return TokenPair{}, err
	}
	return pair, result
}

// checkSecondFactor accepts a TOTP code (not replayed) or an unused
// recovery code.
func (s *Service) checkSecondFactor(tx *store.Tx, u *domain.User, otp string) (bool, error) {
	otp = strings.TrimSpace(otp)
	if strings.Contains(otp, "-") {
		return tx.UseRecoveryCode(u.ID, auth.HashToken(otp))
	}
	secret, err := s.Keys.Decrypt(u.TOTPSecretEnc, totpAD)
	if err != nil {
		return false, err
	}
	step, ok := auth.CheckTOTP(secret, otp, tx.Now(), u.TOTPLastStep)
	if ok {
		u.TOTPLastStep = step
	}
	return ok, nil
}

const totpAD = "users.totp_secret"

func (s *Service) startSession(tx *store.Tx, a Actor, userID int64) (TokenPair, error) {
	now := tx.Now()
	sess := domain.Session{ID: auth.RandomToken(16), UserID: userID, CreatedAt: now, LastUsedAt: now,
		ExpiresAt: now.Add(s.Cfg.SessionTTL), IP: a.IP, UserAgent: truncate(a.UserAgent, 255)}
	if err := tx.CreateSession(&sess); err != nil {
		return TokenPair{}, err
	}
	return s.issue(tx, sess)
}

func (s *Service) issue(tx *store.Tx, sess domain.Session) (TokenPair, error) {
	now := tx.Now()
	refresh := auth.RandomToken(32)
	if err := tx.AddRefreshToken(&domain.RefreshToken{SessionID: sess.ID, TokenHash: auth.HashToken(refresh), CreatedAt: now, ExpiresAt: sess.ExpiresAt}); err != nil {
		return TokenPair{}, err
	}
	access, err := s.Tokens.Issue(sess.UserID, sess.ID, now)
	if err != nil {
		return TokenPair{}, err
	}
	return TokenPair{AccessToken: access, RefreshToken: refresh, TokenType: "Bearer", ExpiresIn: int(s.Tokens.TTL.Seconds())}, nil
}

// Refresh rotates a refresh token: the old one is spent and a new pair is
// issued. Presenting a spent token again is taken as theft: the whole
// session (every token of the family) ends and the reuse is audited.
func (s *Service) Refresh(ctx context.Context, a Actor, token string) (TokenPair, error) {
	var pair TokenPair
	var result error
	err := s.DB.Do(ctx, func(tx *store.Tx) error {
		pair, result = TokenPair{}, nil // a retried attempt starts afresh
		now := tx.Now()
		tok, spent, err := tx.SpendRefreshToken(auth.HashToken(token))
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			result = unauthenticated("the refresh token is not valid")
			return nil
		} else if err != nil {
			return err
		}
		sess, err := tx.Session(tok.SessionID)
		if err != nil {
			return err
		}
		u, err := tx.User(sess.UserID)
		if err != nil {
			return err
		}
		a.UserID, a.Username, a.SessionID = u.ID, u.Username, sess.ID
		if spent {
			result = unauthenticated("the refresh token was already used; the session has ended")
			if err := tx.RevokeSession(sess.ID, "refresh_reuse"); err != nil {
				return err
			}
			return tx.Audit(a.Entry("refresh_reuse", "session", sess.ID, domain.OutcomeDenied, "a spent refresh token was presented again; session revoked"))
		}
		if sess.RevokedAt != nil || !now.Before(sess.ExpiresAt) || !now.Before(tok.ExpiresAt) ||
			now.Sub(sess.LastUsedAt) > SessionIdle || !u.Enabled {
			result = unauthenticated("the session has ended; sign in again")
			return nil
		}
		if err := tx.TouchSession(sess.ID); err != nil {
			return err
		}
		pair, err = s.issue(tx, sess)
		return err
	})
	if err != nil {
		return TokenPair{}, err
	}
	return pair, result
}

// Logout ends the caller's session.
func (s *Service) Logout(ctx context.Context, a Actor) error {
	return s.DB.Do(ctx, func(tx *store.Tx) error {
		if err := tx.RevokeSession(a.SessionID, "logout"); err != nil {
			return err
		}
		return tx.Audit(a.Entry("logout", "session", a.SessionID, domain.OutcomeSuccess, nil))
	})
}

func primaryRole(grants []domain.GrantInfo) string {
	if len(grants) == 0 {
		return ""
	}
	return grants[0].Role
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
