package httpapi

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"integrity/internal/app"
	"integrity/internal/domain"
)

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
		id, err := pathID(c, "id")
		if err != nil {
			return err
		}
		var req decideGrantRequest
		if err := decode(c, &req); err != nil {
			return err
		}
		r, err := s.app.DecideGrantRequest(c.Request().Context(), callerOf(c).Actor(), id, approve, req.Reason)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, toGrantRequest(domain.GrantRequestRow{GrantRequest: r}))
	}
}

type activateRequest struct {
	Username    string `json:"username"`
	CodeA       string `json:"code_a"`
	CodeB       string `json:"code_b"`
	NewPassword string `json:"new_password"`
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
