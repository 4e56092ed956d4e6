package ingest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"integrity/internal/catalogue"
	"integrity/internal/domain"
)

// RecordInput is one record as a source submits it, before the official is
// looked up. JSON submissions and file rows both end up here.
type RecordInput struct {
	IDNumber     string `json:"id_number"`
	Name         string `json:"name"`
	SourceRef    string `json:"source_ref"`
	Category     string `json:"category"`
	Code         string `json:"code"`
	DecisionDate string `json:"decision_date"`
	// EffectiveDate (生效日期) defaults to the decision date; PeriodMonths
	// to the standard period; AssessmentYear is required for an annual
	// assessment result. Numbers come as text from a file, as numbers or
	// text from JSON.
	EffectiveDate  string  `json:"effective_date"`
	PeriodMonths   FlexInt `json:"period_months"`
	EndedOn        string  `json:"ended_on"`
	ActRef         string  `json:"act_ref"`
	AssessmentYear FlexInt `json:"assessment_year"`
	DocumentNo     string  `json:"document_no"`
	Authority      string  `json:"authority"`
	Summary        string  `json:"summary"`
}

// Record is a validated input.
type Record struct {
	IDNumber       string // normalised and valid
	Name           string // as given; checked against the registry when set
	SourceRef      string
	Category       string
	Code           string
	DecisionDate   time.Time
	EffectiveDate  time.Time
	PeriodMonths   *int
	EndedOn        *time.Time
	ActRef         string
	AssessmentYear *int
	DocumentNo     string
	Authority      string
	Summary        string
}

// FromFields builds an input from a file row's field → raw value map.
func FromFields(m map[string]string) RecordInput {
	return RecordInput{
		IDNumber: m[FieldIDNumber], Name: m[FieldName], SourceRef: m[FieldSourceRef], Category: m[FieldCategory],
		Code: m[FieldCode], DecisionDate: m[FieldDecisionDate], EffectiveDate: m[FieldEffective], PeriodMonths: FlexInt(m[FieldPeriodMonths]),
		EndedOn: m[FieldEndedOn], ActRef: m[FieldActRef], AssessmentYear: FlexInt(m[FieldAssessYear]), DocumentNo: m[FieldDocumentNo],
		Authority: m[FieldAuthority], Summary: m[FieldSummary],
	}
}

// Limits of free-text fields, in characters.
const (
	maxRef       = 128
	maxDocument  = 128
	maxAuthority = 128
	maxSummary   = 1000
)

// Validate checks one input against the catalogue and the categories the
// source may submit, as of a date (decision dates may not be later). It
// returns every problem of the input, each naming its field; row is copied
// into them.
func Validate(in RecordInput, cat *catalogue.Catalogue, allowed map[string]bool, asOf time.Time, row int) (Record, []FieldProblem) {
	var r Record
	var probs []FieldProblem
	bad := func(field, msg string) { probs = append(probs, FieldProblem{Row: row, Field: field, Message: msg}) }

	if id, err := domain.ValidateIDNumber(idCell(in.IDNumber), asOf); err != nil {
		msg := err.(*domain.Error).Fields[0].Message
		if strings.Contains(strings.ToUpper(in.IDNumber), "E+") || strings.HasSuffix(strings.TrimSpace(in.IDNumber), "000") && msg == "the check character does not match" {
			msg += " (a spreadsheet number cell keeps only 15 digits: format the column as text)"
		}
		bad(FieldIDNumber, msg)
	} else {
		r.IDNumber = id
	}
	r.Name = clean(in.Name)
	if utf8.RuneCountInString(r.Name) > 64 {
		bad(FieldName, "at most 64 characters")
	}
	r.SourceRef = clean(in.SourceRef)
	switch n := utf8.RuneCountInString(r.SourceRef); {
	case n == 0:
		bad(FieldSourceRef, "required: the source's own reference of the record")
	case n > maxRef:
		bad(FieldSourceRef, "at most 128 characters")
	}

	category, code, msg := resolveCode(cat, clean(in.Category), clean(in.Code))
	switch {
	case msg != "":
		field := FieldCode
		if strings.HasPrefix(msg, "category") {
			field = FieldCategory
		}
		bad(field, msg)
	case allowed != nil && !allowed[category]:
		bad(FieldCategory, "this source may not submit "+category+" records")
	default:
		r.Category, r.Code = category, code
	}

	if d, ok := parseDate(in.DecisionDate); !ok {
		if clean(in.DecisionDate) == "" {
			bad(FieldDecisionDate, "required")
		} else {
			bad(FieldDecisionDate, "not a date (write 2024-03-05, 2024/3/5 or 2024年3月5日)")
		}
	} else if d.After(asOf) {
		bad(FieldDecisionDate, "is in the future")
	} else if d.Year() < 1950 {
		bad(FieldDecisionDate, "is before 1950")
	} else {
		r.DecisionDate = d
	}
	r.EffectiveDate = r.DecisionDate
	if clean(in.EffectiveDate) != "" {
		if d, ok := parseDate(in.EffectiveDate); !ok {
			bad(FieldEffective, "not a date (write 2024-03-05, 2024/3/5 or 2024年3月5日)")
		} else if !r.DecisionDate.IsZero() && d.Before(r.DecisionDate) {
			bad(FieldEffective, "is before the decision date")
		} else if !r.DecisionDate.IsZero() && d.After(r.DecisionDate.AddDate(1, 0, 0)) {
			bad(FieldEffective, "is more than a year after the decision date")
		} else {
			r.EffectiveDate = d
		}
	}
	r.PeriodMonths = intField(in.PeriodMonths, FieldPeriodMonths, 1, 240, "a whole number of months from 1 to 240 (empty: the standard period)", bad)
	r.AssessmentYear = intField(in.AssessmentYear, FieldAssessYear, 1950, asOf.Year(), fmt.Sprintf("a year from 1950 to %d", asOf.Year()), bad)
	if r.Category == domain.CategoryAnnualAssessment {
		if r.AssessmentYear == nil && clean(string(in.AssessmentYear)) == "" {
			bad(FieldAssessYear, "required for an annual assessment result: the year assessed")
		} else if r.AssessmentYear != nil && !r.DecisionDate.IsZero() && *r.AssessmentYear > r.DecisionDate.Year() {
			bad(FieldAssessYear, "is after the decision's year")
		}
	} else if r.AssessmentYear != nil {
		bad(FieldAssessYear, "only an annual assessment result has an assessment year")
	}
	r.ActRef = clean(in.ActRef)
	if utf8.RuneCountInString(r.ActRef) > maxRef {
		bad(FieldActRef, "at most 128 characters")
	}
	if clean(in.EndedOn) != "" {
		if d, ok := parseDate(in.EndedOn); !ok {
			bad(FieldEndedOn, "not a date")
		} else if !r.DecisionDate.IsZero() && d.Before(r.DecisionDate) {
			bad(FieldEndedOn, "is before the decision date")
		} else if d.After(asOf) {
			bad(FieldEndedOn, "is in the future")
		} else {
			r.EndedOn = &d
		}
	}

	// A document number and an authority are kept as written (full-width
	// brackets stay), only their white space tidied.
	r.DocumentNo, r.Authority, r.Summary = tidy(in.DocumentNo), tidy(in.Authority), strings.TrimSpace(in.Summary)
	if c, ok := cat.Category(r.Category); ok && c.DocumentRequired && r.DocumentNo == "" {
		bad(FieldDocumentNo, "required for "+c.En+" records")
	}
	if utf8.RuneCountInString(r.DocumentNo) > maxDocument {
		bad(FieldDocumentNo, "at most 128 characters")
	}
	if utf8.RuneCountInString(r.Authority) > maxAuthority {
		bad(FieldAuthority, "at most 128 characters")
	}
	if utf8.RuneCountInString(r.Summary) > maxSummary {
		bad(FieldSummary, "at most 1000 characters")
	}
	for _, s := range []struct{ f, v string }{{FieldSourceRef, r.SourceRef}, {FieldActRef, r.ActRef}, {FieldDocumentNo, r.DocumentNo}, {FieldAuthority, r.Authority}, {FieldSummary, r.Summary}, {FieldName, r.Name}} {
		if !utf8.ValidString(s.v) || strings.ContainsRune(s.v, 0) {
			bad(s.f, "is not valid text")
		}
	}
	return r, probs
}

