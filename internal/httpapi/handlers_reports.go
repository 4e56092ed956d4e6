package httpapi

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"integrity/internal/domain"
)

type reportResponse struct {
	ID         int64     `json:"id"`
	Code       string    `json:"code"`
	VerifyPath string    `json:"verify_path"`
	Via        string    `json:"via"`
	IssuedBy   string    `json:"issued_by"`
	IssuedAt   time.Time `json:"issued_at"`
	Digest     string    `json:"digest"`
	// ValidUntil is the last day the report is valid (null: issued before
	// reports had a validity period).
	ValidUntil   *string    `json:"valid_until"`
	RevokedAt    *time.Time `json:"revoked_at"`
	RevokeReason string     `json:"revoke_reason,omitempty"`
	Content      any        `json:"content,omitempty"`
}

func toReport(r domain.Report, c any) reportResponse {
	return reportResponse{ID: r.ID, Code: r.Code, VerifyPath: "/verify/" + r.Code, Via: r.Via, IssuedBy: r.IssuedBy, IssuedAt: r.IssuedAt,
		Digest: r.Digest, ValidUntil: day(r.ValidUntil), RevokedAt: r.RevokedAt, RevokeReason: r.RevokeReason, Content: c}
}

// revokeReport withdraws a report the caller issued, with a reason.
func (s *Server) revokeReport(c echo.Context) error {
	in := params(c)
	id := in.id()
	var req struct {
		Reason string `json:"reason"`
	}
	in.body(&req)
	if in.err != nil {
		return in.err
	}
	r, err := s.app.RevokeReport(c.Request().Context(), callerOf(c), id, req.Reason)
	return answer(c, toReport(r, nil), err)
}

func (s *Server) issueMyReport(c echo.Context) error {
	id, err := callerOf(c).Self()
	if err != nil {
		return err
	}
	r, content, err := s.app.IssueOwnReport(c.Request().Context(), callerOf(c).Actor(), id)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusCreated, toReport(r, &content))
}

func (s *Server) myReports(c echo.Context) error {
	if _, err := callerOf(c).Self(); err != nil {
		return err
	}
	pg, err := page(c)
	if err != nil {
		return err
	}
	rows, total, err := s.app.MyReports(c.Request().Context(), callerOf(c), pg)
	if err != nil {
		return err
	}
	out := list[reportResponse]{Items: make([]reportResponse, 0, len(rows)), Total: total}
	for _, r := range rows {
		out.Items = append(out.Items, toReport(r, nil))
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) myReport(c echo.Context) error {
	if _, err := callerOf(c).Self(); err != nil {
		return err
	}
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	r, err := s.app.MyReport(c.Request().Context(), callerOf(c), id)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, toReport(r, json.RawMessage(r.Content)))
}

type lookupReportRequest struct {
	LookupID int64 `json:"lookup_id"`
}

// issueLookupReport issues a report of the file an open lookup covers.
func (s *Server) issueLookupReport(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var req lookupReportRequest
	if c.Request().ContentLength != 0 {
		if err := decode(c, &req); err != nil {
			return err
		}
	}
	r, content, err := s.app.IssueLookupReport(c.Request().Context(), callerOf(c).Actor(), callerOf(c).Scope(), id, req.LookupID)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusCreated, toReport(r, &content))
}

// verifyReport is public: it says only whether a code is genuine, when the
// report was issued and a masked name.
func (s *Server) verifyReport(c echo.Context) error {
	v, err := s.app.VerifyReportFor(c.Request().Context(), callerOf(c), c.Param("code"))
	return answer(c, toVerification(v), err)
}
