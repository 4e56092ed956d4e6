package domain_test

import (
	"errors"
	"fmt"
	"testing"

	"integrity/internal/domain"
)

func TestErrorCodeAndMessage(t *testing.T) {
	wrapped := fmt.Errorf("saving: %w", domain.NotFound("official"))
	if got := domain.ErrorCode(wrapped); got != domain.ENOTFOUND {
		t.Fatalf("code of a wrapped not-found = %q", got)
	}
	if got := domain.ErrorMessage(wrapped); got != "official not found" {
		t.Fatalf("message = %q", got)
	}
	raw := errors.New("Error 1146: Table 'x.officials' doesn't exist")
	if domain.ErrorCode(raw) != domain.EINTERNAL {
		t.Fatal("an unknown error must be internal")
	}
	if msg := domain.ErrorMessage(raw); msg != "an internal error occurred" {
		t.Fatalf("an internal error leaked its text: %q", msg)
	}
	if domain.ErrorCode(nil) != "" || domain.ErrorMessage(nil) != "" {
		t.Fatal("nil must give empty code and message")
	}
}
