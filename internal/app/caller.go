package app

import (
	"context"
	"strings"

	"integrity/internal/domain"
)

// Credentials are what a request presents: an API key (a source's or an
// API client's), or a bearer access token, and where it came from.
type Credentials struct {
	APIKey        string
	Authorization string // the Authorization header, "Bearer <token>"
	IP            string
	UserAgent     string
	RequestID     string
}

// Caller is who is asking, built once per request: the credentials'
// holder, the roles whose policy lines allowed the route, and what those
// roles let them see. Every use case that reads or changes personal data
// takes the Caller and decides visibility from it; nothing outside app
// computes a scope.
type Caller struct {
	Principal *domain.Principal   // a signed-in user; nil otherwise
	Source    *domain.Source      // a source system's key
	Client    *domain.ClientGrant // an API client's key
	// Allowed holds the subjects whose policy lines allowed the route.
	Allowed map[string]bool
	// Restriction: a signed-in user who must first change their password
	// or enrol a second factor; their roles allow nothing else until then.
	Restriction Restriction

	IP, UserAgent, RequestID string

	// Set by Resolve once the route policy has answered.
	scope  domain.Scope
	submit *domain.Source // the source whose records the caller handles
}

// Anonymous reports a caller who presented no credentials.
func (c Caller) Anonymous() bool { return c.Principal == nil && c.Source == nil && c.Client == nil }

// Is reports whether role allowed this request.
func (c Caller) Is(role string) bool { return c.Allowed[role] }

// Subjects are the policy subjects the caller speaks for: anonymous, plus
// the key's role or the signed-in user's roles (none while restricted).
func (c Caller) Subjects() []string {
	subjects := []string{domain.RoleAnonymous}
	switch {
	case c.Client != nil:
		subjects = append(subjects, c.Client.Role)
	case c.Source != nil:
		subjects = append(subjects, domain.RoleSourceSystem)
	case c.Principal != nil:
		subjects = append(subjects, domain.RoleAuthenticated)
		if c.Restriction == "" {
			for _, g := range c.Principal.Grants {
				subjects = append(subjects, g.Role)
			}
		}
	}
	return subjects
}

// Scope is the data scope of the grants that allowed the request (an API
// client's own scope); the zero scope sees nothing.
func (c Caller) Scope() domain.Scope { return c.scope }

// Actor describes the caller for the audit trail.
func (c Caller) Actor() Actor {
	a := Actor{IP: c.IP, UserAgent: c.UserAgent, RequestID: c.RequestID}
	if c.Source != nil {
		a.Username, a.Role = "source:"+c.Source.Code, domain.RoleSourceSystem
	}
	if c.Client != nil {
		a.Username, a.Role = "client:"+c.Client.Name, c.Client.Role
	}
	if c.Principal != nil {
		a.UserID, a.Username, a.SessionID = c.Principal.User.ID, c.Principal.User.Username, c.Principal.Session.ID
		for _, g := range c.Principal.Grants {
			if c.Allowed[g.Role] {
				a.Role = g.Role
				break
			}
		}
	}
	return a
}

// Authenticate finds who presents the credentials: an API client, a source
// system or a signed-in user (read fresh from the database, so logout,
// disabling and role changes act at once). No credentials: an anonymous
// caller. Bad credentials: EUNAUTHENTICATED, the same answer for a forged,
// expired or revoked token.
func (s *Service) Authenticate(ctx context.Context, cr Credentials) (Caller, error) {
	cl := Caller{IP: cr.IP, UserAgent: cr.UserAgent, RequestID: cr.RequestID}
	switch {
	case cr.APIKey != "" && IsClientKey(cr.APIKey):
		client, err := s.ClientByKey(ctx, cr.APIKey)
		if err != nil {
			return cl, err
		}
		cl.Client = &client
	case cr.APIKey != "":
		src, err := s.SourceByKey(ctx, cr.APIKey)
		if err != nil {
			return cl, err
		}
		cl.Source = &src
	case cr.Authorization != "":
		p, err := s.principalOf(ctx, cr.Authorization)
		if err != nil {
			return cl, err
		}
		cl.Principal = &p
		cl.Restriction = s.RestrictionOf(p)
	}
	return cl, nil
}

func (s *Service) principalOf(ctx context.Context, header string) (domain.Principal, error) {
	bad := unauthenticated("the access token is missing, invalid or expired; sign in again")
	token, ok := strings.CutPrefix(header, "Bearer ")
	if !ok {
		return domain.Principal{}, bad
	}
	now := s.now()
	uid, sid, err := s.Tokens.Parse(strings.TrimSpace(token), now)
	if err != nil {
		return domain.Principal{}, bad
	}
	p, err := s.DB.LoadPrincipal(ctx, sid, uid)
	if err != nil {
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return p, bad
		}
		return p, err
	}
	if !p.User.Enabled || p.Session.RevokedAt != nil || !now.Before(p.Session.ExpiresAt) {
		return p, bad // why is not the caller's to learn
	}
	if err := s.breached(p.Grants); err != nil {
		return p, err
	}
	return p, nil
}

