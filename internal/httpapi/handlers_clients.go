package httpapi

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"integrity/internal/domain"
)

type clientResponse struct {
	ID           int64  `json:"id"`
	Name         string `json:"name"`
	Role         string `json:"role"`
	DepartmentID int64  `json:"department_id"`
	Scope        string `json:"scope"`
	authored
	DisabledAt *time.Time `json:"disabled_at"`
}

func toClient(c domain.APIClient) clientResponse {
	return clientResponse{ID: c.ID, Name: c.Name, Role: c.Role, DepartmentID: c.DepartmentID, Scope: c.Scope, authored: authored{c.CreatedBy, c.CreatedAt},
		DisabledAt: c.DisabledAt}
}

func toClientKey(k domain.ClientKey) keyResponse { return keyOf(k.ID, k.IssuedKey) }

func (s *Server) listClients(c echo.Context) error {
	cs, err := s.app.Clients(c.Request().Context())
	return answerAll(c, cs, err, toClient)
}

type clientRequest struct {
	Name         string `json:"name"`
	DepartmentID int64  `json:"department_id"`
	Scope        string `json:"scope"`
}

func (s *Server) createClient(c echo.Context) error {
	return write(c, http.StatusCreated, func(req clientRequest) (clientResponse, error) {
		x, err := s.app.CreateClient(c.Request().Context(), callerOf(c).Actor(), req.Name, req.DepartmentID, req.Scope)
		return toClient(x), err
	})
}

func (s *Server) disableClient(c echo.Context) error {
	in := params(c)
	id := in.id()
	if in.err != nil {
		return in.err
	}
	x, err := s.app.DisableClient(c.Request().Context(), callerOf(c).Actor(), id)
	return answer(c, toClient(x), err)
}
