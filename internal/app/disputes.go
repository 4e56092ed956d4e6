package app

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"integrity/internal/domain"
	"integrity/internal/ingest"
	"integrity/internal/selfservice"
	"integrity/internal/store"
)

// Upload is one attached file as it arrives.
type Upload struct {
	Filename string
	Body     io.Reader
}

// attachmentTypes are the content types an attachment may have, by its
// content (http.DetectContentType), never by its name.
var attachmentTypes = map[string]bool{"application/pdf": true, "image/png": true, "image/jpeg": true}

// saveUploads stores attachments under the data directory, outside the web
// root, checking each one's size and sniffed type. On any problem it
// removes what it stored and names the file.
func (s *Service) saveUploads(p *selfservice.Policy, ups []Upload) ([]domain.Attachment, error) {
	if len(ups) > p.AttachmentsMax {
		return nil, domain.Invalid("too many attachments", domain.FieldError{Field: "attachments", Message: fmt.Sprintf("at most %d files", p.AttachmentsMax)})
	}
	dir := filepath.Join(s.DataDir, "attachments")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	var out []domain.Attachment
	fail := func(err error) ([]domain.Attachment, error) {
		for _, a := range out {
			os.Remove(filepath.Join(dir, a.StoredAs))
		}
		return nil, err
	}
	for i, up := range ups {
		field := fmt.Sprintf("attachments[%d]", i)
		name := filepath.Base(strings.ReplaceAll(up.Filename, "\\", "/"))
		if n := len([]rune(name)); n == 0 || n > 200 || name == "." || name == "/" {
			return fail(domain.Invalid("an attachment needs a file name", domain.FieldError{Field: field, Message: "a file name of 1 to 200 characters"}))
		}
		var rnd [16]byte
		if _, err := rand.Read(rnd[:]); err != nil {
			return fail(err)
		}
		a := domain.Attachment{Filename: name, StoredAs: hex.EncodeToString(rnd[:])}
		f, err := os.OpenFile(filepath.Join(dir, a.StoredAs), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			return fail(err)
		}
		out = append(out, a) // removed on failure from here on
		h := sha256.New()
		head := make([]byte, 512)
		n, _ := io.ReadFull(up.Body, head)
		head = head[:n]
		size, err := io.Copy(io.MultiWriter(f, h), io.LimitReader(io.MultiReader(strings.NewReader(string(head)), up.Body), p.AttachmentMaxBytes+1))
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		switch ct := http.DetectContentType(head); {
		case err != nil:
			return fail(err)
		case size > p.AttachmentMaxBytes:
			return fail(&domain.Error{Code: domain.ETOOLARGE, Message: "an attachment is too large",
				Fields: []domain.FieldError{{Field: field, Message: fmt.Sprintf("at most %d bytes", p.AttachmentMaxBytes)}}})
		case size == 0:
			return fail(domain.Invalid("an attachment is empty", domain.FieldError{Field: field, Message: "the file is empty"}))
		case !attachmentTypes[ct]:
			return fail(domain.Invalid("an attachment is not a PDF or an image", domain.FieldError{Field: field,
				Message: "only PDF, PNG or JPEG files, by their content (this one is " + ct + ")"}))
		default:
			out[len(out)-1].ContentType, out[len(out)-1].Size, out[len(out)-1].SHA256 = ct, size, hex.EncodeToString(h.Sum(nil))
		}
	}
	return out, nil
}

// AttachmentFile opens a stored attachment.
func (s *Service) AttachmentFile(a domain.Attachment) (*os.File, error) {
	return os.Open(filepath.Join(s.DataDir, "attachments", filepath.Base(a.StoredAs)))
}

// ownRecord returns a record of the official's own file that their view
// shows; ENOTFOUND for another official's record or a hidden one.
// It returns the self-service policy in force too, which decides both.
func (s *Service) ownRecord(ctx context.Context, officialID, recordID int64) (*selfservice.Policy, domain.RecordRow, error) {
	p, err := s.SelfServicePolicy(ctx)
	if err != nil {
		return nil, domain.RecordRow{}, err
	}
	r, err := s.DB.RecordOf(ctx, 0, recordID)
	if err != nil || r.OfficialID != officialID || p.Hidden(r.Category) {
		return nil, domain.RecordRow{}, domain.NotFound("record")
	}
	return p, r, nil
}

