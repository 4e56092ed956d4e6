package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"integrity/internal/auth"
	"integrity/internal/domain"
	"integrity/internal/eligibility"
	"integrity/internal/scoring"
	"integrity/internal/store"
)

// MaxCandidates is the most officials one eligibility check may name.
const MaxCandidates = 10000

// Candidate names one person to check: by official id or by ID number
// (with an optional name that must match the registry).
type Candidate struct {
	Row        int
	OfficialID int64
	IDNumber   string
	Name       string
}

// CheckInput is a batch check request.
type CheckInput struct {
	Purpose string
	AsOf    *time.Time
	// AssessmentYear is the year a year-judged purpose is judged for
	// (nil: the year of the check day).
	AssessmentYear *int
	Candidates     []Candidate
	Origin         string
	Filename       string
}

// Checker is who runs a check: a user or a client, within a scope.
type Checker struct {
	Owner domain.CheckOwner
	Scope domain.Scope
}

// CheckCandidates validates a batch, resolves its candidates inside the
// checker's scope (a candidate outside it is not_found, like one who does
// not exist), runs the engine on each, and stores the check with the policy
// versions and a digest of every input. Audited.
func (s *Service) CheckCandidates(ctx context.Context, a Actor, by Checker, in CheckInput) (domain.EligibilityCheck, []domain.EligibilityResult, error) {
	var c domain.EligibilityCheck
	pol, err := s.inForce(ctx)
	if err != nil {
		return c, nil, err
	}
	ep, sp := pol.eligibility, pol.scoring
	asOf := s.today()
	if in.AsOf != nil {
		asOf = *in.AsOf
	}
	if err := checkBatch(ep, in, asOf, s.today()); err != nil {
		return c, nil, err
	}
	c = domain.EligibilityCheck{Purpose: in.Purpose, AsOf: asOf, CreatedBy: a.Username, Origin: in.Origin, Filename: truncate(in.Filename, 255),
		EligibilityVersion: ep.Version, ScoringVersion: sp.Version}
	if pu, _ := ep.Purpose(in.Purpose); pu.AssessmentYear {
		year := asOf.Year()
		if in.AssessmentYear != nil {
			year = *in.AssessmentYear
		}
		c.AssessmentYear = &year
	}
	if by.Owner.ClientID != 0 {
		c.ClientID = &by.Owner.ClientID
	} else {
		c.UserID = &by.Owner.UserID
	}
	results, err := s.evaluate(ctx, by.Scope, in.Candidates, sp, ep, requestOf(c))
	if err != nil {
		return c, nil, err
	}
	c.InputDigest = digest(c, results)
	for _, r := range results {
		c.Total++
		switch r.Verdict {
		case eligibility.Eligible:
			c.Eligible++
		case eligibility.Ineligible:
			c.Ineligible++
		case eligibility.NeedsReview:
			c.NeedsReview++
		default:
			c.NotFound++
		}
	}
	err = s.DB.Do(ctx, func(tx *store.Tx) error {
		if err := tx.CreateCheck(&c, results); err != nil {
			return err
		}
		return tx.Audit(a.Entry("eligibility_check", "eligibility_check", itoa(c.ID), domain.OutcomeSuccess, map[string]any{
			"purpose": c.Purpose, "as_of": asOf.Format(time.DateOnly), "assessment_year": c.AssessmentYear, "candidates": c.Total,
			"not_found": c.NotFound, "confidential": confidential(ep, c.Purpose)}))
	})
	return c, results, err
}

// requestOf is the engine request a check makes (without an official's category).
func requestOf(c domain.EligibilityCheck) eligibility.Request {
	req := eligibility.Request{Purpose: c.Purpose, AsOf: c.AsOf}
	if c.AssessmentYear != nil {
		req.AssessmentYear = *c.AssessmentYear
	}
	return req
}

func confidential(ep *eligibility.Policy, purpose string) bool {
	pu, _ := ep.Purpose(purpose)
	return pu.Confidential
}

