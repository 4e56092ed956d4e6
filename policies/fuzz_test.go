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
		if err == nil {
			return
		}
		e, ok := err.(*domain.Error)
		if !ok || e.Code != domain.EINVALID || len(e.Fields) == 0 {
			t.Fatalf("loader %d: not a field error: %v", int(which)%len(loaders), err)
		}
	})
}