func needText(field, s string, lo, hi int) error {
	if n := len([]rune(strings.TrimSpace(s))); n < lo || n > hi {
		return domain.Invalid("a required text is missing or too long", domain.FieldError{Field: field, Message: fmt.Sprintf("required: %d to %d characters", lo, hi)})
	}
	return nil
}

// FileDispute records an official's dispute of a record of their own file
// on a ground (domain.DisputeGrounds), with a reason and attachments. On a
// data ground (not this person, a wrong date or content) the record is
// flagged under dispute at once, so a verdict resting on it needs review;
// on other grounds it is a case the source decides, and the record keeps
// its effect (the merits of a sanction go to review and appeal). The source
// must decide within the policy's working days. EINVALID naming ground for
// a ground that is not one; ECONFLICT when the record is revoked or already
// disputed.
func (s *Service) FileDispute(ctx context.Context, a Actor, officialID, recordID int64, ground, reason string, ups []Upload) (domain.DisputeRow, error) {
	p, rec, err := s.ownRecord(ctx, officialID, recordID)
	if err != nil {
		return domain.DisputeRow{}, err
	}
	if !slices.Contains(domain.DisputeGrounds, ground) {
		return domain.DisputeRow{}, domain.Invalid("a dispute names its ground", domain.FieldError{Field: "ground",
			Message: "one of " + strings.Join(domain.DisputeGrounds, ", ") + " (not this person, a wrong date, a wrong content, other)"})
	}
	if err := needText("reason", reason, 5, 2000); err != nil {
		return domain.DisputeRow{}, err
	}
	atts, err := s.saveUploads(p, ups)
	if err != nil {
		return domain.DisputeRow{}, err
	}
	d := domain.Dispute{RecordID: rec.ID, OfficialID: officialID, SourceID: rec.SourceID, Ground: ground, Reason: strings.TrimSpace(reason),
		State: domain.DisputeOpen, DueOn: p.AddWorkingDays(s.today(), p.DisputeDecisionDays)}
	err = s.DB.Do(ctx, func(tx *store.Tx) error {
		r, err := lockForCase(tx, rec.ID, "there is nothing to dispute", func(id int64) (bool, error) { return tx.Pending("dispute", id) },
			"the record is under dispute already")
		if err != nil {
			return err
		}
		if err := tx.CreateDispute(&d, atts); err != nil {
			return err
		}
		if err := tx.HoldUnderDispute(r); err != nil {
			return err
		}
		return tx.Audit(a.Entry("dispute_file", "dispute", itoa(d.ID), domain.OutcomeSuccess, map[string]any{"record_id": r.ID, "ground": ground, "attachments": len(atts)}))
	})
	if err != nil {
		s.dropUploads(atts)
		return domain.DisputeRow{}, err
	}
	return s.DB.Dispute(ctx, domain.CaseFilter{OfficialID: officialID}, d.ID)
}

// lockForCase locks a record for a new dispute or review: ECONFLICT when
// it is revoked (why that ends the matter: revokedWhy) or when open says a
// case of the kind is open already (openMsg).
func lockForCase(tx *store.Tx, recordID int64, revokedWhy string, open func(int64) (bool, error), openMsg string) (domain.Record, error) {
	r, err := tx.RecordForUpdate(recordID)
	if err != nil {
		return r, err
	}
	if r.State == domain.RecordRevoked {
		return r, &domain.Error{Code: domain.ECONFLICT, Message: "the record is revoked; " + revokedWhy}
	}
	busy, err := open(r.ID)
	if err == nil && busy {
		err = &domain.Error{Code: domain.ECONFLICT, Message: openMsg}
	}
	return r, err
}