func checkBatch(ep *eligibility.Policy, in CheckInput, asOf, today time.Time) error {
	var fields []domain.FieldError
	pu, ok := ep.Purpose(in.Purpose)
	if !ok {
		fields = append(fields, domain.FieldError{Field: "purpose", Message: "not one of the purposes of the eligibility policy"})
	}
	switch y := in.AssessmentYear; {
	case y == nil:
	case ok && !pu.AssessmentYear:
		fields = append(fields, domain.FieldError{Field: "assessment_year", Message: "only a purpose judged for an assessment year takes one"})
	case *y < 1990 || *y > asOf.Year():
		fields = append(fields, domain.FieldError{Field: "assessment_year", Message: fmt.Sprintf("a year from 1990 to %d (the year of the check day)", asOf.Year())})
	}
	if asOf.Year() < 1950 || asOf.After(today.AddDate(10, 0, 0)) {
		fields = append(fields, domain.FieldError{Field: "as_of", Message: "between 1950 and ten years from now"})
	}
	switch n := len(in.Candidates); {
	case n == 0:
		fields = append(fields, domain.FieldError{Field: "official_ids", Message: "name at least one candidate"})
	case n > MaxCandidates:
		fields = append(fields, domain.FieldError{Field: "official_ids", Message: fmt.Sprintf("at most %d candidates in one check", MaxCandidates)})
	}
	for _, cd := range in.Candidates {
		if cd.OfficialID == 0 && cd.IDNumber == "" {
			fields = append(fields, domain.FieldError{Row: cd.Row, Field: "official_ids", Message: "name the official by id or ID number"})
		}
		if len(fields) > 20 {
			break
		}
	}
	if len(fields) > 0 {
		return domain.Invalid("the check has errors", fields...)
	}
	return nil
}

