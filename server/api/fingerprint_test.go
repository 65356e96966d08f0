package api

import (
	"context"
	"fmt"
	"hash/crc32"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/podium-contests/podium/server/domain"
)

// fingerprintQueue records the fingerprint jobs a completion queues, so
// that a test runs them when it chooses (as the jobs package would).
type fingerprintQueue struct {
	mu   sync.Mutex
	jobs map[string]string // file id → declared SHA-256
}

func (q *fingerprintQueue) EnqueueFingerprint(_ context.Context, fileID, declared string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.jobs[fileID] = declared
	return nil
}

// declared returns the SHA-256 queued for the file, failing the test when
// no job was queued.
func (q *fingerprintQueue) declared(t *testing.T, fileID string) string {
	t.Helper()
	q.mu.Lock()
	defer q.mu.Unlock()
	d, ok := q.jobs[fileID]
	if !ok {
		t.Fatalf("no fingerprint queued for file %s", fileID)
	}
	return d
}

// seededMP4 is n bytes that start like an MP4, different for each seed.
func seededMP4(n int, seed byte) []byte {
	b := make([]byte, n)
	copy(b[4:], "ftypisom\x00\x00\x02\x00isomiso2avc1mp41")
	b[3] = 0x20
	for i := 4096; i < len(b); i += 4096 {
		b[i] = byte(i/4096) ^ seed
	}
	return b
}

// uploadMultipart declares a file of content's size with the SHA-256
// declared, sends every part to its presigned URL and completes the
// upload; it returns the declaration and complete's answer.
func (c *client) uploadMultipart(teamID int64, slot, name string, content []byte, declared string) (domain.NewFile, response) {
	t := c.ts.t
	t.Helper()
	r := c.do("POST", fmt.Sprintf("/api/v1/teams/%d/submission/files", teamID),
		map[string]any{"slot": slot, "filename": name, "size": len(content), "sha256": declared})
	mustStatus(t, r, 201)
	nf := decode[domain.NewFile](t, r)
	if nf.Upload.Method != "MULTIPART" || nf.Upload.NextPart != 0 {
		t.Fatalf("upload plan: %+v", nf.Upload)
	}
	for _, p := range nf.Upload.Parts {
		start := int64(p.Number-1) * nf.Upload.PartSize
		if st, _ := putPart(t, p.URL, content[start:start+p.Size]); st != 200 {
			t.Fatalf("part %d: %d", p.Number, st)
		}
	}
	return nf, c.do("POST", fmt.Sprintf("/api/v1/teams/%d/submission/files/%s/complete", teamID, nf.FileID), map[string]any{})
}

// fingerprintSetup is a server whose fingerprint jobs are recorded (q),
// with the contest "green" and a team of cap's in it.
func fingerprintSetup(t *testing.T) (*testServer, *fingerprintQueue, *client, domain.Team) {
	t.Helper()
	ts := newTestServer(t)
	q := &fingerprintQueue{jobs: map[string]string{}}
	ts.con.Fingerprints = q
	ts.con.CheckStore = ts.store
	ts.admin().createContest("green")
	cap := ts.signUp("cap@example.org")
	return ts, q, cap, cap.createTeam("green", "Owls", "energy")
}

