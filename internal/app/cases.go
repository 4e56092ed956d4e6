package app

import (
	"context"
	"os"
	"time"

	"integrity/internal/domain"
)

// CaseRow is a dispute or a repair application as its lists show it.
type CaseRow interface {
	domain.DisputeRow | domain.RepairRow
	Pending() bool
	Due() time.Time
}

// Case is a dispute or repair application as the caller sees it: overdue
// when still pending past its due day, with its attachments (the detail
// view only).
type Case[R CaseRow] struct {
	Row         R
	Overdue     bool
	Attachments []domain.Attachment
}

// CaseKind is what disputes and repair applications differ in: the
// attachments' owner kind and how the store reads them.
type CaseKind[R CaseRow] struct {
	Name string
	list func(ctx context.Context, f domain.CaseFilter) ([]R, int64, error)
	one  func(ctx context.Context, f domain.CaseFilter, id int64) (R, error)
}

// Disputes is the dispute kind.
func (s *Service) Disputes() CaseKind[domain.DisputeRow] {
	return CaseKind[domain.DisputeRow]{Name: "dispute", list: s.DB.Disputes, one: s.DB.Dispute}
}

// Repairs is the repair-application kind.
func (s *Service) Repairs() CaseKind[domain.RepairRow] {
	return CaseKind[domain.RepairRow]{Name: "repair", list: s.DB.Repairs, one: s.DB.Repair}
}

// ListCases lists the cases the caller sees: a data clerk their source's,
// an official their own. Audited.
func ListCases[R CaseRow](ctx context.Context, s *Service, cl Caller, k CaseKind[R], state string, pg domain.Page) ([]Case[R], int64, error) {
	f, err := cl.CaseScope()
	if err != nil {
		return nil, 0, err
	}
	f.State, f.Page = state, pg
	rows, total, err := k.list(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	today := s.Today()
	out := make([]Case[R], 0, len(rows))
	for _, r := range rows {
		out = append(out, Case[R]{Row: r, Overdue: overdue(r, today)})
	}
	return out, total, s.audited(ctx, cl, k.Name+"_list", k.Name, "", map[string]any{"source_id": f.SourceID,
		"official_id": f.OfficialID, "state": state, "shown": len(rows)})
}

// GetCase returns one case the caller sees with its attachments; ENOTFOUND
// outside their view. Audited.
func GetCase[R CaseRow](ctx context.Context, s *Service, cl Caller, k CaseKind[R], id int64) (Case[R], error) {
	c, err := findCase(ctx, s, cl, k, id)
	if err != nil {
		return c, err
	}
	return c, s.audited(ctx, cl, k.Name+"_read", k.Name, itoa(id), nil)
}

// CaseAttachment opens an attachment of a case the caller sees. Audited.
func CaseAttachment[R CaseRow](ctx context.Context, s *Service, cl Caller, k CaseKind[R], id, attID int64) (domain.Attachment, *os.File, error) {
	c, err := findCase(ctx, s, cl, k, id)
	if err != nil {
		return domain.Attachment{}, nil, err
	}
	for _, a := range c.Attachments {
		if a.ID != attID {
			continue
		}
		if err := s.audited(ctx, cl, k.Name+"_attachment_read", k.Name, itoa(id), map[string]any{"attachment_id": attID}); err != nil {
			return a, nil, err
		}
		f, err := s.AttachmentFile(a)
		return a, f, err
	}
	return domain.Attachment{}, nil, domain.NotFound("attachment")
}

func findCase[R CaseRow](ctx context.Context, s *Service, cl Caller, k CaseKind[R], id int64) (Case[R], error) {
	f, err := cl.CaseScope()
	if err != nil {
		return Case[R]{}, err
	}
	r, err := k.one(ctx, f, id)
	if err != nil {
		return Case[R]{}, err
	}
	c := Case[R]{Row: r, Overdue: overdue(r, s.Today())}
	c.Attachments, err = s.DB.Attachments(ctx, k.Name, id)
	return c, err
}

// Reviewed returns a case the caller has just filed or decided (not a read
// of someone's data: no audit entry of its own), with its attachments.
func Reviewed[R CaseRow](ctx context.Context, s *Service, k CaseKind[R], r R, id int64) (Case[R], error) {
	c := Case[R]{Row: r, Overdue: overdue(r, s.Today())}
	var err error
	c.Attachments, err = s.DB.Attachments(ctx, k.Name, id)
	return c, err
}

// SourceCase checks that a case belongs to the caller's source (a data
// clerk deciding it); ENOTFOUND otherwise.
func SourceCase[R CaseRow](ctx context.Context, cl Caller, k CaseKind[R], id int64) error {
	sub, err := cl.Submitter()
	if err != nil {
		return err
	}
	_, err = k.one(ctx, domain.CaseFilter{SourceID: sub.Source.ID}, id)
	return err
}

func overdue(r Deadline, today time.Time) bool {
	return r.Pending() && r.Due().Before(today)
}

// Decided is a case as its decision left it (overdue when still pending
// past its due day), without attachments.
func Decided[R CaseRow](s *Service, r R) Case[R] {
	return Case[R]{Row: r, Overdue: overdue(r, s.Today())}
}

// Deadline is what has a due day while it is pending: a dispute, a repair
// application, a review or appeal.
type Deadline interface {
	Pending() bool
	Due() time.Time
}

// Overdue reports a pending case past its due day, today.
func (s *Service) Overdue(d Deadline) bool { return overdue(d, s.Today()) }

// AppealScope is whose reviews and appeals the caller sees: a data clerk
// their source's, an official their own.
func (c Caller) AppealScope() (domain.AppealFilter, error) {
	f, err := c.CaseScope()
	return domain.AppealFilter{SourceID: f.SourceID, OfficialID: f.OfficialID}, err
}
