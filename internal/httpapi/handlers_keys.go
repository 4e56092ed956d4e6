package httpapi

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"integrity/internal/app"
	"integrity/internal/domain"
)

// keyOwner is what the API keys of sources and of clients differ in: who
// owns them and how each is stored.
type keyOwner[K any] struct {
	list   func(ctx context.Context, id int64) ([]K, error)
	create func(ctx context.Context, a app.Actor, id int64, name string) (K, string, error)
	revoke func(ctx context.Context, a app.Actor, id, keyID int64) (K, error)
	answer func(K) keyResponse
}

func (s *Server) sourceKeys() keyOwner[domain.SourceKey] {
	return keyOwner[domain.SourceKey]{
		list: s.app.SourceKeys, create: s.app.CreateSourceKey, revoke: s.app.RevokeSourceKey, answer: toKey,
	}
}

func (s *Server) clientKeys() keyOwner[domain.ClientKey] {
	return keyOwner[domain.ClientKey]{
		list: s.app.ClientKeys, create: s.app.CreateClientKey, revoke: s.app.RevokeClientKey, answer: toClientKey,
	}
}

// keyRoutes registers an owner's key routes under base: list, create,
// revoke.
func keyRoutes[K any](s *Server, g *echo.Group, base string, k keyOwner[K]) {
	g.GET(base+"/:id/keys", listKeys(k))
	g.POST(base+"/:id/keys", createKey(s, k))
	g.POST(base+"/:id/keys/:key_id/revoke", revokeKey(s, k))
}

// listKeys answers an owner's keys: prefixes, names and use, never a key.
func listKeys[K any](k keyOwner[K]) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := pathID(c, "id")
		if err != nil {
			return err
		}
		keys, err := k.list(c.Request().Context(), id)
		if err != nil {
			return err
		}
		out := list[keyResponse]{Items: make([]keyResponse, 0, len(keys)), Total: int64(len(keys))}
		for _, x := range keys {
			out.Items = append(out.Items, k.answer(x))
		}
		return c.JSON(http.StatusOK, out)
	}
}

type keyRequest struct {
	Name string `json:"name"`
}

// createKey issues a key; the whole key is in this answer only.
func createKey[K any](s *Server, k keyOwner[K]) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := pathID(c, "id")
		if err != nil {
			return err
		}
		var req keyRequest
		if err := decode(c, &req); err != nil {
			return err
		}
		x, key, err := k.create(c.Request().Context(), callerOf(c).Actor(), id, req.Name)
		if err != nil {
			return err
		}
		r := k.answer(x)
		r.Key = key
		c.Response().Header().Set("Cache-Control", "no-store")
		return c.JSON(http.StatusCreated, r)
	}
}

// revokeKey revokes a key at once.
func revokeKey[K any](s *Server, k keyOwner[K]) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := pathID(c, "id")
		if err != nil {
			return err
		}
		keyID, err := pathID(c, "key_id")
		if err != nil {
			return err
		}
		x, err := k.revoke(c.Request().Context(), callerOf(c).Actor(), id, keyID)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, k.answer(x))
	}
}
