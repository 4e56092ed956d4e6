package policies_test

import (
	"testing"

	"integrity/internal/catalogue"
	"integrity/internal/domain"
	"integrity/internal/eligibility"
	"integrity/internal/lookup"
	"integrity/internal/scoring"
	"integrity/internal/selfservice"
	"integrity/internal/warning"
	"integrity/policies"
)

// FuzzPolicyLoaders feeds arbitrary YAML to every policy loader: each
// either accepts it or refuses it with field errors (an EINVALID with at
// least one field), and never panics.
func FuzzPolicyLoaders(f *testing.F) {
	cat, err := catalogue.Default(policies.FS)
	if err != nil {
		f.Fatal(err)
	}
	sb, _ := policies.FS.ReadFile("scoring.yaml")
	sp, err := scoring.ParseYAML(sb, cat)
	if err != nil {
		f.Fatal(err)
	}
	// Small seeds keep the fuzzer fast: the head of each shipped policy.
	for i, v := range policies.Versioned {
		b, _ := policies.FS.ReadFile(v.File)
		f.Add(uint8(i), string(b[:min(len(b), 600)]))
	}
	f.Add(uint8(1), "name: x\nrules: [{code: gov_warning, points: 1e308, months: -1}]\n")
	f.Add(uint8(2), "purposes: *a\n")
	f.Add(uint8(3), "{")
	// How the records of one act count: an accepted scoring policy says
	// heaviest or each, never anything else.
	f.Add(uint8(0), "name: x\nbase: 100\nceiling: 120\nsame_act: each\ngrades: [{key: a, zh: 甲, en: A}]\nrules: [{code: gov_warning, points: -10, months: 6}]\n")
	f.Add(uint8(0), "name: x\nbase: 100\nceiling: 120\nsame_act: sum\ngrades: [{key: a, zh: 甲, en: A}]\n")
	f.Add(uint8(0), "name: x\nbase: 100\nceiling: 120\nsame_act: \"\"\ngrades: [{key: a, zh: 甲, en: A}]\n")
	// In the order of policies.Versioned, so each seed meets its loader.
	loaders := []func([]byte) error{
		func(b []byte) error { _, err := scoring.ParseYAML(b, cat); return err },
		func(b []byte) error { _, err := lookup.ParseYAML(b, cat); return err },
		func(b []byte) error { _, err := warning.ParseYAML(b, cat); return err },
		func(b []byte) error { _, err := eligibility.ParseYAML(b, cat, sp); return err },
		func(b []byte) error { _, err := selfservice.ParseYAML(b, cat); return err },
	}
	f.Fuzz(func(t *testing.T, which uint8, body string) {
		if len(body) > 4096 {
			return
		}
		err := loaders[int(which)%len(loaders)]([]byte(body))
		if err == nil && int(which)%len(loaders) == 0 {
			if p, _ := scoring.ParseYAML([]byte(body), cat); p.SameAct != scoring.SameActHeaviest && p.SameAct != scoring.SameActEach {
				t.Fatalf("an accepted scoring policy with same_act %q", p.SameAct)
			}
		}
		if err == nil {
			return
		}
		e, ok := err.(*domain.Error)
		if !ok || e.Code != domain.EINVALID || len(e.Fields) == 0 {
			t.Fatalf("loader %d: not a field error: %v", int(which)%len(loaders), err)
		}
	})
}
