package app

import (
	"context"
	"regexp"
	"strings"

	"integrity/internal/auth"
	"integrity/internal/catalogue"
	"integrity/internal/domain"
	"integrity/internal/store"
)

// SourceInput is a source as an administrator writes it.
type SourceInput struct {
	Code       *string  `json:"code"`
	Name       *string  `json:"name"`
	NameEn     *string  `json:"name_en"`
	Categories []string `json:"categories"`
}

var codeRE = regexp.MustCompile(`^[a-z][a-z0-9_]{1,63}$`)

func (s *Service) applySource(ctx context.Context, src *domain.Source, in SourceInput) error {
	setText(&src.Code, in.Code)
	setText(&src.Name, in.Name)
	setText(&src.NameEn, in.NameEn)
	if !codeRE.MatchString(src.Code) {
		return domain.Invalid("invalid code", domain.FieldError{Field: "code", Message: "2 to 64 characters: lower-case letters, digits and _, starting with a letter"})
	}
	if n := len([]rune(src.Name)); n == 0 || n > 128 {
		return domain.Invalid("invalid name", domain.FieldError{Field: "name", Message: "1 to 128 characters"})
	}
	if in.Categories != nil {
		cat, err := s.DB.Catalogue(ctx)
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		for i, c := range in.Categories {
			if _, ok := cat.Category(c); !ok || seen[c] {
				return domain.Invalid("unknown or repeated category", domain.FieldError{Field: "categories[" + itoa(int64(i)) + "]", Message: "unknown or repeated category " + c})
			}
			seen[c] = true
		}
		if len(in.Categories) == 0 {
			return domain.Invalid("a source submits at least one category", domain.FieldError{Field: "categories", Message: "at least one"})
		}
		src.Categories = strings.Join(in.Categories, ",")
	}
	if src.Categories == "" {
		return domain.Invalid("a source submits at least one category", domain.FieldError{Field: "categories", Message: "at least one"})
	}
	return nil
}

// CreateSource registers a source system.
func (s *Service) CreateSource(ctx context.Context, a Actor, in SourceInput) (domain.Source, error) {
	var src domain.Source
	if err := s.applySource(ctx, &src, in); err != nil {
		return src, err
	}
	err := s.change(ctx, func(tx *store.Tx) (*domain.AuditEntry, error) {
		err := codeTaken(tx.CreateSource(&src))
		return a.Entry("source_create", "source", itoa(src.ID), domain.OutcomeSuccess, in), err
	})
	return src, err
}

// UpdateSource renames a source or changes its categories. Its code stays.
func (s *Service) UpdateSource(ctx context.Context, a Actor, id int64, in SourceInput) (domain.Source, error) {
	src, err := s.DB.Source(ctx, id)
	if err != nil {
		return src, err
	}
	if in.Code != nil && *in.Code != src.Code {
		return src, domain.Invalid("the code cannot change", domain.FieldError{Field: "code", Message: "cannot change"})
	}
	if err := s.applySource(ctx, &src, in); err != nil {
		return src, err
	}
	err = s.DB.Do(ctx, func(tx *store.Tx) error {
		if err := tx.SaveSource(&src); err != nil {
			return err
		}
		return tx.Audit(a.Entry("source_update", "source", itoa(src.ID), domain.OutcomeSuccess, in))
	})
	return src, err
}

// CreateSourceKey issues an API key for a source. The key is returned once;
// only its hash is kept.
func (s *Service) CreateSourceKey(ctx context.Context, a Actor, sourceID int64, name string) (domain.SourceKey, string, error) {
	ik, key, err := issueKey(a, name, "isk_")
	if err != nil {
		return domain.SourceKey{}, "", err
	}
	if _, err := s.DB.Source(ctx, sourceID); err != nil {
		return domain.SourceKey{}, "", err
	}
	k := domain.SourceKey{SourceID: sourceID, IssuedKey: ik}
	err = s.change(ctx, func(tx *store.Tx) (*domain.AuditEntry, error) {
		return a.Entry("source_key_create", "source", itoa(sourceID), domain.OutcomeSuccess, map[string]string{"name": ik.Name, "prefix": k.Prefix}), tx.CreateSourceKey(&k)
	})
	return k, key, err
}

