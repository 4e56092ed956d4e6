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
