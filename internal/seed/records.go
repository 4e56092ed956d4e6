package seed

import (
	"fmt"
	"math/rand/v2"
	"time"

	"integrity/internal/domain"
)

// recordMix says how often each category and code turns up among demo
// records. The proportions follow the Huai'an platform's figures in
// DOMAIN.md loosely: commendations and minor credit entries are common,
// sanctions rare, criminal records rarer still.
var recordMix = []struct {
	category string
	weight   int // per thousand records
	codes    []weighted
}{
	{"commendation", 300, []weighted{{"com_annual_excellent", 45}, {"com_citation", 35}, {"com_merit_3", 12}, {"com_merit_2", 5}, {"com_merit_1", 1}, {"com_honorary_title", 2}}},
	{"traffic", 220, []weighted{{"tr_points", 97}, {"tr_drunk_driving", 3}}},
	{"arrears", 100, []weighted{{"arr_unpaid", 85}, {"arr_court_confirmed", 15}}},
	{"first_form", 100, []weighted{{"ff_reminder_talk", 40}, {"ff_criticism", 30}, {"ff_self_examination", 15}, {"ff_admonishment", 15}}},
	{"accountability", 70, []weighted{{"acc_circulated", 70}, {"acc_other", 30}}},
	{"admin_penalty", 50, []weighted{{"ap_minor", 60}, {"ap_general", 30}, {"ap_serious", 10}}},
	{"personal_report", 40, []weighted{{"pr_omission", 80}, {"pr_concealment", 20}}},
	{"party_sanction", 40, []weighted{{"party_warning", 45}, {"party_serious_warning", 25}, {"party_removal_from_post", 8}, {"party_probation_1y", 8}, {"party_probation_2y", 6}, {"party_expulsion", 8}}},
	{"gov_sanction", 40, []weighted{{"gov_warning", 35}, {"gov_demerit", 25}, {"gov_major_demerit", 15}, {"gov_demotion", 10}, {"gov_dismissal_from_post", 10}, {"gov_expulsion", 5}}},
	{"org_handling", 20, []weighted{{"org_suspension", 20}, {"org_reassignment", 35}, {"org_ordered_resignation", 10}, {"org_removal", 20}, {"org_demotion", 15}}},
	{"judicial", 15, []weighted{{"jud_criminal", 25}, {"jud_bribery", 25}, {"jud_dishonest_debtor", 35}, {"jud_civil_unperformed", 15}}},
	{"investigation", 5, []weighted{{"inv_case_opened", 1}}},
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
	"org_handling":    {"org_dept"},
	"personal_report": {"org_dept"},
	"commendation":    {"org_dept", "hr_bureau"},
	"judicial":        {"court"},
	"traffic":         {"traffic_police"},
	"arrears":         {"water_utility", "power_utility"},
	"admin_penalty":   {"law_enforcement"},
}

var demoSources = []domain.Source{
	{Code: "jw_case", Name: "云州市纪委监委案件管理系统", NameEn: "Discipline commission case system", Categories: "party_sanction,gov_sanction,first_form,accountability,investigation"},
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

// newRecord makes one demo record for an official, dated within the window
// of `days` days before asOf.
func (g *generator) newRecord(o *domain.Official, place workplace, i, k int) domain.Record {
	r := g.rnd
	mix := g.pickCategory()
	code := pick(r, mix.codes)
	date := g.asOf.AddDate(0, 0, -r.IntN(g.windowDays))
	if code == "com_annual_excellent" {
		// Annual assessments are decided early in the following year.
		date = time.Date(date.Year(), 1, 10+r.IntN(60), 0, 0, 0, 0, time.UTC)
		if date.After(g.asOf) {
			date = date.AddDate(-1, 0, 0)
		}
	}
	srcs := sourceOf[mix.category]
	src := g.sources[srcs[r.IntN(len(srcs))]]
	c, _ := g.cat.Code(code)
	rec := domain.Record{
		OfficialID:   o.ID,
		SourceID:     src.ID,
		SourceRef:    fmt.Sprintf("demo-%d-%d-%d", g.seed, i, k),
		Category:     mix.category,
		Code:         code,
		DecisionDate: date,
		State:        domain.RecordActive,
		Version:      1,
	}
	rec.DocumentNo, rec.Authority = g.document(mix.category, date, place, src)
	rec.Summary = fmt.Sprintf(summaries[mix.category], g.cause(mix.category, code, src.Code), c.Zh)
	if c.OpenEnded && r.IntN(100) < 55 {
		// Most cases close and most debtors pay within a year or so.
		end := date.AddDate(0, 3+r.IntN(12), 0)
		if !end.After(g.asOf) {
			rec.EndedOn = &end
		}
	}
	if r.IntN(1000) < 3 {
		rec.State, rec.StateReason = domain.RecordRevoked, "经复查予以撤销"
	}
	return rec
}

// document returns a plausible document number (文号) and issuing authority.
func (g *generator) document(category string, date time.Time, place workplace, src domain.Source) (string, string) {
	r := g.rnd
	y, n := date.Year(), 1+r.IntN(300)
	local := cityName
	if place.district != "" {
		local = place.district
	}
	switch category {
	case "party_sanction", "gov_sanction", "first_form", "accountability", "investigation":
		return fmt.Sprintf("云纪发〔%d〕%d号", y, n), local + "纪委监委"
	case "org_handling", "personal_report":
		return fmt.Sprintf("云组干〔%d〕%d号", y, n), "中共" + cityName + "委组织部"
	case "commendation":
		return fmt.Sprintf("云人社发〔%d〕%d号", y, n), src.Name
	case "judicial":
		return fmt.Sprintf("（%d）云01刑初%d号", y, n), src.Name
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
	case source == "water_utility":
		return "逾期未缴纳水费"
	case source == "power_utility":
		return "逾期未缴纳电费"
	}
	cs := causes[category]
	return cs[g.rnd.IntN(len(cs))]
}