// resolveCode finds the code a row means: its key (party_warning), or its
// Chinese or English label within the category, where the category is a
// key or a label too. It returns an error message when there is none or
// more than one.
func resolveCode(cat *catalogue.Catalogue, category, code string) (string, string, string) {
	if code == "" {
		return "", "", "required"
	}
	idx := labelsOf(cat)
	var catKey string
	if category != "" {
		if catKey = idx.categories[strings.ToLower(category)]; catKey == "" {
			return "", "", "category " + category + " is not in the catalogue"
		}
	}
	if c, ok := cat.Code(code); ok {
		if catKey != "" && c.Category != catKey {
			return "", "", "code " + code + " belongs to " + c.Category + ", not " + catKey
		}
		return c.Category, c.Key, ""
	}
	var found []catalogue.Code
	for _, k := range idx.codes[strings.ToLower(code)] {
		if catKey == "" || k.Category == catKey {
			found = append(found, k)
		}
	}
	switch len(found) {
	case 0:
		return "", "", code + " is not a code of the catalogue"
	case 1:
		return found[0].Category, found[0].Key, ""
	}
	return "", "", code + " is ambiguous: give the category too"
}

// labels indexes a catalogue's categories and codes by every name an input
// may use for them: the key, the Chinese label (folded as inputs are) and
// the English label, all in lower case.
type labels struct {
	categories map[string]string           // name → category key
	codes      map[string][]catalogue.Code // label → codes (a label may repeat across categories)
}

func labelsOf(cat *catalogue.Catalogue) labels {
	return cat.Memo(func(cat *catalogue.Catalogue) any {
		l := labels{categories: map[string]string{}, codes: map[string][]catalogue.Code{}}
		for _, c := range cat.Categories {
			for _, name := range []string{c.Key, clean(c.Zh), c.En} {
				l.categories[strings.ToLower(name)] = c.Key
			}
			for _, k := range c.Codes {
				k.Category = c.Key
				seen := map[string]bool{}
				for _, name := range []string{clean(k.Zh), k.En} {
					if n := strings.ToLower(name); !seen[n] {
						seen[n] = true
						l.codes[n] = append(l.codes[n], k)
					}
				}
			}
		}
		return l
	}).(labels)
}

// FlexInt is a whole number as JSON sends it (a number or a string) or a
// file cell holds it; empty is none. It is kept as text so that a bad
// value is reported on its field instead of failing the whole body.
type FlexInt string

// UnmarshalJSON takes a number, a string or null.
func (f *FlexInt) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*f = ""
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = FlexInt(s)
	default:
		*f = FlexInt(b)
	}
	return nil
}

// intField reads an optional whole number between lo and hi.
func intField(v FlexInt, field string, lo, hi int, msg string, bad func(field, msg string)) *int {
	s := strings.TrimSpace(clean(string(v)))
	s = strings.TrimSuffix(strings.TrimSuffix(s, "个月"), "年")
	if s == "" {
		return nil
	}
	n, err := strconv.Atoi(strings.TrimSuffix(s, ".0"))
	if err != nil || n < lo || n > hi {
		bad(field, msg)
		return nil
	}
	return &n
}
