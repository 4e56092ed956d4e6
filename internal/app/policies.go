package app

import (
	"container/heap"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"integrity/internal/domain"
	"integrity/internal/scoring"
	"integrity/internal/store"
)

// JobPreview computes the impact of a draft policy on the population.
const JobPreview = "preview"

// PolicyView is a version with its policy parsed: a *scoring.Policy,
// *eligibility.Policy, *warning.Policy or *lookup.Policy by its kind.
type PolicyView struct {
	domain.PolicyVersion
	Policy any
}

// Revision names the state of a version: a hash of its kind, number,
// status, note and body. An editor sends the revision it read with its
// edit, and the edit applies only if the version is still in that state.
func (v PolicyView) Revision() string { return policyRevision(v.PolicyVersion) }

func policyRevision(pv domain.PolicyVersion) string {
	h := sha256.New()
	for _, part := range []string{pv.Kind, strconv.Itoa(pv.Version), pv.Status, pv.Note, pv.Body} {
		fmt.Fprintf(h, "%d:%s;", len(part), part)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

func (s *Service) view(ctx context.Context, pv domain.PolicyVersion) (PolicyView, error) {
	p, err := s.parsePolicy(ctx, pv)
	return PolicyView{PolicyVersion: pv, Policy: p}, err
}

func checkKind(kind string) error {
	_, err := kindOf(kind)
	return err
}

// PolicyVersions lists every version of a kind, newest first.
func (s *Service) PolicyVersions(ctx context.Context, kind string) ([]PolicyView, error) {
	if err := checkKind(kind); err != nil {
		return nil, err
	}
	pvs, err := s.DB.PolicyVersions(ctx, kind)
	if err != nil {
		return nil, err
	}
	out := make([]PolicyView, 0, len(pvs))
	for _, pv := range pvs {
		v, err := s.view(ctx, pv)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// PolicyVersion returns one version.
func (s *Service) PolicyVersion(ctx context.Context, kind string, version int) (PolicyView, error) {
	if err := checkKind(kind); err != nil {
		return PolicyView{}, err
	}
	pv, err := s.DB.PolicyVersion(ctx, kind, version)
	if err != nil {
		return PolicyView{}, err
	}
	return s.view(ctx, pv)
}

// CreateDraft starts a draft from the version in force.
func (s *Service) CreateDraft(ctx context.Context, a Actor, kind, note string) (PolicyView, error) {
	if err := checkKind(kind); err != nil {
		return PolicyView{}, err
	}
	cur, err := s.DB.PublishedPolicy(ctx, kind)
	if err != nil {
		return PolicyView{}, err
	}
	d := domain.PolicyVersion{Kind: kind, Body: cur.Body, Note: truncate(strings.TrimSpace(note), 500), CreatedBy: a.Username}
	err = s.DB.Do(ctx, func(tx *store.Tx) error {
		if err := tx.CreateDraft(&d); err != nil {
			return err
		}
		return tx.Audit(a.Entry("policy_draft", "policy", fmt.Sprintf("%s:%d", kind, d.Version), domain.OutcomeSuccess, map[string]int{"from_version": cur.Version}))
	})
	if err != nil {
		return PolicyView{}, err
	}
	return s.view(ctx, d)
}

// UpdateDraft replaces a draft's policy after validating it; a published
// version never changes (ECONFLICT). When revision is not empty the edit
// applies only to the draft in that revision (see PolicyView.Revision):
// ECONFLICT if someone changed it since, so of concurrent editors who read
// the same revision exactly one succeeds and none overwrites another
// unseen. An empty revision skips the check (the last edit wins).
func (s *Service) UpdateDraft(ctx context.Context, a Actor, kind string, version int, raw json.RawMessage, note *string, revision string) (PolicyView, error) {
	k, err := kindOf(kind)
	if err != nil {
		return PolicyView{}, err
	}
	if _, err := s.DB.PolicyVersion(ctx, kind, version); err != nil {
		return PolicyView{}, err
	}
	p, err := k.edit(ctx, s, raw)
	if err != nil {
		return PolicyView{}, err
	}
	body, err := yaml.Marshal(p)
	if err != nil {
		return PolicyView{}, err
	}
	var d domain.PolicyVersion
	err = s.DB.Do(ctx, func(tx *store.Tx) error {
		var err error
		if d, err = tx.PolicyForUpdate(kind, version); err != nil {
			return err
		}
		if d.Status != domain.PolicyDraft {
			return &domain.Error{Code: domain.ECONFLICT, Message: "only a draft can change; published versions are immutable"}
		}
		if revision != "" && revision != policyRevision(d) {
			return &domain.Error{Code: domain.ECONFLICT, Message: "the draft changed since you read it: reload it, apply your edit again and save",
				Fields: []domain.FieldError{{Field: "revision", Message: "is not the draft's current revision " + policyRevision(d)}}}
		}
		d.Body = string(body)
		if note != nil {
			d.Note = truncate(strings.TrimSpace(*note), 500)
		}
		if err := tx.SavePolicy(&d); err != nil {
			return err
		}
		return tx.Audit(a.Entry("policy_edit", "policy", fmt.Sprintf("%s:%d", kind, version), domain.OutcomeSuccess, nil))
	})
	if err != nil {
		return PolicyView{}, err
	}
	return s.view(ctx, d)
}

// Publish puts a draft in force and archives the version before it. For a
// kind that shapes derived state (scoring, warnings) it queues a full
// recompute and returns its job; otherwise the job is zero.
func (s *Service) Publish(ctx context.Context, a Actor, kind string, version int) (domain.Job, error) {
	k, err := kindOf(kind)
	if err != nil {
		return domain.Job{}, err
	}
	j := domain.Job{Kind: JobRecompute, Param: fmt.Sprintf("publish %s:%d", kind, version), CreatedBy: a.Username}
	d, err := s.DB.PolicyVersion(ctx, kind, version)
	if err != nil {
		return domain.Job{}, err
	}
	if _, err := s.parsePolicy(ctx, d); err != nil {
		return domain.Job{}, domain.Invalid("the draft is not a valid policy", domain.FieldError{Field: "policy", Message: err.Error()})
	}
	err = s.DB.Do(ctx, func(tx *store.Tx) error {
		d, err := tx.PolicyForUpdate(kind, version)
		if err != nil {
			return err
		}
		if d.Status != domain.PolicyDraft {
			return &domain.Error{Code: domain.ECONFLICT, Message: "this version is not a draft"}
		}
		if err := tx.ArchivePublished(kind); err != nil {
			return err
		}
		now := tx.Now()
		d.Status, d.PublishedBy, d.PublishedAt = domain.PolicyPublished, a.Username, &now
		if err := tx.SavePolicy(&d); err != nil {
			return err
		}
		if !k.recompute {
			return tx.Audit(a.Entry("policy_publish", "policy", fmt.Sprintf("%s:%d", kind, version), domain.OutcomeSuccess, nil))
		}
		if err := tx.CreateJob(&j); err != nil {
			return err
		}
		return tx.Audit(a.Entry("policy_publish", "policy", fmt.Sprintf("%s:%d", kind, version), domain.OutcomeSuccess, map[string]int64{"recompute_job": j.ID}))
	})
	s.dropPolicies()
	if !k.recompute {
		return domain.Job{}, err
	}
	s.KickJobs()
	return j, err
}

// dropPolicies makes every policy's next use read the version in force.
func (s *Service) dropPolicies() {
	s.scoring.drop()
	s.lookups.drop()
	s.warnings.drop()
	s.eligibility.drop()
	s.selfservice.drop()
}

// StartPreview queues the impact preview of a version against the one in
// force.
func (s *Service) StartPreview(ctx context.Context, a Actor, kind string, version int) (domain.Job, error) {
	if _, err := s.PolicyVersion(ctx, kind, version); err != nil {
		return domain.Job{}, err
	}
	if k, _ := kindOf(kind); !k.preview {
		return domain.Job{}, domain.Invalid("no impact preview for this kind", domain.FieldError{Field: "kind", Message: "the impact preview is of the scoring policy"})
	}
	j := domain.Job{Kind: JobPreview, Param: fmt.Sprintf("%s:%d", kind, version), CreatedBy: a.Username}
	if err := s.DB.CreateJob(ctx, &j); err != nil {
		return j, err
	}
	s.KickJobs()
	return j, nil
}

// Impact is what a policy change would do to the population.
type Impact struct {
	From      int                         `json:"from_version"`
	To        int                         `json:"to_version"`
	Officials int64                       `json:"officials"`
	Grades    []string                    `json:"grades"`
	Matrix    map[string]map[string]int64 `json:"matrix"` // from grade → to grade → officials
	Buckets   []Bucket                    `json:"distribution"`
	Movers    []Mover                     `json:"movers"`
}

// Bucket counts officials whose score changes within a range.
type Bucket struct {
	Label string  `json:"label"`
	Lo    float64 `json:"lo"`
	Hi    float64 `json:"hi"`
	Count int64   `json:"count"`
}

// Mover is an official whose score changes much, with why.
type Mover struct {
	OfficialID int64          `json:"official_id"`
	Name       string         `json:"name"`
	FromScore  scoring.Points `json:"from_score"`
	ToScore    scoring.Points `json:"to_score"`
	FromGrade  string         `json:"from_grade"`
	ToGrade    string         `json:"to_grade"`
	Reasons    []string       `json:"reasons"`
	delta      scoring.Points
}

var bucketEdges = []float64{-20, -10, -5, -0.005, 0.005, 5, 10, 20}

func newBuckets() []Bucket {
	labels := []string{"< -20", "-20 – -10", "-10 – -5", "-5 – 0", "0", "0 – 5", "5 – 10", "10 – 20", "> 20"}
	out := make([]Bucket, len(labels))
	lo := -1e9
	for i := range out {
		hi := 1e9
		if i < len(bucketEdges) {
			hi = bucketEdges[i]
		}
		out[i] = Bucket{Label: labels[i], Lo: lo, Hi: hi}
		lo = hi
	}
	return out
}

type moverHeap []Mover

func (h moverHeap) Len() int           { return len(h) }
func (h moverHeap) Less(i, j int) bool { return abs(h[i].delta) < abs(h[j].delta) }
func (h moverHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *moverHeap) Push(x any)        { *h = append(*h, x.(Mover)) }
func (h *moverHeap) Pop() any          { old := *h; x := old[len(old)-1]; *h = old[:len(old)-1]; return x }

func abs(p scoring.Points) scoring.Points {
	if p < 0 {
		return -p
	}
	return p
}

// runPreview scores the whole population under both policies in one
// consistent read, streaming a batch of officials at a time.
func (s *Service) runPreview(ctx context.Context, j *domain.Job) error {
	kind, v, ok := strings.Cut(j.Param, ":")
	var version int
	if _, err := fmt.Sscan(v, &version); !ok || err != nil {
		return fmt.Errorf("bad preview parameter %q", j.Param)
	}
	pv, err := s.DB.PolicyVersion(ctx, kind, version)
	if err != nil {
		return err
	}
	draft, err := parsed[*scoring.Policy](ctx, s, pv)
	if err != nil {
		return err
	}
	cur, err := s.ScoringPolicy(ctx)
	if err != nil {
		return err
	}
	imp := Impact{From: cur.Version, To: draft.Version, Matrix: map[string]map[string]int64{}, Buckets: newBuckets(), Movers: []Mover{}}
	for _, g := range cur.Grades {
		imp.Grades = append(imp.Grades, g.Key)
	}
	for _, g := range draft.Grades {
		if !contains(imp.Grades, g.Key) {
			imp.Grades = append(imp.Grades, g.Key)
		}
	}
	asOf := s.today()
	movers := &moverHeap{}
	if j.Total, err = s.DB.CountOfficials(ctx); err != nil {
		return err
	}
	err = s.DB.ReadTx(ctx, func(tx *store.Tx) error {
		var after int64
		for {
			if err := ctx.Err(); err != nil {
				return err
			}
			b, err := tx.OfficialsAfter(after, recomputeBatch)
			if err != nil || len(b.IDs) == 0 {
				return err
			}
			for _, id := range b.IDs {
				old := scoring.Score(b.Records[id], cur, asOf)
				nu := scoring.Score(b.Records[id], draft, asOf)
				if imp.Matrix[old.Grade.Key] == nil {
					imp.Matrix[old.Grade.Key] = map[string]int64{}
				}
				imp.Matrix[old.Grade.Key][nu.Grade.Key]++
				delta := nu.Score - old.Score
				for i := range imp.Buckets {
					if delta.Float() >= imp.Buckets[i].Lo && delta.Float() < imp.Buckets[i].Hi {
						imp.Buckets[i].Count++
						break
					}
				}
				if delta != 0 || old.Grade.Key != nu.Grade.Key {
					m := Mover{OfficialID: id, FromScore: old.Score, ToScore: nu.Score, FromGrade: old.Grade.Key, ToGrade: nu.Grade.Key, delta: delta}
					if movers.Len() < 50 {
						m.Reasons = reasons(old, nu)
						heap.Push(movers, m)
					} else if abs(delta) > abs((*movers)[0].delta) {
						m.Reasons = reasons(old, nu)
						(*movers)[0] = m
						heap.Fix(movers, 0)
					}
				}
				imp.Officials++
			}
			after = b.IDs[len(b.IDs)-1]
			j.Done, j.CursorID = imp.Officials, after
			if err := s.DB.SaveJob(ctx, j); err != nil {
				return err
			}
		}
	})
	if err != nil {
		return err
	}
	for movers.Len() > 0 {
		imp.Movers = append(imp.Movers, heap.Pop(movers).(Mover))
	}
	for i, k := 0, len(imp.Movers)-1; i < k; i, k = i+1, k-1 {
		imp.Movers[i], imp.Movers[k] = imp.Movers[k], imp.Movers[i]
	}
	for i := range imp.Movers {
		if o, err := s.DB.Official(ctx, imp.Movers[i].OfficialID); err == nil {
			imp.Movers[i].Name = o.Name
		}
	}
	out, err := json.Marshal(imp)
	if err != nil {
		return err
	}
	res := string(out)
	j.Result = &res
	return nil
}

// reasons names what changed between two explanations of one official.
func reasons(old, nu scoring.Result) []string {
	before := map[int64]scoring.Item{}
	for _, it := range old.Items {
		if it.Kind == scoring.KindRecord {
			before[it.RecordID] = it
		}
	}
	out := []string{}
	for _, it := range nu.Items {
		if it.Kind != scoring.KindRecord {
			out = append(out, fmt.Sprintf("%s %+.2f", it.Kind, it.Points.Float()))
			continue
		}
		if b, ok := before[it.RecordID]; !ok {
			out = append(out, fmt.Sprintf("%s now counts %+.2f", it.Code, it.Points.Float()))
		} else if b.Points != it.Points {
			out = append(out, fmt.Sprintf("%s %+.2f → %+.2f", it.Code, b.Points.Float(), it.Points.Float()))
		}
		delete(before, it.RecordID)
	}
	for _, b := range before {
		out = append(out, fmt.Sprintf("%s no longer counts (was %+.2f)", b.Code, b.Points.Float()))
	}
	if len(out) == 0 && old.Grade.Key != nu.Grade.Key {
		out = append(out, "grade thresholds changed")
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
