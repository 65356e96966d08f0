package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/podium-contests/podium/server/domain"
	"github.com/podium-contests/podium/server/internal/apiclient"
	"github.com/podium-contests/podium/server/store"
)

// spaConcurrency is the number of parts the SPA's uploader sends at once
// (frontend/src/lib/upload.ts, UploaderOptions.concurrency's default).
const spaConcurrency = 3

// transferOptions are the parameters of the transfers phase.
type transferOptions struct {
	base, email, password string
	size                  int64
	concurrency           int
	s3Access, s3Secret    string
	s3Region              string
	dbURL                 string // the server's database, for the captain's verification e-mail
	uploadOnly            bool   // stop after the two uploads (no export or read)
}

// transfersMain runs the transfers phase against a running server:
// podiumload transfers -url http://127.0.0.1:8080 -email admin -password ...
func transfersMain(args []string) {
	fs := flag.NewFlagSet("transfers", flag.ExitOnError)
	var o transferOptions
	fs.StringVar(&o.base, "url", "http://127.0.0.1:8080", "the server")
	fs.StringVar(&o.email, "email", "root@bench.example.org", "a platform admin (creates a contest and a team)")
	fs.StringVar(&o.password, "password", apiclient.Password, "the admin's password")
	fs.Int64Var(&o.size, "size", 2<<30, "bytes of the uploaded file")
	fs.IntVar(&o.concurrency, "concurrency", spaConcurrency, "parts sent at once, by both uploads (the SPA's)")
	fs.StringVar(&o.s3Access, "s3-access-key", os.Getenv("PODIUM_S3_ACCESS_KEY"), "the store's access key (the server's), for the direct transfers")
	fs.StringVar(&o.s3Secret, "s3-secret-key", os.Getenv("PODIUM_S3_SECRET_KEY"), "the store's secret key")
	fs.StringVar(&o.s3Region, "s3-region", envOr("PODIUM_S3_REGION", "us-east-1"), "the store's region")
	fs.BoolVar(&o.uploadOnly, "upload-only", false, "measure the two uploads only (not the export and read)")
	fs.StringVar(&o.dbURL, "database-url", os.Getenv("PODIUM_DATABASE_URL"), "the server's database (the team captain's address is confirmed with the link in its outbox)")
	fs.Parse(args) //nolint:errcheck // ExitOnError
	res, err := transfersPhase(context.Background(), o)
	if err != nil {
		log.Fatalf("podiumload transfers: %v", err)
	}
	fmt.Print(res.markdown())
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// transferResult holds the four timed transfers of one run.
type transferResult struct {
	opts                         transferOptions
	partSize                     int64
	browser, direct              time.Duration // upload: Podium's browser flow, the SDK straight to the bucket
	browserLoad, directLoad      string
	export, read                 time.Duration // the ZIP export of the entry (prepared, then downloaded), reading its object directly
	exportPrepare                time.Duration // of export: from the request until the export is done (its manifest recorded)
	exportBytes, readBytes       int64
	exportLoad, readLoad         string
	browserParts, browserComplet time.Duration // the browser flow's parts, and its complete call
	directComplete               time.Duration // the direct upload's CompleteMultipartUpload (the store assembling the parts)
	// fingerprint is how long after complete answered the file's SHA-256
	// was recorded (0: complete answered with it).
	fingerprint time.Duration
}

// synthetic is a file of a given size, generated on the fly: a PDF
// header, then a repeated block of random bytes.
type synthetic struct {
	size  int64
	block []byte
}

func newSynthetic(size int64) synthetic {
	block := make([]byte, 1<<20+7) // not a divisor of the part size: parts differ
	r := rand.New(rand.NewPCG(1, 2))
	for i := range block {
		block[i] = byte(r.Uint32())
	}
	copy(block, "%PDF-1.7\n")
	return synthetic{size: size, block: block}
}

// fill writes the file's bytes from off into buf.
func (s synthetic) fill(buf []byte, off int64) {
	for i := 0; i < len(buf); {
		p := (off + int64(i)) % int64(len(s.block))
		if off+int64(i) >= 9 && p < 9 {
			p = 9 // the header appears once, at the start
		}
		i += copy(buf[i:], s.block[p:])
	}
}

// sha256 is the file's digest.
func (s synthetic) sha256() string {
	h := sha256.New()
	buf := make([]byte, 8<<20)
	for off := int64(0); off < s.size; off += int64(len(buf)) {
		n := min(int64(len(buf)), s.size-off)
		s.fill(buf[:n], off)
		h.Write(buf[:n])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// part is one part of a multipart upload.
type part struct {
	number int32
	url    string
}

// sendParts sends parts with concurrency workers, each with its own buffer
// of partSize, and returns their ETags by number.
func sendParts(ctx context.Context, file synthetic, partSize int64, concurrency int, parts <-chan part, put func(ctx context.Context, p part, body []byte) (string, error)) (map[int32]string, error) {
	var mu sync.Mutex
	etags := map[int32]string{}
	var firstErr error
	var wg sync.WaitGroup
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for w := 0; w < concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, partSize)
			for p := range parts {
				off := int64(p.number-1) * partSize
				n := min(partSize, file.size-off)
				file.fill(buf[:n], off)
				etag, err := put(ctx, p, buf[:n])
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
					cancel()
				}
				etags[p.number] = etag
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return etags, firstErr
}

// putPresigned PUTs one part to a presigned URL, as the SPA's XHR does.
func putPresigned(hc *http.Client) func(ctx context.Context, p part, body []byte) (string, error) {
	return func(ctx context.Context, p part, body []byte) (string, error) {
		req, err := http.NewRequestWithContext(ctx, "PUT", p.url, bytes.NewReader(body))
		if err != nil {
			return "", err
		}
		resp, err := hc.Do(req)
		if err != nil {
			return "", err
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			return "", fmt.Errorf("PUT part %d: %d %s", p.number, resp.StatusCode, raw)
		}
		return resp.Header.Get("ETag"), nil
	}
}

// storeOf reads the endpoint, bucket and key of a path-style presigned URL.
func storeOf(presigned string) (endpoint, bucket, key string, err error) {
	u, err := url.Parse(presigned)
	if err != nil {
		return "", "", "", err
	}
	bucket, key, ok := strings.Cut(strings.TrimPrefix(u.Path, "/"), "/")
	if !ok {
		return "", "", "", fmt.Errorf("presigned URL %s is not path-style", u.Redacted())
	}
	return u.Scheme + "://" + u.Host, bucket, key, nil
}

// transfersPhase uploads a file of o.size through Podium's browser flow
// (declare, presigned parts in windows, complete), then the same file with
// the same part size and concurrency straight to the same bucket with
// aws-sdk-go-v2's multipart API; then exports the entry as a ZIP and reads
// the same object straight from the store.
func transfersPhase(ctx context.Context, o transferOptions) (transferResult, error) {
	res := transferResult{opts: o}
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	admin := apiclient.New(apiclient.NewBalancer(o.base), hc) // organizes the contest
	if err := admin.Login(ctx, o.email, o.password); err != nil {
		return res, err
	}
	slug := fmt.Sprintf("transfers-%d", time.Now().Unix())
	if _, err := admin.CreateContest(ctx, apiclient.ContestInput(slug, o.size)); err != nil {
		return res, err
	}
	captain := apiclient.New(apiclient.NewBalancer(o.base), hc)
	if err := captain.SignUp(ctx, slug+"@bench.example.org", "Captain", "Transfers"); err != nil {
		return res, err
	}
	outbox, err := store.Open(ctx, o.dbURL, store.Options{MaxOpenConns: 1, MaxIdleConns: 1})
	if err != nil {
		return res, fmt.Errorf("the server's database (-database-url): %w", err)
	}
	defer outbox.Close()
	if err := captain.VerifyFromOutbox(ctx, outbox, slug+"@bench.example.org"); err != nil {
		return res, err
	}
	team, err := captain.CreateTeam(ctx, slug, "Transfers", "energy")
	if err != nil {
		return res, err
	}
	if err := captain.SaveDraft(ctx, team.ID, "A large file"); err != nil {
		return res, err
	}
	file := newSynthetic(o.size)
	log.Printf("transfers: hashing %d bytes (load average %s)", o.size, loadAvg())
	sum := file.sha256()

	// Podium's browser flow.
	log.Printf("transfers: browser flow (load average %s)", loadAvg())
	start := time.Now()
	var nf domain.NewFile
	in := domain.FileInput{Slot: apiclient.PDFSlot, Filename: "large.pdf", Size: o.size, ContentType: "application/pdf", SHA256: sum}
	if err := captain.Call(ctx, apiclient.RouteDeclare, 201, "POST", fmt.Sprintf("teams/%d/submission/files", team.ID), in, &nf); err != nil {
		return res, err
	}
	if nf.Upload.Method != "MULTIPART" || len(nf.Upload.Parts) == 0 {
		return res, fmt.Errorf("declare file: got a %s upload, want MULTIPART (size %d)", nf.Upload.Method, o.size)
	}
	res.partSize = nf.Upload.PartSize
	endpoint, bucket, objectKey, err := storeOf(nf.Upload.Parts[0].URL)
	if err != nil {
		return res, err
	}
	flowCtx, stop := context.WithCancel(ctx)
	defer stop()
	parts := make(chan part, spaWindowLead)
	windows := make(chan error, 1)
	go func() { // the windows of part URLs, fetched ahead as the SPA does
		defer close(parts)
		up := nf.Upload
		for {
			for _, p := range up.Parts {
				select {
				case parts <- part{p.Number, p.URL}:
				case <-flowCtx.Done():
					windows <- flowCtx.Err()
					return
				}
			}
			if up.NextPart == 0 {
				windows <- nil
				return
			}
			var st domain.UploadState
			if err := captain.Call(ctx, apiclient.RouteOther, 200, "GET", fmt.Sprintf("teams/%d/submission/files/%s?from_part=%d", team.ID, nf.FileID, up.NextPart), nil, &st); err != nil {
				windows <- err
				return
			}
			up = st.Upload
		}
	}()
	etags, err := sendParts(ctx, file, res.partSize, o.concurrency, parts, putPresigned(hc))
	if err != nil {
		stop()
	}
	if werr := <-windows; err == nil {
		err = werr
	}
	if err != nil {
		return res, err
	}
	res.browserParts = time.Since(start)
	done := make([]domain.StoredPart, 0, len(etags))
	for n := int32(1); n <= nf.Upload.PartCount; n++ {
		done = append(done, domain.StoredPart{Number: n, ETag: etags[n]})
	}
	completeStart := time.Now()
	if err := captain.Call(ctx, apiclient.RouteComplete, 200, "POST", fmt.Sprintf("teams/%d/submission/files/%s/complete", team.ID, nf.FileID), domain.CompleteInput{Parts: done}, nil); err != nil {
		return res, err
	}
	res.browserComplet = time.Since(completeStart)
	res.browser = time.Since(start)
	res.browserLoad = loadAvg()
	// The direct upload starts once the file's fingerprint is recorded, so
	// that a background hash does not slow the baseline down.
	if res.fingerprint, err = awaitFingerprint(ctx, captain, team.ID, nf.FileID); err != nil {
		return res, err
	}

	// The same file straight to the same bucket.
	client := s3.New(s3.Options{Region: o.s3Region, BaseEndpoint: aws.String(endpoint), UsePathStyle: true,
		Credentials:                credentials.NewStaticCredentialsProvider(o.s3Access, o.s3Secret, ""),
		RequestChecksumCalculation: aws.RequestChecksumCalculationWhenRequired, ResponseChecksumValidation: aws.ResponseChecksumValidationWhenRequired})
	directKey := "bench/transfers/" + slug + "/large.pdf"
	log.Printf("transfers: direct upload (load average %s)", loadAvg())
	if res.direct, res.directComplete, err = directUpload(ctx, client, bucket, directKey, file, res.partSize, o.concurrency); err != nil {
		return res, err
	}
	res.directLoad = loadAvg()
	defer client.DeleteObject(context.WithoutCancel(ctx), &s3.DeleteObjectInput{Bucket: &bucket, Key: &directKey}) //nolint:errcheck // best effort
	if o.uploadOnly {
		return res, nil
	}

	// The ZIP export of the entry, against reading its object directly.
	if err := captain.Call(ctx, apiclient.RouteSubmit, 201, "POST", fmt.Sprintf("teams/%d/submission/submit", team.ID), nil, nil); err != nil {
		return res, err
	}
	log.Printf("transfers: ZIP export (load average %s)", loadAvg())
	if res.exportPrepare, res.export, res.exportBytes, err = exportZIP(ctx, admin, slug); err != nil {
		return res, err
	}
	res.exportLoad = loadAvg()
	log.Printf("transfers: direct read (load average %s)", loadAvg())
	start = time.Now()
	obj, err := client.GetObject(ctx, &s3.GetObjectInput{Bucket: &bucket, Key: &objectKey})
	if err != nil {
		return res, err
	}
	res.readBytes, err = io.CopyBuffer(io.Discard, obj.Body, make([]byte, 1<<20))
	obj.Body.Close()
	if err != nil {
		return res, err
	}
	res.read = time.Since(start)
	res.readLoad = loadAvg()

	return res, nil
}

// spaWindowLead is how many part URLs wait ahead of the senders.
const spaWindowLead = 4

// directUpload sends file as a multipart upload with the SDK, with the same
// part size and concurrency.
func directUpload(ctx context.Context, client *s3.Client, bucket, key string, file synthetic, partSize int64, concurrency int) (total, complete time.Duration, err error) {
	start := time.Now()
	created, err := client.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{Bucket: &bucket, Key: &key, ContentType: aws.String("application/pdf")})
	if err != nil {
		return 0, 0, err
	}
	count := int32((file.size + partSize - 1) / partSize)
	parts := make(chan part, spaWindowLead)
	go func() {
		defer close(parts)
		for n := int32(1); n <= count; n++ {
			parts <- part{number: n}
		}
	}()
	etags, err := sendParts(ctx, file, partSize, concurrency, parts, func(ctx context.Context, p part, body []byte) (string, error) {
		out, err := client.UploadPart(ctx, &s3.UploadPartInput{Bucket: &bucket, Key: &key, UploadId: created.UploadId,
			PartNumber: aws.Int32(p.number), Body: bytes.NewReader(body), ContentLength: aws.Int64(int64(len(body)))})
		if err != nil {
			return "", err
		}
		return aws.ToString(out.ETag), nil
	})
	if err != nil {
		for range parts { //nolint:revive // drain the producer
		}
		return 0, 0, err
	}
	done := make([]types.CompletedPart, 0, count)
	for n := int32(1); n <= count; n++ {
		done = append(done, types.CompletedPart{PartNumber: aws.Int32(n), ETag: aws.String(etags[n])})
	}
	completeStart := time.Now()
	if _, err := client.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{Bucket: &bucket, Key: &key, UploadId: created.UploadId,
		MultipartUpload: &types.CompletedMultipartUpload{Parts: done}}); err != nil {
		return 0, 0, err
	}
	return time.Since(start), time.Since(completeStart), nil
}

