package store

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	mysqldriver "github.com/go-sql-driver/mysql"
)

// Backup writes a consistent copy of the whole database to path: for SQLite
// a database file (VACUUM INTO, a snapshot taken while the server runs),
// for MySQL an SQL dump taken in one transaction by the server's own
// mariadb-dump or mysqldump, for PostgreSQL a custom-format archive of
// pg_dump (one snapshot, compressed). The file must not exist.
func (db *DB) Backup(ctx context.Context, cfgDSN, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s exists; choose a new file", path)
	}
	if db.Dialect == "sqlite" {
		_, err := db.sql.ExecContext(ctx, "VACUUM INTO ?", path)
		return translate(err)
	}
	if db.Dialect == "postgres" {
		return backupPostgres(ctx, cfgDSN, path)
	}
	c, err := mysqldriver.ParseDSN(cfgDSN)
	if err != nil {
		return err
	}
	tool, err := firstTool("mariadb-dump", "mysqldump")
	if err != nil {
		return err
	}
	out, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, tool, append(mysqlArgs(c), "--single-transaction", "--quick", "--skip-lock-tables",
		"--no-tablespaces", "--hex-blob", "--default-character-set=utf8mb4", c.DBName)...)
	cmd.Env = append(os.Environ(), "MYSQL_PWD="+c.Passwd)
	var stderr strings.Builder
	cmd.Stdout, cmd.Stderr = out, &stderr
	err = cmd.Run()
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("backup: %s: %v: %s", tool, err, oneLineString(stderr.String()))
	}
	return nil
}

// Restore loads a backup into this database, which must be empty (no
// tables): for SQLite the file is copied into place (the database must
// not be open yet: call it before Open with RestoreSQLite), for MySQL the
// dump is fed to the server's own client, for PostgreSQL the archive to
// pg_restore in one transaction.
func (db *DB) Restore(ctx context.Context, cfgDSN, path string) error {
	if db.Dialect == "sqlite" {
		return fmt.Errorf("restore: SQLite restores with RestoreSQLite before the database is opened")
	}
	schema := "DATABASE()"
	if db.Dialect == "postgres" {
		schema = "current_schema()"
	}
	var n int
	if err := db.sql.QueryRowContext(ctx, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = "+schema).Scan(&n); err != nil {
		return translate(err)
	}
	if n > 0 {
		return fmt.Errorf("restore: the database holds %d tables; restore into an empty database", n)
	}
	if db.Dialect == "postgres" {
		return restorePostgres(ctx, cfgDSN, path)
	}
	c, err := mysqldriver.ParseDSN(cfgDSN)
	if err != nil {
		return err
	}
	tool, err := firstTool("mariadb", "mysql")
	if err != nil {
		return err
	}
	in, err := os.Open(path)
	if err != nil {
		return err
	}
	defer in.Close()
	cmd := exec.CommandContext(ctx, tool, append(mysqlArgs(c), "--default-character-set=utf8mb4", c.DBName)...)
	cmd.Env = append(os.Environ(), "MYSQL_PWD="+c.Passwd)
	var stderr strings.Builder
	cmd.Stdin, cmd.Stderr = in, &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("restore: %s: %v: %s", tool, err, oneLineString(stderr.String()))
	}
	return nil
}

// RestoreSQLite copies a SQLite backup to a database path that does not
// exist yet.
func RestoreSQLite(backup, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("restore: %s exists; restore into a new database file", path)
	}
	in, err := os.Open(backup)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(path)
		return err
	}
	return out.Close()
}

func mysqlArgs(c *mysqldriver.Config) []string {
	host, port := c.Addr, "3306"
	if i := strings.LastIndex(c.Addr, ":"); i >= 0 {
		host, port = c.Addr[:i], c.Addr[i+1:]
	}
	return []string{"--protocol=tcp", "-h", host, "-P", port, "-u", c.User}
}

func firstTool(names ...string) (string, error) {
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p, nil
		}
	}
	if len(names) == 1 {
		return "", fmt.Errorf("%s is not installed (the PostgreSQL client tools: Debian's postgresql-client)", names[0])
	}
	return "", fmt.Errorf("neither %s is installed (the MySQL or MariaDB client tools)", strings.Join(names, " nor "))
}

func oneLineString(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}
