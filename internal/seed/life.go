package seed

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"integrity/internal/domain"
)

// The demo keeps to the law and to life. Each official's generated records
// are settled here, from a random stream of their own, so the main stream
// (and every earlier demo fact) stays as it was:
//   - party sanctions only for party members (others get the government
//     sanction of like weight);
//   - a government sanction of a party member often comes with the party
//     sanction for the same act (one act reference, one effective date);
//   - a conviction (刑事判决, 受贿/行贿, 醉驾: 危险驾驶罪) is followed by
//     expulsion from public employment for the same act (政务处分法 art.
//     14), and nobody expelled stays in post: they have left, and nothing
//     is recorded after;
//   - every active official has the annual assessment results of the last
//     two years, decided in the first quarter after, with no grade while a
//     demerit-or-heavier government sanction runs at the year's end;
//   - posts match ranks, and nobody past retirement age (60 for men, 55
//     for women, the rule before the 2025 gradual delay) is active.

// partyTwin is the party sanction that comes with a government one for the same act.
var partyTwin = map[string]string{
	"gov_warning": "party_warning", "gov_demerit": "party_serious_warning", "gov_major_demerit": "party_serious_warning",
	"gov_demotion": "party_removal_from_post", "gov_dismissal_from_post": "party_probation_1y", "gov_expulsion": "party_expulsion",
}

// govLike is the government sanction of like weight, for a non-member.
var govLike = map[string]string{
	"party_warning": "gov_warning", "party_serious_warning": "gov_demerit", "party_removal_from_post": "gov_major_demerit",
	"party_probation_1y": "gov_demotion", "party_probation_2y": "gov_dismissal_from_post", "party_expulsion": "gov_expulsion",
}

// noGradePeriod is the months a government sanction's period runs, for the assessments it leaves without a grade.
var noGradePeriod = map[string]int{"gov_demerit": 12, "gov_major_demerit": 18, "gov_demotion": 24, "gov_dismissal_from_post": 24}

var convictions = []string{"jud_criminal", "jud_bribery", "tr_drunk_driving"}

// postsByRank lists the posts each rank holds.
var postsByRank = map[string][]string{
	"二级科员": {"办事员", "科员"}, "一级科员": {"科员"},
	"四级主任科员": {"科员", "副科长"}, "三级主任科员": {"副科长", "副主任"},
	"二级主任科员": {"科长", "副主任"}, "一级主任科员": {"科长", "主任"},
	"四级调研员": {"副处长", "调研员"}, "三级调研员": {"副处长", "副局长"},
	"二级调研员": {"处长", "副书记"}, "一级调研员": {"处长", "局长"},
	"二级巡视员": {"局长", "书记"}, "一级巡视员": {"书记"},
}

