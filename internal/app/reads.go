package app

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"integrity/internal/audit"
	"integrity/internal/catalogue"
	"integrity/internal/domain"
	"integrity/internal/store"
)

// The read use cases of personal data: each applies the caller's scope and
// leaves an audit entry naming the reader, so that nothing outside app
// reads the database (httpapi has no store handle).

// audited writes the audit entry of a read by the caller.
func (s *Service) audited(ctx context.Context, cl Caller, action, targetType, targetID string, detail any) error {
	return s.auditRead(ctx, cl.Actor().Entry(action, targetType, targetID, domain.OutcomeSuccess, detail), 0)
}

// Now is the platform's clock (tests move it).
func (s *Service) Now() time.Time { return s.now() }

// Today is the platform's date, at midnight UTC.
func (s *Service) Today() time.Time {
	n := s.now()
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
}

// Catalogue is the record catalogue in force.
func (s *Service) Catalogue(ctx context.Context) (*catalogue.Catalogue, error) {
	return s.DB.Catalogue(ctx)
}

// Records lists the records of the caller's source (every source for an
// administrator). Audited.
func (s *Service) Records(ctx context.Context, cl Caller, f domain.RecordFilter) ([]domain.RecordRow, int64, error) {
	var err error
	if f.SourceID, err = cl.RecordSource(); err != nil {
		return nil, 0, err
	}
	rows, total, err := s.DB.Records(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	return rows, total, s.audited(ctx, cl, "record_list", "record", "", map[string]any{"source_id": f.SourceID,
		"official_id": f.OfficialID, "category": f.Category, "code": f.Code, "state": f.State, "shown": len(rows)})
}

// Record returns one record of the caller's source with its versions;
// ENOTFOUND outside it. Audited.
func (s *Service) Record(ctx context.Context, cl Caller, id int64) (domain.RecordRow, []domain.RecordVersion, error) {
	src, err := cl.RecordSource()
	if err != nil {
		return domain.RecordRow{}, nil, err
	}
	r, err := s.DB.RecordOf(ctx, src, id)
	if err != nil {
		return r, nil, err
	}
	h, err := s.DB.RecordHistory(ctx, []int64{id})
	if err != nil {
		return r, nil, err
	}
	return r, h[id], s.audited(ctx, cl, "record_read", "record", itoa(id), map[string]any{"official_id": r.OfficialID})
}

// RecordBriefs names records (what a warning's list shows of them).
func (s *Service) RecordBriefs(ctx context.Context, ids []int64) (map[int64]domain.RecordBrief, error) {
	return s.DB.RecordBriefs(ctx, ids)
}

// Import is one upload of the caller's source (every source for an
// administrator) with its field problems, up to max of them, and their
// count.
func (s *Service) Import(ctx context.Context, cl Caller, id int64, max int) (domain.Import, []domain.ImportError, int, error) {
	src, err := cl.RecordSource()
	if err != nil {
		return domain.Import{}, nil, 0, err
	}
	im, err := s.DB.Import(ctx, src, id)
	if err != nil {
		return im, nil, 0, err
	}
	var errs []domain.ImportError
	n := 0
	err = s.DB.ImportErrors(ctx, id, func(e domain.ImportError) bool {
		if n++; len(errs) < max {
			errs = append(errs, e)
		}
		return true
	})
	return im, errs, n, err
}

// EachImportError streams every field problem of an upload the caller sees.
func (s *Service) EachImportError(ctx context.Context, cl Caller, id int64, fn func(domain.ImportError) bool) error {
	src, err := cl.RecordSource()
	if err != nil {
		return err
	}
	if _, err := s.DB.Import(ctx, src, id); err != nil {
		return err
	}
	return s.DB.ImportErrors(ctx, id, fn)
}

// Imports lists the uploads of the caller's source.
func (s *Service) Imports(ctx context.Context, cl Caller, status string, pg domain.Page) ([]domain.Import, int64, error) {
	src, err := cl.RecordSource()
	if err != nil {
		return nil, 0, err
	}
	return s.DB.Imports(ctx, src, status, pg)
}

// Job is a background job's progress.
func (s *Service) Job(ctx context.Context, id int64) (domain.Job, error) { return s.DB.Job(ctx, id) }

// Checks lists the caller's eligibility checks. Audited (a list names the
// purposes the candidates were checked for).
func (s *Service) Checks(ctx context.Context, cl Caller, purpose string, pg domain.Page) ([]domain.EligibilityCheck, int64, error) {
	by, err := cl.Checker()
	if err != nil {
		return nil, 0, err
	}
	rows, total, err := s.DB.Checks(ctx, by.Owner, purpose, pg)
	if err != nil {
		return nil, 0, err
	}
	return rows, total, s.audited(ctx, cl, "check_list", "eligibility_check", "", map[string]any{"purpose": purpose, "shown": len(rows)})
}

// Check returns one of the caller's checks; ENOTFOUND otherwise. Not
// audited by itself: CheckResults and EachCheckResult, which read the
// verdicts, are.
func (s *Service) Check(ctx context.Context, cl Caller, id int64) (domain.EligibilityCheck, error) {
	by, err := cl.Checker()
	if err != nil {
		return domain.EligibilityCheck{}, err
	}
	return s.DB.Check(ctx, by.Owner, id)
}

// CheckResults is a page of the verdicts of one of the caller's checks.
// Audited.
func (s *Service) CheckResults(ctx context.Context, cl Caller, id int64, verdict string, pg domain.Page) (domain.EligibilityCheck, []domain.EligibilityResult, int64, error) {
	chk, err := s.Check(ctx, cl, id)
	if err != nil {
		return chk, nil, 0, err
	}
	rows, total, err := s.DB.CheckResults(ctx, chk.ID, verdict, pg)
	if err != nil {
		return chk, nil, 0, err
	}
	return chk, rows, total, s.audited(ctx, cl, "check_read", "eligibility_check", itoa(id), map[string]any{"verdict": verdict, "shown": len(rows)})
}

// EachCheckResult streams every verdict of one of the caller's checks, for
// an export. Audited before the first row is read.
func (s *Service) EachCheckResult(ctx context.Context, cl Caller, chk domain.EligibilityCheck, fn func(domain.EligibilityResult) bool) error {
	if err := s.audited(ctx, cl, "check_export", "eligibility_check", itoa(chk.ID), map[string]any{"total": chk.Total}); err != nil {
		return err
	}
	return s.DB.EachCheckResult(ctx, chk.ID, fn)
}

// OutcomeCounts counts recorded outcomes of checks of officials in the
// caller's scope in [from, to).
func (s *Service) OutcomeCounts(ctx context.Context, cl Caller, from, to time.Time) ([]domain.OutcomeCount, error) {
	return s.DB.OutcomeCounts(ctx, cl.Scope(), from, to)
}

// MyReports lists the reports issued about the caller (an official).
// Audited.
func (s *Service) MyReports(ctx context.Context, cl Caller, pg domain.Page) ([]domain.Report, int64, error) {
	id, err := cl.Self()
	if err != nil {
		return nil, 0, err
	}
	rows, total, err := s.DB.ReportsOf(ctx, id, pg)
	if err != nil {
		return nil, 0, err
	}
	return rows, total, s.audited(ctx, cl, "report_list", "official", itoa(id), map[string]any{"shown": len(rows)})
}

// RevokeReport withdraws a report the caller issued (an official their own
// report, commission staff a lookup's), with a reason of 2 to 500
// characters: its code then verifies as revoked. ENOTFOUND for a report the
// caller did not issue; ECONFLICT when it is revoked already. Audited.
func (s *Service) RevokeReport(ctx context.Context, cl Caller, id int64, reason string) (domain.Report, error) {
	p, err := cl.User()
	if err != nil {
		return domain.Report{}, err
	}
	var r domain.Report
	err = s.DB.Do(ctx, func(tx *store.Tx) error {
		var err error
		if r, err = tx.ReportToRevoke(id, p.User.Username); err != nil {
			return err // another's report is not found, whatever the body says
		}
		reason = strings.TrimSpace(reason)
		if n := utf8.RuneCountInString(reason); n < 2 || n > 500 {
			return domain.Invalid("say why the report is revoked", domain.FieldError{Field: "reason", Message: "2 to 500 characters"})
		}
		if err := tx.RevokeReport(&r, reason); err != nil {
			return err
		}
		return tx.Audit(cl.Actor().Entry("report_revoke", "report", itoa(id), domain.OutcomeSuccess,
			map[string]any{"official_id": r.OfficialID, "reason": reason}))
	})
	return r, err
}

// MyReport returns one report about the caller; ENOTFOUND otherwise.
// Audited.
func (s *Service) MyReport(ctx context.Context, cl Caller, reportID int64) (domain.Report, error) {
	id, err := cl.Self()
	if err != nil {
		return domain.Report{}, err
	}
	r, err := s.DB.Report(ctx, id, reportID)
	if err != nil {
		return r, err
	}
	return r, s.audited(ctx, cl, "report_read", "report", itoa(reportID), map[string]any{"official_id": id})
}

// Users lists user accounts with their grants. Audited.
func (s *Service) Users(ctx context.Context, cl Caller, f domain.UserFilter) ([]domain.User, map[int64][]domain.GrantInfo, int64, error) {
	f.Now = s.now()
	users, grants, total, err := s.DB.Users(ctx, f)
	if err != nil {
		return nil, nil, 0, err
	}
	return users, grants, total, s.audited(ctx, cl, "user_list", "user", "", map[string]any{"q": f.Query, "role": f.Role, "state": f.State, "shown": len(users)})
}

// User returns one account with its grants, read together. Audited.
func (s *Service) User(ctx context.Context, cl Caller, id int64) (domain.User, []domain.GrantInfo, error) {
	var u domain.User
	var grants []domain.GrantInfo
	err := s.DB.Do(ctx, func(tx *store.Tx) error {
		var err error
		if u, err = tx.User(id); err != nil {
			if domain.ErrorCode(err) == domain.ENOTFOUND {
				return domain.NotFound("user")
			}
			return err // an outage is a 503, not a missing user
		}
		grants, err = tx.Grants(id)
		return err
	})
	if err != nil {
		return u, nil, err
	}
	return u, grants, s.audited(ctx, cl, "user_read", "user", itoa(id), nil)
}

// Department returns one department.
func (s *Service) Department(ctx context.Context, id int64) (domain.Department, error) {
	return s.DB.Department(ctx, id)
}

// Warning returns one warning of an official in the caller's scope;
// ENOTFOUND outside it. Audited.
func (s *Service) Warning(ctx context.Context, cl Caller, id int64) (domain.WarningRow, error) {
	w, err := s.DB.Warning(ctx, cl.Scope(), id)
	if err != nil {
		return w, err
	}
	return w, s.audited(ctx, cl, "warning_read", "warning", itoa(id), map[string]any{"official_id": w.OfficialID})
}

// VerifyAudit checks the audit chain under its key and against the
// checkpoints outside the database; the check is itself audited.
func (s *Service) VerifyAudit(ctx context.Context, cl Caller) (audit.Result, error) {
	res, err := s.CheckAudit(ctx)
	if err != nil {
		return res, err
	}
	return res, s.DB.Audit(ctx, cl.Actor().Entry("audit_verify", "audit", "", domain.OutcomeSuccess, res))
}

// Ping reports whether the database answers.
func (s *Service) Ping(ctx context.Context) error { return s.DB.Ping(ctx) }

// SchemaVersion is the database's migration version and the one this
// binary needs.
func (s *Service) SchemaVersion(ctx context.Context) (current, latest int64, err error) {
	return s.DB.SchemaVersion(ctx)
}

// Dialect names the database family (sqlite, mysql).
func (s *Service) Dialect() string { return s.DB.Dialect }

// Sources lists the source systems.
func (s *Service) Sources(ctx context.Context) ([]domain.Source, error) { return s.DB.Sources(ctx) }

// SourceKeys lists a source's API keys (never the keys themselves);
// ENOTFOUND for an unknown source.
func (s *Service) SourceKeys(ctx context.Context, id int64) ([]domain.SourceKey, error) {
	if _, err := s.DB.Source(ctx, id); err != nil {
		return nil, err
	}
	return s.DB.SourceKeys(ctx, id)
}

// Clients lists the API clients.
func (s *Service) Clients(ctx context.Context) ([]domain.APIClient, error) { return s.DB.Clients(ctx) }

// ClientKeys lists a client's API keys; ENOTFOUND for an unknown client.
func (s *Service) ClientKeys(ctx context.Context, id int64) ([]domain.ClientKey, error) {
	if _, err := s.DB.Client(ctx, id); err != nil {
		return nil, err
	}
	return s.DB.ClientKeys(ctx, id)
}

// VerifyReportFor is VerifyReport for a caller (anyone may verify), with an
// audit entry: a genuine answer tells the reader that a report about the
// (masked) named official exists.
func (s *Service) VerifyReportFor(ctx context.Context, cl Caller, code string) (Verification, error) {
	v, err := s.VerifyReport(ctx, code)
	if err != nil {
		return v, err
	}
	return v, s.audited(ctx, cl, "report_verify", "report", "", map[string]any{"genuine": v.Genuine})
}
