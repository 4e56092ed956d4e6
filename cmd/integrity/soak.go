package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"integrity/internal/bench"
	"integrity/internal/seed"
)

// cmdSoak runs a long mixed load against the server's own handler, in this
// process, on the configured database, and fails if anything errs or
// grows: `integrity soak --duration 30m` (docs/BENCHMARKS.md). An empty
// database gets the demo data set first.
func cmdSoak(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("soak", flag.ContinueOnError)
	fs.SetOutput(stderr)
	duration := fs.Duration("duration", 30*time.Minute, "how long the load runs at the fixed rate")
	rate := fs.Float64("rate", 0, "operations per second (default: half the capacity the calibration measures)")
	calibrate := fs.Duration("calibrate", 10*time.Second, "how long the closed-loop capacity measurement runs (without --rate)")
	warmup := fs.Duration("warmup", 0, "the start of the load that sets the baselines (default: a sixth of --duration, 15s to 2m)")
	sampleEvery := fs.Duration("sample", 5*time.Second, "how often to sample memory, goroutines and connections")
	officials := fs.Int("officials", 2000, "officials of the demo data set loaded into an empty database")
	lookups := fs.Int("lookups", 100, "officials with approved lookups for the file views")
	rssGrowth := fs.Int("rss-growth-mb", 50, "how far RSS may peak above its value at rest after the warm-up, in MB")
	goroutineGrowth := fs.Int("goroutine-growth", 25, "how many more goroutines than at rest after the warm-up may remain at rest after the load")
	connGrowth := fs.Int("conn-growth", 4, "how many more open database connections than at rest after the warm-up may remain at rest after the load")
	shared := fs.Bool("shared", false, "the machine is shared (make test): operations dropped because other work took the cores are reported, not failed")
	if err := fs.Parse(args); err != nil || *duration <= 0 || *rate < 0 || *officials < 1 || *lookups < 1 || *sampleEvery <= 0 {
		return errUsage
	}
	e, err := openEnv(ctx, getenv, io.Discard)
	if err != nil {
		return err
	}
	defer e.db.Close()
	if _, err := e.migrate(ctx); err != nil {
		return err
	}
	if empty, err := e.db.Empty(ctx); err != nil {
		return err
	} else if empty {
		fmt.Fprintf(stderr, "soak: loading the demo data set (%d officials)…\n", *officials)
		if _, err := seedDemo(ctx, e, seed.Options{Officials: *officials, Seed: 1}, nil); err != nil {
			return err
		}
	}
	// The server's own handler and background work, as serve runs them;
	// its log goes to stderr, so an internal error shows.
	e.log = slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	e.db.Log = e.log
	handler, err := benchHandler(e)
	if err != nil {
		return err
	}
	bg, stop := context.WithCancel(ctx)
	defer stop()
	go e.app.ResumeImports(bg, e.log, 5*time.Second)
	go e.app.RunScoring(bg, e.log, 2*time.Second)
	go e.app.RunLookupExpiry(bg, e.log, time.Minute)
	anchored := make(chan struct{})
	go func() {
		defer close(anchored)
		e.app.RunAuditCheckpoints(bg, e.log, 5*time.Second)
	}()
	defer func() { stop(); <-anchored }() // the last checkpoint before the database closes

	r, err := bench.Soak(ctx, e.app, e.db, handler, bench.SoakOptions{
		Duration: *duration, Rate: *rate, Calibrate: *calibrate, Warmup: *warmup, Sample: *sampleEvery, Lookups: *lookups,
		RSSGrowth: int64(*rssGrowth) * 1e6, GoroutineGrowth: *goroutineGrowth, ConnGrowth: *connGrowth,
		Renew: max(e.cfg.Auth.AccessTTL/3, 10*time.Second), Shared: *shared,
	}, stderr)
	if err != nil {
		return err
	}
	fmt.Fprint(stdout, bench.SoakTable(e.db.Dialect, r))
	if len(r.Failures) > 0 {
		return errors.New("soak failed: " + strings.Join(r.Failures, "; "))
	}
	return nil
}
