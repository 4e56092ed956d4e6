// Package lookup holds the rules of approved file lookups: the lookup
// policy (purposes, modules, time limits) and the state machine of a
// request. It does no I/O and reads no clock; callers pass the time.
package lookup

import (
	"fmt"

	"integrity/internal/catalogue"
	"integrity/internal/domain"
	"integrity/internal/policydoc"
)

// ModuleBasic is the official's registry entry (post, rank, birth date…);
// without it a file shows only the name, department and masked ID number.
const ModuleBasic = "basic"

// Purpose is what a lookup may be for.
type Purpose struct {
	domain.Label `yaml:",inline"`
	// Confidential purposes (an investigation) are left out of the
	// official's own access log.
	Confidential bool `yaml:"confidential,omitempty" json:"confidential"`
}

// Module is a part of a file a lookup may open.
type Module struct {
	domain.Label `yaml:",inline"`
	Categories   []string `yaml:"categories" json:"categories"`
	Sensitive    bool     `yaml:"sensitive,omitempty" json:"sensitive"`
	// TwoApprovers: granted only when two different approvers approve it.
	TwoApprovers bool `yaml:"two_approvers,omitempty" json:"two_approvers"`
	// NotScored: its categories add nothing to the score (problem leads),
	// so a lookup may show the score without opening it.
	NotScored bool `yaml:"not_scored,omitempty" json:"not_scored"`
}

// Policy is a version of the lookup policy.
type Policy struct {
	Version      int       `yaml:"-" json:"version"`
	Name         string    `yaml:"name" json:"name"`
	PendingHours int       `yaml:"pending_hours" json:"pending_hours"`
	DefaultDays  int       `yaml:"default_days" json:"default_days"`
	MaxDays      int       `yaml:"max_days" json:"max_days"`
	MaxOfficials int       `yaml:"max_officials" json:"max_officials"`
	Purposes     []Purpose `yaml:"purposes" json:"purposes"`
	Modules      []Module  `yaml:"modules" json:"modules"`

	purposes map[string]Purpose
	modules  map[string]Module
	moduleOf map[string]string // category → module
}

// SetVersion stamps the published version the policy was read from.
func (p *Policy) SetVersion(v int) { p.Version = v }

// AbsoluteMaxDays is the cap no policy may exceed.
const AbsoluteMaxDays = 30

// Validate checks a policy and indexes it. Every problem names its field.
func (p *Policy) Validate(cat *catalogue.Catalogue) error {
	fields := policydoc.Check(p.Name)
	bad := fields.Add
	if p.PendingHours < 1 || p.PendingHours > 24*30 {
		bad("pending_hours", "from 1 to 720 hours")
	}
	if p.MaxDays < 1 || p.MaxDays > AbsoluteMaxDays {
		bad("max_days", fmt.Sprintf("from 1 to %d days", AbsoluteMaxDays))
	}
	if p.DefaultDays < 1 || p.DefaultDays > p.MaxDays {
		bad("default_days", "from 1 day to max_days")
	}
	if p.MaxOfficials < 1 || p.MaxOfficials > 100 {
		bad("max_officials", "from 1 to 100")
	}
	p.purposes = policydoc.Keyed(&fields, "purposes", p.Purposes, 32, nil)
	if len(p.Purposes) == 0 {
		bad("purposes", "at least one purpose")
	}
	p.moduleOf = map[string]string{}
	p.modules = policydoc.Keyed(&fields, "modules", p.Modules, 32, func(f string, m Module) {
		for _, c := range m.Categories {
			if _, ok := cat.Category(c); !ok {
				bad(f+".categories", "unknown category "+c)
			} else if prev := p.moduleOf[c]; prev != "" {
				bad(f+".categories", fmt.Sprintf("%s is already in module %s", c, prev))
			} else {
				p.moduleOf[c] = m.Key
			}
		}
	})
	if p.modules[ModuleBasic].Key == "" {
		bad("modules", "the basic module is required")
	}
	return fields.Err("the lookup policy has errors")
}

// Uncovered lists the catalogue's categories that are in no module: no
// lookup opens them (they fail closed). A published version read after the
// catalogue gained a category still works; an edited draft must place every
// category (see CheckCovers).
func (p *Policy) Uncovered(cat *catalogue.Catalogue) []string {
	var out []string
	for _, c := range cat.Categories {
		if p.moduleOf[c.Key] == "" {
			out = append(out, c.Key)
		}
	}
	return out
}

// CheckCovers is the draft editor's check that every category of the
// catalogue is in a module.
func (p *Policy) CheckCovers(cat *catalogue.Catalogue) error {
	var fields domain.Problems
	for _, c := range p.Uncovered(cat) {
		fields.Add("modules", "category "+c+" is in no module")
	}
	return fields.Err("the lookup policy has errors")
}

// Purpose returns a purpose by key.
func (p *Policy) Purpose(key string) (Purpose, bool) {
	pu, ok := p.purposes[key]
	return pu, ok
}

// Module returns a module by key.
func (p *Policy) Module(key string) (Module, bool) {
	m, ok := p.modules[key]
	return m, ok
}

// ModuleOf returns the module that shows a record category ("" if none,
// which a validated policy never has for a catalogue category).
func (p *Policy) ModuleOf(category string) string { return p.moduleOf[category] }

// Categories returns the record categories the modules open.
func (p *Policy) Categories(modules []string) map[string]bool {
	out := map[string]bool{}
	for _, k := range modules {
		for _, c := range p.modules[k].Categories {
			out[c] = true
		}
	}
	return out
}

// WholeFile reports whether the modules open every category that scores:
// only then may a lookup show the score, which sums them all.
func (p *Policy) WholeFile(modules []string) bool {
	open := p.Categories(modules)
	for c, m := range p.moduleOf {
		if !open[c] && !p.modules[m].NotScored {
			return false
		}
	}
	return true
}

// NeedsTwoApprovers reports whether any of the modules needs two approvers.
func (p *Policy) NeedsTwoApprovers(modules []string) bool {
	for _, k := range modules {
		if p.modules[k].TwoApprovers {
			return true
		}
	}
	return false
}

// ParseYAML reads and validates a lookup policy.
func ParseYAML(data []byte, cat *catalogue.Catalogue) (*Policy, error) {
	return policydoc.Parse(data, "the lookup policy", func(p *Policy) error { return p.Validate(cat) })
}
