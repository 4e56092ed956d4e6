package bench

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"integrity/internal/app"
	"integrity/internal/store"
)

// SoakOptions shape a soak: a mixed load at a fixed rate for a long time,
// watched for errors and for growth of memory, goroutines and database
// connections.
type SoakOptions struct {
	Duration time.Duration // the load at the fixed rate
	// Rate is the operations per second; 0 runs a closed-loop calibration
	// of Calibrate first and takes half the capacity it measured.
	Rate      float64
	Calibrate time.Duration
	// Warmup is the start of the load that sets the baselines; 0 is a
	// sixth of Duration, from 15 s to 2 min.
	Warmup  time.Duration
	Sample  time.Duration // how often to sample
	Lookups int           // officials with approved lookups for the file views
	// The bounds. The process is read at rest (every operation answered)
	// at the end of the warm-up and after the load: RSS may peak at most
	// RSSGrowth bytes above the first reading, and the goroutines and the
	// open database connections of the second may exceed the first's by
	// at most GoroutineGrowth and ConnGrowth; no connection may be in use
	// at rest.
	RSSGrowth       int64
	GoroutineGrowth int
	ConnGrowth      int
	// Renew is how often the users' tokens are rotated (before the
	// access tokens expire).
	Renew time.Duration
	// Shared says the machine is shared (the suite, beside other work):
	// arrivals dropped because another process took the cores the
	// calibration measured are reported, not failed. Throughput is the
	// benchmarks' to measure; errors and leaks fail either way.
	Shared bool
}

// SoakSample is one reading of the process during the soak.
type SoakSample struct {
	At         time.Duration
	Ops        int64
	Errors     int64
	RSS        int64
	Heap       uint64
	Goroutines int
	OpenConns  int
	InUse      int
}

// OpStats is what the soak measured of one kind of operation.
type OpStats struct {
	Name          string
	Ops, Errors   int64
	P50, P95, P99 time.Duration
	lat           []time.Duration
}

// SoakResult is the whole soak: its rate, its readings, and the bounds it
// broke (none when it passed).
type SoakResult struct {
	Capacity    float64 // operations per second measured by the calibration (0 if none ran)
	Rate        float64
	Duration    time.Duration
	Warmup      time.Duration
	Ops, Errors int64
	Dropped     int64 // operations dropped because the server fell ten seconds behind
	Samples     []SoakSample
	Baseline    SoakSample // at rest after the warm-up
	Final       SoakSample // at rest after the load
	PerOp       []*OpStats
	FirstErrors []string
	Failures    []string
	Options     SoakOptions
}

// maxInFlight bounds the operations running at once (the workers, and the
// client's connections).
const maxInFlight = 64

