package domain

import "time"

// Opinion request states: sent to the commission, drafted by its staff,
// signed once where two signatures are needed, and replied (signed,
// numbered and sent back: the request is closed).
const (
	OpinionSent    = "sent"
	OpinionDrafted = "drafted"
	OpinionSigning = "signing"
	OpinionReplied = "replied"
)

// OpinionRequest is a request for integrity opinions (征求廉政意见函) from
// the organisation department, and the commission's reply to it.
type OpinionRequest struct {
	ID           int64
	Purpose      string
	DocumentNo   string
	Recipient    string // the requesting unit, to whom the reply goes
	DepartmentID int64  // the requester's department
	RequestedBy  int64
	Requester    string
	DueOn        time.Time
	State        string
	Candidates   int
	AsOf         *time.Time // the day the draft was made from the files
	DraftedByID  *int64
	DraftedBy    string
	DraftedAt    *time.Time
	Signer1ID    *int64     `gorm:"column:signer1_id"`
	Signer1      string     `gorm:"column:signer1"`
	Signed1At    *time.Time `gorm:"column:signed1_at"`
	Signer2ID    *int64     `gorm:"column:signer2_id"`
	Signer2      string     `gorm:"column:signer2"`
	Signed2At    *time.Time `gorm:"column:signed2_at"`
	ReplyYear    *int
	ReplySeq     *int
	ReplyNo      string
	RepliedAt    *time.Time
	ReplyCode    *string
	ReplyDigest  string
	ReplyContent string
	Version      int
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Overdue reports whether the request is still unanswered after its due
// day, as of today.
func (r OpinionRequest) Overdue(today time.Time) bool {
	return r.State != OpinionReplied && today.After(r.DueOn)
}

// OpinionsDue counts the requests a commission has still to answer, and of
// them those past their due day: the late ones raise a warning in its inbox.
type OpinionsDue struct {
	Open    int64 `json:"open" gorm:"column:open_requests"`
	Overdue int64 `json:"overdue" gorm:"column:overdue_requests"`
}

// OpinionCandidate is one candidate of a request: as named, as found in
// the registry, and the commission's draft and conclusion about them. The
// proposed conclusion is the platform's; Conclusion is what the reply
// states, changed by staff only with a reason.
type OpinionCandidate struct {
	ID               int64
	RequestID        int64
	RowNo            int
	OfficialID       *int64
	InputRef         string
	Name             string
	DepartmentName   string
	Verdict          string
	Reasons          string // JSON
	Matters          string // JSON
	Proposed         string
	Conclusion       string
	ConclusionReason string
	EditedBy         string
	EditedAt         *time.Time
}

// OpinionFilter selects requests: a requester's own (RequestedBy), or the
// commission's inbox within a scope of requesting departments.
type OpinionFilter struct {
	RequestedBy int64
	Scope       *Scope
	State       string
	// RepliedSince narrows to the requests replied at or after it.
	RepliedSince *time.Time
	Page         Page
}
