package domain

import "time"

// Where an eligibility check came from.
const (
	OriginAPI  = "api"  // a request listing officials
	OriginFile = "file" // an uploaded candidate list
)

// EligibilityCheck is one batch check of candidates for a purpose, kept
// with the policy versions and a digest of the inputs it used.
type EligibilityCheck struct {
	ID                 int64
	Purpose            string
	AsOf               time.Time
	AssessmentYear     *int // the year a year-judged purpose was judged for
	CreatedBy          string
	UserID             *int64
	ClientID           *int64
	Origin             string
	Filename           string
	EligibilityVersion int
	ScoringVersion     int
	InputDigest        string
	Total              int
	Eligible           int
	Ineligible         int
	NeedsReview        int
	NotFound           int
	CreatedAt          time.Time
}

// NotFoundVerdict is the result of a candidate who is not registered or not
// in the caller's scope: nothing else is said about them.
const NotFoundVerdict = "not_found"

// EligibilityResult is the verdict for one candidate of a check. Reasons is
// the engine's reasons as JSON; Inputs the records the engine read, as
// JSON, so the check can be re-run as it was.
type EligibilityResult struct {
	ID             int64
	CheckID        int64
	RowNo          int
	OfficialID     *int64
	InputRef       string // as the candidate was named: an official id, or a masked ID number
	Name           string
	DepartmentName string
	Verdict        string
	Reasons        string
	EligibleFrom   *time.Time
	// EligibleFromYear: for a year-judged purpose, the first assessment
	// year from which no bar holds, when that is known.
	EligibleFromYear *int
	Score            int64 // hundredths of a point
	Grade            string
	Inputs           string
	Outcome          string
	OutcomeNote      string
	OutcomeBy        string
	OutcomeAt        *time.Time
}

// Outcomes a personnel user records for a verdict: what was done with it.
var Outcomes = []string{"candidate_removed", "promotion_postponed", "commendation_withdrawn", "qualification_revoked", "proceeded", "other"}

// APIClient is another department's system that calls the platform with
// an API key, with one role over a department scope (a personnel system
// running eligibility checks inside its own workflow).
type APIClient struct {
	ID           int64
	Name         string
	Role         string
	DepartmentID int64
	Scope        string
	CreatedBy    string
	CreatedAt    time.Time
	DisabledAt   *time.Time
}

// ClientKey is an API key of a client; only its hash is kept.
type ClientKey struct {
	ID       int64
	ClientID int64
	IssuedKey
}

// RolePersonnelSystem is the subject of a request signed with a personnel
// system's client key.
const RolePersonnelSystem = "personnel_system"
