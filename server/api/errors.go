package api

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/podium-contests/podium/server/domain"
)

// statusOf maps each domain error code to its one HTTP status.
var statusOf = map[domain.Code]int{
	domain.CodeInvalid:      http.StatusBadRequest,
	domain.CodeNotFound:     http.StatusNotFound,
	domain.CodeConflict:     http.StatusConflict,
	domain.CodeUnauthorized: http.StatusUnauthorized,
	domain.CodeForbidden:    http.StatusForbidden,
	domain.CodeTooLate:      http.StatusUnprocessableEntity,
	domain.CodeTooLarge:     http.StatusRequestEntityTooLarge,
	domain.CodeRateLimited:  http.StatusTooManyRequests,
	domain.CodeUnavailable:  http.StatusServiceUnavailable,
	domain.CodeInternal:     http.StatusInternalServerError,
}

// codeOfStatus classifies Fiber's own errors (unknown route, body too large).
func codeOfStatus(status int) domain.Code {
	for code, st := range statusOf {
		if st == status {
			return code
		}
	}
	if status == http.StatusMethodNotAllowed {
		return domain.CodeNotFound
	}
	if status < 500 {
		return domain.CodeInvalid
	}
	return domain.CodeInternal
}

// errorBody is the JSON shape of every error response.
type errorBody struct {
	Error errorDetail `json:"error"`
}

// errorDetail is an error: its code, an English message, and for invalid
// input the problem of each field by its JSON path (a code with parameters
// for clients to word in their user's language, and an English message).
type errorDetail struct {
	Code      domain.Code   `json:"code"`
	Message   string        `json:"message"`
	Fields    domain.Fields `json:"fields,omitempty"`
	RequestID string        `json:"request_id,omitempty"`
}

// internalErrorLog is the message of the log record of every internal
// error; the API tests fail when one is logged.
const internalErrorLog = "internal error"

// handleError is the one place where errors become responses. Internal
// errors are logged with the request id and shown only as that id.
func (s *server) handleError(c *fiber.Ctx, err error) error {
	detail := errorDetail{RequestID: requestIDOf(c)}
	var de *domain.Error
	var fe *fiber.Error
	switch {
	case errors.As(err, &de) && de.Code != domain.CodeInternal:
		detail.Code, detail.Message, detail.Fields = de.Code, de.Message, de.Fields
		if de.Code == domain.CodeUnavailable {
			s.Log.Warn("dependency unavailable", "request_id", detail.RequestID, "err", err)
			c.Set(fiber.HeaderRetryAfter, "5")
		}
		if de.Code == domain.CodeRateLimited {
			c.Set(fiber.HeaderRetryAfter, retryAfterSeconds(de.RetryAfter))
		}
	case errors.As(err, &fe):
		detail.Code, detail.Message = codeOfStatus(fe.Code), fe.Message
		if fe.Code == http.StatusRequestEntityTooLarge {
			detail.Message = "request body too large"
		}
	default:
		s.Log.Error(internalErrorLog, "request_id", detail.RequestID, "method", c.Method(), "path", c.Path(), "err", err)
		detail.Code, detail.Message = domain.CodeInternal, "internal error (request id "+detail.RequestID+")"
	}
	return c.Status(statusOf[detail.Code]).JSON(errorBody{Error: detail})
}

// retryAfterSeconds is a Retry-After value: whole seconds, rounded up so
// that a client retrying on time passes (at least 1; 60 when unknown).
func retryAfterSeconds(d time.Duration) string {
	if d <= 0 {
		return "60"
	}
	return strconv.FormatInt(int64((d+time.Second-1)/time.Second), 10)
}

// data writes a success body.
func data(c *fiber.Ctx, status int, v any) error {
	return c.Status(status).JSON(fiber.Map{"data": v})
}
