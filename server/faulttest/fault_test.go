package faulttest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/podium-contests/podium/server/domain"
	"github.com/podium-contests/podium/server/internal/apiclient"
	"github.com/podium-contests/podium/server/internal/replica"
	"github.com/podium-contests/podium/server/internal/testenv"
)

// rush makes every team submit again and again (each submission with its
// own idempotency key, retried until acknowledged) until stop is closed,
// and returns a function that waits for the rush to end.
func rush(ctx context.Context, w *world, rs *receipts, base func() string, stop <-chan struct{}) func() {
	var wg sync.WaitGroup
	for _, tm := range w.teams {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if !rs.submitUntilAcknowledged(ctx, tm, base, fmt.Sprintf("rush-%d-%d", tm.id, i)) {
					return
				}
			}
		}()
	}
	return wg.Wait
}

// TestPostgresRestartDuringSubmissions stops PostgreSQL while teams submit:
// the API answers 503 "unavailable" (and /readyz names the database), the
// server recovers by itself once PostgreSQL is back, and every acknowledged
// submission is stored exactly once.
func TestPostgresRestartDuringSubmissions(t *testing.T) {
	svc := startServices(t)
	srv := svc.serve(t, "pg-restart.log")
	w := svc.newWorld(t, srv, 4)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	rs := newReceipts()
	stop := make(chan struct{})
	wait := rush(ctx, w, rs, func() string { return srv.URL }, stop)

	testenv.Eventually(t, 20*time.Second, "submissions before the outage", func() bool { return rs.count() >= 8 })
	svc.stopPG(t)
	testenv.Eventually(t, 20*time.Second, "503 answers during the outage", func() bool { return rs.unavailableCount() >= 4 })
	status, body := readiness(srv.URL)
	if status != http.StatusServiceUnavailable || !strings.Contains(body, `"database"`) || strings.Contains(body, `"object_store"`) {
		t.Errorf("/readyz during the outage: %d %s (want 503 naming only the database)", status, body)
	}
	before := rs.count()
	svc.startPG(t)
	testenv.Eventually(t, 30*time.Second, "/readyz after PostgreSQL is back", func() bool { s, _ := readiness(srv.URL); return s == 200 })
	testenv.Eventually(t, 30*time.Second, "submissions after the restart", func() bool { return rs.count() >= before+8 })
	close(stop)
	wait()
	rs.check(t, svc.db(t))
	t.Logf("%d submissions acknowledged, %d answers 503 during the outage", rs.count(), rs.unavailableCount())
}

// TestS3RestartDuringUploads stops the S3 server between an upload and its
// completion: complete refuses what it cannot verify, nothing unverified
// becomes part of the draft, and after the restart the same upload completes
// and a new one goes through.
func TestS3RestartDuringUploads(t *testing.T) {
	svc := startServices(t)
	srv := svc.serve(t, "s3-restart.log")
	w := svc.newWorld(t, srv, 1)
	tm := w.teams[0]
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	// Uploaded, not yet completed, when the store goes away.
	content := apiclient.PDF(8192, 99)
	nf := declare(ctx, t, tm, content)
	must(t, tm.PostForm(ctx, apiclient.RouteS3Post, nf.Upload.URL, nf.Upload.Fields, content))
	svc.stopS3(t)

	var f domain.SubmissionFile
	err := tm.Call(ctx, apiclient.RouteComplete, 200, "POST", fmt.Sprintf("teams/%d/submission/files/%s/complete", tm.id, nf.FileID), map[string]any{}, &f)
	var apiErr *apiclient.Error
	if !errors.As(err, &apiErr) || (apiErr.Status != 503 && apiErr.Status != 400) {
		t.Fatalf("complete with the store down: %v (want 503 or 400, never a success)", err)
	}
	status, body := readiness(srv.URL)
	if status != http.StatusServiceUnavailable || !strings.Contains(body, `"object_store"`) {
		t.Errorf("/readyz with the store down: %d %s", status, body)
	}
	// A second upload fails at the store; its declaration may be made.
	content2 := apiclient.PDF(8192, 100)
	nf2 := declare(ctx, t, tm, content2)
	if err := tm.PostForm(ctx, apiclient.RouteS3Post, nf2.Upload.URL, nf2.Upload.Fields, content2); err == nil {
		t.Fatal("an upload to a stopped store succeeded")
	}
	sub := submission(ctx, t, tm)
	for _, f := range sub.Files {
		if f.ID == nf.FileID || f.ID == nf2.FileID {
			if f.Status == domain.FileStored {
				t.Fatalf("a file the server could not verify is stored: %+v", f)
			}
		}
	}

	svc.startS3(t)
	testenv.Eventually(t, 30*time.Second, "/readyz after the store is back", func() bool { s, _ := readiness(srv.URL); return s == 200 })
	// The first upload completes now; the second resumes with its presigned
	// form (still valid) and completes.
	must(t, tm.Call(ctx, apiclient.RouteComplete, 200, "POST", fmt.Sprintf("teams/%d/submission/files/%s/complete", tm.id, nf.FileID), map[string]any{}, &f))
	if f.Status != domain.FileStored || f.Size != int64(len(content)) {
		t.Fatalf("completed after restart: %+v", f)
	}
	must(t, tm.PostForm(ctx, apiclient.RouteS3Post, nf2.Upload.URL, nf2.Upload.Fields, content2))
	must(t, tm.Call(ctx, apiclient.RouteComplete, 200, "POST", fmt.Sprintf("teams/%d/submission/files/%s/complete", tm.id, nf2.FileID), map[string]any{}, &f))
	rc, err := tm.Submit(ctx, tm.id, "after-s3")
	must(t, err)
	if len(rc.Files) != 1 || rc.Files[0].Size != int64(len(content2)) {
		t.Fatalf("receipt after the restart: %+v", rc)
	}
}

