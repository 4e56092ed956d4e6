package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"integrity/internal/domain"
)

func (s *Server) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// readyz answers 200 only when the database answers and its schema is at
// the version this binary expects.
func (s *Server) readyz(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
	defer cancel()
	if err := s.app.Ping(ctx); err != nil {
		s.log.WarnContext(ctx, "readiness: database unreachable", "error", err)
		return &domain.Error{Code: domain.EUNAVAILABLE, Message: "the database is not reachable", RetryAfter: 5}
	}
	current, latest, err := s.app.SchemaVersion(ctx)
	if err != nil {
		return &domain.Error{Code: domain.EUNAVAILABLE, Message: "the schema version cannot be read", RetryAfter: 5}
	}
	if current != latest {
		return &domain.Error{Code: domain.EUNAVAILABLE, Message: "the database schema is not migrated to the version this server needs", RetryAfter: 30}
	}
	return c.JSON(http.StatusOK, map[string]any{"status": "ok", "database": s.app.Dialect(), "schema_version": current})
}

// metaResponse describes the running server to the frontend.
type metaResponse struct {
	Name        string `json:"name"`
	Version     string `json:"version"`
	Environment string `json:"environment"`
	Demo        bool   `json:"demo"`
}

func (s *Server) meta(c echo.Context) error {
	m := metaResponse{Name: "integrity", Demo: s.deps.Demo}
	if s.deps.ExposeVersion {
		m.Version, m.Environment = s.deps.Version, s.deps.Env
	}
	return c.JSON(http.StatusOK, m)
}

func (s *Server) openAPI(c echo.Context) error {
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, s.openapi)
}
