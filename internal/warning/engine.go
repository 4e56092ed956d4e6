package warning

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"integrity/internal/domain"
	"integrity/internal/scoring"
)

// Input is what the engine looks at for one official.
type Input struct {
	Records []domain.Record
	Score   scoring.Result
	// PrevGrade is the grade of the snapshot before this one ("" if none).
	PrevGrade string
	// Grades are the scoring policy's grade keys from the best down.
	Grades []string
	// Positive names the categories that are commendations, not negative
	// entries.
	Positive map[string]bool
	AsOf     time.Time
	// Deadlines are the official's disputes and repair applications still
	// waiting for their source's decision.
	Deadlines []Deadline
}

// Deadline is a decision a source owes: on a dispute or a repair
// application about one of the official's records.
type Deadline struct {
	Kind     string // "dispute" or "repair"
	ID       int64  // the dispute or application
	RecordID int64
	Due      time.Time // the last day to decide
}

// Hit is a rule that holds for the official.
type Hit struct {
	Rule      string
	Level     string
	RecordIDs []int64
	// Fingerprint names what made the rule hold; a warning a person
	// resolved is raised again only when it changes.
	Fingerprint string
	Detail      map[string]any
}

// Evaluate returns the rules of p that hold for the input, in the policy's
// order.
func Evaluate(p *Policy, in Input) []Hit {
	asOf := day(in.AsOf)
	var hits []Hit
	for _, r := range p.Rules {
		var ids []int64
		detail := map[string]any{}
		holds := false
		switch r.Kind {
		case KindScoreBelow:
			if in.Score.Score < scoring.FromFloat(r.Threshold) {
				holds = true
				for _, it := range in.Score.Items {
					if it.RecordID != 0 && it.Points < 0 {
						ids = append(ids, it.RecordID)
					}
				}
				detail["score"], detail["threshold"] = in.Score.Score, r.Threshold
			}
		case KindGradeDropped:
			from, to := slices.Index(in.Grades, in.PrevGrade), slices.Index(in.Grades, in.Score.Grade.Key)
			if in.PrevGrade != "" && from >= 0 && to > from {
				holds = true
				detail["from"], detail["to"] = in.PrevGrade, in.Score.Grade.Key
			}
		case KindSeriousRecord:
			ids = matching(in.Records, asOf, func(rec domain.Record) bool {
				return slices.Contains(r.Codes, rec.Code) && asOf.Sub(day(rec.DecisionDate)) < time.Duration(r.WithinDays)*24*time.Hour
			})
			holds = len(ids) > 0
		case KindNegativeCount:
			since := scoring.AddMonths(asOf, -r.Months)
			negative := negativeRecords(in.Score)
			ids = matching(in.Records, asOf, func(rec domain.Record) bool {
				return !in.Positive[rec.Category] && negative[rec.ID] && day(rec.DecisionDate).After(since)
			})
			holds = len(ids) >= r.Count
			detail["count"] = len(ids)
		case KindUnderInvestigation:
			ids = matching(in.Records, asOf, func(rec domain.Record) bool {
				return rec.Category == "investigation" && open(rec.EndedOn, asOf)
			})
			holds = len(ids) > 0
		case KindArrearsOverdue:
			ids = matching(in.Records, asOf, func(rec domain.Record) bool {
				return rec.Category == "arrears" && open(rec.EndedOn, asOf) && open(rec.RepairedOn, asOf) &&
					asOf.Sub(day(rec.DecisionDate)) > time.Duration(r.Days)*24*time.Hour
			})
			holds = len(ids) > 0
		case KindDisputeOverdue, KindRepairOverdue:
			kind := map[string]string{KindDisputeOverdue: "dispute", KindRepairOverdue: "repair"}[r.Kind]
			var items []int64
			for _, d := range in.Deadlines {
				if d.Kind == kind && day(d.Due).Before(asOf) {
					ids, items = append(ids, d.RecordID), append(items, d.ID)
				}
			}
			holds = len(items) > 0
			if holds {
				slices.Sort(items)
				detail[kind+"_ids"] = items
			}
		case KindPeriodEnding:
			horizon := asOf.AddDate(0, 0, r.Days)
			var ends []string
			for _, it := range in.Score.Items {
				if it.RecordID != 0 && it.Until != nil && slices.Contains(r.Categories, it.Category) && !it.Until.After(horizon) {
					ids = append(ids, it.RecordID)
					ends = append(ends, it.Until.Format("2006-01-02"))
				}
			}
			holds = len(ids) > 0
			if holds {
				slices.Sort(ends)
				detail["ends_on"] = ends[0]
			}
		}
		if !holds {
			continue
		}
		slices.Sort(ids)
		ids = slices.Compact(ids)
		fp := joinIDs(ids)
		switch r.Kind {
		case KindGradeDropped:
			fp = fmt.Sprintf("%s>%s", detail["from"], detail["to"])
		case KindDisputeOverdue:
			fp = joinIDs(detail["dispute_ids"].([]int64))
		case KindRepairOverdue:
			fp = joinIDs(detail["repair_ids"].([]int64))
		}
		hits = append(hits, Hit{Rule: r.Key, Level: r.Level, RecordIDs: ids, Fingerprint: fp, Detail: detail})
	}
	return hits
}

