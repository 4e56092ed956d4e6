// Package scoring is the points engine: a pure function of an official's
// records, a scoring policy and a date. It does no I/O and reads no clock;
// the same inputs always give the same score, grade and explanation.
package scoring

import (
	"fmt"
	"math"
	"sort"

	"integrity/internal/catalogue"
	"integrity/internal/domain"
	"integrity/internal/policydoc"
)

// Points are hundredths of a point, so sums are exact.
type Points int64

// FromFloat rounds a policy's decimal points to hundredths.
func FromFloat(f float64) Points { return Points(math.Round(f * 100)) }

// Float returns the points as a number with two decimals.
func (p Points) Float() float64 { return float64(p) / 100 }

// MarshalJSON writes points as a decimal number.
func (p Points) MarshalJSON() ([]byte, error) { return []byte(fmt.Sprintf("%.2f", p.Float())), nil }

// Grade is one band of the score.
type Grade struct {
	domain.Label `yaml:",inline"`
	Min          *float64 `yaml:"min,omitempty" json:"min"` // nil: the lowest grade, any score
}

// Cap limits the sum of one category's items.
type Cap struct {
	Category string   `yaml:"category" json:"category"`
	Max      *float64 `yaml:"max,omitempty" json:"max"`
	Min      *float64 `yaml:"min,omitempty" json:"min"`
}

// Rule scores one code.
type Rule struct {
	Code         string  `yaml:"code" json:"code"`
	Points       float64 `yaml:"points" json:"points"`
	Months       int     `yaml:"months,omitempty" json:"months"`
	UntilRemoved bool    `yaml:"until_removed,omitempty" json:"until_removed"`
	ForceGrade   string  `yaml:"force_grade,omitempty" json:"force_grade,omitempty"`
}

// How disputed records are treated.
const (
	DisputedCount   = "count"
	DisputedSuspend = "suspend"
)

// How the records of one act count.
const (
	SameActHeaviest = "heaviest" // only the heaviest of an act's records counts
	SameActEach     = "each"     // each counts
)

// Fades.
const (
	FadeNone   = "none"
	FadeLinear = "linear"
)

// Policy is a version of the scoring policy.
type Policy struct {
	Version  int     `yaml:"-" json:"version"`
	Name     string  `yaml:"name" json:"name"`
	Base     float64 `yaml:"base" json:"base"`
	Floor    float64 `yaml:"floor" json:"floor"`
	Ceiling  float64 `yaml:"ceiling" json:"ceiling"`
	Fade     string  `yaml:"fade" json:"fade"`
	Disputed string  `yaml:"disputed" json:"disputed"`
	// SameAct says whether the negative records of one act (the same act
	// reference: a party and a government sanction for one act) count
	// once, the heaviest in force on the day (heaviest, the default when
	// absent), or each. Positive records always count each.
	SameAct string  `yaml:"same_act,omitempty" json:"same_act"`
	Grades  []Grade `yaml:"grades" json:"grades"`
	Caps    []Cap   `yaml:"caps" json:"caps"`
	Rules   []Rule  `yaml:"rules" json:"rules"`

	byCode map[string]Rule
	capOf  map[string]Cap
}

// SetVersion stamps the published version the policy was read from.
func (p *Policy) SetVersion(v int) { p.Version = v }

