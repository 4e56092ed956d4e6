package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
)

// RawSQL is the database's connection pool for tools that write SQL by hand
// (benchmarks, tests, health checks). Its queries take `?` placeholders on
// every dialect, as GORM's do: on PostgreSQL they become $1, $2, ….
type RawSQL struct {
	*sql.DB
	dialect string
}

// Rebind writes q's `?` placeholders as the dialect wants them. A `?`
// inside a quoted string or identifier stays.
func (r *RawSQL) Rebind(q string) string { return rebind(r.dialect, q) }

func rebind(dialect, q string) string {
	if dialect != "postgres" || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	var quote byte
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// quote writes an identifier (a column alias that is a reserved word) as
// the dialect quotes it.
func (db *DB) quote(name string) string {
	if db.Dialect == "mysql" {
		return "`" + name + "`"
	}
	return `"` + name + `"`
}

// Exec runs a statement.
func (r *RawSQL) Exec(q string, args ...any) (sql.Result, error) {
	return r.DB.Exec(r.Rebind(q), args...)
}

// ExecContext runs a statement bound to ctx.
func (r *RawSQL) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return r.DB.ExecContext(ctx, r.Rebind(q), args...)
}

// Query runs a query.
func (r *RawSQL) Query(q string, args ...any) (*sql.Rows, error) {
	return r.DB.Query(r.Rebind(q), args...)
}

// QueryContext runs a query bound to ctx.
func (r *RawSQL) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return r.DB.QueryContext(ctx, r.Rebind(q), args...)
}

// QueryRow runs a query of one row.
func (r *RawSQL) QueryRow(q string, args ...any) *sql.Row {
	return r.DB.QueryRow(r.Rebind(q), args...)
}

// QueryRowContext runs a query of one row bound to ctx.
func (r *RawSQL) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return r.DB.QueryRowContext(ctx, r.Rebind(q), args...)
}