// RevokeSourceKey revokes a key at once.
func (s *Service) RevokeSourceKey(ctx context.Context, a Actor, sourceID, keyID int64) (domain.SourceKey, error) {
	var k domain.SourceKey
	err := s.change(ctx, func(tx *store.Tx) (*domain.AuditEntry, error) {
		var err error
		k, err = tx.RevokeSourceKey(sourceID, keyID)
		return a.Entry("source_key_revoke", "source", itoa(sourceID), domain.OutcomeSuccess, map[string]string{"prefix": k.Prefix}), err
	})
	return k, err
}

// issueKey makes a new API key named name (1 to 64 characters) with the
// prefix: the key itself, returned once, and what is kept of it.
func issueKey(a Actor, name, prefix string) (domain.IssuedKey, string, error) {
	name = strings.TrimSpace(name)
	if n := len([]rune(name)); n == 0 || n > 64 {
		return domain.IssuedKey{}, "", domain.Invalid("a key needs a name", domain.FieldError{Field: "name", Message: "1 to 64 characters"})
	}
	key, shown, hash := newAPIKey(prefix)
	return domain.IssuedKey{Name: name, Prefix: shown, KeyHash: hash, CreatedBy: a.Username}, key, nil
}

// change runs do in a transaction and, when it succeeds, writes the audit
// entry it returns in the same transaction.
func (s *Service) change(ctx context.Context, do func(tx *store.Tx) (*domain.AuditEntry, error)) error {
	return s.DB.Do(ctx, func(tx *store.Tx) error {
		e, err := do(tx)
		if err != nil {
			return err
		}
		return tx.Audit(e)
	})
}

// codeTaken names the code field of a conflict (a department's or a
// source's code is unique).
func codeTaken(err error) error {
	if domain.ErrorCode(err) == domain.ECONFLICT {
		return &domain.Error{Code: domain.ECONFLICT, Message: "the code is taken", Fields: []domain.FieldError{{Field: "code", Message: "is taken"}}}
	}
	return err
}

// SourceByKey authenticates an API key.
func (s *Service) SourceByKey(ctx context.Context, key string) (domain.Source, error) {
	if !strings.HasPrefix(key, "isk_") || len(key) > 128 {
		return domain.Source{}, unauthenticated("the API key is not valid")
	}
	src, _, err := s.DB.SourceByKeyHash(ctx, auth.HashToken(key))
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return src, unauthenticated("the API key is not valid")
	}
	return src, err
}

// AddCode adds a code to the catalogue, so a deployment can record a new
// kind of entry without a release.
func (s *Service) AddCode(ctx context.Context, a Actor, k catalogue.Code) error {
	k.Key = strings.TrimSpace(k.Key)
	switch {
	case !codeRE.MatchString(k.Key):
		return domain.Invalid("invalid key", domain.FieldError{Field: "key", Message: "2 to 64 characters: lower-case letters, digits and _"})
	case strings.TrimSpace(k.Zh) == "" || len([]rune(k.Zh)) > 64:
		return domain.Invalid("invalid Chinese label", domain.FieldError{Field: "zh", Message: "1 to 64 characters"})
	case strings.TrimSpace(k.En) == "" || len([]rune(k.En)) > 128:
		return domain.Invalid("invalid English label", domain.FieldError{Field: "en", Message: "1 to 128 characters"})
	case k.Form < 0 || k.Form > 4:
		return domain.Invalid("invalid form", domain.FieldError{Field: "form", Message: "0 to 4"})
	case k.Severity != "" && k.Severity != "minor" && k.Severity != "general" && k.Severity != "serious":
		return domain.Invalid("invalid severity", domain.FieldError{Field: "severity", Message: "minor, general or serious"})
	}
	return s.DB.Do(ctx, func(tx *store.Tx) error {
		if err := tx.AddCode(k); err != nil {
			return err
		}
		return tx.Audit(a.Entry("catalogue_add_code", "catalogue", k.Key, domain.OutcomeSuccess, k))
	})
}

// newAPIKey returns a new random key with its kind's prefix, the short
// prefix that names it in lists, and the hash that is all the database
// keeps.
func newAPIKey(kind string) (key, prefix, hash string) {
	short := auth.RandomToken(4)
	key = kind + short + "_" + auth.RandomToken(24)
	return key, kind + short, auth.HashToken(key)
}
