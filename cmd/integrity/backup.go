package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"integrity/internal/config"
	"integrity/internal/store"
)

// cmdBackup writes a consistent copy of the configured database.
func cmdBackup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "the backup file to write (must not exist)")
	if err := fs.Parse(args); err != nil || *out == "" {
		fmt.Fprintln(stderr, "usage: integrity backup --out FILE")
		return errUsage
	}
	e, err := openEnv(ctx, getenv, io.Discard)
	if err != nil {
		return err
	}
	defer e.db.Close()
	counts, err := e.db.Count(ctx)
	if err != nil {
		return err
	}
	if err := e.db.Backup(ctx, e.cfg.Database.DSN, *out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup: %s written (%d officials, %d records); keep it with INTEGRITY_SECRET_KEY, without which its ID numbers cannot be read\n",
		*out, counts.Officials, counts.Records)
	return nil
}

// cmdRestore loads a backup into the configured, empty database and checks
// what it restored: the schema version, the audit chain and the counts.
func cmdRestore(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "", "the backup file to restore")
	if err := fs.Parse(args); err != nil || *in == "" {
		fmt.Fprintln(stderr, "usage: integrity restore --in FILE")
		return errUsage
	}
	if _, err := os.Stat(*in); err != nil {
		return fmt.Errorf("restore: %v", err)
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	if cfg.Database.Dialect == "sqlite" {
		if cfg.Database.Path == "" {
			return fmt.Errorf("restore: an in-memory database cannot be restored into")
		}
		if err := os.MkdirAll(filepath.Dir(cfg.Database.Path), 0o700); err != nil {
			return err
		}
		if err := store.RestoreSQLite(*in, cfg.Database.Path); err != nil {
			return err
		}
	}
	e, err := openEnv(ctx, getenv, io.Discard)
	if err != nil {
		return err
	}
	defer e.db.Close()
	if cfg.Database.Dialect != "sqlite" {
		if err := e.db.Restore(ctx, cfg.Database.DSN, *in); err != nil {
			return err
		}
	}
	current, latest, err := e.db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	res, err := e.app.Reanchor(ctx, e.log)
	if err != nil {
		return err
	}
	if !res.OK {
		return fmt.Errorf("restore: the restored audit chain is broken at entry %d: %s", res.BrokenAt, res.Reason)
	}
	counts, err := e.db.Count(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "restore: schema version %d (this binary knows %d), %d officials, %d records, audit chain intact (%d entries)\n",
		current, latest, counts.Officials, counts.Records, res.Checked)
	if current < latest {
		fmt.Fprintln(stdout, "restore: run `integrity migrate` to bring the schema up to date")
	}
	return nil
}
