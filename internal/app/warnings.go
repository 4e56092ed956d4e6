package app

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"integrity/internal/catalogue"
	"integrity/internal/domain"
	"integrity/internal/eligibility"
	"integrity/internal/scoring"
	"integrity/internal/selfservice"
	"integrity/internal/store"
	"integrity/internal/warning"
)

// WarningPolicy returns the warning policy in force.
func (s *Service) WarningPolicy(ctx context.Context) (*warning.Policy, error) {
	return cachedPolicy(ctx, s, &s.warnings, domain.PolicyWarnings)
}

// SelfServicePolicy returns the self-service rules in force.
func (s *Service) SelfServicePolicy(ctx context.Context) (*selfservice.Policy, error) {
	return cachedPolicy(ctx, s, &s.selfservice, domain.PolicySelfService)
}

// EligibilityPolicy returns the eligibility policy in force.
func (s *Service) EligibilityPolicy(ctx context.Context) (*eligibility.Policy, error) {
	return cachedPolicy(ctx, s, &s.eligibility, domain.PolicyEligibility)
}

// inForce is the policies in force and the catalogue, read together (each
// is cached, so a use case reads them all at the cost of one).
type inForce struct {
	scoring     *scoring.Policy
	warnings    *warning.Policy
	eligibility *eligibility.Policy
	selfservice *selfservice.Policy
	catalogue   *catalogue.Catalogue
}

func (s *Service) inForce(ctx context.Context) (inForce, error) {
	var f inForce
	var err error
	if f.scoring, err = s.ScoringPolicy(ctx); err != nil {
		return f, err
	}
	if f.warnings, err = s.WarningPolicy(ctx); err != nil {
		return f, err
	}
	if f.eligibility, err = s.EligibilityPolicy(ctx); err != nil {
		return f, err
	}
	if f.selfservice, err = s.SelfServicePolicy(ctx); err != nil {
		return f, err
	}
	f.catalogue, err = s.DB.Catalogue(ctx)
	return f, err
}

// deriver computes what the records of a batch of officials imply: their
// score snapshots and their warnings. Derived state only: it can always be
// rebuilt from the records.
type deriver struct {
	scoring  *scoring.Policy
	warnings *warning.Policy
	grades   []string
	positive map[string]bool
	asOf     time.Time
}

func (s *Service) newDeriver(ctx context.Context) (*deriver, error) {
	in, err := s.inForce(ctx)
	if err != nil {
		return nil, err
	}
	d := &deriver{scoring: in.scoring, warnings: in.warnings, positive: map[string]bool{}, asOf: s.today()}
	for _, g := range in.scoring.Grades {
		d.grades = append(d.grades, g.Key)
	}
	for _, c := range in.catalogue.Categories {
		d.positive[c.Key] = c.Positive
	}
	return d, nil
}

// errPolicyChanged says a policy was published after the deriver read it.
var errPolicyChanged = errors.New("a scoring or warning policy was published meanwhile")

// current checks, inside tx, that the scoring and warning policies the
// deriver read are still in force, holding them so (store.Tx.
// PublishedVersionLocked) until tx ends: without it, a drain that read a
// policy before a publication could write its old snapshots after the
// recompute the publication started. errPolicyChanged when one changed.
func (d *deriver) current(tx *store.Tx) error {
	for kind, v := range map[string]int{domain.PolicyScoring: d.scoring.Version, domain.PolicyWarnings: d.warnings.Version} {
		now, err := tx.PublishedVersionLocked(kind)
		if err != nil {
			return err
		}
		if now != v {
			return errPolicyChanged
		}
	}
	return nil
}

// derived is what a batch's records imply, ready to write.
type derived struct {
	snaps   []domain.ScoreSnapshot
	raise   []domain.Warning
	updates []store.WarningUpdate
	resolve []int64
}

// write scores the officials, reconciles their warnings with the newest
// ones stored, and writes snapshots and warnings in tx, reading the prior
// state inside it.
func (d *deriver) write(tx *store.Tx, ids []int64, records map[int64][]domain.Record) error {
	prior, err := tx.Prior(ids)
	if err != nil {
		return err
	}
	return d.compute(ids, records, prior, tx.Now()).writeTo(tx)
}

