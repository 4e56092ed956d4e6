package ingest

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"integrity/internal/domain"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// Rows reads a table one row at a time. Row numbers count as a spreadsheet
// does: the header is row 1.
type Rows interface {
	// Next returns the next row's number and cells, or io.EOF.
	Next() (int, []string, error)
	Close() error
}

// Limits that keep a hostile file from exhausting memory.
const (
	MaxColumns   = 64
	MaxCellBytes = 4096
)

// Format names.
const (
	FormatCSV  = "csv"
	FormatXLSX = "xlsx"
)

// DetectFormat tells XLSX (a ZIP file) from CSV by the first bytes.
func DetectFormat(head []byte) string {
	if bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		return FormatXLSX
	}
	return FormatCSV
}

// kinds of files that are not spreadsheets, by their first bytes.
var notSpreadsheets = []struct {
	magic, what string
}{
	{"\x89PNG", "a PNG image"}, {"\xff\xd8\xff", "a JPEG image"}, {"GIF8", "a GIF image"}, {"%PDF", "a PDF document"},
	{"\xd0\xcf\x11\xe0", "an old Excel 97-2003 (.xls) or Word file: save it as .xlsx"}, {"Rar!", "a RAR archive"}, {"7z\xbc\xaf", "a 7-Zip archive"},
}

// Sniff tells what an uploaded file is from its first bytes (up to 512)
// and its name: FormatXLSX for a workbook, FormatCSV for text. A file that
// is neither (an image, a PDF, an old .xls, binary data), or one named
// .xlsx or .xls that holds text, is refused as not a spreadsheet, saying
// what it is.
func Sniff(head []byte, filename string) (string, error) {
	notOne := func(what string) (string, error) {
		return "", domain.Invalid("the file is not a spreadsheet", domain.FieldError{Field: "file", Message: "not an XLSX or CSV file: " + what})
	}
	for _, k := range notSpreadsheets {
		if bytes.HasPrefix(head, []byte(k.magic)) {
			return notOne(k.what)
		}
	}
	if DetectFormat(head) == FormatXLSX {
		return FormatXLSX, nil
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return notOne("binary data")
	}
	ext := strings.ToLower(filepath.Ext(filename))
	if ext == ".xlsx" || ext == ".xls" {
		return notOne("named " + ext + " but holds text, not a workbook")
	}
	return FormatCSV, nil
}

type csvRows struct {
	r   *csv.Reader
	row int
}

// OpenCSV reads CSV in UTF-8 (with or without a BOM) or GBK/GB18030, which
// it detects from the first 64 KiB, with a comma, semicolon or tab
// delimiter guessed from the header line.
func OpenCSV(r io.Reader) (Rows, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(64 << 10)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, err
	}
	var src io.Reader = br
	switch {
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		br.Discard(3)
	case !utf8.Valid(trimPartialRune(head)):
		src = transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder())
	}
	cr := csv.NewReader(src)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	cr.Comma = guessComma(head)
	return &csvRows{r: cr}, nil
}

// trimPartialRune drops a multi-byte character cut off at the end of the
// peeked window, so it is not mistaken for invalid UTF-8.
func trimPartialRune(b []byte) []byte {
	for i := 0; i < 3 && len(b) > 0; i++ {
		if utf8.Valid(b) {
			return b
		}
		b = b[:len(b)-1]
	}
	return b
}

func guessComma(head []byte) rune {
	line := head
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		line = head[:i]
	}
	best, n := ',', bytes.Count(line, []byte(","))
	for _, c := range []rune{'\t', ';'} {
		if m := bytes.Count(line, []byte(string(c))); m > n {
			best, n = c, m
		}
	}
	return best
}

func (c *csvRows) Next() (int, []string, error) {
	for {
		rec, err := c.r.Read()
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return c.row + 1, nil, fmt.Errorf("row %d: the CSV is malformed: %v", pe.StartLine, pe.Err)
			}
			return 0, nil, err
		}
		// The physical line, so blank lines (which the reader skips)
		// still count as a spreadsheet counts them.
		c.row, _ = c.r.FieldPos(0)
		if err := checkCells(rec); err != nil {
			return c.row, nil, err
		}
		if blank(rec) {
			continue
		}
		return c.row, rec, nil
	}
}

func (c *csvRows) Close() error { return nil }

func checkCells(rec []string) error {
	if len(rec) > MaxColumns {
		return fmt.Errorf("more than %d columns", MaxColumns)
	}
	for _, v := range rec {
		if len(v) > MaxCellBytes {
			return fmt.Errorf("a cell is longer than %d bytes", MaxCellBytes)
		}
	}
	return nil
}

func blank(rec []string) bool {
	for _, v := range rec {
		if clean(v) != "" {
			return false
		}
	}
	return true
}

type xlsxRows struct {
	f    *excelize.File
	rows *excelize.Rows
	row  int
}

// OpenXLSX streams the first sheet of a workbook. Cells come as their raw
// values, so a date cell gives its serial day number, which parseDate reads.
func OpenXLSX(r io.Reader) (Rows, error) {
	f, err := excelize.OpenReader(r, excelize.Options{RawCellValue: true, UnzipXMLSizeLimit: 2 << 30, UnzipSizeLimit: 4 << 30})
	if err != nil {
		return nil, fmt.Errorf("not a readable XLSX workbook: %v", err)
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		f.Close()
		return nil, errors.New("the workbook has no sheet")
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("reading the first sheet: %v", err)
	}
	return &xlsxRows{f: f, rows: rows}, nil
}

func (x *xlsxRows) Next() (int, []string, error) {
	for x.rows.Next() {
		x.row++
		rec, err := x.rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return x.row, nil, fmt.Errorf("row %d: %v", x.row, err)
		}
		if err := checkCells(rec); err != nil {
			return x.row, nil, err
		}
		if blank(rec) {
			continue
		}
		return x.row, rec, nil
	}
	if err := x.rows.Error(); err != nil {
		return x.row, nil, err
	}
	return 0, nil, io.EOF
}

func (x *xlsxRows) Close() error {
	x.rows.Close()
	return x.f.Close()
}
