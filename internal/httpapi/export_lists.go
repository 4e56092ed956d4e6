package httpapi

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/xuri/excelize/v2"

	"integrity/internal/domain"
)

// Lists export to XLSX what their filters select: GET /api/v1/<list>/export
// takes the list's own query parameters (not its page), reads page after
// page through the list's own use case (so each page is audited as the list
// is, in the caller's scope), and answers one workbook whose header row is
// in the reader's language (Accept-Language; Chinese by default). The
// number of rows comes first in X-Export-Rows.

// maxExportRows is the most rows one export holds; more is refused, asking
// for narrower filters.
const maxExportRows = 100_000

// exportPageSize is how many rows each read of an export takes.
const exportPageSize = 1000

// exportPage reads one page of a list's rows for export, and how many rows
// the filters select in all.
type exportPage func(p domain.Page) (rows [][]any, total int64, err error)

// english reports whether the reader asked for English.
func english(c echo.Context) bool {
	return strings.HasPrefix(strings.ToLower(c.Request().Header.Get("Accept-Language")), "en")
}

// label is a label in the reader's language, or its key when it has none.
func label(l domain.Label, en bool) string {
	switch {
	case en && l.En != "":
		return l.En
	case !en && l.Zh != "":
		return l.Zh
	}
	return l.Key
}

// exportList writes the workbook: the header (zh and en, comma-separated),
// then every page's rows.
func exportList(c echo.Context, name, zh, en string, read exportPage) error {
	header := zh
	if english(c) {
		header = en
	}
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", anys(strings.Split(header, ","))); err != nil {
		return err
	}
	line, total := 2, int64(-1)
	for p := 1; total < 0 || int64((p-1)*exportPageSize) < total; p++ {
		rows, n, err := read(domain.Page{Number: p, Size: exportPageSize})
		if err != nil {
			return err
		}
		if total < 0 && n > maxExportRows {
			return domain.Invalid("too many rows to export", domain.FieldError{Field: "export",
				Message: fmt.Sprintf("the filters select %d rows; at most %d are exported at once: narrow them", n, maxExportRows)})
		}
		total = n
		for _, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, line)
			if err := sw.SetRow(cell, r); err != nil {
				return err
			}
			line++
		}
		if len(rows) < exportPageSize {
			break
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, xlsxType)
	h.Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s-%s.xlsx"`, name, time.Now().Format("20060102-150405")))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Export-Rows", strconv.Itoa(line-2))
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return err
	}
	// The length lets the browser show the download's progress.
	h.Set(echo.HeaderContentLength, strconv.Itoa(buf.Len()))
	c.Response().WriteHeader(http.StatusOK)
	_, err = buf.WriteTo(c.Response())
	return err
}

// rowsOf turns a page of a list into the export's rows.
func rowsOf[R any](rows []R, total int64, err error, row func(R) []any) ([][]any, int64, error) {
	out := make([][]any, 0, len(rows))
	for _, r := range rows {
		out = append(out, row(r))
	}
	return out, total, err
}

// when writes an optional instant; dayOf an optional day; empty for none.
func when(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format("2006-01-02 15:04:05")
}

func dayOf(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(time.DateOnly)
}

// yes marks a true flag in the reader's language; false is left blank.
func yes(b, en bool) string {
	switch {
	case !b:
		return ""
	case en:
		return "yes"
	}
	return "是"
}

func (s *Server) exportRecords(c echo.Context) error {
	f, err := recordFilter(c)
	if err != nil {
		return err
	}
	cat, err := s.app.Catalogue(c.Request().Context())
	if err != nil {
		return err
	}
	en := english(c)
	return exportList(c, "records", "记录编号,姓名,身份证号码（脱敏）,类别,事项,决定日期,生效日期,结束日期,文号,作出机关,来源,状态,异议中",
		"Record,Name,ID number (masked),Category,Code,Decided on,Effective,Ended on,Document number,Authority,Source,State,Disputed",
		func(p domain.Page) ([][]any, int64, error) {
			f.Page.Number, f.Page.Size = p.Number, p.Size // the sort stays the list's
			rows, total, err := s.app.Records(c.Request().Context(), callerOf(c), f)
			return rowsOf(rows, total, err, func(r domain.RecordRow) []any {
				catName, codeName := r.Category, r.Code
				if k, ok := cat.Category(r.Category); ok {
					catName = label(k.Label, en)
				}
				if k, ok := cat.Code(r.Code); ok {
					codeName = label(k.Label, en)
				}
				return []any{r.ID, r.OfficialName, r.IDNumberMasked, catName, codeName, r.DecisionDate.Format(time.DateOnly),
					r.Effective().Format(time.DateOnly), dayOf(r.EndedOn), r.DocumentNo, r.Authority, r.SourceName, r.State, yes(r.UnderDispute, en)}
			})
		})
}

