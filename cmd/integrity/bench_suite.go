package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"integrity/internal/bench"
	"integrity/internal/seed"
)

// sizes are the populations the suite measures: a city and a province.
var sizes = map[string]int{"city": 50_000, "province": 1_000_000}

// benchSuite loads a population of the given size into an empty database
// (or measures the one there, if it is that size) and measures everything
// against its baseline, printing one table and writing it as Markdown.
func benchSuite(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	size := fs.String("size", "city", "city (50,000 officials) or province (1,000,000)")
	importRows := fs.Int("import-rows", 1_000_000, "rows to import")
	duration := fs.Duration("duration", 60*time.Second, "how long each load of the file view runs")
	clients := fs.Int("clients", 32, "concurrent clients of the file view")
	out := fs.String("out", "", "also write the table as Markdown to this file")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	n, ok := sizes[*size]
	if !ok {
		return fmt.Errorf("bench: --size must be city or province")
	}
	e, err := openEnv(ctx, getenv, io.Discard)
	if err != nil {
		return err
	}
	defer e.db.Close()
	if _, err := e.migrate(ctx); err != nil {
		return err
	}
	counts, err := e.db.Count(ctx)
	if err != nil {
		return err
	}
	started := time.Now()
	switch {
	case counts.Officials == 0:
		fmt.Fprintf(stderr, "bench: loading a %s of %d officials…\n", *size, n)
		if _, err := seedDemo(ctx, e, seed.Options{Officials: n, Seed: 1}, stderr); err != nil {
			return err
		}
	case counts.Officials != int64(n):
		return fmt.Errorf("bench: the database holds %d officials, not a %s's %d: use an empty database", counts.Officials, *size, n)
	}
	seeded := time.Since(started)
	rec, err := bench.Recompute(ctx, e.app, e.db, 1000, stderr)
	if err != nil {
		return err
	}
	dir := e.cfg.DataDir
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	imp, err := bench.Import(ctx, e.app, e.db, e.keys, *importRows, dir, stderr)
	if err != nil {
		return err
	}
	elig, err := bench.Eligibility(ctx, e.app, e.db, 10_000, "promotion", stderr)
	if err != nil {
		return err
	}
	handler, err := benchHandler(e)
	if err != nil {
		return err
	}
	fv, err := bench.FileView(ctx, e.app, e.db, handler, 200, *clients, *duration, stderr)
	if err != nil {
		return err
	}
	table := suiteTable(e.db.Dialect, *size, rec, imp, elig, fv, seeded, time.Since(started))
	fmt.Fprint(stdout, table)
	if *out != "" {
		return os.WriteFile(*out, []byte(table), 0o644)
	}
	return nil
}

// targets are issue 20's goals, each a ratio to the database's own work
// measured in the same run.
type targets struct {
	recompute   float64 // the recompute's time over the one statement's, at most
	importShare float64 // the import's rows a second over the batched INSERT's, at least
	eligibility float64 // the check's time over the reads', at most
	fileView    float64 // the view's requests a second over the reads', at least
	p99         float64 // the view's p99 over the reads', at most
}

func targetsFor(dialect, size string) targets {
	t := targets{recompute: 1.2, importShare: 0.6, eligibility: 1.3, fileView: 0.85, p99: 1.2}
	if dialect == "sqlite" {
		t.recompute = 1.5
	}
	if size == "province" {
		t.importShare = 0.5
	}
	return t
}

func suiteTable(dialect, size string, rec bench.RecomputeResult, imp bench.ImportResult, elig bench.EligibilityResult, fv bench.FileViewResult, seeded, total time.Duration) string {
	var b strings.Builder
	ms := func(d time.Duration) string { return d.Round(time.Millisecond).String() }
	met := func(ok bool) string {
		if ok {
			return "met"
		}
		return "**missed**"
	}
	fmt.Fprintf(&b, "Size %s on %s: %d officials, %d records (loaded in %s; the whole run %s).\n\n", size, dialect, rec.Officials, rec.Records,
		ms(seeded), ms(total))
	fmt.Fprintf(&b, "| measure | figure | baseline | ratio | target | |\n|---|---|---|---|---|---|\n")
	t := targetsFor(dialect, size)
	rr := rec.RecomputeTime.Seconds() / rec.BaselineTime.Seconds()
	fmt.Fprintf(&b, "| full recompute | %s | one SQL statement %s | %.2f | ≤ %.1f | %s |\n", ms(rec.RecomputeTime), ms(rec.BaselineTime), rr, t.recompute, met(rr <= t.recompute))
	ir := imp.BaselineTime.Seconds() / imp.ImportTime.Seconds()
	fmt.Fprintf(&b, "| import of %d rows | %.0f rows/s | batched INSERT %.0f rows/s | %.2f | ≥ %.1f | %s |\n", imp.Rows,
		float64(imp.Rows)/imp.ImportTime.Seconds(), float64(imp.Rows)/imp.BaselineTime.Seconds(), ir, t.importShare, met(ir >= t.importShare))
	er := elig.CheckTime.Seconds() / elig.BaselineTime.Seconds()
	fmt.Fprintf(&b, "| eligibility check of %d | %s | the reads alone %s | %.2f | ≤ %.1f | %s |\n", elig.Candidates, ms(elig.CheckTime), ms(elig.BaselineTime), er, t.eligibility, met(er <= t.eligibility))
	fr := fv.FileView.RPS / fv.DirectSQL.RPS
	fmt.Fprintf(&b, "| file view, %d clients | %.0f req/s | the same reads %.0f req/s | %.2f | ≥ %.2f | %s |\n", fv.FileView.Clients, fv.FileView.RPS, fv.DirectSQL.RPS, fr, t.fileView, met(fr >= t.fileView))
	pr := fv.FileView.P99.Seconds() / fv.DirectSQL.P99.Seconds()
	fmt.Fprintf(&b, "| file view p99 | %s | the same reads %s | %.2f | ≤ %.1f | %s |\n", ms(fv.FileView.P99), ms(fv.DirectSQL.P99), pr, t.p99, met(pr <= t.p99))
	var peak int64
	var during string
	for _, m := range []struct {
		rss  int64
		what string
	}{{rec.RecomputeRSS, "the recompute"}, {rec.BaselineRSS, "the recompute's baseline"}, {imp.ImportPeakRSS, "the import"},
		{imp.BaselinePeakRS, "the import's baseline"}, {elig.CheckRSS, "the eligibility check"}, {elig.BaselineRSS, "the check's baseline"},
		{fv.PeakRSS, "the file view"}} {
		if m.rss > peak {
			peak, during = m.rss, m.what
		}
	}
	fmt.Fprintf(&b, "| resident memory, peak | %.0f MB (%s) | | | < 300 MB | %s |\n", float64(peak)/1e6, during, met(peak < 300e6))
	fmt.Fprintf(&b, "| single score as of a day | p50 %s, p99 %s | | | | |\n\n", rec.ScoreP50.Round(10*time.Microsecond), rec.ScoreP99.Round(10*time.Microsecond))
	fmt.Fprintf(&b, "| load | clients | requests | errors | req/s | p50 | p95 | p99 |\n|---|---|---|---|---|---|---|---|\n")
	for _, l := range []bench.LoadResult{fv.FileView, fv.DirectSQL, fv.BareEcho} {
		fmt.Fprintf(&b, "| %s | %d | %d | %d | %.0f | %s | %s | %s |\n", l.Name, l.Clients, l.Requests, l.Errors, l.RPS,
			l.P50.Round(10*time.Microsecond), l.P95.Round(10*time.Microsecond), l.P99.Round(10*time.Microsecond))
	}
	return b.String()
}