func declare(ctx context.Context, t *testing.T, tm *team, content []byte) domain.NewFile {
	t.Helper()
	in := domain.FileInput{Slot: apiclient.PDFSlot, Filename: "deck.pdf", Size: int64(len(content)), ContentType: "application/pdf", SHA256: sha256Hex(content)}
	var nf domain.NewFile
	must(t, tm.Call(ctx, apiclient.RouteDeclare, 201, "POST", fmt.Sprintf("teams/%d/submission/files", tm.id), in, &nf))
	return nf
}

func submission(ctx context.Context, t *testing.T, tm *team) domain.Submission {
	t.Helper()
	var sub domain.Submission
	must(t, tm.Call(ctx, apiclient.RouteOther, 200, "GET", fmt.Sprintf("teams/%d/submission", tm.id), nil, &sub))
	return sub
}

// TestKilledServerLosesNothing kills the server with SIGKILL in the middle
// of a rush and starts a new one: no acknowledged submission is missing, no
// version was made twice, and a retry with an acknowledged key returns the
// same version.
func TestKilledServerLosesNothing(t *testing.T) {
	svc := startServices(t)
	srv := svc.serve(t, "kill-1.log")
	w := svc.newWorld(t, srv, 4)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	var current atomic.Pointer[replica.Server]
	current.Store(srv)
	base := func() string { return current.Load().URL }
	rs := newReceipts()
	stop := make(chan struct{})
	wait := rush(ctx, w, rs, base, stop)

	testenv.Eventually(t, 20*time.Second, "submissions before the kill", func() bool { return rs.count() >= 8 })
	kill(t, srv)
	before := rs.count()
	current.Store(svc.serve(t, "kill-2.log"))
	testenv.Eventually(t, 30*time.Second, "submissions after the restart", func() bool { return rs.count() >= before+8 })
	close(stop)
	wait()
	rs.check(t, svc.db(t))

	// Every acknowledged key, retried, returns its version and digest.
	rs.mu.Lock()
	defer rs.mu.Unlock()
	for _, tm := range w.teams {
		cl := tm.On(apiclient.NewBalancer(base()))
		for id, want := range rs.byID {
			teamKey, key, _ := strings.Cut(id, "/")
			if teamKey != fmt.Sprint(tm.id) {
				continue
			}
			got, err := cl.Submit(ctx, tm.id, key)
			must(t, err)
			if got.Version != want.Version || got.Digest != want.Digest {
				t.Errorf("retry of %s: version %d, want %d", id, got.Version, want.Version)
			}
		}
	}
}
