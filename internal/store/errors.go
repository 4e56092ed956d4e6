package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"

	mysqldriver "github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"

	"integrity/internal/domain"
)

// translate turns database errors into domain errors: a unique-constraint
// failure becomes ECONFLICT, a missing row ENOTFOUND, a lost connection, a
// lock conflict that outlived its retries, a read-only or full database
// EUNAVAILABLE, each with a message that names the cause. Anything else
// stays as it is and becomes EINTERNAL at the edge, where its text is logged
// and never shown.
func translate(err error) error {
	if err == nil {
		return nil
	}
	var de *domain.Error
	if errors.As(err, &de) {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	if errors.Is(err, gorm.ErrRecordNotFound) || errors.Is(err, errNoRows) {
		return domain.NotFound("resource")
	}
	var me *mysqldriver.MySQLError
	if errors.As(err, &me) && me.Number == 1062 {
		return &domain.Error{Code: domain.ECONFLICT, Message: "a record with the same key already exists"}
	}
	if pgCode(err) == pgUniqueViolation || strings.Contains(err.Error(), "UNIQUE constraint failed") {
		return &domain.Error{Code: domain.ECONFLICT, Message: "a record with the same key already exists"}
	}
	switch pgCode(err) {
	case pgBadEncoding, pgUntranslatable:
		// Text the edge let through (it refuses NUL and bytes that are
		// not UTF-8 where it reads them): still the caller's, never a 500.
		return domain.Invalid("the text holds a character the database cannot store (a NUL character or bytes that are not UTF-8)")
	}
	if de := storageError(err); de != nil {
		// The cause stays in the chain, so tx can tell a lock conflict
		// worth retrying from the rest.
		return &causedError{de: de, cause: err}
	}
	return unavailable(err)
}

// notFound is translate for a read of one row: ENOTFOUND naming kind when
// there is no such row, and what translate says for every other failure
// (a lost database is EUNAVAILABLE, never a 404).
func notFound(err error, kind string) error {
	if errors.Is(err, gorm.ErrRecordNotFound) || errors.Is(err, errNoRows) {
		return domain.NotFound(kind)
	}
	return translate(err)
}

// unavailable marks errors that mean the database cannot be reached.
func unavailable(err error) error {
	var ne net.Error
	var ce *pgconn.ConnectError
	if errors.Is(err, driver.ErrBadConn) || errors.Is(err, mysqldriver.ErrInvalidConn) || errors.As(err, &ne) ||
		errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "connection refused") ||
		errors.As(err, &ce) || pgConnectionLost(err) {
		return &domain.Error{Code: domain.EUNAVAILABLE, Message: "the database is unavailable", RetryAfter: 5}
	}
	return err
}

// SQLite's primary result codes (the low byte of an extended code).
const (
	sqliteBusy     = 5
	sqliteLocked   = 6
	sqliteReadOnly = 8
	sqliteIOErr    = 10
	sqliteFull     = 13
)

// MySQL's error numbers for the same conditions.
const (
	mysqlLockWaitTimeout = 1205
	mysqlDeadlock        = 1213
	mysqlReadOnly        = 1290 // the server runs with --read-only
	mysqlReadOnlyTx      = 1792 // a write in a READ ONLY transaction
	mysqlDiskFull        = 1021
	mysqlTableFull       = 1114
)

// PostgreSQL's SQLSTATE codes for the same conditions.
const (
	pgUniqueViolation     = "23505"
	pgBadEncoding         = "22021"
	pgUntranslatable      = "22P05"
	pgSerialization       = "40001"
	pgDeadlock            = "40P01"
	pgLockNotAvailable    = "55P03"
	pgReadOnlyTx          = "25006"
	pgDiskFull            = "53100"
	pgInsufficientRes     = "53000"
	pgAdminShutdown       = "57P01"
	pgCrashShutdown       = "57P02"
	pgCannotConnectNow    = "57P03"
	pgConnectionException = "08"
)

// pgCode returns the SQLSTATE of a PostgreSQL error, "" for any other error.
func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// pgConnectionLost reports whether PostgreSQL's connection is gone: the
// server shut down or restarts, or the connection failed (SQLSTATE class
// 08), or the driver found the connection closed under it.
func pgConnectionLost(err error) bool {
	switch c := pgCode(err); {
	case c == pgAdminShutdown, c == pgCrashShutdown, c == pgCannotConnectNow, strings.HasPrefix(c, pgConnectionException):
		return true
	}
	return pgconn.Timeout(err) || strings.Contains(err.Error(), "conn closed") || strings.Contains(err.Error(), "unexpected EOF")
}

// sqliteCode returns the primary result code of a SQLite error, 0 for any
// other error.
func sqliteCode(err error) int {
	var se interface{ Code() int }
	if errors.As(err, &se) {
		return se.Code() & 0xff
	}
	return 0
}

func mysqlNumber(err error) uint16 {
	var me *mysqldriver.MySQLError
	if errors.As(err, &me) {
		return me.Number
	}
	return 0
}

// lockConflict reports whether err is a transient lock conflict: a MySQL
// deadlock (the server rolled the transaction back) or lock wait timeout,
// a PostgreSQL deadlock, serialization failure or lock timeout, or
// SQLite's busy or locked database. Running the transaction again may
// succeed.
func lockConflict(err error) bool {
	switch mysqlNumber(err) {
	case mysqlDeadlock, mysqlLockWaitTimeout:
		return true
	}
	switch pgCode(err) {
	case pgDeadlock, pgSerialization, pgLockNotAvailable:
		return true
	}
	switch sqliteCode(err) {
	case sqliteBusy, sqliteLocked:
		return true
	}
	return false
}

// storageError names the storage conditions a client should hear about in
// words: a lock conflict that outlived its retries, a read-only database, a
// full disk or a failing one. It returns nil for other errors.
func storageError(err error) *domain.Error {
	if lockConflict(err) {
		return &domain.Error{Code: domain.EUNAVAILABLE, RetryAfter: 2,
			Message: "the database is busy with conflicting changes; try again in a moment"}
	}
	readOnly := &domain.Error{Code: domain.EUNAVAILABLE, RetryAfter: 30,
		Message: "the database is read-only: reading works, but no change can be saved until it is writable again"}
	full := &domain.Error{Code: domain.EUNAVAILABLE, RetryAfter: 30,
		Message: "the database's storage is full: no change can be saved until space is freed"}
	switch mysqlNumber(err) {
	case mysqlReadOnly, mysqlReadOnlyTx:
		return readOnly
	case mysqlDiskFull, mysqlTableFull:
		return full
	}
	switch pgCode(err) {
	case pgReadOnlyTx:
		return readOnly
	case pgDiskFull, pgInsufficientRes:
		return full
	}
	switch sqliteCode(err) {
	case sqliteReadOnly:
		return readOnly
	case sqliteFull:
		return full
	case sqliteIOErr:
		return &domain.Error{Code: domain.EUNAVAILABLE, RetryAfter: 30,
			Message: "the database cannot write to its storage (a disk error, a full disk or a file size limit): no change was saved"}
	}
	return nil
}

// causedError is a domain error that keeps the database error behind it in
// the chain: errors.As finds either.
type causedError struct {
	de    *domain.Error
	cause error
}

func (e *causedError) Error() string   { return e.de.Error() }
func (e *causedError) Unwrap() []error { return []error{e.de, e.cause} }
