// Package selfservice holds the rules of officials' self-service: working
// days and decision deadlines, who may apply for a credit repair and when,
// and what an official's own view leaves out. It does no I/O and reads no
// clock.
package selfservice

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"integrity/internal/catalogue"
	"integrity/internal/domain"
	"integrity/internal/policydoc"
	"integrity/internal/scoring"
)

// Policy is a version of the self-service rules.
type Policy struct {
	Version             int            `yaml:"-" json:"version"`
	Name                string         `yaml:"name" json:"name"`
	DisputeDecisionDays int            `yaml:"dispute_decision_days" json:"dispute_decision_days"`
	DisputeMaxDays      int            `yaml:"dispute_max_days" json:"dispute_max_days"`
	RepairDecisionDays  int            `yaml:"repair_decision_days" json:"repair_decision_days"`
	RepairWaitingMonths map[string]int `yaml:"repair_waiting_months" json:"repair_waiting_months"`
	DefaultClass        string         `yaml:"default_class" json:"default_class"`
	AttachmentMaxBytes  int64          `yaml:"attachment_max_bytes" json:"attachment_max_bytes"`
	AttachmentsMax      int            `yaml:"attachments_max" json:"attachments_max"`
	ShowStaffNames      bool           `yaml:"show_staff_names" json:"show_staff_names"`
	HiddenCategories    []string       `yaml:"hidden_categories" json:"hidden_categories"`
	HiddenWarningRules  []string       `yaml:"hidden_warning_rules" json:"hidden_warning_rules"`
	Holidays            []string       `yaml:"holidays" json:"holidays"`
	Workdays            []string       `yaml:"workdays" json:"workdays"`
	// AppealDecisionMonths is how long the deciding body has for a review
	// or appeal of a sanction, by kind (months, not working days). A
	// version published before it existed takes DefaultAppealMonths.
	AppealDecisionMonths map[string]int `yaml:"appeal_decision_months" json:"appeal_decision_months"`
	// ReportValidDays is how long an issued integrity report (诚信报告) is
	// valid: the paper and the public verification say until when. A
	// version published before it existed takes DefaultReportValidDays.
	ReportValidDays int `yaml:"report_valid_days" json:"report_valid_days"`

	holiday, workday map[string]bool
}

// SetVersion stamps the published version the policy was read from.
func (p *Policy) SetVersion(v int) { p.Version = v }

// Classes of negative credit entries.
var Classes = []string{"minor", "general", "serious"}

// DefaultReportValidDays is how long a report is valid when the policy
// does not say.
const DefaultReportValidDays = 90

// DefaultAppealMonths are the decision times of the law: 复审 one month and
// 复核 two (政务处分法 art. 55); 申诉 60 days (公务员法 arts. 95-96, the
// party's rules on members' rights), kept as three months.
func DefaultAppealMonths() map[string]int {
	return map[string]int{domain.AppealReview: 1, domain.AppealRecheck: 2, domain.AppealAppeal: 3}
}

