package app

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"integrity/internal/domain"
	"integrity/internal/eligibility"
	"integrity/internal/opinion"
	"integrity/internal/store"
	"integrity/policies"
)

// Integrity opinions (廉政意见回复). The organisation department (a
// personnel_staff user) sends a request naming a purpose and candidates;
// the commission's staff draft a reply from each candidate's file as of
// that day (a purpose-bound read of the files, audited and shown in each
// official's access log, after the request is closed when the purpose is
// confidential); approvers who did not draft it sign it (two different
// people when the policy asks for two); the last signature numbers the
// reply and sends it back. policies/opinions.yaml holds the rules.

var loadOpinions = sync.OnceValues(func() (*opinion.Policy, error) { return opinion.Load(policies.FS) })

// OpinionPolicy is the policy of integrity opinions: the deployment's own
// (OpinionRules) or the shipped one.
func (s *Service) OpinionPolicy() (*opinion.Policy, error) {
	if s.OpinionRules != nil {
		return s.OpinionRules, nil
	}
	return loadOpinions()
}

// opinionRules are the opinion policy and the policies in force it leans on
// (the purposes, the bars, the working-day calendar).
func (s *Service) opinionRules(ctx context.Context) (*opinion.Policy, inForce, error) {
	op, err := s.OpinionPolicy()
	if err != nil {
		return nil, inForce{}, err
	}
	pol, err := s.inForce(ctx)
	return op, pol, err
}

// visibleOpinion reads a request in the caller's view, and who requested
// it when the caller sees only their own (0 for the commission).
func (s *Service) visibleOpinion(ctx context.Context, cl Caller, id int64) (domain.OpinionRequest, int64, error) {
	by, scope, err := opinionView(cl)
	if err != nil {
		return domain.OpinionRequest{}, 0, err
	}
	r, err := s.DB.Opinion(ctx, id, by, scope)
	return r, by, err
}

// commissionUser is the commission's caller acting on a request its scope
// reaches: ENOTFOUND for another.
func (s *Service) commissionUser(ctx context.Context, cl Caller, id int64) (*domain.Principal, error) {
	p, err := cl.User()
	if err != nil {
		return nil, err
	}
	_, scope, err := opinionView(cl)
	if err != nil {
		return nil, err
	}
	_, err = s.DB.Opinion(ctx, id, 0, scope)
	return p, err
}

// OpinionPurpose is a purpose a request may name, labelled.
type OpinionPurpose struct {
	Key, Zh, En  string
	Confidential bool
}

// OpinionConfig is what a request form needs of the policy: the purposes
// (labelled by the eligibility policy in force), the most candidates, the
// default time to reply and how many sign.
func (s *Service) OpinionConfig(ctx context.Context) ([]OpinionPurpose, *opinion.Policy, error) {
	op, pol, err := s.opinionRules(ctx)
	if err != nil {
		return nil, nil, err
	}
	var out []OpinionPurpose
	for _, key := range op.Purposes {
		if pu, ok := pol.eligibility.Purpose(key); ok {
			out = append(out, OpinionPurpose{Key: key, Zh: pu.Zh, En: pu.En, Confidential: pu.Confidential})
		}
	}
	return out, op, nil
}

// OpinionInput is a new request as the organisation department sends it.
type OpinionInput struct {
	Purpose    string
	DocumentNo string
	DueOn      *time.Time
	Candidates []Candidate
}

// opinionView is how the caller sees requests: a requester their own, the
// commission those of requesting departments in its scope.
func opinionView(cl Caller) (requestedBy int64, scope *domain.Scope, err error) {
	p, err := cl.User()
	if err != nil {
		return 0, nil, err
	}
	if cl.Is(domain.RoleDisciplineStaff) || cl.Is(domain.RoleDisciplineApprover) {
		sc := cl.Scope()
		return 0, &sc, nil
	}
	return p.User.ID, nil, nil
}

