package httpapi

import (
	"net/http"
	"sort"
	"strings"

	"github.com/labstack/echo/v4"

	"integrity/internal/app"
	"integrity/internal/domain"
)

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
	OTP      string `json:"otp"`
}

func (s *Server) login(c echo.Context) error {
	var req loginRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	var fields []domain.FieldError
	if req.Username == "" || len(req.Username) > 64 {
		fields = append(fields, domain.FieldError{Field: "username", Message: "required, at most 64 characters"})
	}
	if req.Password == "" || len(req.Password) > 256 {
		fields = append(fields, domain.FieldError{Field: "password", Message: "required, at most 256 bytes"})
	}
	if len(fields) > 0 {
		return domain.Invalid("username and password are required", fields...)
	}
	pair, err := s.app.Login(c.Request().Context(), callerOf(c).Actor(), app.LoginInput{Username: req.Username, Password: req.Password, OTP: req.OTP})
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, toTokens(pair))
}

type refreshRequest struct {
	RefreshToken string `json:"refresh_token"`
}

func (s *Server) refresh(c echo.Context) error {
	var req refreshRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if req.RefreshToken == "" || len(req.RefreshToken) > 256 {
		return domain.Invalid("the refresh token is required", domain.FieldError{Field: "refresh_token", Message: "required"})
	}
	pair, err := s.app.Refresh(c.Request().Context(), callerOf(c).Actor(), req.RefreshToken)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, toTokens(pair))
}

func (s *Server) logout(c echo.Context) error {
	if _, err := callerOf(c).User(); err != nil {
		return err
	}
	if err := s.app.Logout(c.Request().Context(), callerOf(c).Actor()); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) me(c echo.Context) error {
	p, err := callerOf(c).User()
	if err != nil {
		return err
	}
	m, err := s.app.MeOf(c.Request().Context(), *p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toMe(m, s.permissions(append([]string{domain.RoleAuthenticated}, m.Roles...))))
}

// permissions lists the API calls the roles may make, as the route policy
// names them, sorted.
func (s *Server) permissions(roles []string) []string {
	held := map[string]bool{}
	for _, r := range roles {
		held[r] = true
	}
	seen := map[string]bool{}
	out := []string{}
	for _, r := range s.enforcer.Rules() {
		if len(r) != 3 || !held[r[0]] || !strings.HasPrefix(r[1], "/api/") {
			continue
		}
		if k := r[2] + " " + r[1]; !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

type passwordRequest struct {
	CurrentPassword string `json:"current_password"`
	NewPassword     string `json:"new_password"`
}

func (s *Server) changePassword(c echo.Context) error {
	if _, err := callerOf(c).User(); err != nil {
		return err
	}
	var req passwordRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if req.CurrentPassword == "" {
		return domain.Invalid("the current password is required", domain.FieldError{Field: "current_password", Message: "required"})
	}
	if err := s.app.ChangePassword(c.Request().Context(), callerOf(c).Actor(), req.CurrentPassword, req.NewPassword); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) totpSetup(c echo.Context) error {
	if _, err := callerOf(c).User(); err != nil {
		return err
	}
	secret, url, err := s.app.TOTPSetup(c.Request().Context(), callerOf(c).Actor())
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, map[string]string{"secret": secret, "otpauth_url": url})
}

type totpEnableRequest struct {
	Code string `json:"code"`
}

func (s *Server) totpEnable(c echo.Context) error {
	if _, err := callerOf(c).User(); err != nil {
		return err
	}
	var req totpEnableRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	codes, err := s.app.TOTPEnable(c.Request().Context(), callerOf(c).Actor(), req.Code)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, map[string][]string{"recovery_codes": codes})
}
