package app

import (
	"context"
	"fmt"
	"io"
	"slices"

	"integrity/internal/domain"
	"integrity/internal/ingest"
	"integrity/internal/store"
)

// The officials registry import (人员名册导入): an administrator uploads a
// roster; each row registers an official (a new ID number) or updates one
// (a known ID number). A roster is all or nothing: any bad row and nothing
// is written, every problem named by its row. A dry run checks and counts.

// Limits of one roster file.
const (
	MaxRosterRows  = 20_000
	MaxRosterBytes = 32 << 20
	// MaxRosterProblems is the most row problems a refusal lists.
	MaxRosterProblems = 10_000
)

// RosterResult counts what a roster did (or, in a dry run, would do).
type RosterResult struct {
	DryRun    bool `json:"dry_run"`
	Rows      int  `json:"rows"`
	Created   int  `json:"created"`
	Updated   int  `json:"updated"`
	Unchanged int  `json:"unchanged"`
}

// rosterChange is one official a roster creates or updates.
type rosterChange struct {
	o       domain.Official
	old     domain.Official // the stored official an update changes
	version int             // the stored version an update expects; 0 for a new official
	row     int
}

// ImportOfficials reads a roster and, unless dryRun or it has problems,
// writes it in one transaction, each change audited with the registry's own
// actions (official_create, official_update) and the whole as
// official_import.
func (s *Service) ImportOfficials(ctx context.Context, a Actor, filename string, dryRun bool, body io.Reader) (RosterResult, error) {
	res := RosterResult{DryRun: dryRun}
	lr := &io.LimitedReader{R: body, N: MaxRosterBytes + 1}
	rows, probs, err := ingest.ReadOfficials(lr, filename, MaxRosterRows, s.now())
	if err != nil {
		return res, err
	}
	if lr.N <= 0 {
		return res, &domain.Error{Code: domain.ETOOLARGE, Message: fmt.Sprintf("the file is larger than %d MiB", MaxRosterBytes>>20)}
	}
	if len(rows) == 0 && len(probs) == 0 {
		return res, domain.Invalid("the file is empty", domain.FieldError{Field: "file", Message: "empty"})
	}
	badRows := map[int]bool{}
	for _, p := range probs {
		badRows[p.Row] = true
	}
	changes, more, err := s.rosterChanges(ctx, rows, badRows)
	if err != nil {
		return res, err
	}
	if probs = append(probs, more...); len(probs) > 0 {
		slices.SortStableFunc(probs, func(a, b ingest.FieldProblem) int { return a.Row - b.Row })
		fields := make([]domain.FieldError, 0, min(len(probs), MaxRosterProblems))
		for _, p := range probs[:min(len(probs), MaxRosterProblems)] {
			fields = append(fields, domain.FieldError{Row: p.Row, Field: p.Field, Message: p.Message})
		}
		msg := "the roster has errors: nothing was written"
		if len(probs) > MaxRosterProblems {
			msg = fmt.Sprintf("the roster has %d errors, the first %d listed: nothing was written", len(probs), MaxRosterProblems)
		}
		return res, domain.Invalid(msg, fields...)
	}
	res.Rows = len(rows)
	for _, c := range changes {
		if c.version == 0 {
			res.Created++
		} else {
			res.Updated++
		}
	}
	res.Unchanged = res.Rows - res.Created - res.Updated
	summary := a.Entry("official_import", "official", "", domain.OutcomeSuccess, map[string]any{"file": filename, "dry_run": dryRun,
		"rows": res.Rows, "created": res.Created, "updated": res.Updated, "unchanged": res.Unchanged})
	if dryRun {
		return res, s.DB.Audit(ctx, summary)
	}
	return res, s.DB.Do(ctx, func(tx *store.Tx) error {
		var created, updated []*domain.Official
		var olds []domain.Official
		for i := range changes {
			c := &changes[i]
			if c.version == 0 {
				created = append(created, &c.o)
			} else {
				updated, olds = append(updated, &c.o), append(olds, c.old)
			}
		}
		if err := tx.CreateOfficials(created); err != nil {
			return err
		}
		if err := tx.UpdateOfficialsFrom(olds, updated, a.Username); err != nil {
			return err
		}
		entries := make([]*domain.AuditEntry, 0, len(changes)+1)
		for _, c := range changes {
			action := "official_update"
			if c.version == 0 {
				action = "official_create"
			}
			entries = append(entries, a.Entry(action, "official", itoa(c.o.ID), domain.OutcomeSuccess,
				map[string]any{"name": c.o.Name, "id_number": c.o.IDNumberMasked, "roster_row": c.row}))
		}
		return tx.AuditAll(append(entries, summary))
	})
}

