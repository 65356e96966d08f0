package domain

import (
	"context"
	"fmt"
	"strings"
)

// StreamCaps are how many live streams one sign-in (a session or an API
// token) and one account may hold open at once.
type StreamCaps struct {
	PerSession int
	PerUser    int
}

// CheckStreamCaps decides whether one more live stream may open, given the
// streams the caller's session and account already hold: every open stream
// holds a connection and wakes on every change, so a script cannot be
// allowed to open hundreds.
func CheckStreamCaps(caps StreamCaps, session, user int) error {
	switch {
	case session >= caps.PerSession:
		return Errorf(CodeRateLimited, "too many live streams open for this sign-in (at most %d); close other tabs first", caps.PerSession)
	case user >= caps.PerUser:
		return Errorf(CodeRateLimited, "too many live streams open for this account (at most %d); close other tabs or sign-ins first", caps.PerUser)
	}
	return nil
}

// SessionAlive reports whether a session still stands (not ended, not
// expired), without counting the question as activity: a stream left open
// must not keep its session from expiring.
func (a *Accounts) SessionAlive(ctx context.Context, sessionID string) (bool, error) {
	s, _, err := a.Store.SessionByHash(ctx, HashSecret(sessionID))
	if ErrorCode(err) == CodeNotFound {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("check session: %w", err)
	}
	return a.now().Before(s.ExpiresAt), nil
}

// TokenAlive reports whether an API token still stands (not revoked, not
// expired), without counting the question as a use.
func (a *Accounts) TokenAlive(ctx context.Context, secret string) (bool, error) {
	if !strings.HasPrefix(secret, tokenPrefix) {
		return false, nil
	}
	t, _, err := a.Store.TokenByHash(ctx, HashSecret(secret))
	if ErrorCode(err) == CodeNotFound {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("check token: %w", err)
	}
	return a.now().Before(t.ExpiresAt), nil
}