func (s *Server) exportWarnings(c echo.Context) error {
	f, err := warningFilter(c)
	if err != nil {
		return err
	}
	wp, err := s.app.WarningPolicy(c.Request().Context())
	if err != nil {
		return err
	}
	en := english(c)
	return exportList(c, "warnings", "预警编号,姓名,身份证号码（脱敏）,单位,规则,级别,状态,触发时间,确认人,处理人,处理时间,处理说明",
		"Warning,Name,ID number (masked),Department,Rule,Level,State,Raised at,Acknowledged by,Resolved by,Resolved at,Note",
		func(p domain.Page) ([][]any, int64, error) {
			f.Page.Number, f.Page.Size = p.Number, p.Size // the sort stays the list's
			rows, total, err := s.app.Warnings(c.Request().Context(), callerOf(c), f)
			return rowsOf(rows, total, err, func(w domain.WarningRow) []any {
				rule := w.Rule
				if r, ok := wp.Rule(w.Rule); ok {
					rule = label(r.Label, en)
				}
				return []any{w.ID, w.OfficialName, w.IDNumberMasked, w.DepartmentName, rule, w.Level, w.State, when(&w.RaisedAt),
					w.AckedBy, w.ResolvedBy, when(w.ResolvedAt), w.ResolutionNote}
			})
		})
}

func (s *Server) exportLookups(c echo.Context) error {
	f, mine, err := lookupFilter(c)
	if err != nil {
		return err
	}
	lp, err := s.app.LookupPolicy(c.Request().Context())
	if err != nil {
		return err
	}
	en := english(c)
	now := s.app.Now()
	return exportList(c, "lookups", "申请编号,申请人,事由,查阅对象,申请模块,批准模块,状态,审批人,审批时间,查阅截止,查看次数",
		"Lookup,Requested by,Purpose,Officials,Modules asked,Modules granted,State,Decided by,Decided at,Access until,Views",
		func(p domain.Page) ([][]any, int64, error) {
			f.Page.Number, f.Page.Size = p.Number, p.Size // the sort stays the list's
			rows, total, err := s.app.Lookups(c.Request().Context(), callerOf(c), mine, f)
			return rowsOf(rows, total, err, func(l domain.LookupRow) []any {
				purpose := l.Purpose
				if pu, ok := lp.Purpose(l.Purpose); ok {
					purpose = label(pu.Label, en)
				}
				names := make([]string, len(l.Officials))
				for i, o := range l.Officials {
					names[i] = o.Name + " " + o.IDNumberMasked
				}
				return []any{l.ID, l.Requester, purpose, strings.Join(names, "；"), l.Modules, l.Granted, toLookup(l, now).State, l.DecidedBy,
					when(l.DecidedAt), when(l.AccessUntil), l.Views}
			})
		})
}

func (s *Server) exportAudit(c echo.Context) error {
	f, err := auditFilter(c)
	if err != nil {
		return err
	}
	en := english(c)
	return exportList(c, "audit", "编号,时间,操作人,操作人姓名,角色,地址,操作,对象类型,对象,对象名称,结果,请求编号,详情,哈希",
		"Entry,At,Actor,Actor's name,Role,Address,Action,Target type,Target,Target's name,Outcome,Request,Detail,Hash",
		func(p domain.Page) ([][]any, int64, error) {
			f.Page.Number, f.Page.Size = p.Number, p.Size // the sort stays the list's
			rows, total, err := s.app.AuditTrail(c.Request().Context(), callerOf(c).Actor(), f)
			if err != nil {
				return nil, 0, err
			}
			names, err := s.app.AuditNames(c.Request().Context(), rows)
			return rowsOf(rows, total, err, func(e domain.AuditEntry) []any {
				r := toAudit(e, names)
				return []any{e.ID, when(&e.At), e.Actor, r.ActorName, auditName(auditRoles, e.Role, en), e.IP, auditName(auditActions, e.Action, en),
					auditName(auditTargetTypes, e.TargetType, en), e.TargetID, r.TargetName, auditName(auditOutcomes, e.Outcome, en), e.RequestID, e.Detail, e.Hash}
			})
		})
}

func (s *Server) exportOfficials(c echo.Context) error {
	f, idNumber, err := officialFilter(c)
	if err == nil {
		err = s.withScores(c, &f)
	}
	if err != nil {
		return err
	}
	zh, en := "编号,姓名,身份证号码（脱敏）,单位,职务,职级,人员类别,状态", "Official,Name,ID number (masked),Department,Post,Rank,Category,Status"
	grades := map[string]domain.Label{}
	if f.WithScores {
		zh, en = zh+",分值,等级", en+",Score,Grade"
		pol, err := s.app.ScoringPolicy(c.Request().Context())
		if err != nil {
			return err
		}
		for _, g := range pol.Grades {
			grades[g.Key] = g.Label
		}
	}
	lang := english(c)
	return exportList(c, "officials", zh, en,
		func(p domain.Page) ([][]any, int64, error) {
			f.Page.Number, f.Page.Size = p.Number, p.Size // the sort stays the list's
			rows, total, err := s.app.ListOfficials(c.Request().Context(), callerOf(c).Actor(), callerOf(c).Scope(), f, idNumber)
			return rowsOf(rows, total, noSuchDepartment(f, err), func(o domain.OfficialRow) []any {
				r := toOfficial(o)
				row := []any{r.ID, r.Name, r.IDNumberMasked, r.DepartmentName, r.Post, r.JobRank, r.Category, r.Status}
				if f.WithScores {
					score := any("")
					if r.Score != nil {
						score = *r.Score
					}
					grade := ""
					if r.Grade != "" {
						grade = label(grades[r.Grade], lang)
						if grade == "" {
							grade = r.Grade
						}
					}
					row = append(row, score, grade)
				}
				return row
			})
		})
}
