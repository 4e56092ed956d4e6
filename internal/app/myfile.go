package app

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/hex"
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"time"

	"integrity/internal/domain"
	"integrity/internal/eligibility"
	"integrity/internal/scoring"
	"integrity/internal/selfservice"
	"integrity/internal/store"
)

// MyFile is an official's own file: what their view shows (the policy's
// hidden categories left out), the score of those records, the warnings
// about them, and today's eligibility for every purpose.
type MyFile struct {
	File
	Warnings    []domain.WarningRow
	Eligibility []eligibility.Verdict
}

// ReadMyFile returns an official's own file and audits the read.
func (s *Service) ReadMyFile(ctx context.Context, a Actor, officialID int64) (MyFile, error) {
	var f MyFile
	in, err := s.inForce(ctx)
	if err != nil {
		return f, err
	}
	p, sp, ep := in.selfservice, in.scoring, in.eligibility
	if f.Official, err = s.DB.OfficialInScope(ctx, domain.Scope{OfficialIDs: []int64{officialID}}, officialID); err != nil {
		return f, err
	}
	all, err := s.DB.FileRecords(ctx, officialID, 0)
	if err != nil {
		return f, err
	}
	var ids []int64
	for _, r := range all {
		if !p.Hidden(r.Category) {
			f.Records = append(f.Records, r)
			ids = append(ids, r.ID)
		}
	}
	if f.History, err = s.DB.RecordHistory(ctx, ids); err != nil {
		return f, err
	}
	// The records the file read already, unless it was cut at its limit.
	var recs []domain.Record
	for _, r := range f.Records {
		recs = append(recs, r.Record)
	}
	if len(all) >= store.FileRecordsMax {
		b, err := s.DB.RecordsOfOfficials(ctx, []int64{officialID})
		if err != nil {
			return f, err
		}
		recs = recs[:0]
		for _, r := range b.Records[officialID] {
			if !p.Hidden(r.Category) {
				recs = append(recs, r)
			}
		}
	}
	asOf := s.today()
	d := scoreDetail(recs, sp, asOf)
	f.Score = &d
	for _, pu := range ep.Purposes {
		if len(pu.OfficialCategories) > 0 && !slices.Contains(pu.OfficialCategories, f.Official.Category) {
			continue // a purpose for other officials than this one
		}
		v, err := eligibility.Check(recs, sp, ep, eligibility.Request{Purpose: pu.Key, AsOf: asOf, OfficialCategory: f.Official.Category})
		if err != nil {
			return f, err
		}
		f.Eligibility = append(f.Eligibility, v)
	}
	ws, err := s.OpenWarnings(ctx, officialID)
	if err != nil {
		return f, err
	}
	for _, w := range ws {
		if !p.HiddenRule(w.Rule) {
			f.Warnings = append(f.Warnings, w)
		}
	}
	return f, s.auditRead(ctx, a.Entry("own_file_read", "official", itoa(officialID), domain.OutcomeSuccess, map[string]int{"records": len(f.Records)}), 0)
}

// AccessEntry is one look at an official's file, as their access log
// shows it.
type AccessEntry struct {
	At         time.Time
	Kind       string // file_read, score_read, report_issue, eligibility_check
	Role       string
	Department string
	// Actor is the user, except for discipline staff unless the policy
	// shows their names.
	Actor   string
	Purpose string // the lookup's purpose, or the check's
}

