package domain

// Label is a key with its names in Chinese and English: what the catalogue,
// the policies and their purposes, grades, modules and rules each carry.
// Embedded with `yaml:",inline"`, its fields stand beside the others in
// YAML and JSON alike.
type Label struct {
	Key string `yaml:"key" json:"key"`
	Zh  string `yaml:"zh" json:"zh"`
	En  string `yaml:"en" json:"en"`
}

// Name is the label's name in the language: English when asked for and
// given, Chinese otherwise.
func (l Label) Name(english bool) string {
	if english && l.En != "" {
		return l.En
	}
	return l.Zh
}

// Labelled is what carries a label: Label itself and every struct that
// embeds one.
type Labelled interface{ Labelled() Label }

// Labelled returns the label.
func (l Label) Labelled() Label { return l }
