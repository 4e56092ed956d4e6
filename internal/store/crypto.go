package store

import (
	"context"
)

// Sealed is one value sealed at rest: a table's row and its ciphertext.
type Sealed struct {
	ID  int64
	Enc []byte
}

// CryptoMode is the algorithm set the data at rest is sealed under
// (standard, gm, or "migrating:<set>" while `integrity crypto migrate`
// runs).
func (db *DB) CryptoMode(ctx context.Context) (string, error) {
	var mode string
	err := db.sql.QueryRowContext(ctx, "SELECT mode FROM crypto_state WHERE id = 1").Scan(&mode)
	return mode, translate(err)
}

// SetCryptoMode records the algorithm set of the data at rest.
func (db *DB) SetCryptoMode(ctx context.Context, mode string) error {
	return db.Do(ctx, func(tx *Tx) error {
		return tx.g.Exec("UPDATE crypto_state SET mode = ? WHERE id = 1", mode).Error
	})
}

// HoldsSealedData reports whether any value is sealed at rest: an official's
// ID number or a user's second-factor secret.
func (db *DB) HoldsSealedData(ctx context.Context) (bool, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, "SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM officials LIMIT 1) o) + "+
		"(SELECT COUNT(*) FROM (SELECT 1 FROM users WHERE totp_secret_enc IS NOT NULL AND LENGTH(totp_secret_enc) > 0 LIMIT 1) u)").Scan(&n)
	return n > 0, translate(err)
}

// SealedIDNumbers returns up to limit officials' sealed ID numbers after id
// `after`, in id order: the batches of a re-encryption.
func (db *DB) SealedIDNumbers(ctx context.Context, after int64, limit int) ([]Sealed, error) {
	return db.sealed(ctx, "SELECT id, id_number_enc FROM officials WHERE id > ? ORDER BY id LIMIT ?", after, limit)
}

// SealedTOTPSecrets returns up to limit users' sealed second-factor secrets
// after id `after`, in id order.
func (db *DB) SealedTOTPSecrets(ctx context.Context, after int64, limit int) ([]Sealed, error) {
	return db.sealed(ctx, "SELECT id, totp_secret_enc FROM users WHERE id > ? AND totp_secret_enc IS NOT NULL AND LENGTH(totp_secret_enc) > 0 ORDER BY id LIMIT ?", after, limit)
}

func (db *DB) sealed(ctx context.Context, q string, after int64, limit int) ([]Sealed, error) {
	rows, err := db.SQL().QueryContext(ctx, q, after, limit)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []Sealed
	for rows.Next() {
		var s Sealed
		if err := rows.Scan(&s.ID, &s.Enc); err != nil {
			return nil, translate(err)
		}
		out = append(out, s)
	}
	return out, translate(rows.Err())
}

// ResealIDNumber replaces an official's sealed ID number and its blind
// index.
func (tx *Tx) ResealIDNumber(id int64, enc []byte, index string) error {
	return tx.g.Exec("UPDATE officials SET id_number_enc = ?, id_number_hash = ? WHERE id = ?", enc, index, id).Error
}

// ResealTOTPSecret replaces a user's sealed second-factor secret.
func (tx *Tx) ResealTOTPSecret(id int64, enc []byte) error {
	return tx.g.Exec("UPDATE users SET totp_secret_enc = ? WHERE id = ?", enc, id).Error
}

// ClearAllLoginFailures forgets every sign-in failure counter: their keys
// are blind indexes, which a new algorithm set cannot recompute.
func (tx *Tx) ClearAllLoginFailures() error {
	return tx.g.Exec("DELETE FROM login_failures").Error
}