// resolve finds the candidates' officials inside the scope; the others
// become not_found results that say nothing about them.
func (s *Service) resolve(ctx context.Context, scope domain.Scope, cands []Candidate) ([]domain.EligibilityResult, error) {
	out := make([]domain.EligibilityResult, len(cands))
	for start := 0; start < len(cands); start += candidateChunk {
		end := min(start+candidateChunk, len(cands))
		if err := s.resolveChunk(ctx, scope, cands[start:end], out[start:end], nil); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// candidateChunk is how many candidates are resolved, read and judged
// together.
const candidateChunk = 1000

// resolveChunk resolves up to candidateChunk candidates into out (as long as
// cands), adding the found officials' categories to cats unless it is nil.
func (s *Service) resolveChunk(ctx context.Context, scope domain.Scope, cands []Candidate, out []domain.EligibilityResult, cats map[int64]string) error {
	var hashes []string
	for _, cd := range cands {
		if cd.IDNumber != "" {
			hashes = append(hashes, s.Keys.BlindIndex(cd.IDNumber))
		}
	}
	byHash, err := s.DB.OfficialsByHash(ctx, hashes)
	if err != nil {
		return err
	}
	ids := make([]int64, len(cands))
	for i, cd := range cands {
		r := &out[i]
		r.RowNo, r.Verdict, r.Reasons, r.Inputs = cd.Row, domain.NotFoundVerdict, "[]", "[]"
		if cd.IDNumber != "" {
			r.InputRef = domain.MaskIDNumber(cd.IDNumber)
			if o, ok := byHash[s.Keys.BlindIndex(cd.IDNumber)]; ok && (cd.Name == "" || cd.Name == o.Name) {
				ids[i] = o.ID
			}
		} else {
			r.InputRef, ids[i] = strconv.FormatInt(cd.OfficialID, 10), cd.OfficialID
		}
	}
	found, err := s.DB.OfficialsInScope(ctx, scope, ids)
	if err != nil {
		return err
	}
	for i, id := range ids {
		if o, ok := found[id]; ok {
			r := &out[i]
			oid := o.ID
			r.OfficialID, r.Name, r.DepartmentName, r.Verdict = &oid, o.Name, o.DepartmentName, ""
			if cats != nil {
				cats[oid] = o.Category
			}
		}
	}
	return nil
}

// evaluate resolves the candidates and reads the found officials' records
// a thousand at a time, and runs the engine on each. A reader resolves and
// reads the next thousand while this goroutine judges the last: read and
// judged one after the other, the check took twice the reads alone.
func (s *Service) evaluate(ctx context.Context, scope domain.Scope, cands []Candidate, sp *scoring.Policy, ep *eligibility.Policy, req eligibility.Request) ([]domain.EligibilityResult, error) {
	results := make([]domain.EligibilityResult, len(cands))
	type loaded struct {
		chunk []domain.EligibilityResult
		cats  map[int64]string // official → category
		batch store.OfficialBatch
		err   error
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := make(chan loaded, 1)
	go func() {
		defer close(next)
		for start := 0; start < len(results); start += candidateChunk {
			end := min(start+candidateChunk, len(results))
			l := loaded{chunk: results[start:end], cats: map[int64]string{}}
			l.err = s.resolveChunk(ctx, scope, cands[start:end], l.chunk, l.cats)
			if l.err == nil {
				var ids []int64
				for _, r := range l.chunk {
					if r.OfficialID != nil {
						ids = append(ids, *r.OfficialID)
					}
				}
				l.batch, l.err = s.DB.RecordsOfOfficials(ctx, ids)
			}
			select {
			case next <- l:
			case <-ctx.Done():
				return
			}
			if l.err != nil {
				return
			}
		}
	}()
	var buf []byte
	for l := range next {
		if l.err != nil {
			return nil, l.err
		}
		for i := range l.chunk {
			r := &l.chunk[i]
			if r.OfficialID == nil {
				continue
			}
			inputs := officialInputs{Category: l.cats[*r.OfficialID], Records: toInputs(l.batch.Records[*r.OfficialID])}
			if err := judge(r, inputs, sp, ep, req); err != nil {
				return nil, err
			}
			buf = inputs.appendJSON(buf[:0])
			r.Inputs = string(buf)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return results, nil
}

// judge fills a result with the engine's verdict on the official's inputs.
func judge(r *domain.EligibilityResult, in officialInputs, sp *scoring.Policy, ep *eligibility.Policy, req eligibility.Request) error {
	req.OfficialCategory = in.Category
	v, err := eligibility.Check(fromInputs(in.Records), sp, ep, req)
	if err != nil {
		return err
	}
	reasons, _ := json.Marshal(v.Reasons)
	r.Verdict, r.Reasons, r.Grade, r.Score = v.Verdict, string(reasons), v.Grade, int64(scoring.FromFloat(v.Score))
	r.EligibleFrom, r.EligibleFromYear = nil, nil
	if t, err := time.Parse(time.DateOnly, v.EligibleFrom); err == nil {
		r.EligibleFrom = &t
	}
	if v.EligibleFromYear != 0 {
		r.EligibleFromYear = &v.EligibleFromYear
	}
	return nil
}

// digest is the SHA-256 of everything a check decided from: the purpose,
// the day, the policy versions, and each row's official and records.
func digest(c domain.EligibilityCheck, results []domain.EligibilityResult) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s|%s|%d|%d\n", c.Purpose, c.AsOf.Format(time.DateOnly), c.EligibilityVersion, c.ScoringVersion)
	if c.AssessmentYear != nil {
		fmt.Fprintf(h, "year %d\n", *c.AssessmentYear)
	}
	for _, r := range results {
		id := int64(0)
		if r.OfficialID != nil {
			id = *r.OfficialID
		}
		fmt.Fprintf(h, "%d|%d|%s\n", r.RowNo, id, r.Inputs)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Rerun is what re-running a stored check on its stored inputs gave.
type Rerun struct {
	Compared    int
	Same        bool
	DigestSame  bool
	Differences []RerunDiff
}

// RerunDiff is a row whose verdict came out differently.
type RerunDiff struct {
	Row  int
	Was  string
	Now  string
	What string
}

// RerunCheck runs a stored check again exactly as it was: its own policy
// versions, its day and the records it read (stored with it), whatever has
// changed since, and compares every verdict, reason and date.
func (s *Service) RerunCheck(ctx context.Context, a Actor, owner domain.CheckOwner, id int64) (Rerun, error) {
	out := Rerun{Differences: []RerunDiff{}}
	c, err := s.DB.Check(ctx, owner, id)
	if err != nil {
		return out, err
	}
	spv, err := s.DB.PolicyVersion(ctx, domain.PolicyScoring, c.ScoringVersion)
	if err != nil {
		return out, err
	}
	sp, err := parsed[*scoring.Policy](ctx, s, spv)
	if err != nil {
		return out, err
	}
	epv, err := s.DB.PolicyVersion(ctx, domain.PolicyEligibility, c.EligibilityVersion)
	if err != nil {
		return out, err
	}
	cat, err := s.DB.Catalogue(ctx)
	if err != nil {
		return out, err
	}
	ep, err := eligibility.ParseYAML([]byte(epv.Body), cat, sp)
	if err != nil {
		return out, err
	}
	ep.Version = epv.Version
	var again []domain.EligibilityResult
	err = s.DB.EachCheckResult(ctx, id, func(r domain.EligibilityResult) bool {
		nu := r
		if r.OfficialID != nil {
			var ins officialInputs
			if err = json.Unmarshal([]byte(r.Inputs), &ins); err != nil {
				return false
			}
			if err = judge(&nu, ins, sp, ep, requestOf(c)); err != nil {
				return false
			}
			out.Compared++
			if d := compare(r, nu); d != "" {
				out.Differences = append(out.Differences, RerunDiff{Row: r.RowNo, Was: r.Verdict, Now: nu.Verdict, What: d})
			}
		}
		again = append(again, nu)
		return true
	})
	if err != nil {
		return out, err
	}
	out.Same = len(out.Differences) == 0
	out.DigestSame = digest(c, again) == c.InputDigest
	return out, s.DB.Audit(ctx, a.Entry("eligibility_rerun", "eligibility_check", itoa(id), domain.OutcomeSuccess, map[string]any{"same": out.Same}))
}

func compare(was, now domain.EligibilityResult) string {
	var what []string
	if was.Verdict != now.Verdict {
		what = append(what, "verdict")
	}
	if was.Reasons != now.Reasons {
		what = append(what, "reasons")
	}
	if !sameDay(was.EligibleFrom, now.EligibleFrom) {
		what = append(what, "eligible_from")
	}
	return strings.Join(what, ",")
}

func sameDay(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Format(time.DateOnly) == b.Format(time.DateOnly)
}

// RecordOutcome notes what was done with one verdict of a check.
func (s *Service) RecordOutcome(ctx context.Context, a Actor, owner domain.CheckOwner, id int64, row int, outcome, note string) (domain.EligibilityResult, error) {
	if _, err := s.DB.Check(ctx, owner, id); err != nil {
		return domain.EligibilityResult{}, err
	}
	known := false
	for _, o := range domain.Outcomes {
		known = known || o == outcome
	}
	note = strings.TrimSpace(note)
	switch {
	case !known:
		return domain.EligibilityResult{}, domain.Invalid("unknown outcome", domain.FieldError{Field: "outcome", Message: "one of " + strings.Join(domain.Outcomes, ", ")})
	case len([]rune(note)) > 1000:
		return domain.EligibilityResult{}, domain.Invalid("the note is too long", domain.FieldError{Field: "note", Message: "at most 1000 characters"})
	}
	var r domain.EligibilityResult
	err := s.DB.Do(ctx, func(tx *store.Tx) error {
		var err error
		if r, err = tx.SetOutcome(id, row, outcome, note, a.Username); err != nil {
			return err
		}
		return tx.Audit(a.Entry("eligibility_outcome", "eligibility_check", itoa(id), domain.OutcomeSuccess, map[string]any{"row": row, "outcome": outcome}))
	})
	return r, err
}

// CreateClient registers another department's system with one role over a
// department scope.
func (s *Service) CreateClient(ctx context.Context, a Actor, name string, departmentID int64, scope string) (domain.APIClient, error) {
	name = strings.TrimSpace(name)
	var fields []domain.FieldError
	if n := len([]rune(name)); n == 0 || n > 64 {
		fields = append(fields, domain.FieldError{Field: "name", Message: "1 to 64 characters"})
	}
	if scope != domain.ScopeDeptAndBelow && scope != domain.ScopeDept && scope != domain.ScopeAll {
		fields = append(fields, domain.FieldError{Field: "scope", Message: "one of all, dept_and_below, dept"})
	}
	if len(fields) > 0 {
		return domain.APIClient{}, domain.Invalid("the client has errors", fields...)
	}
	if _, err := s.DB.Department(ctx, departmentID); err != nil {
		return domain.APIClient{}, domain.Invalid("no such department", domain.FieldError{Field: "department_id", Message: "no such department"})
	}
	c := domain.APIClient{Name: name, Role: domain.RolePersonnelSystem, DepartmentID: departmentID, Scope: scope, CreatedBy: a.Username}
	err := s.DB.Do(ctx, func(tx *store.Tx) error {
		if err := tx.CreateClient(&c); err != nil {
			if domain.ErrorCode(err) == domain.ECONFLICT {
				return &domain.Error{Code: domain.ECONFLICT, Message: "a client with this name exists", Fields: []domain.FieldError{{Field: "name", Message: "taken"}}}
			}
			return err
		}
		return tx.Audit(a.Entry("client_create", "client", itoa(c.ID), domain.OutcomeSuccess, map[string]any{"name": name, "department_id": departmentID, "scope": scope}))
	})
	return c, err
}

// DisableClient stops a client at once: its keys stop working.
func (s *Service) DisableClient(ctx context.Context, a Actor, id int64) (domain.APIClient, error) {
	var c domain.APIClient
	err := s.DB.Do(ctx, func(tx *store.Tx) error {
		var err error
		if c, err = tx.DisableClient(id); err != nil {
			return err
		}
		return tx.Audit(a.Entry("client_disable", "client", itoa(id), domain.OutcomeSuccess, nil))
	})
	return c, err
}

// CreateClientKey issues an API key for a client. The key is returned
// once; only its hash is kept.
func (s *Service) CreateClientKey(ctx context.Context, a Actor, clientID int64, name string) (domain.ClientKey, string, error) {
	ik, key, err := issueKey(a, name, clientKeyPrefix)
	if err != nil {
		return domain.ClientKey{}, "", err
	}
	if _, err := s.DB.Client(ctx, clientID); err != nil {
		return domain.ClientKey{}, "", err
	}
	k := domain.ClientKey{ClientID: clientID, IssuedKey: ik}
	err = s.change(ctx, func(tx *store.Tx) (*domain.AuditEntry, error) {
		return a.Entry("client_key_create", "client", itoa(clientID), domain.OutcomeSuccess, map[string]string{"name": ik.Name, "prefix": k.Prefix}), tx.CreateClientKey(&k)
	})
	return k, key, err
}

// RevokeClientKey revokes a client's key at once.
func (s *Service) RevokeClientKey(ctx context.Context, a Actor, clientID, keyID int64) (domain.ClientKey, error) {
	var k domain.ClientKey
	err := s.change(ctx, func(tx *store.Tx) (*domain.AuditEntry, error) {
		var err error
		k, err = tx.RevokeClientKey(clientID, keyID)
		return a.Entry("client_key_revoke", "client", itoa(clientID), domain.OutcomeSuccess, map[string]string{"prefix": k.Prefix}), err
	})
	return k, err
}

// clientKeyPrefix marks the keys of API clients (a source's keys start
// isk_).
const clientKeyPrefix = "ipk_"

// IsClientKey tells a client's key from a source's.
func IsClientKey(key string) bool { return strings.HasPrefix(key, clientKeyPrefix) }

// ClientByKey returns the enabled client of a valid key; EUNAUTHENTICATED
// otherwise.
func (s *Service) ClientByKey(ctx context.Context, key string) (domain.ClientGrant, error) {
	if !IsClientKey(key) || len(key) > 128 {
		return domain.ClientGrant{}, unauthenticated("the API key is not valid")
	}
	c, err := s.DB.ClientByKeyHash(ctx, auth.HashToken(key))
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return c, unauthenticated("the API key is not valid")
	}
	return c, err
}
