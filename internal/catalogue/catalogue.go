// Package catalogue reads the record catalogue: the categories and codes of
// integrity-file records, with their labels and properties.
package catalogue

import (
	"bytes"
	"fmt"
	"io/fs"
	"sync"

	"gopkg.in/yaml.v3"

	"integrity/internal/domain"
)

// Code is one kind of record within a category.
type Code struct {
	domain.Label `yaml:",inline"`
	Form         int    `yaml:"form" json:"form"`
	Repairable   bool   `yaml:"repairable" json:"repairable"`
	OpenEnded    bool   `yaml:"open_ended" json:"open_ended"`
	Severity     string `yaml:"severity" json:"severity,omitempty"`
	Category     string `yaml:"-" json:"category"`
}

// Category groups codes.
type Category struct {
	domain.Label     `yaml:",inline"`
	DocumentRequired bool   `yaml:"document_required" json:"document_required"`
	Positive         bool   `yaml:"positive" json:"positive"`
	Codes            []Code `yaml:"codes" json:"codes"`
}

// Catalogue is the whole record catalogue.
type Catalogue struct {
	Version    int        `yaml:"version" json:"version"`
	Categories []Category `yaml:"categories" json:"categories"`
	byCode     map[string]Code

	memoOnce sync.Once
	memo     any
}

// Memo returns what build derives from this catalogue, built once: a place
// for an index a caller keeps beside it (a catalogue does not change once
// built, and one is shared by the readers of a process).
func (c *Catalogue) Memo(build func(*Catalogue) any) any {
	c.memoOnce.Do(func() { c.memo = build(c) })
	return c.memo
}

// Parse reads and validates a catalogue. Errors name the entry at fault.
func Parse(data []byte) (*Catalogue, error) {
	var c Catalogue
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return nil, domain.Invalid("the catalogue is not valid YAML", domain.FieldError{Field: "catalogue", Message: err.Error()})
	}
	c.byCode = map[string]Code{}
	cats := map[string]bool{}
	for ci := range c.Categories {
		cat := &c.Categories[ci]
		field := fmt.Sprintf("categories[%d]", ci)
		if cat.Key == "" || cat.Zh == "" || cat.En == "" {
			return nil, domain.Invalid("a category needs key, zh and en", domain.FieldError{Field: field, Message: "key, zh and en are required"})
		}
		if cats[cat.Key] {
			return nil, domain.Invalid("duplicate category", domain.FieldError{Field: field, Message: "duplicate category " + cat.Key})
		}
		cats[cat.Key] = true
		if len(cat.Codes) == 0 {
			return nil, domain.Invalid("a category needs codes", domain.FieldError{Field: field, Message: "no codes"})
		}
		for i := range cat.Codes {
			code := &cat.Codes[i]
			code.Category = cat.Key
			cf := fmt.Sprintf("%s.codes[%d]", field, i)
			if code.Key == "" || code.Zh == "" || code.En == "" {
				return nil, domain.Invalid("a code needs key, zh and en", domain.FieldError{Field: cf, Message: "key, zh and en are required"})
			}
			if _, dup := c.byCode[code.Key]; dup {
				return nil, domain.Invalid("duplicate code", domain.FieldError{Field: cf, Message: "duplicate code " + code.Key})
			}
			if code.Form < 0 || code.Form > 4 {
				return nil, domain.Invalid("form out of range", domain.FieldError{Field: cf + ".form", Message: "must be 0 to 4"})
			}
			switch code.Severity {
			case "", "minor", "general", "serious":
			default:
				return nil, domain.Invalid("unknown severity", domain.FieldError{Field: cf + ".severity", Message: "must be minor, general or serious"})
			}
			c.byCode[code.Key] = *code
		}
	}
	return &c, nil
}

// Index rebuilds the code index of a catalogue assembled in code (from the
// database) and returns it.
func (c *Catalogue) Index() *Catalogue {
	c.byCode = map[string]Code{}
	for ci := range c.Categories {
		for i := range c.Categories[ci].Codes {
			c.Categories[ci].Codes[i].Category = c.Categories[ci].Key
			c.byCode[c.Categories[ci].Codes[i].Key] = c.Categories[ci].Codes[i]
		}
	}
	return c
}

// Default returns the catalogue shipped in policies/catalogue.yaml.
func Default(fsys fs.FS) (*Catalogue, error) {
	b, err := fs.ReadFile(fsys, "catalogue.yaml")
	if err != nil {
		return nil, err
	}
	return Parse(b)
}

// Code returns the code with the given key.
func (c *Catalogue) Code(key string) (Code, bool) {
	code, ok := c.byCode[key]
	return code, ok
}

// Category returns the category with the given key.
func (c *Catalogue) Category(key string) (Category, bool) {
	for _, cat := range c.Categories {
		if cat.Key == key {
			return cat, true
		}
	}
	return Category{}, false
}
