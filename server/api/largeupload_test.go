package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/podium-contests/podium/server/domain"
	"github.com/podium-contests/podium/server/internal/testenv"
)

// TestMultiGigabyteUpload proves that a file of several GB (2 GiB + 5 MiB,
// so offsets and sizes pass 2^31 and any int32 on the way would overflow)
// goes end to end through the real API and the real S3 server the way a
// browser sends it: declared with its size and SHA-256, uploaded straight
// to the store in parts through the presigned part URLs the API hands out
// (a part of the wrong size is refused; a part whose connection dropped is
// sent again), resumed after the client stopped half-way (the API lists
// exactly the stored parts and signs only the missing ones), and completed
// with the collected ETags by the server, which assembles the parts and
// checks size, magic bytes and the SHA-256 of the stored object. It checks
// the API's answer and, with a separate S3 client, the object in the bucket
// (its size, and bytes on both sides of 2 GiB).
//
// The content is generated on the fly from a seeded pattern and never held
// in memory; the object is removed at the end.
func TestMultiGigabyteUpload(t *testing.T) {
	if testing.Short() {
		t.Skip("uploads more than 2 GiB")
	}
	t.Parallel()
	const (
		size    = 2<<30 + 5<<20
		maxSize = 3 << 30
		workers = 3 // parallel part uploads, as in the browser's uploader
	)
	ts := newTestServer(t)
	admin := ts.admin()
	in := contestInput("big")
	in["files"] = []map[string]any{{"key": "report", "label": "Full report", "required": true, "max_bytes": maxSize, "types": []string{".pdf"}}}
	r := admin.do("POST", "/api/v1/contests", in)
	mustStatus(t, r, 201)
	if c := decode[domain.Contest](t, r); len(c.Files) != 1 || c.Files[0].MaxBytes != maxSize {
		t.Fatalf("slot: %+v", c.Files)
	}
	cap := ts.signUp("cap@example.org")
	team := cap.createTeam("big", "Owls", "energy")
	s3c := testS3Client(t)
	bucket := ts.blob.Bucket()

	content := newBigFile(size, 20260301)
	sum := content.sha256(t)
	r, nf := cap.declare(team.ID, "report", "report.pdf", size, sum)
	mustStatus(t, r, 201)
	stored, err := ts.store.FileByID(t.Context(), nf.FileID)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { removeUpload(t, s3c, bucket, stored.ObjectKey, stored.UploadID) })

	// The plan covers the file exactly: 8 MiB parts (S3 wants at least 5
	// MiB but for the last), numbered 1..n, the last one holding the rest.
	up := nf.Upload
	if up.Method != "MULTIPART" || up.PartSize < 5<<20 {
		t.Fatalf("upload plan: method %s, part size %d", up.Method, up.PartSize)
	}
	count := int32((size + up.PartSize - 1) / up.PartSize)
	// The answer signs the first window of parts; the client asks for the
	// next one from where it says.
	if up.PartCount != count || up.NextPart != domain.MaxPartWindow+1 {
		t.Fatalf("plan: %d parts, next window at %d", up.PartCount, up.NextPart)
	}
	checkParts(t, up.PartSize, size, up.Parts, allParts(domain.MaxPartWindow))
	up.Parts = cap.allPartURLs(team.ID, nf.FileID, up)
	checkParts(t, up.PartSize, size, up.Parts, allParts(count))
	t.Logf("%d parts of %d MiB", count, up.PartSize>>20)

	// Two parts go wrong on the way. One is sent with a byte less than its
	// signed size: the store refuses it and the client leaves it for later.
	refused := up.Parts[count/2]
	if st, _, err := sendPart(t.Context(), refused.URL, refused.Size-1, content.part(refused, up.PartSize, refused.Size-1)); err == nil && st/100 == 2 {
		t.Fatalf("store accepted %d bytes for part %d signed for %d", refused.Size-1, refused.Number, refused.Size)
	}
	// The other loses its connection half-way; the client sends it again
	// on the same URL (as the browser's uploader retries a failed part)
	// with the first half of the parts, then stops: the laptop is closed.
	// (Not retried, versitygw v1.8.0 would keep the cut-off part as a whole
	// one, zero-filled, and the resume listing could not tell.)
	dropped := up.Parts[2]
	half := io.MultiReader(content.part(dropped, up.PartSize, dropped.Size/2), failingReader{})
	if st, _, err := sendPart(t.Context(), dropped.URL, dropped.Size, half); err == nil {
		t.Fatalf("a part cut off half-way was answered %d", st)
	}
	// The store finishes the cut-off request on its own time; on a busy
	// machine it could land after the retry and replace it. Wait until it
	// has (a store that drops cut-off parts never lists it: then go on).
	awaitPart(t, s3c, bucket, stored.ObjectKey, stored.UploadID, dropped.Number)
	var first []domain.PartURL
	for _, p := range up.Parts {
		if p.Number != refused.Number && p.Number <= count/2+5 {
			first = append(first, p)
		}
	}
	start := time.Now()
	etags, err := content.upload(t.Context(), up.PartSize, first, workers)
	if err != nil {
		t.Fatal(err)
	}

	// Resuming: the API reports exactly the parts stored, each whole and
	// with the ETag its upload was answered (the dropped part's second
	// send replaced the first), and signs all the others, the refused
	// part included.
	r = cap.do("GET", fmt.Sprintf("/api/v1/teams/%d/submission/files/%s", team.ID, nf.FileID), nil)
	mustStatus(t, r, 200)
	state := decode[domain.UploadState](t, r)
	if state.Status != domain.FilePending || state.Upload.Method != "MULTIPART" || state.Upload.PartSize != up.PartSize {
		t.Fatalf("resume state: %s, %s, part size %d", state.Status, state.Upload.Method, state.Upload.PartSize)
	}
	var done []int32
	for _, p := range state.Done {
		if want := partLen(p.Number, up.PartSize, size); p.Size != want || p.ETag != etags[p.Number] {
			t.Errorf("stored part %d: %d bytes, ETag %s; want %d bytes, ETag %s", p.Number, p.Size, p.ETag, want, etags[p.Number])
		}
		done = append(done, p.Number)
	}
	if slices.Sort(done); !slices.Equal(done, slices.Sorted(maps.Keys(etags))) {
		t.Fatalf("stored parts %v, want %v", done, slices.Sorted(maps.Keys(etags)))
	}
	missing := slices.DeleteFunc(allParts(count), func(n int32) bool { return etags[n] != "" })
	if !slices.Contains(missing, refused.Number) {
		t.Fatalf("refused part %d not offered again", refused.Number)
	}
	state.Upload.Parts = cap.allPartURLs(team.ID, nf.FileID, state.Upload)
	checkParts(t, up.PartSize, size, state.Upload.Parts, missing)
	rest, err := content.upload(t.Context(), up.PartSize, state.Upload.Parts, workers)
	if err != nil {
		t.Fatal(err)
	}
	maps.Copy(etags, rest)
	t.Logf("uploaded %d parts (%d MiB) in %s", len(etags), int64(size)>>20, time.Since(start).Round(time.Millisecond))

	// Completing, with the parts and ETags the client collected as the
	// browser does: the server assembles the parts, then checks the size,
	// the magic bytes and the SHA-256 of the stored object.
	parts := make([]domain.StoredPart, 0, count)
	for _, n := range allParts(count) {
		parts = append(parts, domain.StoredPart{Number: n, ETag: etags[n]})
	}
	start = time.Now()
	r = cap.do("POST", fmt.Sprintf("/api/v1/teams/%d/submission/files/%s/complete", team.ID, nf.FileID), domain.CompleteInput{Parts: parts})
	mustStatus(t, r, 200)
	t.Logf("completed and verified in %s", time.Since(start).Round(time.Millisecond))
	got := decode[domain.SubmissionFile](t, r)
	if got.ID != nf.FileID || got.Status != domain.FileStored || got.Size != size || got.SHA256 != sum || got.Slot != "report" || got.ContentType != "application/pdf" {
		t.Fatalf("completed file: %+v", got)
	}
	sub := decode[domain.Submission](t, cap.do("GET", fmt.Sprintf("/api/v1/teams/%d/submission", team.ID), nil))
	if len(sub.Files) != 1 || sub.Files[0].ID != nf.FileID || sub.Files[0].Size != size || sub.Files[0].Status != domain.FileStored {
		t.Fatalf("draft files: %+v", sub.Files)
	}

	// The bucket, seen through a separate S3 client, holds exactly the
	// declared bytes, in order on both sides of the 2 GiB mark.
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	head, err := s3c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &bucket, Key: &stored.ObjectKey})
	if err != nil {
		t.Fatal(err)
	}
	if n := aws.ToInt64(head.ContentLength); n != size {
		t.Fatalf("HeadObject: %d bytes, want %d", n, size)
	}
	for _, off := range []int64{0, 1<<31 - 100, 1 << 31, size - 300} {
		rng := fmt.Sprintf("bytes=%d-%d", off, off+199)
		out, err := s3c.GetObject(ctx, &s3.GetObjectInput{Bucket: &bucket, Key: &stored.ObjectKey, Range: &rng})
		if err != nil {
			t.Fatalf("GetObject %s: %v", rng, err)
		}
		b, err := io.ReadAll(out.Body)
		out.Body.Close()
		want, _ := io.ReadAll(content.section(off, 200))
		if err != nil || !bytes.Equal(b, want) {
			t.Fatalf("bytes %s differ from what was uploaded (%v)", rng, err)
		}
	}
}

