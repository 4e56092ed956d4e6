package eligibility

import (
	"slices"
	"time"

	"integrity/internal/domain"
	"integrity/internal/scoring"
)

// Verdicts.
const (
	Eligible    = "eligible"
	Ineligible  = "ineligible"
	NeedsReview = "needs_review"
)

// Reasons that do not come from a bar's own reason code.
const (
	ReasonGradeBelowMinimum  = "grade_below_minimum"
	ReasonScoreBelowMinimum  = "score_below_minimum"
	ReasonCategoryNotCovered = "category_not_covered"
)

const dateLayout = "2006-01-02"

// yearsAhead is how far a year-judged verdict looks for the first
// assessment year from which no bar holds.
const yearsAhead = 60

// Reason is one thing that bars the purpose: the rule that decided, the
// record behind it and the day the bar ends (exclusive: eligible again on
// that day).
type Reason struct {
	Code string `json:"code"`
	// Rule is the id of the policy's bar that decided; Source its legal source.
	Rule        string `json:"rule,omitempty"`
	Source      string `json:"source,omitempty"`
	RecordID    int64  `json:"record_id,omitempty"`
	Category    string `json:"category,omitempty"`
	RecordCode  string `json:"record_code,omitempty"`
	DecidedOn   string `json:"decided_on,omitempty"`
	EffectiveOn string `json:"effective_on,omitempty"`
	// Until is the first day the bar no longer holds; empty when it is
	// permanent or open-ended.
	Until     string `json:"until,omitempty"`
	Permanent bool   `json:"permanent,omitempty"`
	OpenEnded bool   `json:"open_ended,omitempty"`
	// Disputed: the record's data is under dispute, so the verdict needs a person.
	Disputed bool `json:"disputed,omitempty"`
	// LinkedRecordIDs are the other records of the same act or decision:
	// they run side by side with the governing one and do not govern.
	LinkedRecordIDs []int64 `json:"linked_record_ids,omitempty"`
	// CombinedBy names the combining rule that set Until (one_act,
	// one_decision, during_period); Combined is true when one did.
	CombinedBy     string  `json:"combined_by,omitempty"`
	CombinedSource string  `json:"combined_source,omitempty"`
	Combined       bool    `json:"combined,omitempty"`
	AssessmentYear int     `json:"assessment_year,omitempty"`
	Grade          string  `json:"grade,omitempty"`
	MinGrade       string  `json:"min_grade,omitempty"`
	Score          float64 `json:"score,omitempty"`
	MinScore       float64 `json:"min_score,omitempty"`
}

// Verdict is the answer for one official and purpose on a day, or for an
// assessment year.
type Verdict struct {
	Purpose string   `json:"purpose"`
	Verdict string   `json:"verdict"`
	Reasons []Reason `json:"reasons"`
	// EligibleFrom is the earliest day every bar has ended, when each of
	// them ends; empty for an eligible official, when a bar is permanent
	// or open-ended, and for a year-judged purpose.
	EligibleFrom string `json:"eligible_from,omitempty"`
	// AssessmentYear is the year a year-judged purpose was judged for;
	// EligibleFromYear the first later year no bar holds, when known.
	AssessmentYear   int     `json:"assessment_year,omitempty"`
	EligibleFromYear int     `json:"eligible_from_year,omitempty"`
	Score            float64 `json:"score"`
	Grade            string  `json:"grade"`
	AsOf             string  `json:"as_of"`
}

// Request is what a check asks: the purpose, the day of the check, the
// assessment year (a year-judged purpose; 0: the check day's year) and the
// official's category ("" reads every bar).
type Request struct {
	Purpose          string
	AsOf             time.Time
	AssessmentYear   int
	OfficialCategory string
}

