package domain

import (
	"time"
)

// CaseRecord is what a dispute or repair list shows of its record and
// official.
type CaseRecord struct {
	RecordCategory     string
	RecordCode         string
	RecordDecisionDate time.Time
	RecordDocumentNo   string
	RecordVersion      int
	OfficialName       string
	IDNumberMasked     string
	SourceName         string
}

// DisputeRow is a dispute with its record.
type DisputeRow struct {
	Dispute
	CaseRecord
}

// RepairRow is a repair application with its record.
type RepairRow struct {
	Repair
	CaseRecord
}

// WarningRow is a warning with the official it concerns.
type WarningRow struct {
	Warning
	OfficialName   string
	IDNumberMasked string
	DepartmentID   int64
	DepartmentName string
}

// WarningCount is a count of warnings under one key.
type WarningCount struct {
	Key string `json:"key"`
	N   int64  `json:"count"`
}

// WarningStats counts the warnings of officials in scope raised in
// [from, to): by rule, by department and by month, and how many of them
// are still open.
type WarningStats struct {
	Raised       int64          `json:"raised"`
	StillOpen    int64          `json:"still_open"`
	ByRule       []WarningCount `json:"by_rule"`
	ByLevel      []WarningCount `json:"by_level"`
	ByDepartment []WarningCount `json:"by_department"` // department id as the key
	ByMonth      []WarningCount `json:"by_month"`      // YYYY-MM
}

// LookupStats counts lookups made in a period, by stored state and by
// purpose, and the file views made under them.
type LookupStats struct {
	Requested int64          `json:"requested"`
	ByState   []WarningCount `json:"by_state"`
	ByPurpose []WarningCount `json:"by_purpose"`
	Views     int64          `json:"file_views"`
}

// RecordRow is a record with the names a list shows.
type RecordRow struct {
	Record
	OfficialName   string
	IDNumberMasked string
	SourceName     string
}

// OfficialRow is an official with the name of their department.
type OfficialRow struct {
	Official
	DepartmentName string
	// Score (hundredths of a point) and Grade are the current snapshot's,
	// when the listing asked for them and the official has one.
	Score *int64
	Grade *string
}

// LookupRow is a lookup with the officials it names and the approvals it
// has.
type LookupRow struct {
	Lookup
	Officials []LookupOfficialRow
	Approvals []LookupApproval
}

// LookupOfficialRow is an official named by a lookup, as its lists show
// them: never more than the masked ID number.
type LookupOfficialRow struct {
	LookupID       int64
	ID             int64
	Name           string
	IDNumberMasked string
	DepartmentID   int64
	DepartmentName string
}

// AppealRow is a review or appeal with what a list shows of its record and
// official (the record as it stands now).
type AppealRow struct {
	Appeal
	OfficialName       string
	IDNumberMasked     string
	RecordCategory     string
	RecordCode         string
	RecordDecisionDate time.Time
}

// WriteResult says what happened to one submitted record.
type WriteResult struct {
	SourceRef string `json:"source_ref"`
	ID        int64  `json:"id"`
	Outcome   string `json:"outcome"`
	Version   int    `json:"version"`
}

// Write outcomes of a record submission.
const (
	WriteCreated   = "created"
	WriteUpdated   = "updated"
	WriteUnchanged = "unchanged"
)

// OutcomeCount is how many verdicts of a purpose had an outcome.
type OutcomeCount struct {
	Purpose string `json:"purpose"`
	Verdict string `json:"verdict"`
	Outcome string `json:"outcome"`
	N       int64  `json:"count"`
}

// RecordBrief is what a warning shows of a record: never its text.
type RecordBrief struct {
	ID           int64     `json:"id"`
	Category     string    `json:"category"`
	Code         string    `json:"code"`
	DecisionDate time.Time `json:"decision_date"`
	State        string    `json:"state"`
}

// Pending reports a dispute still awaiting its source's decision.
func (d DisputeRow) Pending() bool { return d.State == DisputeOpen }

// Due is the day the source must decide by.
func (d DisputeRow) Due() time.Time { return d.DueOn }

// Pending reports a repair application still awaiting its decision.
func (r RepairRow) Pending() bool { return r.State == RepairPending }

// Due is the day the source must decide by.
func (r RepairRow) Due() time.Time { return r.DueOn }

// Pending reports a review or appeal still awaiting its outcome.
func (a AppealRow) Pending() bool { return a.State == AppealOpen }

// Due is the day the outcome is due.
func (a AppealRow) Due() time.Time { return a.DueOn }
