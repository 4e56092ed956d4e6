package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"

	"integrity/internal/auth"
	"integrity/internal/bench"
	"integrity/internal/httpapi"
	"integrity/policies"
)

// cmdBench measures the platform against plain baselines on the configured
// database; see docs/BENCHMARKS.md for the figures and the commands.
// INTEGRITY_CPU_PROFILE=file writes a CPU profile of the run;
// INTEGRITY_BLOCK_PROFILE=file writes file.block and file.mutex, where
// goroutines waited (blocking events of a millisecond or more sampled).
func cmdBench(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if path := getenv("INTEGRITY_CPU_PROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if path := getenv("INTEGRITY_BLOCK_PROFILE"); path != "" {
		runtime.SetBlockProfileRate(int(time.Millisecond))
		runtime.SetMutexProfileFraction(1)
		defer func() {
			for _, p := range []string{"block", "mutex"} {
				if err := writeProfile(p, path+"."+p); err != nil {
					fmt.Fprintf(stderr, "bench: the %s profile: %v\n", p, err)
				}
			}
		}()
	}
	if len(args) > 0 && args[0] == "recompute" {
		return benchRecompute(ctx, args[1:], getenv, stdout, stderr)
	}
	if len(args) > 0 && args[0] == "statistics" {
		return benchStatistics(ctx, args[1:], getenv, stdout, stderr)
	}
	if len(args) > 0 && args[0] == "eligibility" {
		return benchEligibility(ctx, args[1:], getenv, stdout, stderr)
	}
	if len(args) > 0 && args[0] == "opinion" {
		return benchOpinion(ctx, args[1:], getenv, stdout, stderr)
	}
	if len(args) > 0 && args[0] == "fileview" {
		return benchFileView(ctx, args[1:], getenv, stdout, stderr)
	}
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return benchSuite(ctx, args, getenv, stdout, stderr)
	}
	if args[0] != "import" {
		fmt.Fprintln(stderr, "usage: integrity bench [--size city|province] | integrity bench import --rows N | integrity bench recompute [--samples N] | integrity bench eligibility [--candidates N] [--purpose P] | integrity bench statistics [--year Y] | integrity bench opinion [--candidates N] [--runs R] | integrity bench fileview [--clients N] [--duration D]")
		return errUsage
	}
	fs := flag.NewFlagSet("bench import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	rows := fs.Int("rows", 100_000, "rows to import")
	if err := fs.Parse(args[1:]); err != nil {
		return errUsage
	}
	if *rows < 1 || *rows > 20_000_000 {
		return fmt.Errorf("bench: --rows must be from 1 to 20000000")
	}
	e, err := migratedEnv(ctx, getenv)
	if err != nil {
		return err
	}
	defer e.db.Close()
	dir := e.cfg.DataDir
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	r, err := bench.Import(ctx, e.app, e.db, e.keys, *rows, dir, stderr)
	if err != nil {
		return err
	}
	rate := func(d time.Duration) float64 { return float64(r.Rows) / d.Seconds() }
	fmt.Fprintf(stdout, "| database | rows | import | import rows/s | import peak RSS | batched INSERT | INSERT rows/s | INSERT peak RSS | import / baseline |\n")
	fmt.Fprintf(stdout, "|---|---|---|---|---|---|---|---|---|\n")
	fmt.Fprintf(stdout, "| %s | %d | %s | %.0f | %.0f MB | %s | %.0f | %.0f MB | %.2f |\n", e.db.Dialect, r.Rows,
		r.ImportTime.Round(time.Millisecond), rate(r.ImportTime), float64(r.ImportPeakRSS)/1e6,
		r.BaselineTime.Round(time.Millisecond), rate(r.BaselineTime), float64(r.BaselinePeakRS)/1e6,
		rate(r.ImportTime)/rate(r.BaselineTime))
	return nil
}

