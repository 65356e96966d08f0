// Package domain holds Podium's domain types, rules and use cases. It knows
// nothing of HTTP or SQL: the api package adapts it to Fiber, the store and
// blob packages implement the interfaces it declares.
package domain

import (
	"errors"
	"fmt"
	"time"
)

// Code classifies an error for clients; the API maps each code to one status.
type Code string

// The error codes of DESIGN.md §4.
const (
	CodeInvalid      Code = "invalid"
	CodeNotFound     Code = "not_found"
	CodeConflict     Code = "conflict"
	CodeUnauthorized Code = "unauthorized"
	CodeForbidden    Code = "forbidden"
	CodeTooLate      Code = "too_late"
	CodeTooLarge     Code = "too_large"
	CodeRateLimited  Code = "rate_limited"
	CodeUnavailable  Code = "unavailable"
	CodeInternal     Code = "internal"
)

// Error is the one error type that carries a code and a message safe to show
// to the user. Fields names the offending input fields, when there are any.
type Error struct {
	Code    Code
	Message string
	Fields  map[string]string
	Err     error // the cause, for logs; never shown to clients
	// RetryAfter, on a rate_limited error, is how long until the same
	// request would pass (the API's Retry-After).
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf builds an Error with a formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid reports bad input; fields maps each bad field to what is wrong.
func Invalid(fields map[string]string) *Error {
	msg := "invalid input"
	if len(fields) == 1 {
		for k, v := range fields {
			msg = k + ": " + v
		}
	}
	return &Error{Code: CodeInvalid, Message: msg, Fields: fields}
}

// RateLimited refuses a request over a throttle; retry is how long until
// it would pass, also written into the message.
func RateLimited(retry time.Duration, what string) *Error {
	return &Error{Code: CodeRateLimited, Message: what + "; try again in " + waitText(retry), RetryAfter: retry}
}

// waitText is a wait as people say it, rounded up: "3 seconds", "2 minutes".
func waitText(d time.Duration) string {
	secs := int((d + time.Second - 1) / time.Second)
	switch {
	case secs <= 1:
		return "1 second"
	case secs < 120:
		return fmt.Sprintf("%d seconds", secs)
	}
	return fmt.Sprintf("%d minutes", (secs+59)/60)
}

// NotFound reports a missing object, or one the caller may not know exists.
func NotFound(what string) *Error {
	return &Error{Code: CodeNotFound, Message: what + " not found"}
}

// ErrorCode returns the code of err, or CodeInternal for foreign errors.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// Fields collects field errors while a value is validated.
type Fields map[string]string

// Add records a problem with a field, keeping the first one reported.
func (f Fields) Add(field, problem string) {
	if _, ok := f[field]; !ok {
		f[field] = problem
	}
}

// Err returns an invalid-input error when any field failed, else nil.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return Invalid(f)
}

func itoa64(n int64) string { return fmt.Sprint(n) }
