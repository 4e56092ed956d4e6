package app

import (
	"math"
	"strings"
	"time"

	"integrity/internal/domain"
	"integrity/internal/store"
)

// Sign-in limits. A failed sign-in counts three times: for the account and
// the client address together (a pair), for the account from every
// address, and for the address against every account. A pair locks at the
// configured threshold, so one remote client guessing at an account is
// stopped there while the owner, from their own address, still signs in;
// the account locks at accountFactor times the threshold, so guesses spread
// over many addresses still meet a lockout; an address locks at
// addressFactor times the threshold, so one client cannot spray guesses
// over many accounts. A count nobody has added to for the lockout duration
// starts afresh, so one address, stopped at its pair's threshold, can never
// lock the account alone. Unknown account names count exactly as known
// ones, so the answers do not tell which names exist.
const (
	accountFactor = 3
	addressFactor = 10
)

// signInKeys are the counters of one attempt.
type signInKeys struct{ account, pair, address string }

func (s *Service) signInKeys(username, ip string) signInKeys {
	name := strings.ToLower(strings.TrimSpace(username))
	return signInKeys{account: s.Keys.BlindIndex("login:" + name), pair: s.Keys.BlindIndex("pair:" + name + "\n" + ip),
		address: s.Keys.BlindIndex("addr:" + ip)}
}

// tooMany is the answer to an attempt a lock holds off.
func tooMany(wait time.Duration) error {
	return &domain.Error{Code: domain.ETOOMANY, Message: "too many failed sign-ins; the account is locked for a while",
		RetryAfter: int(math.Ceil(wait.Seconds()))}
}

// lockedOut returns how long the longest lock on the attempt's counters
// still holds (zero: none holds). It reads without locking: a success
// never waits on the counters of others.
func (s *Service) lockedOut(tx *store.Tx, k signInKeys, now time.Time) (time.Duration, error) {
	counters, err := tx.PeekLoginFailures(k.pair, k.account, k.address)
	if err != nil {
		return 0, err
	}
	var wait time.Duration
	for _, f := range counters {
		if f.LockedUntil != nil && f.LockedUntil.Sub(now) > wait {
			wait = f.LockedUntil.Sub(now)
		}
	}
	return wait, nil
}

// countFailure counts a failed attempt in its three counters. It returns
// the wait of the lock the failure meets or starts (zero: none) and
// whether the account itself is now locked.
func (s *Service) countFailure(tx *store.Tx, k signInKeys, now time.Time) (wait time.Duration, accountLocked bool, err error) {
	threshold, hold := s.Cfg.LockoutThreshold, s.Cfg.LockoutDuration
	for _, c := range []struct {
		key, account string
		limit        int
	}{{k.address, "", addressFactor * threshold}, {k.account, "", accountFactor * threshold}, {k.pair, k.account, threshold}} {
		f, err := tx.LoginFailureForUpdate(c.key, c.account)
		if err != nil {
			return 0, false, err
		}
		switch {
		case f.LockedUntil != nil && f.LockedUntil.After(now): // locked meanwhile: nothing more to count
			wait = max(wait, f.LockedUntil.Sub(now))
			continue
		case f.LockedUntil != nil || now.Sub(f.UpdatedAt) >= hold: // an old count starts afresh
			f.Failures, f.LockedUntil = 0, nil
		}
		f.Failures++
		if f.Failures >= c.limit {
			until := now.Add(hold)
			f.LockedUntil, f.Failures = &until, 0
			wait = max(wait, hold)
			accountLocked = accountLocked || c.key == k.account
		}
		if err := tx.SaveLoginFailure(f, now.Add(-hold-24*time.Hour)); err != nil {
			return 0, false, err
		}
	}
	return wait, accountLocked, nil
}

// failSignIn counts a failure (u nil: the name names no account) and
// answers it: wrong credentials, or the lock the failure met or started.
func (s *Service) failSignIn(tx *store.Tx, a Actor, k signInKeys, u *domain.User, note string, result *error) error {
	now := tx.Now()
	wait, accountLocked, err := s.countFailure(tx, k, now)
	if err != nil {
		return err
	}
	target := ""
	if u != nil {
		target = itoa(u.ID)
		u.FailedLogins++
		if accountLocked {
			until := now.Add(s.Cfg.LockoutDuration)
			u.LockedUntil, u.FailedLogins = &until, 0
		}
		if err := tx.SaveUser(u); err != nil {
			return err
		}
	}
	if wait > 0 {
		*result = tooMany(wait)
		if err := tx.Audit(a.Entry("login_locked", "user", target, domain.OutcomeDenied, map[string]any{"until": now.Add(wait), "account": accountLocked})); err != nil {
			return err
		}
	}
	return tx.Audit(a.Entry("login", "user", target, domain.OutcomeFailure, note))
}
