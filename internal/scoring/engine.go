package scoring

import (
	"cmp"
	"slices"
	"sort"
	"time"

	"integrity/internal/domain"
)

// Why an item does not count.
const (
	ReasonRevoked  = "revoked"
	ReasonRepaired = "repaired"
	ReasonEnded    = "ended"
	ReasonExpired  = "expired"
	ReasonNotYet   = "not_yet_decided"
	ReasonNoRule   = "no_rule"
	ReasonDisputed = "disputed_suspended"
	ReasonSameAct  = "same_act" // another record of the same act counts for it
	KindRecord     = "record"
	KindCap        = "cap"
	KindFloor      = "floor"
	KindCeiling    = "ceiling"
	dateLayout     = "2006-01-02"
	hoursPerDay    = 24
	noForcedGrade  = -1
)

// Item is one line of a score's explanation: a record and what it adds, or
// an adjustment (a category cap, the floor, the ceiling).
type Item struct {
	Kind     string     `json:"kind"`
	RecordID int64      `json:"record_id,omitempty"`
	Category string     `json:"category,omitempty"`
	Code     string     `json:"code,omitempty"`
	Points   Points     `json:"points"`      // what it adds on the day
	RulePts  Points     `json:"rule_points"` // what the rule gives before fading
	From     *time.Time `json:"counted_from,omitempty"`
	Until    *time.Time `json:"counted_until,omitempty"` // exclusive; nil: until removed
	Disputed bool       `json:"disputed,omitempty"`
	Reason   string     `json:"reason,omitempty"` // why it does not count
	ForcesTo string     `json:"forces_grade,omitempty"`
	// CountedAs is, for a record of an act counted once (reason
	// same_act), the record that counts for the act on the day.
	CountedAs int64 `json:"counted_as,omitempty"`
}

// Result is a score with its explanation.
type Result struct {
	AsOf          time.Time `json:"as_of"`
	PolicyVersion int       `json:"policy_version"`
	Base          Points    `json:"base"`
	Score         Points    `json:"score"`
	Grade         Grade     `json:"grade"`
	ScoreGrade    Grade     `json:"score_grade"`         // the grade the points alone earn
	ForcedBy      int64     `json:"forced_by,omitempty"` // the record forcing the grade
	Items         []Item    `json:"items"`               // what counts, with adjustments
	NotCounting   []Item    `json:"not_counting"`        // records that do not count, with why
}

// AddMonths returns the day n months after t: the same day number, or the
// last day of a shorter month (2024-01-31 + 1 month = 2024-02-29).
func AddMonths(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	if d > last {
		d = last
	}
	return time.Date(first.Year(), first.Month(), d, 0, 0, 0, 0, time.UTC)
}

func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Window returns when a record counts under a rule: from its effective date
// (inclusive) until the earliest of its validity end, its repair and its
// end (exclusive); until is nil while it counts indefinitely.
func Window(r *domain.Record, rule Rule) (from time.Time, until *time.Time) {
	from = day(r.Effective())
	if !rule.UntilRemoved {
		u := AddMonths(from, rule.Months)
		until = &u
	}
	for _, stop := range []*time.Time{r.EndedOn, r.RepairedOn} {
		if stop != nil && (until == nil || day(*stop).Before(*until)) {
			s := day(*stop)
			until = &s
		}
	}
	return from, until
}

// Score computes an official's score on asOf from their records, with its
// explanation item by item.
func Score(records []domain.Record, p *Policy, asOf time.Time) Result {
	return evaluate(prepare(records, p), p, asOf, true)
}

// ruled is a record with its rule and the window it counts in, worked out
// once for all the days a history evaluates.
type ruled struct {
	r     *domain.Record
	rule  Rule
	ok    bool // a rule exists for the record's code
	from  time.Time
	until *time.Time
	// act lists, heaviest first, the records of this record's act that may
	// count for it (same_act: heaviest; indexes into the prepared slice,
	// shared by the act's records); nil when the record counts on its own.
	act []int
}

func prepare(records []domain.Record, p *Policy) []ruled {
	out := make([]ruled, len(records))
	acts := false
	for i := range records {
		r := &records[i]
		out[i].r = r
		if out[i].rule, out[i].ok = p.Rule(r.Code); out[i].ok {
			out[i].from, out[i].until = Window(r, out[i].rule)
		}
		acts = acts || r.ActRef != ""
	}
	if acts && p.SameAct == SameActHeaviest {
		linkActs(out, p)
	}
	return out
}