// compute derives a batch from its records and its prior state, without
// touching the database, so a recompute can do it outside its write
// transaction, while the last batch writes.
func (d *deriver) compute(ids []int64, records map[int64][]domain.Record, prior store.Prior, now time.Time) derived {
	prev, latest := prior.Grades, prior.Warnings
	out := derived{snaps: make([]domain.ScoreSnapshot, len(ids))}
	for i, id := range ids {
		res := scoring.Score(records[id], d.scoring, d.asOf)
		out.snaps[i] = snapshotOf(id, res, now)
		var due []warning.Deadline
		for _, dl := range prior.Deadlines[id] {
			due = append(due, warning.Deadline{Kind: dl.Kind, ID: dl.ID, RecordID: dl.RecordID, Due: dl.DueOn})
		}
		hits := warning.Evaluate(d.warnings, warning.Input{Records: records[id], Score: res, PrevGrade: prev[id],
			Grades: d.grades, Positive: d.positive, AsOf: d.asOf, Deadlines: due})
		if len(hits) == 0 && len(latest[id]) == 0 {
			continue
		}
		known := map[string]warning.Latest{}
		for _, w := range latest[id] {
			known[w.Rule] = warning.Latest{ID: w.ID, Open: w.State != domain.WarningResolved, Fingerprint: w.Fingerprint, ByPerson: w.ByPerson}
		}
		for _, c := range warning.Reconcile(d.warnings, hits, known) {
			switch c.Op {
			case "raise":
				out.raise = append(out.raise, domain.Warning{OfficialID: id, Rule: c.Hit.Rule, Level: c.Hit.Level, State: domain.WarningOpen,
					RecordIDs: joinInts(c.Hit.RecordIDs), Fingerprint: c.Hit.Fingerprint, Detail: detailJSON(c.Hit.Detail),
					PolicyVersion: d.warnings.Version})
			case "update":
				out.updates = append(out.updates, store.WarningUpdate{ID: c.WarningID, Level: c.Hit.Level, RecordIDs: joinInts(c.Hit.RecordIDs),
					Fingerprint: c.Hit.Fingerprint, Detail: detailJSON(c.Hit.Detail)})
			case "resolve":
				out.resolve = append(out.resolve, c.WarningID)
			}
		}
	}
	return out
}

func (x derived) writeTo(tx *store.Tx) error {
	if err := tx.SaveSnapshots(x.snaps); err != nil {
		return err
	}
	return tx.ApplyWarnings(x.raise, x.updates, x.resolve)
}

func joinInts(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(s, ",")
}

func detailJSON(d map[string]any) string {
	b, err := json.Marshal(d)
	if err != nil || len(d) == 0 {
		return "{}"
	}
	return string(b)
}

// Warnings lists the warnings of officials in the caller's scope.
// Audited.
func (s *Service) Warnings(ctx context.Context, cl Caller, f domain.WarningFilter) ([]domain.WarningRow, int64, error) {
	f.Scope = cl.Scope()
	rows, total, err := s.DB.Warnings(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	return rows, total, s.audited(ctx, cl, "warning_list", "warning", "", map[string]any{"official_id": f.OfficialID,
		"state": f.State, "rule": f.Rule, "level": f.Level, "shown": len(rows)})
}

// AckWarning acknowledges an open warning of an official in scope: someone
// is looking into it. ECONFLICT if it is not open.
func (s *Service) AckWarning(ctx context.Context, a Actor, scope domain.Scope, id int64) (domain.WarningRow, error) {
	return s.decideWarning(ctx, a, scope, id, []string{domain.WarningOpen}, domain.WarningAcknowledged, "")
}

// ResolveWarning closes an open or acknowledged warning with a note saying
// what was done. ECONFLICT if it is resolved already.
func (s *Service) ResolveWarning(ctx context.Context, a Actor, scope domain.Scope, id int64, note string) (domain.WarningRow, error) {
	return s.decideWarning(ctx, a, scope, id, []string{domain.WarningOpen, domain.WarningAcknowledged}, domain.WarningResolved, strings.TrimSpace(note))
}

// decideWarning checks the scope before the input, so a warning outside it
// answers not found whatever the body says.
func (s *Service) decideWarning(ctx context.Context, a Actor, scope domain.Scope, id int64, from []string, to, note string) (domain.WarningRow, error) {
	if _, err := s.DB.Warning(ctx, scope, id); err != nil {
		return domain.WarningRow{}, err
	}
	if n := len([]rune(note)); to == domain.WarningResolved && (n < 2 || n > 1000) {
		return domain.WarningRow{}, domain.Invalid("say what was done", domain.FieldError{Field: "note", Message: "required: 2 to 1000 characters"})
	}
	err := s.DB.Do(ctx, func(tx *store.Tx) error {
		if err := tx.DecideWarning(id, from, to, a.Username, note); err != nil {
			return err
		}
		return tx.Audit(a.Entry("warning_"+to, "warning", itoa(id), domain.OutcomeSuccess, map[string]string{"note": note}))
	})
	if err != nil {
		return domain.WarningRow{}, err
	}
	return s.DB.Warning(ctx, scope, id)
}

// OpenWarnings returns an official's open and acknowledged warnings, for
// the top of their file.
func (s *Service) OpenWarnings(ctx context.Context, officialID int64) ([]domain.WarningRow, error) {
	return s.DB.OpenWarningsOf(ctx, officialID)
}
