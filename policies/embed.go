// Package policies embeds the default policy data shipped with the binary:
// the record catalogue, the casbin route model and policy, and (from later
// issues) the scoring, eligibility and warning policies. The seed and
// migrate commands load the versioned ones into the database as version 1.
package policies

import "embed"

// FS holds every policy file of this folder.
//
//go:embed *.yaml model.conf policy.csv
var FS embed.FS

// Versioned names the shipped file of each versioned policy kind; migrate
// publishes each as version 1 where the kind has no version yet.
var Versioned = []struct{ Kind, File string }{
	{"scoring", "scoring.yaml"},
	{"lookups", "lookups.yaml"},
	{"warnings", "warnings.yaml"},
	{"eligibility", "eligibility.yaml"},
	{"selfservice", "selfservice.yaml"},
}