// CreateOpinion stores a request of a personnel user: its candidates are
// found in the registry within the requester's scope (one outside it, or
// unknown, stays in the list as named, not found). The due day defaults to
// the policy's working days from today. Audited.
func (s *Service) CreateOpinion(ctx context.Context, cl Caller, in OpinionInput) (domain.OpinionRequest, []domain.OpinionCandidate, error) {
	var r domain.OpinionRequest
	p, err := cl.User()
	if err != nil {
		return r, nil, err
	}
	op, pol, err := s.opinionRules(ctx)
	if err != nil {
		return r, nil, err
	}
	today := s.today()
	var fields []domain.FieldError
	if _, ok := pol.eligibility.Purpose(in.Purpose); !ok || !slices.Contains(op.Purposes, in.Purpose) {
		fields = append(fields, domain.FieldError{Field: "purpose", Message: "not one of the purposes of integrity opinions: " + strings.Join(op.Purposes, ", ")})
	}
	if doc := strings.TrimSpace(in.DocumentNo); doc == "" || len([]rune(doc)) > 64 {
		fields = append(fields, domain.FieldError{Field: "document_no", Message: "the request's document number, 1 to 64 characters"})
	}
	due := pol.selfservice.AddWorkingDays(today, op.DueWorkingDays)
	if in.DueOn != nil {
		if in.DueOn.Before(today) || in.DueOn.After(today.AddDate(1, 0, 0)) {
			fields = append(fields, domain.FieldError{Field: "due_on", Message: "from today to a year from now"})
		}
		due = *in.DueOn
	}
	switch n := len(in.Candidates); {
	case n == 0:
		fields = append(fields, domain.FieldError{Field: "candidates", Message: "name at least one candidate"})
	case n > op.MaxCandidates:
		fields = append(fields, domain.FieldError{Field: "candidates", Message: fmt.Sprintf("at most %d candidates in one request", op.MaxCandidates)})
	}
	for _, cd := range in.Candidates {
		if cd.OfficialID == 0 && cd.IDNumber == "" && len(fields) < 20 {
			fields = append(fields, domain.FieldError{Row: cd.Row, Field: "candidates", Message: "name the official by id or ID number"})
		}
	}
	if len(fields) > 0 {
		return r, nil, domain.Invalid("the request has errors", fields...)
	}
	found, err := s.resolve(ctx, cl.Scope(), in.Candidates)
	if err != nil {
		return r, nil, err
	}
	cands := make([]domain.OpinionCandidate, len(found))
	for i, f := range found {
		name := f.Name
		if name == "" {
			name = in.Candidates[i].Name
		}
		cands[i] = domain.OpinionCandidate{RowNo: f.RowNo, OfficialID: f.OfficialID, InputRef: f.InputRef, Name: truncate(name, 128),
			DepartmentName: f.DepartmentName, Reasons: "[]", Matters: "[]"}
		if f.OfficialID == nil {
			cands[i].Verdict = domain.NotFoundVerdict
		}
	}
	if p.User.DepartmentID == nil {
		return r, nil, forbidden("your account belongs to no department: the reply would have no recipient")
	}
	dept, err := s.DB.Department(ctx, *p.User.DepartmentID)
	if err != nil {
		return r, nil, err
	}
	r = domain.OpinionRequest{Purpose: in.Purpose, DocumentNo: strings.TrimSpace(in.DocumentNo), Recipient: dept.Name, DepartmentID: dept.ID,
		RequestedBy: p.User.ID, Requester: p.User.Username, DueOn: due, State: domain.OpinionSent}
	err = s.DB.Do(ctx, func(tx *store.Tx) error {
		if err := tx.CreateOpinion(&r, cands); err != nil {
			return err
		}
		return tx.Audit(cl.Actor().Entry("opinion_request", "opinion", itoa(r.ID), domain.OutcomeSuccess,
			map[string]any{"purpose": r.Purpose, "document_no": r.DocumentNo, "candidates": len(cands), "due_on": r.DueOn.Format(time.DateOnly)}))
	})
	return r, cands, err
}

