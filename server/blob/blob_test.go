package blob_test

import (
	"context"
	"testing"

	"github.com/podium-contests/podium/server/blob"
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