// linkActs groups the negative records that share an act reference and
// could count (a rule, not revoked, not suspended by a dispute), heaviest
// first: the most negative rule points, then the longest window, then the
// lowest id. On each day the first of an act's records that counts that
// day counts for the others (evaluate), so the act counts once, and always
// by the heaviest record in force.
func linkActs(rs []ruled, p *Policy) {
	groups := map[string][]int{}
	for i := range rs {
		r := rs[i].r
		if !rs[i].ok || r.ActRef == "" || rs[i].rule.Points >= 0 || r.State == domain.RecordRevoked ||
			(r.UnderDispute && p.Disputed == DisputedSuspend) {
			continue
		}
		groups[r.ActRef] = append(groups[r.ActRef], i)
	}
	for _, g := range groups {
		if len(g) < 2 {
			continue
		}
		sort.Slice(g, func(a, b int) bool { return heavier(&rs[g[a]], &rs[g[b]]) })
		for _, i := range g {
			rs[i].act = g
		}
	}
}

// heavier orders the records of one act: the most negative rule points,
// then the longest window (one counting until removed is the longest),
// then the lowest id.
func heavier(a, b *ruled) bool {
	if a.rule.Points != b.rule.Points {
		return a.rule.Points < b.rule.Points
	}
	if (a.until == nil) != (b.until == nil) {
		return a.until == nil
	}
	if a.until != nil {
		if la, lb := a.until.Sub(a.from), b.until.Sub(b.from); la != lb {
			return la > lb
		}
	}
	return a.r.ID < b.r.ID
}

// inWindow reports whether a record's window holds asOf.
func (pr *ruled) inWindow(asOf time.Time) bool {
	return !asOf.Before(pr.from) && (pr.until == nil || asOf.Before(*pr.until))
}

// countedAs returns, for a record that counts on asOf, the heaviest record
// of its act in force that day when that is another one (same_act:
// heaviest), or nil.
func countedAs(records []ruled, i int, asOf time.Time) *domain.Record {
	for _, j := range records[i].act {
		if j == i {
			return nil
		}
		if records[j].inWindow(asOf) {
			return records[j].r
		}
	}
	return nil
}

// evaluate is Score; with explain false it only sums (the score, the
// grades and the forcing record, no items), which is what History needs on
// each of its days.
func evaluate(records []ruled, p *Policy, asOf time.Time, explain bool) Result {
	asOf = day(asOf)
	res := Result{AsOf: asOf, PolicyVersion: p.Version, Base: FromFloat(p.Base), Items: []Item{}, NotCounting: []Item{}}
	forced, forcedRank := int64(0), noForcedGrade
	var sums categorySums
	total := res.Base
	for i := range records {
		r, rule := records[i].r, records[i].rule
		if !records[i].ok {
			if explain {
				res.NotCounting = append(res.NotCounting, Item{Kind: KindRecord, RecordID: r.ID, Category: r.Category, Code: r.Code,
					Disputed: r.UnderDispute, Reason: ReasonNoRule})
			}
			continue
		}
		from, until := records[i].from, records[i].until
		if explain && until != nil {
			u := *until // each item owns its dates
			until = &u
		}
		var reason string
		switch {
		case r.State == domain.RecordRevoked:
			reason = ReasonRevoked
		case asOf.Before(from):
			reason = ReasonNotYet
		case until != nil && !asOf.Before(*until):
			reason = stopReason(r, *until)
		case r.UnderDispute && p.Disputed == DisputedSuspend:
			reason = ReasonDisputed
		}
		var heaviest *domain.Record
		if reason == "" && records[i].act != nil {
			if heaviest = countedAs(records, i, asOf); heaviest != nil {
				reason = ReasonSameAct
			}
		}
		rulePts := FromFloat(rule.Points)
		points := rulePts
		if reason == "" && p.Fade == FadeLinear && until != nil && !rule.UntilRemoved {
			days := until.Sub(from).Hours() / hoursPerDay
			left := until.Sub(asOf).Hours() / hoursPerDay
			points = Points(float64(rulePts) * left / days)
		}
		if explain {
			it := Item{Kind: KindRecord, RecordID: r.ID, Category: r.Category, Code: r.Code, Disputed: r.UnderDispute,
				From: &from, Until: until, RulePts: rulePts, ForcesTo: rule.ForceGrade, Reason: reason}
			if heaviest != nil {
				it.CountedAs = heaviest.ID
			}
			if reason != "" {
				res.NotCounting = append(res.NotCounting, it)
			} else {
				it.Points = points
				res.Items = append(res.Items, it)
			}
		}
		// A record of an act counted once adds no points, but a grade it
		// forces (开除, a conviction) holds for its validity all the same.
		if rule.ForceGrade != "" && (reason == "" || reason == ReasonSameAct) {
			if rank := p.gradeRank(rule.ForceGrade); rank > forcedRank {
				forced, forcedRank = r.ID, rank
			}
		}
		if reason != "" {
			continue
		}
		sums.add(r.Category, points)
		total += points
	}
	sums.sort()
	for _, cs := range sums {
		cp, ok := p.capOf[cs.category]
		if !ok {
			continue
		}
		var adj Points
		if cp.Max != nil && cs.sum > FromFloat(*cp.Max) {
			adj = FromFloat(*cp.Max) - cs.sum
		}
		if cp.Min != nil && cs.sum < FromFloat(*cp.Min) {
			adj = FromFloat(*cp.Min) - cs.sum
		}
		if adj != 0 {
			if explain {
				res.Items = append(res.Items, Item{Kind: KindCap, Category: cs.category, Points: adj})
			}
			total += adj
		}
	}
	if ceil := FromFloat(p.Ceiling); total > ceil {
		if explain {
			res.Items = append(res.Items, Item{Kind: KindCeiling, Points: ceil - total})
		}
		total = ceil
	}
	if floor := FromFloat(p.Floor); total < floor {
		if explain {
			res.Items = append(res.Items, Item{Kind: KindFloor, Points: floor - total})
		}
		total = floor
	}
	res.Score = total
	res.ScoreGrade = p.gradeOf(total)
	res.Grade = res.ScoreGrade
	if forcedRank > p.gradeRank(res.Grade.Key) {
		res.Grade, res.ForcedBy = p.Grades[forcedRank], forced
	}
	return res
}