// Opinions lists the requests the caller sees (a requester's own; the
// commission's inbox). Audited.
func (s *Service) Opinions(ctx context.Context, cl Caller, state string, repliedSince *time.Time, page domain.Page) ([]domain.OpinionRequest, int64, error) {
	by, scope, err := opinionView(cl)
	if err != nil {
		return nil, 0, err
	}
	rows, total, err := s.DB.Opinions(ctx, domain.OpinionFilter{RequestedBy: by, Scope: scope, State: state, RepliedSince: repliedSince, Page: page})
	if err != nil {
		return nil, 0, err
	}
	return rows, total, s.audited(ctx, cl, "opinion_list", "opinion", "", map[string]any{"state": state, "shown": len(rows)})
}

// Opinion reads a request the caller sees, with its candidates: the
// commission sees the drafts; a requester sees the conclusions once the
// reply is sent, and before that only whom they named. ENOTFOUND outside
// the caller's view. Audited.
func (s *Service) Opinion(ctx context.Context, cl Caller, id int64) (domain.OpinionRequest, []domain.OpinionCandidate, error) {
	r, by, err := s.visibleOpinion(ctx, cl, id)
	if err != nil {
		return r, nil, err
	}
	cands, err := s.DB.OpinionCandidates(ctx, id)
	if err != nil {
		return r, nil, err
	}
	if by != 0 && r.State != domain.OpinionReplied {
		for i := range cands {
			c := &cands[i]
			c.Verdict, c.Reasons, c.Matters, c.Proposed, c.Conclusion, c.ConclusionReason, c.EditedBy, c.EditedAt = "", "[]", "[]", "", "", "", "", nil
		}
	}
	return r, cands, s.audited(ctx, cl, "opinion_read", "opinion", itoa(id), map[string]any{"state": r.State})
}

// DraftOpinion makes the draft of every candidate from their file as of
// today: a purpose-bound read of each file, audited against the official.
// A draft may be made again (the files may have changed) until someone
// signs. Audited.
func (s *Service) DraftOpinion(ctx context.Context, cl Caller, id int64) (domain.OpinionRequest, []domain.OpinionCandidate, error) {
	p, err := s.commissionUser(ctx, cl, id)
	if err != nil {
		return domain.OpinionRequest{}, nil, err
	}
	op, pol, err := s.opinionRules(ctx)
	if err != nil {
		return domain.OpinionRequest{}, nil, err
	}
	cat, err := s.DB.Catalogue(ctx)
	if err != nil {
		return domain.OpinionRequest{}, nil, err
	}
	asOf := s.today()
	var r domain.OpinionRequest
	var cands []domain.OpinionCandidate
	err = s.DB.Do(ctx, func(tx *store.Tx) error {
		var err error
		if r, err = tx.OpinionForUpdate(id); err != nil {
			return err
		}
		if r.State != domain.OpinionSent && r.State != domain.OpinionDrafted {
			return &domain.Error{Code: domain.ECONFLICT, Message: "the reply is signed already: its draft cannot change"}
		}
		if cands, err = tx.CandidatesOf(id); err != nil {
			return err
		}
		var ids []int64
		for _, c := range cands {
			if c.OfficialID != nil {
				ids = append(ids, *c.OfficialID)
			}
		}
		pu, _ := pol.eligibility.Purpose(r.Purpose)
		kinds, err := tx.OfficialCategories(ids)
		if err != nil {
			return err
		}
		b, err := tx.RecordsOfOfficials(ids)
		if err != nil {
			return err
		}
		reads := make([]*domain.AuditEntry, 0, len(cands)+1) // one lock of the chain for them all
		for i := range cands {
			if cands[i].OfficialID == nil {
				continue // not found: the reply says so
			}
			c := &cands[i]
			recs := b.Records[*c.OfficialID]
			v, err := eligibility.Check(recs, pol.scoring, pol.eligibility, eligibility.Request{Purpose: r.Purpose, AsOf: asOf, AssessmentYear: asOf.Year(),
				OfficialCategory: kinds[*c.OfficialID]})
			if err != nil {
				return err
			}
			d := op.Make(recs, cat, v, pu.Zh, asOf)
			reasons, _ := json.Marshal(v.Reasons)
			matters, _ := json.Marshal(d.Matters)
			c.Verdict, c.Reasons, c.Matters, c.Proposed, c.Conclusion = v.Verdict, string(reasons), string(matters), d.Conclusion, d.Conclusion
			c.ConclusionReason, c.EditedBy, c.EditedAt = "", "", nil
			reads = append(reads, cl.Actor().Entry("opinion_file_read", "official", itoa(*c.OfficialID), domain.OutcomeSuccess,
				map[string]any{"purpose": r.Purpose, "opinion_id": r.ID, "until_closed": pu.Confidential}))
		}
		if err := tx.SaveDrafts(cands); err != nil {
			return err
		}
		now, uid := tx.Now(), p.User.ID
		r.State, r.AsOf, r.DraftedByID, r.DraftedBy, r.DraftedAt = domain.OpinionDrafted, &asOf, &uid, p.User.Username, &now
		if err := tx.UpdateOpinion(&r, r.Version); err != nil {
			return err
		}
		return tx.AuditAll(append(reads, cl.Actor().Entry("opinion_draft", "opinion", itoa(r.ID), domain.OutcomeSuccess, map[string]any{"candidates": len(cands)})))
	})
	return r, cands, err
}

