package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"integrity/internal/app"
	"integrity/internal/domain"
)

type policyResponse struct {
	Kind    string `json:"kind"`
	Version int    `json:"version"`
	Status  string `json:"status"`
	Note    string `json:"note"`
	authored
	UpdatedAt   time.Time  `json:"updated_at"`
	PublishedBy string     `json:"published_by"`
	PublishedAt *time.Time `json:"published_at"`
	// Revision names this state of the version; an edit of a draft sends
	// it back to apply only to the state it was made from.
	Revision string `json:"revision"`
	Policy   any    `json:"policy"`
}

func toPolicy(v app.PolicyView) policyResponse {
	return policyResponse{Kind: v.Kind, Version: v.Version, Status: v.Status, Note: v.Note, authored: authored{v.CreatedBy, v.CreatedAt},
		UpdatedAt: v.UpdatedAt, PublishedBy: v.PublishedBy, PublishedAt: v.PublishedAt, Revision: v.Revision(), Policy: v.Policy}
}

// policyAt runs fn on the kind and version the path names (404 for a
// malformed version).
func policyAt(c echo.Context, fn func(ctx context.Context, kind string, version int) error) error {
	v, err := strconv.Atoi(c.Param("version"))
	if err != nil || v < 1 {
		return domain.NotFound("policy version")
	}
	return fn(c.Request().Context(), c.Param("kind"), v)
}

func (s *Server) listPolicies(c echo.Context) error {
	views, err := s.app.PolicyVersions(c.Request().Context(), c.Param("kind"))
	return answerAll(c, views, err, toPolicy)
}

func (s *Server) getPolicy(c echo.Context) error {
	return policyAt(c, func(ctx context.Context, kind string, version int) error {
		v, err := s.app.PolicyVersion(ctx, kind, version)
		return answer(c, toPolicy(v), err)
	})
}

type draftRequest struct {
	Note string `json:"note"`
}

func (s *Server) createDraft(c echo.Context) error {
	var req draftRequest
	if c.Request().ContentLength != 0 {
		if err := decode(c, &req); err != nil {
			return err
		}
	}
	v, err := s.app.CreateDraft(c.Request().Context(), callerOf(c).Actor(), c.Param("kind"), req.Note)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toPolicy(v))
}

type updateDraftRequest struct {
	Policy json.RawMessage `json:"policy"`
	Note   *string         `json:"note"`
	// Revision, when sent, is the revision the edit was made from: 409 if
	// the draft changed since.
	Revision string `json:"revision"`
}

func (s *Server) updateDraft(c echo.Context) error {
	return policyAt(c, func(ctx context.Context, kind string, version int) error {
		var req updateDraftRequest
		if err := decode(c, &req); err != nil {
			return err
		}
		if len(req.Policy) == 0 || string(req.Policy) == "null" {
			return domain.Invalid("the policy is required", domain.FieldError{Field: "policy", Message: "required"})
		}
		v, err := s.app.UpdateDraft(ctx, callerOf(c).Actor(), kind, version, req.Policy, req.Note, req.Revision)
		return answer(c, toPolicy(v), err)
	})
}

func (s *Server) previewPolicy(c echo.Context) error {
	return policyAt(c, func(ctx context.Context, kind string, version int) error {
		j, err := s.app.StartPreview(ctx, callerOf(c).Actor(), kind, version)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusAccepted, toJob(j))
	})
}

func (s *Server) publishPolicy(c echo.Context) error {
	return policyAt(c, func(ctx context.Context, kind string, version int) error {
		j, err := s.app.Publish(ctx, callerOf(c).Actor(), kind, version)
		if err != nil {
			return err
		}
		body := map[string]any{"version": version, "recompute": nil}
		if j.ID != 0 {
			body["recompute"] = toJob(j)
		}
		return c.JSON(http.StatusOK, body)
	})
}

type jobResponse struct {
	ID     int64  `json:"id"`
	Kind   string `json:"kind"`
	Status string `json:"status"`
	Param  string `json:"param"`
	Total  int64  `json:"total"`
	Done   int64  `json:"done"`
	progress
	Result json.RawMessage `json:"result,omitempty"`
}

func toJob(j domain.Job) jobResponse {
	r := jobResponse{ID: j.ID, Kind: j.Kind, Status: j.Status, Param: j.Param, Total: j.Total, Done: j.Done,
		progress: progressOf(j.Done, j.Total, j.Status == domain.JobDone, j.Message, j.CreatedBy, j.CreatedAt, j.FinishedAt)}
	if j.Result != nil {
		r.Result = json.RawMessage(*j.Result)
	}
	return r
}

func (s *Server) getJob(c echo.Context) error {
	in := params(c)
	id := in.id()
	if in.err != nil {
		return in.err
	}
	j, err := s.app.Job(c.Request().Context(), id)
	return answer(c, toJob(j), err)
}

func (s *Server) startRecompute(c echo.Context) error {
	j, err := s.app.StartRecompute(c.Request().Context(), callerOf(c).Actor(), "requested in the UI")
	if err != nil {
		return err
	}
	return c.JSON(http.StatusAccepted, toJob(j))
}
