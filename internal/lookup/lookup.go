package lookup

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"integrity/internal/domain"
)

// Request is what a discipline staff member asks for.
type Request struct {
	OfficialIDs []int64
	Purpose     string
	Reason      string
	LegalBasis  string
	Modules     []string
	Days        int // the window asked for; 0: the policy's default
}

// CheckRequest validates a request and normalises it: officials and
// modules without repeats, modules in the policy's order. Every problem
// names its field.
func (p *Policy) CheckRequest(r *Request) error {
	var fields []domain.FieldError
	bad := func(field, msg string) { fields = append(fields, domain.FieldError{Field: field, Message: msg}) }
	r.Reason, r.LegalBasis = strings.TrimSpace(r.Reason), strings.TrimSpace(r.LegalBasis)
	ids := make([]int64, 0, len(r.OfficialIDs))
	for _, id := range r.OfficialIDs {
		if id < 1 {
			bad("official_ids", "ids are positive numbers")
			break
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	r.OfficialIDs = ids
	switch {
	case len(ids) == 0:
		bad("official_ids", "name at least one official")
	case len(ids) > p.MaxOfficials:
		bad("official_ids", fmt.Sprintf("at most %d officials in one request", p.MaxOfficials))
	}
	if _, ok := p.Purpose(r.Purpose); !ok {
		bad("purpose", "not one of the configured purposes")
	}
	if n := utf8.RuneCountInString(r.Reason); n < 5 || n > 1000 {
		bad("reason", "required: 5 to 1000 characters saying why the file is needed")
	}
	if utf8.RuneCountInString(r.LegalBasis) > 200 {
		bad("legal_basis", "at most 200 characters")
	}
	mods, err := p.normaliseModules(r.Modules, "modules")
	if err != nil {
		fields = append(fields, *err)
	}
	r.Modules = mods
	if r.Days < 0 || r.Days > p.MaxDays {
		bad("days", fmt.Sprintf("from 1 to %d days, or leave it out for the default of %d", p.MaxDays, p.DefaultDays))
	}
	if len(fields) > 0 {
		return domain.Invalid("the lookup request has errors", fields...)
	}
	return nil
}

// normaliseModules checks module keys and returns them once each, in the
// policy's order.
func (p *Policy) normaliseModules(in []string, field string) ([]string, *domain.FieldError) {
	if len(in) == 0 {
		return nil, &domain.FieldError{Field: field, Message: "choose at least one module"}
	}
	for _, k := range in {
		if _, ok := p.modules[k]; !ok {
			return nil, &domain.FieldError{Field: field, Message: "unknown module " + k}
		}
	}
	var out []string
	for _, m := range p.Modules {
		if slices.Contains(in, m.Key) {
			out = append(out, m.Key)
		}
	}
	return out, nil
}

// Effective returns the state of l at now: a pending request past its
// deadline, or an approved one past its window, is expired even before the
// sweep writes it down.
func Effective(l domain.Lookup, now time.Time) string {
	switch {
	case l.State == domain.LookupPending && !now.Before(l.PendingUntil):
		return domain.LookupExpired
	case l.State == domain.LookupApproved && l.AccessUntil != nil && !now.Before(*l.AccessUntil):
		return domain.LookupExpired
	}
	return l.State
}

// Opens reports whether l lets user read the file now.
func Opens(l domain.Lookup, userID int64, now time.Time) bool {
	return l.RequesterID == userID && Effective(l, now) == domain.LookupApproved &&
		l.AccessFrom != nil && !now.Before(*l.AccessFrom)
}

// Decision is an approver's answer to a request.
type Decision struct {
	Approve bool
	Modules []string // approve: a subset of the requested modules; empty: all of them
	Days    int      // approve: the access window; 0: as requested, else the default
	Note    string   // required for a rejection
}

// Approval is an approval already given to a pending request (the first of
// two, for a module that needs two approvers).
type Approval struct {
	ApproverID int64
	Modules    []string
	Days       int
}

// Outcome is what a decision does to the request.
type Outcome struct {
	State string // approved, rejected, or still pending awaiting a second approver
	// Approve: the modules and days this approver grants; when final, the
	// modules and window granted (every approver's intersection).
	Modules     []string
	Days        int
	AccessFrom  time.Time
	AccessUntil time.Time
	// AwaitingSecond: the first approval of a request that needs two.
	AwaitingSecond bool
}

// Decide applies an approver's decision to a request. It returns
// ECONFLICT when the request is no longer pending or this approver already
// approved it, EFORBIDDEN for the requester deciding their own request, and
// EINVALID naming the field for modules outside the request, a window over
// the cap or a rejection without a reason. The caller has checked that
// the approver's scope covers every official of the request.
func (p *Policy) Decide(l domain.Lookup, prior []Approval, approverID int64, d Decision, now time.Time) (Outcome, error) {
	if st := Effective(l, now); st != domain.LookupPending {
		return Outcome{}, &domain.Error{Code: domain.ECONFLICT, Message: "the request is " + st + " and can no longer be decided"}
	}
	if approverID == l.RequesterID {
		return Outcome{}, &domain.Error{Code: domain.EFORBIDDEN, Message: "nobody may decide their own lookup request"}
	}
	for _, a := range prior {
		if a.ApproverID == approverID {
			return Outcome{}, &domain.Error{Code: domain.ECONFLICT, Message: "you have approved this request already; a second approver must decide"}
		}
	}
	if !d.Approve {
		if n := utf8.RuneCountInString(strings.TrimSpace(d.Note)); n < 2 || n > 1000 {
			return Outcome{}, domain.Invalid("say why the request is rejected", domain.FieldError{Field: "note", Message: "required: 2 to 1000 characters"})
		}
		return Outcome{State: domain.LookupRejected}, nil
	}
	requested := SplitModules(l.Modules)
	mods := requested
	if len(d.Modules) > 0 {
		var ferr *domain.FieldError
		if mods, ferr = p.normaliseModules(d.Modules, "modules"); ferr != nil {
			return Outcome{}, domain.Invalid("the decision has errors", *ferr)
		}
		for _, m := range mods {
			if !slices.Contains(requested, m) {
				return Outcome{}, domain.Invalid("the decision has errors", domain.FieldError{Field: "modules", Message: "an approver may narrow the modules, not add " + m})
			}
		}
	}
	days := d.Days
	switch {
	case days < 0 || days > p.MaxDays:
		return Outcome{}, domain.Invalid("the decision has errors", domain.FieldError{Field: "days", Message: fmt.Sprintf("from 1 to %d days", p.MaxDays)})
	case days == 0 && l.RequestedDays > 0:
		days = min(l.RequestedDays, p.MaxDays)
	case days == 0:
		days = p.DefaultDays
	}
	out := Outcome{State: domain.LookupApproved, Modules: mods, Days: days}
	if len(prior) == 0 && p.NeedsTwoApprovers(mods) {
		out.State, out.AwaitingSecond = domain.LookupPending, true
		return out, nil
	}
	for _, a := range prior {
		out.Modules = slices.DeleteFunc(out.Modules, func(m string) bool { return !slices.Contains(a.Modules, m) })
		out.Days = min(out.Days, a.Days)
	}
	if len(out.Modules) == 0 {
		return Outcome{}, domain.Invalid("the approvals grant no module in common", domain.FieldError{Field: "modules", Message: "approve at least one module the first approver approved"})
	}
	out.AccessFrom, out.AccessUntil = now, now.Add(time.Duration(out.Days)*24*time.Hour)
	return out, nil
}

// CheckRevoke says whether a lookup can be revoked now, with this reason.
func CheckRevoke(l domain.Lookup, reason string, now time.Time) error {
	if st := Effective(l, now); st != domain.LookupApproved {
		return &domain.Error{Code: domain.ECONFLICT, Message: "only an approved lookup in its window can be revoked; this one is " + st}
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(reason)); n < 2 || n > 1000 {
		return domain.Invalid("say why the lookup is revoked", domain.FieldError{Field: "reason", Message: "required: 2 to 1000 characters"})
	}
	return nil
}

// SplitModules reads a stored comma-separated module list.
func SplitModules(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// JoinModules writes a module list for storage.
func JoinModules(m []string) string { return strings.Join(m, ",") }