// bigBlock is the unit of bigFile's pattern.
const bigBlock = 64 << 10

// bigFile is the deterministic content of a large test file: blocks of one
// seeded pseudo-random pattern, each stamped with its index (so that a part
// stored twice, out of order or at the wrong offset changes the SHA-256),
// the first starting with a PDF header. Any range of it is generated on
// demand, one block at a time.
type bigFile struct {
	size    int64
	pattern []byte
}

func newBigFile(size int64, seed uint64) *bigFile {
	p := make([]byte, bigBlock)
	rnd := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	for i := 0; i < len(p); i += 8 {
		binary.LittleEndian.PutUint64(p[i:], rnd.Uint64())
	}
	return &bigFile{size: size, pattern: p}
}

// block writes block i into dst.
func (f *bigFile) block(i int64, dst []byte) {
	copy(dst, f.pattern)
	binary.BigEndian.PutUint64(dst[16:], uint64(i))
	if i == 0 {
		copy(dst, "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	}
}

// section reads n bytes of the file from offset off.
func (f *bigFile) section(off, n int64) io.Reader {
	return &bigReader{f: f, off: off, end: min(off+n, f.size), buf: make([]byte, bigBlock), cur: -1}
}

// sha256 hashes the whole file, as the browser does before declaring it.
func (f *bigFile) sha256(t *testing.T) string {
	t.Helper()
	h := sha256.New()
	if _, err := io.Copy(h, f.section(0, f.size)); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// part reads the first n bytes of a part.
func (f *bigFile) part(p domain.PartURL, partSize, n int64) io.Reader {
	return f.section(int64(p.Number-1)*partSize, n)
}

// upload sends parts to their presigned URLs, workers at a time, each
// streamed from the generator, and returns the ETags the store answered
// or the first failure.
func (f *bigFile) upload(ctx context.Context, partSize int64, parts []domain.PartURL, workers int) (map[int32]string, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	todo := make(chan domain.PartURL)
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		etags = map[int32]string{}
	)
	for range workers {
		wg.Go(func() {
			for p := range todo {
				st, etag, err := sendPart(ctx, p.URL, p.Size, f.part(p, partSize, p.Size))
				if err == nil && (st != http.StatusOK || etag == "") {
					err = fmt.Errorf("status %d, ETag %q", st, etag)
				}
				if err != nil {
					cancel(fmt.Errorf("part %d: %w", p.Number, err))
					continue
				}
				mu.Lock()
				etags[p.Number] = etag
				mu.Unlock()
			}
		})
	}
	for _, p := range parts {
		select {
		case todo <- p:
		case <-ctx.Done():
		}
	}
	close(todo)
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return nil, err
	}
	return etags, nil
}

type bigReader struct {
	f        *bigFile
	off, end int64
	buf      []byte
	cur      int64 // index of the block in buf
}

func (r *bigReader) Read(p []byte) (int, error) {
	if r.off >= r.end {
		return 0, io.EOF
	}
	if b := r.off / bigBlock; b != r.cur {
		r.f.block(b, r.buf)
		r.cur = b
	}
	in := r.off % bigBlock
	n := copy(p, r.buf[in:min(bigBlock, in+r.end-r.off)])
	r.off += int64(n)
	return n, nil
}

// failingReader is a connection that drops.
type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("connection lost") }

