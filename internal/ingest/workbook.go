package ingest

import (
	"io"

	"github.com/xuri/excelize/v2"

	"integrity/internal/catalogue"
)

// WriteTemplate writes the import template: one sheet with the Chinese
// headers and an example row, and a sheet listing every code of the
// catalogue, so a clerk can fill it in without the manual.
func WriteTemplate(w io.Writer, cat *catalogue.Catalogue) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "记录导入"
	f.SetSheetName("Sheet1", sheet)
	text, _ := f.NewStyle(&excelize.Style{NumFmt: 49}) // "@": keep ID numbers as text
	head, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Color: []string{"DCE6F2"}, Pattern: 1}})
	example := map[string]string{FieldIDNumber: "320102199003071239", FieldName: "张三", FieldSourceRef: "FY-2024-0001", FieldCategory: "司法",
		FieldCode: "民事判决未履行", FieldDecisionDate: "2024-03-05", FieldEffective: "2024-03-05", FieldDocumentNo: "（2024）云01民初123号",
		FieldAuthority: "云州市中级人民法院", FieldSummary: "逾期未履行生效判决"}
	for i, c := range Columns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		f.SetCellStr(sheet, col+"1", c.Zh)
		f.SetCellStr(sheet, col+"2", example[c.Field])
		f.SetColWidth(sheet, col, col, 18)
	}
	f.SetColStyle(sheet, "A", text)
	last, _ := excelize.ColumnNumberToName(len(Columns))
	f.SetCellStyle(sheet, "A1", last+"1", head)
	const codes = "事项代码表"
	f.NewSheet(codes)
	for i, h := range []string{"类别", "类别代码", "事项", "事项代码", "Category", "Code"} {
		col, _ := excelize.ColumnNumberToName(i + 1)
		f.SetCellStr(codes, col+"1", h)
	}
	row := 2
	for _, c := range cat.Categories {
		for _, k := range c.Codes {
			for i, v := range []string{c.Zh, c.Key, k.Zh, k.Key, c.En, k.En} {
				cell, _ := excelize.CoordinatesToCellName(i+1, row)
				f.SetCellStr(codes, cell, v)
			}
			row++
		}
	}
	f.SetCellStyle(codes, "A1", "F1", head)
	_, err := f.WriteTo(w)
	return err
}

// WriteErrorReport writes the problems of an import as a workbook: row,
// field (with its Chinese header) and message.
func WriteErrorReport(w io.Writer, problems func(yield func(FieldProblem) bool)) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "错误报告"
	f.SetSheetName("Sheet1", sheet)
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{"行号 Row", "字段 Field", "列名 Column", "问题 Problem"}); err != nil {
		return err
	}
	zh := map[string]string{}
	for _, c := range Columns {
		zh[c.Field] = c.Zh
	}
	row := 2
	var werr error
	problems(func(p FieldProblem) bool {
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if werr = sw.SetRow(cell, []any{p.Row, p.Field, zh[p.Field], p.Message}); werr != nil {
			return false
		}
		row++
		return true
	})
	if werr != nil {
		return werr
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}
