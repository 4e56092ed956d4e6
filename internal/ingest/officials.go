package ingest

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"integrity/internal/domain"
)

// The officials registry import: a personnel department's roster as a CSV
// or XLSX file, one official per row, matched to the registry by ID number
// (a new ID number registers an official, a known one updates them). The
// file is read as the records import reads files: UTF-8 or GBK CSV, or the
// first sheet of a workbook; headers in Chinese or English.

// Fields of an official row.
const (
	FieldDepartment  = "department"
	FieldPost        = "post"
	FieldJobRank     = "job_rank"
	FieldPersonnel   = "category" // 人员类别: civil_servant or public_institution
	FieldPartyMember = "party_member"
	FieldStatus      = "status"
)

// OfficialColumns lists the roster's fields in template order, with their
// headers. The ID number, name, unit and category are required of a new
// official; a column left out of the file keeps what the registry has.
var OfficialColumns = []struct{ Field, Zh, En string }{
	{FieldIDNumber, "身份证号码", "ID number"},
	{FieldName, "姓名", "Name"},
	{FieldDepartment, "单位编码", "Unit code"},
	{FieldPost, "职务", "Post"},
	{FieldJobRank, "职级", "Rank"},
	{FieldPersonnel, "人员类别", "Category"},
	{FieldPartyMember, "中共党员", "Party member"},
	{FieldStatus, "状态", "Status"},
}

var officialAliases = map[string]string{}

func init() {
	add := func(field string, names ...string) {
		for _, n := range names {
			officialAliases[normHeader(n)] = field
		}
	}
	add(FieldIDNumber, "身份证号码", "身份证号", "公民身份号码", "证件号码", "id_number", "id number")
	add(FieldName, "姓名", "name")
	add(FieldDepartment, "单位编码", "单位代码", "部门编码", "unit code", "department code", "department", "unit")
	add(FieldPost, "职务", "现任职务", "post", "position")
	add(FieldJobRank, "职级", "job_rank", "rank", "job rank")
	add(FieldPersonnel, "人员类别", "类别", "category", "personnel category")
	add(FieldPartyMember, "中共党员", "党员", "政治面貌", "party_member", "party member")
	add(FieldStatus, "状态", "在职状态", "人员状态", "status")
}

// OfficialRow is one row of a roster, its values read and normalised; a
// nil pointer is a column the file does not have or a blank cell: the
// registry's value stays.
type OfficialRow struct {
	Row         int
	IDNumber    string
	Name        *string
	Department  *string // the unit's code
	Post        *string
	JobRank     *string
	Category    *string // civil_servant or public_institution
	PartyMember *bool
	Status      *string // active, retired or left
}

// The words a roster uses for the coded values, in both languages.
var (
	categoryWords = map[string]string{"公务员": domain.CategoryCivilServant, "参照公务员法管理": domain.CategoryCivilServant,
		"参公": domain.CategoryCivilServant, "civil_servant": domain.CategoryCivilServant, "civil servant": domain.CategoryCivilServant,
		"事业单位": domain.CategoryPublicInstitution, "事业单位人员": domain.CategoryPublicInstitution, "事业编制": domain.CategoryPublicInstitution,
		"public_institution": domain.CategoryPublicInstitution, "public institution": domain.CategoryPublicInstitution}
	statusWords = map[string]string{"在职": domain.OfficialActive, "active": domain.OfficialActive, "退休": domain.OfficialRetired,
		"retired": domain.OfficialRetired, "离职": domain.OfficialLeft, "调离": domain.OfficialLeft, "left": domain.OfficialLeft}
	yesWords = map[string]bool{"是": true, "中共党员": true, "党员": true, "yes": true, "y": true, "true": true, "1": true,
		"否": false, "群众": false, "非党员": false, "no": false, "n": false, "false": false, "0": false}
)

// ReadOfficials reads a roster. It returns its rows and a problem for each
// bad cell; a file that cannot be read, or more than max data rows, is an
// error on the file.
func ReadOfficials(r io.Reader, filename string, max int, asOf time.Time) ([]OfficialRow, []FieldProblem, error) {
	rows, cells, err := openTable(r, filename)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	cols := make([]string, len(cells))
	seen := map[string]bool{}
	var probs []FieldProblem
	for i, c := range cells {
		f := officialAliases[normHeader(c)]
		switch {
		case f == "":
		case seen[f]:
			probs = append(probs, FieldProblem{Row: 1, Field: f, Message: "the column appears twice"})
		default:
			seen[f], cols[i] = true, f
		}
	}
	if !seen[FieldIDNumber] {
		probs = append(probs, FieldProblem{Row: 1, Field: FieldIDNumber, Message: "the column is missing: name it 身份证号码 (or id_number)"})
	}
	if len(probs) > 0 {
		return nil, probs, nil
	}
	var out []OfficialRow
	for n := 0; ; n++ {
		row, cells, err := rows.Next()
		if errors.Is(err, io.EOF) {
			return out, probs, nil
		}
		if err != nil {
			return nil, nil, domain.Invalid("the file cannot be read", domain.FieldError{Field: "file", Message: oneLine(err)})
		}
		if n >= max {
			return nil, nil, domain.Invalid("too many rows", domain.FieldError{Field: "file", Message: fmt.Sprintf("at most %d rows: split the file", max)})
		}
		o, p := readOfficial(row, cols, cells, asOf)
		out, probs = append(out, o), append(probs, p...)
	}
}