// AccessLog returns who looked at an official's file, newest first: reads
// by others, reports issued about them and eligibility checks that named
// them; never a read under a confidential lookup, nor a check for a
// confidential eligibility purpose (a cadre selection).
func (s *Service) AccessLog(ctx context.Context, a Actor, officialID int64) ([]AccessEntry, error) {
	in, err := s.inForce(ctx)
	if err != nil {
		return nil, err
	}
	p, ep := in.selfservice, in.eligibility
	var hidden []string // a cadre selection is not revealed to the candidate
	for _, pu := range ep.Purposes {
		if pu.Confidential {
			hidden = append(hidden, pu.Key)
		}
	}
	reads, checks, err := s.DB.AccessesOf(ctx, officialID, a.Username, 500, hidden)
	if err != nil {
		return nil, err
	}
	closed, err := s.closedOpinions(ctx, reads)
	if err != nil {
		return nil, err
	}
	out := []AccessEntry{}
	for _, r := range append(reads, checks...) {
		e := AccessEntry{At: r.At, Kind: r.Kind, Role: r.Role, Department: r.DepartmentName, Actor: r.Actor}
		if r.Kind == "eligibility_check" {
			e.Purpose = r.Detail
		} else {
			var d struct {
				Purpose      string `json:"purpose"`
				Confidential bool   `json:"confidential"`
				OpinionID    int64  `json:"opinion_id"`
				UntilClosed  bool   `json:"until_closed"`
			}
			_ = json.Unmarshal([]byte(r.Detail), &d)
			// A read for an integrity opinion on a confidential purpose
			// shows once the request is closed (the selection is public).
			if d.Confidential || (d.UntilClosed && !closed[d.OpinionID]) {
				continue
			}
			e.Purpose = d.Purpose
		}
		if !p.ShowStaffNames && (r.Role == domain.RoleDisciplineStaff || r.Role == domain.RoleDisciplineApprover) {
			e.Actor = ""
		}
		out = append(out, e)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.After(out[j].At) })
	return out, s.DB.Audit(ctx, a.Entry("access_log_read", "official", itoa(officialID), domain.OutcomeSuccess, nil))
}

// closedOpinions reads which of the integrity opinion requests named by
// the reads are closed (replied).
func (s *Service) closedOpinions(ctx context.Context, reads []store.Access) (map[int64]bool, error) {
	var ids []int64
	for _, r := range reads {
		if r.Kind == "opinion_file_read" {
			var d struct {
				OpinionID int64 `json:"opinion_id"`
			}
			if json.Unmarshal([]byte(r.Detail), &d) == nil && d.OpinionID != 0 {
				ids = append(ids, d.OpinionID)
			}
		}
	}
	states, err := s.DB.OpinionStates(ctx, ids)
	out := map[int64]bool{}
	for id, st := range states {
		out[id] = st == domain.OpinionReplied
	}
	return out, err
}

// ReportContent is what an integrity report states, as issued.
type ReportContent struct {
	Official struct {
		Name           string `json:"name"`
		IDNumberMasked string `json:"id_number_masked"`
		Department     string `json:"department"`
		Post           string `json:"post,omitempty"`
	} `json:"official"`
	Score         scoring.Points `json:"score"`
	Grade         scoring.Grade  `json:"grade"`
	PolicyVersion int            `json:"policy_version"`
	AsOf          string         `json:"as_of"`
	Modules       []string       `json:"modules,omitempty"` // a lookup's report: the modules it covers
	Purpose       string         `json:"purpose,omitempty"`
	Records       []ReportRecord `json:"records"`
	IssuedBy      string         `json:"issued_by"`
	IssuedAt      time.Time      `json:"issued_at"`
	// ValidUntil is the last day the report is valid (the self-service
	// policy's report_valid_days from the day of issue).
	ValidUntil string `json:"valid_until,omitempty"`
}

// ReportRecord is a record as a report lists it.
type ReportRecord struct {
	Category     string `json:"category"`
	Code         string `json:"code"`
	DecisionDate string `json:"decision_date"`
	DocumentNo   string `json:"document_no"`
	Authority    string `json:"authority"`
	State        string `json:"state"`
	Counts       bool   `json:"counts"` // counts in the score today
	// UnderDispute: the official disputes it and its source has not decided.
	UnderDispute bool `json:"under_dispute,omitempty"`
}

