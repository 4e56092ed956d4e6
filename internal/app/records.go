package app

import (
	"context"
	"fmt"
	"strings"

	"integrity/internal/catalogue"
	"integrity/internal/domain"
	"integrity/internal/ingest"
	"integrity/internal/store"
)

// Submitter is the source a submission comes from: a data clerk's source or
// the source of an API key.
type Submitter struct {
	Source domain.Source
}

// Allowed returns the categories the source may submit.
func (s Submitter) Allowed() map[string]bool {
	out := map[string]bool{}
	for _, c := range strings.Split(s.Source.Categories, ",") {
		if c = strings.TrimSpace(c); c != "" {
			out[c] = true
		}
	}
	return out
}

// MaxBatch is the most records one API call may submit.
const MaxBatch = 1000

// numbered is an input with the row (1-based item number, or file row) it
// came from.
type numbered struct {
	row int
	in  ingest.RecordInput
}

// prepare validates inputs, finds their officials and drops repeated
// references. It returns the records ready to write with their rows, and
// every problem found.
func (s *Service) prepare(ctx context.Context, sub Submitter, cat *catalogue.Catalogue, items []numbered) ([]domain.Record, []int, []ingest.FieldProblem, error) {
	allowed := sub.Allowed()
	asOf := s.now()
	valid := make([]ingest.Record, 0, len(items))
	rows := make([]int, 0, len(items))
	var problems []ingest.FieldProblem
	hashes := make([]string, 0, len(items))
	for _, it := range items {
		r, probs := ingest.Validate(it.in, cat, allowed, asOf, it.row)
		if len(probs) > 0 {
			problems = append(problems, probs...)
			continue
		}
		valid = append(valid, r)
		rows = append(rows, it.row)
		hashes = append(hashes, s.Keys.BlindIndex(r.IDNumber))
	}
	officials, err := s.DB.OfficialsByHash(ctx, hashes)
	if err != nil {
		return nil, nil, nil, err
	}
	out := make([]domain.Record, 0, len(valid))
	outRows := make([]int, 0, len(valid))
	firstRow := map[string]int{}
	for i, r := range valid {
		o, ok := officials[hashes[i]]
		switch {
		case !ok:
			problems = append(problems, ingest.FieldProblem{Row: rows[i], Field: ingest.FieldIDNumber, Message: "no official with this ID number is registered"})
			continue
		case r.Name != "" && r.Name != o.Name:
			problems = append(problems, ingest.FieldProblem{Row: rows[i], Field: ingest.FieldName, Message: "does not match the name registered for this ID number"})
			continue
		}
		if prev, dup := firstRow[r.SourceRef]; dup {
			problems = append(problems, ingest.FieldProblem{Row: rows[i], Field: ingest.FieldSourceRef, Message: fmt.Sprintf("repeats the reference of row %d", prev)})
			continue
		}
		firstRow[r.SourceRef] = rows[i]
		out = append(out, domain.Record{OfficialID: o.ID, SourceID: sub.Source.ID, SourceRef: r.SourceRef, Category: r.Category,
			Code: r.Code, DecisionDate: r.DecisionDate, EffectiveDate: &r.EffectiveDate, PeriodMonths: r.PeriodMonths, EndedOn: r.EndedOn,
			ActRef: r.ActRef, AssessmentYear: r.AssessmentYear, DocumentNo: r.DocumentNo, Authority: r.Authority, Summary: r.Summary})
		outRows = append(outRows, rows[i])
	}
	return out, outRows, problems, nil
}

