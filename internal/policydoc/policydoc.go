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
