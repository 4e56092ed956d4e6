// Package store keeps the platform's state in MySQL, PostgreSQL or SQLite
// through GORM.
// Every public method takes a context and runs in a transaction; data-scope
// filters live inside its queries.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"integrity/internal/audit"

	mysqldriver "github.com/go-sql-driver/mysql"
	"github.com/libtnb/sqlite"
	"github.com/pressly/goose/v3"
	gormmysql "gorm.io/driver/mysql"
	gormpostgres "gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/logger"

	"integrity/internal/config"
	"integrity/migrations"
)

// DB is an open database.
type DB struct {
	gorm *gorm.DB
	// prepared is gorm with the hot reads' statements kept prepared
	// (prepared.go); gorm itself on PostgreSQL.
	prepared *gorm.DB
	sql      *sql.DB
	Dialect  string
	display  string
	memory   bool // an in-memory SQLite database (tests): one connection
	// Now is the clock; tests replace it to make time exact.
	Now func() time.Time
	// Log receives the store's warnings (a transaction retried after a
	// lock conflict); slog's default logger when nil.
	Log *slog.Logger
	// Chain holds the audit chain's keys (secure.Keys); the service sets
	// it. Without it entries are hashed unkeyed, as before the chain had a
	// key, which verification accepts only where a checkpoint anchors them.
	Chain audit.Keyring

	catalogue catalogueCache
}

func init() {
	// The MySQL driver prints connection errors on its own logger; route
	// them through slog so they look like the rest of the log.
	_ = mysqldriver.SetLogger(slogMySQLLogger{})
}

type slogMySQLLogger struct{}

func (slogMySQLLogger) Print(v ...any) { slog.Debug("mysql driver", "msg", fmt.Sprint(v...)) }

// Open connects to the database and checks that it answers. Its errors are
// one line and name the problem.
func Open(ctx context.Context, cfg config.Database) (*DB, error) {
	db := &DB{Dialect: cfg.Dialect, display: cfg.Display, memory: cfg.Dialect == "sqlite" && cfg.Path == "",
		Now: func() time.Time { return time.Now().UTC() }}
	gcfg := &gorm.Config{
		Logger:                                   logger.Discard,
		NowFunc:                                  func() time.Time { return db.Now() },
		SkipDefaultTransaction:                   true,
		DisableAutomaticPing:                     true,
		DisableForeignKeyConstraintWhenMigrating: true,
	}
	var dialector gorm.Dialector
	switch cfg.Dialect {
	case "sqlite":
		if cfg.Path != "" {
			if err := os.MkdirAll(filepath.Dir(cfg.Path), 0o700); err != nil {
				return nil, fmt.Errorf("creating the directory of %s: %v", cfg.Path, err)
			}
		}
		dialector = sqlite.Open(cfg.DSN)
	case "mysql":
		dialector = gormmysql.New(gormmysql.Config{DSN: cfg.DSN, DefaultStringSize: 255})
	case "postgres":
		dialector = gormpostgres.New(gormpostgres.Config{DSN: cfg.DSN})
	default:
		return nil, fmt.Errorf("unsupported database dialect %q", cfg.Dialect)
	}
	g, err := gorm.Open(dialector, gcfg)
	if err != nil {
		return nil, openError(cfg, err)
	}
	sqlDB, err := g.DB()
	if err != nil {
		return nil, openError(cfg, err)
	}
	db.gorm, db.sql, db.prepared = g, sqlDB, preparedSession(g, sqlDB, cfg.Dialect)
	switch {
	case cfg.Dialect == "sqlite" && cfg.Path == "":
		// A shared-cache in-memory database locks whole tables; one
		// connection avoids spurious "table is locked" errors.
		sqlDB.SetMaxOpenConns(1)
	case cfg.Dialect == "sqlite":
		sqlDB.SetMaxOpenConns(8)
		sqlDB.SetMaxIdleConns(8)
	case cfg.Dialect == "postgres":
		// Each PostgreSQL connection is a server process, and a default
		// server takes 100: two replicas stay within it. As many are kept
		// idle as may be open (closed after five idle minutes): with half
		// kept, 32 clients of the file view had the pool close and open
		// connections all the time, each a TLS handshake and a server
		// process forked: with the second core busy the view made 0.17 of
		// its reads' requests a second, and 0.45 with them all kept.
		sqlDB.SetMaxOpenConns(32)
		sqlDB.SetMaxIdleConns(32)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
		sqlDB.SetConnMaxLifetime(30 * time.Minute)
	default:
		sqlDB.SetMaxOpenConns(64)
		sqlDB.SetMaxIdleConns(64)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
		sqlDB.SetConnMaxLifetime(30 * time.Minute)
	}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := sqlDB.PingContext(pctx); err != nil {
		sqlDB.Close()
		return nil, openError(cfg, err)
	}
	return db, nil
}

