// Package domain holds the platform's entities, its error type and small pure
// helpers. It depends on nothing but the standard library.
package domain

import (
	"errors"
	"fmt"
)

// Error codes. Every error that crosses a package boundary carries one of
// these; the HTTP layer maps each to one status in a single table.
const (
	EINVALID         = "invalid"           // the input is malformed or breaks a rule
	ENOTFOUND        = "not_found"         // no such resource, or the caller may not see it
	ECONFLICT        = "conflict"          // the change collides with current state
	EFORBIDDEN       = "forbidden"         // the caller is known but not allowed
	EUNAUTHENTICATED = "unauthenticated"   // no valid credentials
	ETOOMANY         = "too_many_requests" // rate limit or lockout
	ETOOLARGE        = "too_large"         // body or file over its limit
	EUNAVAILABLE     = "unavailable"       // a dependency (the database) is down
	EINTERNAL        = "internal"          // anything else; never shown in detail
)

// FieldError names one field (and, for bulk input, one row) that is wrong.
type FieldError struct {
	Row     int    `json:"row,omitempty"`
	Field   string `json:"field"`
	Message string `json:"message"`
	// Key and Params name the message stably (msgs.Key), for a client that
	// says it in its own language; set at the edge, empty for a message
	// without a key.
	Key    string   `json:"key,omitempty"`
	Params []string `json:"params,omitempty"`
}

// Error is the one error type of the platform.
type Error struct {
	Code    string
	Message string
	Fields  []FieldError
	// RetryAfter, in seconds, for ETOOMANY and EUNAVAILABLE.
	RetryAfter int
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("%s: %s", e.Code, e.Message)
	}
	return fmt.Sprintf("%s: %s (%s: %s)", e.Code, e.Message, e.Fields[0].Field, e.Fields[0].Message)
}

// Invalid returns an EINVALID error naming the fields that are wrong.
func Invalid(message string, fields ...FieldError) *Error {
	return &Error{Code: EINVALID, Message: message, Fields: fields}
}

// NotFound returns an ENOTFOUND error for a kind of resource.
func NotFound(kind string) *Error {
	return &Error{Code: ENOTFOUND, Message: kind + " not found"}
}

// ErrorCode returns the code of err: its own when it is (or wraps) an *Error,
// EINTERNAL otherwise, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of err that is safe to show to a client.
// An error that is not an *Error gives a generic message, never its text.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) && e.Code != EINTERNAL {
		return e.Message
	}
	return "an internal error occurred"
}

// Problems collects the field errors of a validation, in the order found.
type Problems []FieldError

// Add notes a problem of a field.
func (p *Problems) Add(field, msg string) { *p = append(*p, FieldError{Field: field, Message: msg}) }

// Err is nil when nothing was found, an EINVALID error with this message
// naming every problem otherwise.
func (p Problems) Err(msg string) error {
	if len(p) == 0 {
		return nil
	}
	return Invalid(msg, p...)
}
