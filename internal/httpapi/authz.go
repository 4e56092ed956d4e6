package httpapi

import (
	"strings"

	"github.com/labstack/echo/v4"

	"integrity/internal/app"
	"integrity/internal/domain"
)

const ctxCaller = "integrity.caller"

// caller is who is asking, as the authorisation middleware found them.
type caller struct {
	principal *domain.Principal   // nil for an anonymous caller
	source    *domain.Source      // set for a request signed with a source's API key
	client    *domain.ClientGrant // set for a request signed with an API client's key
	allowed   map[string]bool     // the subjects whose policy lines allowed the route
}

// authorize authenticates the bearer token (if any), loads the caller fresh
// from the database, and asks the route policy whether any of the caller's
// roles may call this route. Denied: 401 for an anonymous caller on a route
// some role may call, 404 otherwise, so existence does not leak; a caller
// who must first change their password or enrol a second factor gets 403
// naming what to do.
func (s *Server) authorize(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		route, method := c.Path(), c.Request().Method
		cl := caller{}
		subjects := []string{domain.RoleAnonymous}
		var restriction app.Restriction
		if key := c.Request().Header.Get("X-API-Key"); key != "" && app.IsClientKey(key) {
			client, err := s.app.ClientByKey(c.Request().Context(), key)
			if err != nil {
				return err
			}
			cl.client = &client
			subjects = append(subjects, client.Role)
		} else if key != "" {
			src, err := s.app.SourceByKey(c.Request().Context(), key)
			if err != nil {
				return err
			}
			cl.source = &src
			subjects = append(subjects, domain.RoleSourceSystem)
		} else if h := c.Request().Header.Get(echo.HeaderAuthorization); h != "" {
			p, err := s.authenticate(c, h)
			if err != nil {
				return err
			}
			cl.principal = &p
			subjects = append(subjects, domain.RoleAuthenticated)
			if restriction = s.app.RestrictionOf(p); restriction == "" {
				for _, g := range p.Grants {
					subjects = append(subjects, g.Role)
				}
			}
		}
		allowed, err := s.enforcer.Allowed(subjects, route, method)
		if err != nil {
			return err // fail closed: an internal error, never a pass
		}
		if len(allowed) == 0 {
			return s.deny(c, cl, restriction, route, method)
		}
		cl.allowed = allowed
		c.Set(ctxCaller, cl)
		return next(c)
	}
}

func (s *Server) authenticate(c echo.Context, header string) (domain.Principal, error) {
	bad := &domain.Error{Code: domain.EUNAUTHENTICATED, Message: "the access token is missing, invalid or expired; sign in again"}
	token, ok := strings.CutPrefix(header, "Bearer ")
	if !ok {
		return domain.Principal{}, bad
	}
	now := s.db.Now()
	uid, sid, err := s.app.Tokens.Parse(strings.TrimSpace(token), now)
	if err != nil {
		return domain.Principal{}, bad
	}
	p, err := s.db.LoadPrincipal(c.Request().Context(), sid, uid)
	if err != nil {
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return p, bad
		}
		return p, err
	}
	if !p.User.Enabled || p.Session.RevokedAt != nil || !now.Before(p.Session.ExpiresAt) {
		return p, bad // the same answer as a forged token: why is not the caller's to learn
	}
	return p, nil
}

func (s *Server) deny(c echo.Context, cl caller, restriction app.Restriction, route, method string) error {
	if cl.principal == nil && cl.source == nil && cl.client == nil {
		if s.needsSignIn[route+" "+method] {
			return &domain.Error{Code: domain.EUNAUTHENTICATED, Message: "sign in first"}
		}
		return domain.NotFound("resource")
	}
	if restriction != "" {
		for _, g := range cl.principal.Grants {
			if ok, _ := s.enforcer.Allowed([]string{g.Role}, route, method); len(ok) > 0 {
				msg := "change your password first"
				if restriction == app.MustEnrolTOTP {
					msg = "set up the second factor (TOTP) first"
				}
				return &domain.Error{Code: string(restriction), Message: msg}
			}
		}
	}
	a := s.actor(c, cl)
	e := a.Entry("access_denied", "route", method+" "+route, domain.OutcomeDenied, map[string]string{"path": c.Request().URL.Path})
	if err := s.db.Audit(c.Request().Context(), e); err != nil {
		return err
	}
	return domain.NotFound("resource")
}

func callerOf(c echo.Context) caller {
	cl, _ := c.Get(ctxCaller).(caller)
	return cl
}

// actor describes the caller for the audit trail.
func (s *Server) actor(c echo.Context, cl caller) app.Actor {
	a := app.Actor{IP: c.RealIP(), UserAgent: c.Request().UserAgent(), RequestID: c.Response().Header().Get(echo.HeaderXRequestID)}
	if cl.source != nil {
		a.Username, a.Role = "source:"+cl.source.Code, domain.RoleSourceSystem
	}
	if cl.client != nil {
		a.Username, a.Role = "client:"+cl.client.Name, cl.client.Role
	}
	if cl.principal != nil {
		a.UserID, a.Username, a.SessionID = cl.principal.User.ID, cl.principal.User.Username, cl.principal.Session.ID
		for _, g := range cl.principal.Grants {
			if cl.allowed[g.Role] {
				a.Role = g.Role
				break
			}
		}
	}
	return a
}

// scope is the data scope of the grants that allowed this request.
func scope(c echo.Context) domain.Scope {
	cl := callerOf(c)
	if cl.client != nil {
		return cl.client.Scope()
	}
	if cl.principal == nil {
		return domain.Scope{}
	}
	return domain.ScopeOf(cl.principal.Grants, cl.allowed, cl.principal.User.OfficialID)
}

// mustPrincipal returns the signed-in caller; routes that reach it are
// allowed only to signed-in subjects, so a missing one is a policy error.
func mustPrincipal(c echo.Context) (*domain.Principal, error) {
	cl := callerOf(c)
	if cl.principal == nil {
		return nil, &domain.Error{Code: domain.EUNAUTHENTICATED, Message: "sign in first"}
	}
	return cl.principal, nil
}