// exportZIP starts a ZIP export of the contest, waits until it is done,
// then downloads it through the server as a browser would. It returns how
// long the export took to be ready, how long in all until the last byte
// arrived, and the archive's size.
func exportZIP(ctx context.Context, c *apiclient.Client, slug string) (prepared, total time.Duration, size int64, err error) {
	start := time.Now()
	var e domain.Export
	if err := c.Call(ctx, apiclient.RouteOther, 202, "POST", "contests/"+slug+"/exports", domain.ExportInput{Kind: domain.ExportZIP}, &e); err != nil {
		return 0, 0, 0, err
	}
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for e.Status != domain.ExportDone {
		if e.Status == domain.ExportFailed {
			return 0, 0, 0, fmt.Errorf("export failed: %s", e.Error)
		}
		select {
		case <-ctx.Done():
			return 0, 0, 0, ctx.Err()
		case <-tick.C:
		}
		if err := c.Call(ctx, apiclient.RouteOther, 200, "GET", "contests/"+slug+"/exports/"+e.ID, nil, &e); err != nil {
			return 0, 0, 0, err
		}
	}
	prepared = time.Since(start)
	req, err := c.Request(ctx, "GET", e.DownloadURL, nil)
	if err != nil {
		return 0, 0, 0, err
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return 0, 0, 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, 0, 0, fmt.Errorf("export download: %s", resp.Status)
	}
	size, err = io.CopyBuffer(io.Discard, resp.Body, make([]byte, 1<<20))
	if err == nil && size != resp.ContentLength {
		err = fmt.Errorf("export download: %d of %d bytes", size, resp.ContentLength)
	}
	return prepared, time.Since(start), size, err
}

