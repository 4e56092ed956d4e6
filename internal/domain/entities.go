package domain

import "time"

// Department kinds.
const (
	DeptCity     = "city"
	DeptDistrict = "district"
	DeptBureau   = "bureau"
	DeptStreet   = "street"
)

// Department is a node of the department tree. Path is the materialised path
// of ids from the root, "/1/4/17/", so a subtree is one prefix match.
type Department struct {
	ID        int64
	ParentID  *int64
	Code      string
	Name      string
	NameEn    string
	Kind      string
	Path      string
	Depth     int
	SortOrder int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Official categories.
const (
	CategoryCivilServant      = "civil_servant"
	CategoryPublicInstitution = "public_institution"
)

// Official statuses.
const (
	OfficialActive  = "active"
	OfficialRetired = "retired"
	OfficialLeft    = "left"
)

// Official is a person whose integrity file the platform keeps. The ID
// number is never held in clear here: IDNumberEnc is the AES-GCM ciphertext,
// IDNumberHash the keyed blind index, IDNumberMasked the only form shown.
type Official struct {
	ID             int64
	DepartmentID   int64
	Name           string
	Gender         string // "M" or "F", from the ID number's sequence digit
	BirthDate      time.Time
	IDNumberEnc    []byte
	IDNumberHash   string
	IDNumberMasked string
	Post           string
	JobRank        string
	Category       string
	PartyMember    bool
	Status         string
	Version        int
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Record states.
const (
	RecordActive  = "active"
	RecordRevoked = "revoked"
)

// Source is a system or department that submits records.
type Source struct {
	ID         int64
	Code       string
	Name       string
	NameEn     string
	Categories string // comma-separated record categories the source may submit
	CreatedAt  time.Time
}

// Record is one entry of an integrity file: a sanction, penalty, judgment,
// arrears, violation, accountability decision or commendation. Records are
// never deleted: a correction writes the old content to RecordVersion and
// bumps Version; a revocation sets State with a reason.
type Record struct {
	ID           int64
	OfficialID   int64
	SourceID     int64
	SourceRef    string
	Category     string
	Code         string
	DecisionDate time.Time
	// EffectiveDate is the day the decision takes effect (生效日期), which
	// may differ from the day it was made; nil means the decision date.
	EffectiveDate *time.Time
	// PeriodMonths is the period the decision itself states, where the law
	// lets a decision set one (several sanctions of one kind, 48 months at
	// most); nil means the eligibility policy's standard period for the code.
	PeriodMonths *int
	// EndedOn: an open-ended entry (investigation, debtor list) closed, or
	// a sanction lifted early (解除), on this day.
	EndedOn *time.Time
	// ActRef links the records of one act (the case or document
	// reference): a party and a government sanction for one act run side
	// by side, and the longer effect governs.
	ActRef string
	// AssessmentYear is the year an annual assessment result assesses.
	AssessmentYear *int
	DocumentNo     string
	Authority      string
	Summary        string
	State          string
	StateReason    string
	UnderDispute   bool
	RepairedOn     *time.Time
	Version        int
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Effective returns the day the record takes effect: its effective date,
// or its decision date when it states none.
func (r *Record) Effective() time.Time {
	if r.EffectiveDate != nil {
		return *r.EffectiveDate
	}
	return r.DecisionDate
}

// RecordVersion is a superseded version of a record's content.
type RecordVersion struct {
	ID             int64
	RecordID       int64
	OfficialID     int64
	Version        int
	Category       string
	Code           string
	DecisionDate   time.Time
	EffectiveDate  *time.Time
	PeriodMonths   *int
	EndedOn        *time.Time
	ActRef         string
	AssessmentYear *int
	RepairedOn     *time.Time
	DocumentNo     string
	Authority      string
	Summary        string
	State          string
	StateReason    string
	ChangedBy      string
	ChangeReason   string
	CreatedAt      time.Time
}

// IssuedKey is what every API key holds: its name, the prefix that
// identifies it in lists, the hash of the whole key (never the key) and its
// life.
type IssuedKey struct {
	Name       string
	Prefix     string
	KeyHash    string
	CreatedBy  string
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

// SourceKey is an API key of a source system.
type SourceKey struct {
	ID       int64
	SourceID int64
	IssuedKey
}

// Import statuses.
const (
	ImportQueued  = "queued"
	ImportRunning = "running"
	ImportDone    = "done"
	ImportFailed  = "failed"
)

// Import is one bulk intake of a file.
type Import struct {
	ID         int64
	SourceID   int64
	CreatedBy  string
	Filename   string
	Format     string
	DryRun     bool
	Status     string
	Total      int
	Accepted   int
	Rejected   int
	Created    int
	Updated    int
	Unchanged  int
	SizeBytes  int64
	ReadBytes  int64
	Message    string
	CreatedAt  time.Time
	UpdatedAt  time.Time
	FinishedAt *time.Time
}

// ImportError is one problem of one row of an import.
type ImportError struct {
	ID       int64
	ImportID int64
	RowNo    int
	Field    string
	Message  string
}

// Policy kinds and statuses.
const (
	PolicyScoring     = "scoring"
	PolicyEligibility = "eligibility"
	PolicyWarnings    = "warnings"
	PolicyLookups     = "lookups"
	PolicySelfService = "selfservice"

	PolicyDraft     = "draft"
	PolicyPublished = "published"
	PolicyArchived  = "archived"
)

// PolicyVersion is one version of a policy. A published version never
// changes; the newest published one is in force.
type PolicyVersion struct {
	ID          int64
	Kind        string
	Version     int
	Status      string
	Body        string
	Note        string
	CreatedBy   string
	CreatedAt   time.Time
	UpdatedAt   time.Time
	PublishedBy string
	PublishedAt *time.Time
}

// ScoreSnapshot is an official's current score, derived from their records
// under one policy version; it can always be rebuilt.
type ScoreSnapshot struct {
	OfficialID    int64 `gorm:"primaryKey;autoIncrement:false"`
	Score         int64 // hundredths of a point
	Grade         string
	PolicyVersion int
	ForcedBy      *int64
	AsOf          time.Time
	ComputedAt    time.Time
}

// Job statuses.
const (
	JobQueued  = "queued"
	JobRunning = "running"
	JobDone    = "done"
	JobFailed  = "failed"
)

// Job is a long piece of work with visible progress, resumable from its
// cursor after a crash.
type Job struct {
	ID         int64
	Kind       string
	Status     string
	Param      string
	Total      int64
	Done       int64
	CursorID   int64
	Message    string
	Result     *string // a finished job's result, as JSON
	CreatedBy  string
	CreatedAt  time.Time
	UpdatedAt  time.Time
	FinishedAt *time.Time
	// Owner is the process holding the job's lease until LeaseUntil; its
	// every progress write renews the lease for LeaseTTL.
	Owner      string
	LeaseUntil *time.Time
	LeaseTTL   time.Duration `gorm:"-"`
}

// CategoryAnnualAssessment is the category of annual assessment results
// (年度考核结果); each names the year it assesses.
const CategoryAnnualAssessment = "annual_assessment"
