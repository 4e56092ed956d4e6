package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"integrity/internal/catalogue"
	"integrity/internal/domain"
	"integrity/internal/eligibility"
	"integrity/internal/lookup"
	"integrity/internal/scoring"
	"integrity/internal/selfservice"
	"integrity/internal/warning"
)

// policyKind is one kind of versioned policy: how its stored YAML and an
// edit sent as JSON become a validated policy, and what publishing it does.
type policyKind struct {
	// parse reads a stored body (YAML).
	parse func(ctx context.Context, s *Service, body []byte) (any, error)
	// edit reads an edited policy sent as JSON, validated.
	edit func(ctx context.Context, s *Service, raw json.RawMessage) (any, error)
	// recompute: the policy shapes derived state (snapshots, warnings), so
	// publishing it queues a full recompute.
	recompute bool
	// preview: an impact preview over the population exists.
	preview bool
}

// policyKinds returns the kinds (a function, not a variable: the parsers
// reach back to the policies in force).
func policyKinds() map[string]policyKind {
	return map[string]policyKind{
		domain.PolicyScoring: {
			parse: func(ctx context.Context, s *Service, body []byte) (any, error) {
				return withCatalogue(ctx, s, func(cat *catalogue.Catalogue) (any, error) { return scoring.ParseYAML(body, cat) })
			},
			edit: func(ctx context.Context, s *Service, raw json.RawMessage) (any, error) {
				var p scoring.Policy
				return editWith(ctx, s, raw, &p, func(cat *catalogue.Catalogue) error { return p.Validate(cat) })
			},
			recompute: true, preview: true,
		},
		domain.PolicyWarnings: {
			parse: func(ctx context.Context, s *Service, body []byte) (any, error) {
				return withCatalogue(ctx, s, func(cat *catalogue.Catalogue) (any, error) { return warning.ParseYAML(body, cat) })
			},
			edit: func(ctx context.Context, s *Service, raw json.RawMessage) (any, error) {
				var p warning.Policy
				return editWith(ctx, s, raw, &p, func(cat *catalogue.Catalogue) error { return p.Validate(cat) })
			},
			recompute: true,
		},
		domain.PolicyLookups: {
			parse: func(ctx context.Context, s *Service, body []byte) (any, error) {
				return withCatalogue(ctx, s, func(cat *catalogue.Catalogue) (any, error) { return lookup.ParseYAML(body, cat) })
			},
			edit: func(ctx context.Context, s *Service, raw json.RawMessage) (any, error) {
				var p lookup.Policy
				return editWith(ctx, s, raw, &p, func(cat *catalogue.Catalogue) error {
					if err := p.Validate(cat); err != nil {
						return err
					}
					return p.CheckCovers(cat)
				})
			},
		},
		domain.PolicySelfService: {
			parse: func(ctx context.Context, s *Service, body []byte) (any, error) {
				return withCatalogue(ctx, s, func(cat *catalogue.Catalogue) (any, error) { return selfservice.ParseYAML(body, cat) })
			},
			edit: func(ctx context.Context, s *Service, raw json.RawMessage) (any, error) {
				var p selfservice.Policy
				return editWith(ctx, s, raw, &p, func(cat *catalogue.Catalogue) error { return p.Validate(cat) })
			},
		},
		domain.PolicyEligibility: {
			parse: func(ctx context.Context, s *Service, body []byte) (any, error) {
				sp, err := s.ScoringPolicy(ctx)
				if err != nil {
					return nil, err
				}
				return withCatalogue(ctx, s, func(cat *catalogue.Catalogue) (any, error) { return eligibility.ParseYAML(body, cat, sp) })
			},
			edit: func(ctx context.Context, s *Service, raw json.RawMessage) (any, error) {
				sp, err := s.ScoringPolicy(ctx)
				if err != nil {
					return nil, err
				}
				var p eligibility.Policy
				return editWith(ctx, s, raw, &p, func(cat *catalogue.Catalogue) error { return p.Validate(cat, sp) })
			},
		},
	}
}

func kindOf(kind string) (policyKind, error) {
	k, ok := policyKinds()[kind]
	if !ok {
		return k, domain.NotFound("policy kind")
	}
	return k, nil
}

func withCatalogue(ctx context.Context, s *Service, f func(*catalogue.Catalogue) (any, error)) (any, error) {
	cat, err := s.DB.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	return f(cat)
}

// editWith decodes raw strictly into p (unknown fields are refused, every
// problem names its field under policy) and validates it.
func editWith(ctx context.Context, s *Service, raw json.RawMessage, p any, validate func(*catalogue.Catalogue) error) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(p); err != nil {
		field, msg := "policy", "not a valid policy"
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			field, msg = "policy."+te.Field, "must be a "+te.Type.String()
		} else if e := err.Error(); len(e) < 200 {
			msg = e
		}
		return nil, domain.Invalid("the policy is not valid", domain.FieldError{Field: field, Message: msg})
	}
	cat, err := s.DB.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	return p, validate(cat)
}

// parsePolicy parses a stored version of its kind and stamps the version.
func (s *Service) parsePolicy(ctx context.Context, pv domain.PolicyVersion) (any, error) {
	k, err := kindOf(pv.Kind)
	if err != nil {
		return nil, err
	}
	p, err := k.parse(ctx, s, []byte(pv.Body))
	if err != nil {
		return nil, fmt.Errorf("%s policy version %d: %w", pv.Kind, pv.Version, err)
	}
	setVersion(p, pv.Version)
	return p, nil
}

func setVersion(p any, v int) {
	switch x := p.(type) {
	case *scoring.Policy:
		x.Version = v
	case *warning.Policy:
		x.Version = v
	case *lookup.Policy:
		x.Version = v
	case *eligibility.Policy:
		x.Version = v
	case *selfservice.Policy:
		x.Version = v
	}
}

// parsed returns a stored version of a kind parsed as its type.
func parsed[T any](ctx context.Context, s *Service, pv domain.PolicyVersion) (T, error) {
	var zero T
	p, err := s.parsePolicy(ctx, pv)
	if err != nil {
		return zero, err
	}
	t, ok := p.(T)
	if !ok {
		return zero, fmt.Errorf("policy %s:%d has the wrong type", pv.Kind, pv.Version)
	}
	return t, nil
}
