package bench

import (
	"strings"
	"testing"
	"time"
)

func TestSoakJudge(t *testing.T) {
	opt := SoakOptions{RSSGrowth: 50e6, GoroutineGrowth: 25, ConnGrowth: 4}
	steady := func() SoakResult {
		r := SoakResult{Options: opt, Warmup: 10 * time.Second, Ops: 1000}
		for i := 1; i <= 10; i++ {
			r.Samples = append(r.Samples, SoakSample{At: time.Duration(i) * 5 * time.Second, RSS: 80e6, Goroutines: 300, OpenConns: 8})
		}
		r.Baseline = SoakSample{At: 10 * time.Second, RSS: 70e6, Goroutines: 200, OpenConns: 8}
		r.Final = SoakSample{At: 50 * time.Second, RSS: 75e6, Goroutines: 210, OpenConns: 8}
		return r
	}
	for _, tc := range []struct {
		name   string
		change func(r *SoakResult)
		want   string
	}{
		{"Pass", func(r *SoakResult) {}, ""},
		{"ErrErrors", func(r *SoakResult) { r.Errors = 1 }, "1 operations failed"},
		{"ErrDropped", func(r *SoakResult) { r.Dropped = 3 }, "3 were dropped"},
		{"DroppedOnASharedMachineIsReported", func(r *SoakResult) { r.Options.Shared, r.Dropped = true, 3 }, ""},
		{"ErrErrorsOnASharedMachine", func(r *SoakResult) { r.Options.Shared, r.Errors = true, 2 }, "2 operations failed"},
		{"ErrRSSGrowth", func(r *SoakResult) { r.Samples[7].RSS = 121e6 }, "RSS grew 51 MB"},
		{"RSSInTheWarmupIsNotGrowth", func(r *SoakResult) { r.Samples[0].RSS = 500e6 }, ""},
		{"ErrGoroutinesLeft", func(r *SoakResult) { r.Final.Goroutines = 226 }, "goroutines at rest grew from 200"},
		{"ErrConnectionsLeft", func(r *SoakResult) { r.Final.OpenConns = 13 }, "open database connections at rest grew from 8"},
		{"ErrConnectionInUse", func(r *SoakResult) { r.Final.InUse = 1 }, "still in use at rest"},
		{"ErrNoBaseline", func(r *SoakResult) { r.Baseline = SoakSample{} }, "ended before its warm-up"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := steady()
			tc.change(&r)
			got := strings.Join(judge(r), "; ")
			if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
				t.Fatalf("judged %q, want %q", got, tc.want)
			}
		})
	}
}