// IssueOwnReport issues an official's report of their own file (what their
// view shows).
func (s *Service) IssueOwnReport(ctx context.Context, a Actor, officialID int64) (domain.Report, ReportContent, error) {
	f, err := s.ReadMyFile(ctx, a, officialID)
	if err != nil {
		return domain.Report{}, ReportContent{}, err
	}
	c := reportOf(f.File, a.Username, s.now())
	return s.issueReport(ctx, a, officialID, "self", nil, c)
}

// IssueLookupReport issues a report of the file an open lookup covers,
// with the records of its modules; the score only when they open the whole
// file (otherwise the report says so by leaving it out).
func (s *Service) IssueLookupReport(ctx context.Context, a Actor, scope domain.Scope, officialID, lookupID int64) (domain.Report, ReportContent, error) {
	f, err := s.ReadFileByLookup(ctx, a, scope, officialID, lookupID)
	if err != nil {
		return domain.Report{}, ReportContent{}, err
	}
	if f.Score == nil {
		return domain.Report{}, ReportContent{}, domain.Invalid("a report needs the whole file", domain.FieldError{Field: "lookup_id",
			Message: "the lookup's modules do not open the whole file, so no score can be reported"})
	}
	c := reportOf(f.File, a.Username, s.now())
	c.Modules, c.Purpose = f.Modules, f.Lookup.Purpose
	if !f.Basic {
		c.Official.Post = ""
	}
	id := f.Lookup.ID
	return s.issueReport(ctx, a, officialID, "lookup", &id, c)
}

func reportOf(f File, by string, now time.Time) ReportContent {
	var c ReportContent
	c.Official.Name, c.Official.IDNumberMasked, c.Official.Department, c.Official.Post = f.Official.Name, f.Official.IDNumberMasked, f.Official.DepartmentName, f.Official.Post
	counting := map[int64]bool{}
	if f.Score != nil {
		c.Score, c.Grade, c.PolicyVersion, c.AsOf = f.Score.Result.Score, f.Score.Result.Grade, f.Score.Result.PolicyVersion, f.Score.Result.AsOf.Format(time.DateOnly)
		for _, it := range f.Score.Result.Items {
			counting[it.RecordID] = true
		}
	}
	c.Records = []ReportRecord{}
	for _, r := range f.Records {
		c.Records = append(c.Records, ReportRecord{Category: r.Category, Code: r.Code, DecisionDate: r.DecisionDate.Format(time.DateOnly),
			DocumentNo: r.DocumentNo, Authority: r.Authority, State: r.State, Counts: counting[r.ID], UnderDispute: r.UnderDispute})
	}
	c.IssuedBy, c.IssuedAt = by, now
	return c
}

// reportCodeLen is the random part of a verification code: 16 base32
// characters, 80 bits.
const reportCodeLen = 16

var codeEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// issueReport stores a report with its digest and a code: a random part and a
// tag binding it to the digest under the platform's key.
func (s *Service) issueReport(ctx context.Context, a Actor, officialID int64, via string, lookupID *int64, c ReportContent) (domain.Report, ReportContent, error) {
	p, err := s.SelfServicePolicy(ctx)
	if err != nil {
		return domain.Report{}, c, err
	}
	until := s.today().AddDate(0, 0, p.ReportValidDays)
	c.ValidUntil = until.Format(time.DateOnly)
	body, err := json.Marshal(c)
	if err != nil {
		return domain.Report{}, c, err
	}
	sum := sha256.Sum256(body)
	var rnd [10]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		return domain.Report{}, c, err
	}
	r := domain.Report{OfficialID: officialID, IssuedBy: a.Username, Via: via, LookupID: lookupID, Digest: hex.EncodeToString(sum[:]), Content: string(body),
		ValidUntil: &until}
	random := codeEncoding.EncodeToString(rnd[:])
	r.Code = random + s.reportTag(random, r.Digest)
	err = s.DB.Do(ctx, func(tx *store.Tx) error {
		if err := tx.CreateReport(&r); err != nil {
			return err
		}
		return tx.Audit(a.Entry("report_issue", "official", itoa(officialID), domain.OutcomeSuccess, map[string]any{"report_id": r.ID, "via": via, "lookup_id": lookupID}))
	})
	return r, c, err
}

