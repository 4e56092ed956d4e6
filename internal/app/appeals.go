package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"integrity/internal/catalogue"
	"integrity/internal/domain"
	"integrity/internal/store"
)

// AppealInput is a review or appeal of a sanction as its source records it.
type AppealInput struct {
	RecordID  int64
	Kind      string
	FiledOn   string // YYYY-MM-DD
	Authority string // the body that decides it
	Reason    string
}

// AppealDecision is the outcome of a review or appeal.
type AppealDecision struct {
	Outcome    string
	DecidedOn  string // YYYY-MM-DD
	DocumentNo string
	Note       string
	// NewCode and NewPeriodMonths are what a changed outcome changes the
	// sanction to (at least one of them).
	NewCode         string
	NewPeriodMonths *int
}

// ladders are the categories whose catalogue lists the sanctions lightest
// first, so that a review never makes one heavier: 政务处分法 art. 55 (不因
// 提出复审、复核而被加重政务处分) and the party's rules on members' rights
// (申诉不加重处分).
var ladders = []string{"party_sanction", "gov_sanction"}

// FileAppeal records a review or appeal (复审, 复核, 申诉) of a sanction of
// the source's, filed on a past day with the body that decides it. Its
// decision is due the policy's months after the filing. The sanction keeps
// its effect meanwhile: the record is not flagged, and verdicts resting on
// it stay as they are. ENOTFOUND for a record of another source; EINVALID
// naming the field for a record that is not a sanction (record_id), an
// unknown kind, a filing day in the future or before the decision
// (filed_on), or a missing authority or reason; ECONFLICT when the record
// is revoked or has an open review or appeal.
func (s *Service) FileAppeal(ctx context.Context, a Actor, sub Submitter, in AppealInput) (domain.AppealRow, error) {
	f := domain.AppealFilter{SourceID: sub.Source.ID}
	if in.RecordID < 1 {
		return domain.AppealRow{}, domain.Invalid("a record is required", domain.FieldError{Field: "record_id", Message: "the id of a sanction of your source"})
	}
	rec, err := s.DB.RecordOf(ctx, sub.Source.ID, in.RecordID)
	if err != nil {
		return domain.AppealRow{}, err
	}
	if !domain.Appealable(rec.Category) {
		return domain.AppealRow{}, domain.Invalid("not a sanction", domain.FieldError{Field: "record_id",
			Message: "review and appeal are for sanctions; a credit record is disputed"})
	}
	if !slices.Contains(domain.AppealKinds, in.Kind) {
		return domain.AppealRow{}, domain.Invalid("unknown kind", domain.FieldError{Field: "kind", Message: "review (复审), recheck (复核) or appeal (申诉)"})
	}
	filed, err := pastDay("filed_on", in.FiledOn, rec.DecisionDate, "the record's decision", s.today())
	if err != nil {
		return domain.AppealRow{}, err
	}
	if err := needText("authority", in.Authority, 2, 128); err != nil {
		return domain.AppealRow{}, err
	}
	if err := needText("reason", in.Reason, 2, 2000); err != nil {
		return domain.AppealRow{}, err
	}
	p, err := s.SelfServicePolicy(ctx)
	if err != nil {
		return domain.AppealRow{}, err
	}
	ap := domain.Appeal{RecordID: rec.ID, OfficialID: rec.OfficialID, SourceID: rec.SourceID, Kind: in.Kind, FiledOn: filed,
		Authority: strings.TrimSpace(in.Authority), Reason: strings.TrimSpace(in.Reason), State: domain.AppealOpen,
		DueOn: p.AppealDueOn(in.Kind, filed), CreatedBy: a.Username}
	err = s.DB.Do(ctx, func(tx *store.Tx) error {
		r, err := lockForCase(tx, rec.ID, "there is nothing to review", tx.AppealOpen, "a review or appeal of this record is open already")
		if err != nil {
			return err
		}
		if err := tx.CreateAppeal(&ap); err != nil {
			return err
		}
		return tx.Audit(a.Entry("appeal_file", "appeal", itoa(ap.ID), domain.OutcomeSuccess, map[string]any{"record_id": r.ID,
			"kind": ap.Kind, "filed_on": filed.Format(time.DateOnly), "due_on": ap.DueOn.Format(time.DateOnly)}))
	})
	if err != nil {
		return domain.AppealRow{}, err
	}
	return s.DB.Appeal(ctx, f, ap.ID)
}

