package seed

import (
	"fmt"
	"math/rand/v2"
	"time"

	"integrity/internal/domain"
)

// recordMix says how often each category and code turns up among the acts
// drawn for demo files. The proportions follow the Huai'an platform's
// figures in DOMAIN.md loosely: commendations and minor credit entries are
// common, sanctions rare, and what ends a career (expulsion, a conviction)
// rarer still: a few officials in a hundred over the six years. Annual
// assessment results, and the records that come with an act (the party
// sanction beside the government one, the expulsion after a conviction),
// are made in life.go.
var recordMix = []mixEntry{
	{"commendation", 270, []weighted{{"com_citation", 35}, {"com_merit_3", 12}, {"com_merit_2", 5}, {"com_merit_1", 1}, {"com_honorary_title", 2}}},
	{"traffic", 220, []weighted{{"tr_points", 99}, {"tr_drunk_driving", 1}}},
	{"arrears", 100, []weighted{{"arr_unpaid", 85}, {"arr_court_confirmed", 15}}},
	{"first_form", 100, []weighted{{"ff_reminder_talk", 40}, {"ff_criticism", 30}, {"ff_self_examination", 15}, {"ff_admonishment", 15}}},
	{"accountability", 70, []weighted{{"acc_circulated", 70}, {"acc_other", 30}}},
	{"admin_penalty", 50, []weighted{{"ap_minor", 60}, {"ap_general", 30}, {"ap_serious", 10}}},
	{"personal_report", 40, []weighted{{"pr_omission", 80}, {"pr_concealment", 20}}},
	{"party_sanction", 40, []weighted{{"party_warning", 48}, {"party_serious_warning", 27}, {"party_removal_from_post", 8}, {"party_probation_1y", 8}, {"party_probation_2y", 6}, {"party_expulsion", 3}}},
	{"gov_sanction", 40, []weighted{{"gov_warning", 38}, {"gov_demerit", 27}, {"gov_major_demerit", 15}, {"gov_demotion", 9}, {"gov_dismissal_from_post", 9}, {"gov_expulsion", 2}}},
	{"org_handling", 20, []weighted{{"org_suspension", 20}, {"org_reassignment", 35}, {"org_ordered_resignation", 10}, {"org_removal", 20}, {"org_demotion", 15}}},
	{"judicial", 15, []weighted{{"jud_criminal", 8}, {"jud_bribery", 8}, {"jud_dishonest_debtor", 54}, {"jud_civil_unperformed", 30}}},
	{"investigation", 5, []weighted{{"inv_case_opened", 1}}},
}

type mixEntry struct {
	category string
	weight   int // per thousand acts
	codes    []weighted
}

// usedCodes lists every code the generator writes.
func usedCodes() []string {
	var codes []string
	for _, m := range recordMix {
		for _, c := range m.codes {
			codes = append(codes, c.key)
		}
	}
	codes = append(codes, openLeadStates...)
	return append(codes, "lead_filed", "lead_concluded", "com_annual_excellent", "assess_excellent", "assess_competent", "assess_basic",
		"assess_incompetent", "assess_no_grade", "org_reassignment", "org_removal")
}

type weighted struct {
	key    string
	weight int
}

func pick(r *rand.Rand, items []weighted) string {
	total := 0
	for _, it := range items {
		total += it.weight
	}
	n := r.IntN(total)
	for _, it := range items {
		if n < it.weight {
			return it.key
		}
		n -= it.weight
	}
	return items[len(items)-1].key
}

// sourceOf names the demo source that submits each category.
var sourceOf = map[string][]string{
	"party_sanction":  {"jw_case"},
	"gov_sanction":    {"jw_case"},
	"first_form":      {"jw_case"},
	"accountability":  {"jw_case"},
	"investigation":   {"jw_case"},
	"lead":            {"jw_case"},
	"org_handling":    {"org_dept"},
	"personal_report": {"org_dept"},
	"commendation":    {"org_dept", "hr_bureau"},
	"judicial":        {"court"},
	"traffic":         {"traffic_police"},
	"arrears":         {"water_utility", "power_utility"},
	"admin_penalty":   {"law_enforcement"},
}

var demoSources = []domain.Source{
	{Code: "jw_case", Name: "云州市纪委监委案件管理系统", NameEn: "Discipline commission case system", Categories: "party_sanction,gov_sanction,first_form,accountability,investigation,lead"},
	{Code: "org_dept", Name: "云州市委组织部干部管理系统", NameEn: "Organisation department cadre system", Categories: "org_handling,personal_report,commendation,annual_assessment"},
	{Code: "hr_bureau", Name: "云州市人社局奖惩系统", NameEn: "HR bureau awards system", Categories: "commendation"},
	{Code: "court", Name: "云州市中级人民法院", NameEn: "Yunzhou Intermediate People's Court", Categories: "judicial"},
	{Code: "traffic_police", Name: "云州市公安局交通警察支队", NameEn: "Yunzhou traffic police", Categories: "traffic"},
	{Code: "water_utility", Name: "云州水务集团", NameEn: "Yunzhou Water Group", Categories: "arrears"},
	{Code: "power_utility", Name: "国网云州供电公司", NameEn: "Yunzhou Power Supply Company", Categories: "arrears"},
	{Code: "law_enforcement", Name: "云州市综合行政执法局", NameEn: "Yunzhou Administrative Law Enforcement Bureau", Categories: "admin_penalty"},
}

