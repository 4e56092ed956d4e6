package domain

import "time"

// Roles of DOMAIN.md. RoleAnonymous and RoleAuthenticated are pseudo-roles
// of the route policy: every caller has the first, every signed-in caller the
// second.
const (
	RoleAdmin              = "admin"
	RoleDisciplineStaff    = "discipline_staff"
	RoleDisciplineApprover = "discipline_approver"
	RolePersonnelStaff     = "personnel_staff"
	RoleDataClerk          = "data_clerk"
	RoleOfficial           = "official"
	RoleAuditor            = "auditor"
	// RoleSecurityAdmin is the security administrator of the three
	// administrators (三员分立): roles, grants and policies. RoleAdmin is the
	// system administrator (accounts, departments, the registry) and
	// RoleAuditor the audit administrator (the audit trail).
	RoleSecurityAdmin = "security_admin"

	RoleAnonymous     = "anonymous"
	RoleAuthenticated = "authenticated"
	// RoleSourceSystem is the subject of a request signed with a source's
	// API key.
	RoleSourceSystem = "source_system"
)

// Roles lists the grantable roles.
var Roles = []string{RoleAdmin, RoleSecurityAdmin, RoleDisciplineStaff, RoleDisciplineApprover, RolePersonnelStaff, RoleDataClerk, RoleOfficial, RoleAuditor}

// ValidRole reports whether r is a grantable role.
func ValidRole(r string) bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Data scopes of a role grant. Anything else matches nothing.
const (
	ScopeAll          = "all"
	ScopeDeptAndBelow = "dept_and_below"
	ScopeDept         = "dept"
	ScopeSelf         = "self"
)

// ValidScope reports whether s is a known scope.
func ValidScope(s string) bool {
	return s == ScopeAll || s == ScopeDeptAndBelow || s == ScopeDept || s == ScopeSelf
}

// User is an account of the platform.
type User struct {
	ID                 int64
	Username           string
	DisplayName        string
	PasswordHash       string
	DepartmentID       *int64
	OfficialID         *int64
	SourceID           *int64 // the source a data clerk works for
	Enabled            bool
	MustChangePassword bool
	PasswordChangedAt  time.Time
	TOTPSecretEnc      []byte `gorm:"column:totp_secret_enc"`
	TOTPEnabled        bool   `gorm:"column:totp_enabled"`
	TOTPLastStep       int64  `gorm:"column:totp_last_step"`
	FailedLogins       int
	LockedUntil        *time.Time
	LastLoginAt        *time.Time
	// The activation code in two halves that lets the owner set the first
	// password (keyed hashes; "" when none is pending), who handed out the
	// first half, and until when the code holds.
	ActivationAHash string `gorm:"column:activation_a_hash"`
	ActivationABy   *int64 `gorm:"column:activation_a_by"`
	ActivationBHash string `gorm:"column:activation_b_hash"`
	ActivationUntil *time.Time
	Version         int
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// AwaitingActivation reports whether the account waits for its owner to
// set a first password with the activation code.
func (u User) AwaitingActivation() bool { return u.ActivationAHash != "" }

// States of a grant request.
const (
	GrantPending    = "pending"
	GrantApproved   = "approved"
	GrantRejected   = "rejected"
	GrantSuperseded = "superseded"
)

// GrantRequest is a change of a user's grants that adds a role needing a
// second security administrator's approval. Grants is the whole new set
// (JSON of the grant inputs); Needs names the roles that made it wait.
type GrantRequest struct {
	ID          int64
	UserID      int64
	Grants      string
	Needs       string
	State       string
	RequestedBy int64
	RequestedAt time.Time
	DecidedBy   *int64
	DecidedAt   *time.Time
	Reason      string
}

// GrantRequestRow is a grant request with the names a list shows.
type GrantRequestRow struct {
	GrantRequest
	Username        string
	DisplayName     string
	RequestedByName string
	DecidedByName   string
}

// RoleGrant gives a user a role over a data scope anchored at a department
// (for dept and dept_and_below) or at the user's own official (for self).
type RoleGrant struct {
	ID           int64
	UserID       int64
	Role         string
	Scope        string
	DepartmentID *int64
	CreatedAt    time.Time
}

// Session is one sign-in; its refresh tokens form one family.
type Session struct {
	ID            string
	UserID        int64
	CreatedAt     time.Time
	LastUsedAt    time.Time
	ExpiresAt     time.Time
	RevokedAt     *time.Time
	RevokedReason string
	IP            string `gorm:"column:ip"`
	UserAgent     string
}

// RefreshToken is stored only as the hash of the random token.
type RefreshToken struct {
	ID        int64
	SessionID string
	TokenHash string
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    *time.Time
}

// RecoveryCode is a one-time second factor, stored hashed.
type RecoveryCode struct {
	ID        int64
	UserID    int64
	CodeHash  string
	UsedAt    *time.Time
	CreatedAt time.Time
}

// OfficialVersion keeps an official's registry data before a change.
type OfficialVersion struct {
	ID         int64
	OfficialID int64
	Version    int
	Snapshot   string
	ChangedBy  string
	CreatedAt  time.Time
}

// Audit outcomes.
const (
	OutcomeSuccess = "success"
	OutcomeFailure = "failure"
	OutcomeDenied  = "denied"
)

// AuditEntry is one link of the hash-chained audit trail.
type AuditEntry struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	Actor      string    `json:"actor"`
	ActorID    *int64    `json:"actor_id"`
	Role       string    `json:"role"`
	IP         string    `json:"ip" gorm:"column:ip"`
	Action     string    `json:"action"`
	TargetType string    `json:"target_type"`
	TargetID   string    `json:"target_id"`
	Outcome    string    `json:"outcome"`
	RequestID  string    `json:"request_id"`
	Detail     string    `json:"detail"`
	PrevHash   string    `json:"prev_hash"`
	Hash       string    `json:"hash"`
	// Alg names how Hash was computed (audit.AlgSHA256, ...).
	Alg int `json:"-"`
}

// TableName keeps GORM off the plural.
func (AuditEntry) TableName() string { return "audit_log" }