// sendPart PUTs size bytes from body to a presigned part URL, as the
// browser does, and returns the store's status and the part's ETag.
func sendPart(ctx context.Context, url string, size int64, body io.Reader) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, url, body)
	if err != nil {
		return 0, "", err
	}
	req.ContentLength = size
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, resp.Header.Get("ETag"), nil
}

// partLen is the size of part n of a file cut into partSize parts.
func partLen(n int32, partSize, size int64) int64 {
	return min(partSize, size-int64(n-1)*partSize)
}

func allParts(count int32) []int32 {
	out := make([]int32, count)
	for i := range out {
		out[i] = int32(i + 1)
	}
	return out
}

// allPartURLs is up's part URLs and those of every next window (GET
// .../files/{file_id}?from_part=), fetched as a client goes.
func (c *client) allPartURLs(teamID int64, fileID string, up domain.Upload) []domain.PartURL {
	t := c.ts.t
	t.Helper()
	parts := slices.Clone(up.Parts)
	for next := up.NextPart; next != 0; {
		r := c.do("GET", fmt.Sprintf("/api/v1/teams/%d/submission/files/%s?from_part=%d", teamID, fileID, next), nil)
		mustStatus(t, r, 200)
		w := decode[domain.UploadState](t, r).Upload
		if len(w.Parts) > domain.MaxPartWindow || (w.NextPart != 0 && w.NextPart <= next) {
			t.Fatalf("window from part %d: %d parts, next at %d", next, len(w.Parts), w.NextPart)
		}
		parts = append(parts, w.Parts...)
		next = w.NextPart
	}
	return parts
}

