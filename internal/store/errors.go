package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"net"
	"strings"

	mysqldriver "github.com/go-sql-driver/mysql"
	"gorm.io/gorm"

	"integrity/internal/domain"
)

// translate turns database errors into domain errors: a unique-constraint
// failure becomes ECONFLICT, a missing row ENOTFOUND, a lost connection
// EUNAVAILABLE. Anything else stays as it is and becomes EINTERNAL at the
// edge, where its text is logged and never shown.
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
	if strings.Contains(err.Error(), "UNIQUE constraint failed") {
		return &domain.Error{Code: domain.ECONFLICT, Message: "a record with the same key already exists"}
	}
	return unavailable(err)
}

// unavailable marks errors that mean the database cannot be reached.
func unavailable(err error) error {
	var ne net.Error
	if errors.Is(err, driver.ErrBadConn) || errors.Is(err, mysqldriver.ErrInvalidConn) || errors.As(err, &ne) ||
		strings.Contains(err.Error(), "connection refused") {
		return &domain.Error{Code: domain.EUNAVAILABLE, Message: "the database is unavailable", RetryAfter: 5}
	}
	return err
}
