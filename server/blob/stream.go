package blob

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// streamPartSize is the part size of streamed uploads: one buffer of this
// size is the whole memory an upload takes, and 10,000 parts of it (S3's
// limit) allow 320 GiB. A hand-written loop rather than the SDK's transfer
// manager, which sends CRC32 checksums that non-AWS stores refuse.
const streamPartSize = 32 << 20

// Open streams an object; the caller closes it. No timeout is added: large
// objects take as long as they take, bounded by ctx.
func (s *Store) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	out, err := s.client.GetObject(ctx, &s3.GetObjectInput{Bucket: &s.bucket, Key: &key})
	if err != nil {
		return nil, mapErr(err, "get object")
	}
	return out.Body, nil
}

// OpenAt streams an object from offset on (a range read); the caller
// closes it.
func (s *Store) OpenAt(ctx context.Context, key string, offset int64) (io.ReadCloser, error) {
	if offset == 0 {
		return s.Open(ctx, key)
	}
	rng := fmt.Sprintf("bytes=%d-", offset)
	out, err := s.client.GetObject(ctx, &s3.GetObjectInput{Bucket: &s.bucket, Key: &key, Range: &rng})
	if err != nil {
		return nil, mapErr(err, "get object")
	}
	return out.Body, nil
}

// Upload stores everything r yields under key without knowing its size in
// advance: a single PUT when it fits in one part, else a multipart upload
// that is aborted when anything fails. It returns the number of bytes.
func (s *Store) Upload(ctx context.Context, key, contentType string, r io.Reader) (int64, error) {
	buf := make([]byte, streamPartSize)
	n, err := io.ReadFull(r, buf)
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		callCtx, cancel := context.WithTimeout(ctx, 10*time.Minute)
		defer cancel()
		_, err = s.client.PutObject(callCtx, &s3.PutObjectInput{Bucket: &s.bucket, Key: &key, ContentType: &contentType,
			Body: bytes.NewReader(buf[:n]), ContentLength: aws.Int64(int64(n))})
		return int64(n), mapErr(err, "put object")
	}
	if err != nil {
		return 0, err
	}
	created, err := s.client.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{Bucket: &s.bucket, Key: &key, ContentType: &contentType})
	if err != nil {
		return 0, mapErr(err, "create multipart")
	}
	total, err := s.uploadParts(ctx, key, created.UploadId, buf, n, r)
	if err != nil {
		abortCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), callTimeout)
		defer cancel()
		_, _ = s.client.AbortMultipartUpload(abortCtx, &s3.AbortMultipartUploadInput{Bucket: &s.bucket, Key: &key, UploadId: created.UploadId})
		return 0, err
	}
	return total, nil
}

// streamBuffers is how many part buffers a streamed upload holds: one
// part is read from r while the one before it is sent, so that a producer
// (an export reading objects) and the store's writes overlap instead of
// taking turns. Memory per upload: streamBuffers * streamPartSize.
const streamBuffers = 2

// uploadParts sends buf[:n] as part 1, then the rest of r part by part,
// each part sent while the next is read, and completes the upload.
func (s *Store) uploadParts(ctx context.Context, key string, uploadID *string, buf []byte, n int, r io.Reader) (int64, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pool := make(chan []byte, streamBuffers) // free buffers; nil: not yet allocated
	for i := 1; i < streamBuffers; i++ {
		pool <- nil
	}
	var (
		mu       sync.Mutex
		parts    []types.CompletedPart
		firstErr error
		wg       sync.WaitGroup
		total    int64
	)
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if firstErr == nil {
			firstErr = err
			cancel()
		}
	}
	failed := func() bool {
		mu.Lock()
		defer mu.Unlock()
		return firstErr != nil
	}
	for number := int32(1); n > 0 && !failed(); number++ {
		wg.Add(1)
		go func(number int32, b []byte, size int) {
			defer wg.Done()
			out, err := s.client.UploadPart(ctx, &s3.UploadPartInput{Bucket: &s.bucket, Key: &key, UploadId: uploadID,
				PartNumber: aws.Int32(number), Body: bytes.NewReader(b[:size]), ContentLength: aws.Int64(int64(size))})
			if err != nil {
				fail(mapErr(err, "upload part"))
			} else {
				mu.Lock()
				parts = append(parts, types.CompletedPart{PartNumber: aws.Int32(number), ETag: out.ETag})
				mu.Unlock()
			}
			pool <- b
		}(number, buf, n)
		total += int64(n)
		if buf = <-pool; buf == nil {
			buf = make([]byte, streamPartSize)
		}
		var err error
		n, err = io.ReadFull(r, buf)
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
			fail(err)
		}
	}
	wg.Wait()
	if firstErr != nil {
		return 0, firstErr
	}
	sort.Slice(parts, func(a, b int) bool { return *parts[a].PartNumber < *parts[b].PartNumber })
	_, err := s.client.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{Bucket: &s.bucket, Key: &key, UploadId: uploadID,
		MultipartUpload: &types.CompletedMultipartUpload{Parts: parts}})
	return total, mapErr(err, "complete multipart")
}

// ObjectInfo is a listed object.
type ObjectInfo struct {
	Key  string
	Size int64
}

// List calls fn for every object whose key starts with prefix, in key
// order, page by page.
func (s *Store) List(ctx context.Context, prefix string, fn func(ObjectInfo) error) error {
	p := s3.NewListObjectsV2Paginator(s.client, &s3.ListObjectsV2Input{Bucket: &s.bucket, Prefix: &prefix})
	for p.HasMorePages() {
		callCtx, cancel := context.WithTimeout(ctx, callTimeout)
		page, err := p.NextPage(callCtx)
		cancel()
		if err != nil {
			return mapErr(err, "list objects")
		}
		for _, o := range page.Contents {
			if err := fn(ObjectInfo{Key: aws.ToString(o.Key), Size: aws.ToInt64(o.Size)}); err != nil {
				return err
			}
		}
	}
	return nil
}
