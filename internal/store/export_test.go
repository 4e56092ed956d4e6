package store

// Exec runs a statement inside the transaction; tests use it to take row
// locks in an order of their choosing.
func (tx *Tx) Exec(query string, args ...any) error { return tx.g.Exec(query, args...).Error }