// SetConclusion changes the conclusion of a candidate's draft, with a
// reason; the proposed conclusion stays beside it. Only before signing.
func (s *Service) SetConclusion(ctx context.Context, cl Caller, id int64, row int, conclusion, reason string) (domain.OpinionCandidate, error) {
	var c domain.OpinionCandidate
	if _, err := s.commissionUser(ctx, cl, id); err != nil {
		return c, err
	}
	conclusion, reason = strings.TrimSpace(conclusion), strings.TrimSpace(reason)
	var fields []domain.FieldError
	if n := len([]rune(conclusion)); n == 0 || n > 2000 {
		fields = append(fields, domain.FieldError{Field: "conclusion", Message: "1 to 2000 characters"})
	}
	if n := len([]rune(reason)); n < 2 || n > 500 {
		fields = append(fields, domain.FieldError{Field: "reason", Message: "say why the conclusion differs from the draft (2 to 500 characters)"})
	}
	if len(fields) > 0 {
		return c, domain.Invalid("the conclusion has errors", fields...)
	}
	err := s.DB.Do(ctx, func(tx *store.Tx) error {
		r, err := tx.OpinionForUpdate(id)
		if err != nil {
			return err
		}
		if r.State != domain.OpinionDrafted {
			return &domain.Error{Code: domain.ECONFLICT, Message: "only a drafted, unsigned reply may change"}
		}
		cands, err := tx.CandidatesOf(id)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(cands, func(c domain.OpinionCandidate) bool { return c.RowNo == row })
		if i < 0 || cands[i].OfficialID == nil {
			return domain.NotFound("candidate")
		}
		c = cands[i]
		now := tx.Now()
		c.Conclusion, c.ConclusionReason, c.EditedBy, c.EditedAt = conclusion, reason, cl.Actor().Username, &now
		if err := tx.SaveCandidate(&c); err != nil {
			return err
		}
		return tx.Audit(cl.Actor().Entry("opinion_conclusion", "opinion", itoa(id), domain.OutcomeSuccess,
			map[string]any{"row": row, "proposed": c.Proposed, "conclusion": conclusion, "reason": reason}))
	})
	return c, err
}
