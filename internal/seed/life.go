package seed

import (
	"fmt"
	"slices"
	"time"

	"integrity/internal/domain"
)

// An official's file is a life, not a heap of independent records. Acts are
// drawn from the mix (records.go) on days while the official was in
// service, and worked through in time order:
//   - party sanctions only for party members;
//   - a party member's sanction often comes with the sanction of the other
//     kind for the same act, and sometimes with organisational handling:
//     one act reference (ActRef), one effective date (the longer effect
//     governs, DOMAIN.md "How periods combine"); a heavy one often follows
//     an investigation (立案) that it closes;
//   - expulsion (开除, 开除党籍; 双开 for a party member) ends the service;
//   - a conviction (刑事判决, 受贿/行贿判决, 醉驾: 危险驾驶罪) is normally
//     followed a little after the judgment by expulsion for the same act
//     (政务处分法 art. 14), and ends the service even without one;
//   - nothing is dated after the official left (expelled, retired or
//     resigned); whoever lost a leadership post holds a plain one;
//   - annual assessment results for the last years, decided in the first
//     quarter after, with the grade the law allows (assessments below).

// act is one event drawn for a file.
type act struct {
	category, code string
	date           time.Time
	keep           bool // never revoked: the demo official's records
}

// fileState is one official's file while it is written.
type fileState struct {
	p        *person
	from, to time.Time // the days the official's records fall on
	start    int       // their first record in the batch
	k        int       // how many records were made (their source references)
	ended    bool      // expelled or convicted: nothing more happens
}

// Shares, per cent.
const (
	pairShare       = 45 // a member's sanction with the other kind's for the act
	orgShare        = 15 // a middling sanction with organisational handling
	inquiryShare    = 40 // a heavy sanction after an investigation
	dualShare       = 90 // an expulsion of a member with the other kind's (双开)
	expelShare      = 90 // a conviction followed by expulsion
	lateEffectShare = 15 // a decision taking effect some days after it is made
	combinedShare   = 3  // a government decision stating a combined period
)

// twins are the sanctions of the other kind that come with one for the
// same act.
var twins = map[string][]string{
	"party_warning":           {"gov_warning", "gov_demerit"},
	"party_serious_warning":   {"gov_demerit", "gov_major_demerit"},
	"party_removal_from_post": {"gov_dismissal_from_post", "gov_demotion"},
	"party_probation_1y":      {"gov_demotion", "gov_dismissal_from_post"},
	"party_probation_2y":      {"gov_dismissal_from_post"},
	"gov_warning":             {"party_warning"},
	"gov_demerit":             {"party_warning", "party_serious_warning"},
	"gov_major_demerit":       {"party_serious_warning"},
	"gov_demotion":            {"party_probation_1y", "party_removal_from_post"},
	"gov_dismissal_from_post": {"party_removal_from_post", "party_probation_1y", "party_probation_2y"},
}

// govMonths is the standard period of each government sanction (政务处分法
// art. 8): what a decision for several violations may extend, and what a
// demerit-or-heavier one leaves ungraded.
var govMonths = map[string]int{"gov_warning": 6, "gov_demerit": 12, "gov_major_demerit": 18, "gov_demotion": 24, "gov_dismissal_from_post": 24}

var (
	heavy      = []string{"party_removal_from_post", "party_probation_1y", "party_probation_2y", "gov_demotion", "gov_dismissal_from_post"}
	withOrg    = []string{"party_serious_warning", "gov_demerit", "gov_major_demerit"}
	expulsions = []string{"party_expulsion", "gov_expulsion"}
	// convictions: 醉驾 is the crime 危险驾驶罪.
	convictions = []string{"jud_criminal", "jud_bribery", "tr_drunk_driving"}
	// lostPost: after these the official holds no leadership post.
	lostPost = []string{"gov_dismissal_from_post", "gov_demotion", "org_removal", "org_demotion", "org_ordered_resignation"}
)

