package testenv

import (
	"errors"
	"testing"
	"time"
)

// Eventually polls cond until it holds and fails the test after limit,
// naming what it waited for. It polls every 5 ms at first and less often
// the longer it waits (at most every 100 ms), so a quick condition is seen
// at once and a slow one (a process restarting) costs little.
func Eventually(t testing.TB, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	EventuallyNil(t, limit, what, func() error {
		if cond() {
			return nil
		}
		return errNotYet
	})
}

var errNotYet = errors.New("not yet")

// EventuallyNil is Eventually for a check that says why it does not hold
// yet: the test fails with its last error.
func EventuallyNil(t testing.TB, limit time.Duration, what string, check func() error) {
	t.Helper()
	deadline := time.Now().Add(limit)
	pause := 5 * time.Millisecond
	for {
		err := check()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			if errors.Is(err, errNotYet) {
				t.Fatalf("waited %s for %s", limit, what)
			}
			t.Fatalf("waited %s for %s: %v", limit, what, err)
		}
		time.Sleep(pause)
		pause = min(2*pause, 100*time.Millisecond)
	}
}