// Validate checks a policy and indexes it. Every problem names its field.
func (p *Policy) Validate(cat *catalogue.Catalogue) error {
	fields := policydoc.Check(p.Name)
	bad := fields.Add
	if p.DisputeDecisionDays < 1 || p.DisputeDecisionDays > 60 {
		bad("dispute_decision_days", "from 1 to 60 working days")
	}
	if p.DisputeMaxDays < p.DisputeDecisionDays || p.DisputeMaxDays > 60 {
		bad("dispute_max_days", "at least dispute_decision_days, at most 60")
	}
	if p.RepairDecisionDays < 1 || p.RepairDecisionDays > 60 {
		bad("repair_decision_days", "from 1 to 60 working days")
	}
	for _, c := range Classes {
		if m, ok := p.RepairWaitingMonths[c]; !ok || m < 0 || m > 120 {
			bad("repair_waiting_months."+c, "0 to 120 months")
		}
	}
	if !slices.Contains(Classes, p.DefaultClass) {
		bad("default_class", "minor, general or serious")
	}
	if p.AttachmentMaxBytes < 1024 || p.AttachmentMaxBytes > 50<<20 {
		bad("attachment_max_bytes", "from 1 KiB to 50 MiB")
	}
	if p.AttachmentsMax < 1 || p.AttachmentsMax > 20 {
		bad("attachments_max", "from 1 to 20")
	}
	for _, c := range p.HiddenCategories {
		if _, ok := cat.Category(c); !ok {
			bad("hidden_categories", "unknown category "+c)
		}
	}
	if p.ReportValidDays == 0 {
		p.ReportValidDays = DefaultReportValidDays
	}
	if p.ReportValidDays < 1 || p.ReportValidDays > 366 {
		bad("report_valid_days", "from 1 to 366 days")
	}
	if p.AppealDecisionMonths == nil {
		p.AppealDecisionMonths = DefaultAppealMonths()
	}
	for _, k := range domain.AppealKinds {
		if m, ok := p.AppealDecisionMonths[k]; !ok || m < 1 || m > 24 {
			bad("appeal_decision_months."+k, "1 to 24 months")
		}
	}
	for _, k := range slices.Sorted(maps.Keys(p.AppealDecisionMonths)) {
		if !slices.Contains(domain.AppealKinds, k) {
			bad("appeal_decision_months."+k, "not a kind: review, recheck or appeal")
		}
	}
	p.holiday, p.workday = map[string]bool{}, map[string]bool{}
	for name, days := range map[string][]string{"holidays": p.Holidays, "workdays": p.Workdays} {
		for i, d := range days {
			if _, err := time.Parse(time.DateOnly, d); err != nil {
				bad(fmt.Sprintf("%s[%d]", name, i), "a date, YYYY-MM-DD")
			}
		}
	}
	for _, d := range p.Holidays {
		p.holiday[d] = true
	}
	for _, d := range p.Workdays {
		p.workday[d] = true
	}
	return fields.Err("the self-service policy has errors")
}

// WorkingDay reports whether a day is a working day: a weekday that is not
// a holiday, or a make-up working day.
func (p *Policy) WorkingDay(d time.Time) bool {
	k := d.Format(time.DateOnly)
	if p.workday[k] {
		return true
	}
	if p.holiday[k] {
		return false
	}
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// AddWorkingDays returns the n-th working day after from (from itself does
// not count): the last day a decision filed on from is due.
func (p *Policy) AddWorkingDays(from time.Time, n int) time.Time {
	d := day(from)
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if p.WorkingDay(d) {
			n--
		}
	}
	return d
}

// RepairableFrom returns the first day a repair of a record of this code,
// decided on decided, may be applied for. EINVALID naming record_id when
// the code is not repairable (party and government sanctions never are).
func (p *Policy) RepairableFrom(code catalogue.Code, decided time.Time) (time.Time, error) {
	if !code.Repairable {
		return time.Time{}, domain.Invalid("this record cannot be repaired", domain.FieldError{Field: "record_id",
			Message: "only credit-type entries (arrears, administrative penalties, ordinary traffic violations) can be repaired; a drunk-driving conviction never, and a dishonest-debtor listing ends on the court's removal"})
	}
	class := code.Severity
	if !slices.Contains(Classes, class) {
		class = p.DefaultClass
	}
	return scoring.AddMonths(day(decided), p.RepairWaitingMonths[class]), nil
}

// AppealDueOn returns the day a review or appeal of this kind filed on
// filed must be decided by: the policy's months later (a month without
// that day ends on its last day).
func (p *Policy) AppealDueOn(kind string, filed time.Time) time.Time {
	return scoring.AddMonths(day(filed), p.AppealDecisionMonths[kind])
}

// Hidden reports whether the official's own view leaves a category out.
func (p *Policy) Hidden(category string) bool { return slices.Contains(p.HiddenCategories, category) }

// HiddenRule reports whether the official's own view leaves a warning rule out.
func (p *Policy) HiddenRule(rule string) bool { return slices.Contains(p.HiddenWarningRules, rule) }

// MaskName shows the family name only: 张三 → 张*, 欧阳娜娜 → 欧***.
func MaskName(name string) string {
	r := []rune(name)
	if len(r) == 0 {
		return ""
	}
	out := string(r[0])
	for range r[1:] {
		out += "*"
	}
	return out
}

func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// ParseYAML reads and validates a self-service policy.
func ParseYAML(data []byte, cat *catalogue.Catalogue) (*Policy, error) {
	return policydoc.Parse(data, "the self-service policy", func(p *Policy) error { return p.Validate(cat) })
}