// pastDay reads a required date that lies between a floor and today.
func pastDay(field, v string, floor time.Time, floorName string, today time.Time) (time.Time, error) {
	d, err := time.Parse(time.DateOnly, strings.TrimSpace(v))
	if err != nil {
		return d, domain.Invalid("a date is required", domain.FieldError{Field: field, Message: "a date, YYYY-MM-DD"})
	}
	y, m, dd := floor.Date()
	floor = time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
	if d.After(today) || d.Before(floor) {
		return d, domain.Invalid("the date is out of range", domain.FieldError{Field: field,
			Message: fmt.Sprintf("from %s (%s) to today", floor.Format(time.DateOnly), floorName)})
	}
	return d, nil
}

// DecideAppeal records the outcome of an open review or appeal of one of
// the source's sanctions, with the decision's day, document number and
// reasons. Upheld changes nothing. Revoked revokes the record: it never
// had effect, and verdicts on any day no longer see it. Changed writes the
// sanction it was changed to (another code of the same category, never a
// heavier one, and/or the period the decision states, 1 to 240 months and
// no longer than a period the record states) as the record's next
// version, from the sanction's own effective date. Each queues the
// official's score and is audited. ENOTFOUND for an appeal of another
// source; ECONFLICT when it is decided already, or the record was revoked
// meanwhile; EINVALID naming the field otherwise.
func (s *Service) DecideAppeal(ctx context.Context, a Actor, sub Submitter, id int64, in AppealDecision) (domain.AppealRow, error) {
	f := domain.AppealFilter{SourceID: sub.Source.ID}
	ap, err := s.DB.Appeal(ctx, f, id)
	if err != nil {
		return ap, err
	}
	if ap.State != domain.AppealOpen {
		return ap, &domain.Error{Code: domain.ECONFLICT, Message: "the review or appeal is decided already"}
	}
	if !slices.Contains(domain.AppealOutcomes, in.Outcome) {
		return ap, domain.Invalid("unknown outcome", domain.FieldError{Field: "outcome", Message: "upheld, changed or revoked"})
	}
	decided, err := pastDay("decided_on", in.DecidedOn, ap.FiledOn, "the filing", s.today())
	if err != nil {
		return ap, err
	}
	if err := needText("document_no", in.DocumentNo, 2, 128); err != nil {
		return ap, err
	}
	if err := needText("note", in.Note, 2, 2000); err != nil {
		return ap, err
	}
	if in.Outcome != domain.AppealChanged && (in.NewCode != "" || in.NewPeriodMonths != nil) {
		return ap, domain.Invalid("only a changed outcome changes the sanction", domain.FieldError{Field: changedField(in),
			Message: "only for the outcome changed"})
	}
	cat, err := s.DB.Catalogue(ctx)
	if err != nil {
		return ap, err
	}
	next := ap.Appeal
	now := s.now()
	next.State, next.Outcome, next.DecidedOn, next.DocumentNo = domain.AppealDecided, in.Outcome, &decided, strings.TrimSpace(in.DocumentNo)
	next.DecisionNote, next.DecidedBy, next.DecidedAt = strings.TrimSpace(in.Note), a.Username, &now
	what := fmt.Sprintf("%s (appeal #%d, %s, %s)", kindName[ap.Kind], ap.ID, decided.Format(time.DateOnly), next.DocumentNo)
	err = s.DB.Do(ctx, func(tx *store.Tx) error {
		r, err := tx.RecordForUpdate(ap.RecordID)
		if err != nil {
			return err
		}
		switch in.Outcome {
		case domain.AppealRevoked:
			if r, err = tx.RevokeOnReview(r, "revoked on "+what, "revoked on "+what, a.Username); err != nil {
				return err
			}
		case domain.AppealChanged:
			code, period, err := changeOf(cat, r, in)
			if err != nil {
				return err
			}
			if code != r.Code {
				next.NewCode = code
			}
			next.NewPeriod = in.NewPeriodMonths
			if r, err = tx.ChangeOnReview(r, code, period, "changed on "+what, a.Username); err != nil {
				return err
			}
		default:
			if err := tx.EnqueueScores([]int64{r.OfficialID}); err != nil {
				return err
			}
		}
		next.RecordVersion = r.Version
		if err := tx.UpdateAppeal(&next, ap.Version); err != nil {
			return err
		}
		return tx.Audit(a.Entry("appeal_decide", "appeal", itoa(id), domain.OutcomeSuccess, map[string]any{"outcome": in.Outcome,
			"record_id": r.ID, "record_version": r.Version, "new_code": next.NewCode, "new_period_months": next.NewPeriod}))
	})
	if err != nil {
		return ap, err
	}
	return s.DB.Appeal(ctx, f, id)
}