// file writes an official's records after out and settles their status and
// post.
func (g *generator) file(p *person, out []domain.Record) []domain.Record {
	f := fileState{p: p, from: later(g.windowStart, p.entry), to: g.asOf, start: len(out)}
	if !p.leftOn.IsZero() && p.leftOn.Before(f.to) {
		f.to = p.leftOn
	}
	if f.to.Before(f.from) {
		return out
	}
	days := int(f.to.Sub(f.from).Hours() / 24)
	acts := g.acts[:0]
	for n := g.recordCount(g.otherMean); len(acts) < n; {
		acts = append(acts, g.drawAct(p, f.from, days))
	}
	if p.showcase() {
		// Something for the demo official to dispute (a court record, the
		// demo clerk's source) and to repair (a credit-type record).
		acts = append(acts, act{"judicial", "jud_civil_unperformed", f.from.AddDate(0, 0, g.rnd.IntN(days+1)), true},
			act{"traffic", "tr_points", f.from.AddDate(0, 0, g.rnd.IntN(days+1)), true})
	}
	slices.SortStableFunc(acts, func(a, b act) int { return a.date.Compare(b.date) })
	g.acts = acts
	for _, a := range acts {
		if f.ended || a.date.After(f.to) {
			break // the official has left
		}
		switch {
		case slices.Contains(convictions, a.code):
			out = g.conviction(&f, out, a)
		case slices.Contains(expulsions, a.code):
			out = g.expulsion(&f, out, a)
		case a.category == "party_sanction" || a.category == "gov_sanction":
			out = g.sanction(&f, out, a)
		default:
			out = g.plain(&f, out, a)
		}
	}
	out = g.assessments(&f, out)
	out = g.leads(&f, out)
	if p.o.Status == domain.OfficialLeft {
		// Nothing dated after they left: a decision made later (the other
		// body's for an act) is not on file, a listing lifted later stays
		// open, a decision takes effect by the day they left.
		kept := out[:f.start]
		for _, rec := range out[f.start:] {
			if rec.DecisionDate.After(f.to) {
				continue
			}
			if e := rec.EndedOn; e != nil && e.After(f.to) {
				rec.EndedOn = nil
			}
			if e := rec.EffectiveDate; e != nil && e.After(f.to) {
				t := f.to
				rec.EffectiveDate = &t
			}
			kept = append(kept, rec)
		}
		out = kept
	}
	for i := f.start; i < len(out); i++ {
		if out[i].State == domain.RecordActive && slices.Contains(lostPost, out[i].Code) {
			p.o.Post = plainPost(p.level, p.o.Category)
			break
		}
	}
	return out
}

// drawAct draws an act on one of the days after from: party sanctions only
// for party members, and nothing that ends a career for the demo official.
func (g *generator) drawAct(p *person, from time.Time, days int) act {
	for {
		m := g.pickCategory()
		if m.category == "party_sanction" && !p.o.PartyMember {
			continue
		}
		code := pick(g.rnd, m.codes)
		if p.showcase() && (slices.Contains(convictions, code) || slices.Contains(expulsions, code)) {
			continue
		}
		return act{category: m.category, code: code, date: from.AddDate(0, 0, g.rnd.IntN(days+1))}
	}
}

// leave ends the official's service on day: they have left, and nothing
// after it is recorded.
func (f *fileState) leave(day time.Time) {
	f.p.o.Status, f.p.leftOn, f.to, f.ended = domain.OfficialLeft, day, day, true
}

// effective is the day a decision of date takes effect: mostly that day,
// sometimes some days later, never after the file's last day.
func (g *generator) effective(f *fileState, date time.Time) *time.Time {
	e := date
	if g.rnd.IntN(100) < lateEffectShare {
		e = date.AddDate(0, 0, 1+g.rnd.IntN(14))
	}
	if e.After(f.to) {
		e = later(date, f.to)
	}
	return &e
}

// actRef returns a case reference for an act of year, unused in the file.
func (g *generator) actRef(f *fileState, out []domain.Record, year int) string {
	for {
		ref := fmt.Sprintf("云纪案〔%d〕%d号", year, 1+g.rnd.IntN(900))
		if !slices.ContainsFunc(out[f.start:], func(r domain.Record) bool { return r.ActRef == ref }) {
			return ref
		}
	}
}