// TestMultipartFingerprintAfterComplete: with a fingerprint queue, the
// completion of a multipart upload answers without reading the object
// back: the file is stored with its SHA-256 pending, and a submit made
// meanwhile gets a receipt that says so (and still verifies) instead of
// claiming the declared SHA-256. The fingerprint job then records the
// stored object's SHA-256, which the receipt's view and the draft show,
// and runs the entry check. A retried completion queues nothing more.
func TestMultipartFingerprintAfterComplete(t *testing.T) {
	t.Parallel()
	ts, q, cap, team := fingerprintSetup(t)
	base := fmt.Sprintf("/api/v1/teams/%d/submission", team.ID)
	mustStatus(t, cap.do("PUT", base, map[string]any{"title": "Solar owls", "fields": map[string]string{"repo": "https://git.example.org/owls"}}), 200)
	cap.uploadPDF(team.ID, pdfBytes(2000))

	content := seededMP4(domain.MultipartThreshold+3<<20, 1)
	nf, r := cap.uploadMultipart(team.ID, "video", "demo.mp4", content, sha(content))
	mustStatus(t, r, 200)
	got := decode[domain.SubmissionFile](t, r)
	if got.Status != domain.FileStored || got.SHA256 != "" || got.Size != int64(len(content)) {
		t.Fatalf("completed file: %+v, want stored with its SHA-256 pending", got)
	}
	if d := q.declared(t, nf.FileID); d != sha(content) {
		t.Fatalf("fingerprint queued with %q, want the declared SHA-256", d)
	}
	// A retried completion answers the stored file and queues nothing new.
	delete(q.jobs, nf.FileID)
	r = cap.do("POST", base+"/files/"+nf.FileID+"/complete", map[string]any{})
	mustStatus(t, r, 200)
	if again := decode[domain.SubmissionFile](t, r); again.Status != domain.FileStored || again.SHA256 != "" {
		t.Fatalf("retried completion: %+v", again)
	}
	if len(q.jobs) != 0 {
		t.Fatalf("a retried completion queued %v", q.jobs)
	}
	q.jobs[nf.FileID] = sha(content)

	// Submitted before the fingerprint: the receipt says it is pending.
	r = cap.do("POST", base+"/submit", map[string]any{})
	mustStatus(t, r, 201)
	receipt := decode[receiptResult](t, r).Receipt
	var video domain.ReceiptFile
	for _, f := range receipt.Files {
		if f.Slot == "video" {
			video = f
		}
	}
	if video.FileID != nf.FileID || video.SHA256 != "" || !video.SHA256Pending || video.Size != int64(len(content)) {
		t.Fatalf("receipt file %+v, want the video with its SHA-256 pending", video)
	}
	if domain.ComputeDigest(receipt) != receipt.Digest {
		t.Fatal("the receipt with a pending fingerprint does not verify")
	}
	view := decode[domain.ReceiptView](t, cap.do("GET", base+"/versions/1", nil))
	if len(view.Fingerprints) != 0 {
		t.Fatalf("fingerprints before the job: %v", view.Fingerprints)
	}
	mail, err := ts.store.LatestMailTo(t.Context(), "cap@example.org")
	if err != nil || !strings.Contains(mail.Body, fmt.Sprintf("demo.mp4, %d bytes, stored; SHA-256 still being computed", len(content))) {
		t.Fatalf("receipt e-mail does not say the fingerprint is pending: %+v %v", mail, err)
	}

	// The job records the stored object's SHA-256 and checks the file.
	if err := ts.checker().Fingerprint(t.Context(), nf.FileID, q.declared(t, nf.FileID)); err != nil {
		t.Fatal(err)
	}
	view = decode[domain.ReceiptView](t, cap.do("GET", base+"/versions/1", nil))
	if view.Fingerprints[nf.FileID] != sha(content) || view.Receipt.Digest != receipt.Digest {
		t.Fatalf("receipt view after the job: fingerprints %v, digest %s (was %s)", view.Fingerprints, view.Receipt.Digest, receipt.Digest)
	}
	if _, ok := view.Checks[nf.FileID]; !ok {
		t.Fatalf("no check of the video after its fingerprint: %v", view.Checks)
	}
	// The same pass records its CRC-32, which ZIP downloads check.
	var crc int64
	if err := ts.store.DB().Get(&crc, `SELECT coalesce(crc32, -1) FROM submission_files WHERE id = $1`, nf.FileID); err != nil || crc != int64(crc32.ChecksumIEEE(content)) {
		t.Fatalf("recorded CRC-32 %d (%v), want %d", crc, err, crc32.ChecksumIEEE(content))
	}
	sub := decode[domain.Submission](t, cap.do("GET", base, nil))
	for _, f := range sub.Files {
		if f.ID == nf.FileID && f.SHA256 != sha(content) {
			t.Fatalf("draft file %+v, want its SHA-256 recorded", f)
		}
	}
	// A job run again reads nothing twice and keeps the SHA-256.
	if err := ts.checker().Fingerprint(t.Context(), nf.FileID, sha(content)); err != nil {
		t.Fatal(err)
	}
	// The next version's receipt carries it.
	mustStatus(t, cap.do("PUT", base, map[string]any{"title": "Solar owls 2", "fields": map[string]string{"repo": "https://git.example.org/owls"}}), 200)
	r = cap.do("POST", base+"/submit", map[string]any{})
	mustStatus(t, r, 201)
	for _, f := range decode[receiptResult](t, r).Receipt.Files {
		if f.FileID == nf.FileID && (f.SHA256 != sha(content) || f.SHA256Pending) {
			t.Fatalf("second receipt's video: %+v", f)
		}
	}
}