// kindName names a kind in a record's history.
var kindName = map[string]string{domain.AppealReview: "review", domain.AppealRecheck: "recheck", domain.AppealAppeal: "appeal"}

func changedField(in AppealDecision) string {
	if in.NewCode != "" {
		return "new_code"
	}
	return "new_period_months"
}

// changeOf checks what a changed outcome changes the record r to: a code
// of its category (never heavier on a ladder), a period of 1 to 240
// months (never longer than one r states). A new code without a period
// takes the code's standard period.
func changeOf(cat *catalogue.Catalogue, r domain.Record, in AppealDecision) (string, *int, error) {
	code, period := r.Code, r.PeriodMonths
	if in.NewCode == "" && in.NewPeriodMonths == nil {
		return "", nil, domain.Invalid("a changed outcome says what it changes", domain.FieldError{Field: "new_code",
			Message: "the new code, the new period (new_period_months), or both"})
	}
	if in.NewCode != "" {
		c, ok := cat.Code(in.NewCode)
		if !ok || c.Category != r.Category {
			return "", nil, domain.Invalid("not a code of the record's category", domain.FieldError{Field: "new_code",
				Message: "a code of the catalogue in the category " + r.Category})
		}
		if slices.Contains(ladders, r.Category) && rank(cat, r.Category, in.NewCode) > rank(cat, r.Category, r.Code) {
			return "", nil, domain.Invalid("a review never makes a sanction heavier", domain.FieldError{Field: "new_code",
				Message: "not heavier than the sanction reviewed (不因复审、复核、申诉而加重)"})
		}
		code, period = in.NewCode, nil
	}
	if m := in.NewPeriodMonths; m != nil {
		if *m < 1 || *m > 240 {
			return "", nil, domain.Invalid("the period is out of range", domain.FieldError{Field: "new_period_months", Message: "1 to 240 months"})
		}
		if r.PeriodMonths != nil && *m > *r.PeriodMonths {
			return "", nil, domain.Invalid("a review never makes a sanction heavier", domain.FieldError{Field: "new_period_months",
				Message: fmt.Sprintf("at most the %d months the sanction states", *r.PeriodMonths)})
		}
		v := *m
		period = &v
	}
	if code == r.Code && samePeriod(period, r.PeriodMonths) {
		return "", nil, domain.Invalid("the change changes nothing", domain.FieldError{Field: changedField(in),
			Message: "the sanction is so already; uphold it instead"})
	}
	return code, period, nil
}

func rank(cat *catalogue.Catalogue, category, code string) int {
	c, _ := cat.Category(category)
	return slices.IndexFunc(c.Codes, func(x catalogue.Code) bool { return x.Key == code })
}

func samePeriod(a, b *int) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

// Appeals lists the reviews and appeals within a filter (a source's, or an
// official's own: their view leaves out the categories the self-service
// policy hides). Every list is audited.
func (s *Service) Appeals(ctx context.Context, a Actor, f domain.AppealFilter) ([]domain.AppealRow, int64, error) {
	if err := s.ownView(ctx, &f); err != nil {
		return nil, 0, err
	}
	rows, total, err := s.DB.Appeals(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	return rows, total, s.auditRead(ctx, a.Entry("appeal_list", "appeal", "", domain.OutcomeSuccess, map[string]any{
		"source_id": f.SourceID, "official_id": f.OfficialID, "record_id": f.RecordID, "state": f.State, "shown": len(rows)}), 0)
}

// Appeal returns one review or appeal within a filter; ENOTFOUND outside
// it. Audited.
func (s *Service) Appeal(ctx context.Context, a Actor, f domain.AppealFilter, id int64) (domain.AppealRow, error) {
	if err := s.ownView(ctx, &f); err != nil {
		return domain.AppealRow{}, err
	}
	ap, err := s.DB.Appeal(ctx, f, id)
	if err != nil {
		return ap, err
	}
	return ap, s.auditRead(ctx, a.Entry("appeal_read", "appeal", itoa(id), domain.OutcomeSuccess, map[string]any{
		"record_id": ap.RecordID, "official_id": ap.OfficialID}), 0)
}

// ownView narrows an official's own filter to what their view shows.
func (s *Service) ownView(ctx context.Context, f *domain.AppealFilter) error {
	if f.SourceID != 0 || f.OfficialID == 0 {
		return nil
	}
	p, err := s.SelfServicePolicy(ctx)
	if err != nil {
		return err
	}
	f.Hidden = p.HiddenCategories
	return nil
}
