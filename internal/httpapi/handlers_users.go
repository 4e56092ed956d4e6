package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"integrity/internal/app"
	"integrity/internal/domain"
)

// userResponse is an account as the admin pages see it: never its password
// hash, TOTP secret or recovery codes.
type userResponse struct {
	ID                 int64              `json:"id"`
	Username           string             `json:"username"`
	DisplayName        string             `json:"display_name"`
	DepartmentID       *int64             `json:"department_id"`
	DepartmentName     string             `json:"department_name"`
	OfficialID         *int64             `json:"official_id"`
	SourceID           *int64             `json:"source_id"`
	Enabled            bool               `json:"enabled"`
	MustChangePassword bool               `json:"must_change_password"`
	TOTPEnabled        bool               `json:"totp_enabled"`
	LockedUntil        *time.Time         `json:"locked_until"`
	LastLoginAt        *time.Time         `json:"last_login_at"`
	AwaitingActivation bool               `json:"awaiting_activation"`
	Grants             []domain.GrantInfo `json:"grants"`
	Version            int                `json:"version"`
	CreatedAt          time.Time          `json:"created_at"`
}

func (s *Server) userResponse(ctx context.Context, u domain.User, grants []domain.GrantInfo) (userResponse, error) {
	r := userResponse{ID: u.ID, Username: u.Username, DisplayName: u.DisplayName, DepartmentID: u.DepartmentID,
		OfficialID: u.OfficialID, SourceID: u.SourceID, Enabled: u.Enabled, MustChangePassword: u.MustChangePassword, TOTPEnabled: u.TOTPEnabled,
		LastLoginAt: u.LastLoginAt, AwaitingActivation: u.AwaitingActivation(), Grants: grants, Version: u.Version, CreatedAt: u.CreatedAt}
	if u.LockedUntil != nil && u.LockedUntil.After(s.app.Now()) {
		r.LockedUntil = u.LockedUntil
	}
	if r.Grants == nil {
		r.Grants = []domain.GrantInfo{}
	}
	if u.DepartmentID != nil {
		d, err := s.app.Department(ctx, *u.DepartmentID)
		if err != nil {
			return r, err
		}
		r.DepartmentName = d.Name
	}
	return r, nil
}

// userByID answers one user with fresh grants.
func (s *Server) userByID(c echo.Context, id int64, status int) error {
	ctx := c.Request().Context()
	u, grants, err := s.app.User(ctx, callerOf(c), id)
	if err != nil {
		return err
	}
	r, err := s.userResponse(ctx, u, grants)
	if err != nil {
		return err
	}
	return c.JSON(status, r)
}

func (s *Server) listUsers(c echo.Context) error {
	pg, err := page(c)
	if err != nil {
		return err
	}
	role, err := oneOf(c, "role", domain.Roles...)
	if err != nil {
		return err
	}
	state, err := oneOf(c, "state", domain.UserLocked, domain.UserWithoutTOTP, domain.UserAwaitingActivation)
	if err != nil {
		return err
	}
	users, grants, total, err := s.app.Users(c.Request().Context(), callerOf(c), domain.UserFilter{Query: c.QueryParam("q"), Role: role, State: state, Page: pg})
	if err != nil {
		return err
	}
	out := list[userResponse]{Items: make([]userResponse, 0, len(users)), Total: total}
	for _, u := range users {
		r, err := s.userResponse(c.Request().Context(), u, grants[u.ID])
		if err != nil {
			return err
		}
		out.Items = append(out.Items, r)
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) getUser(c echo.Context) error {
	return s.afterUser(c, func(int64) error { return nil })
}

// afterUser runs act on the user the path names, then answers the user as
// they now stand, with fresh grants.
func (s *Server) afterUser(c echo.Context, act func(id int64) error) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := act(id); err != nil {
		return err
	}
	return s.userByID(c, id, http.StatusOK)
}

type createUserRequest struct {
	Username     string           `json:"username"`
	DisplayName  string           `json:"display_name"`
	DepartmentID *int64           `json:"department_id"`
	OfficialID   *int64           `json:"official_id"`
	SourceID     *int64           `json:"source_id"`
	Grants       []app.GrantInput `json:"grants"`
}

// activationResponse is one half of an account's activation code, for the
// administrator to hand to the owner.
type activationResponse struct {
	ActivationCode  string    `json:"activation_code"`
	ActivationUntil time.Time `json:"activation_until"`
}

func (s *Server) createUser(c echo.Context) error {
	var req createUserRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	ctx := c.Request().Context()
	out, err := s.app.CreateUser(ctx, callerOf(c).Actor(), app.NewUser{
		Username: req.Username, DisplayName: req.DisplayName, DepartmentID: req.DepartmentID, OfficialID: req.OfficialID,
		SourceID: req.SourceID, Grants: req.Grants})
	if err != nil {
		return err
	}
	grants, err := s.app.UserGrants(ctx, out.User.ID)
	if err != nil {
		return err
	}
	r, err := s.userResponse(ctx, out.User, grants)
	if err != nil {
		return err
	}
	body := map[string]any{"user": r, "activation_code": out.ActivationCode, "activation_until": out.User.ActivationUntil, "grant_request": nil}
	if out.GrantRequest != nil {
		body["grant_request"] = toGrantRequest(domain.GrantRequestRow{GrantRequest: *out.GrantRequest, Username: out.User.Username,
			DisplayName: out.User.DisplayName, RequestedByName: callerOf(c).Actor().Username})
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusCreated, body)
}

