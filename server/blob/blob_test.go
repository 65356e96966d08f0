package blob_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
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