// settle makes an official's records and status keep to the law; it
// returns the records to write.
func (g *generator) settle(o *domain.Official, recs []domain.Record, i int) []domain.Record {
	life := rand.New(rand.NewPCG(g.seed^0x5851f42d4c957f2d, uint64(i)))
	if ps := postsByRank[o.JobRank]; len(ps) > 0 && !slices.Contains(ps, o.Post) {
		o.Post = ps[(len(o.Name)+i)%len(ps)]
	}
	retireAt := 60
	if o.Gender == "F" {
		retireAt = 55
	}
	if o.Status == domain.OfficialActive && !o.BirthDate.AddDate(retireAt, 0, 0).After(g.asOf) {
		o.Status = domain.OfficialRetired
	}
	out := make([]domain.Record, 0, len(recs)+4)
	for k := range recs {
		r := recs[k]
		if r.Category == "party_sanction" && !o.PartyMember {
			c, _ := g.cat.Code(govLike[r.Code])
			r.Category, r.Code = "gov_sanction", c.Key
			r.Summary = fmt.Sprintf(summaries["gov_sanction"], "违反工作纪律", c.Zh)
		}
		eff := r.DecisionDate
		if life.IntN(100) < 15 {
			eff = eff.AddDate(0, 0, 1+life.IntN(10)) // served some days after the decision
			if eff.After(g.asOf) {
				eff = r.DecisionDate
			}
		}
		r.EffectiveDate = &eff
		out = append(out, r)
		act := fmt.Sprintf("云纪案〔%d〕%d号", r.DecisionDate.Year(), 1+life.IntN(900))
		switch {
		case r.Category == "gov_sanction" && o.PartyMember && r.State == domain.RecordActive && life.IntN(100) < 45:
			twin := r
			c, _ := g.cat.Code(partyTwin[r.Code])
			twin.Category, twin.Code, twin.SourceRef = "party_sanction", c.Key, r.SourceRef+"-p"
			twin.Summary = fmt.Sprintf(summaries["party_sanction"], "违反工作纪律", c.Zh)
			twin.DocumentNo = r.DocumentNo + "之一"
			out[len(out)-1].ActRef, twin.ActRef = act, act
			out = append(out, twin)
		case slices.Contains(convictions, r.Code) && r.State == domain.RecordActive:
			exp := r
			d := r.DecisionDate.AddDate(0, 0, 20+life.IntN(40))
			if d.After(g.asOf) {
				d = g.asOf
			}
			c, _ := g.cat.Code("gov_expulsion")
			exp.Category, exp.Code, exp.SourceRef, exp.DecisionDate, exp.EffectiveDate = "gov_sanction", c.Key, r.SourceRef+"-x", d, &d
			exp.SourceID = g.sources["jw_case"].ID
			exp.DocumentNo, exp.Authority = fmt.Sprintf("云监发〔%d〕%d号", d.Year(), 1+life.IntN(300)), "云州市监察委员会"
			exp.Summary = fmt.Sprintf(summaries["gov_sanction"], "因犯罪被判处刑罚", c.Zh)
			exp.EndedOn, exp.RepairedOn = nil, nil
			out[len(out)-1].ActRef, exp.ActRef = act, act
			out = append(out, exp)
		}
	}
	// Nobody expelled stays in post, and nothing is recorded after they left.
	if left, ok := expelledOn(out); ok {
		o.Status = domain.OfficialLeft
		kept := out[:0]
		for _, r := range out {
			if !r.DecisionDate.After(left) {
				kept = append(kept, r)
			}
		}
		out = kept
	}
	if o.Status == domain.OfficialActive {
		out = append(out, g.assessments(o, out, life, i)...)
	}
	return out
}

func expelledOn(recs []domain.Record) (time.Time, bool) {
	var on time.Time
	for _, r := range recs {
		if (r.Code == "gov_expulsion" || r.Code == "party_expulsion") && r.State == domain.RecordActive && (on.IsZero() || r.DecisionDate.Before(on)) {
			on = r.DecisionDate
		}
	}
	return on, !on.IsZero()
}

// assessments are the official's annual assessment results of the last two
// years: mostly 称职, some 优秀, rarely lower, and none given while a
// demerit-or-heavier government sanction runs at the year's end.
func (g *generator) assessments(o *domain.Official, recs []domain.Record, life *rand.Rand, i int) []domain.Record {
	src := g.sources["org_dept"]
	var out []domain.Record
	for year := g.asOf.Year() - 2; year < g.asOf.Year(); year++ {
		decided := time.Date(year+1, 1, 10+life.IntN(60), 0, 0, 0, 0, time.UTC)
		if decided.After(g.asOf) {
			continue
		}
		code := pick(life, []weighted{{"assess_competent", 84}, {"assess_excellent", 12}, {"assess_basic", 3}, {"assess_incompetent", 1}})
		yearEnd := time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC)
		for _, r := range recs {
			if m, ok := noGradePeriod[r.Code]; ok && r.State == domain.RecordActive && !r.Effective().After(yearEnd) &&
				(r.Effective().Year() == year || r.Effective().AddDate(0, m, 0).After(yearEnd)) {
				code = "assess_no_grade"
			}
		}
		c, _ := g.cat.Code(code)
		y := year
		out = append(out, domain.Record{OfficialID: o.ID, SourceID: src.ID, SourceRef: fmt.Sprintf("demo-%d-%d-a%d", g.seed, i, year),
			Category: domain.CategoryAnnualAssessment, Code: code, DecisionDate: decided, EffectiveDate: &decided, AssessmentYear: &y,
			Authority: src.Name, Summary: fmt.Sprintf("%d年度考核确定为%s。", year, c.Zh), State: domain.RecordActive, Version: 1})
	}
	return out
}
