// Package migrations embeds the versioned SQL schema of each dialect. The three
// folders hold the same version numbers; a test keeps their tables and
// columns in step.
package migrations

import (
	"embed"
	"io/fs"
)

//go:embed mysql/*.sql postgres/*.sql sqlite/*.sql
var files embed.FS

// FS returns the migrations of one dialect ("mysql", "postgres" or "sqlite").
func FS(dialect string) (fs.FS, error) {
	return fs.Sub(files, dialect)
}
