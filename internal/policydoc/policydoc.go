// Package policydoc reads the stored form of every versioned policy: one
// YAML document, unknown fields refused, a problem named by field.
package policydoc

import (
	"bytes"

	"gopkg.in/yaml.v3"

	"integrity/internal/domain"
)

// Decode reads a policy document into v. what names the policy in the
// error ("the scoring policy"); a document that is not valid YAML, or that
// holds a field the policy does not have, is EINVALID on the field
// "policy".
func Decode(data []byte, v any, what string) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return domain.Invalid(what+" is not valid YAML", domain.FieldError{Field: "policy", Message: err.Error()})
	}
	return nil
}

// Parse reads a policy document into a new T and checks it: what the
// policy packages' ParseYAML do, each with its own check.
func Parse[T any](data []byte, what string, check func(*T) error) (*T, error) {
	p := new(T)
	if err := Decode(data, p, what); err != nil {
		return nil, err
	}
	return p, check(p)
}

// Check starts the check of a policy named name: the field problems found,
// beginning with the name's (1 to 64 characters).
func Check(name string) domain.Problems {
	var fields domain.Problems
	if n := len([]rune(name)); n == 0 || n > 64 {
		fields.Add("name", "1 to 64 characters")
	}
	return fields
}
