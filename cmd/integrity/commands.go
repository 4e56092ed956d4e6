package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"time"

	"integrity/internal/auth"
	"integrity/internal/httpapi"
	"integrity/internal/seed"
	"integrity/policies"
)

func cmdServe(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	e, err := openEnv(ctx, getenv, stderr)
	if err != nil {
		return err
	}
	defer e.db.Close()
	if e.cfg.Dev() {
		if _, err := e.migrate(ctx); err != nil {
			return err
		}
	} else {
		current, latest, err := e.db.SchemaVersion(ctx)
		if err != nil {
			return err
		}
		if current != latest {
			return fmt.Errorf("the database schema is at version %d and this binary needs %d: run `integrity migrate` first", current, latest)
		}
	}
	if err := e.app.CheckCryptoMode(ctx); err != nil {
		return err
	}
	if err := reportDuties(ctx, e); err != nil {
		return err
	}
	if e.cfg.Demo {
		empty, err := e.db.Empty(ctx)
		if err != nil {
			return err
		}
		if empty {
			e.log.Info("demo mode: loading the demo data set", "officials", e.cfg.DemoCount)
			sum, err := seedDemo(ctx, e, seed.Options{Officials: e.cfg.DemoCount, Seed: e.cfg.DemoSeed}, nil)
			if err != nil {
				return fmt.Errorf("loading demo data: %w", err)
			}
			if err := e.app.SettleDemoWarnings(ctx); err != nil {
				return fmt.Errorf("raising the demo's warnings: %w", err)
			}
			e.log.Info("demo data loaded", "departments", sum.Departments, "officials", sum.Officials, "records", sum.Records)
		}
	}
	enforcer, err := auth.LoadEnforcer(policies.FS)
	if err != nil {
		return err
	}
	srv, err := httpapi.New(httpapi.Deps{
		App: e.app, Enforcer: enforcer, Log: e.log, Version: version, Env: e.cfg.Env, Demo: e.cfg.Demo, ExposeVersion: e.cfg.ExposeVersion, WebDir: e.cfg.WebDir,
		CORSOrigins: e.cfg.CORSOrigins, TrustedProxies: e.cfg.TrustedProxies,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", e.cfg.Addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %v", e.cfg.Addr, err)
	}
	go e.app.ResumeImports(ctx, e.log, 5*time.Second)
	go e.app.RunScoring(ctx, e.log, 2*time.Second)
	go e.app.RunLookupExpiry(ctx, e.log, time.Minute)
	// The checkpointer writes a last checkpoint once ctx ends; the database
	// stays open until it has.
	anchorCtx, stopAnchor := context.WithCancel(ctx)
	anchored := make(chan struct{})
	go func() {
		defer close(anchored)
		e.app.RunAuditCheckpoints(anchorCtx, e.log, 5*time.Second)
	}()
	// The address to open, plainly, where a newcomer looks: not inside a log line.
	fmt.Fprintf(stderr, "\n  诚信积分平台已就绪 · The platform is ready: open http://%s\n", ln.Addr())
	if e.cfg.Demo {
		fmt.Fprintf(stderr, "  演示账号 · Demo accounts: admin, jw_staff, jw_approver, hr_staff, clerk, auditor, official (README.md, \"Accounts and sign-in\")\n\n")
	}
	// Logged after the plain lines, so a watcher of the log finds them written.
	e.log.Info("serving", "url", "http://"+ln.Addr().String(), "database", e.cfg.Database.Display,
		"env", e.cfg.Env, "demo", e.cfg.Demo, "version", version)
	err = srv.Serve(ctx, ln, e.cfg.ShutdownMax)
	stopAnchor()
	<-anchored
	return err
}

func cmdMigrate(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(stdout)
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	e, err := openEnv(ctx, getenv, io.Discard)
	if err != nil {
		return err
	}
	defer e.db.Close()
	v, err := e.migrate(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "migrate: %s is at schema version %d\n", e.cfg.Database.Display, v)
	return nil
}

func cmdSeed(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	demo := fs.Bool("demo", false, "load the demo data set (required)")
	officials := fs.Int("officials", 500, "how many officials to generate")
	seedVal := fs.Uint64("seed", 1, "random seed; the same seed and --as-of give the same data")
	asOf := fs.String("as-of", "", "anchor date YYYY-MM-DD; records fall in the six years before it (default today)")
	perOfficial := fs.Float64("records-per-official", 10, "mean number of records per official")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if !*demo {
		return fmt.Errorf("seed: only --demo is supported")
	}
	if *officials < 1 || *officials > 10_000_000 {
		return fmt.Errorf("seed: --officials must be from 1 to 10000000")
	}
	opt := seed.Options{Officials: *officials, Seed: *seedVal, RecordsPerOfficial: *perOfficial}
	if *asOf != "" {
		t, err := time.Parse("2006-01-02", *asOf)
		if err != nil {
			return fmt.Errorf("seed: --as-of %q is not a date YYYY-MM-DD", *asOf)
		}
		opt.AsOf = t
	}
	e, err := openEnv(ctx, getenv, stderr)
	if err != nil {
		return err
	}
	defer e.db.Close()
	if _, err := e.migrate(ctx); err != nil {
		return err
	}
	sum, err := seedDemo(ctx, e, opt, stderr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "seed: %d departments, %d sources, %d officials, %d records\n",
		sum.Departments, sum.Sources, sum.Officials, sum.Records)
	return nil
}

// reportDuties logs every account whose roles break the separation of
// duties (they cannot sign in until fixed) and warns when no security
// administrator exists yet, as after an upgrade.
func reportDuties(ctx context.Context, e *env) error {
	breaches, n, err := e.app.DutyBreaches(ctx)
	if err != nil {
		return err
	}
	for _, b := range breaches {
		e.log.Error("separation of duties breached: the account cannot sign in until a security administrator changes its grants", "account", b)
	}
	if n < 2 {
		e.log.Warn("fewer than two security administrators: grants of roles that open files or administer need one to propose and another to approve; "+
			"create them at the shell with `integrity user add --role security_admin --scope all ...`", "security_admins", n)
	}
	return nil
}
