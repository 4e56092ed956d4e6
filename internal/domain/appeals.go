package domain

import "time"

// Dispute grounds. A dispute about whether the record is right (it is not
// this person, its date is wrong, its content is wrong) holds a verdict
// that rests on the record for a person's review; one on other grounds
// does not: the merits of a sanction are a matter for review and appeal,
// which never suspend it (DOMAIN: "needs_review").
const (
	DisputeGroundNotMe        = "not_me"
	DisputeGroundWrongDate    = "wrong_date"
	DisputeGroundWrongContent = "wrong_content"
	DisputeGroundOther        = "other"
)

// DisputeGrounds lists the grounds in the order a form offers them.
var DisputeGrounds = []string{DisputeGroundNotMe, DisputeGroundWrongDate, DisputeGroundWrongContent, DisputeGroundOther}

// IsDataGround reports whether a dispute on this ground questions the
// record's data, so that a verdict resting on it needs review.
func IsDataGround(g string) bool {
	return g == DisputeGroundNotMe || g == DisputeGroundWrongDate || g == DisputeGroundWrongContent
}

// Appeal kinds: review by the deciding body (复审), re-examination by the
// one above (复核), and appeal (申诉).
const (
	AppealReview  = "review"
	AppealRecheck = "recheck"
	AppealAppeal  = "appeal"
)

// AppealKinds lists the kinds in the order the law runs them.
var AppealKinds = []string{AppealReview, AppealRecheck, AppealAppeal}

// Appeal states and outcomes.
const (
	AppealOpen    = "open"
	AppealDecided = "decided"

	AppealUpheld  = "upheld"
	AppealChanged = "changed"
	AppealRevoked = "revoked"
)

// AppealOutcomes lists the outcomes a decision may have.
var AppealOutcomes = []string{AppealUpheld, AppealChanged, AppealRevoked}

// Appeal is a review or appeal of a sanction (复审, 复核, 申诉), kept apart
// from credit-data disputes. The sanction keeps barring while it runs. An
// outcome that changes the sanction writes the record's next version (the
// new code or period, from the sanction's effective date); one that
// revokes it revokes the record, so it never barred.
type Appeal struct {
	ID            int64
	RecordID      int64
	OfficialID    int64
	SourceID      int64
	Kind          string
	FiledOn       time.Time
	Authority     string
	Reason        string
	State         string
	DueOn         time.Time
	Outcome       string
	DecidedOn     *time.Time
	NewCode       string
	NewPeriod     *int
	DocumentNo    string
	DecisionNote  string
	RecordVersion int // the record's version the outcome wrote
	CreatedBy     string
	DecidedBy     string
	DecidedAt     *time.Time
	Version       int
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// AppealCategories are the categories whose records are reviewed and
// appealed (复审, 复核, 申诉): party and government sanctions,
// organisational handling, 诫勉 and the other first-form measures, and
// accountability decisions. A credit record is disputed instead.
var AppealCategories = []string{"party_sanction", "gov_sanction", "org_handling", "first_form", "accountability"}

// Appealable reports whether a record of this category is reviewed and
// appealed rather than disputed.
func Appealable(category string) bool {
	for _, c := range AppealCategories {
		if c == category {
			return true
		}
	}
	return false
}
