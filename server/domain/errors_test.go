package domain

import (
	"errors"
	"fmt"
	"testing"
)

func TestErrorCodeThroughWrapping(t *testing.T) {
	err := fmt.Errorf("finalize submission: %w", Errorf(CodeTooLate, "deadline passed"))
	if got := ErrorCode(err); got != CodeTooLate {
		t.Fatalf("got %s", got)
	}
	if got := ErrorCode(errors.New("boom")); got != CodeInternal {
		t.Fatalf("foreign error: got %s", got)
	}
}

func TestFields(t *testing.T) {
	f := Fields{}
	if f.Err() != nil {
		t.Fatal("empty fields must not be an error")
	}
	f.Add("email", "is required")
	f.Add("email", "second problem is dropped")
	var e *Error
	if !errors.As(f.Err(), &e) || e.Code != CodeInvalid || e.Fields["email"].Message != "is required" || e.Fields["email"].Code != ProblemRequired {
		t.Fatalf("got %#v", f.Err())
	}
	if e.Message != "email: is required" {
		t.Fatalf("single-field message should name the field, got %q", e.Message)
	}
}
