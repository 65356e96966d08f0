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

// The error codes (docs/architecture.md, "Errors").
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
	Fields  Fields
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

// Invalid reports bad input; fields maps each bad field to what is wrong,
// in English (the problem's code is derived from the message, see Fields.Add).
func Invalid(fields map[string]string) *Error {
	return FieldsOf(fields).invalid()
}

// FieldsOf turns English messages by field into Fields (see Fields.Add).
func FieldsOf(messages map[string]string) Fields {
	f := Fields{}
	for k, v := range messages {
		f.Add(k, v)
	}
	return f
}

func (f Fields) invalid() *Error {
	msg := "invalid input"
	if len(f) == 1 {
		for k, v := range f {
			msg = k + ": " + v.Message
		}
	}
	return &Error{Code: CodeInvalid, Message: msg, Fields: f}
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

// Fields collects field errors while a value is validated, by field name
// (the JSON path of the input, such as "form[2].key").
type Fields map[string]Problem

// Add records a problem with a field given as an English message, keeping
// the first one reported. Its code is the one of a known message (see
// problemOfMessage), else "invalid"; prefer Problem, which names the code.
func (f Fields) Add(field, message string) {
	f.put(field, problemOfMessage(message))
}

// Problem records a problem with a field by code and parameters, keeping
// the first one reported; the English message comes from the code.
func (f Fields) Problem(field, code string, params map[string]any) {
	f.put(field, NewProblem(code, params))
}

func (f Fields) put(field string, p Problem) {
	if _, ok := f[field]; !ok {
		f[field] = p
	}
}

// Err returns an invalid-input error when any field failed, else nil.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return f.invalid()
}

func itoa64(n int64) string { return fmt.Sprint(n) }
