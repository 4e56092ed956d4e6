package httpapi

import (
	"fmt"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/xuri/excelize/v2"
)

// statisticsWords are the words of the four forms' workbook, in Chinese
// (the default) and English.
var statisticsWords = map[string]map[string]string{
	"zh": {"summary": "总体", "trend": "趋势", "units": "单位对比", "form": "形态", "handlings": "人次", "people": "人数", "share": "占比（%）",
		"period": "期间", "unit": "单位", "own": "（本级）", "total": "合计", "forms": "第一种形态,第二种形态,第三种形态,第四种形态",
		"title": "%s 监督执纪“四种形态”统计（%s 至 %s）"},
	"en": {"summary": "Summary", "trend": "Trend", "units": "Units", "form": "Form", "handlings": "Handlings", "people": "People", "share": "Share (%)",
		"period": "Period", "unit": "Unit", "own": " (own level)", "total": "Total", "forms": "Form 1,Form 2,Form 3,Form 4",
		"title": "%s: the four forms of discipline enforcement (%s to %s)"},
}

// exportFourForms downloads the four forms of a unit and period as XLSX:
// the summary, the trend and the units side by side, in the reader's
// language (Accept-Language, Chinese by default).
func (s *Server) exportFourForms(c echo.Context) error {
	r, err := s.formsOf(c)
	if err != nil {
		return err
	}
	lang, unitName := "zh", r.Unit.Name
	if english(c) {
		lang = "en"
		if r.Unit.NameEn != "" {
			unitName = r.Unit.NameEn
		}
	}
	w := statisticsWords[lang]
	forms := strings.Split(w["forms"], ",")
	last := r.To.AddDate(0, 0, -1).Format("2006-01-02")
	title := fmt.Sprintf(w["title"], unitName, r.From.Format("2006-01-02"), last)

	rows := [][]any{{title}, {w["form"], w["handlings"], w["people"], w["share"]}}
	for i, f := range r.Forms {
		rows = append(rows, []any{forms[i], f.Handlings, f.People, f.Share})
	}
	rows = append(rows, []any{w["total"], r.Handlings, r.People, 100})
	sheets := [][][]any{rows}

	trend := [][]any{{title}, append([]any{w["period"]}, anys(forms)...)}
	for _, b := range r.Trend {
		trend = append(trend, []any{b.Period, b.Handlings[0], b.Handlings[1], b.Handlings[2], b.Handlings[3]})
	}
	sheets = append(sheets, trend)

	units := [][]any{{title}, append(append([]any{w["unit"]}, anys(forms)...), w["total"])}
	for _, u := range r.Units {
		name := u.Department.Name
		if lang == "en" && u.Department.NameEn != "" {
			name = u.Department.NameEn
		}
		if u.Own {
			name += w["own"]
		}
		units = append(units, []any{name, u.Handlings[0], u.Handlings[1], u.Handlings[2], u.Handlings[3], u.Total})
	}
	sheets = append(sheets, units)

	f := excelize.NewFile()
	defer f.Close()
	for i, name := range []string{w["summary"], w["trend"], w["units"]} {
		if i == 0 {
			f.SetSheetName("Sheet1", name)
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		for j, row := range sheets[i] {
			cell, _ := excelize.CoordinatesToCellName(1, j+1)
			if err := f.SetSheetRow(name, cell, &row); err != nil {
				return err
			}
		}
		if err := f.SetColWidth(name, "A", "A", 28); err != nil {
			return err
		}
	}
	c.Response().Header().Set(echo.HeaderContentType, xlsxType)
	c.Response().Header().Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="four-forms-%d-%s.xlsx"`, r.Unit.ID, r.From.Format("20060102")))
	c.Response().Header().Set("Cache-Control", "no-store")
	_, err = f.WriteTo(c.Response())
	return err
}

func anys(words []string) []any {
	out := make([]any, len(words))
	for i, w := range words {
		out[i] = w
	}
	return out
}