func (s *Service) dropUploads(atts []domain.Attachment) {
	for _, a := range atts {
		os.Remove(filepath.Join(s.DataDir, "attachments", a.StoredAs))
	}
}

// ExtendDispute extends an open dispute's decision time, once, to days
// working days from its filing in all (at most the policy's maximum), with
// a reason. ECONFLICT when it is decided or extended already.
func (s *Service) ExtendDispute(ctx context.Context, a Actor, sourceID, id int64, days int, reason string) (domain.DisputeRow, error) {
	f := domain.CaseFilter{SourceID: sourceID}
	d, err := s.DB.Dispute(ctx, f, id)
	if err != nil {
		return d, err
	}
	p, err := s.SelfServicePolicy(ctx)
	if err != nil {
		return d, err
	}
	switch {
	case d.State != domain.DisputeOpen:
		return d, &domain.Error{Code: domain.ECONFLICT, Message: "the dispute is decided already"}
	case d.Extended:
		return d, &domain.Error{Code: domain.ECONFLICT, Message: "a dispute can be extended once only"}
	case days <= p.DisputeDecisionDays || days > p.DisputeMaxDays:
		return d, domain.Invalid("the extension is out of range", domain.FieldError{Field: "days",
			Message: fmt.Sprintf("more than %d and at most %d working days from the filing", p.DisputeDecisionDays, p.DisputeMaxDays)})
	}
	if err := needText("reason", reason, 2, 1000); err != nil {
		return d, err
	}
	next := d.Dispute
	next.Extended, next.ExtensionReason, next.ExtendedBy = true, strings.TrimSpace(reason), a.Username
	next.DueOn = p.AddWorkingDays(d.CreatedAt, days)
	err = s.DB.Do(ctx, func(tx *store.Tx) error {
		if err := tx.UpdateDispute(&next, d.Version); err != nil {
			return err
		}
		return tx.Audit(a.Entry("dispute_extend", "dispute", itoa(id), domain.OutcomeSuccess, map[string]any{"due_on": next.DueOn.Format(time.DateOnly), "reason": next.ExtensionReason}))
	})
	if err != nil {
		return d, err
	}
	return s.DB.Dispute(ctx, f, id)
}

// Correction is the new content of a disputed record the source corrects.
type Correction struct {
	Code         string
	DecisionDate string
	EndedOn      string
	DocumentNo   string
	Authority    string
	Summary      string
}

// ResolveDispute decides an open dispute of one of the source's records:
// corrected (the correction becomes the record's next version), revoked
// (the record is revoked), or upheld; always with reasons. The record's
// dispute flag clears, unless another open dispute on a data ground holds it.
func (s *Service) ResolveDispute(ctx context.Context, a Actor, sub Submitter, id int64, outcome, note string, corr *Correction) (domain.DisputeRow, error) {
	f := domain.CaseFilter{SourceID: sub.Source.ID}
	d, err := s.DB.Dispute(ctx, f, id)
	if err != nil {
		return d, err
	}
	if d.State != domain.DisputeOpen {
		return d, &domain.Error{Code: domain.ECONFLICT, Message: "the dispute is decided already"}
	}
	if outcome != domain.DisputeCorrected && outcome != domain.DisputeRevoked && outcome != domain.DisputeUpheld {
		return d, domain.Invalid("unknown outcome", domain.FieldError{Field: "outcome", Message: "corrected, revoked or upheld"})
	}
	if err := needText("note", note, 2, 2000); err != nil {
		return d, err
	}
	var corrected []domain.Record
	if outcome == domain.DisputeCorrected {
		if corrected, err = s.correction(ctx, sub, d, corr); err != nil {
			return d, err
		}
	}
	next := d.Dispute
	now := s.now()
	next.State, next.DecidedBy, next.DecidedAt, next.DecisionNote = outcome, a.Username, &now, strings.TrimSpace(note)
	err = s.DB.Do(ctx, func(tx *store.Tx) error {
		switch outcome {
		case domain.DisputeCorrected:
			res, err := tx.UpsertRecords(sub.Source.ID, corrected, a.Username)
			if err != nil {
				return err
			}
			if res[0].Outcome == domain.WriteUnchanged {
				return domain.Invalid("the correction changes nothing", domain.FieldError{Field: "correction", Message: "change the record, or uphold it"})
			}
			next.NewVersion = res[0].Version
		case domain.DisputeRevoked:
			if _, err := tx.RevokeRecord(sub.Source.ID, d.RecordID, "revoked on dispute: "+next.DecisionNote, a.Username); err != nil {
				return err
			}
		}
		r, err := tx.RecordForUpdate(d.RecordID)
		if err != nil {
			return err
		}
		if err := tx.UpdateDispute(&next, d.Version); err != nil {
			return err
		}
		if err := tx.HoldUnderDispute(r); err != nil { // counts the open disputes left
			return err
		}
		return tx.Audit(a.Entry("dispute_resolve", "dispute", itoa(id), domain.OutcomeSuccess, map[string]any{"outcome": outcome, "record_id": d.RecordID}))
	})
	if err != nil {
		return d, err
	}
	return s.DB.Dispute(ctx, f, id)
}