// Soak runs the mixed load of soakMix against handler (served on a
// loopback port) at a fixed rate, sampling the process, and judges the
// run against the bounds of opt.
func Soak(ctx context.Context, svc *app.Service, db *store.DB, handler http.Handler, opt SoakOptions, progress io.Writer) (SoakResult, error) {
	res := SoakResult{Options: opt, Duration: opt.Duration, Warmup: opt.Warmup}
	if res.Warmup == 0 {
		res.Warmup = min(max(opt.Duration/6, 15*time.Second), 2*time.Minute)
	}
	base, stop, err := serve(handler)
	if err != nil {
		return res, err
	}
	defer stop()
	fmt.Fprintf(progress, "soak: setting up users and %d approved lookups…\n", opt.Lookups)
	w, err := setUpSoak(ctx, svc, db, base, opt.Lookups)
	if err != nil {
		return res, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	renewErr := make(chan error, 1)
	go func() { // rotate the tokens before they expire
		t := time.NewTicker(opt.Renew)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if err := w.renew(ctx); err != nil && ctx.Err() == nil {
					renewErr <- err
					return
				}
			}
		}
	}()

	res.Rate = opt.Rate
	if res.Rate == 0 {
		fmt.Fprintf(progress, "soak: measuring the capacity, 16 clients for %s…\n", opt.Calibrate)
		var calErr atomic.Value
		cal := Load(ctx, "calibration", 16, opt.Calibrate, func(ctx context.Context, _ int, rnd *rand.Rand) error {
			err := pick(rnd).do(ctx, w, rnd)
			if err != nil && ctx.Err() == nil {
				calErr.Store(err.Error())
			}
			return err
		})
		if cal.Errors > 0 {
			return res, fmt.Errorf("soak: %d errors while measuring the capacity, one: %v", cal.Errors, calErr.Load())
		}
		res.Capacity, res.Rate = cal.RPS, cal.RPS/2
	}
	if res.Rate <= 0 {
		return res, fmt.Errorf("soak: no rate (the calibration measured nothing)")
	}
	fmt.Fprintf(progress, "soak: %.0f operations/s for %s (warm-up %s)…\n", res.Rate, opt.Duration, res.Warmup)

	stats := make([]*OpStats, len(soakMix))
	for i, op := range soakMix {
		stats[i] = &OpStats{Name: op.name}
	}
	var mu sync.Mutex // guards stats' latencies and res.FirstErrors
	var ops, errs, pending atomic.Int64
	// Arrivals wait in a queue of ten seconds' worth: a stall of the server
	// delays them (their latency counts from when they were due), and only
	// a server that falls ten seconds behind drops any.
	type job struct {
		op  int
		due time.Time
	}
	jobs := make(chan job, max(int(res.Rate*10), maxInFlight))
	var workers sync.WaitGroup
	for i := 0; i < maxInFlight; i++ {
		workers.Add(1)
		go func(i int) {
			defer workers.Done()
			rnd := rand.New(rand.NewPCG(uint64(i)+11, 17))
			for j := range jobs {
				k := j.op
				err := soakMix[k].do(ctx, w, rnd)
				d := time.Since(j.due)
				ops.Add(1)
				mu.Lock()
				stats[k].Ops++
				stats[k].lat = append(stats[k].lat, d)
				if err != nil {
					errs.Add(1)
					stats[k].Errors++
					if len(res.FirstErrors) < 10 {
						res.FirstErrors = append(res.FirstErrors, fmt.Sprintf("%s: %v", soakMix[k].name, err))
					}
				}
				mu.Unlock()
				pending.Add(-1)
			}
		}(i)
	}
	start := time.Now()
	sample := func() SoakSample {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		st := db.SQL().Stats()
		return SoakSample{At: time.Since(start), Ops: ops.Load(), Errors: errs.Load() + res.Dropped, RSS: currentRSS(), Heap: ms.HeapAlloc,
			Goroutines: runtime.NumGoroutine(), OpenConns: st.OpenConnections, InUse: st.InUse}
	}
	// rest waits until every operation has answered, closes the client's
	// idle connections and lets the server notice, and reads the process
	// then: the same state at the end of the warm-up and at the end, so
	// what grew in between stayed.
	rest := func() SoakSample {
		for pending.Load() > 0 {
			time.Sleep(10 * time.Millisecond)
		}
		w.closeIdle()
		time.Sleep(2 * time.Second)
		return sample()
	}
	// Dispatch at the fixed rate (open loop: a slow answer does not slow
	// the arrivals), and sample as it goes.
	pickRnd := rand.New(rand.NewPCG(5, 6))
	tick := time.NewTicker(5 * time.Millisecond)
	nextSample := start.Add(opt.Sample)
	var sent int64
	for now := range tick.C {
		elapsed := now.Sub(start)
		if elapsed >= opt.Duration || ctx.Err() != nil {
			break
		}
		if res.Baseline.At == 0 && elapsed >= res.Warmup {
			// The baseline, at rest; the schedule resumes where it paused.
			paused := time.Now()
			res.Baseline = rest()
			fmt.Fprintf(progress, "soak: at rest after the warm-up: RSS %.0f MB, %d goroutines, %d connections (%d in use)\n",
				float64(res.Baseline.RSS)/1e6, res.Baseline.Goroutines, res.Baseline.OpenConns, res.Baseline.InUse)
			start = start.Add(time.Since(paused))
			nextSample = nextSample.Add(time.Since(paused))
			continue
		}
		for due := int64(res.Rate * elapsed.Seconds()); sent < due; sent++ {
			pending.Add(1)
			select {
			case jobs <- job{op: pickIndex(pickRnd), due: start.Add(time.Duration(float64(sent+1) / res.Rate * float64(time.Second)))}:
			default:
				pending.Add(-1)
				res.Dropped++
			}
		}
		if !now.Before(nextSample) {
			s := sample()
			res.Samples = append(res.Samples, s)
			nextSample = nextSample.Add(opt.Sample)
			fmt.Fprintf(progress, "soak: %s %d operations, %d errors, RSS %.0f MB, heap %.0f MB, %d goroutines, %d connections (%d in use)\n",
				s.At.Round(time.Second), s.Ops, s.Errors, float64(s.RSS)/1e6, float64(s.Heap)/1e6, s.Goroutines, s.OpenConns, s.InUse)
		}
		select {
		case err := <-renewErr:
			res.Failures = append(res.Failures, "the users' tokens could not be renewed: "+err.Error())
			cancel()
		default:
		}
	}
	tick.Stop()
	res.Final = rest()
	close(jobs)
	workers.Wait()
	cancel()
	res.Ops, res.Errors = ops.Load(), errs.Load()
	for _, s := range stats {
		sort.Slice(s.lat, func(i, j int) bool { return s.lat[i] < s.lat[j] })
		if n := len(s.lat); n > 0 {
			s.P50, s.P95, s.P99 = s.lat[n/2], s.lat[n*95/100], s.lat[n*99/100]
		}
		s.lat = nil
	}
	res.PerOp = stats
	res.Failures = append(res.Failures, judge(res)...)
	return res, nil
}