// Check decides whether an official with these records may be considered
// for the purpose. Records decided or taking effect after the check day
// are not known yet and do not count. ENOTFOUND if the policy has no such
// purpose.
func Check(records []domain.Record, sp *scoring.Policy, ep *Policy, req Request) (Verdict, error) {
	pu, ok := ep.Purpose(req.Purpose)
	if !ok {
		return Verdict{}, domain.NotFound("purpose")
	}
	j := judge{asOf: day(req.AsOf)}
	if pu.AssessmentYear {
		j.year = req.AssessmentYear
		if j.year == 0 {
			j.year = j.asOf.Year()
		}
	}
	score := scoring.Score(records, sp, j.asOf)
	v := Verdict{Purpose: pu.Key, Reasons: []Reason{}, Score: score.Score.Float(), Grade: score.Grade.Key,
		AsOf: j.asOf.Format(dateLayout), AssessmentYear: j.year}
	if req.OfficialCategory != "" && !applies(pu.OfficialCategories, req.OfficialCategory) {
		v.Reasons = append(v.Reasons, Reason{Code: ReasonCategoryNotCovered, OpenEnded: true})
	}
	var all []held // every bar's windows, for the first free year
	barred := 0
	for _, b := range pu.Bars {
		if req.OfficialCategory != "" && !applies(b.OfficialCategories, req.OfficialCategory) {
			continue
		}
		for _, u := range ep.units(b, ep.windows(b, records, j.asOf)) {
			all = append(all, held{b, u.gov})
			if j.holds(b, u.gov, j.year) {
				v.Reasons = append(v.Reasons, ep.reason(b, u, j.year))
				barred++
			}
		}
	}
	if r, ok := minimumReason(pu, records, sp, score, j.asOf); ok {
		v.Reasons = append(v.Reasons, r)
	}
	v.Verdict = Eligible
	latest, bounded := "", true
	for _, r := range v.Reasons {
		switch {
		case !r.Disputed:
			v.Verdict = Ineligible
		case v.Verdict == Eligible:
			v.Verdict = NeedsReview
		}
		if r.Until == "" {
			bounded = false
		} else if r.Until > latest {
			latest = r.Until
		}
	}
	switch {
	case v.Verdict == Eligible:
	case j.year != 0:
		if barred == len(v.Reasons) {
			v.EligibleFromYear = j.firstFreeYear(all)
		}
	case bounded:
		v.EligibleFrom = latest
	}
	return v, nil
}

// held is a bar with one of its windows.
type held struct {
	bar Bar
	w   window
}

// judge is the day of a check and, for a year-judged purpose, the year.
type judge struct {
	asOf time.Time
	year int // 0: judged for the day
}

// holds reports whether a bar holds through window w: on the check day, or
// for assessment year y when y is not 0. A sanction bars year y when it
// took effect in y or still runs at y's end; a calendar-year bar when its
// record took effect in one of its years; an open bar when it is open on
// the day of the check (an assessment waits for a case to close).
func (j judge) holds(b Bar, w window, y int) bool {
	if y == 0 || b.Period == PeriodOpen {
		return w.covers(j.asOf)
	}
	yearEnd := time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)
	switch b.Period {
	case PeriodCalendarYear:
		return w.start.Year() <= y && w.start.Year() > y-max(b.Years, 1)
	case PeriodAssessmentWindow:
		return w.covers(yearEnd)
	case PeriodPermanent:
		return true
	}
	return w.start.Year() == y || (!w.start.After(yearEnd) && w.covers(yearEnd))
}

// firstFreeYear is the first assessment year after the judged one for
// which none of the bars holds; 0 when one holds for ever.
func (j judge) firstFreeYear(all []held) int {
	for y := j.year + 1; y <= j.year+yearsAhead; y++ {
		if !slices.ContainsFunc(all, func(h held) bool { return j.holds(h.bar, h.w, y) }) {
			return y
		}
	}
	return 0
}

// window is when one record's bar holds: from its effective date until
// until (exclusive), for ever when permanent, or until ended when open.
type window struct {
	rec       *domain.Record
	start     time.Time
	months    int // the period in months, for adding; 0 when not months-based or cut short
	until     *time.Time
	permanent bool
	chained   bool // until was extended by a sanction during a running period
}

func (w window) covers(d time.Time) bool {
	return !w.start.After(d) && (w.permanent || w.until == nil || d.Before(*w.until))
}

// governs reports whether w's effect is longer than o's: permanent, then
// open-ended, then the later end; ties go to the earlier record.
func (w window) governs(o window) bool {
	rank := func(x window) int {
		switch {
		case x.permanent:
			return 2
		case x.until == nil:
			return 1
		}
		return 0
	}
	if rank(w) != rank(o) {
		return rank(w) > rank(o)
	}
	if w.until != nil && o.until != nil && !w.until.Equal(*o.until) {
		return w.until.After(*o.until)
	}
	return w.rec.ID < o.rec.ID
}