// correction validates a correction as intake would, under the record's
// own reference.
func (s *Service) correction(ctx context.Context, sub Submitter, d domain.DisputeRow, c *Correction) ([]domain.Record, error) {
	if c == nil {
		return nil, domain.Invalid("a correction needs the corrected record", domain.FieldError{Field: "correction", Message: "required for the outcome corrected"})
	}
	rec, err := s.DB.RecordOf(ctx, sub.Source.ID, d.RecordID)
	if err != nil {
		return nil, err
	}
	o, err := s.DB.Official(ctx, d.OfficialID)
	if err != nil {
		return nil, err
	}
	idNumber, err := s.Keys.Decrypt(o.IDNumberEnc, domain.IDNumberAD)
	if err != nil {
		return nil, err
	}
	cat, err := s.DB.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	in := ingest.RecordInput{IDNumber: idNumber, SourceRef: rec.SourceRef, Category: rec.Category, Code: c.Code, DecisionDate: c.DecisionDate,
		EndedOn: c.EndedOn, DocumentNo: c.DocumentNo, Authority: c.Authority, Summary: c.Summary}
	recs, _, problems, err := s.prepare(ctx, sub, cat, []numbered{{row: 1, in: in}})
	if err != nil {
		return nil, err
	}
	if len(problems) > 0 {
		fields := make([]domain.FieldError, len(problems))
		for i, p := range problems {
			fields[i] = domain.FieldError{Field: "correction." + p.Field, Message: p.Message}
		}
		return nil, domain.Invalid("the correction has errors", fields...)
	}
	return recs, nil
}

