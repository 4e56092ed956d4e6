package app

import (
	"encoding/json"
	"fmt"
	"time"

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

func (r recordInput) MarshalJSON() ([]byte, error) {
	return json.Marshal([]any{r.ID, r.Category, r.Code, r.DecisionDate, r.EndedOn, r.RepairedOn, r.State, r.UnderDispute,
		r.EffectiveDate, r.PeriodMonths, r.ActRef, r.DocumentNo, r.AssessmentYear})
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
