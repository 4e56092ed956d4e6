package domain

import "time"

// Lookup states. pending → approved or rejected; approved → expired or
// revoked; pending → expired when nobody decides in time.
const (
	LookupPending  = "pending"
	LookupApproved = "approved"
	LookupRejected = "rejected"
	LookupExpired  = "expired"
	LookupRevoked  = "revoked"
)

// Lookup is a discipline staff member's request to read the files of one
// or a few officials, for a stated purpose, decided by someone else.
// Modules and Granted are comma-separated module keys.
type Lookup struct {
	ID            int64
	RequesterID   int64
	Requester     string
	Purpose       string
	Confidential  bool
	Reason        string
	LegalBasis    string
	Modules       string
	RequestedDays int
	Granted       string
	State         string
	PendingUntil  time.Time
	AccessFrom    *time.Time
	AccessUntil   *time.Time
	DecidedBy     string
	DecidedAt     *time.Time
	DecisionNote  string
	RevokedBy     string
	RevokedAt     *time.Time
	RevokeReason  string
	PolicyVersion int
	// Views counts the file views made under the lookup.
	Views        int
	LastViewedAt *time.Time
	Version      int
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// LookupOfficial is one official a lookup names.
type LookupOfficial struct {
	LookupID   int64 `gorm:"primaryKey;autoIncrement:false"`
	OfficialID int64 `gorm:"primaryKey;autoIncrement:false"`
}

// LookupApproval is one approver's approval of a lookup.
type LookupApproval struct {
	ID         int64
	LookupID   int64
	ApproverID int64
	Approver   string
	Modules    string
	Days       int
	Note       string
	CreatedAt  time.Time
}

// Warning states: open → acknowledged → resolved.
const (
	WarningOpen         = "open"
	WarningAcknowledged = "acknowledged"
	WarningResolved     = "resolved"
)

// Warning is a rule of the warning policy holding for an official. OpenKey
// is "official:rule" while the warning is open or acknowledged and nil once
// resolved, so a unique index keeps one open warning per rule and official.
type Warning struct {
	ID             int64
	OfficialID     int64
	Rule           string
	Level          string
	State          string
	OpenKey        *string
	RecordIDs      string // comma-separated
	Fingerprint    string
	Detail         string // JSON
	PolicyVersion  int
	RaisedAt       time.Time
	UpdatedAt      time.Time
	AckedBy        string
	AckedAt        *time.Time
	ResolvedBy     string
	ResolvedAt     *time.Time
	ResolutionNote string
	ByPerson       bool // resolved by a person, not by the condition clearing
}
