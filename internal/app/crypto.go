package app

import (
	"context"
	"fmt"
	"strings"

	"integrity/internal/domain"
	"integrity/internal/store"
)

// migratingPrefix marks crypto_state while a migration runs.
const migratingPrefix = "migrating:"

// CheckCryptoMode makes sure the data at rest is sealed under the algorithm
// set this process is configured for. An empty database takes the set at
// once; one sealed under the other set, or half-way through a migration,
// refuses to serve until `integrity crypto migrate` has moved every row.
func (s *Service) CheckCryptoMode(ctx context.Context) error {
	mode, err := s.DB.CryptoMode(ctx)
	if err != nil {
		return err
	}
	if mode == s.Keys.Mode {
		return nil
	}
	sealed, err := s.DB.HoldsSealedData(ctx)
	if err != nil {
		return err
	}
	if !sealed && !strings.HasPrefix(mode, migratingPrefix) {
		return s.DB.SetCryptoMode(ctx, s.Keys.Mode)
	}
	return fmt.Errorf("the data at rest is sealed under the %q algorithm set but INTEGRITY_CRYPTO is %q: "+
		"stop every server and run `INTEGRITY_CRYPTO=%s integrity crypto migrate` (it can be run again after an interruption)",
		mode, s.Keys.Mode, s.Keys.Mode)
}

// CryptoSummary counts what a migration re-sealed.
type CryptoSummary struct {
	From, To    string
	IDNumbers   int
	TOTPSecrets int
}

// MigrateCrypto re-seals the data at rest under the configured algorithm
// set: ID numbers re-encrypted and re-indexed, second-factor secrets
// re-encrypted, sign-in counters (keyed by blind indexes) cleared. It works
// in batches of its own transactions and skips what is already sealed under
// the set, so an interrupted run is finished by running it again. The audit
// chain is not rewritten: old entries keep their algorithm and new ones
// take the set's. Every server must be stopped while it runs.
func (s *Service) MigrateCrypto(ctx context.Context, progress func(what string, done int)) (CryptoSummary, error) {
	from, err := s.DB.CryptoMode(ctx)
	if err != nil {
		return CryptoSummary{}, err
	}
	sum := CryptoSummary{From: strings.TrimPrefix(from, migratingPrefix), To: s.Keys.Mode}
	if err := s.DB.SetCryptoMode(ctx, migratingPrefix+s.Keys.Mode); err != nil {
		return sum, err
	}
	reseal := func(what, ad string, page func(after int64) ([]store.Sealed, error), save func(tx *store.Tx, id int64, plain string) error) (int, error) {
		done := 0
		for after := int64(0); ; {
			batch, err := page(after)
			if err != nil || len(batch) == 0 {
				return done, err
			}
			err = s.DB.Do(ctx, func(tx *store.Tx) error {
				for _, row := range batch {
					if s.Keys.Current(row.Enc) {
						continue
					}
					plain, err := s.Keys.Decrypt(row.Enc, ad)
					if err != nil {
						return fmt.Errorf("%s of row %d: %w", what, row.ID, err)
					}
					if err := save(tx, row.ID, plain); err != nil {
						return err
					}
					done++
				}
				return nil
			})
			if err != nil {
				return done, err
			}
			after = batch[len(batch)-1].ID
			if progress != nil {
				progress(what, done)
			}
		}
	}
	sum.IDNumbers, err = reseal("id numbers", domain.IDNumberAD,
		func(after int64) ([]store.Sealed, error) { return s.DB.SealedIDNumbers(ctx, after, 1000) },
		func(tx *store.Tx, id int64, plain string) error {
			return tx.ResealIDNumber(id, s.Keys.Encrypt(plain, domain.IDNumberAD), s.Keys.BlindIndex(plain))
		})
	if err != nil {
		return sum, err
	}
	sum.TOTPSecrets, err = reseal("second-factor secrets", totpAD,
		func(after int64) ([]store.Sealed, error) { return s.DB.SealedTOTPSecrets(ctx, after, 1000) },
		func(tx *store.Tx, id int64, plain string) error {
			return tx.ResealTOTPSecret(id, s.Keys.Encrypt(plain, totpAD))
		})
	if err != nil {
		return sum, err
	}
	err = s.DB.Do(ctx, func(tx *store.Tx) error {
		if err := tx.ClearAllLoginFailures(); err != nil {
			return err
		}
		return tx.Audit(Actor{Username: "cli"}.Entry("crypto_migrate", "crypto", s.Keys.Mode, domain.OutcomeSuccess, sum))
	})
	if err != nil {
		return sum, err
	}
	return sum, s.DB.SetCryptoMode(ctx, s.Keys.Mode)
}
