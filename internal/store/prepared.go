package store

import (
	"context"
	"database/sql"
	"time"

	"gorm.io/gorm"
)

// The reads every request or file view makes (the caller's session and
// grants, the official with the open lookup, the records, their versions
// and the warnings) keep their statements prepared, once per connection,
// instead of having the database parse and plan them on every execution.
//
// On SQLite a statement run without being prepared first is compiled
// anew each time: in a profile of the file view under load, SQLite's
// parser took a third of the view's CPU, the official-and-lookup join
// alone 2.5 s of 45. (github.com/glebarez/go-sqlite, the driver before,
// compiled even a prepared statement each time; it was replaced for that
// by modernc.org/sqlite.) With MySQL a statement with arguments is
// prepared, executed and closed, a round trip more than executing a kept
// one. pgx keeps its own cache of prepared statements per connection, so
// PostgreSQL reads as before.
//
// Only statements whose text is one of a few shapes go through here: each
// shape is kept for the life of the process (see preparedKeep), and MySQL
// counts every connection's statements against one limit for the server
// (max_prepared_stmt_count, 16,382 by default). So a list of ids of any
// length (IN ?) is padded to a power of two first (padIDs), and a scope
// of more than a few terms is read unprepared (OpenLookup).

// preparedKeep is how long a prepared statement is kept. GORM's cache
// closes a statement when it expires, and a request holding it at that
// moment would fail ("sql: statement is closed"): the shapes are few, so
// they are kept for the process's life. Nothing else may ask GORM for
// prepared statements (Session{PrepareStmt: true}): that would build a
// second cache, with GORM's default of a day.
const preparedKeep = 10 * 365 * 24 * time.Hour

// preparedDialect reports whether the dialect's reads gain from statements
// kept prepared by the process.
func preparedDialect(dialect string) bool { return dialect == "sqlite" || dialect == "mysql" }

// preparedSession returns g with its statements kept prepared where the
// dialect gains from it, and g itself elsewhere.
func preparedSession(g *gorm.DB, sqlDB *sql.DB, dialect string) *gorm.DB {
	if !preparedDialect(dialect) {
		return g
	}
	// A context makes the session a Statement of its own (an empty Session
	// shares g's, and would make every statement of g prepared).
	s := g.Session(&gorm.Session{Context: context.Background()})
	s.Statement.ConnPool = gorm.NewPreparedStmtDB(detachedPrepare{sqlDB}, 0, preparedKeep)
	return s
}

// detachedPrepare prepares statements whatever becomes of the context of
// the request that happens to prepare one first. GORM's cache prepares a
// statement once, and the requests that want it meanwhile wait for that
// one and get its error: prepared with the first request's context, a
// client that hung up would fail every request waiting beside it with
// "context canceled". The statement is the process's, not the request's;
// the request's context still governs its own query. (Only reads outside
// a transaction are prepared here: a transaction's statements are its
// own.)
type detachedPrepare struct{ *sql.DB }

// prepareTimeout bounds a prepare no request can cancel. It is short:
// while one statement is being prepared, GORM's cache makes the requests
// that need another wait for it.
const prepareTimeout = 5 * time.Second

func (p detachedPrepare) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), prepareTimeout)
	defer cancel()
	return p.DB.PrepareContext(ctx, query)
}

// GetDBConn lets GORM reach the pool beneath (gorm.GetDBConnector).
func (p detachedPrepare) GetDBConn() (*sql.DB, error) { return p.DB, nil }

// hot returns the GORM handle for a hot read of a fixed shape.
func (db *DB) hot(ctx context.Context) *gorm.DB { return db.prepared.WithContext(ctx) }

// hotQuery runs a hand-written hot read of a fixed shape (`?`
// placeholders) through the prepared statements.
func (db *DB) hotQuery(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return db.prepared.Statement.ConnPool.QueryContext(ctx, rebind(db.Dialect, q), args...)
}

// padIDs pads ids to the next power of two by repeating the last one, so
// that `IN ?` takes one of a few shapes and its statement is kept
// prepared: IN (a, b, c, c) selects what IN (a, b, c) does. Past
// padLimit the list is returned as it is (and hotIn says not to prepare
// it), as such reads are rare.
func padIDs(ids []int64) []int64 {
	n := len(ids)
	if n == 0 || n > padLimit {
		return ids
	}
	size := 1
	for size < n {
		size *= 2
	}
	out := make([]int64, size)
	copy(out, ids)
	for i := n; i < size; i++ {
		out[i] = ids[n-1]
	}
	return out
}

// padLimit is the longest list padIDs pads: 12 shapes of IN ? at most.
const padLimit = 2048

// hotIn returns the handle for a read with `IN ?` over ids (padded by
// padIDs): kept prepared up to padLimit ids, plain beyond.
func (db *DB) hotIn(ctx context.Context, ids []int64) *gorm.DB {
	if len(ids) > padLimit {
		return db.gorm.WithContext(ctx)
	}
	return db.hot(ctx)
}