// windows returns the windows of the active records the bar covers that
// have taken effect by asOf.
func (p *Policy) windows(b Bar, records []domain.Record, asOf time.Time) []window {
	var ws []window
	for i := range records {
		r := &records[i]
		if r.State != domain.RecordActive || !b.matches(r.Category, r.Code) || day(r.DecisionDate).After(asOf) || day(r.Effective()).After(asOf) {
			continue
		}
		ws = append(ws, p.windowOf(b, r))
	}
	return ws
}

func (p *Policy) windowOf(b Bar, r *domain.Record) window {
	w := window{rec: r, start: day(r.Effective())}
	end := func(t time.Time) { w.until = &t }
	switch b.Period {
	case PeriodRecord:
		ip := p.periodOf[r.Code]
		if ip.Permanent {
			w.permanent = true
			break
		}
		w.months = ip.Months
		if r.PeriodMonths != nil && *r.PeriodMonths > 0 {
			w.months = *r.PeriodMonths
		}
		end(scoring.AddMonths(w.start, w.months))
	case PeriodFixed:
		w.months = b.Months
		end(scoring.AddMonths(w.start, b.Months))
	case PeriodCalendarYear:
		end(time.Date(w.start.Year()+max(b.Years, 1), 1, 1, 0, 0, 0, 0, time.UTC))
	case PeriodAssessmentWindow:
		assessed := w.start.Year() - 1
		if r.AssessmentYear != nil {
			assessed = *r.AssessmentYear
		}
		end(time.Date(assessed+b.Years+1, 1, 1, 0, 0, 0, 0, time.UTC))
	case PeriodPermanent:
		w.permanent = true
	case PeriodOpen:
		// ends only when the record is ended, below
	}
	// A record ended (a case closed, a listing removed, a sanction lifted
	// early) or repaired stops barring on that day.
	for _, stop := range []*time.Time{r.EndedOn, r.RepairedOn} {
		if stop != nil && !w.permanent && (w.until == nil || day(*stop).Before(*w.until)) {
			end(day(*stop))
			w.months = 0
		}
	}
	return w
}

// unit is the records that bar together: the governing window and the
// other records of its act or decision, which run beside it.
type unit struct {
	gov        window
	linked     []int64
	combinedBy string
	disputed   bool // every record of the unit is disputed
}

// units combines a bar's windows as the law does. Records of one decision
// (the same document number) run side by side and the longest governs
// (the decision states any combined period itself); then, for the
// categories the policy names, a decision taking effect while an earlier
// period runs lasts what is left of it plus its own period, capped; then
// the records of one act (the same act reference: a party and a government
// sanction, or a sanction and organisational handling) run side by side
// and the longest governs. Nothing else is ever added.
func (p *Policy) units(b Bar, ws []window) []unit {
	decisions := group(ws, func(w window) string { return w.rec.DocumentNo }, CombinedOneDecision)
	if b.Period == PeriodRecord {
		p.chain(decisions)
	}
	byAct := map[string]int{}
	var out []unit
	for _, d := range decisions {
		ref := d.gov.rec.ActRef
		for _, id := range d.linked {
			if ref != "" {
				break
			}
			ref = actRefOf(ws, id)
		}
		i, seen := byAct[ref]
		if ref == "" || !seen {
			if ref != "" {
				byAct[ref] = len(out)
			}
			out = append(out, d)
			continue
		}
		a := &out[i]
		a.disputed = a.disputed && d.disputed
		if d.gov.governs(a.gov) {
			a.linked = append(append(a.linked, a.gov.rec.ID), d.linked...)
			a.gov, a.combinedBy = d.gov, d.combinedBy
		} else {
			a.linked = append(a.linked, append([]int64{d.gov.rec.ID}, d.linked...)...)
		}
		if !a.gov.chained {
			a.combinedBy = CombinedOneAct
		}
		slices.Sort(a.linked)
	}
	return out
}

func actRefOf(ws []window, id int64) string {
	for _, w := range ws {
		if w.rec.ID == id {
			return w.rec.ActRef
		}
	}
	return ""
}

// group merges windows sharing a non-empty key into units, the longest
// governing, in the order their first window came.
func group(ws []window, key func(window) string, combinedBy string) []unit {
	at := map[string]int{}
	out := make([]unit, 0, len(ws))
	for _, w := range ws {
		k := key(w)
		i, seen := at[k]
		if k == "" || !seen {
			if k != "" {
				at[k] = len(out)
			}
			out = append(out, unit{gov: w, disputed: w.rec.UnderDispute})
			continue
		}
		u := &out[i]
		u.disputed = u.disputed && w.rec.UnderDispute
		if w.governs(u.gov) {
			u.linked = append(u.linked, u.gov.rec.ID)
			u.gov = w
		} else {
			u.linked = append(u.linked, w.rec.ID)
		}
		u.combinedBy = combinedBy
		slices.Sort(u.linked)
	}
	return out
}