// openError says in one line which database could not be opened and why.
func openError(cfg config.Database, err error) error {
	switch cfg.Dialect {
	case "mysql":
		return fmt.Errorf("cannot reach MySQL at %s: %s", cfg.Display, oneLine(err))
	case "postgres":
		return fmt.Errorf("cannot reach PostgreSQL at %s: %s", cfg.Display, oneLine(err))
	}
	return fmt.Errorf("cannot open SQLite database %s: %s", cfg.Display, oneLine(err))
}

// Close closes the connection pool.
func (db *DB) Close() error { return db.sql.Close() }

// Ping reports whether the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.sql.PingContext(ctx); err != nil {
		return unavailable(err)
	}
	return nil
}

// SQL returns the underlying pool, for benchmarks and health checks; its
// queries take `?` placeholders on every dialect.
func (db *DB) SQL() *RawSQL { return &RawSQL{DB: db.sql, dialect: db.Dialect} }

// Migrate brings the schema up to the newest version embedded in the binary.
// It returns the version reached.
func (db *DB) Migrate(ctx context.Context) (int64, error) {
	p, err := db.migrator()
	if err != nil {
		return 0, err
	}
	if _, err := p.Up(ctx); err != nil {
		return 0, fmt.Errorf("migrating %s: %s", db.display, oneLine(err))
	}
	return p.GetDBVersion(ctx)
}

// SchemaVersion returns the current and the newest known schema versions.
func (db *DB) SchemaVersion(ctx context.Context) (current, latest int64, err error) {
	p, err := db.migrator()
	if err != nil {
		return 0, 0, err
	}
	if current, err = p.GetDBVersion(ctx); err != nil {
		return 0, 0, unavailable(err)
	}
	srcs := p.ListSources()
	if len(srcs) > 0 {
		latest = srcs[len(srcs)-1].Version
	}
	return current, latest, nil
}

func (db *DB) migrator() (*goose.Provider, error) {
	fsys, err := migrations.FS(db.Dialect)
	if err != nil {
		return nil, err
	}
	dialect := goose.DialectSQLite3
	switch db.Dialect {
	case "mysql":
		dialect = goose.DialectMySQL
	case "postgres":
		dialect = goose.DialectPostgres
	}
	return goose.NewProvider(dialect, db.sql, fsys)
}

// txAttempts bounds how often tx runs a transaction that meets a lock
// conflict: the first run and two retries.
const txAttempts = 3

// tx runs fn in a transaction bound to ctx. When the database reports a
// transient lock conflict (a MySQL deadlock or lock wait timeout, a busy
// SQLite database) the whole transaction has rolled back, and tx runs it
// again after a short jittered pause, up to txAttempts times, logging a
// warning each time. So fn may run more than once: it must set, not
// accumulate, whatever it carries out of the transaction. (A primary key a
// rolled-back attempt assigned is reused by the next, which is safe: MySQL
// never hands an auto-increment value out twice, and SQLite reports busy
// only at BEGIN, before fn runs.)
func (db *DB) tx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	for attempt := 1; ; attempt++ {
		err := db.gorm.WithContext(ctx).Transaction(fn)
		if err == nil || attempt == txAttempts || !lockConflict(err) || ctx.Err() != nil {
			return translate(err)
		}
		wait := retryPause(attempt)
		db.logger().WarnContext(ctx, "database: a transaction met a lock conflict; running it again",
			"attempt", attempt, "of", txAttempts, "pause", wait.String(), "error", oneLine(err))
		select {
		case <-ctx.Done():
			return translate(err)
		case <-time.After(wait):
		}
	}
}

// retryPause is the pause before the attempt after attempt: 20 ms doubling,
// each drawn at random from its upper half, so transactions that collided
// do not collide again in step.
func retryPause(attempt int) time.Duration {
	d := 20 * time.Millisecond << (attempt - 1)
	return d/2 + rand.N(d/2)
}

func (db *DB) logger() *slog.Logger {
	if db.Log != nil {
		return db.Log
	}
	return slog.Default()
}

