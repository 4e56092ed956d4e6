package auth

import (
	"errors"
	"strconv"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

const issuer = "integrity"

// Claims are what an access token carries: who and which session. Roles are
// not in the token; they are read fresh from the database on each request.
type Claims struct {
	SessionID string `json:"sid"`
	jwt.RegisteredClaims
}

// Tokens signs and checks access tokens.
type Tokens struct {
	key []byte
	TTL time.Duration
}

// NewTokens returns a signer with a key of at least 32 bytes.
func NewTokens(key []byte, ttl time.Duration) *Tokens { return &Tokens{key: key, TTL: ttl} }

// Issue returns a signed HS256 access token.
func (t *Tokens) Issue(userID int64, sessionID string, now time.Time) (string, error) {
	c := Claims{
		SessionID: sessionID,
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    issuer,
			Subject:   strconv.FormatInt(userID, 10),
			IssuedAt:  jwt.NewNumericDate(now),
			NotBefore: jwt.NewNumericDate(now.Add(-5 * time.Second)),
			ExpiresAt: jwt.NewNumericDate(now.Add(t.TTL)),
		},
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(t.key)
}

// ErrBadToken covers every reason an access token is refused.
var ErrBadToken = errors.New("auth: invalid access token")

// Parse checks the signature (HS256 only: "none" and other algorithms are
// refused), the issuer and the expiry, and returns the user and session.
func (t *Tokens) Parse(token string, now time.Time) (userID int64, sessionID string, err error) {
	var c Claims
	_, err = jwt.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return t.key, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithIssuer(issuer),
		jwt.WithExpirationRequired(),
		jwt.WithTimeFunc(func() time.Time { return now }),
	)
	if err != nil || c.SessionID == "" {
		return 0, "", ErrBadToken
	}
	id, err := strconv.ParseInt(c.Subject, 10, 64)
	if err != nil || id <= 0 {
		return 0, "", ErrBadToken
	}
	return id, c.SessionID, nil
}