// rosterChanges turns a roster's rows into the changes to write, and the
// problems of rows that cannot be written: an ID number twice in the file,
// an unknown unit, a new official without the required fields. Rows with
// problems in their cells (badRows) are reported already.
func (s *Service) rosterChanges(ctx context.Context, rows []ingest.OfficialRow, badRows map[int]bool) ([]rosterChange, []ingest.FieldProblem, error) {
	hashes := make([]string, 0, len(rows))
	hashOf := make([]string, len(rows)) // each row's blind index (a keyed hash), computed once
	firstRow := map[string]int{}
	var probs []ingest.FieldProblem
	for i, r := range rows {
		if r.IDNumber == "" {
			continue // its problem is reported already
		}
		h := s.Keys.BlindIndex(r.IDNumber)
		hashOf[i] = h
		if first, dup := firstRow[h]; dup {
			probs = append(probs, ingest.FieldProblem{Row: r.Row, Field: ingest.FieldIDNumber, Message: fmt.Sprintf("appears twice in the file: first on row %d", first)})
			continue
		}
		firstRow[h] = r.Row
		hashes = append(hashes, h)
	}
	known, err := s.DB.OfficialsByIDHash(ctx, hashes)
	if err != nil {
		return nil, nil, err
	}
	units, err := s.DB.DepartmentIDsByCode(ctx)
	if err != nil {
		return nil, nil, err
	}
	var changes []rosterChange
	for i, r := range rows {
		if r.IDNumber == "" || badRows[r.Row] || firstRow[hashOf[i]] != r.Row {
			continue // reported already
		}
		in := OfficialInput{Name: r.Name, Post: r.Post, JobRank: r.JobRank, Category: r.Category, PartyMember: r.PartyMember, Status: r.Status}
		if r.Department != nil {
			id, ok := units[*r.Department]
			if !ok {
				probs = append(probs, ingest.FieldProblem{Row: r.Row, Field: ingest.FieldDepartment, Message: "no unit has this code"})
				continue
			}
			in.DepartmentID = &id
		}
		cur, exists := known[hashOf[i]]
		o := cur
		if !exists {
			o = s.newOfficial(r.IDNumber)
		}
		if err := in.apply(&o); err != nil {
			for _, f := range err.(*domain.Error).Fields {
				field := f.Field
				if field == "department_id" {
					field = ingest.FieldDepartment
				}
				probs = append(probs, ingest.FieldProblem{Row: r.Row, Field: field, Message: f.Message})
			}
			continue
		}
		switch {
		case !exists:
			changes = append(changes, rosterChange{o: o, row: r.Row})
		case !sameRegistryData(o, cur):
			changes = append(changes, rosterChange{o: o, old: cur, version: cur.Version, row: r.Row})
		}
	}
	return changes, probs, nil
}

// sameRegistryData reports whether a roster row leaves an official as they
// are.
func sameRegistryData(a, b domain.Official) bool {
	return a.DepartmentID == b.DepartmentID && a.Name == b.Name && a.Post == b.Post && a.JobRank == b.JobRank &&
		a.Category == b.Category && a.PartyMember == b.PartyMember && a.Status == b.Status
}
