package ingest

import "strings"

// Canonical field names of a record row.
const (
	FieldIDNumber     = "id_number"
	FieldName         = "name"
	FieldSourceRef    = "source_ref"
	FieldCategory     = "category"
	FieldCode         = "code"
	FieldDecisionDate = "decision_date"
	FieldEndedOn      = "ended_on"
	FieldEffective    = "effective_date"
	FieldPeriodMonths = "period_months"
	FieldActRef       = "act_ref"
	FieldAssessYear   = "assessment_year"
	FieldDocumentNo   = "document_no"
	FieldAuthority    = "authority"
	FieldSummary      = "summary"
)

// Columns lists the fields in template order, with the Chinese header the
// template uses.
var Columns = []struct{ Field, Zh, En string }{
	{FieldIDNumber, "身份证号码", "ID number"},
	{FieldName, "姓名", "Name"},
	{FieldSourceRef, "来源编号", "Source reference"},
	{FieldCategory, "记录类别", "Category"},
	{FieldCode, "记录事项", "Code"},
	{FieldDecisionDate, "决定日期", "Decision date"},
	{FieldEffective, "生效日期", "Effective date"},
	{FieldPeriodMonths, "影响期（月）", "Period (months)"},
	{FieldEndedOn, "结束日期", "Ended on"},
	{FieldActRef, "案件编号", "Act reference"},
	{FieldAssessYear, "考核年度", "Assessment year"},
	{FieldDocumentNo, "文号", "Document number"},
	{FieldAuthority, "决定机关", "Issuing authority"},
	{FieldSummary, "简要情况", "Summary"},
}

// headerAliases maps the header names seen in practice onto fields.
var headerAliases = map[string]string{}

func init() {
	add := func(field string, names ...string) {
		for _, n := range names {
			headerAliases[normHeader(n)] = field
		}
	}
	add(FieldIDNumber, "身份证号码", "身份证号", "公民身份号码", "证件号码", "身份证", "id_number", "id number", "idnumber", "id_no", "citizen id")
	add(FieldName, "姓名", "name", "人员姓名")
	add(FieldSourceRef, "来源编号", "来源业务编号", "业务编号", "编号", "source_ref", "source ref", "source reference", "reference", "ref")
	add(FieldCategory, "记录类别", "类别", "记录类型", "类型", "category", "type")
	add(FieldCode, "记录事项", "事项", "处理结果", "处分种类", "代码", "记录代码", "code", "item")
	add(FieldDecisionDate, "决定日期", "作出日期", "处理日期", "日期", "决定时间", "decision_date", "decision date", "date")
	add(FieldEffective, "生效日期", "生效时间", "effective_date", "effective date", "effective")
	add(FieldPeriodMonths, "影响期（月）", "影响期(月)", "影响期", "处分期间（月）", "处分期间(月)", "处分期间", "期限（月）", "period_months", "period (months)", "period")
	add(FieldActRef, "案件编号", "关联编号", "案号", "同一行为编号", "act_ref", "act ref", "act reference", "case reference")
	add(FieldAssessYear, "考核年度", "年度", "assessment_year", "assessment year", "year")
	add(FieldEndedOn, "结束日期", "解除日期", "撤销日期", "ended_on", "ended on", "end date")
	add(FieldDocumentNo, "文号", "文书编号", "决定书文号", "document_no", "document no", "document number", "doc no")
	add(FieldAuthority, "决定机关", "作出机关", "处理机关", "机关", "authority", "issuing authority")
	add(FieldSummary, "简要情况", "事由", "摘要", "备注", "summary", "remarks", "note")
}

func normHeader(s string) string {
	s = strings.ToLower(clean(s))
	s = strings.TrimSuffix(strings.TrimSuffix(s, "*"), "（必填）")
	s = strings.TrimSuffix(s, "(必填)")
	return strings.TrimSpace(s)
}

// Header maps a file's header row onto fields: index → field. Unknown
// columns are ignored; a field named twice is an error.
type Header struct {
	cols []string // field of each column, "" when ignored
}

// ParseHeader reads the header row. It returns the missing required fields
// and the columns named twice as field errors on row 1.
func ParseHeader(cells []string) (Header, []FieldProblem) {
	h := Header{cols: make([]string, len(cells))}
	seen := map[string]bool{}
	var problems []FieldProblem
	for i, c := range cells {
		f := headerAliases[normHeader(c)]
		if f == "" {
			continue
		}
		if seen[f] {
			problems = append(problems, FieldProblem{Row: 1, Field: f, Message: "the column appears twice"})
			continue
		}
		seen[f] = true
		h.cols[i] = f
	}
	for _, f := range []string{FieldIDNumber, FieldSourceRef, FieldCode, FieldDecisionDate} {
		if !seen[f] {
			problems = append(problems, FieldProblem{Row: 1, Field: f, Message: "the column is missing (see the template)"})
		}
	}
	return h, problems
}

// Fields turns one data row into field → raw value.
func (h Header) Fields(cells []string) map[string]string {
	m := make(map[string]string, len(h.cols))
	for i, f := range h.cols {
		if f != "" && i < len(cells) {
			m[f] = cells[i]
		}
	}
	return m
}

// FieldProblem is one problem of one row: the row number as a person counts
// rows in the file (the header is row 1), the field and what is wrong.
type FieldProblem struct {
	Row     int    `json:"row"`
	Field   string `json:"field"`
	Message string `json:"message"`
}
