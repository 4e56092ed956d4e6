// Package eligibility is the eligibility engine: a pure function of an
// official's records, the scoring and eligibility policies, a purpose and a
// date. It does no I/O and reads no clock; the same inputs always give the
// same verdict, reasons and earliest-eligible date.
package eligibility

import (
	"fmt"
	"slices"

	"integrity/internal/catalogue"
	"integrity/internal/domain"
	"integrity/internal/policydoc"
	"integrity/internal/scoring"
)

// How long a bar holds.
const (
	PeriodRecord           = "record"            // the record's own period, or the code's standard one
	PeriodFixed            = "fixed"             // Months months
	PeriodCalendarYear     = "calendar_year"     // the effective date's year (and Years - 1 after)
	PeriodOpen             = "open"              // until the record is ended
	PeriodPermanent        = "permanent"         // no end
	PeriodAssessmentWindow = "assessment_window" // an assessment result of the last Years years
)

// Official categories a purpose or a bar may be limited to.
var officialCategories = []string{domain.CategoryCivilServant, domain.CategoryPublicInstitution}

// InfluencePeriod is the influence period (影响期) of one code.
type InfluencePeriod struct {
	Code      string `yaml:"code" json:"code"`
	Months    int    `yaml:"months,omitempty" json:"months"`
	Permanent bool   `yaml:"permanent,omitempty" json:"permanent"`
}

// Bar is one rule that bars a purpose, with its legal source.
type Bar struct {
	// ID names the rule in a verdict's reasons (the reason's key when empty).
	ID         string   `yaml:"id,omitempty" json:"id"`
	Reason     string   `yaml:"reason" json:"reason"`
	Codes      []string `yaml:"codes,omitempty" json:"codes"`
	Categories []string `yaml:"categories,omitempty" json:"categories"`
	Period     string   `yaml:"period" json:"period"`
	Months     int      `yaml:"months,omitempty" json:"months,omitempty"`
	Years      int      `yaml:"years,omitempty" json:"years,omitempty"`
	Source     string   `yaml:"source,omitempty" json:"source"`
	// OfficialCategories limits the bar to officials of these categories.
	OfficialCategories []string `yaml:"official_categories,omitempty" json:"official_categories,omitempty"`
	// Combine is read from versions before the combining rules and ignored:
	// periods combine as Policy.Combining says.
	Combine bool `yaml:"combine,omitempty" json:"-"`
}

// matches reports whether the bar covers a record of this category and code.
func (b Bar) matches(category, code string) bool {
	return slices.Contains(b.Codes, code) || slices.Contains(b.Categories, category)
}

// applies reports whether a bar or purpose limited to some official
// categories covers an official of this one.
func applies(limit []string, category string) bool {
	return len(limit) == 0 || slices.Contains(limit, category)
}

// Purpose is a personnel decision and what bars it.
type Purpose struct {
	domain.Label `yaml:",inline"`
	Bars         []Bar    `yaml:"bars" json:"bars"`
	MinGrade     string   `yaml:"min_grade,omitempty" json:"min_grade,omitempty"`
	MinScore     *float64 `yaml:"min_score,omitempty" json:"min_score,omitempty"`
	// AssessmentYear: the purpose is judged for an assessment year (the
	// 2025 assessment is made early in 2026), not for the day of the check.
	AssessmentYear bool `yaml:"assessment_year,omitempty" json:"assessment_year"`
	// Confidential: a check for it is kept out of the candidate's access
	// log (a cadre selection is not revealed to the candidate).
	Confidential bool `yaml:"confidential,omitempty" json:"confidential"`
	// OfficialCategories limits the purpose to officials of these
	// categories (政务处分法 art. 20: other public officials have their own
	// effects); empty: every official.
	OfficialCategories []string `yaml:"official_categories,omitempty" json:"official_categories,omitempty"`
}

// CombiningRule is one rule of how records combine, with its legal source.
type CombiningRule struct {
	Zh     string `yaml:"zh" json:"zh"`
	En     string `yaml:"en" json:"en"`
	Source string `yaml:"source" json:"source"`
}

// DuringPeriod is the rule for a new sanction while a period runs: what is
// left of the old period plus the new one, at most MaxMonths, for records
// of these categories only.
type DuringPeriod struct {
	CombiningRule `yaml:",inline"`
	Categories    []string `yaml:"categories,omitempty" json:"categories"`
	MaxMonths     int      `yaml:"max_months,omitempty" json:"max_months"`
}