// ApplyRepair records an official's application for credit repair of a
// repairable record of their own file, after the minimum period of its
// class, with proof (at least one attachment) and a written commitment.
func (s *Service) ApplyRepair(ctx context.Context, a Actor, officialID, recordID int64, statement, commitment string, ups []Upload) (domain.RepairRow, error) {
	p, rec, err := s.ownRecord(ctx, officialID, recordID)
	if err != nil {
		return domain.RepairRow{}, err
	}
	cat, err := s.DB.Catalogue(ctx)
	if err != nil {
		return domain.RepairRow{}, err
	}
	code, _ := cat.Code(rec.Code)
	from, err := p.RepairableFrom(code, rec.DecisionDate)
	if err != nil {
		return domain.RepairRow{}, err
	}
	if s.today().Before(from) {
		return domain.RepairRow{}, domain.Invalid("too early for a repair", domain.FieldError{Field: "record_id",
			Message: "a repair of this record may be applied for from " + from.Format(time.DateOnly)})
	}
	if err := needText("statement", statement, 5, 2000); err != nil {
		return domain.RepairRow{}, err
	}
	if err := needText("commitment", commitment, 10, 2000); err != nil {
		return domain.RepairRow{}, err
	}
	if len(ups) == 0 {
		return domain.RepairRow{}, domain.Invalid("proof is required", domain.FieldError{Field: "attachments", Message: "attach proof that the obligation is fulfilled"})
	}
	atts, err := s.saveUploads(p, ups)
	if err != nil {
		return domain.RepairRow{}, err
	}
	rp := domain.Repair{RecordID: rec.ID, OfficialID: officialID, SourceID: rec.SourceID, Statement: strings.TrimSpace(statement),
		Commitment: strings.TrimSpace(commitment), State: domain.RepairPending, DueOn: p.AddWorkingDays(s.today(), p.RepairDecisionDays)}
	err = s.DB.Do(ctx, func(tx *store.Tx) error {
		r, err := tx.RecordForUpdate(rec.ID)
		if err != nil {
			return err
		}
		switch pending, err := tx.Pending("repair", r.ID); {
		case err != nil:
			return err
		case r.State == domain.RecordRevoked:
			return &domain.Error{Code: domain.ECONFLICT, Message: "the record is revoked; it counts no more"}
		case r.RepairedOn != nil:
			return &domain.Error{Code: domain.ECONFLICT, Message: "the record is repaired already"}
		case pending:
			return &domain.Error{Code: domain.ECONFLICT, Message: "a repair of this record is pending already"}
		}
		if err := tx.CreateRepair(&rp, atts); err != nil {
			return err
		}
		if err := tx.EnqueueScores([]int64{officialID}); err != nil { // the deadline feeds the warnings
			return err
		}
		return tx.Audit(a.Entry("repair_apply", "repair", itoa(rp.ID), domain.OutcomeSuccess, map[string]any{"record_id": r.ID, "attachments": len(atts)}))
	})
	if err != nil {
		s.dropUploads(atts)
		return domain.RepairRow{}, err
	}
	return s.DB.Repair(ctx, domain.CaseFilter{OfficialID: officialID}, rp.ID)
}

// DecideRepair approves or rejects a pending repair application of one of
// the source's records. An approval marks the record repaired from
// repairedOn (default today; not in the future nor before the decision),
// so it stops counting from that day; a rejection needs a note.
func (s *Service) DecideRepair(ctx context.Context, a Actor, sourceID, id int64, approve bool, note string, repairedOn *time.Time) (domain.RepairRow, error) {
	f := domain.CaseFilter{SourceID: sourceID}
	rp, err := s.DB.Repair(ctx, f, id)
	if err != nil {
		return rp, err
	}
	if rp.State != domain.RepairPending {
		return rp, &domain.Error{Code: domain.ECONFLICT, Message: "the application is decided already"}
	}
	if !approve {
		if err := needText("note", note, 2, 2000); err != nil {
			return rp, err
		}
	}
	on := s.today()
	if repairedOn != nil {
		on = *repairedOn
	}
	if approve && (on.After(s.today()) || on.Before(rp.RecordDecisionDate)) {
		return rp, domain.Invalid("the repair day is out of range", domain.FieldError{Field: "repaired_on", Message: "between the record's decision and today"})
	}
	next := rp.Repair
	now := s.now()
	next.State, next.DecidedBy, next.DecidedAt, next.DecisionNote = domain.RepairRejected, a.Username, &now, strings.TrimSpace(note)
	if approve {
		next.State, next.RepairedOn = domain.RepairApproved, &on
	}
	err = s.DB.Do(ctx, func(tx *store.Tx) error {
		if err := tx.UpdateRepair(&next, rp.Version); err != nil {
			return err
		}
		r, err := tx.RecordForUpdate(rp.RecordID)
		if err != nil {
			return err
		}
		if approve {
			err = tx.SetRepaired(r, on, a.Username)
		} else {
			err = tx.EnqueueScores([]int64{r.OfficialID})
		}
		if err != nil {
			return err
		}
		return tx.Audit(a.Entry("repair_decide", "repair", itoa(id), domain.OutcomeSuccess, map[string]any{"approved": approve, "record_id": rp.RecordID}))
	})
	if err != nil {
		return rp, err
	}
	return s.DB.Repair(ctx, f, id)
}
