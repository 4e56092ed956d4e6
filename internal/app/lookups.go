package app

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"integrity/internal/domain"
	"integrity/internal/lookup"
	"integrity/internal/store"
)

// LookupPolicy returns the lookup policy in force.
func (s *Service) LookupPolicy(ctx context.Context) (*lookup.Policy, error) {
	return cachedPolicy(ctx, s, &s.lookups, domain.PolicyLookups)
}

// RequestLookup files a discipline staff member's request for the files of
// the officials named. Every official must be inside the requester's scope;
// one that is not is reported as not found, like one that does not exist.
func (s *Service) RequestLookup(ctx context.Context, a Actor, scope domain.Scope, r lookup.Request) (domain.LookupRow, error) {
	p, err := s.LookupPolicy(ctx)
	if err != nil {
		return domain.LookupRow{}, err
	}
	if err := p.CheckRequest(&r); err != nil {
		return domain.LookupRow{}, err
	}
	for _, id := range r.OfficialIDs {
		if _, err := s.DB.OfficialInScope(ctx, scope, id); err != nil {
			if domain.ErrorCode(err) == domain.ENOTFOUND {
				return domain.LookupRow{}, domain.Invalid("an official was not found", domain.FieldError{Field: "official_ids", Message: fmt.Sprintf("no official %d in your scope", id)})
			}
			return domain.LookupRow{}, err
		}
	}
	pu, _ := p.Purpose(r.Purpose)
	now := s.now()
	l := domain.Lookup{RequesterID: a.UserID, Requester: a.Username, Purpose: r.Purpose, Confidential: pu.Confidential,
		Reason: r.Reason, LegalBasis: r.LegalBasis, Modules: lookup.JoinModules(r.Modules), RequestedDays: r.Days,
		State: domain.LookupPending, PendingUntil: now.Add(time.Duration(p.PendingHours) * time.Hour), PolicyVersion: p.Version}
	err = s.DB.Do(ctx, func(tx *store.Tx) error {
		if err := tx.CreateLookup(&l, r.OfficialIDs); err != nil {
			return err
		}
		return tx.Audit(a.Entry("lookup_request", "lookup", itoa(l.ID), domain.OutcomeSuccess, map[string]any{
			"officials": r.OfficialIDs, "purpose": r.Purpose, "modules": r.Modules, "confidential": pu.Confidential}))
	})
	if err != nil {
		return domain.LookupRow{}, err
	}
	return s.DB.Lookup(ctx, l.ID)
}

// LookupView says whose lookups a caller sees.
type LookupView struct {
	UserID int64
	// Approver: the caller decides within Scope; otherwise they see only
	// their own requests.
	Approver bool
	Scope    domain.Scope
}

// sees reports whether the caller may see the lookup: their own request,
// or, for an approver, one whose every official lies in their scope.
func (s *Service) sees(ctx context.Context, v LookupView, l domain.LookupRow) (bool, error) {
	if l.RequesterID == v.UserID {
		return true, nil
	}
	if !v.Approver {
		return false, nil
	}
	return s.covers(ctx, v.Scope, l)
}

func (s *Service) covers(ctx context.Context, scope domain.Scope, l domain.LookupRow) (bool, error) {
	ids := make([]int64, len(l.Officials))
	for i, o := range l.Officials {
		ids[i] = o.ID
	}
	n, err := s.DB.OfficialsCovered(ctx, scope, ids)
	return n == len(ids) && n > 0, err
}

// Lookup returns one lookup the caller may see, with its effective state;
// ENOTFOUND otherwise.
func (s *Service) Lookup(ctx context.Context, v LookupView, id int64) (domain.LookupRow, error) {
	l, err := s.visible(ctx, v, id)
	l.State = lookup.Effective(l.Lookup, s.now())
	return l, err
}

// ReadLookup is Lookup for a caller, audited: a lookup names the officials
// it concerns.
func (s *Service) ReadLookup(ctx context.Context, cl Caller, id int64) (domain.LookupRow, error) {
	v, err := cl.LookupView()
	if err != nil {
		return domain.LookupRow{}, err
	}
	l, err := s.Lookup(ctx, v, id)
	if err != nil {
		return l, err
	}
	return l, s.audited(ctx, cl, "lookup_read", "lookup", itoa(id), nil)
}