// awaitFingerprint waits until the file's SHA-256 is recorded (polling the
// team's draft) and returns how long that took.
func awaitFingerprint(ctx context.Context, c *apiclient.Client, teamID int64, fileID string) (time.Duration, error) {
	start := time.Now()
	for {
		var sub domain.Submission
		if err := c.Call(ctx, apiclient.RouteOther, 200, "GET", fmt.Sprintf("teams/%d/submission", teamID), nil, &sub); err != nil {
			return 0, err
		}
		for _, f := range sub.Files {
			if f.ID == fileID && f.SHA256 != "" {
				return time.Since(start), nil
			}
		}
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// mibps is a throughput in MiB/s.
func mibps(n int64, d time.Duration) float64 { return float64(n) / (1 << 20) / d.Seconds() }

func (r transferResult) markdown() string {
	var b strings.Builder
	size := r.opts.size
	fmt.Fprintf(&b, "A file of %d MiB in parts of %d MiB, %d at once (the SPA's uploader), to the same bucket:\n\n", size>>20, r.partSize>>20, r.opts.concurrency)
	b.WriteString("| transfer | seconds | MiB/s | ratio to its baseline | load average after |\n|---|---:|---:|---:|---|\n")
	fmt.Fprintf(&b, "| baseline: aws-sdk-go-v2 multipart upload straight to the bucket | %.2f | %.1f | 1.00 | %s |\n", r.direct.Seconds(), mibps(size, r.direct), r.directLoad)
	fmt.Fprintf(&b, "| (of which CompleteMultipartUpload, the store assembling the parts: %.2f s) | | | | |\n", r.directComplete.Seconds())
	fmt.Fprintf(&b, "| Podium's browser flow: declare, presigned parts in windows, complete | %.2f | %.1f | %.2f | %s |\n", r.browser.Seconds(), mibps(size, r.browser), r.direct.Seconds()/r.browser.Seconds(), r.browserLoad)
	fmt.Fprintf(&b, "| (of which the parts: %.2f s; complete: %.2f s; the SHA-256 recorded %.2f s after complete answered) | | | | |\n",
		r.browserParts.Seconds(), r.browserComplet.Seconds(), r.fingerprint.Seconds())
	if r.opts.uploadOnly {
		return b.String()
	}
	fmt.Fprintf(&b, "| baseline: reading the entry's object straight from the bucket | %.2f | %.1f | 1.00 | %s |\n", r.read.Seconds(), mibps(r.readBytes, r.read), r.readLoad)
	fmt.Fprintf(&b, "| ZIP export of the entry (from the request until its last byte is downloaded through Podium) | %.2f | %.1f | %.2f | %s |\n", r.export.Seconds(), mibps(r.exportBytes, r.export), r.read.Seconds()/r.export.Seconds(), r.exportLoad)
	fmt.Fprintf(&b, "| (of which the export prepared, from the request until done: %.2f s) | | | | |\n", r.exportPrepare.Seconds())
	return b.String()
}