// checkParts fails t unless parts are exactly the numbers want, in order,
// each with its exact size and its own URL.
func checkParts(t *testing.T, partSize, size int64, parts []domain.PartURL, want []int32) {
	t.Helper()
	got := make([]int32, len(parts))
	urls := map[string]bool{}
	for i, p := range parts {
		got[i] = p.Number
		if l := partLen(p.Number, partSize, size); p.Size != l || p.URL == "" || urls[p.URL] {
			t.Fatalf("part %d: %d bytes, want %d (url %q)", p.Number, p.Size, l, p.URL)
		}
		urls[p.URL] = true
	}
	if !slices.Equal(got, want) {
		t.Fatalf("parts to upload %v, want %v", got, want)
	}
}

// testS3Client is an S3 client of the test store of its own, to look at
// the bucket independently of the blob package.
func testS3Client(t *testing.T) *s3.Client {
	cfg := testenv.BlobConfig(t)
	return s3.New(s3.Options{
		Region:                     cfg.Region,
		BaseEndpoint:               aws.String(cfg.Endpoint),
		UsePathStyle:               true,
		Credentials:                credentials.NewStaticCredentialsProvider(cfg.AccessKey, cfg.SecretKey, ""),
		RequestChecksumCalculation: aws.RequestChecksumCalculationWhenRequired,
		ResponseChecksumValidation: aws.ResponseChecksumValidationWhenRequired,
	})
}

// removeUpload frees the disk a large upload took on the test store: the
// unfinished upload's parts (when the test stopped early), the object and
// the test's bucket.
// awaitPart waits up to 10 s until the store lists part n of an upload.
func awaitPart(t *testing.T, s3c *s3.Client, bucket, key, uploadID string, n int32) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		out, err := s3c.ListParts(t.Context(), &s3.ListPartsInput{Bucket: &bucket, Key: &key, UploadId: &uploadID})
		if err != nil {
			t.Fatalf("list parts: %v", err)
		}
		for _, p := range out.Parts {
			if p.PartNumber != nil && *p.PartNumber == n {
				return
			}
		}
	}
}

func removeUpload(t *testing.T, s3c *s3.Client, bucket, key, uploadID string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, _ = s3c.AbortMultipartUpload(ctx, &s3.AbortMultipartUploadInput{Bucket: &bucket, Key: &key, UploadId: &uploadID})
	if _, err := s3c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: &bucket, Key: &key}); err != nil {
		t.Errorf("delete the test object: %v", err)
	}
	if _, err := s3c.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: &bucket}); err != nil {
		t.Logf("delete the test bucket: %v", err)
	}
}
