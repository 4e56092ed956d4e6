package store

import "gorm.io/gorm"

// Exec runs a statement inside the transaction; tests use it to take row
// locks in an order of their choosing.
func (tx *Tx) Exec(query string, args ...any) error { return tx.g.Exec(query, args...).Error }

// PreparedStatements returns the statements the process keeps prepared
// (prepared.go), by their text; none on PostgreSQL, where pgx keeps its
// own.
func (db *DB) PreparedStatements() []string {
	if p, ok := db.prepared.Statement.ConnPool.(*gorm.PreparedStmtDB); ok {
		return p.Stmts.Keys()
	}
	return nil
}

// PadIDs is padIDs.
var PadIDs = padIDs