// Combining says how the records of one official combine. Records of one
// act (the same act reference) and of one decision (the same document
// number) always run side by side, the longest governing: the law never
// adds them, and neither does the engine. Only DuringPeriod adds, and only
// for the categories it names.
type Combining struct {
	OneAct       CombiningRule `yaml:"one_act" json:"one_act"`
	OneDecision  CombiningRule `yaml:"one_decision" json:"one_decision"`
	DuringPeriod DuringPeriod  `yaml:"during_period" json:"during_period"`
}

// Combining rules a reason may name.
const (
	CombinedOneAct       = "one_act"
	CombinedOneDecision  = "one_decision"
	CombinedDuringPeriod = "during_period"
)

// Label names a reason in both languages.
type Label = domain.Label

// Policy is a version of the eligibility policy.
type Policy struct {
	Version           int               `yaml:"-" json:"version"`
	Name              string            `yaml:"name" json:"name"`
	Combining         Combining         `yaml:"combining" json:"combining"`
	MaxCombinedMonths int               `yaml:"max_combined_months,omitempty" json:"-"` // read from older versions, ignored
	Reasons           []Label           `yaml:"reasons" json:"reasons"`
	Periods           []InfluencePeriod `yaml:"periods" json:"periods"`
	Purposes          []Purpose         `yaml:"purposes" json:"purposes"`

	periodOf  map[string]InfluencePeriod
	purposeOf map[string]Purpose
	reasonOf  map[string]Label
}

// SetVersion stamps the published version the policy was read from.
func (p *Policy) SetVersion(v int) { p.Version = v }

// Validate checks a policy and indexes it. Every problem names its field.
func (p *Policy) Validate(cat *catalogue.Catalogue, sp *scoring.Policy) error {
	fields := policydoc.Check(p.Name)
	bad := fields.Add
	p.validateCombining(cat, bad)
	p.reasonOf = map[string]Label{}
	for i, l := range p.Reasons {
		switch f := fmt.Sprintf("reasons[%d]", i); {
		case l.Key == "" || len(l.Key) > 48:
			bad(f+".key", "1 to 48 characters")
		case p.reasonOf[l.Key].Key != "":
			bad(f+".key", "repeats "+l.Key)
		case l.Zh == "" || l.En == "":
			bad(f, "needs a Chinese and an English label")
		}
		p.reasonOf[l.Key] = l
	}
	for _, k := range []string{ReasonGradeBelowMinimum, ReasonScoreBelowMinimum} {
		if p.reasonOf[k].Key == "" {
			bad("reasons", "needs a label for "+k)
		}
	}
	p.periodOf = map[string]InfluencePeriod{}
	for i, ip := range p.Periods {
		f := fmt.Sprintf("periods[%d]", i)
		switch _, ok := cat.Code(ip.Code); {
		case !ok:
			bad(f+".code", "unknown code "+ip.Code)
		case p.periodOf[ip.Code].Code != "":
			bad(f+".code", "repeats "+ip.Code)
		case !ip.Permanent && (ip.Months < 1 || ip.Months > 240):
			bad(f+".months", "from 1 to 240, or permanent")
		}
		p.periodOf[ip.Code] = ip
	}
	grades := map[string]bool{}
	for _, g := range sp.Grades {
		grades[g.Key] = true
	}
	p.purposeOf = map[string]Purpose{}
	for i, pu := range p.Purposes {
		f := fmt.Sprintf("purposes[%d]", i)
		switch {
		case pu.Key == "" || len(pu.Key) > 32:
			bad(f+".key", "1 to 32 characters")
		case p.purposeOf[pu.Key].Key != "":
			bad(f+".key", "repeats "+pu.Key)
		}
		if pu.Zh == "" || pu.En == "" {
			bad(f, "needs a Chinese and an English label")
		}
		if pu.MinGrade != "" && !grades[pu.MinGrade] {
			bad(f+".min_grade", "not a grade of the scoring policy")
		}
		validCategories(pu.OfficialCategories, f+".official_categories", bad)
		for j, b := range pu.Bars {
			p.validateBar(cat, b, fmt.Sprintf("%s.bars[%d]", f, j), bad)
		}
		p.purposeOf[pu.Key] = pu
	}
	if len(p.Purposes) == 0 {
		bad("purposes", "at least one purpose")
	}
	return fields.Err("the eligibility policy has errors")
}

