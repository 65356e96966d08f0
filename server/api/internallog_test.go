package api

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
)

// internalLog is the log handler of every test server: it passes records
// on (to testenv's logger) and remembers each internal error the server
// logs, so that a test fails when the server answered a 500 it did not
// expect, even when the test did not look at that response's status.
type internalLog struct {
	next slog.Handler
	rec  *internalRecords
}

// internalRecords are the internal errors logged during one test.
type internalRecords struct {
	mu       sync.Mutex
	lines    []string
	expected bool // the test provokes internal errors on purpose
}

func (h internalLog) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelError || h.next.Enabled(ctx, l)
}

func (h internalLog) Handle(ctx context.Context, r slog.Record) error {
	if r.Level >= slog.LevelError && r.Message == internalErrorLog {
		var b strings.Builder
		b.WriteString(r.Message)
		r.Attrs(func(a slog.Attr) bool {
			fmt.Fprintf(&b, " %s=%v", a.Key, a.Value)
			return true
		})
		h.rec.mu.Lock()
		h.rec.lines = append(h.rec.lines, b.String())
		h.rec.mu.Unlock()
	}
	if h.next.Enabled(ctx, r.Level) {
		return h.next.Handle(ctx, r)
	}
	return nil
}

func (h internalLog) WithAttrs(attrs []slog.Attr) slog.Handler {
	return internalLog{next: h.next.WithAttrs(attrs), rec: h.rec}
}

func (h internalLog) WithGroup(name string) slog.Handler {
	return internalLog{next: h.next.WithGroup(name), rec: h.rec}
}

// watchInternalErrors wraps log so that tb fails at its cleanup when the
// server logged an internal error, unless the test called
// expectInternalErrors.
func watchInternalErrors(tb testing.TB, log *slog.Logger) (*slog.Logger, *internalRecords) {
	rec := &internalRecords{}
	if _, shared := tb.(processTB); !shared {
		if _, fake := tb.(*recordingTB); !fake {
			tb.Cleanup(func() { rec.check(tb) })
		}
	}
	return slog.New(internalLog{next: log.Handler(), rec: rec}), rec
}

func (rec *internalRecords) check(tb testing.TB) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if rec.expected {
		return
	}
	for _, l := range rec.lines {
		tb.Errorf("the server logged an internal error (a 500 with code internal); fix its cause, or call expectInternalErrors in a test that provokes one on purpose:\n%s", l)
	}
}

// expectInternalErrors opts a test that provokes internal errors on
// purpose (a fault test) out of the check that fails on them.
func (ts *testServer) expectInternalErrors() {
	ts.internal.mu.Lock()
	ts.internal.expected = true
	ts.internal.mu.Unlock()
}

// recordingTB is a test that only records whether it failed.
type recordingTB struct {
	testing.TB
	failed bool
}

func (r *recordingTB) Helper()               {}
func (r *recordingTB) Errorf(string, ...any) { r.failed = true }

// TestInternalErrorsFailTheTest proves the check can fail: an internal
// error logged by the server's error handler fails the test, unless the
// test expects internal errors.
func TestInternalErrorsFailTheTest(t *testing.T) {
	for _, expected := range []bool{false, true} {
		var fake recordingTB
		log, rec := watchInternalErrors(&fake, slog.New(slog.DiscardHandler))
		log.With("component", "api").Error(internalErrorLog, "request_id", "r1", "err", "boom")
		log.Error("some other failure")
		rec.expected = expected
		rec.check(&fake)
		if len(rec.lines) != 1 || fake.failed == expected {
			t.Fatalf("expected=%v: recorded %q, failed=%v", expected, rec.lines, fake.failed)
		}
	}
}

// TestInternalErrorIsLoggedAndHidden provokes an internal error on purpose
// (so it opts out of the check): the client sees only "internal" and a
// request id, the log has the cause, and the harness recorded it.
func TestInternalErrorIsLoggedAndHidden(t *testing.T) {
	ts := newTestServer(t)
	ts.expectInternalErrors()
	// A data store failure no domain rule knows: reading the contests after
	// the database is closed.
	if err := ts.store.Close(); err != nil {
		t.Fatal(err)
	}
	r := ts.client().do("GET", "/api/v1/contests", nil)
	mustStatus(t, r, 500)
	var e errorBody
	r.json(t, &e)
	if e.Error.Code != "internal" || e.Error.RequestID == "" || strings.Contains(string(r.Body), "closed") {
		t.Fatalf("body %s", r.Body)
	}
	ts.internal.mu.Lock()
	defer ts.internal.mu.Unlock()
	if len(ts.internal.lines) != 1 || !strings.Contains(ts.internal.lines[0], e.Error.RequestID) {
		t.Fatalf("recorded %q, want one internal error with request id %s", ts.internal.lines, e.Error.RequestID)
	}
}
