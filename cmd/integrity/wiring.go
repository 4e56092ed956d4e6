package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"integrity/internal/app"
	"integrity/internal/catalogue"
	"integrity/internal/config"
	"integrity/internal/opinion"
	"integrity/internal/secure"
	"integrity/internal/seed"
	"integrity/internal/store"
	"integrity/policies"
)

// env is what most subcommands start from: the configuration, the keys and
// an open database.
type env struct {
	cfg  config.Config
	keys *secure.Keys
	db   *store.DB
	app  *app.Service
	log  *slog.Logger
}

func openEnv(ctx context.Context, getenv func(string) string, logOut io.Writer) (*env, error) {
	cfg, err := config.Load(getenv)
	if err != nil {
		return nil, err
	}
	log := slog.New(slog.NewJSONHandler(logOut, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if err := cfg.ResolveSecret(); err != nil {
		return nil, err
	}
	if cfg.SecretFile != "" {
		log.Warn("DEVELOPMENT MODE: INTEGRITY_SECRET_KEY is not set; using a key kept in the data directory. "+
			"Never run production like this: set INTEGRITY_SECRET_KEY and INTEGRITY_ENV=production.",
			"key_file", cfg.SecretFile, "generated_now", cfg.SecretNew)
	}
	keys, err := secure.DeriveMode(cfg.Secret, cfg.Crypto)
	if err != nil {
		return nil, err
	}
	db, err := store.Open(ctx, cfg.Database)
	if err != nil {
		return nil, err
	}
	db.Log = log
	svc := app.New(db, keys, cfg.Auth, cfg.Demo)
	svc.DataDir = cfg.DataDir
	if cfg.OpinionsPolicy != "" {
		b, err := os.ReadFile(cfg.OpinionsPolicy)
		if err != nil {
			return nil, fmt.Errorf("INTEGRITY_OPINIONS_POLICY: %w", err)
		}
		if svc.OpinionRules, err = opinion.Parse(b); err != nil {
			return nil, fmt.Errorf("INTEGRITY_OPINIONS_POLICY: %w", err)
		}
	}
	return &env{cfg: cfg, keys: keys, db: db, app: svc, log: log}, nil
}

// migrate brings the schema up to date and adds the shipped catalogue's
// missing codes to the database.
func (e *env) migrate(ctx context.Context) (int64, error) {
	v, err := e.db.Migrate(ctx)
	if err != nil {
		return v, err
	}
	cat, err := catalogue.Default(policies.FS)
	if err != nil {
		return v, err
	}
	if _, err = e.db.SyncCatalogue(ctx, cat); err != nil {
		return v, err
	}
	return v, e.app.EnsureDefaultPolicies(ctx)
}

// seedDemo loads the demo data set; the database must be empty.
func seedDemo(ctx context.Context, e *env, opt seed.Options, progress io.Writer) (seed.Summary, error) {
	empty, err := e.db.Empty(ctx)
	if err != nil {
		return seed.Summary{}, err
	}
	if !empty {
		return seed.Summary{}, fmt.Errorf("the database already holds data; the demo data set needs an empty database")
	}
	if err := e.app.CheckCryptoMode(ctx); err != nil {
		return seed.Summary{}, err
	}
	cat, err := catalogue.Default(policies.FS)
	if err != nil {
		return seed.Summary{}, err
	}
	if opt.AsOf.IsZero() {
		opt.AsOf = time.Now().UTC()
	}
	start := time.Now()
	last := time.Time{}
	opt.Progress = func(officials, records int) {
		if progress != nil && (time.Since(last) > 2*time.Second || officials == opt.Officials) {
			last = time.Now()
			fmt.Fprintf(progress, "seed: %d/%d officials (%.0f%%), %d records, %s\n",
				officials, opt.Officials, 100*float64(officials)/float64(opt.Officials), records,
				time.Since(start).Round(time.Second))
		}
	}
	sum, err := seed.Demo(ctx, e.db, e.keys, cat, opt)
	if err != nil {
		return sum, err
	}
	// The tables the seed filled; the ones the first recompute fills
	// (snapshots, warnings) are left to the planner's estimate by size,
	// as statistics of them empty mislead it while they fill.
	if err := e.db.RefreshStatistics(ctx, "departments", "officials", "records"); err != nil {
		return sum, err
	}
	official, err := e.db.DemoOfficialID(ctx)
	if err != nil {
		return sum, err
	}
	return sum, e.app.SeedDemoUsers(ctx, e.cfg.Auth.DemoPassword, official)
}