// readOfficial reads one data row.
func readOfficial(row int, cols, cells []string, asOf time.Time) (OfficialRow, []FieldProblem) {
	o := OfficialRow{Row: row}
	var probs []FieldProblem
	bad := func(field, msg string) { probs = append(probs, FieldProblem{Row: row, Field: field, Message: msg}) }
	for i, f := range cols {
		if f == "" {
			continue
		}
		v := ""
		if i < len(cells) {
			v = strings.TrimSpace(clean(cells[i]))
		}
		if v == "" && f != FieldIDNumber {
			continue // blank: as the registry has it
		}
		switch f {
		case FieldIDNumber:
			id, err := domain.ValidateIDNumber(idCell(v), asOf)
			if err != nil {
				bad(f, err.(*domain.Error).Fields[0].Message)
			}
			o.IDNumber = id
		case FieldName:
			o.Name = &v
		case FieldDepartment:
			o.Department = &v
		case FieldPost:
			o.Post = &v
		case FieldJobRank:
			o.JobRank = &v
		case FieldPersonnel:
			c, ok := categoryWords[strings.ToLower(v)]
			if !ok {
				bad(f, "must be civil_servant or public_institution")
			}
			o.Category = &c
		case FieldPartyMember:
			yes, ok := yesWords[strings.ToLower(v)]
			if !ok {
				bad(f, "must be yes or no")
			}
			o.PartyMember = &yes
		case FieldStatus:
			s, ok := statusWords[strings.ToLower(v)]
			if !ok {
				bad(f, "must be active, retired or left")
			}
			o.Status = &s
		}
	}
	return o, probs
}

// WriteOfficialsTemplate writes the roster template: the header, an example
// row and a sheet that explains the values.
func WriteOfficialsTemplate(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "人员名册"
	f.SetSheetName("Sheet1", sheet)
	text, _ := f.NewStyle(&excelize.Style{NumFmt: 49}) // "@": keep ID numbers as text
	head, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Color: []string{"DCE6F2"}, Pattern: 1}})
	example := []string{"320102199003071239", "张三", "district-a", "科长", "四级主任科员", "公务员", "是", "在职"}
	for i, c := range OfficialColumns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		f.SetCellStr(sheet, col+"1", c.Zh)
		f.SetCellStr(sheet, col+"2", example[i])
		f.SetColWidth(sheet, col, col, 18)
	}
	f.SetColStyle(sheet, "A", text)
	last, _ := excelize.ColumnNumberToName(len(OfficialColumns))
	f.SetCellStyle(sheet, "A1", last+"1", head)
	const help = "填写说明"
	f.NewSheet(help)
	notes := [][]string{
		{"列", "说明", "Column", "Notes"},
		{"身份证号码", "必填。已登记的号码更新该人员，未登记的号码新增人员。", "ID number", "Required. A registered number updates that official; a new one registers them."},
		{"姓名", "新增人员必填。", "Name", "Required for a new official."},
		{"单位编码", "新增人员必填，填写单位管理中的编码。", "Unit code", "Required for a new official: the unit's code in the units page."},
		{"人员类别", "公务员 或 事业单位人员；新增人员必填。", "Category", "civil_servant or public_institution; required for a new official."},
		{"中共党员", "是 或 否（新增人员空白为否）。", "Party member", "yes or no (blank is no for a new official)."},
		{"状态", "在职、退休 或 离职（新增人员空白为在职）。", "Status", "active, retired or left (blank is active for a new official)."},
		{"（空白）", "空白的单元格和文件中没有的列保持登记库中的值不变。", "(blank)", "A blank cell, or a column the file leaves out, keeps the registry's value."},
	}
	for r, line := range notes {
		for i, v := range line {
			cell, _ := excelize.CoordinatesToCellName(i+1, r+1)
			f.SetCellStr(help, cell, v)
		}
	}
	f.SetColWidth(help, "B", "B", 48)
	f.SetColWidth(help, "D", "D", 60)
	f.SetCellStyle(help, "A1", "D1", head)
	_, err := f.WriteTo(w)
	return err
}
