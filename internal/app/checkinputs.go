package app

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"integrity/internal/domain"
)

// recordInput is what the engine reads of a record, stored with each
// result so the check can be re-run exactly as it was. It is written as a
// JSON array, [id, category, code, decided, ended, repaired, state,
// disputed, effective, period, act, document, assessment year], which
// keeps ten thousand results' inputs small; checks stored before records
// carried their legal effect have the first eight.
type recordInput struct {
	ID             int64
	Category       string
	Code           string
	DecisionDate   string
	EndedOn        string
	RepairedOn     string
	State          string
	UnderDispute   bool
	EffectiveDate  string
	PeriodMonths   int
	ActRef         string
	DocumentNo     string
	AssessmentYear int
}

func (r recordInput) MarshalJSON() ([]byte, error) { return r.appendJSON(nil), nil }

// appendJSON appends the record's array, byte for byte what encoding/json
// writes for it (a check's digest hashes these bytes), without its
// reflection: ten thousand results' inputs took a quarter of a check's
// CPU through it.
func (r recordInput) appendJSON(b []byte) []byte {
	b = append(b, '[')
	b = strconv.AppendInt(b, r.ID, 10)
	for _, s := range [...]string{r.Category, r.Code, r.DecisionDate, r.EndedOn, r.RepairedOn, r.State} {
		b = appendJSONString(append(b, ','), s)
	}
	b = strconv.AppendBool(append(b, ','), r.UnderDispute)
	b = appendJSONString(append(b, ','), r.EffectiveDate)
	b = strconv.AppendInt(append(b, ','), int64(r.PeriodMonths), 10)
	b = appendJSONString(append(b, ','), r.ActRef)
	b = appendJSONString(append(b, ','), r.DocumentNo)
	b = strconv.AppendInt(append(b, ','), int64(r.AssessmentYear), 10)
	return append(b, ']')
}

// appendJSONString appends s quoted as encoding/json quotes it: text that
// needs no escape directly, anything else (quotes, backslashes, control
// characters, <, > and &, U+2028 and U+2029, bytes that are not UTF-8)
// through encoding/json itself.
func appendJSONString(b []byte, s string) []byte {
	plain := utf8.ValidString(s) && !strings.ContainsAny(s, "\u2028\u2029")
	for i := 0; plain && i < len(s); i++ {
		c := s[i]
		plain = c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	if !plain {
		q, _ := json.Marshal(s)
		return append(b, q...)
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

func (r *recordInput) UnmarshalJSON(b []byte) error {
	var a []json.RawMessage
	if err := json.Unmarshal(b, &a); err != nil {
		return err
	}
	into := []any{&r.ID, &r.Category, &r.Code, &r.DecisionDate, &r.EndedOn, &r.RepairedOn, &r.State, &r.UnderDispute,
		&r.EffectiveDate, &r.PeriodMonths, &r.ActRef, &r.DocumentNo, &r.AssessmentYear}
	if len(a) != 8 && len(a) != len(into) {
		return fmt.Errorf("a stored record input has %d fields, want 8 or %d", len(a), len(into))
	}
	for i := range a {
		if err := json.Unmarshal(a[i], into[i]); err != nil {
			return err
		}
	}
	return nil
}

// officialInputs is what a result's verdict was decided from: the
// official's category and records. Checks stored before the category
// mattered hold the records' array alone.
type officialInputs struct {
	Category string        `json:"category"`
	Records  []recordInput `json:"records"`
}

// MarshalJSON writes {"category":…,"records":[…]}, as encoding/json
// would.
func (o officialInputs) MarshalJSON() ([]byte, error) { return o.appendJSON(nil), nil }

func (o officialInputs) appendJSON(b []byte) []byte {
	b = appendJSONString(append(b, `{"category":`...), o.Category)
	b = append(b, `,"records":`...)
	if o.Records == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, r := range o.Records {
			if i > 0 {
				b = append(b, ',')
			}
			b = r.appendJSON(b)
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

func (o *officialInputs) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '[' {
		return json.Unmarshal(b, &o.Records)
	}
	type plain officialInputs
	return json.Unmarshal(b, (*plain)(o))
}

func toInputs(recs []domain.Record) []recordInput {
	date := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.Format(time.DateOnly)
	}
	out := make([]recordInput, 0, len(recs))
	for _, r := range recs {
		in := recordInput{ID: r.ID, Category: r.Category, Code: r.Code, DecisionDate: r.DecisionDate.Format(time.DateOnly),
			EndedOn: date(r.EndedOn), RepairedOn: date(r.RepairedOn), State: r.State, UnderDispute: r.UnderDispute,
			EffectiveDate: date(r.EffectiveDate), ActRef: r.ActRef, DocumentNo: r.DocumentNo}
		if r.PeriodMonths != nil {
			in.PeriodMonths = *r.PeriodMonths
		}
		if r.AssessmentYear != nil {
			in.AssessmentYear = *r.AssessmentYear
		}
		out = append(out, in)
	}
	return out
}

func fromInputs(ins []recordInput) []domain.Record {
	date := func(s string) *time.Time {
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return nil
		}
		return &t
	}
	out := make([]domain.Record, 0, len(ins))
	for _, in := range ins {
		r := domain.Record{ID: in.ID, Category: in.Category, Code: in.Code, State: in.State, UnderDispute: in.UnderDispute,
			EndedOn: date(in.EndedOn), RepairedOn: date(in.RepairedOn), EffectiveDate: date(in.EffectiveDate), ActRef: in.ActRef,
			DocumentNo: in.DocumentNo}
		r.DecisionDate, _ = time.Parse(time.DateOnly, in.DecisionDate)
		if in.PeriodMonths > 0 {
			r.PeriodMonths = &in.PeriodMonths
		}
		if in.AssessmentYear > 0 {
			r.AssessmentYear = &in.AssessmentYear
		}
		out = append(out, r)
	}
	return out
}