// chain applies the during-period rule to the decisions of the categories
// it names, in the order they took effect.
func (p *Policy) chain(ds []unit) {
	dp := p.Combining.DuringPeriod
	if len(dp.Categories) == 0 || dp.MaxMonths < 1 {
		return
	}
	order := make([]int, 0, len(ds))
	for i, d := range ds {
		if slices.Contains(dp.Categories, d.gov.rec.Category) && d.gov.until != nil && !d.gov.permanent {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if c := ds[a].gov.start.Compare(ds[b].gov.start); c != 0 {
			return c
		}
		return int(ds[a].gov.rec.ID - ds[b].gov.rec.ID)
	})
	var running *time.Time
	for _, i := range order {
		g := &ds[i].gov
		if running != nil && g.start.Before(*running) && g.months > 0 {
			ext := scoring.AddMonths(*running, g.months)
			if limit := scoring.AddMonths(g.start, dp.MaxMonths); ext.After(limit) {
				ext = limit
			}
			if ext.After(*g.until) {
				g.until, g.chained = &ext, true
				ds[i].combinedBy = CombinedDuringPeriod
			}
		}
		if running == nil || g.until.After(*running) {
			running = g.until
		}
	}
}

func (p *Policy) reason(b Bar, u unit, year int) Reason {
	w := u.gov
	r := Reason{Code: b.Reason, Rule: b.ruleID(), Source: b.Source, RecordID: w.rec.ID, Category: w.rec.Category,
		RecordCode: w.rec.Code, DecidedOn: day(w.rec.DecisionDate).Format(dateLayout), EffectiveOn: w.start.Format(dateLayout),
		Disputed: u.disputed, LinkedRecordIDs: u.linked, CombinedBy: u.combinedBy, Combined: u.combinedBy != "", AssessmentYear: year}
	switch u.combinedBy {
	case CombinedOneAct:
		r.CombinedSource = p.Combining.OneAct.Source
	case CombinedOneDecision:
		r.CombinedSource = p.Combining.OneDecision.Source
	case CombinedDuringPeriod:
		r.CombinedSource = p.Combining.DuringPeriod.Source
	}
	switch {
	case w.permanent:
		r.Permanent = true
	case w.until != nil:
		r.Until = w.until.Format(dateLayout)
	default:
		r.OpenEnded = true
	}
	return r
}

// minimumReason checks the purpose's minimum grade and score. The bar ends
// on the first day from which the current records, as they expire, keep
// the official at or above the minimum; it is open-ended when they never do.
func minimumReason(pu Purpose, records []domain.Record, sp *scoring.Policy, score scoring.Result, asOf time.Time) (Reason, bool) {
	rank := func(g string) int {
		return slices.IndexFunc(sp.Grades, func(x scoring.Grade) bool { return x.Key == g })
	}
	var meets func(scoring.Points, string) bool
	r := Reason{Grade: score.Grade.Key, Score: score.Score.Float()}
	switch {
	case pu.MinGrade != "" && rank(score.Grade.Key) > rank(pu.MinGrade):
		r.Code, r.MinGrade = ReasonGradeBelowMinimum, pu.MinGrade
		meets = func(_ scoring.Points, g string) bool { return rank(g) <= rank(pu.MinGrade) }
	case pu.MinScore != nil && score.Score < scoring.FromFloat(*pu.MinScore):
		r.Code, r.MinScore = ReasonScoreBelowMinimum, *pu.MinScore
		meets = func(s scoring.Points, _ string) bool { return s >= scoring.FromFloat(*pu.MinScore) }
	default:
		return Reason{}, false
	}
	r.Rule = r.Code
	hist := scoring.History(records, sp, asOf, asOf.AddDate(20, 0, 0))
	from := ""
	for i := len(hist) - 1; i >= 0 && meets(hist[i].Score, hist[i].Grade); i-- {
		from = hist[i].Date
	}
	if from != "" && from > asOf.Format(dateLayout) {
		r.Until = from
	} else {
		r.OpenEnded = true
	}
	return r, true
}

func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