func (s *Service) reportTag(random, digest string) string {
	return strings.ToUpper(s.Keys.BlindIndex("report:" + random + ":" + digest)[:8])
}

// reportTagMatches checks a code's tag under either algorithm set, so codes
// issued before a crypto migration stay verifiable.
func (s *Service) reportTagMatches(random, digest, tag string) bool {
	ok := 0
	for _, h := range s.Keys.BlindIndexes("report:" + random + ":" + digest) {
		ok |= subtle.ConstantTimeCompare([]byte(strings.ToUpper(h[:8])), []byte(tag))
	}
	return ok == 1
}

// Verification is all the public learns of a report code.
type Verification struct {
	Genuine    bool
	IssuedAt   *time.Time
	NameMasked string
	// Kind is what the code vouches for: an integrity report, or a
	// commission's reply of integrity opinions (with its number).
	Kind       string
	DocumentNo string
	// A report's: the last day it is valid and whether that has passed;
	// its revocation by the issuer; the grade it states as of its day (not
	// the score, nor any record); and the digest of its content (the paper prints its first
	// characters), so a reader can check the paper against the record.
	ValidUntil *time.Time
	Expired    bool
	RevokedAt  *time.Time
	Grade      string
	GradeZh    string
	GradeEn    string
	AsOf       string
	Digest     string
}

// notCodeChar reports a character no code has: anything but an ASCII letter
// or digit.
func notCodeChar(r rune) bool {
	return !('0' <= r && r <= '9' || 'A' <= r && r <= 'Z' || 'a' <= r && r <= 'z')
}

// VerifyReport checks a code: genuine only when a report has it, the
// report's content still matches its digest, and the code's tag matches
// both under the platform's key. Anything else, including an unknown or
// altered code, is not genuine.
func (s *Service) VerifyReport(ctx context.Context, code string) (Verification, error) {
	code = strings.TrimSpace(code)
	if len(code) != reportCodeLen+8 || strings.ContainsFunc(code, notCodeChar) {
		// Only ASCII letters and digits: no Unicode case folding makes
		// another code match, and nothing a database cannot hold (NUL) is
		// asked of it.
		return Verification{}, nil
	}
	code = strings.ToUpper(code)
	r, err := s.DB.ReportByCode(ctx, code)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return s.verifyOpinion(ctx, code)
	}
	if err != nil {
		return Verification{}, err
	}
	sum := sha256.Sum256([]byte(r.Content))
	if hex.EncodeToString(sum[:]) != r.Digest || !s.reportTagMatches(code[:reportCodeLen], r.Digest, code[reportCodeLen:]) {
		return Verification{}, nil
	}
	var c struct { // what the verification states of the content
		Official struct {
			Name string `json:"name"`
		} `json:"official"`
		Grade struct {
			Key string `json:"key"`
			Zh  string `json:"zh"`
			En  string `json:"en"`
		} `json:"grade"`
		AsOf string `json:"as_of"`
	}
	if err := json.Unmarshal([]byte(r.Content), &c); err != nil {
		return Verification{}, nil
	}
	at := r.IssuedAt
	v := Verification{Genuine: true, IssuedAt: &at, NameMasked: selfservice.MaskName(c.Official.Name), Kind: "report",
		ValidUntil: r.ValidUntil, RevokedAt: r.RevokedAt, AsOf: c.AsOf, Digest: r.Digest}
	v.Expired = r.ValidUntil != nil && s.today().After(*r.ValidUntil)
	if c.Grade.Key != "" { // a report without a score states no grade
		v.Grade, v.GradeZh, v.GradeEn = c.Grade.Key, c.Grade.Zh, c.Grade.En
	}
	return v, nil
}