// judge returns the bounds a soak broke.
func judge(r SoakResult) []string {
	var out []string
	o := r.Options
	switch {
	case r.Errors > 0 || r.Dropped > 0 && !o.Shared:
		out = append(out, fmt.Sprintf("%d operations failed and %d were dropped (the server fell ten seconds behind); want none", r.Errors, r.Dropped))
	}
	if r.Baseline.At == 0 {
		return append(out, "the load ended before its warm-up did; run longer")
	}
	var peakRSS int64
	for _, s := range r.Samples {
		if s.At > r.Warmup {
			peakRSS = max(peakRSS, s.RSS)
		}
	}
	peakRSS = max(peakRSS, r.Final.RSS)
	if grew := peakRSS - r.Baseline.RSS; grew > o.RSSGrowth {
		out = append(out, fmt.Sprintf("RSS grew %.0f MB after the warm-up (%.0f → %.0f MB); the bound is %.0f MB",
			float64(grew)/1e6, float64(r.Baseline.RSS)/1e6, float64(peakRSS)/1e6, float64(o.RSSGrowth)/1e6))
	}
	if grew := r.Final.Goroutines - r.Baseline.Goroutines; grew > o.GoroutineGrowth {
		out = append(out, fmt.Sprintf("goroutines at rest grew from %d after the warm-up to %d after the load; the bound is %d more",
			r.Baseline.Goroutines, r.Final.Goroutines, o.GoroutineGrowth))
	}
	if grew := r.Final.OpenConns - r.Baseline.OpenConns; grew > o.ConnGrowth {
		out = append(out, fmt.Sprintf("open database connections at rest grew from %d after the warm-up to %d after the load; the bound is %d more",
			r.Baseline.OpenConns, r.Final.OpenConns, o.ConnGrowth))
	}
	if r.Final.InUse > 0 {
		out = append(out, fmt.Sprintf("%d database connections still in use at rest after the load: a leak", r.Final.InUse))
	}
	return out
}
