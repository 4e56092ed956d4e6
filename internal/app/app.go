// Package app holds the platform's use cases. Each one checks its input and
// permissions with domain rules, changes state through the store and writes
// its audit entry in the same transaction, so every entry point (HTTP, CLI,
// jobs) gets the same behaviour.
package app

import (
	"encoding/json"
	"fmt"
	"os"
	"time"

	"integrity/internal/auth"
	"integrity/internal/config"
	"integrity/internal/domain"
	"integrity/internal/eligibility"
	"integrity/internal/lookup"
	"integrity/internal/opinion"
	"integrity/internal/scoring"
	"integrity/internal/secure"
	"integrity/internal/selfservice"
	"integrity/internal/store"
	"integrity/internal/warning"
)

// Service is the set of use cases, wired explicitly.
type Service struct {
	DB     *store.DB
	Keys   *secure.Keys
	Tokens *auth.Tokens
	Cfg    config.Auth
	// Demo relaxes the second factor: in demo mode only users who enrolled
	// are asked for it.
	Demo bool
	// DataDir keeps uploaded import files until they are processed.
	DataDir string
	// JobStale is how long a running job or import may go without progress
	// (a job: how long its lease lasts unrenewed) before another runner
	// takes it over.
	JobStale time.Duration
	// Instance names this process among the replicas, in the leases it
	// holds.
	Instance string
	// OpinionRules is the deployment's policy of integrity opinions
	// (INTEGRITY_OPINIONS_POLICY); nil: the shipped policies/opinions.yaml.
	OpinionRules *opinion.Policy

	kick     chan struct{}
	jobKick  chan struct{}
	scoring  policyCache[*scoring.Policy]
	lookups  policyCache[*lookup.Policy]
	warnings policyCache[*warning.Policy]
	// eligibility is parsed against the scoring policy's grades too.
	eligibility policyCache[*eligibility.Policy]
	selfservice policyCache[*selfservice.Policy]
	reads       auditBatcher
	anchor      anchorState
}

// New returns the use cases over db.
func New(db *store.DB, keys *secure.Keys, cfg config.Auth, demo bool) *Service {
	db.Chain = keys
	return &Service{DB: db, Keys: keys, Tokens: auth.NewTokens(keys.JWT, cfg.AccessTTL), Cfg: cfg, Demo: demo,
		kick: make(chan struct{}, 1), jobKick: make(chan struct{}, 1), JobStale: 2 * time.Minute, Instance: instanceName()}
}

// SessionIdle ends a session nobody refreshed for this long.
const SessionIdle = 30 * time.Minute

// Actor is who asks for a use case, and from where.
type Actor struct {
	UserID    int64
	Username  string
	Role      string // the role that allowed the request (first of them)
	IP        string
	UserAgent string
	RequestID string
	SessionID string
}

func (a Actor) Entry(action, targetType, targetID, outcome string, detail any) *domain.AuditEntry {
	e := &domain.AuditEntry{
		Actor: a.Username, Role: a.Role, IP: a.IP, Action: action,
		TargetType: targetType, TargetID: targetID, Outcome: outcome, RequestID: a.RequestID,
	}
	if a.UserID != 0 {
		id := a.UserID
		e.ActorID = &id
	}
	switch d := detail.(type) {
	case nil:
		e.Detail = "{}"
	case string:
		b, _ := json.Marshal(map[string]string{"note": d})
		e.Detail = string(b)
	default:
		b, _ := json.Marshal(d)
		e.Detail = string(b)
	}
	return e
}

func (s *Service) now() time.Time { return s.DB.Now() }

// PasswordPolicy returns the configured password rule.
func (s *Service) PasswordPolicy() auth.PasswordPolicy {
	return auth.PasswordPolicy{MinLength: s.Cfg.PasswordMinLength, Classes: s.Cfg.PasswordClasses, MaxAgeDays: s.Cfg.PasswordMaxAgeDays}
}

// TOTPRequired reports whether a user with these roles must use a second
// factor.
func (s *Service) TOTPRequired(grants []domain.GrantInfo) bool {
	for _, g := range grants {
		for _, r := range s.Cfg.TOTPRoles {
			if g.Role == r {
				return true
			}
		}
	}
	return false
}

// PasswordExpiresAt returns when a password set at changed expires, or nil
// when passwords do not expire.
func (s *Service) PasswordExpiresAt(changed time.Time) *time.Time {
	if s.Cfg.PasswordMaxAgeDays == 0 {
		return nil
	}
	t := changed.AddDate(0, 0, s.Cfg.PasswordMaxAgeDays)
	return &t
}

// notFoundAs names the kind of a missing row; any other failure (a lost
// database, a lock conflict the transaction retries) passes unchanged.
func notFoundAs(err error, kind string) error {
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return domain.NotFound(kind)
	}
	return err
}

func unauthenticated(msg string, fields ...domain.FieldError) error {
	return &domain.Error{Code: domain.EUNAUTHENTICATED, Message: msg, Fields: fields}
}

// instanceName names a process: its host, its pid and a random suffix, so
// a restarted process is a new owner.
func instanceName() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), auth.RandomToken(4))
}