// visible returns a lookup as stored if the caller may see it.
func (s *Service) visible(ctx context.Context, v LookupView, id int64) (domain.LookupRow, error) {
	l, err := s.DB.Lookup(ctx, id)
	if err != nil {
		return l, err
	}
	ok, err := s.sees(ctx, v, l)
	if err != nil {
		return l, err
	}
	if !ok {
		return domain.LookupRow{}, domain.NotFound("lookup")
	}
	return l, nil
}

// Lookups lists the lookups the caller sees: an approver's queue over
// their scope, or (mine, or not an approver) the caller's own requests.
func (s *Service) Lookups(ctx context.Context, cl Caller, mine bool, f domain.LookupFilter) ([]domain.LookupRow, int64, error) {
	v, err := cl.LookupView()
	if err != nil {
		return nil, 0, err
	}
	if mine || !v.Approver {
		f.RequesterID = v.UserID
	} else {
		f.Scope = v.Scope
	}
	if err := s.ExpireLookups(ctx); err != nil {
		return nil, 0, err
	}
	rows, total, err := s.DB.Lookups(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	now := s.now()
	for i := range rows {
		rows[i].State = lookup.Effective(rows[i].Lookup, now)
	}
	return rows, total, s.audited(ctx, cl, "lookup_list", "lookup", "", map[string]any{"mine": mine, "state": f.State,
		"official_id": f.OfficialID, "shown": len(rows)})
}

// DecideLookup approves or rejects a pending request. The approver's scope
// must cover every official of the request (ENOTFOUND otherwise); the
// rules of lookup.Policy.Decide apply. Of concurrent decisions exactly one
// wins; the others get ECONFLICT.
func (s *Service) DecideLookup(ctx context.Context, a Actor, scope domain.Scope, id int64, d lookup.Decision) (domain.LookupRow, error) {
	view := LookupView{UserID: a.UserID, Approver: true, Scope: scope}
	l, err := s.visible(ctx, view, id)
	if err != nil {
		return l, err
	}
	if l.RequesterID == a.UserID { // visible to its requester, who may not decide it
		return domain.LookupRow{}, &domain.Error{Code: domain.EFORBIDDEN, Message: "nobody may decide their own lookup request"}
	}
	p, err := s.LookupPolicy(ctx)
	if err != nil {
		return l, err
	}
	prior := make([]lookup.Approval, len(l.Approvals))
	for i, ap := range l.Approvals {
		prior[i] = lookup.Approval{ApproverID: ap.ApproverID, Modules: lookup.SplitModules(ap.Modules), Days: ap.Days}
	}
	now := s.now()
	o, err := p.Decide(l.Lookup, prior, a.UserID, d, now)
	if err != nil {
		return l, err
	}
	next := l.Lookup
	note := truncate(strings.TrimSpace(d.Note), 1000)
	action := "lookup_approve"
	switch {
	case o.State == domain.LookupRejected:
		action = "lookup_reject"
		next.State, next.DecidedBy, next.DecidedAt, next.DecisionNote = o.State, a.Username, &now, note
	case o.AwaitingSecond: // the first of two approvals: only the version moves
	default:
		approvers := []string{}
		for _, ap := range l.Approvals {
			approvers = append(approvers, ap.Approver)
		}
		next.State, next.Granted, next.DecidedAt, next.DecisionNote = o.State, lookup.JoinModules(o.Modules), &now, note
		next.DecidedBy = strings.Join(append(approvers, a.Username), ",")
		next.AccessFrom, next.AccessUntil = &o.AccessFrom, &o.AccessUntil
	}
	err = s.DB.Do(ctx, func(tx *store.Tx) error {
		// The version check first: it takes the lookup's row lock, so of
		// concurrent decisions one proceeds and the others find the version
		// moved, and every decision locks in the same order (lookup row,
		// then the approval's foreign key, then the audit head): no deadlock.
		if err := tx.UpdateLookup(&next, l.Version); err != nil {
			return err
		}
		if d.Approve {
			if err := tx.AddLookupApproval(&domain.LookupApproval{LookupID: id, ApproverID: a.UserID, Approver: a.Username,
				Modules: lookup.JoinModules(o.Modules), Days: o.Days, Note: note}); err != nil {
				return err
			}
		}
		return tx.Audit(a.Entry(action, "lookup", itoa(id), domain.OutcomeSuccess, map[string]any{"modules": o.Modules, "days": o.Days,
			"note": note, "awaiting_second": o.AwaitingSecond}))
	})
	if err != nil {
		if domain.ErrorCode(err) == domain.ECONFLICT {
			return l, &domain.Error{Code: domain.ECONFLICT, Message: "the request was decided or changed by someone else just now; reload it"}
		}
		return l, err
	}
	return s.Lookup(ctx, view, id)
}

// RevokeLookup ends an approved lookup before its window closes: an
// approver whose scope covers it, or the requester giving it up.
func (s *Service) RevokeLookup(ctx context.Context, a Actor, v LookupView, id int64, reason string) (domain.LookupRow, error) {
	l, err := s.visible(ctx, v, id)
	if err != nil {
		return l, err
	}
	now := s.now()
	if err := lookup.CheckRevoke(l.Lookup, reason, now); err != nil {
		return l, err
	}
	next := l.Lookup
	next.State, next.RevokedBy, next.RevokedAt, next.RevokeReason = domain.LookupRevoked, a.Username, &now, truncate(strings.TrimSpace(reason), 1000)
	err = s.DB.Do(ctx, func(tx *store.Tx) error {
		if err := tx.UpdateLookup(&next, l.Version); err != nil {
			return err
		}
		return tx.Audit(a.Entry("lookup_revoke", "lookup", itoa(id), domain.OutcomeSuccess, map[string]string{"reason": next.RevokeReason}))
	})
	if err != nil {
		return l, err
	}
	return s.Lookup(ctx, v, id)
}

// ExpireLookups writes down the expiry of requests nobody decided in time
// and of windows that closed, each with its audit entry. The lists and the
// inbox run it first, so a filter on the stored state sees every expiry;
// a single lookup does not wait for it: it applies lookup.Effective.
func (s *Service) ExpireLookups(ctx context.Context) error {
	for {
		due, err := s.DB.DueLookups(ctx, s.now(), 200)
		if err != nil || len(due) == 0 {
			return err
		}
		for _, l := range due {
			from, was := l.Version, l.State
			l.State = domain.LookupExpired
			err := s.DB.Do(ctx, func(tx *store.Tx) error {
				if err := tx.UpdateLookup(&l, from); err != nil {
					return err
				}
				return tx.Audit(Actor{Username: "system"}.Entry("lookup_expire", "lookup", itoa(l.ID), domain.OutcomeSuccess, map[string]string{"was": was}))
			})
			if err != nil && domain.ErrorCode(err) != domain.ECONFLICT {
				return err // a conflict: another process or a decision got there first
			}
		}
		if len(due) < 200 {
			return nil
		}
	}
}

// RunLookupExpiry sweeps expired lookups every interval until ctx ends.
func (s *Service) RunLookupExpiry(ctx context.Context, log *slog.Logger, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		// One replica sweeps at a time (a single read never waits for the
		// sweep; the lists run it themselves).
		held, err := s.DB.TryLease(ctx, "lookup-expiry", s.Instance, 2*every)
		if err == nil && held {
			err = s.ExpireLookups(ctx)
		}
		if err != nil && ctx.Err() == nil {
			log.Warn("lookup expiry", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// LookupFile is a file as an approved lookup shows it.
type LookupFile struct {
	File
	Lookup  domain.LookupRow
	Modules []string
	Basic   bool // the basic module: the official's registry details
	// Categories are the record categories the modules open.
	Categories map[string]bool
}

// ReadFileByLookup returns the file of an official for a discipline staff
// member inside an approved lookup whose window holds now: only the
// approved modules' records, the score only when the modules open the
// whole file. lookupID 0 takes the open lookup ending last. Without an
// open lookup the file does not exist for the caller (ENOTFOUND). Every
// read is audited, naming the lookup.
func (s *Service) ReadFileByLookup(ctx context.Context, a Actor, scope domain.Scope, officialID, lookupID int64) (LookupFile, error) {
	var f LookupFile
	o, l, err := s.DB.OpenLookup(ctx, scope, a.UserID, officialID, lookupID, s.now())
	if domain.ErrorCode(err) == domain.ENOTFOUND || (err == nil && !lookup.Opens(l, a.UserID, s.now())) {
		return f, domain.NotFound("official")
	}
	if err != nil {
		return f, err
	}
	p, err := s.LookupPolicy(ctx)
	if err != nil {
		return f, err
	}
	// The lookup as the file names it: the official is the file's own.
	f.Lookup = domain.LookupRow{Lookup: l, Officials: []domain.LookupOfficialRow{{LookupID: l.ID, ID: o.ID, Name: o.Name,
		IDNumberMasked: o.IDNumberMasked, DepartmentID: o.DepartmentID, DepartmentName: o.DepartmentName}}}
	f.Modules = lookup.SplitModules(l.Granted)
	f.Basic = slices.Contains(f.Modules, lookup.ModuleBasic)
	cats := p.Categories(f.Modules)
	f.Categories = cats
	f.Official = o
	all, err := s.DB.FileRecords(ctx, officialID, 0)
	if err != nil {
		return f, err
	}
	ids := []int64{}
	for _, r := range all {
		if cats[r.Category] {
			f.Records = append(f.Records, r)
			ids = append(ids, r.ID)
		}
	}
	if f.History, err = s.DB.RecordHistory(ctx, ids); err != nil {
		return f, err
	}
	if p.WholeFile(f.Modules) {
		d, err := s.fileScore(ctx, officialID, all)
		if err != nil {
			return f, err
		}
		f.Score = &d
	}
	viewed := f.Lookup.ID
	return f, s.auditRead(ctx, a.Entry("file_read", "official", itoa(officialID), domain.OutcomeSuccess, map[string]any{
		"records": len(f.Records), "lookup_id": viewed, "purpose": f.Lookup.Purpose,
		"confidential": f.Lookup.Confidential, "modules": f.Modules}), viewed)
}

// Inbox is what a discipline user is told without reloading: requests
// awaiting their decision, and their own requests decided since a time.
type Inbox struct {
	ServerTime         time.Time
	AwaitingMyDecision int64
	Decided            []domain.LookupRow
	// Opinions: the commission's requests for integrity opinions still to
	// answer in the caller's scope, and the late ones.
	Opinions domain.OpinionsDue
}

// LookupInbox fills an Inbox for the caller.
func (s *Service) LookupInbox(ctx context.Context, cl Caller, since time.Time) (Inbox, error) {
	v, err := cl.LookupView()
	if err != nil {
		return Inbox{}, err
	}
	in, err := s.lookupInbox(ctx, v, since)
	if err != nil {
		return in, err
	}
	if _, scope, _ := opinionView(cl); scope != nil {
		if in.Opinions, err = s.DB.OpinionsDue(ctx, *scope, s.today()); err != nil {
			return in, err
		}
	}
	return in, s.audited(ctx, cl, "lookup_inbox", "lookup", "", map[string]any{"since": since})
}

func (s *Service) lookupInbox(ctx context.Context, v LookupView, since time.Time) (Inbox, error) {
	if err := s.ExpireLookups(ctx); err != nil {
		return Inbox{}, err
	}
	in := Inbox{ServerTime: s.now()}
	var err error
	if v.Approver {
		if in.AwaitingMyDecision, err = s.DB.AwaitingDecision(ctx, v.Scope, v.UserID, in.ServerTime); err != nil {
			return in, err
		}
	}
	in.Decided, err = s.DB.DecidedSince(ctx, v.UserID, since, 20)
	return in, err
}

// DisciplineDashboard holds the figures of a period for the caller's
// lookups (an approver's scope, or a staff member's own) and the warnings
// in their scope.
type DisciplineDashboard struct {
	From     time.Time
	To       time.Time
	Lookups  domain.LookupStats
	Warnings domain.WarningStats
}

// Dashboard computes the discipline dashboard for [from, to).
func (s *Service) Dashboard(ctx context.Context, v LookupView, warningScope domain.Scope, from, to time.Time) (DisciplineDashboard, error) {
	d := DisciplineDashboard{From: from, To: to}
	if err := s.ExpireLookups(ctx); err != nil {
		return d, err
	}
	requester := v.UserID
	if v.Approver {
		requester = 0
	}
	var err error
	if d.Lookups, err = s.DB.CountLookups(ctx, requester, v.Scope, from, to); err != nil {
		return d, err
	}
	d.Warnings, err = s.DB.CountWarnings(ctx, warningScope, from, to)
	return d, err
}
