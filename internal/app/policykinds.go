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
	"integrity/internal/jsonpath"
	"integrity/internal/lookup"
	"integrity/internal/policydoc"
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

// policyKinds returns the kinds (a function, not a variable: the checks
// reach back to the policies in force).
func policyKinds() map[string]policyKind {
	return map[string]policyKind{
		domain.PolicyScoring:  kindFor("the scoring policy", true, true, againstCatalogue[*scoring.Policy]),
		domain.PolicyWarnings: kindFor("the warning policy", true, false, againstCatalogue[*warning.Policy]),
		// A lookup draft must place every category in a module; a stored
		// version that does not is read, and its uncovered categories fail
		// closed when a file is read.
		domain.PolicyLookups: kindFor("the lookup policy", false, false,
			func(_ context.Context, _ *Service, p *lookup.Policy, cat *catalogue.Catalogue, edit bool) error {
				if err := p.Validate(cat); err != nil || !edit {
					return err
				}
				return p.CheckCovers(cat)
			}),
		domain.PolicySelfService: kindFor("the self-service policy", false, false, againstCatalogue[*selfservice.Policy]),
		// Eligibility bars read the grades of the scoring policy in force.
		domain.PolicyEligibility: kindFor("the eligibility policy", false, false,
			func(ctx context.Context, s *Service, p *eligibility.Policy, cat *catalogue.Catalogue, _ bool) error {
				sp, err := s.ScoringPolicy(ctx)
				if err != nil {
					return err
				}
				return p.Validate(cat, sp)
			}),
	}
}

// againstCatalogue checks a policy that needs nothing but the catalogue.
func againstCatalogue[P interface {
	Validate(*catalogue.Catalogue) error
}](_ context.Context, _ *Service, p P, cat *catalogue.Catalogue, _ bool) error {
	return p.Validate(cat)
}

// versioned is a policy document that knows its version.
type versioned interface{ SetVersion(int) }

// kindFor is the kind whose document is a T: a stored version is read as
// YAML (policydoc.Decode), an edit as strict JSON (decodeEdit), and either
// is checked against the catalogue by check (edit: an editor's draft).
func kindFor[T any, P interface {
	*T
	versioned
}](what string, recompute, preview bool, check func(ctx context.Context, s *Service, p P, cat *catalogue.Catalogue, edit bool) error) policyKind {
	checked := func(ctx context.Context, s *Service, p P, edit bool) (any, error) {
		cat, err := s.DB.Catalogue(ctx)
		if err != nil {
			return nil, err
		}
		return p, check(ctx, s, p, cat, edit)
	}
	return policyKind{
		parse: func(ctx context.Context, s *Service, body []byte) (any, error) {
			p := P(new(T))
			if err := policydoc.Decode(body, p, what); err != nil {
				return nil, err
			}
			return checked(ctx, s, p, false)
		},
		edit: func(ctx context.Context, s *Service, raw json.RawMessage) (any, error) {
			p := P(new(T))
			if err := decodeEdit(raw, p); err != nil {
				return nil, err
			}
			return checked(ctx, s, p, true)
		},
		recompute: recompute, preview: preview,
	}
}

func kindOf(kind string) (policyKind, error) {
	k, ok := policyKinds()[kind]
	if !ok {
		return k, domain.NotFound("policy kind")
	}
	return k, nil
}

// decodeEdit decodes an edited policy strictly into p (unknown fields are
// refused, every problem names its field under policy).
func decodeEdit(raw json.RawMessage, p any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(p); err != nil {
		field, msg := "policy", "not a valid policy"
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			field, msg = "policy."+jsonpath.OfTypeError(raw, te), "must be a "+te.Type.String()
		} else if e := err.Error(); len(e) < 200 {
			msg = e
		}
		return domain.Invalid("the policy is not valid", domain.FieldError{Field: field, Message: msg})
	}
	return nil
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
	if d, ok := p.(versioned); ok {
		d.SetVersion(v)
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