// inquiry is the investigation (立案) of an act decided on day, opened some
// months before (not before the file's first day) and closed by the
// decision, under a case reference of the year it opened; ok is false when
// there is no room for it.
func (g *generator) inquiry(f *fileState, out []domain.Record, day time.Time, months int) (domain.Record, bool) {
	opened := day.AddDate(0, -months, -g.rnd.IntN(28))
	if opened.Before(f.from) {
		opened = f.from
	}
	if !opened.Before(day) {
		return domain.Record{}, false
	}
	rec := g.base(f, out, "investigation", "inv_case_opened", opened, "")
	end := day
	rec.EndedOn, rec.ActRef = &end, g.actRef(f, out, opened.Year())
	return rec, true
}

// caseRef is the reference of an act decided on day: its investigation's,
// when it had one (appended to out), else a new one.
func (g *generator) caseRef(f *fileState, out []domain.Record, day time.Time, inquired bool, months int) ([]domain.Record, string) {
	if inquired {
		if inv, ok := g.inquiry(f, out, day, months); ok {
			return append(out, inv), inv.ActRef
		}
	}
	return out, g.actRef(f, out, day.Year())
}

// plain writes an act that stands alone.
func (g *generator) plain(f *fileState, out []domain.Record, a act) []domain.Record {
	r := g.rnd
	rec := g.base(f, out, a.category, a.code, a.date, "")
	if a.category == "org_handling" {
		rec.EffectiveDate = g.effective(f, a.date)
	}
	if c, _ := g.cat.Code(a.code); c.OpenEnded && r.IntN(100) < 55 {
		// Most cases close and most debtors pay within a year or so: the
		// case is closed, or the court removes the listing.
		end := a.date.AddDate(0, 3+r.IntN(12), 0)
		if !end.After(f.to) {
			rec.EndedOn = &end
		}
	}
	if !a.keep && r.IntN(1000) < 3 {
		rec.State, rec.StateReason = domain.RecordRevoked, "经复查予以撤销"
	}
	return append(out, rec)
}

// sanction writes a party or government sanction short of expulsion, with
// what comes with it for the same act.
func (g *generator) sanction(f *fileState, out []domain.Record, a act) []domain.Record {
	r := g.rnd
	twin := f.p.o.PartyMember && r.IntN(100) < pairShare
	org := slices.Contains(withOrg, a.code) && r.IntN(100) < orgShare
	inquired := slices.Contains(heavy, a.code) && r.IntN(100) < inquiryShare
	cause, ref := "", ""
	if twin || org || inquired {
		cause = pickString(g, causes["party_sanction"])
		out, ref = g.caseRef(f, out, a.date, inquired, 3+r.IntN(6))
	}
	rec := g.base(f, out, a.category, a.code, a.date, cause)
	rec.EffectiveDate, rec.ActRef = g.effective(f, a.date), ref
	if m, ok := govMonths[a.code]; ok && r.IntN(100) < combinedShare {
		// Several violations of one kind in one decision: it states one
		// period between a single one and their sum, 48 months at most.
		months := m + 1 + r.IntN(min(m, 48-m))
		rec.PeriodMonths = &months
		rec.Summary += fmt.Sprintf("（多项违法行为合并处理，处分期间%d个月）", months)
	}
	if ref == "" && r.IntN(1000) < 3 {
		rec.State, rec.StateReason = domain.RecordRevoked, "经复查予以撤销"
	}
	out = append(out, rec)
	if twin {
		other := twins[a.code]
		code := other[r.IntN(len(other))]
		category := "gov_sanction"
		if a.category == "gov_sanction" {
			category = "party_sanction"
		}
		decided, eff := a.date, rec.EffectiveDate
		if r.IntN(100) < 20 {
			// The other body decided some days later; its decision takes
			// effect when made.
			decided = a.date.AddDate(0, 0, 3+r.IntN(18))
			if decided.After(f.to) {
				decided = a.date
			}
			eff = &decided
		}
		tw := g.base(f, out, category, code, decided, cause)
		tw.EffectiveDate, tw.ActRef = eff, ref
		out = append(out, tw)
	}
	if org {
		code := []string{"org_reassignment", "org_removal"}[r.IntN(2)]
		oh := g.base(f, out, "org_handling", code, a.date, "")
		oh.EffectiveDate, oh.ActRef = rec.EffectiveDate, ref
		out = append(out, oh)
	}
	return out
}