// matching returns the ids of the active records decided by asOf that
// satisfy ok.
func matching(recs []domain.Record, asOf time.Time, ok func(domain.Record) bool) []int64 {
	var ids []int64
	for _, r := range recs {
		if r.State == domain.RecordActive && !day(r.DecisionDate).After(asOf) && ok(r) {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

// open reports whether an optional end date has not come by asOf.
func open(end *time.Time, asOf time.Time) bool { return end == nil || day(*end).After(asOf) }

func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func joinIDs(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = fmt.Sprint(id)
	}
	return strings.Join(s, ",")
}

// Change is what to do with one rule's warning of one official.
type Change struct {
	Op  string // "raise", "update" or "resolve"
	Hit Hit    // raise, update: what holds now
	// WarningID is the open warning to update or resolve.
	WarningID int64
}

// Latest is the newest warning of one rule for one official.
type Latest struct {
	ID          int64
	Open        bool // open or acknowledged
	Fingerprint string
	// ByPerson: resolved by a person, not by the condition clearing.
	ByPerson bool
}

// Reconcile turns what holds now into changes against the newest warning
// of each rule: at most one open warning per rule; a condition that clears
// resolves its warning (an event's stays until a person resolves it); a
// warning a person resolved comes back only when its fingerprint changes.
func Reconcile(p *Policy, hits []Hit, latest map[string]Latest) []Change {
	var out []Change
	held := map[string]bool{}
	for _, h := range hits {
		held[h.Rule] = true
		l, ok := latest[h.Rule]
		r, _ := p.Rule(h.Rule)
		switch {
		case ok && l.Open && l.Fingerprint != h.Fingerprint:
			out = append(out, Change{Op: "update", Hit: h, WarningID: l.ID})
		case ok && l.Open:
		case ok && l.ByPerson && l.Fingerprint == h.Fingerprint && !r.Event():
		default:
			out = append(out, Change{Op: "raise", Hit: h})
		}
	}
	var resolve []int64
	for key, l := range latest {
		r, known := p.Rule(key)
		// A rule taken out of the policy resolves its open warnings too.
		if l.Open && !held[key] && (!known || !r.Event()) {
			resolve = append(resolve, l.ID)
		}
	}
	slices.Sort(resolve)
	for _, id := range resolve {
		out = append(out, Change{Op: "resolve", WarningID: id})
	}
	return out
}

// negativeRecords names the records whose scoring rule takes points off:
// what is not a finding (a case opened, a problem lead, an assessment
// result) is no negative record, whatever its category.
func negativeRecords(res scoring.Result) map[int64]bool {
	out := map[int64]bool{}
	for _, items := range [][]scoring.Item{res.Items, res.NotCounting} {
		for _, it := range items {
			if it.RecordID != 0 && it.RulePts < 0 {
				out[it.RecordID] = true
			}
		}
	}
	return out
}