// categorySums are the points per category in the order first counted; an
// official has few categories, so a slice beats a map.
type categorySums []categorySum

type categorySum struct {
	category string
	sum      Points
}

func (c *categorySums) add(category string, p Points) {
	for i := range *c {
		if (*c)[i].category == category {
			(*c)[i].sum += p
			return
		}
	}
	*c = append(*c, categorySum{category, p})
}

// sort orders the sums by category, so that caps are applied in a fixed order.
func (c categorySums) sort() {
	slices.SortFunc(c, func(a, b categorySum) int { return cmp.Compare(a.category, b.category) })
}

func stopReason(r *domain.Record, until time.Time) string {
	switch {
	case r.RepairedOn != nil && day(*r.RepairedOn).Equal(until):
		return ReasonRepaired
	case r.EndedOn != nil && day(*r.EndedOn).Equal(until):
		return ReasonEnded
	}
	return ReasonExpired
}

// Point is the score on one day.
type Point struct {
	Date  string `json:"date"`
	Score Points `json:"score"`
	Grade string `json:"grade"`
}

// History returns the score on every day it changes between from and to
// (inclusive): the first day, and each day a record starts or stops
// counting. With a linear fade, whose score moves every day, it adds the
// first day of each month. The points are enough to draw a step chart.
func History(records []domain.Record, p *Policy, from, to time.Time) []Point {
	from, to = day(from), day(to)
	days := map[time.Time]bool{from: true}
	prepared := prepare(records, p)
	for i := range prepared {
		pr := &prepared[i]
		if !pr.ok || pr.r.State == domain.RecordRevoked {
			continue
		}
		start, until := pr.from, pr.until
		for _, d := range []*time.Time{&start, until} {
			if d != nil && d.After(from) && !d.After(to) {
				days[*d] = true
			}
		}
	}
	if p.Fade == FadeLinear {
		for d := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1, 0); !d.After(to); d = d.AddDate(0, 1, 0) {
			days[d] = true
		}
	}
	dates := make([]time.Time, 0, len(days))
	for d := range days {
		dates = append(dates, d)
	}
	sort.Slice(dates, func(i, j int) bool { return dates[i].Before(dates[j]) })
	out := make([]Point, 0, len(dates))
	for _, d := range dates {
		s := evaluate(prepared, p, d, false)
		if n := len(out); n > 0 && out[n-1].Score == s.Score && out[n-1].Grade == s.Grade.Key {
			continue
		}
		out = append(out, Point{Date: d.Format(dateLayout), Score: s.Score, Grade: s.Grade.Key})
	}
	return out
}
