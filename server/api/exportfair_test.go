package api

import (
	"context"
	"errors"
	"testing"

	"github.com/podium-contests/podium/server/domain"
)

// heldQueue queues nothing: the test runs each export itself, in the order
// that shows what it wants to show.
type heldQueue struct{}

func (heldQueue) EnqueueExport(context.Context, string) error { return nil }

// newHeldExportServer makes contests with one submitted entry each, whose
// exports are run by the test.
func newHeldExportServer(t *testing.T, slugs ...string) (*testServer, *client) {
	ts := newTestServer(t)
	ts.deps.Exports.Queue = heldQueue{}
	admin := ts.admin()
	for _, slug := range slugs {
		admin.createContest(slug)
		ts.submitEntry(slug, slug+"@example.org", slug+" team", "energy", "https://git.example.org/"+slug, pdfBytes(2000))
	}
	return ts, admin
}

// startHeldExport starts an export through the API and returns it, queued.
func startHeldExport(t *testing.T, admin *client, slug, kind string) domain.Export {
	t.Helper()
	r := admin.do("POST", "/api/v1/contests/"+slug+"/exports", map[string]string{"kind": kind})
	mustStatus(t, r, 202)
	return decode[domain.Export](t, r)
}

// TestOneContestRunsOneExportAtATime: while an export of contest green runs,
// a second green export waits (queued, its job tries again later) instead of
// taking another export worker, and an export of contest blue runs at once.
func TestOneContestRunsOneExportAtATime(t *testing.T) {
	t.Parallel()
	ts, admin := newHeldExportServer(t, "green", "blue")
	green1, green2 := startHeldExport(t, admin, "green", "zip"), startHeldExport(t, admin, "green", "csv")
	blue := startHeldExport(t, admin, "blue", "csv")
	ctx := t.Context()
	ex := ts.deps.Exports

	// A worker is busy with green's first export.
	if err := ts.store.StartExport(ctx, green1.ID, 1); err != nil {
		t.Fatal(err)
	}
	if err := ex.Run(ctx, green2.ID); !errors.Is(err, domain.ErrExportWaits) {
		t.Fatalf("green's second export while its first runs: %v, want it to wait", err)
	}
	if e, _ := ts.store.ExportByID(ctx, green2.ID); e.Status != domain.ExportQueued {
		t.Fatalf("the waiting export is %s, want queued", e.Status)
	}
	if err := ex.Run(ctx, blue.ID); err != nil {
		t.Fatalf("blue's export while green's runs: %v", err)
	}
	// Green's first finishes (a retried job takes its own place again); then the second runs.
	if err := ex.Run(ctx, green1.ID); err != nil {
		t.Fatal(err)
	}
	if err := ex.Run(ctx, green2.ID); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{green1.ID, green2.ID, blue.ID} {
		if e, _ := ts.store.ExportByID(ctx, id); e.Status != domain.ExportDone {
			t.Fatalf("export %s is %s, want done", id, e.Status)
		}
	}
}

// TestExportsExpireWithTheirObjects: Expire deletes the exports requested
// before the cutoff, their object in the bucket first, and leaves newer ones.
func TestExportsExpireWithTheirObjects(t *testing.T) {
	t.Parallel()
	ts, admin := newHeldExportServer(t, "green")
	ctx := t.Context()
	ex := ts.deps.Exports
	old := startHeldExport(t, admin, "green", "zip")
	if err := ex.Run(ctx, old.ID); err != nil {
		t.Fatal(err)
	}
	fresh := startHeldExport(t, admin, "green", "csv")
	if err := ex.Run(ctx, fresh.ID); err != nil {
		t.Fatal(err)
	}
	stored := func(id string) (domain.Export, bool) {
		e, err := ts.store.ExportByID(ctx, id)
		if domain.ErrorCode(err) == domain.CodeNotFound {
			return e, false
		}
		if err != nil {
			t.Fatal(err)
		}
		return e, true
	}
	oldRow, _ := stored(old.ID)
	if rc, err := ts.blob.Open(ctx, oldRow.ObjectKey); err != nil {
		t.Fatalf("the export's object before expiry: %v", err)
	} else {
		rc.Close()
	}

	n, err := ex.Expire(ctx, fresh.CreatedAt, 100)
	if err != nil || n != 1 {
		t.Fatalf("Expire: %d, %v; want 1 deleted", n, err)
	}
	if _, ok := stored(old.ID); ok {
		t.Fatal("the expired export's row is still there")
	}
	if rc, err := ts.blob.Open(ctx, oldRow.ObjectKey); domain.ErrorCode(err) != domain.CodeNotFound {
		if err == nil {
			rc.Close()
		}
		t.Fatalf("the expired export's object: %v, want not found in the bucket", err)
	}
	mustStatus(t, admin.do("GET", "/api/v1/contests/green/exports/"+old.ID, nil), 404)
	if e := decode[domain.Export](t, admin.do("GET", "/api/v1/contests/green/exports/"+fresh.ID, nil)); e.DownloadURL == "" {
		t.Fatalf("the newer export: %+v, want it kept", e)
	}
	if len(download(t, decode[domain.Export](t, admin.do("GET", "/api/v1/contests/green/exports/"+fresh.ID, nil)).DownloadURL)) == 0 {
		t.Fatal("the newer export's object is empty")
	}
}