func (s *Server) updateUser(c echo.Context) error {
	return s.afterUser(c, func(id int64) error {
		var req app.UserPatch
		if err := decode(c, &req); err != nil {
			return err
		}
		_, err := s.app.UpdateUser(c.Request().Context(), callerOf(c).Actor(), id, req)
		return err
	})
}

type rolesRequest struct {
	Grants []app.GrantInput `json:"grants"`
}

// setRoles applies a change of grants (200 with the user) or, when it adds
// a role that needs a second security administrator, stores it as a grant
// request (202 with the request).
func (s *Server) setRoles(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var req rolesRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	u, pending, err := s.app.SetRoles(c.Request().Context(), callerOf(c).Actor(), id, req.Grants)
	if err != nil {
		return err
	}
	if pending != nil {
		return c.JSON(http.StatusAccepted, toGrantRequest(domain.GrantRequestRow{GrantRequest: *pending, Username: u.Username,
			DisplayName: u.DisplayName, RequestedByName: callerOf(c).Actor().Username}))
	}
	return s.userByID(c, id, http.StatusOK)
}

func (s *Server) resetPassword(c echo.Context) error {
	return s.answerActivation(c, s.app.ResetPassword)
}

// issueActivation gives a security administrator the second half of an
// account's activation code.
func (s *Server) issueActivation(c echo.Context) error {
	return s.answerActivation(c, s.app.IssueActivation)
}

// answerActivation answers one half of the activation code of the user the
// path names, never to be stored on the way.
func (s *Server) answerActivation(c echo.Context, issue func(context.Context, app.Actor, int64) (string, time.Time, error)) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	code, until, err := issue(c.Request().Context(), callerOf(c).Actor(), id)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, activationResponse{ActivationCode: code, ActivationUntil: until})
}

func (s *Server) unlockUser(c echo.Context) error {
	return s.afterUser(c, func(id int64) error {
		_, err := s.app.Unlock(c.Request().Context(), callerOf(c).Actor(), id)
		return err
	})
}

func (s *Server) resetTOTP(c echo.Context) error {
	return s.afterUser(c, func(id int64) error {
		_, err := s.app.ResetTOTP(c.Request().Context(), callerOf(c).Actor(), id)
		return err
	})
}

// grantRequestResponse is a proposed change of a user's grants.
type grantRequestResponse struct {
	ID              int64            `json:"id"`
	UserID          int64            `json:"user_id"`
	Username        string           `json:"username"`
	DisplayName     string           `json:"display_name"`
	Grants          []app.GrantInput `json:"grants"`
	Needs           []string         `json:"needs"`
	State           string           `json:"state"`
	RequestedBy     int64            `json:"requested_by"`
	RequestedByName string           `json:"requested_by_name"`
	RequestedAt     time.Time        `json:"requested_at"`
	DecidedBy       *int64           `json:"decided_by"`
	DecidedByName   string           `json:"decided_by_name"`
	DecidedAt       *time.Time       `json:"decided_at"`
	Reason          string           `json:"reason"`
}

func toGrantRequest(r domain.GrantRequestRow) grantRequestResponse {
	out := grantRequestResponse{ID: r.ID, UserID: r.UserID, Username: r.Username, DisplayName: r.DisplayName, Grants: []app.GrantInput{},
		Needs: []string{}, State: r.State, RequestedBy: r.RequestedBy, RequestedByName: r.RequestedByName, RequestedAt: r.RequestedAt,
		DecidedBy: r.DecidedBy, DecidedByName: r.DecidedByName, DecidedAt: r.DecidedAt, Reason: r.Reason}
	_ = json.Unmarshal([]byte(r.Grants), &out.Grants)
	if r.Needs != "" {
		out.Needs = strings.Split(r.Needs, ",")
	}
	return out
}

func (s *Server) listGrantRequests(c echo.Context) error {
	in := params(c)
	pg := in.page()
	state := in.oneOf("state", domain.GrantPending, domain.GrantApproved, domain.GrantRejected, domain.GrantSuperseded)
	if in.err != nil {
		return in.err
	}
	rows, total, err := s.app.GrantRequests(c.Request().Context(), callerOf(c), state, pg)
	if err != nil {
		return err
	}
	return answerList(c, rows, total, nil, toGrantRequest)
}

type decideGrantRequest struct {
	Reason string `json:"reason"`
}

func (s *Server) decideGrant(approve bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		return writeID(c, func(id int64, req decideGrantRequest) (grantRequestResponse, error) {
			r, err := s.app.DecideGrantRequest(c.Request().Context(), callerOf(c).Actor(), id, approve, req.Reason)
			return toGrantRequest(domain.GrantRequestRow{GrantRequest: r}), err
		})
	}
}

// activate lets an account's owner set the first password with the two
// halves of the activation code.
func (s *Server) activate(c echo.Context) error {
	var req activateRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	err := s.app.Activate(c.Request().Context(), callerOf(c).Actor(), app.ActivateInput{Username: req.Username, CodeA: req.CodeA,
		CodeB: req.CodeB, NewPassword: req.NewPassword})
	if err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// activateRequest is what the owner types on the sign-in page.
type activateRequest struct {
	Username    string `json:"username"`
	CodeA       string `json:"code_a"`
	CodeB       string `json:"code_b"`
	NewPassword string `json:"new_password"`
}
