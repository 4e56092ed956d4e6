package httpapi

import (
	"time"

	"integrity/internal/app"
	"integrity/internal/domain"
	"integrity/internal/scoring"
)

// The answers built from app's results: app types carry no JSON of their
// own, so the wire shape is decided here, next to the OpenAPI document.

type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
}

func toTokens(p app.TokenPair) tokenResponse {
	return tokenResponse{AccessToken: p.AccessToken, RefreshToken: p.RefreshToken, TokenType: p.TokenType, ExpiresIn: p.ExpiresIn}
}

type departmentRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

type meResponse struct {
	ID                 int64              `json:"id"`
	Username           string             `json:"username"`
	DisplayName        string             `json:"display_name"`
	Roles              []string           `json:"roles"`
	Grants             []domain.GrantInfo `json:"grants"`
	Department         *departmentRef     `json:"department"`
	OfficialID         *int64             `json:"official_id"`
	MustChangePassword bool               `json:"must_change_password"`
	TOTPEnabled        bool               `json:"totp_enabled"`
	TOTPRequired       bool               `json:"totp_required"`
	PasswordExpiresAt  *time.Time         `json:"password_expires_at"`
	// Permissions are the API calls ("METHOD /api/v1/pattern") the
	// user's roles allow, from the route policy: the one source of who may
	// do what, which the UI's pages and menus follow.
	Permissions []string `json:"permissions"`
}

func toMe(m app.Me, permissions []string) meResponse {
	out := meResponse{ID: m.ID, Username: m.Username, DisplayName: m.DisplayName, Roles: m.Roles, Grants: m.Grants,
		OfficialID: m.OfficialID, MustChangePassword: m.MustChangePassword, TOTPEnabled: m.TOTPEnabled,
		TOTPRequired: m.TOTPRequired, PasswordExpiresAt: m.PasswordExpiresAt, Permissions: permissions}
	if m.Department != nil {
		out.Department = &departmentRef{ID: m.Department.ID, Name: m.Department.Name}
	}
	return out
}

type scoreResponse struct {
	Result  scoring.Result  `json:"result"`
	History []scoring.Point `json:"history"`
	KnownAt string          `json:"known_at,omitempty"`
}

func toScore(d app.ScoreDetail) scoreResponse {
	return scoreResponse{Result: d.Result, History: d.History, KnownAt: d.KnownAt}
}

type accessResponse struct {
	At         time.Time `json:"at"`
	Kind       string    `json:"kind"`
	Role       string    `json:"role"`
	Department string    `json:"department"`
	Actor      string    `json:"actor,omitempty"`
	Purpose    string    `json:"purpose,omitempty"`
}

func toAccess(e app.AccessEntry) accessResponse {
	return accessResponse{At: e.At, Kind: e.Kind, Role: e.Role, Department: e.Department, Actor: e.Actor, Purpose: e.Purpose}
}

type rerunDiff struct {
	Row  int    `json:"row"`
	Was  string `json:"was"`
	Now  string `json:"now"`
	What string `json:"what"`
}

type rerunResponse struct {
	Compared    int         `json:"compared"`
	Same        bool        `json:"same"`
	DigestSame  bool        `json:"digest_same"`
	Differences []rerunDiff `json:"differences"`
}

func toRerun(r app.Rerun) rerunResponse {
	return rerunResponse{Compared: r.Compared, Same: r.Same, DigestSame: r.DigestSame,
		Differences: each(r.Differences, func(d app.RerunDiff) rerunDiff { return rerunDiff{Row: d.Row, Was: d.Was, Now: d.Now, What: d.What} })}
}

type verificationResponse struct {
	Genuine    bool       `json:"genuine"`
	IssuedAt   *time.Time `json:"issued_at,omitempty"`
	NameMasked string     `json:"name_masked,omitempty"`
	Kind       string     `json:"kind,omitempty"`
	DocumentNo string     `json:"document_no,omitempty"`
	// A report's validity, revocation, grade and digest.
	ValidUntil *string    `json:"valid_until,omitempty"`
	Expired    bool       `json:"expired,omitempty"`
	Revoked    bool       `json:"revoked,omitempty"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
	Grade      string     `json:"grade,omitempty"`
	GradeZh    string     `json:"grade_zh,omitempty"`
	GradeEn    string     `json:"grade_en,omitempty"`
	AsOf       string     `json:"as_of,omitempty"`
	Digest     string     `json:"digest,omitempty"`
}

func toVerification(v app.Verification) verificationResponse {
	return verificationResponse{Genuine: v.Genuine, IssuedAt: v.IssuedAt, NameMasked: v.NameMasked, Kind: v.Kind, DocumentNo: v.DocumentNo,
		ValidUntil: day(v.ValidUntil), Expired: v.Expired, Revoked: v.RevokedAt != nil, RevokedAt: v.RevokedAt, Grade: v.Grade, GradeZh: v.GradeZh,
		GradeEn: v.GradeEn, AsOf: v.AsOf, Digest: v.Digest}
}
