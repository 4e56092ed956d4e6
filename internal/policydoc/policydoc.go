// Package policydoc reads the stored form of every versioned policy: one
// YAML document, unknown fields refused, a problem named by field.
package policydoc

import (
	"bytes"
	"fmt"

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

// Keyed checks a list of labelled items named list ("purposes"): each key
// 1 to maxKey characters and not repeated, each with a Chinese and an
// English name. each, when given, checks the rest of an item, f being its
// field ("purposes[2]"). It returns the items by key.
func Keyed[T domain.Labelled](fields *domain.Problems, list string, items []T, maxKey int, each func(f string, item T)) map[string]T {
	byKey := make(map[string]T, len(items))
	for i, it := range items {
		f := fmt.Sprintf("%s[%d]", list, i)
		l := it.Labelled()
		_, seen := byKey[l.Key]
		switch {
		case l.Key == "" || len(l.Key) > maxKey:
			fields.Add(f+".key", fmt.Sprintf("1 to %d characters", maxKey))
		case seen:
			fields.Add(f+".key", "repeats "+l.Key)
		}
		if l.Zh == "" || l.En == "" {
			fields.Add(f, "needs a Chinese and an English label")
		}
		if each != nil {
			each(f, it)
		}
		byKey[l.Key] = it
	}
	return byKey
}