// Validate checks a policy and indexes it. Every problem names its field.
func (p *Policy) Validate(cat *catalogue.Catalogue) error {
	fields := policydoc.Check(p.Name)
	bad := fields.Add
	if p.Fade == "" {
		p.Fade = FadeNone
	}
	if p.Disputed == "" {
		p.Disputed = DisputedCount
	}
	if p.SameAct == "" {
		p.SameAct = SameActHeaviest
	}
	if p.SameAct != SameActHeaviest && p.SameAct != SameActEach {
		bad("same_act", "heaviest or each")
	}
	if p.Fade != FadeNone && p.Fade != FadeLinear {
		bad("fade", "none or linear")
	}
	if p.Disputed != DisputedCount && p.Disputed != DisputedSuspend {
		bad("disputed", "count or suspend")
	}
	if p.Floor > p.Base || p.Ceiling < p.Base {
		bad("floor", "the floor must not exceed the base, nor the base the ceiling")
	}
	if len(p.Grades) == 0 {
		bad("grades", "at least one grade")
	}
	grades := policydoc.Keyed(&fields, "grades", p.Grades, 32, nil)
	for i, g := range p.Grades {
		f := fmt.Sprintf("grades[%d]", i)
		last := i == len(p.Grades)-1
		switch {
		case last && g.Min != nil:
			bad(f+".min", "the lowest grade has no minimum")
		case !last && g.Min == nil:
			bad(f+".min", "required for every grade but the lowest")
		case !last && i > 0 && p.Grades[i-1].Min != nil && *g.Min >= *p.Grades[i-1].Min:
			bad(f+".min", "thresholds must fall from the best grade down")
		}
	}
	p.capOf = map[string]Cap{}
	for i, c := range p.Caps {
		f := fmt.Sprintf("caps[%d]", i)
		if _, ok := cat.Category(c.Category); !ok {
			bad(f+".category", "unknown category "+c.Category)
		}
		if c.Max == nil && c.Min == nil {
			bad(f, "a cap needs max or min")
		}
		if c.Max != nil && c.Min != nil && *c.Min > *c.Max {
			bad(f+".min", "exceeds max")
		}
		if _, dup := p.capOf[c.Category]; dup {
			bad(f+".category", "capped twice")
		}
		p.capOf[c.Category] = c
	}
	p.byCode = map[string]Rule{}
	for i, r := range p.Rules {
		f := fmt.Sprintf("rules[%d]", i)
		if _, ok := cat.Code(r.Code); !ok {
			bad(f+".code", "unknown code "+r.Code)
		}
		if _, dup := p.byCode[r.Code]; dup {
			bad(f+".code", "scored twice")
		}
		switch {
		case r.Months < 0:
			bad(f+".months", "must not be negative")
		case r.UntilRemoved && r.Months != 0:
			bad(f+".months", "an until-removed rule has no months")
		case !r.UntilRemoved && r.Months == 0:
			bad(f+".months", "required (or until_removed)")
		case r.Months > 600:
			bad(f+".months", "at most 600")
		}
		if math.Abs(r.Points) > 1000 {
			bad(f+".points", "at most 1000 either way")
		}
		if _, known := grades[r.ForceGrade]; r.ForceGrade != "" && !known {
			bad(f+".force_grade", "unknown grade "+r.ForceGrade)
		}
		p.byCode[r.Code] = r
	}
	return fields.Err("the scoring policy is invalid")
}

// Rule returns the rule of a code.
func (p *Policy) Rule(code string) (Rule, bool) {
	r, ok := p.byCode[code]
	return r, ok
}

// gradeOf returns the grade a score earns.
func (p *Policy) gradeOf(score Points) Grade {
	for _, g := range p.Grades {
		if g.Min == nil || score >= FromFloat(*g.Min) {
			return g
		}
	}
	return p.Grades[len(p.Grades)-1]
}

// gradeRank orders grades: 0 is the best.
func (p *Policy) gradeRank(key string) int {
	for i, g := range p.Grades {
		if g.Key == key {
			return i
		}
	}
	return -1
}

// Codes lists the codes the policy scores, sorted.
func (p *Policy) Codes() []string {
	out := make([]string, 0, len(p.byCode))
	for c := range p.byCode {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// ParseYAML reads a policy and validates it against the catalogue.
func ParseYAML(data []byte, cat *catalogue.Catalogue) (*Policy, error) {
	return policydoc.Parse(data, "the scoring policy", func(p *Policy) error { return p.Validate(cat) })
}