var summaries = map[string]string{
	"party_sanction":  "违反中央八项规定精神，%s，给予%s处分。",
	"gov_sanction":    "在履行职责中%s，给予%s处分。",
	"org_handling":    "因%s，对其采取%s措施。",
	"first_form":      "反映其%s，经核实予以%s。",
	"accountability":  "在工作中%s，予以%s。",
	"judicial":        "%s，经人民法院作出%s。",
	"admin_penalty":   "%s，被处以%s行政处罚。",
	"traffic":         "%s，被认定为%s。",
	"arrears":         "%s，形成%s记录。",
	"personal_report": "报告个人有关事项时%s，认定为%s。",
	"commendation":    "%s，获%s。",
	"investigation":   "%s，经批准%s审查调查。",
}

var causes = map[string][]string{
	"party_sanction": {"违规收受礼品礼金", "违规公款吃喝", "违规发放津贴补贴", "违规操办婚丧喜庆事宜"},
	"gov_sanction":   {"玩忽职守造成不良影响", "违规审批项目", "履职不力", "违反工作纪律"},
	"org_handling":   {"工作失职造成重大损失", "群众反映强烈", "履职不到位"},
	"first_form":     {"工作作风不实", "存在苗头性倾向性问题", "落实责任不到位"},
	"accountability": {"落实主体责任不力", "监管责任落实不到位", "安全生产责任落实不力"},
	"judicial":       {"经审理查明", "因合同纠纷", "经依法审理"},
	"admin_penalty":  {"违反城市管理规定", "违规占道经营", "违反环境保护规定"},
	"traffic":        {"驾驶机动车超速行驶", "驾驶机动车违反交通信号灯", "驾驶机动车不按规定车道行驶"},

	"personal_report": {"未如实报告房产情况", "未报告配偶子女从业情况", "未报告投资情况"},
	"commendation":    {"工作实绩突出", "在重大任务中表现优秀", "年度考核成绩优异"},
	"investigation":   {"涉嫌严重违纪违法", "涉嫌违反组织纪律"},
}

// base makes a record of the official's file: its source, document number,
// issuing authority and summary, with the cause given or, when "", one
// drawn. It is active and dated on date; the caller adds what the act says.
func (g *generator) base(f *fileState, out []domain.Record, category, code string, date time.Time, cause string) domain.Record {
	r := g.rnd
	srcs := sourceOf[category]
	src := g.sources[srcs[r.IntN(len(srcs))]]
	c, _ := g.cat.Code(code)
	rec := domain.Record{
		SourceID:     src.ID,
		SourceRef:    fmt.Sprintf("demo-%d-%d-%d", g.seed, f.p.index, f.k),
		Category:     category,
		Code:         code,
		DecisionDate: date,
		State:        domain.RecordActive,
		Version:      1,
	}
	d := date // in effect when made, unless the caller says otherwise
	rec.EffectiveDate = &d
	f.k++
	for {
		rec.DocumentNo, rec.Authority = g.document(category, code, date, f.p.place, src)
		if !hasDocument(out[f.start:], rec.DocumentNo) {
			break // one number per decision within a file: a shared one would join two decisions
		}
	}
	if cause == "" {
		cause = g.cause(category, code, src.Code)
	}
	rec.Summary = fmt.Sprintf(summaries[category], cause, c.Zh)
	return rec
}

func hasDocument(recs []domain.Record, no string) bool {
	for i := range recs {
		if recs[i].DocumentNo == no {
			return true
		}
	}
	return false
}

// document returns a plausible document number (文号) and issuing authority.
func (g *generator) document(category, code string, date time.Time, place workplace, src domain.Source) (string, string) {
	r := g.rnd
	y, n := date.Year(), 1+r.IntN(300)
	local := cityName
	if place.district != "" {
		local = place.district
	}
	switch category {
	case "party_sanction", "first_form", "accountability":
		return fmt.Sprintf("云纪发〔%d〕%d号", y, n), local + "纪委监委"
	case "gov_sanction":
		return fmt.Sprintf("云监发〔%d〕%d号", y, n), local + "纪委监委"
	case "investigation":
		return fmt.Sprintf("云纪立〔%d〕%d号", y, n), local + "纪委监委"
	case "org_handling", "personal_report":
		return fmt.Sprintf("云组干〔%d〕%d号", y, n), "中共" + cityName + "委组织部"
	case "commendation":
		return fmt.Sprintf("云人社发〔%d〕%d号", y, n), src.Name
	case "judicial":
		kind := map[string]string{"jud_dishonest_debtor": "执", "jud_civil_unperformed": "民初"}[code]
		if kind == "" {
			kind = "刑初"
		}
		return fmt.Sprintf("（%d）云01%s%d号", y, kind, n), src.Name
	case "admin_penalty":
		return fmt.Sprintf("云执法罚〔%d〕%d号", y, n), src.Name
	case "traffic":
		return fmt.Sprintf("320801%010d", r.Int64N(1e10)), src.Name
	default:
		return fmt.Sprintf("QJ%d-%06d", y, r.IntN(1000000)), src.Name
	}
}

// cause picks the circumstance a record's summary names, matching the code
// and the source where that matters.
func (g *generator) cause(category, code, source string) string {
	switch {
	case code == "tr_drunk_driving":
		return "醉酒驾驶机动车"
	case code == "party_expulsion" || code == "gov_expulsion":
		return "严重违反廉洁纪律，构成严重职务违法"
	case source == "water_utility":
		return "逾期未缴纳水费"
	case source == "power_utility":
		return "逾期未缴纳电费"
	}
	cs := causes[category]
	return cs[g.rnd.IntN(len(cs))]
}