func benchRecompute(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench recompute", flag.ContinueOnError)
	fs.SetOutput(stderr)
	samples := fs.Int("samples", 1000, "single as-of scores to time")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	e, err := migratedEnv(ctx, getenv)
	if err != nil {
		return err
	}
	defer e.db.Close()
	r, err := bench.Recompute(ctx, e.app, e.db, max(*samples, 100), stderr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "| database | officials | records | recompute | peak RSS | one SQL statement | peak RSS | recompute / baseline | score as-of p50 | p99 | same score as SQL |\n")
	fmt.Fprintf(stdout, "|---|---|---|---|---|---|---|---|---|---|---|\n")
	fmt.Fprintf(stdout, "| %s | %d | %d | %s | %.0f MB | %s | %.0f MB | %.2f | %s | %s | %.1f%% |\n", e.db.Dialect, r.Officials, r.Records,
		r.RecomputeTime.Round(time.Millisecond), float64(r.RecomputeRSS)/1e6, r.BaselineTime.Round(time.Millisecond), float64(r.BaselineRSS)/1e6,
		r.RecomputeTime.Seconds()/r.BaselineTime.Seconds(), r.ScoreP50.Round(10*time.Microsecond), r.ScoreP99.Round(10*time.Microsecond),
		100*float64(r.MatchingScores)/float64(r.Officials))
	return nil
}

func benchEligibility(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench eligibility", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("candidates", 10000, "candidates in the check")
	purpose := fs.String("purpose", "promotion", "the purpose checked")
	if err := fs.Parse(args); err != nil || *n < 1 || *n > 10000 {
		return errUsage
	}
	e, err := migratedEnv(ctx, getenv)
	if err != nil {
		return err
	}
	defer e.db.Close()
	r, err := bench.Eligibility(ctx, e.app, e.db, *n, *purpose, stderr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "| database | officials | candidates | check | peak RSS | plain SELECTs | rows read | peak RSS | check / baseline | ineligible | needs review |\n")
	fmt.Fprintf(stdout, "|---|---|---|---|---|---|---|---|---|---|---|\n")
	fmt.Fprintf(stdout, "| %s | %d | %d | %s | %.0f MB | %s | %d | %.0f MB | %.2f | %d | %d |\n", e.db.Dialect, r.Officials, r.Candidates,
		r.CheckTime.Round(time.Millisecond), float64(r.CheckRSS)/1e6, r.BaselineTime.Round(time.Millisecond), r.BaselineRows,
		float64(r.BaselineRSS)/1e6, r.CheckTime.Seconds()/r.BaselineTime.Seconds(), r.Ineligible, r.NeedsReview)
	return nil
}

func benchFileView(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench fileview", flag.ContinueOnError)
	fs.SetOutput(stderr)
	clients := fs.Int("clients", 32, "concurrent clients")
	duration := fs.Duration("duration", 60*time.Second, "how long each load runs")
	officials := fs.Int("officials", 200, "officials with an approved lookup, picked at random per request")
	if err := fs.Parse(args); err != nil || *clients < 1 || *officials < 1 {
		return errUsage
	}
	e, err := migratedEnv(ctx, getenv)
	if err != nil {
		return err
	}
	defer e.db.Close()
	handler, err := benchHandler(e)
	if err != nil {
		return err
	}
	r, err := bench.FileView(ctx, e.app, e.db, handler, *officials, *clients, *duration, stderr)
	if err != nil {
		return err
	}
	fmt.Fprint(stdout, fileViewTable(e.db.Dialect, r))
	return nil
}

// benchHandler is the server's own handler, as serve builds it.
func benchHandler(e *env) (http.Handler, error) {
	enforcer, err := auth.LoadEnforcer(policies.FS)
	if err != nil {
		return nil, err
	}
	srv, err := httpapi.New(httpapi.Deps{App: e.app, Enforcer: enforcer, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Version: version, Env: e.cfg.Env, WebDir: e.cfg.WebDir})
	if err != nil {
		return nil, err
	}
	return srv.Echo(), nil
}

