package blob_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"

	"github.com/podium-contests/podium/server/internal/testenv"
)

// TestUploadStreamsManyParts: a streamed upload of several parts (each
// sent while the next is read) stores exactly the bytes read, in order;
// a reader that fails midway fails the upload and leaves no object.
func TestUploadStreamsManyParts(t *testing.T) {
	ctx := context.Background()
	b := testenv.Blob(t)
	want := make([]byte, 2*(32<<20)+12345) // two full parts and a short one
	for i := range want {
		want[i] = byte(i*7 + i>>16)
	}
	n, err := b.Upload(ctx, "streamed", "application/octet-stream", bytes.NewReader(want))
	if err != nil || n != int64(len(want)) {
		t.Fatalf("upload: %d bytes, %v", n, err)
	}
	r, err := b.Open(ctx, "streamed")
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(r)
	r.Close()
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("read back %d bytes (err %v), want the %d uploaded", len(got), err, len(want))
	}

	broken := io.MultiReader(bytes.NewReader(want[:40<<20]), iotestErr{})
	if _, err := b.Upload(ctx, "broken", "application/octet-stream", broken); !errors.Is(err, errBroken) {
		t.Fatalf("upload from a failing reader: %v, want its error", err)
	}
	if r, err := b.Open(ctx, "broken"); err == nil {
		r.Close()
		t.Fatal("a failed upload left an object")
	}
}

var errBroken = errors.New("reader broke")

type iotestErr struct{}

func (iotestErr) Read([]byte) (int, error) { return 0, errBroken }
