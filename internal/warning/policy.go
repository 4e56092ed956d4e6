// Package warning is the warnings engine: a pure function of an official's
// records, their score, the previous grade, a warning policy and a date. It
// does no I/O and reads no clock.
package warning

import (
	"slices"

	"integrity/internal/catalogue"
	"integrity/internal/domain"
	"integrity/internal/policydoc"
)

// Rule kinds.
const (
	KindScoreBelow         = "score_below"
	KindGradeDropped       = "grade_dropped"
	KindSeriousRecord      = "serious_record"
	KindNegativeCount      = "negative_count"
	KindUnderInvestigation = "under_investigation"
	KindArrearsOverdue     = "arrears_overdue"
	KindPeriodEnding       = "period_ending"
	KindDisputeOverdue     = "dispute_overdue"
	KindRepairOverdue      = "repair_overdue"
)

// Levels, from the most urgent.
var Levels = []string{"high", "medium", "low", "info"}

// Rule is one warning rule.
type Rule struct {
	domain.Label `yaml:",inline"`
	Kind         string   `yaml:"kind" json:"kind"`
	Level        string   `yaml:"level" json:"level"`
	Threshold    float64  `yaml:"threshold,omitempty" json:"threshold,omitempty"`
	Codes        []string `yaml:"codes,omitempty" json:"codes,omitempty"`
	Categories   []string `yaml:"categories,omitempty" json:"categories,omitempty"`
	WithinDays   int      `yaml:"within_days,omitempty" json:"within_days,omitempty"`
	Count        int      `yaml:"count,omitempty" json:"count,omitempty"`
	Months       int      `yaml:"months,omitempty" json:"months,omitempty"`
	Days         int      `yaml:"days,omitempty" json:"days,omitempty"`
}

// Event reports whether the rule marks a change rather than a lasting
// condition: its warning stays until a person resolves it.
func (r Rule) Event() bool { return r.Kind == KindGradeDropped }

// Policy is a version of the warning rules.
type Policy struct {
	Version int    `yaml:"-" json:"version"`
	Name    string `yaml:"name" json:"name"`
	Rules   []Rule `yaml:"rules" json:"rules"`

	byKey map[string]Rule
}

// SetVersion stamps the published version the policy was read from.
func (p *Policy) SetVersion(v int) { p.Version = v }

// Validate checks a policy and indexes it. Every problem names its field.
func (p *Policy) Validate(cat *catalogue.Catalogue) error {
	fields := policydoc.Check(p.Name)
	bad := fields.Add
	p.byKey = policydoc.Keyed(&fields, "rules", p.Rules, 32, func(f string, r Rule) {
		if !slices.Contains(Levels, r.Level) {
			bad(f+".level", "one of high, medium, low, info")
		}
		for _, c := range r.Codes {
			if _, ok := cat.Code(c); !ok {
				bad(f+".codes", "unknown code "+c)
			}
		}
		for _, c := range r.Categories {
			if _, ok := cat.Category(c); !ok {
				bad(f+".categories", "unknown category "+c)
			}
		}
		switch r.Kind {
		case KindScoreBelow:
			if r.Threshold <= 0 {
				bad(f+".threshold", "a positive score")
			}
		case KindGradeDropped, KindUnderInvestigation, KindDisputeOverdue, KindRepairOverdue:
		case KindSeriousRecord:
			if len(r.Codes) == 0 {
				bad(f+".codes", "at least one code")
			}
			if r.WithinDays < 1 {
				bad(f+".within_days", "at least 1")
			}
		case KindNegativeCount:
			if r.Count < 1 {
				bad(f+".count", "at least 1")
			}
			if r.Months < 1 || r.Months > 120 {
				bad(f+".months", "from 1 to 120")
			}
		case KindArrearsOverdue, KindPeriodEnding:
			if r.Days < 1 || r.Days > 3650 {
				bad(f+".days", "from 1 to 3650")
			}
			if r.Kind == KindPeriodEnding && len(r.Categories) == 0 {
				bad(f+".categories", "at least one category")
			}
		default:
			bad(f+".kind", "unknown kind "+r.Kind)
		}
	})
	return fields.Err("the warning policy has errors")
}

// Rule returns a rule by key.
func (p *Policy) Rule(key string) (Rule, bool) {
	r, ok := p.byKey[key]
	return r, ok
}

// ParseYAML reads and validates a warning policy.
func ParseYAML(data []byte, cat *catalogue.Catalogue) (*Policy, error) {
	return policydoc.Parse(data, "the warning policy", func(p *Policy) error { return p.Validate(cat) })
}
