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
	return answerAll(c, srcs, err, toSource)
}

func (s *Server) createSource(c echo.Context) error {
	return write(c, http.StatusCreated, func(req app.SourceInput) (sourceResponse, error) {
		src, err := s.app.CreateSource(c.Request().Context(), callerOf(c).Actor(), req)
		return toSource(src), err
	})
}

func (s *Server) updateSource(c echo.Context) error {
	return writeID(c, func(id int64, req app.SourceInput) (sourceResponse, error) {
		src, err := s.app.UpdateSource(c.Request().Context(), callerOf(c).Actor(), id, req)
		return toSource(src), err
	})
}

type keyResponse struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Prefix string `json:"prefix"`
	authored
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
	// Key is the whole key, present only in the answer that creates it.
	Key string `json:"key,omitempty"`
}

func toKey(k domain.SourceKey) keyResponse { return keyOf(k.ID, k.IssuedKey) }

// keyOf answers a key: prefix, name and use, never the key itself.
func keyOf(id int64, k domain.IssuedKey) keyResponse {
	return keyResponse{ID: id, Name: k.Name, Prefix: k.Prefix, authored: authored{k.CreatedBy, k.CreatedAt}, LastUsedAt: k.LastUsedAt, RevokedAt: k.RevokedAt}
}