// expulsion writes an expulsion (and for a member usually both: 双开),
// often after an investigation, and ends the official's service.
func (g *generator) expulsion(f *fileState, out []domain.Record, a act) []domain.Record {
	r := g.rnd
	out, ref := g.caseRef(f, out, a.date, r.IntN(100) < 70, 4+r.IntN(8))
	codes := []string{a.code}
	if f.p.o.PartyMember && r.IntN(100) < dualShare {
		codes = []string{"party_expulsion", "gov_expulsion"}
	}
	for _, code := range codes {
		out = append(out, g.expel(f, out, code, a.date, ref, ""))
	}
	f.leave(a.date)
	return out
}

// expel is one expulsion record, effective the day it is decided.
func (g *generator) expel(f *fileState, out []domain.Record, code string, day time.Time, ref, crime string) domain.Record {
	category := "gov_sanction"
	if code == "party_expulsion" {
		category = "party_sanction"
	}
	rec := g.base(f, out, category, code, day, "")
	d := day
	rec.EffectiveDate, rec.ActRef = &d, ref
	if crime != "" {
		c, _ := g.cat.Code(code)
		rec.Summary = fmt.Sprintf("因犯%s被依法判处刑罚，给予%s处分。", crime, c.Zh)
	}
	return rec
}

// Crimes named by conviction summaries.
var crimes = map[string][]string{
	"jud_criminal":     {"滥用职权罪", "玩忽职守罪", "故意伤害罪", "交通肇事罪"},
	"jud_bribery":      {"受贿罪", "行贿罪"},
	"tr_drunk_driving": {"危险驾驶罪（醉酒驾驶机动车）"},
}

// conviction writes a judgment (or the drunk-driving record) and, normally,
// the expulsion that follows it for the same act; either way the official
// leaves public service.
func (g *generator) conviction(f *fileState, out []domain.Record, a act) []domain.Record {
	r := g.rnd
	crime := pickString(g, crimes[a.code])
	rec := g.base(f, out, a.category, a.code, a.date, "")
	final, lag := a.date, 30+r.IntN(90) // 醉驾: the court judges months after the police record
	if a.category == "judicial" {
		// A judgment takes effect once the time for appeal has passed.
		final = later(a.date, earlier(a.date.AddDate(0, 0, 11+r.IntN(10)), f.to))
		rec.EffectiveDate, lag = &final, 7+r.IntN(40)
		rec.Summary = fmt.Sprintf("经审理查明，其犯%s，人民法院判处有期徒刑%d年。", crime, 1+r.IntN(10))
		if a.code == "jud_bribery" {
			rec.Summary = fmt.Sprintf("经审理查明，其犯%s，人民法院判处有期徒刑%d年，并处罚金。", crime, 3+r.IntN(10))
		}
	}
	ref := rec.DocumentNo
	if a.code == "jud_bribery" {
		// A bribery case comes from the commission: its case number links
		// the investigation (closed when the case went to the
		// procuratorate), the judgment and the expulsion.
		out, ref = g.caseRef(f, out, a.date.AddDate(0, -2, 0), true, 4+r.IntN(6))
	}
	rec.ActRef = ref
	out = append(out, rec)
	left := final
	if r.IntN(100) < expelShare {
		left = earlier(final.AddDate(0, 0, lag), f.to)
		codes := []string{"gov_expulsion"}
		if f.p.o.PartyMember {
			codes = append(codes, "party_expulsion")
		}
		for _, code := range codes {
			out = append(out, g.expel(f, out, code, left, ref, crime))
		}
	}
	f.leave(left)
	return out
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func pickString(g *generator, list []string) string { return list[g.rnd.IntN(len(list))] }
