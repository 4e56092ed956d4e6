package domain

import "time"

// Dispute states: open → corrected, revoked or upheld.
const (
	DisputeOpen      = "open"
	DisputeCorrected = "corrected"
	DisputeRevoked   = "revoked"
	DisputeUpheld    = "upheld"
)

// Dispute is an official's objection (异议) to a record of their file. The
// record is under dispute while the dispute is open; its source decides by
// DueOn (working days), extendable once.
type Dispute struct {
	ID              int64
	RecordID        int64
	OfficialID      int64
	SourceID        int64
	Ground          string // DisputeGround*: only a data ground holds a verdict for review
	Reason          string
	State           string
	DueOn           time.Time
	Extended        bool
	ExtensionReason string
	ExtendedBy      string
	DecidedBy       string
	DecidedAt       *time.Time
	DecisionNote    string
	NewVersion      int // corrected: the record's version the correction wrote
	Version         int
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// Repair states: pending → approved or rejected.
const (
	RepairPending  = "pending"
	RepairApproved = "approved"
	RepairRejected = "rejected"
)

// Repair is an official's application for credit repair (信用修复) of a
// repairable record, with proof that the obligation is fulfilled and a
// written commitment.
type Repair struct {
	ID           int64
	RecordID     int64
	OfficialID   int64
	SourceID     int64
	Statement    string
	Commitment   string
	State        string
	DueOn        time.Time
	DecidedBy    string
	DecidedAt    *time.Time
	DecisionNote string
	RepairedOn   *time.Time
	Version      int
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Attachment is a file an official gave with a dispute or a repair
// application, stored outside the web root under StoredAs.
type Attachment struct {
	ID          int64
	OwnerKind   string // "dispute" or "repair"
	OwnerID     int64
	Filename    string
	ContentType string // sniffed from the content
	Size        int64
	SHA256      string
	StoredAs    string
	CreatedAt   time.Time
}

// Report is an issued integrity report: its content as issued, a digest
// of it, and the unguessable code that verifies it.
type Report struct {
	ID         int64
	Code       string
	OfficialID int64
	IssuedBy   string
	Via        string // "self" or "lookup"
	LookupID   *int64
	Digest     string
	Content    string // JSON
	IssuedAt   time.Time
	// ValidUntil is the last day the report is valid (nil: issued before
	// reports had a validity period).
	ValidUntil *time.Time
	// RevokedAt: the issuer withdrew the report, with a reason; its code
	// then verifies as revoked.
	RevokedAt    *time.Time
	RevokeReason string
}
