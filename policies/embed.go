// Package policies embeds the default policy data shipped with the binary:
// the record catalogue, and (from later issues) the casbin model, scoring,
// eligibility and warning policies. The seed and migrate commands load them
// into the database as version 1.
package policies

import "embed"

// FS holds every policy file of this folder.
//
//go:embed *.yaml
var FS embed.FS
