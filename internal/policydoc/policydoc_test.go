package policydoc_test

import (
	"errors"
	"strings"
	"testing"

	"integrity/internal/domain"
	"integrity/internal/policydoc"
)

type purpose struct {
	domain.Label `yaml:",inline"`
	Days         int `yaml:"days"`
}

type doc struct {
	Name     string    `yaml:"name"`
	Purposes []purpose `yaml:"purposes"`
}

func check(d *doc) error {
	fields := policydoc.Check(d.Name)
	policydoc.Keyed(&fields, "purposes", d.Purposes, 8, func(f string, p purpose) {
		if p.Days < 1 {
			fields.Add(f+".days", "at least 1")
		}
	})
	return fields.Err("the test policy has errors")
}

func TestParseNamesEveryProblemByField(t *testing.T) {
	_, err := policydoc.Parse([]byte(`
name: ""
purposes:
  - {key: promote, zh: 提拔, en: Promotion, days: 3}
  - {key: promote, zh: 提拔, en: "", days: 0}
  - {key: averyverylongkey, zh: 甲, en: A, days: 1}
`), "the test policy", check)
	problems := fieldsOf(t, err)
	want := map[string]string{
		"name":             "1 to 64 characters",
		"purposes[1].key":  "repeats promote",
		"purposes[1]":      "needs a Chinese and an English label",
		"purposes[1].days": "at least 1",
		"purposes[2].key":  "1 to 8 characters",
	}
	got := map[string]string{}
	for _, p := range problems {
		got[p.Field] = p.Message
	}
	for f, m := range want {
		if got[f] != m {
			t.Errorf("%s: got %q, want %q (all: %v)", f, got[f], m, problems)
		}
	}
	if len(problems) != len(want) {
		t.Errorf("got %d problems, want %d: %v", len(problems), len(want), problems)
	}
}

func TestParseRefusesUnknownFieldsAndBadYAML(t *testing.T) {
	for _, in := range []string{"name: x\nsurprise: 1\n", "name: [unclosed\n"} {
		_, err := policydoc.Parse([]byte(in), "the test policy", check)
		problems := fieldsOf(t, err)
		if len(problems) != 1 || problems[0].Field != "policy" || !strings.Contains(err.Error(), "the test policy is not valid YAML") {
			t.Errorf("%q: got %v (%v)", in, err, problems)
		}
	}
}

func TestKeyedReturnsItemsByKey(t *testing.T) {
	var fields domain.Problems
	by := policydoc.Keyed(&fields, "purposes", []purpose{{Label: domain.Label{Key: "a", Zh: "甲", En: "A"}, Days: 2}}, 8, nil)
	if len(fields) != 0 || by["a"].Days != 2 {
		t.Fatalf("got %v, problems %v", by, fields)
	}
}

func fieldsOf(t *testing.T, err error) []domain.FieldError {
	t.Helper()
	var e *domain.Error
	if !errors.As(err, &e) || e.Code != domain.EINVALID {
		t.Fatalf("want an invalid-input error, got %v", err)
	}
	return e.Fields
}
