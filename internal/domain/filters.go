package domain

import (
	"time"
)

// CaseFilter narrows a list of disputes or repair applications: an
// official's own, or a source's.
type CaseFilter struct {
	OfficialID int64
	SourceID   int64
	State      string
	Page       Page
}

// AppealFilter narrows a list of reviews and appeals: a source's or an
// official's (one of them is required: an empty filter matches nothing),
// of one record, of one kind, in one state. Hidden leaves out the records of these
// categories (an official's own view).
type AppealFilter struct {
	SourceID   int64
	OfficialID int64
	RecordID   int64
	Kind       string
	State      string
	Hidden     []string
	Page       Page
}

// AuditFilter narrows an audit listing.
type AuditFilter struct {
	Actor      string
	Action     string
	TargetType string
	TargetID   string
	Outcome    string
	From, To   *time.Time
	Page       Page
}

// WarningFilter narrows a warning listing.
type WarningFilter struct {
	Scope      Scope
	OfficialID int64
	State      string // "" for open and acknowledged; "all" for every state
	Rule       string
	Level      string
	Page       Page
}

// UserFilter narrows a user listing.
type UserFilter struct {
	Query string // part of the username or display name
	Role  string
	// State narrows to accounts that need an administrator: UserLocked,
	// UserWithoutTOTP or UserAwaitingActivation; "" for all.
	State string
	// Now is when "locked" is judged.
	Now  time.Time
	Page Page
}

// The states a user listing narrows to.
const (
	UserLocked             = "locked"
	UserWithoutTOTP        = "no_totp"
	UserAwaitingActivation = "awaiting_activation"
)

// RecordFilter narrows a record listing. SourceID 0 means every source.
type RecordFilter struct {
	SourceID   int64
	OfficialID int64
	Category   string
	Code       string
	State      string
	SourceRef  string
	Page       Page
}

// OfficialFilter narrows an official listing.
type OfficialFilter struct {
	Name         string // part of the name
	DepartmentID int64  // this department and those below it
	IDHash       string // the blind index of an ID number
	Status       string
	// WithScores adds each official's current score and grade (for those
	// who may read scores); Grade narrows to one grade.
	WithScores bool
	Grade      string
	Page       Page
}

// LookupFilter narrows a lookup listing. RequesterID set: that user's own
// requests. Otherwise the requests whose every official is inside Scope.
type LookupFilter struct {
	RequesterID int64
	Scope       Scope
	State       string // stored state; "" for all
	OfficialID  int64
	Page        Page
}
