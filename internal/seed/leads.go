package seed

import (
	"fmt"
	"math/rand/v2"
	"time"

	"integrity/internal/domain"
)

// Problem leads (问题线索) come before most of the commission's work: a
// case opened (立案) was a lead first, and a first-form measure often closes
// a lead disposed of by a talk or a written inquiry (谈话函询). A few
// officials have a lead still being verified, and some leads end with no
// finding (了结). They are drawn with a generator of their own, so that
// the rest of the demo data stays as it was.
const (
	leadBeforeFirstForm = 40 // per cent of first-form measures that closed a lead
	leadOpenPerMille    = 12 // officials with a lead still open
	leadClosedPerMille  = 25 // officials with a lead concluded without finding
)

var openLeadStates = []string{"lead_accepted", "lead_preliminary", "lead_inquiry"}

const leadSummary = "信访举报反映其%s问题的线索（%s）。"

var leadCauses = []string{"违规收受礼品礼金", "违规公款吃喝", "插手工程项目", "工作作风不实", "违规经商办企业"}

func newLeadRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed^0x1eadc1a55, seed)) }

// leads appends the file's problem leads: each investigation's (立案, closed
// the day the case opened), some first-form measures' (了结), and now and
// then one still open or concluded without finding.
func (g *generator) leads(f *fileState, out []domain.Record) []domain.Record {
	if f.p.showcase() {
		return out // the demo official's file stays as the guides describe it
	}
	r := g.leadRnd
	days := int(f.to.Sub(f.from).Hours() / 24)
	for _, rec := range out[f.start:] {
		switch {
		case rec.Category == "investigation" && rec.State == domain.RecordActive:
			out = g.lead(f, out, "lead_filed", rec.DecisionDate.AddDate(0, 0, -30-r.IntN(90)), &rec.DecisionDate)
		case rec.Category == "first_form" && r.IntN(100) < leadBeforeFirstForm:
			out = g.lead(f, out, "lead_concluded", rec.DecisionDate.AddDate(0, 0, -20-r.IntN(40)), &rec.DecisionDate)
		}
	}
	if f.ended || days < 200 {
		return out
	}
	if r.IntN(1000) < leadOpenPerMille {
		out = g.lead(f, out, openLeadStates[r.IntN(len(openLeadStates))], f.to.AddDate(0, 0, -r.IntN(180)), nil)
	}
	if r.IntN(1000) < leadClosedPerMille {
		from := f.from.AddDate(0, 0, r.IntN(days-120))
		end := from.AddDate(0, 0, 30+r.IntN(90))
		out = g.lead(f, out, "lead_concluded", from, &end)
	}
	return out
}

// lead appends one lead, received on day (not before the file's first
// day), closed on ended (nil: open).
func (g *generator) lead(f *fileState, out []domain.Record, code string, day time.Time, ended *time.Time) []domain.Record {
	if day.Before(f.from) {
		day = f.from
	}
	if ended != nil && ended.Before(day) {
		return out
	}
	src := g.sources[sourceOf["lead"][0]]
	c, _ := g.cat.Code(code)
	d := day
	if ended != nil {
		e := *ended
		ended = &e
	}
	rec := domain.Record{SourceID: src.ID, SourceRef: fmt.Sprintf("demo-%d-%d-%d", g.seed, f.p.index, f.k), Category: "lead", Code: code,
		DecisionDate: day, EffectiveDate: &d, EndedOn: ended, Authority: src.Name, State: domain.RecordActive, Version: 1,
		Summary: fmt.Sprintf(leadSummary, leadCauses[g.leadRnd.IntN(len(leadCauses))], c.Zh)}
	f.k++
	return append(out, rec)
}
