package httpapi

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"integrity/internal/app"
	"integrity/internal/domain"
)

type sourceResponse struct {
	ID         int64     `json:"id"`
	Code       string    `json:"code"`
	Name       string    `json:"name"`
	NameEn     string    `json:"name_en"`
	Categories []string  `json:"categories"`
	CreatedAt  time.Time `json:"created_at"`
}

func toSource(s domain.Source) sourceResponse {
	return sourceResponse{ID: s.ID, Code: s.Code, Name: s.Name, NameEn: s.NameEn, Categories: strings.Split(s.Categories, ","), CreatedAt: s.CreatedAt}
}

func (s *Server) listSources(c echo.Context) error {
	srcs, err := s.app.Sources(c.Request().Context())
	if err != nil {
		return err
	}
	out := list[sourceResponse]{Items: make([]sourceResponse, 0, len(srcs)), Total: int64(len(srcs))}
	for _, src := range srcs {
		out.Items = append(out.Items, toSource(src))
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) createSource(c echo.Context) error {
	var req app.SourceInput
	if err := decode(c, &req); err != nil {
		return err
	}
	src, err := s.app.CreateSource(c.Request().Context(), callerOf(c).Actor(), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toSource(src))
}

func (s *Server) updateSource(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var req app.SourceInput
	if err := decode(c, &req); err != nil {
		return err
	}
	src, err := s.app.UpdateSource(c.Request().Context(), callerOf(c).Actor(), id, req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toSource(src))
}

type keyResponse struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix"`
	CreatedBy  string     `json:"created_by"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
	// Key is the whole key, present only in the answer that creates it.
	Key string `json:"key,omitempty"`
}

func toKey(k domain.SourceKey) keyResponse {
	return keyResponse{ID: k.ID, Name: k.Name, Prefix: k.Prefix, CreatedBy: k.CreatedBy, CreatedAt: k.CreatedAt, LastUsedAt: k.LastUsedAt, RevokedAt: k.RevokedAt}
}