// TestMultipartFingerprintMismatch: a multipart upload whose bytes are not
// the declared ones (the file changed during the upload) is kept — it may
// already be in a submitted version — with the stored object's SHA-256
// and a warning the team sees; bytes of the wrong type are still refused
// at completion, as without a fingerprint queue.
func TestMultipartFingerprintMismatch(t *testing.T) {
	t.Parallel()
	ts, q, cap, team := fingerprintSetup(t)

	content := seededMP4(domain.MultipartThreshold+1<<20, 2)
	declared := sha(seededMP4(len(content), 3))
	nf, r := cap.uploadMultipart(team.ID, "video", "demo.mp4", content, declared)
	mustStatus(t, r, 200)
	if err := ts.checker().Fingerprint(t.Context(), nf.FileID, q.declared(t, nf.FileID)); err != nil {
		t.Fatal(err)
	}
	f, err := ts.store.FileByID(t.Context(), nf.FileID)
	if err != nil || f.SHA256 != sha(content) || f.Status != domain.FileStored {
		t.Fatalf("file after its fingerprint: %+v %v, want the stored bytes' SHA-256", f, err)
	}
	check := waitCheck(t, cap, team.ID, nf.FileID)
	if codes := codesOf(check.Warnings); !strings.Contains(codes, domain.WarnSHA256Mismatch) {
		t.Fatalf("team's warnings %s, want %s", codes, domain.WarnSHA256Mismatch)
	}

	// Not an MP4: refused at completion, the object deleted, no job queued.
	notVideo := make([]byte, domain.MultipartThreshold+1<<20)
	nf, r = cap.uploadMultipart(team.ID, "video", "other.mp4", notVideo, sha(notVideo))
	mustStatus(t, r, 400)
	if code, fields := r.errorCode(t); code != string(domain.CodeInvalid) || fields["filename"] == "" {
		t.Fatalf("complete of a non-MP4: %s %v", code, fields)
	}
	if _, queued := q.jobs[nf.FileID]; queued {
		t.Fatal("a refused upload got a fingerprint job")
	}
	if f, _ := ts.store.FileByID(t.Context(), nf.FileID); f.Status != domain.FileRejected {
		t.Fatalf("refused upload's status %q", f.Status)
	}
}

// TestMultipartFingerprintJob: as serve runs it (River), completing a
// multipart upload queues the fingerprint job, which records the SHA-256
// and runs the check; the same bytes uploaded by a second team are then
// flagged as duplicates on both files, as for form uploads.
func TestMultipartFingerprintJob(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.startJobs()
	ts.admin().createContest("green")
	content := seededMP4(domain.MultipartThreshold+1<<20, 4)
	var ids []string
	for _, name := range []string{"Owls", "Larks"} {
		c := ts.signUp(strings.ToLower(name) + "@example.org")
		team := c.createTeam("green", name, "energy")
		nf, r := c.uploadMultipart(team.ID, "video", "demo.mp4", content, sha(content))
		mustStatus(t, r, 200)
		waitCheck(t, c, team.ID, nf.FileID)
		ids = append(ids, nf.FileID)
	}
	// The second file's job adds the duplicate to the first file's check
	// after writing its own: wait for it as waitCheck does.
	var checks map[string]domain.FileCheck
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		var err error
		if checks, err = ts.store.FileChecks(t.Context(), ids); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(codesOf(checks[ids[0]].Warnings), domain.WarnDuplicate) || time.Now().After(deadline) {
			break
		}
	}
	for i, id := range ids {
		f, err := ts.store.FileByID(t.Context(), id)
		if err != nil || f.SHA256 != sha(content) {
			t.Fatalf("file %d: %+v %v, want its SHA-256 recorded", i, f, err)
		}
		if codes := codesOf(checks[id].Warnings); !strings.Contains(codes, domain.WarnDuplicate) || strings.Contains(codes, domain.WarnSHA256Mismatch) {
			t.Errorf("file %d's warnings: %s, want the duplicate only", i, codes)
		}
	}
}