func oneLine(err error) string {
	s := err.Error()
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

var errNoRows = errors.New("no rows")

// Tx is an open transaction. Its methods run inside it, so a use case can
// change state and write its audit entry atomically.
type Tx struct {
	g  *gorm.DB
	db *DB
}

// Do runs fn in one transaction: committed if fn returns nil, rolled back
// otherwise. After a lock conflict fn runs again (see tx), so it must not
// carry state from an attempt that rolled back.
func (db *DB) Do(ctx context.Context, fn func(tx *Tx) error) error {
	return db.tx(ctx, func(g *gorm.DB) error { return fn(&Tx{g: g, db: db}) })
}

// ReadTx runs fn in a read-only transaction: on MySQL and PostgreSQL a
// consistent snapshot (REPEATABLE READ), on SQLite a WAL read transaction,
// so a long pass over many rows sees one state of the data.
func (db *DB) ReadTx(ctx context.Context, fn func(tx *Tx) error) error {
	opts := &sql.TxOptions{ReadOnly: true}
	if db.Dialect != "sqlite" {
		opts.Isolation = sql.LevelRepeatableRead
	}
	if db.memory {
		// One connection only: a held read transaction would starve the
		// progress writes. Tests only; a file database takes the path below.
		return translate(fn(&Tx{g: db.gorm.WithContext(ctx), db: db}))
	}
	if db.Dialect == "sqlite" {
		// The pool opens SQLite transactions IMMEDIATE (a write lock); a
		// reader needs only a snapshot, which a plain (deferred) BEGIN on
		// one connection gives in WAL mode, without blocking writers.
		conn, err := db.sql.Conn(ctx)
		if err != nil {
			return unavailable(err)
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, "BEGIN"); err != nil {
			return translate(err)
		}
		defer func() {
			if _, err := conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK"); err != nil {
				// Never hand a connection inside a transaction back to
				// the pool: make the pool drop it.
				_ = conn.Raw(func(any) error { return driver.ErrBadConn })
			}
		}()
		g := db.gorm.WithContext(ctx).Session(&gorm.Session{NewDB: true})
		g.Statement.ConnPool = conn
		return translate(fn(&Tx{g: g, db: db}))
	}
	return translate(db.gorm.WithContext(ctx).Transaction(func(g *gorm.DB) error { return fn(&Tx{g: g, db: db}) }, opts))
}

// Now returns the store's clock reading inside a transaction.
func (tx *Tx) Now() time.Time { return tx.db.Now() }

// lockForUpdate locks the rows a query reads until the transaction ends
// (SELECT … FOR UPDATE on MySQL and PostgreSQL; SQLite holds its write
// lock already).
var lockForUpdate = clause.Locking{Strength: "UPDATE"}

// lockSkipLocked locks the rows a query reads as lockForUpdate does, but
// passes over rows another transaction holds instead of waiting for them
// (FOR UPDATE SKIP LOCKED: MySQL 8, MariaDB 10.6+, PostgreSQL), so that
// workers on several replicas take different rows of one queue at once.
var lockSkipLocked = clause.Locking{Strength: "UPDATE", Options: "SKIP LOCKED"}

// shareLock is the dialect's clause that holds the rows a query reads
// against change, but not against other readers that hold them too:
// FOR SHARE on PostgreSQL, LOCK IN SHARE MODE on MySQL and MariaDB (which
// has no FOR SHARE); nothing on SQLite, which holds its write lock already.
func (db *DB) shareLock() string {
	switch db.Dialect {
	case "postgres":
		return " FOR SHARE"
	case "mysql":
		return " LOCK IN SHARE MODE"
	}
	return ""
}

// EachRow runs a query of any columns and hands each row's values to each,
// in order, stopping at the first error: for the tools (benchmarks, tests)
// that read rows as a client would without a type for them.
func (db *DB) EachRow(ctx context.Context, q string, args []any, each func(vals []any) error) error {
	rows, err := db.sql.QueryContext(ctx, rebind(db.Dialect, q), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	vals, ptrs := make([]any, len(cols)), make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		if err := each(vals); err != nil {
			return err
		}
	}
	return rows.Err()
}

// RefreshStatistics has PostgreSQL sample the tables again (all of them
// when none is named) after a bulk write, as its documentation advises:
// until autovacuum gets to them, or never where it is off, the planner
// keeps the counts of before the load and reads every record to find a
// thousand officials' (0.4–0.7 s a batch instead of 30 ms: the city's
// recompute took 20 s instead of 3). MySQL and MariaDB recalculate
// InnoDB's statistics by themselves once a tenth of a table changed, and
// SQLite keeps none (where its guesses went wrong, the query fixes the
// order: OpenLookup), so there it does nothing.
func (db *DB) RefreshStatistics(ctx context.Context, tables ...string) error {
	q := "ANALYZE"
	for i, t := range tables {
		if !identifier.MatchString(t) {
			return fmt.Errorf("RefreshStatistics: %q is not a table name", t)
		}
		if i > 0 {
			q += ","
		}
		q += " " + t
	}
	if db.Dialect != "postgres" {
		return nil
	}
	_, err := db.sql.ExecContext(ctx, q)
	return translate(err)
}

var identifier = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)
