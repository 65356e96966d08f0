package blob_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/podium-contests/podium/server/blob"
	"github.com/podium-contests/podium/server/domain"
	"github.com/podium-contests/podium/server/internal/apiclient"
	"github.com/podium-contests/podium/server/internal/testenv"
)

func TestEnsureBucketIsIdempotent(t *testing.T) {
	ctx := context.Background()
	cfg := testenv.BlobConfig(t)
	b, err := blob.New(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Ping(ctx); err == nil {
		t.Fatal("ping must fail before the bucket exists")
	}
	for i := 0; i < 2; i++ {
		if err := b.EnsureBucket(ctx, []string{"http://localhost:8080"}, testenv.Logger()); err != nil {
			t.Fatalf("ensure bucket (run %d): %v", i+1, err)
		}
	}
	if err := b.Ping(ctx); err != nil {
		t.Fatalf("ping after create: %v", err)
	}
}

// TestFormUploadChecksum proves what Config.TrustChecksums relies on: the
// store refuses a form upload whose bytes do not match the signed SHA-256,
// and Inspect then answers from the store's checksum without reading the
// object, while objects without one (and stores not trusted) are read back.
func TestFormUploadChecksum(t *testing.T) {
	ctx := context.Background()
	b := testenv.Blob(t)
	up := apiclient.New(nil, nil)
	content := apiclient.PDF(64<<10, 7)
	sum := sha256.Sum256(content)
	want := hex.EncodeToString(sum[:])

	// Same size, other bytes: the store itself refuses them.
	url, fields, err := b.PresignPost(ctx, "checksum/forged", int64(len(content)), want, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if err := up.PostForm(ctx, apiclient.RouteS3Post, url, fields, apiclient.PDF(len(content), 8)); err == nil {
		t.Fatal("the store accepted bytes that do not match the signed SHA-256")
	}
	if _, err := b.Size(ctx, "checksum/forged"); domain.ErrorCode(err) != domain.CodeNotFound {
		t.Fatalf("refused upload stored anyway: %v", err)
	}

	url, fields, err = b.PresignPost(ctx, "checksum/good", int64(len(content)), want, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if err := up.PostForm(ctx, apiclient.RouteS3Post, url, fields, content); err != nil {
		t.Fatal(err)
	}
	facts, err := b.Inspect(ctx, "checksum/good", 16)
	if err != nil {
		t.Fatal(err)
	}
	if !facts.ByStoreChecksum || facts.SHA256 != want || facts.Size != int64(len(content)) || !bytes.Equal(facts.Head, content[:16]) {
		t.Fatalf("inspect by checksum: %+v, want SHA-256 %s from the store, %d bytes, head %q", facts, want, len(content), content[:16])
	}

	// A store not trusted with checksums gets forms without one, and its
	// objects are read back: forged bytes are stored but found out.
	cfg := testenv.BlobConfig(t)
	cfg.Bucket, cfg.TrustChecksums = b.Bucket(), false
	untrusted, err := blob.New(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if facts, err = untrusted.Inspect(ctx, "checksum/good", 16); err != nil || facts.ByStoreChecksum || facts.SHA256 != want || !bytes.Equal(facts.Head, content[:16]) {
		t.Fatalf("inspect by reading: %+v, %v", facts, err)
	}
	url, fields, err = untrusted.PresignPost(ctx, "checksum/unsigned", int64(len(content)), want, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := fields["x-amz-checksum-sha256"]; ok {
		t.Fatal("a form for a store not trusted with checksums carries one")
	}
	if err := up.PostForm(ctx, apiclient.RouteS3Post, url, fields, apiclient.PDF(len(content), 8)); err != nil {
		t.Fatal(err)
	}
	if facts, err = untrusted.Inspect(ctx, "checksum/unsigned", 16); err != nil || facts.SHA256 == want {
		t.Fatalf("forged bytes through an unsigned form: %+v, %v", facts, err)
	}

	// An object stored without a SHA-256 checksum is read back too.
	if err := b.Put(ctx, "checksum/plain", bytes.NewReader(content), int64(len(content))); err != nil {
		t.Fatal(err)
	}
	if facts, err = b.Inspect(ctx, "checksum/plain", 16); err != nil || facts.ByStoreChecksum || facts.SHA256 != want || facts.Size != int64(len(content)) {
		t.Fatalf("inspect without a checksum: %+v, %v", facts, err)
	}
}

// TestBucketCORSAllowsRangeReads is what the entry viewer relies on: a
// script at the app's origin may send Range to a presigned GET (preflight
// allowed), gets a 206 with the slice asked for, and may read Accept-Ranges,
// Content-Range and Content-Length; the signed Content-Disposition holds for
// ranges too, so a download stays an attachment.
func TestBucketCORSAllowsRangeReads(t *testing.T) {
	ctx := context.Background()
	const origin = "http://viewer.example"
	b := testenv.Blob(t, origin)
	content := apiclient.PDF(256<<10, 3)
	if err := b.Put(ctx, "range/doc.pdf", bytes.NewReader(content), int64(len(content))); err != nil {
		t.Fatal(err)
	}
	inline, err := b.PresignInline(ctx, "range/doc.pdf", "inline", "application/pdf", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	download, err := b.PresignGet(ctx, "range/doc.pdf", `attachment; filename="doc.pdf"`, time.Minute)
	if err != nil {
		t.Fatal(err)
	}

	pre, err := http.NewRequestWithContext(ctx, http.MethodOptions, inline, nil)
	if err != nil {
		t.Fatal(err)
	}
	pre.Header.Set("Origin", origin)
	pre.Header.Set("Access-Control-Request-Method", http.MethodGet)
	pre.Header.Set("Access-Control-Request-Headers", "range")
	res, err := http.DefaultClient.Do(pre)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	allowed := strings.ToLower(res.Header.Get("Access-Control-Allow-Headers"))
	if res.StatusCode/100 != 2 || res.Header.Get("Access-Control-Allow-Origin") != origin || (allowed != "*" && !strings.Contains(allowed, "range")) {
		t.Fatalf("preflight of a range GET: %d, allow-origin %q, allow-headers %q", res.StatusCode, res.Header.Get("Access-Control-Allow-Origin"), allowed)
	}

	for _, c := range []struct{ url, disposition string }{{inline, "inline"}, {download, `attachment; filename="doc.pdf"`}} {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.url, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Origin", origin)
		req.Header.Set("Range", "bytes=1000-1999")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != http.StatusPartialContent || !bytes.Equal(body, content[1000:2000]) {
			t.Fatalf("range GET (%s): status %d, %d bytes, want 206 and bytes 1000-1999", c.disposition, res.StatusCode, len(body))
		}
		if got, want := res.Header.Get("Content-Range"), fmt.Sprintf("bytes 1000-1999/%d", len(content)); got != want {
			t.Errorf("range GET (%s): Content-Range %q, want %q", c.disposition, got, want)
		}
		if got := res.Header.Get("Accept-Ranges"); got != "bytes" {
			t.Errorf("range GET (%s): Accept-Ranges %q, want bytes", c.disposition, got)
		}
		if got := res.Header.Get("Content-Disposition"); got != c.disposition {
			t.Errorf("range GET: Content-Disposition %q, want %q", got, c.disposition)
		}
		if got := res.Header.Get("Access-Control-Allow-Origin"); got != origin {
			t.Errorf("range GET (%s): Access-Control-Allow-Origin %q, want %q", c.disposition, got, origin)
		}
		exposed := map[string]bool{}
		for _, h := range strings.Split(res.Header.Get("Access-Control-Expose-Headers"), ",") {
			exposed[strings.ToLower(strings.TrimSpace(h))] = true
		}
		for _, h := range []string{"etag", "accept-ranges", "content-range", "content-length"} {
			if !exposed[h] {
				t.Errorf("range GET (%s): %s not exposed to scripts (Access-Control-Expose-Headers %q)", c.disposition, h, res.Header.Get("Access-Control-Expose-Headers"))
			}
		}
	}
}