// Resolve completes the caller once the route policy has named the roles
// that allowed the request: their data scope, and the source a data clerk
// works for. A database failure is an error, never a narrower view.
func (s *Service) Resolve(ctx context.Context, cl *Caller, allowed map[string]bool) error {
	cl.Allowed = allowed
	switch {
	case cl.Client != nil:
		cl.scope = cl.Client.Scope()
	case cl.Principal != nil:
		p := cl.Principal
		cl.scope = domain.ScopeOf(p.Grants, allowed, p.User.OfficialID)
		if allowed[domain.RoleDataClerk] && p.User.SourceID != nil {
			src, err := s.DB.Source(ctx, *p.User.SourceID)
			if err != nil && domain.ErrorCode(err) != domain.ENOTFOUND {
				return err
			}
			if err == nil {
				cl.submit = &src
			}
		}
	case cl.Source != nil:
		cl.submit = cl.Source
	}
	return nil
}

// Submitter is the source a records request acts for: a source key's
// source, or a data clerk's. ENOTFOUND for anyone else, so a clerk without
// a source sees nothing.
func (c Caller) Submitter() (Submitter, error) {
	if c.submit == nil {
		return Submitter{}, domain.NotFound("resource")
	}
	return Submitter{Source: *c.submit}, nil
}

// RecordSource is the source whose records the caller may see: 0 (every
// source) for an administrator, the caller's own source otherwise.
func (c Caller) RecordSource() (int64, error) {
	if c.Is(domain.RoleAdmin) {
		return 0, nil
	}
	sub, err := c.Submitter()
	return sub.Source.ID, err
}

// Self is the official the signed-in user is (the official role);
// ENOTFOUND for an account linked to no official.
func (c Caller) Self() (int64, error) {
	if c.Principal == nil {
		return 0, unauthenticated("sign in first")
	}
	if c.Principal.User.OfficialID == nil || !c.Is(domain.RoleOfficial) {
		return 0, domain.NotFound("official")
	}
	return *c.Principal.User.OfficialID, nil
}

// User is the signed-in user; EUNAUTHENTICATED for anyone else (routes
// that need one are open only to signed-in subjects).
func (c Caller) User() (*domain.Principal, error) {
	if c.Principal == nil {
		return nil, unauthenticated("sign in first")
	}
	return c.Principal, nil
}

// CaseScope is whose disputes and repairs the caller sees: a data clerk
// their source's, an official their own.
func (c Caller) CaseScope() (domain.CaseFilter, error) {
	if c.Is(domain.RoleDataClerk) {
		sub, err := c.Submitter()
		return domain.CaseFilter{SourceID: sub.Source.ID}, err
	}
	id, err := c.Self()
	return domain.CaseFilter{OfficialID: id}, err
}

// LookupView: an approver (the route allowed them as one) decides within
// their approver grants' scope; everyone else sees their own requests.
func (c Caller) LookupView() (LookupView, error) {
	p, err := c.User()
	if err != nil {
		return LookupView{}, err
	}
	v := LookupView{UserID: p.User.ID, Approver: c.Is(domain.RoleDisciplineApprover)}
	if v.Approver {
		v.Scope = domain.ScopeOf(p.Grants, map[string]bool{domain.RoleDisciplineApprover: true}, p.User.OfficialID)
	}
	return v, nil
}

// Checker is who runs eligibility checks and whose checks they see: an
// API client in its department scope, or a signed-in user in the scope of
// the grants that allowed the request.
func (c Caller) Checker() (Checker, error) {
	if c.Client != nil {
		return Checker{Owner: domain.CheckOwner{ClientID: c.Client.ID}, Scope: c.scope}, nil
	}
	p, err := c.User()
	if err != nil {
		return Checker{}, err
	}
	return Checker{Owner: domain.CheckOwner{UserID: p.User.ID}, Scope: c.scope}, nil
}

// LooksUpOnly reports a discipline-staff caller who reads files only
// through approved lookups (neither administrator nor data clerk).
func (c Caller) LooksUpOnly() bool {
	return !c.Is(domain.RoleAdmin) && !c.Is(domain.RoleDataClerk) && c.Is(domain.RoleDisciplineStaff)
}

// AuditDenied records a refused request: the route pattern and the path
// asked for.
func (s *Service) AuditDenied(ctx context.Context, cl Caller, route, path string) error {
	e := cl.Actor().Entry("access_denied", "route", route, domain.OutcomeDenied, map[string]string{"path": path})
	return s.DB.Audit(ctx, e)
}
