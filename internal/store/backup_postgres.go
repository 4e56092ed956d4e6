package store

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"
)

// backupPostgres runs pg_dump: a custom-format archive (compressed, read
// back by pg_restore) of one snapshot of the database, without owners or
// grants, so it restores into a database of any name and role.
func backupPostgres(ctx context.Context, dsn, path string) error {
	tool, err := firstTool("pg_dump")
	if err != nil {
		return err
	}
	args, env, err := postgresArgs(dsn)
	if err != nil {
		return err
	}
	args = append(args, "--format=custom", "--no-owner", "--no-privileges", "--file", path)
	if err := runPostgresTool(ctx, tool, args, env); err != nil {
		os.Remove(path)
		return fmt.Errorf("backup: %v", err)
	}
	return nil
}

// restorePostgres runs pg_restore into the (empty) database in one
// transaction: a failure leaves it empty, not half restored.
func restorePostgres(ctx context.Context, dsn, path string) error {
	tool, err := firstTool("pg_restore")
	if err != nil {
		return err
	}
	args, env, err := postgresArgs(dsn)
	if err != nil {
		return err
	}
	args = append(args, "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", path)
	if err := runPostgresTool(ctx, tool, args, env); err != nil {
		return fmt.Errorf("restore: %v", err)
	}
	return nil
}

// postgresArgs turns the platform's postgres:// URL into the client tools'
// options, with the password and TLS mode in their environment variables
// (never on a command line another user can read).
func postgresArgs(dsn string) ([]string, []string, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return nil, nil, fmt.Errorf("the database URL: %v", err)
	}
	args := []string{"--host", u.Hostname(), "--port", u.Port(), "--dbname", strings.TrimPrefix(u.Path, "/")}
	env := append(os.Environ(), "PGCONNECT_TIMEOUT=10")
	if u.User != nil {
		args = append(args, "--username", u.User.Username())
		if p, ok := u.User.Password(); ok {
			env = append(env, "PGPASSWORD="+p)
		}
	}
	if m := u.Query().Get("sslmode"); m != "" {
		env = append(env, "PGSSLMODE="+m)
	}
	for k, name := range map[string]string{"sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY"} {
		if v := u.Query().Get(k); v != "" {
			env = append(env, name+"="+v)
		}
	}
	return args, env, nil
}

func runPostgresTool(ctx context.Context, tool string, args, env []string) error {
	cmd := exec.CommandContext(ctx, tool, args...)
	cmd.Env = env
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %v: %s", tool, err, oneLineString(stderr.String()))
	}
	return nil
}
