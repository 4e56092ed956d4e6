package bench

import (
	"fmt"
	"strings"
	"time"
)

// SoakTable is a soak's summary as Markdown: the operations, the samples
// and the verdict.
func SoakTable(dialect string, r SoakResult) string {
	var b strings.Builder
	mb := func(n int64) string { return fmt.Sprintf("%.0f", float64(n)/1e6) }
	rate := fmt.Sprintf("%.0f operations/s", r.Rate)
	if r.Capacity > 0 {
		rate += fmt.Sprintf(" (half the %.0f measured)", r.Capacity)
	}
	fmt.Fprintf(&b, "soak on %s: %s for %s, warm-up %s: %d operations, %d errors, %d dropped\n\n",
		dialect, rate, r.Duration, r.Warmup, r.Ops, r.Errors, r.Dropped)
	fmt.Fprintf(&b, "| operation | share | operations | errors | p50 | p95 | p99 |\n|---|---|---|---|---|---|---|\n")
	// Latencies count from when an operation was due, queueing included.
	total := 0
	for _, op := range soakMix {
		total += op.weight
	}
	for i, s := range r.PerOp {
		fmt.Fprintf(&b, "| %s | %d%% | %d | %d | %s | %s | %s |\n", s.Name, 100*soakMix[i].weight/total, s.Ops, s.Errors,
			s.P50.Round(10*time.Microsecond), s.P95.Round(10*time.Microsecond), s.P99.Round(10*time.Microsecond))
	}
	fmt.Fprintf(&b, "\n| at | operations | errors | RSS MB | heap MB | goroutines | DB connections | in use |\n|---|---|---|---|---|---|---|---|\n")
	row := func(label string, s SoakSample) {
		fmt.Fprintf(&b, "| %s | %d | %d | %s | %s | %d | %d | %d |\n", label, s.Ops, s.Errors, mb(s.RSS), mb(int64(s.Heap)), s.Goroutines, s.OpenConns, s.InUse)
	}
	for _, s := range r.Samples {
		label := s.At.Round(time.Second).String()
		if s.At <= r.Warmup {
			label += " (warm-up)"
		}
		row(label, s)
	}
	row("at rest after the warm-up", r.Baseline)
	row("at rest after the load", r.Final)
	o := r.Options
	fmt.Fprintf(&b, "\nbounds: no error; RSS at most %s MB above its value at rest after the warm-up; at rest after the load at most %d more goroutines and %d more open connections than then, and no connection in use\n",
		mb(o.RSSGrowth), o.GoroutineGrowth, o.ConnGrowth)
	for _, e := range r.FirstErrors {
		fmt.Fprintf(&b, "error: %s\n", e)
	}
	if len(r.Failures) == 0 {
		b.WriteString("verdict: PASS\n")
	} else {
		for _, f := range r.Failures {
			fmt.Fprintf(&b, "verdict: FAIL: %s\n", f)
		}
	}
	return b.String()
}
