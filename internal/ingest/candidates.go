package ingest

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"integrity/internal/domain"
)

// Candidate is one row of a candidate list: a person to check, named by
// their ID number.
type Candidate struct {
	Row      int
	Name     string
	IDNumber string // normalised and valid
}

// ReadCandidates reads a candidate list (CSV in UTF-8, with or without a
// BOM, or GBK; or XLSX) with an ID number column and optionally a name
// column, headers in Chinese or English, the same way the records import
// reads files. It returns the valid candidates and a problem for every bad
// row; more than max data rows is an error on the file.
func ReadCandidates(r io.Reader, filename string, max int, asOf time.Time) ([]Candidate, []FieldProblem, error) {
	rows, cells, err := openTable(r, filename)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	h, _ := ParseHeader(cells)
	if !h.has(FieldIDNumber) {
		return nil, []FieldProblem{{Row: 1, Field: FieldIDNumber, Message: "the column is missing: name it 身份证号码 (or id_number)"}}, nil
	}
	var out []Candidate
	var probs []FieldProblem
	for n := 0; ; n++ {
		row, cells, err := rows.Next()
		if errors.Is(err, io.EOF) {
			return out, probs, nil
		}
		if err != nil {
			return nil, nil, domain.Invalid("the file cannot be read", domain.FieldError{Field: "file", Message: oneLine(err)})
		}
		if n >= max {
			return nil, nil, domain.Invalid("too many candidates", domain.FieldError{Field: "file", Message: fmt.Sprintf("at most %d rows", max)})
		}
		f := h.Fields(cells)
		name := clean(f[FieldName])
		id, verr := domain.ValidateIDNumber(idCell(f[FieldIDNumber]), asOf)
		switch {
		case verr != nil:
			probs = append(probs, FieldProblem{Row: row, Field: FieldIDNumber, Message: verr.(*domain.Error).Fields[0].Message})
		case utf8.RuneCountInString(name) > 64:
			probs = append(probs, FieldProblem{Row: row, Field: FieldName, Message: "at most 64 characters"})
		default:
			out = append(out, Candidate{Row: row, Name: name, IDNumber: id})
		}
	}
}

func (h Header) has(field string) bool {
	for _, c := range h.cols {
		if c == field {
			return true
		}
	}
	return false
}

func oneLine(err error) string {
	s := err.Error()
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

// openTable opens an uploaded table (what Sniff says it is) and reads its
// header row. A file that cannot be read, or has no header, is an error on
// the file; the caller closes the rows.
func openTable(r io.Reader, filename string) (Rows, []string, error) {
	br := bufio.NewReader(r)
	head, _ := br.Peek(512)
	format, err := Sniff(head, filename)
	if err != nil {
		return nil, nil, err
	}
	var rows Rows
	if format == FormatXLSX {
		rows, err = OpenXLSX(br)
	} else {
		rows, err = OpenCSV(br)
	}
	if err != nil {
		return nil, nil, domain.Invalid("the file cannot be read", domain.FieldError{Field: "file", Message: oneLine(err)})
	}
	_, cells, err := rows.Next()
	if err != nil {
		rows.Close()
		if errors.Is(err, io.EOF) {
			return nil, nil, domain.Invalid("the file is empty", domain.FieldError{Field: "file", Message: "no header row"})
		}
		return nil, nil, domain.Invalid("the file cannot be read", domain.FieldError{Field: "file", Message: oneLine(err)})
	}
	return rows, cells, nil
}