func fileViewTable(dialect string, r bench.FileViewResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "| database | load | clients | requests | errors | req/s | p50 | p95 | p99 |\n|---|---|---|---|---|---|---|---|---|\n")
	for _, l := range []bench.LoadResult{r.FileView, r.DirectSQL, r.BareEcho} {
		fmt.Fprintf(&b, "| %s | %s | %d | %d | %d | %.0f | %s | %s | %s |\n", dialect, l.Name, l.Clients, l.Requests, l.Errors, l.RPS,
			l.P50.Round(10*time.Microsecond), l.P95.Round(10*time.Microsecond), l.P99.Round(10*time.Microsecond))
	}
	fmt.Fprintf(&b, "\nfile view / direct SQL: %.2f of the requests per second; peak RSS %.0f MB; %d officials with approved lookups\n",
		r.FileView.RPS/r.DirectSQL.RPS, float64(r.PeakRSS)/1e6, r.Officials)
	return b.String()
}

func benchStatistics(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench statistics", flag.ContinueOnError)
	fs.SetOutput(stderr)
	year := fs.Int("year", time.Now().Year()-1, "the year counted")
	if err := fs.Parse(args); err != nil || *year < 1990 || *year > 2100 {
		return errUsage
	}
	e, err := migratedEnv(ctx, getenv)
	if err != nil {
		return err
	}
	defer e.db.Close()
	r, err := bench.Statistics(ctx, e.app, e.db, *year, stderr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "| database | officials | year | handlings | four forms by unit and quarter | peak RSS | plain SQL counts | forms / baseline | same counts |\n")
	fmt.Fprintf(stdout, "|---|---|---|---|---|---|---|---|---|\n")
	fmt.Fprintf(stdout, "| %s | %d | %d | %d | %s | %.0f MB | %s | %.2f | %v |\n", e.db.Dialect, r.Officials, r.Year, r.Handlings,
		r.FormsTime.Round(time.Millisecond), float64(r.FormsRSS)/1e6, r.BaselineTime.Round(time.Millisecond),
		r.FormsTime.Seconds()/r.BaselineTime.Seconds(), r.Same)
	return nil
}

// migratedEnv opens the environment of a benchmark, its database migrated
// to this binary's schema; the caller closes the database.
func migratedEnv(ctx context.Context, getenv func(string) string) (*env, error) {
	e, err := openEnv(ctx, getenv, io.Discard)
	if err != nil {
		return nil, err
	}
	if _, err := e.migrate(ctx); err != nil {
		e.db.Close()
		return nil, err
	}
	return e, nil
}

func benchOpinion(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench opinion", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("candidates", 500, "candidates in the request")
	runs := fs.Int("runs", 5, "drafts of its reply")
	if err := fs.Parse(args); err != nil || *n < 1 || *n > 10000 || *runs < 1 || *runs > 100 {
		return errUsage
	}
	e, err := migratedEnv(ctx, getenv)
	if err != nil {
		return err
	}
	defer e.db.Close()
	r, err := bench.Opinion(ctx, e.app, e.db, *n, *runs, stderr)
	if err != nil {
		return err
	}
	med := r.Drafts[len(r.Drafts)/2]
	fmt.Fprintf(stdout, "| database | officials | candidates | records | draft (median of %d) | fastest | slowest | peak RSS | the reads alone (median) | draft / reads | clean | open lead |\n", *runs)
	fmt.Fprintf(stdout, "|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	fmt.Fprintf(stdout, "| %s | %d | %d | %d | %s | %s | %s | %.0f MB | %s | %.2f | %d | %d |\n", e.db.Dialect, r.Officials, r.Candidates, r.Records,
		med.Round(time.Millisecond), r.Drafts[0].Round(time.Millisecond), r.Drafts[len(r.Drafts)-1].Round(time.Millisecond), float64(r.DraftRSS)/1e6,
		r.BaselineTime.Round(time.Millisecond), med.Seconds()/r.BaselineTime.Seconds(), r.Clean, r.Lead)
	return nil
}

// writeProfile writes the runtime profile name to path.
func writeProfile(name, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.Lookup(name).WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
