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

// exportCheck downloads a check's verdicts as XLSX with Chinese headers,
// streamed row by row.
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
	purpose := chk.Purpose
	if pu, ok := ep.Purpose(chk.Purpose); ok {
		purpose = pu.Zh
	}
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "资格审查结果"
	f.SetSheetName("Sheet1", sheet)
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	year := ""
	if chk.AssessmentYear != nil {
		year = fmt.Sprintf("，考核年度 %d", *chk.AssessmentYear)
	}
	title := fmt.Sprintf("%s资格审查（第%d号，审查日期 %s%s，资格规则第%d版，积分政策第%d版，输入摘要 %s）", purpose, chk.ID,
		chk.AsOf.Format("2006-01-02"), year, chk.EligibilityVersion, chk.ScoringVersion, chk.InputDigest[:16])
	if err := sw.SetRow("A1", []any{title}); err != nil {
		return err
	}
	if err := sw.SetRow("A2", []any{"行号", "姓名", "身份证号码/编号", "所在部门", "审查结论", "原因", "最早符合日期", "处理结果", "处理说明"}); err != nil {
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
			from = fmt.Sprintf("%d 年度", *res.EligibleFromYear)
		} else if r.Verdict == eligibility.Ineligible || r.Verdict == eligibility.NeedsReview {
			from = "无确定日期"
		}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		werr = sw.SetRow(cell, []any{r.RowNo, r.Name, r.InputRef, r.DepartmentName, verdictZh[r.Verdict], reasonText(res.Reasons, ep, cat),
			from, outcomeZh[r.Outcome], r.OutcomeNote})
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

// reasonText writes a verdict's reasons in Chinese, one per line: the bar,
// the record's code and dates, the records of the same act or decision
// that run beside it, and the legal source.
func reasonText(reasons []eligibility.Reason, ep *eligibility.Policy, cat *catalogue.Catalogue) string {
	var lines []string
	for _, r := range reasons {
		line := ep.ReasonLabel(r.Code).Zh
		if code, ok := cat.Code(r.RecordCode); ok {
			line += "：" + code.Zh + "（" + r.DecidedOn + "）"
		}
		switch {
		case r.Until != "":
			line += "，至 " + r.Until + " 止"
		case r.Permanent:
			line += "，长期"
		case r.OpenEnded:
			line += "，未结束"
		}
		if len(r.LinkedRecordIDs) > 0 {
			ids := make([]string, len(r.LinkedRecordIDs))
			for i, id := range r.LinkedRecordIDs {
				ids[i] = fmt.Sprintf("#%d", id)
			}
			line += "（与记录 " + strings.Join(ids, "、") + " 为同一行为或同一决定，按影响期长的执行）"
		}
		if r.CombinedBy == eligibility.CombinedDuringPeriod {
			line += "（处分期间又受处分，期间相加）"
		}
		if r.Disputed {
			line += "〔异议处理中〕"
		}
		if r.Source != "" {
			line += "〔依据：" + r.Source + "〕"
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}