func (p *Policy) validateBar(cat *catalogue.Catalogue, b Bar, f string, bad func(field, msg string)) {
	if p.reasonOf[b.Reason].Key == "" {
		bad(f+".reason", "no label in reasons for "+b.Reason)
	}
	if len(b.ID) > 48 {
		bad(f+".id", "at most 48 characters")
	}
	if len([]rune(b.Source)) > 500 {
		bad(f+".source", "at most 500 characters")
	}
	validCategories(b.OfficialCategories, f+".official_categories", bad)
	if len(b.Codes)+len(b.Categories) == 0 {
		bad(f, "name the codes or categories that bar")
	}
	var codes []string
	for _, c := range b.Codes {
		if _, ok := cat.Code(c); !ok {
			bad(f+".codes", "unknown code "+c)
		}
		codes = append(codes, c)
	}
	for _, c := range b.Categories {
		k, ok := cat.Category(c)
		if !ok {
			bad(f+".categories", "unknown category "+c)
			continue
		}
		for _, code := range k.Codes {
			codes = append(codes, code.Key)
		}
	}
	switch b.Period {
	case PeriodRecord:
		for _, c := range codes {
			if p.periodOf[c].Code == "" {
				bad(f+".period", "code "+c+" has no influence period in periods")
				break
			}
		}
	case PeriodFixed:
		if b.Months < 1 || b.Months > 240 {
			bad(f+".months", "from 1 to 240")
		}
	case PeriodCalendarYear:
		if b.Years < 0 || b.Years > 10 {
			bad(f+".years", "from 0 to 10 (0 or 1: the effective year only)")
		}
	case PeriodAssessmentWindow:
		if b.Years < 1 || b.Years > 10 {
			bad(f+".years", "from 1 to 10 assessment years")
		}
		for _, c := range codes {
			if k, _ := cat.Code(c); k.Category != domain.CategoryAnnualAssessment {
				bad(f+".codes", "an assessment window reads annual assessment results only, not "+c)
				break
			}
		}
	case PeriodOpen, PeriodPermanent:
	default:
		bad(f+".period", "one of record, fixed, calendar_year, open, permanent, assessment_window")
	}
}

func (p *Policy) validateCombining(cat *catalogue.Catalogue, bad func(field, msg string)) {
	dp := &p.Combining.DuringPeriod
	for _, c := range dp.Categories {
		if _, ok := cat.Category(c); !ok {
			bad("combining.during_period.categories", "unknown category "+c)
		}
	}
	switch {
	case len(dp.Categories) > 0 && (dp.MaxMonths < 1 || dp.MaxMonths > 240):
		bad("combining.during_period.max_months", "from 1 to 240")
	case len(dp.Categories) == 0 && dp.MaxMonths != 0 && (dp.MaxMonths < 1 || dp.MaxMonths > 240):
		bad("combining.during_period.max_months", "from 1 to 240")
	}
	for f, r := range map[string]CombiningRule{"one_act": p.Combining.OneAct, "one_decision": p.Combining.OneDecision, "during_period": dp.CombiningRule} {
		if len([]rune(r.Zh)) > 500 || len([]rune(r.En)) > 500 || len([]rune(r.Source)) > 500 {
			bad("combining."+f, "labels and source at most 500 characters each")
		}
	}
}

func validCategories(list []string, f string, bad func(field, msg string)) {
	for _, c := range list {
		if !slices.Contains(officialCategories, c) {
			bad(f, "unknown official category "+c+" (civil_servant or public_institution)")
		}
	}
}

// ruleID is the id a bar's reasons carry.
func (b Bar) ruleID() string {
	if b.ID != "" {
		return b.ID
	}
	return b.Reason
}

// Purpose returns a purpose by key.
func (p *Policy) Purpose(key string) (Purpose, bool) {
	pu, ok := p.purposeOf[key]
	return pu, ok
}

// ReasonLabel returns the label of a reason code (the code itself when the
// policy has none).
func (p *Policy) ReasonLabel(key string) Label {
	if l, ok := p.reasonOf[key]; ok {
		return l
	}
	return Label{Key: key, Zh: key, En: key}
}

// ParseYAML reads and validates an eligibility policy against the catalogue
// and the grades of the scoring policy.
func ParseYAML(data []byte, cat *catalogue.Catalogue, sp *scoring.Policy) (*Policy, error) {
	return policydoc.Parse(data, "the eligibility policy", func(p *Policy) error { return p.Validate(cat, sp) })
}
