// Package policytest gives the tests of the policy engines what they all
// start from: the shipped catalogue and policy files, and the check that an
// edited policy is refused on the right field. Only tests import it.
package policytest

import (
	"errors"
	"strings"
	"testing"
	"time"

	"integrity/internal/catalogue"
	"integrity/internal/domain"
	"integrity/internal/scoring"
	"integrity/policies"
)

// Catalogue returns the shipped record catalogue.
func Catalogue(t testing.TB) *catalogue.Catalogue {
	t.Helper()
	cat, err := catalogue.Default(policies.FS)
	if err != nil {
		t.Fatalf("the shipped catalogue: %v", err)
	}
	return cat
}

// File returns a shipped policy file ("scoring.yaml").
func File(t testing.TB, name string) []byte {
	t.Helper()
	b, err := policies.FS.ReadFile(name)
	if err != nil {
		t.Fatalf("the shipped %s: %v", name, err)
	}
	return b
}

// Shipped reads the shipped policy file name with parse.
func Shipped[T any](t testing.TB, name string, parse func([]byte) (T, error)) T {
	t.Helper()
	p, err := parse(File(t, name))
	if err != nil {
		t.Fatalf("the shipped %s: %v", name, err)
	}
	return p
}

// Edit is one change to a shipped policy that must be refused on Field.
type Edit = struct{ Name, From, To, Field string }

// Refused checks, for each edit, that the shipped policy file name with
// From replaced by To is refused as invalid, naming the edit's field.
func Refused[T any](t *testing.T, name string, parse func([]byte) (T, error), edits []Edit) {
	t.Helper()
	body := string(File(t, name))
	for _, e := range edits {
		t.Run(e.Name, func(t *testing.T) {
			changed := strings.Replace(body, e.From, e.To, 1)
			if changed == body {
				t.Fatalf("the test did not change the policy (%q)", e.From)
			}
			_, err := parse([]byte(changed))
			var de *domain.Error
			if !errors.As(err, &de) || de.Code != domain.EINVALID {
				t.Fatalf("want an invalid-policy error, got %v", err)
			}
			for _, f := range de.Fields {
				if f.Field == e.Field {
					return
				}
			}
			t.Fatalf("no error on %s: %v", e.Field, de.Fields)
		})
	}
}

// Date reads a day written 2006-01-02; a test's own constant that is not
// one is a bug in the test, so it panics.
func Date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// Record is an active record of a code decided on a day.
func Record(id int64, category, code, decided string) domain.Record {
	return domain.Record{ID: id, Category: category, Code: code, DecisionDate: Date(decided), State: domain.RecordActive}
}

// Ended is r closed (an investigation) or lifted (a sanction) on a day.
func Ended(r domain.Record, on string) domain.Record {
	d := Date(on)
	r.EndedOn = &d
	return r
}

// Repaired is r repaired on a day.
func Repaired(r domain.Record, on string) domain.Record {
	d := Date(on)
	r.RepairedOn = &d
	return r
}

// Scoring is the shipped scoring policy, read against cat.
func Scoring(t testing.TB, cat *catalogue.Catalogue) *scoring.Policy {
	t.Helper()
	return Shipped(t, "scoring.yaml", func(b []byte) (*scoring.Policy, error) { return scoring.ParseYAML(b, cat) })
}
