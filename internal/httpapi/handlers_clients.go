package httpapi

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"integrity/internal/domain"
)

type clientResponse struct {
	ID           int64      `json:"id"`
	Name         string     `json:"name"`
	Role         string     `json:"role"`
	DepartmentID int64      `json:"department_id"`
	Scope        string     `json:"scope"`
	CreatedBy    string     `json:"created_by"`
	CreatedAt    time.Time  `json:"created_at"`
	DisabledAt   *time.Time `json:"disabled_at"`
}

func toClient(c domain.APIClient) clientResponse {
	return clientResponse{ID: c.ID, Name: c.Name, Role: c.Role, DepartmentID: c.DepartmentID, Scope: c.Scope, CreatedBy: c.CreatedBy,
		CreatedAt: c.CreatedAt, DisabledAt: c.DisabledAt}
}

func toClientKey(k domain.ClientKey) keyResponse {
	return keyResponse{ID: k.ID, Name: k.Name, Prefix: k.Prefix, CreatedBy: k.CreatedBy, CreatedAt: k.CreatedAt, LastUsedAt: k.LastUsedAt, RevokedAt: k.RevokedAt}
}

func (s *Server) listClients(c echo.Context) error {
	cs, err := s.app.Clients(c.Request().Context())
	if err != nil {
		return err
	}
	out := list[clientResponse]{Items: make([]clientResponse, 0, len(cs)), Total: int64(len(cs))}
	for _, x := range cs {
		out.Items = append(out.Items, toClient(x))
	}
	return c.JSON(http.StatusOK, out)
}

type clientRequest struct {
	Name         string `json:"name"`
	DepartmentID int64  `json:"department_id"`
	Scope        string `json:"scope"`
}

func (s *Server) createClient(c echo.Context) error {
	var req clientRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	x, err := s.app.CreateClient(c.Request().Context(), callerOf(c).Actor(), req.Name, req.DepartmentID, req.Scope)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toClient(x))
}

func (s *Server) disableClient(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	x, err := s.app.DisableClient(c.Request().Context(), callerOf(c).Actor(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toClient(x))
}
