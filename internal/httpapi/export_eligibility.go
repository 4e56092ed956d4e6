package httpapi

import (
	"fmt"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/xuri/excelize/v2"

	"integrity/internal/catalogue"
	"integrity/internal/domain"
	"integrity/internal/eligibility"
)

var verdictZh = map[string]string{eligibility.Eligible: "符合", eligibility.Ineligible: "不符合",
	eligibility.NeedsReview: "需人工复核", domain.NotFoundVerdict: "未找到（未登记或不在权限范围内）"}

var outcomeZh = map[string]string{"candidate_removed": "取消人选", "promotion_postponed": "暂缓提拔", "commendation_withdrawn": "撤销表彰",
	"qualification_revoked": "取消资格", "proceeded": "按程序推进", "other": "其他"}

var verdictEn = map[string]string{eligibility.Eligible: "Eligible", eligibility.Ineligible: "Ineligible",
	eligibility.NeedsReview: "Needs review", domain.NotFoundVerdict: "Not found (not registered or outside your scope)"}

var outcomeEn = map[string]string{"candidate_removed": "Candidate removed", "promotion_postponed": "Promotion postponed",
	"commendation_withdrawn": "Commendation withdrawn", "qualification_revoked": "Qualification revoked", "proceeded": "Proceeded", "other": "Other"}

// checkWords are a check export's words in one language.
type checkWords struct {
	en                 bool
	sheet, title, year string
	header             []any
	verdict, outcome   map[string]string
	fromYear, noDate   string
}

func checkWordsFor(en bool) checkWords {
	if en {
		return checkWords{en: true, sheet: "Eligibility check", year: ", assessment year %d",
			title:   "%s eligibility check (no. %d, as of %s%s, eligibility policy v%d, scoring policy v%d, input digest %s)",
			header:  []any{"Row", "Name", "ID number / official", "Department", "Verdict", "Reasons", "Earliest eligible", "Outcome", "Outcome note"},
			verdict: verdictEn, outcome: outcomeEn, fromYear: "year %d", noDate: "no certain date"}
	}
	return checkWords{sheet: "资格审查结果", year: "，考核年度 %d",
		title:   "%s资格审查（第%d号，审查日期 %s%s，资格规则第%d版，积分政策第%d版，输入摘要 %s）",
		header:  []any{"行号", "姓名", "身份证号码/编号", "所在部门", "审查结论", "原因", "最早符合日期", "处理结果", "处理说明"},
		verdict: verdictZh, outcome: outcomeZh, fromYear: "%d 年度", noDate: "无确定日期"}
}

// exportCheck downloads a check's verdicts as XLSX in the reader's language
// (Accept-Language; Chinese by default), streamed row by row.
func (s *Server) exportCheck(c echo.Context) error {
	_, chk, err := s.ownCheck(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	ep, err := s.app.EligibilityPolicy(ctx)
	if err != nil {
		return err
	}
	cat, err := s.app.Catalogue(ctx)
	if err != nil {
		return err
	}
	w := checkWordsFor(english(c))
	purpose := chk.Purpose
	if pu, ok := ep.Purpose(chk.Purpose); ok {
		purpose = label(pu.Label, w.en)
	}
	f := excelize.NewFile()
	defer f.Close()
	sheet := w.sheet
	f.SetSheetName("Sheet1", sheet)
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	year := ""
	if chk.AssessmentYear != nil {
		year = fmt.Sprintf(w.year, *chk.AssessmentYear)
	}
	title := fmt.Sprintf(w.title, purpose, chk.ID, chk.AsOf.Format("2006-01-02"), year, chk.EligibilityVersion, chk.ScoringVersion, chk.InputDigest[:16])
	if err := sw.SetRow("A1", []any{title}); err != nil {
		return err
	}
	if err := sw.SetRow("A2", w.header); err != nil {
		return err
	}
	row := 3
	var werr error
	err = s.app.EachCheckResult(ctx, callerOf(c), chk, func(r domain.EligibilityResult) bool {
		res := toResult(r)
		from := ""
		if res.EligibleFrom != nil {
			from = *res.EligibleFrom
		} else if res.EligibleFromYear != nil {
			from = fmt.Sprintf(w.fromYear, *res.EligibleFromYear)
		} else if r.Verdict == eligibility.Ineligible || r.Verdict == eligibility.NeedsReview {
			from = w.noDate
		}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		werr = sw.SetRow(cell, []any{r.RowNo, r.Name, r.InputRef, r.DepartmentName, w.verdict[r.Verdict], reasonText(res.Reasons, ep, cat, w.en),
			from, w.outcome[r.Outcome], r.OutcomeNote})
		row++
		return werr == nil
	})
	if err != nil {
		return err
	}
	if werr != nil {
		return werr
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentType, xlsxType)
	c.Response().Header().Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="eligibility-check-%d.xlsx"`, chk.ID))
	c.Response().Header().Set("Cache-Control", "no-store")
	_, err = f.WriteTo(c.Response())
	return err
}

// reasonText writes a verdict's reasons in Chinese (or English), one per
// line: the bar, the record's code and dates, the records of the same act
// or decision that run beside it, and the legal source.
func reasonText(reasons []eligibility.Reason, ep *eligibility.Policy, cat *catalogue.Catalogue, en bool) string {
	say := func(zh, english string) string {
		if en {
			return english
		}
		return zh
	}
	var lines []string
	for _, r := range reasons {
		line := label(ep.ReasonLabel(r.Code), en)
		if code, ok := cat.Code(r.RecordCode); ok {
			line += say("：", ": ") + label(code.Label, en) + say("（", " (") + r.DecidedOn + say("）", ")")
		}
		switch {
		case r.Until != "":
			line += say("，至 "+r.Until+" 止", ", until "+r.Until)
		case r.Permanent:
			line += say("，长期", ", permanent")
		case r.OpenEnded:
			line += say("，未结束", ", not ended")
		}
		if len(r.LinkedRecordIDs) > 0 {
			ids := make([]string, len(r.LinkedRecordIDs))
			for i, id := range r.LinkedRecordIDs {
				ids[i] = fmt.Sprintf("#%d", id)
			}
			line += say("（与记录 "+strings.Join(ids, "、")+" 为同一行为或同一决定，按影响期长的执行）",
				" (the same act or decision as records "+strings.Join(ids, ", ")+": the longer period applies)")
		}
		if r.CombinedBy == eligibility.CombinedDuringPeriod {
			line += say("（处分期间又受处分，期间相加）", " (sanctioned again during a period: the periods add up)")
		}
		if r.Disputed {
			line += say("〔异议处理中〕", " [under dispute]")
		}
		if r.Source != "" {
			line += say("〔依据："+r.Source+"〕", " [source: "+r.Source+"]")
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}
