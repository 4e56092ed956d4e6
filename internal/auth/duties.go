package auth

import (
	"fmt"
	"io/fs"
	"strings"

	"gopkg.in/yaml.v3"

	"integrity/internal/domain"
)

// Duties are the rules of the separation of administrative duties
// (policies/duties.yaml): which roles exclude each other and which grants
// wait for a second security administrator.
type Duties struct {
	Administrative []string `yaml:"administrative"`
	OpensFiles     []string `yaml:"opens_files"`
	Approval       []string `yaml:"needs_approval"`
}

// LoadDuties reads duties.yaml from fsys. Every role it names must be a
// grantable role, and it must name at least two administrative roles: a
// policy that separates nothing is an error, not a default.
func LoadDuties(fsys fs.FS) (*Duties, error) {
	b, err := fs.ReadFile(fsys, "duties.yaml")
	if err != nil {
		return nil, fmt.Errorf("duties policy: %w", err)
	}
	var d Duties
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	dec.KnownFields(true)
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("duties policy: %w", err)
	}
	for _, list := range [][]string{d.Administrative, d.OpensFiles, d.Approval} {
		for _, r := range list {
			if !domain.ValidRole(r) {
				return nil, fmt.Errorf("duties policy: %q is not a role", r)
			}
		}
	}
	if len(d.Administrative) < 2 {
		return nil, fmt.Errorf("duties policy: administrative must name the administrators")
	}
	return &d, nil
}

func has(list []string, role string) bool {
	for _, r := range list {
		if r == role {
			return true
		}
	}
	return false
}

// Breach explains why an account may not hold roles together, "" when it
// may.
func (d *Duties) Breach(roles []string) string {
	var admin []string
	opens := ""
	for _, r := range roles {
		if has(d.Administrative, r) {
			admin = append(admin, r)
		}
		if has(d.OpensFiles, r) {
			opens = r
		}
	}
	switch {
	case len(admin) > 1:
		return fmt.Sprintf("an account holds one administrative role at most, not %s", strings.Join(admin, " and "))
	case len(admin) == 1 && opens != "":
		return fmt.Sprintf("an administrator (%s) does not also hold a role that opens files (%s)", admin[0], opens)
	}
	return ""
}

// NeedsApproval reports whether granting role waits for a second security
// administrator.
func (d *Duties) NeedsApproval(role string) bool { return has(d.Approval, role) }