// SubmitRecords writes a batch from one source, all or nothing: if any item
// is invalid, nothing is written and every problem is returned, each naming
// its item (row) and field. Resubmitting the same content changes nothing;
// new content under a known source_ref becomes a new version.
func (s *Service) SubmitRecords(ctx context.Context, a Actor, sub Submitter, inputs []ingest.RecordInput) ([]domain.WriteResult, error) {
	if len(inputs) == 0 || len(inputs) > MaxBatch {
		return nil, domain.Invalid("a submission holds 1 to 1000 records", domain.FieldError{Field: "records", Message: fmt.Sprintf("1 to %d records", MaxBatch)})
	}
	cat, err := s.DB.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	items := make([]numbered, len(inputs))
	for i, in := range inputs {
		items[i] = numbered{row: i + 1, in: in}
	}
	recs, _, problems, err := s.prepare(ctx, sub, cat, items)
	if err != nil {
		return nil, err
	}
	if len(problems) > 0 {
		fields := make([]domain.FieldError, len(problems))
		for i, p := range problems {
			fields[i] = domain.FieldError{Row: p.Row, Field: p.Field, Message: p.Message}
		}
		return nil, domain.Invalid(fmt.Sprintf("%d problem(s) in the submission; nothing was written", len(problems)), fields...)
	}
	var results []domain.WriteResult
	err = s.DB.Do(ctx, func(tx *store.Tx) error {
		var err error
		if results, err = tx.UpsertRecords(sub.Source.ID, recs, a.Username); err != nil {
			return err
		}
		return tx.Audit(a.Entry("record_submit", "source", itoa(sub.Source.ID), domain.OutcomeSuccess, summarise(results)))
	})
	return results, err
}

func summarise(results []domain.WriteResult) map[string]int {
	out := map[string]int{}
	for _, r := range results {
		out[r.Outcome]++
	}
	return out
}

// RevokeRecord revokes a record with a reason. sourceID limits it to one
// source's records (0: any, for administrators); a record of another source
// is not found.
func (s *Service) RevokeRecord(ctx context.Context, a Actor, sourceID, id int64, reason string) (domain.Record, error) {
	reason = strings.TrimSpace(reason)
	if n := len([]rune(reason)); n == 0 || n > 500 {
		return domain.Record{}, domain.Invalid("a reason is required", domain.FieldError{Field: "reason", Message: "1 to 500 characters"})
	}
	var r domain.Record
	err := s.DB.Do(ctx, func(tx *store.Tx) error {
		var err error
		if r, err = tx.RevokeRecord(sourceID, id, reason, a.Username); err != nil {
			return err
		}
		return tx.Audit(a.Entry("record_revoke", "record", itoa(id), domain.OutcomeSuccess, map[string]string{"reason": reason}))
	})
	return r, err
}

// File is an official's integrity file as the caller may see it.
type File struct {
	Official domain.OfficialRow
	Records  []domain.RecordRow
	History  map[int64][]domain.RecordVersion
	// Score is today's score with its explanation; only a reader of the
	// whole file gets it, since a source's partial view would misstate it.
	Score *ScoreDetail
}

// ReadFile returns an official's file: every record for an administrator
// (sourceID 0), only its own records for a source. A source that holds no
// record of the official does not see the file at all. Every read is
// audited.
func (s *Service) ReadFile(ctx context.Context, a Actor, scope domain.Scope, sourceID, officialID int64) (File, error) {
	var f File
	var err error
	if f.Official, err = s.DB.OfficialInScope(ctx, scope, officialID); err != nil {
		return f, err
	}
	if f.Records, err = s.DB.FileRecords(ctx, officialID, sourceID); err != nil {
		return f, err
	}
	if sourceID != 0 && len(f.Records) == 0 {
		return File{}, domain.NotFound("official")
	}
	ids := make([]int64, len(f.Records))
	for i, r := range f.Records {
		ids[i] = r.ID
	}
	if f.History, err = s.DB.RecordHistory(ctx, ids); err != nil {
		return f, err
	}
	if sourceID == 0 {
		d, err := s.fileScore(ctx, officialID, f.Records)
		if err != nil {
			return f, err
		}
		f.Score = &d
	}
	return f, s.auditRead(ctx, a.Entry("file_read", "official", itoa(officialID), domain.OutcomeSuccess, map[string]any{"records": len(f.Records), "source_id": sourceID}), 0)
}
