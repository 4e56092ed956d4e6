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
	ReasonGradeBelowMinimum = "grade_below_minimum"
	ReasonScoreBelowMinimum = "score_below_minimum"
)

const dateLayout = "2006-01-02"

// Reason is one thing that bars the purpose, with the record behind it
// and the day the bar ends (exclusive: eligible again on that day).
type Reason struct {
	Code       string `json:"code"`
	RecordID   int64  `json:"record_id,omitempty"`
	Category   string `json:"category,omitempty"`
	RecordCode string `json:"record_code,omitempty"`
	DecidedOn  string `json:"decided_on,omitempty"`
	// Until is the first day the bar no longer holds; empty when it is
	// permanent or open-ended.
	Until     string `json:"until,omitempty"`
	Permanent bool   `json:"permanent,omitempty"`
	OpenEnded bool   `json:"open_ended,omitempty"`
	// Disputed: the record is under dispute, so the verdict needs a person.
	Disputed bool `json:"disputed,omitempty"`
	// Combined: the period is the sum of the sanctions decided that day.
	Combined bool    `json:"combined,omitempty"`
	Grade    string  `json:"grade,omitempty"`
	MinGrade string  `json:"min_grade,omitempty"`
	Score    float64 `json:"score,omitempty"`
	MinScore float64 `json:"min_score,omitempty"`
}

// Verdict is the answer for one official and purpose on a day.
type Verdict struct {
	Purpose string   `json:"purpose"`
	Verdict string   `json:"verdict"`
	Reasons []Reason `json:"reasons"`
	// EligibleFrom is the earliest day every bar has ended, when each of
	// them ends; empty for an eligible official and when a bar is
	// permanent or open-ended.
	EligibleFrom string  `json:"eligible_from,omitempty"`
	Score        float64 `json:"score"`
	Grade        string  `json:"grade"`
	AsOf         string  `json:"as_of"`
}

// Check decides whether an official with these records may be considered
// for the purpose on asOf. ENOTFOUND if the policy has no such purpose.
func Check(records []domain.Record, sp *scoring.Policy, ep *Policy, purpose string, asOf time.Time) (Verdict, error) {
	pu, ok := ep.Purpose(purpose)
	if !ok {
		return Verdict{}, domain.NotFound("purpose")
	}
	asOf = day(asOf)
	score := scoring.Score(records, sp, asOf)
	v := Verdict{Purpose: purpose, Reasons: []Reason{}, Score: score.Score.Float(), Grade: score.Grade.Key, AsOf: asOf.Format(dateLayout)}
	for _, b := range pu.Bars {
		v.Reasons = append(v.Reasons, ep.barReasons(b, records, asOf)...)
	}
	if r, ok := minimumReason(pu, records, sp, score, asOf); ok {
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
	if v.Verdict != Eligible && bounded {
		v.EligibleFrom = latest
	}
	return v, nil
}

// window is when one record's bar holds: from its decision until until
// (exclusive), or for ever when until is nil.
type window struct {
	rec       domain.Record
	months    int // the period in months, for combining; 0 when not months-based
	until     *time.Time
	permanent bool
	combined  bool
}

func (p *Policy) barReasons(b Bar, records []domain.Record, asOf time.Time) []Reason {
	var ws []window
	for _, r := range records {
		if r.State != domain.RecordActive || !b.matches(r.Category, r.Code) || day(r.DecisionDate).After(asOf) {
			continue
		}
		ws = append(ws, p.windowOf(b, r))
	}
	if b.Combine {
		p.combine(ws)
	}
	var out []Reason
	for _, w := range ws {
		if w.until != nil && !asOf.Before(*w.until) {
			continue // the bar has ended
		}
		r := Reason{Code: b.Reason, RecordID: w.rec.ID, Category: w.rec.Category, RecordCode: w.rec.Code,
			DecidedOn: day(w.rec.DecisionDate).Format(dateLayout), Disputed: w.rec.UnderDispute, Combined: w.combined}
		switch {
		case w.until != nil:
			r.Until = w.until.Format(dateLayout)
		case w.permanent:
			r.Permanent = true
		default:
			r.OpenEnded = true
		}
		out = append(out, r)
	}
	return out
}

func (p *Policy) windowOf(b Bar, r domain.Record) window {
	w := window{rec: r}
	dec := day(r.DecisionDate)
	end := func(t time.Time) { w.until = &t }
	switch b.Period {
	case PeriodRecord:
		ip := p.periodOf[r.Code]
		if ip.Permanent {
			w.permanent = true
		} else {
			w.months = ip.Months
			end(scoring.AddMonths(dec, ip.Months))
		}
	case PeriodFixed:
		w.months = b.Months
		end(scoring.AddMonths(dec, b.Months))
	case PeriodCalendarYear:
		end(time.Date(dec.Year()+max(b.Years, 1), 1, 1, 0, 0, 0, 0, time.UTC))
	case PeriodPermanent:
		w.permanent = true
	case PeriodOpen:
		// ends only when the record is ended, below
	}
	// A record ended (a case closed, a sanction lifted on review) or
	// repaired stops barring on that day.
	for _, stop := range []*time.Time{r.EndedOn, r.RepairedOn} {
		if stop != nil && !w.permanent && (w.until == nil || day(*stop).Before(*w.until)) {
			end(day(*stop))
			w.months = 0
		}
	}
	return w
}

// combine gives the records decided on one day (one decision imposing
// several sanctions) the sum of their periods, at most MaxCombinedMonths.
func (p *Policy) combine(ws []window) {
	byDay := map[time.Time][]int{}
	for i, w := range ws {
		if w.months > 0 {
			d := day(w.rec.DecisionDate)
			byDay[d] = append(byDay[d], i)
		}
	}
	for d, idx := range byDay {
		if len(idx) < 2 {
			continue
		}
		sum := 0
		for _, i := range idx {
			sum += ws[i].months
		}
		until := scoring.AddMonths(d, min(sum, p.MaxCombinedMonths))
		for _, i := range idx {
			ws[i].until, ws[i].combined = &until, true
		}
	}
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
