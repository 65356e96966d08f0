package domain

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"mime"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/podium-contests/podium/server/internal/ratelimit"
)

// BlobStore is the object store as the domain needs it.
type BlobStore interface {
	// PresignPost signs a form upload of exactly size bytes whose SHA-256
	// is sha256Hex.
	PresignPost(ctx context.Context, key string, size int64, sha256Hex string, expires time.Duration) (url string, fields map[string]string, err error)
	CreateMultipart(ctx context.Context, key string) (uploadID string, err error)
	PresignPart(ctx context.Context, key, uploadID string, number int32, size int64, expires time.Duration) (string, error)
	ListParts(ctx context.Context, key, uploadID string) ([]StoredPart, error)
	CompleteMultipart(ctx context.Context, key, uploadID string, parts []StoredPart) error
	AbortMultipart(ctx context.Context, key, uploadID string) error
	// Size returns the stored object's size, or not_found.
	Size(ctx context.Context, key string) (int64, error)
	// Inspect returns the object's size, its first headBytes bytes and its
	// SHA-256 (from a checksum the store verified, or by reading it once);
	// not_found if it is not there.
	Inspect(ctx context.Context, key string, headBytes int) (ObjectFacts, error)
	// InspectHead is Inspect without the SHA-256 (ObjectFacts.SHA256 is
	// empty), in two small requests whatever the object's size.
	InspectHead(ctx context.Context, key string, headBytes int) (ObjectFacts, error)
	// Digests reads the object back and returns its size, SHA-256 and
	// CRC-32.
	Digests(ctx context.Context, key string) (ObjectFacts, error)
	Delete(ctx context.Context, key string) error
	PresignGet(ctx context.Context, key, contentDisposition string, expires time.Duration) (string, error)
	// PresignInline signs a GET the store answers with this
	// Content-Disposition and Content-Type (for the viewer).
	PresignInline(ctx context.Context, key, contentDisposition, contentType string, expires time.Duration) (string, error)
}

// ObjectFacts is what verification learns from reading a stored object.
type ObjectFacts struct {
	Size   int64
	Head   []byte // the first bytes, up to the length asked for
	SHA256 string // hex
	// ByStoreChecksum is true when SHA256 is the checksum the store
	// verified at upload rather than a hash of the object read back.
	ByStoreChecksum bool
	// CRC32 is the object's CRC-32 when it was read back (Digests); zero
	// otherwise.
	CRC32 uint32
}

// StoredPart is one part of a multipart upload.
type StoredPart struct {
	Number int32  `json:"number"`
	ETag   string `json:"etag"`
	Size   int64  `json:"size,omitempty"`
}

// Upload tells the browser how to send a file straight to the object store.
type Upload struct {
	Method   string            `json:"method"` // POST or MULTIPART
	URL      string            `json:"url,omitempty"`
	Fields   map[string]string `json:"fields,omitempty"`
	PartSize int64             `json:"part_size,omitempty"`
	// PartCount is the number of parts of a multipart upload.
	PartCount int32 `json:"part_count,omitempty"`
	// Parts are URLs for one window of the parts still missing (at most
	// MaxPartWindow); NextPart, when not 0, is where the next window
	// starts (GET the file with ?from_part=NextPart).
	Parts     []PartURL `json:"parts,omitempty"`
	NextPart  int32     `json:"next_part,omitempty"`
	ExpiresAt time.Time `json:"expires_at"`
}

// PartURL is a presigned URL for one part, with its signed size.
type PartURL struct {
	Number int32  `json:"number"`
	Size   int64  `json:"size"`
	URL    string `json:"url"`
}

// FileInput declares a file before it is uploaded.
type FileInput struct {
	Slot        string `json:"slot"`
	Filename    string `json:"filename"`
	Size        int64  `json:"size"`
	ContentType string `json:"content_type"`
	SHA256      string `json:"sha256"`
}

// NewFile is the answer to a file declaration.
type NewFile struct {
	FileID string `json:"file_id"`
	Upload Upload `json:"upload"`
}

// Upload tuning.
const (
	// MultipartThreshold: files above it use a multipart upload, which can
	// resume (a paused or broken upload keeps its stored parts); files up to
	// it a presigned POST, which restarts from zero but costs one request.
	// Low enough that a file worth resuming (a minute or more on a slow
	// line) resumes: S3 takes parts of 5 MiB and more, so a file just above
	// it goes in three parts of minPartSize.
	MultipartThreshold = 16 << 20
	minPartSize        = 8 << 20
	maxParts           = 10000
	uploadURLLifetime  = time.Hour
	downloadLifetime   = 5 * time.Minute
	// MaxPartWindow bounds the part URLs signed per request: signing all
	// of a 50 GB upload's 3,200 parts at once costs 200 ms of CPU and
	// 1.6 MB, so clients fetch windows as they go.
	MaxPartWindow = 100
)

var sha256Pattern = regexp.MustCompile(`^[0-9a-f]{64}$`)

// partLayout is how a multipart upload of size bytes is cut: the part size,
// which keeps the count within S3's limit, and the number of parts.
func partLayout(size int64) (ps int64, count int32) {
	ps = minPartSize
	for (size+ps-1)/ps > maxParts {
		ps *= 2
	}
	return ps, int32((size + ps - 1) / ps)
}

// partBytes is the size of part n (from 1) of an upload of size bytes: the
// part size, less for the last part.
func partBytes(size int64, n int32) int64 {
	ps, count := partLayout(size)
	if n == count {
		return size - ps*int64(count-1)
	}
	return ps
}

// CreateFile validates a declared file and returns where to upload it.
// Keys are generated here, never derived from the filename.
func (s *Contests) CreateFile(ctx context.Context, u User, teamID int64, in FileInput) (NewFile, error) {
	t, c, err := s.writableTeam(ctx, u, teamID)
	if err != nil {
		return NewFile{}, err
	}
	f := Fields{}
	slot, ok := c.Slot(in.Slot)
	if !ok {
		f.Add("slot", "is not a file slot of this contest")
	}
	name := CleanFilename(in.Filename)
	ext := FileExt(name)
	switch {
	case name == "":
		f.Add("filename", "is required")
	case ok && !contains(slot.Types, ext):
		f.Add("filename", "must end with one of "+strings.Join(slot.Types, ", "))
	}
	switch {
	case in.Size <= 0:
		f.Add("size", "must be more than 0 bytes")
	case ok && in.Size > slot.MaxBytes:
		f.Add("size", fmt.Sprintf("must be at most %d bytes for this slot", slot.MaxBytes))
	}
	in.SHA256 = strings.ToLower(strings.TrimSpace(in.SHA256))
	if !sha256Pattern.MatchString(in.SHA256) {
		f.Add("sha256", "must be the file's SHA-256 as 64 hexadecimal characters")
	}
	if err := f.Err(); err != nil {
		return NewFile{}, err
	}
	if err := s.throttle("declare", u, s.Uploads.Declare, "too many uploads started"); err != nil {
		return NewFile{}, err
	}
	usage, err := s.Subs.UploadUsage(ctx, t.ID, s.now().Add(-quotaWindow))
	if err != nil {
		return NewFile{}, err
	}
	supersede, err := checkUploadQuota(s.Uploads, c, usage, u.ID, slot.Key, in.Size, s.now())
	if err != nil {
		return NewFile{}, err
	}
	id := uuid.NewString()
	file := SubmissionFile{
		ID: id, TeamID: t.ID, ContestID: c.ID, Slot: slot.Key, Filename: name, Size: in.Size,
		ContentType: contentTypeOf(ext), SHA256: in.SHA256, Status: FilePending, CreatedBy: u.ID,
		UploadKind: "post",
	}
	if file.ObjectKey, err = NewObjectKey(); err != nil {
		return NewFile{}, err
	}
	var up Upload
	if in.Size > MultipartThreshold {
		file.UploadKind = "multipart"
		if file.UploadID, err = s.Blob.CreateMultipart(ctx, file.ObjectKey); err != nil {
			return NewFile{}, err
		}
	}
	if err := s.Subs.CreateFile(ctx, file); err != nil {
		return NewFile{}, err
	}
	// At the team's limit of uploads in progress, this one supersedes the
	// user's unfinished ones to the same slot: the cleanup job removes
	// what they stored.
	if supersede {
		if err := s.Subs.AbandonSuperseded(ctx, t.ID, slot.Key, u.ID, id); err != nil {
			return NewFile{}, err
		}
	}
	if file.UploadKind == "multipart" {
		up, err = s.partURLs(ctx, file, nil, 1, MaxPartWindow)
	} else {
		up, err = s.postURL(ctx, file)
	}
	return NewFile{FileID: id, Upload: up}, err
}

// ObjectKeyPrefix is where new submission files are stored. Files stored
// before keys became opaque live under LegacyObjectKeyPrefix
// ("contests/<contest id>/teams/<team id>/<file id>") and keep working.
const (
	ObjectKeyPrefix       = "files/"
	LegacyObjectKeyPrefix = "contests/"
)

// NewObjectKey is the key of a new submission file: random, so that it
// says nothing about the contest, the team or the file (a judge of a blind
// round sees the key in the download link).
func NewObjectKey() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("object key: %w", err)
	}
	return ObjectKeyPrefix + hex.EncodeToString(b), nil
}

// contentTypeOf is the type recorded for an extension (never the client's).
func contentTypeOf(ext string) string {
	if t, ok := fileTypes[ext]; ok {
		return t[0]
	}
	return "application/octet-stream"
}

func (s *Contests) postURL(ctx context.Context, f SubmissionFile) (Upload, error) {
	u, fields, err := s.Blob.PresignPost(ctx, f.ObjectKey, f.Size, f.SHA256, uploadURLLifetime)
	if err != nil {
		return Upload{}, err
	}
	return Upload{Method: "POST", URL: u, Fields: fields, ExpiresAt: s.now().Add(uploadURLLifetime)}, nil
}

// throttle takes one request of action from u's budget r.
func (s *Contests) throttle(action string, u User, r ratelimit.Rate, what string) error {
	return throttle(s.Limiter, fmt.Sprintf("%s:user:%d", action, u.ID), r, true, what)
}

// partURLs presigns a window of the parts not in done: at most limit of
// them, from part number from on; NextPart says where the next one starts.
func (s *Contests) partURLs(ctx context.Context, f SubmissionFile, done map[int32]bool, from int32, limit int) (Upload, error) {
	ps, count := partLayout(f.Size)
	up := Upload{Method: "MULTIPART", PartSize: ps, PartCount: count, Parts: []PartURL{}, ExpiresAt: s.now().Add(uploadURLLifetime)}
	for n := max(from, 1); n <= count; n++ {
		if done[n] {
			continue
		}
		if len(up.Parts) == limit {
			up.NextPart = n
			break
		}
		size := partBytes(f.Size, n)
		u, err := s.Blob.PresignPart(ctx, f.ObjectKey, f.UploadID, n, size, uploadURLLifetime)
		if err != nil {
			return Upload{}, err
		}
		up.Parts = append(up.Parts, PartURL{Number: n, Size: size, URL: u})
	}
	return up, nil
}

// UploadState is what a resuming client needs: parts already stored and
// fresh URLs for the rest.
type UploadState struct {
	FileID string       `json:"file_id"`
	Status string       `json:"status"`
	Done   []StoredPart `json:"done"`
	Upload Upload       `json:"upload"`
}

// pendingFile loads a file of a team u may write to.
func (s *Contests) pendingFile(ctx context.Context, u User, teamID int64, fileID string) (SubmissionFile, error) {
	if _, err := uuid.Parse(fileID); err != nil {
		return SubmissionFile{}, NotFound("file")
	}
	if _, _, err := s.writableTeam(ctx, u, teamID); err != nil {
		return SubmissionFile{}, err
	}
	f, err := s.Subs.FileByID(ctx, fileID)
	if err != nil {
		return SubmissionFile{}, err
	}
	if f.TeamID != teamID {
		return SubmissionFile{}, NotFound("file")
	}
	return f, nil
}

// PartWindow selects the part URLs a resume answers: at most Limit parts
// still missing, from part number From on (zero values: from the first,
// MaxPartWindow of them).
type PartWindow struct {
	From  int32
	Limit int
}

// ResumeUpload reports a file's upload progress with URLs for one window
// of what is left, including the parts in resend: parts the store lists
// but the client does not trust (a store may keep a part whose upload was
// cut off, at its full size).
func (s *Contests) ResumeUpload(ctx context.Context, u User, teamID int64, fileID string, resend []int32, w PartWindow) (UploadState, error) {
	f, err := s.pendingFile(ctx, u, teamID, fileID)
	if err != nil {
		return UploadState{}, err
	}
	_, count := partLayout(f.Size)
	for _, n := range resend {
		if f.UploadKind != "multipart" || n < 1 || n > count {
			return UploadState{}, Invalid(map[string]string{"resend": fmt.Sprintf("%d is not a part number of this upload", n)})
		}
	}
	if w.From == 0 {
		w.From = 1
	}
	if w.Limit == 0 {
		w.Limit = MaxPartWindow
	}
	fields := Fields{}
	if w.From < 1 || (f.UploadKind == "multipart" && w.From > count) {
		fields.Add("from_part", fmt.Sprintf("must be a part number of this upload (1 to %d)", count))
	}
	if w.Limit < 1 || w.Limit > MaxPartWindow {
		fields.Add("limit", fmt.Sprintf("must be between 1 and %d", MaxPartWindow))
	}
	if err := fields.Err(); err != nil {
		return UploadState{}, err
	}
	if err := s.throttle("parts", u, s.Uploads.Parts, "too many requests for upload URLs"); err != nil {
		return UploadState{}, err
	}
	st := UploadState{FileID: f.ID, Status: f.Status, Done: []StoredPart{}}
	if f.Status != FilePending {
		return st, nil
	}
	if f.UploadKind != "multipart" {
		st.Upload, err = s.postURL(ctx, f)
		return st, err
	}
	if st.Done, err = s.Blob.ListParts(ctx, f.ObjectKey, f.UploadID); err != nil {
		return UploadState{}, err
	}
	done := map[int32]bool{}
	for _, p := range st.Done {
		// A part of the wrong size (a dropped connection) is uploaded again.
		if p.Size == partBytes(f.Size, p.Number) {
			done[p.Number] = true
		}
	}
	for _, n := range resend {
		delete(done, n)
	}
	st.Upload, err = s.partURLs(ctx, f, done, w.From, w.Limit)
	return st, err
}

// CompleteInput finishes a multipart upload (parts may be omitted: the
// server then lists them itself).
type CompleteInput struct {
	Parts []StoredPart `json:"parts"`
}

// CompleteFile verifies the stored object against the declaration (size,
// SHA-256, and magic bytes against the slot's types) and, when it matches,
// makes it the slot's file in the draft. A mismatch deletes the object.
func (s *Contests) CompleteFile(ctx context.Context, u User, teamID int64, fileID string, in CompleteInput) (SubmissionFile, error) {
	f, err := s.pendingFile(ctx, u, teamID, fileID)
	if err != nil {
		return SubmissionFile{}, err
	}
	switch f.Status {
	case FileStored, FileReplaced:
		if f.SHA256 == "" {
			return f, nil // a retried complete: its fingerprint job, queued before it was stored, checks it
		}
		return f, s.enqueueCheck(ctx, f.ID) // a retried complete (its check may not have been queued)
	case FileRejected, FileAbandoned, FileDeleted:
		return SubmissionFile{}, Errorf(CodeConflict, "this upload was %s; start a new one", f.Status)
	}
	if err := s.throttle("complete", u, s.Uploads.Complete, "too many upload completions"); err != nil {
		return SubmissionFile{}, err
	}
	if f.UploadKind == "multipart" {
		if err := s.completeMultipart(ctx, f, in.Parts); err != nil {
			return SubmissionFile{}, err
		}
	}
	// A multipart object has no SHA-256 the store verified: reading it back
	// here would make the team wait for a second pass over the whole file.
	// Where a fingerprint queue runs, the file is accepted on its size and
	// content type, its SHA-256 is left empty (pending), and the
	// fingerprint job computes it, records it and runs the entry check.
	// The job is queued first, so a stored file always has one.
	deferred := f.UploadKind == "multipart" && s.Fingerprints != nil
	if err := s.verify(ctx, f, !deferred); err != nil {
		return SubmissionFile{}, err
	}
	if deferred {
		if err := s.Fingerprints.EnqueueFingerprint(ctx, f.ID, f.SHA256); err != nil {
			return SubmissionFile{}, fmt.Errorf("queue the file's fingerprint: %w", err)
		}
	}
	stored, err := s.Subs.StoreFile(ctx, f.ID, deferred)
	if err != nil || deferred {
		return stored, err
	}
	return stored, s.enqueueCheck(ctx, stored.ID)
}

// FingerprintQueue computes, in the background, the SHA-256 of a stored
// file whose fingerprint is pending (the jobs package): declared is the
// SHA-256 the uploader declared, kept in the job for the comparison.
type FingerprintQueue interface {
	EnqueueFingerprint(ctx context.Context, fileID, declared string) error
}

func (s *Contests) completeMultipart(ctx context.Context, f SubmissionFile, parts []StoredPart) error {
	if len(parts) == 0 {
		listed, err := s.Blob.ListParts(ctx, f.ObjectKey, f.UploadID)
		if err != nil && ErrorCode(err) != CodeNotFound {
			return err
		}
		parts = listed
	}
	err := s.Blob.CompleteMultipart(ctx, f.ObjectKey, f.UploadID, parts)
	if ErrorCode(err) == CodeNotFound {
		// Completed by an earlier attempt whose answer was lost? The object
		// then exists and verify decides.
		if _, serr := s.Blob.Size(ctx, f.ObjectKey); serr == nil {
			return nil
		}
		return Invalid(map[string]string{"parts": "the upload has no parts or does not exist; upload the parts first"})
	}
	if ErrorCode(err) == CodeInvalid {
		return Invalid(map[string]string{"parts": "do not match the uploaded parts: " + err.Error()})
	}
	return err
}

// verify checks the stored object (its size, its first bytes against the
// file's type and, when hash is true, its SHA-256); on a mismatch the file
// is rejected and the object deleted, so nothing unverified is accepted.
func (s *Contests) verify(ctx context.Context, f SubmissionFile, hash bool) error {
	inspect := s.Blob.Inspect
	if !hash {
		inspect = s.Blob.InspectHead
	}
	obj, err := inspect(ctx, f.ObjectKey, HeadBytes)
	if ErrorCode(err) == CodeNotFound {
		return Invalid(map[string]string{"file": "has not been uploaded yet"})
	}
	if err != nil {
		return err
	}
	var problem map[string]string
	switch {
	case obj.Size != f.Size:
		problem = map[string]string{"size": fmt.Sprintf("the stored file has %d bytes, %d were declared", obj.Size, f.Size)}
	case !ContentMatches(FileExt(f.Filename), obj.Head):
		problem = map[string]string{"filename": "the file's content is not a " + FileExt(f.Filename) + " file"}
	case hash && obj.SHA256 != f.SHA256:
		problem = map[string]string{"sha256": "the stored file's SHA-256 is " + obj.SHA256 + ", not the declared one"}
	}
	if problem == nil {
		return nil
	}
	if err := s.Subs.SetFileStatus(ctx, f.ID, FileRejected); err != nil {
		return err
	}
	if err := s.Blob.Delete(ctx, f.ObjectKey); err != nil {
		return err
	}
	return Invalid(problem)
}

// FileGrant says whether a judge may read a file and whether they read it
// for a blind round (then under its slot's name: see BlindFilename).
type FileGrant struct {
	Allowed bool `db:"allowed"`
	Blind   bool `db:"blind"`
}

// FileAccess decides whether a judge may read a file; the judging module
// provides it (nil means judges have no file access).
type FileAccess func(ctx context.Context, judgeID int64, f SubmissionFile) (FileGrant, error)

// DownloadURL returns a short-lived link that makes the object store send
// the file as an attachment. Members of the team, the contest's organizers
// and (through JudgeAccess) assigned judges may download; others get
// not_found. A judge of a blind round gets the file under its slot's name.
func (s *Contests) DownloadURL(ctx context.Context, u User, fileID string, judgeAccess FileAccess) (string, error) {
	f, name, err := s.readableFile(ctx, u, fileID, judgeAccess)
	if err != nil {
		return "", err
	}
	return s.Blob.PresignGet(ctx, f.ObjectKey, AttachmentDisposition(name), downloadLifetime)
}

// ViewURL returns a short-lived link for reading the file in the browser:
// for the types the viewer renders (InlineType) the object store answers
// it inline with the type's Content-Type, for every other type as an
// attachment, exactly like DownloadURL. Who may view is who may download,
// and a blind judge's name is the slot's.
func (s *Contests) ViewURL(ctx context.Context, u User, fileID string, judgeAccess FileAccess) (string, error) {
	f, name, err := s.readableFile(ctx, u, fileID, judgeAccess)
	if err != nil {
		return "", err
	}
	ct, ok := InlineType(name)
	if !ok {
		return s.Blob.PresignGet(ctx, f.ObjectKey, AttachmentDisposition(name), downloadLifetime)
	}
	return s.Blob.PresignInline(ctx, f.ObjectKey, ContentDisposition("inline", name), ct, downloadLifetime)
}

// inlineTypes are the types the entry viewer renders in place (pdf.js,
// <video>, <audio>, <img>), with the Content-Type the store is told to
// send. Nothing a browser could run as a page (HTML, SVG, XML) is here.
var inlineTypes = map[string]string{
	".pdf":  "application/pdf",
	".mp4":  "video/mp4",
	".webm": "video/webm",
	".mp3":  "audio/mpeg",
	".m4a":  "audio/mp4",
	".wav":  "audio/wav",
	".png":  "image/png",
	".jpg":  "image/jpeg",
	".jpeg": "image/jpeg",
	".webp": "image/webp",
}

// InlineType is the Content-Type under which a file named filename is
// served inline to the viewer, and false when it is only ever an
// attachment.
func InlineType(filename string) (string, bool) {
	ct, ok := inlineTypes[FileExt(filename)]
	return ct, ok
}

// readableFile loads a stored file u may read, with the name u gets it
// under: members of the team, the contest's organizers and (through
// judgeAccess) assigned judges; others get not_found. A judge of a blind
// round gets the slot's name.
// blindObject is the key a judge of a blind round reads a file from: its
// blind copy when the check wrote one, else the original.
func (s *Contests) blindObject(ctx context.Context, f SubmissionFile) (string, error) {
	checks, err := s.fileChecks(ctx, []string{f.ID}, true)
	if err != nil {
		return "", err
	}
	if c, ok := checks[f.ID]; ok && c.Facts != nil && c.Facts.BlindCopy != "" {
		return c.Facts.BlindCopy, nil
	}
	return f.ObjectKey, nil
}

func (s *Contests) readableFile(ctx context.Context, u User, fileID string, judgeAccess FileAccess) (SubmissionFile, string, error) {
	if _, err := uuid.Parse(fileID); err != nil {
		return SubmissionFile{}, "", NotFound("file")
	}
	f, err := s.Subs.FileByID(ctx, fileID)
	if err != nil {
		return SubmissionFile{}, "", err
	}
	if f.Status != FileStored && f.Status != FileReplaced {
		return SubmissionFile{}, "", NotFound("file")
	}
	allowed, name := false, f.Filename
	t, err := s.Teams.TeamByID(ctx, f.TeamID)
	if err != nil {
		return SubmissionFile{}, "", err
	}
	if t.HasMember(u.ID) {
		allowed = true
	} else if a, err := s.access(ctx, u, f.ContestID); err != nil {
		return SubmissionFile{}, "", err
	} else if a.Scope().Covers(t.Track) {
		allowed = true
	} else if a.Judge && judgeAccess != nil {
		g, err := judgeAccess(ctx, u.ID, f)
		if err != nil {
			return SubmissionFile{}, "", err
		}
		allowed = g.Allowed
		if g.Blind {
			// The team's own file name may name the team.
			c, err := s.Store.ContestByID(ctx, f.ContestID)
			if err != nil {
				return SubmissionFile{}, "", err
			}
			name = BlindFilename(c, f.Slot, f.Filename)
			if f.ObjectKey, err = s.blindObject(ctx, f); err != nil {
				return SubmissionFile{}, "", err
			}
		}
	}
	if !allowed {
		return SubmissionFile{}, "", NotFound("file")
	}
	return f, name, nil
}

// AttachmentDisposition is an RFC 6266 Content-Disposition that forces a
// download, with an ASCII fallback and the UTF-8 name.
func AttachmentDisposition(filename string) string {
	return ContentDisposition("attachment", filename)
}

// ContentDisposition is an RFC 6266 Content-Disposition of the given type
// ("attachment" or "inline") with an ASCII fallback and the UTF-8 name,
// sanitised.
func ContentDisposition(kind, filename string) string {
	filename = SanitizeName(filename)
	fallback := strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' || r == '%' {
			return '_'
		}
		return r
	}, filename)
	v := mime.FormatMediaType(kind, map[string]string{"filename": fallback})
	return v + "; filename*=UTF-8''" + url.PathEscape(filename)
}

// CleanupUploads removes the objects nobody needs any more: of uploads
// pending for longer than Uploads.AbandonAfter, of abandoned ones, and of
// replaced files that no submitted version includes. Each object is
// deleted (its multipart upload aborted if it never completed), checked to
// be gone from the bucket, and only then is its file marked deleted, so a
// failure leaves it for the next run. It returns how many it handled.
func (s *Contests) CleanupUploads(ctx context.Context, limit int) (int, error) {
	files, err := s.Subs.CleanupFiles(ctx, s.now().Add(-s.Uploads.abandonAfter()), limit)
	if err != nil {
		return 0, err
	}
	for i, f := range files {
		if f.Status == FilePending {
			// Claimed first: a completion at this instant wins or loses cleanly.
			claimed, err := s.Subs.AbandonStaleUpload(ctx, f.ID)
			if err != nil {
				return i, err
			}
			if !claimed {
				continue
			}
		}
		if err := s.removeObject(ctx, f); err != nil {
			return i, err
		}
		if err := s.Subs.SetFileStatus(ctx, f.ID, FileDeleted); err != nil {
			return i, err
		}
	}
	return len(files), nil
}

// removeObject deletes a file's object, and its multipart upload if that
// never completed, then checks that the bucket no longer has the object.
func (s *Contests) removeObject(ctx context.Context, f SubmissionFile) error {
	if f.UploadKind == "multipart" && f.CompletedAt == nil {
		if err := s.Blob.AbortMultipart(ctx, f.ObjectKey, f.UploadID); err != nil && ErrorCode(err) != CodeNotFound {
			return err
		}
	}
	for _, key := range ObjectKeys(f.ObjectKey) {
		if err := s.Blob.Delete(ctx, key); err != nil {
			return err
		}
	}
	_, err := s.Blob.Size(ctx, f.ObjectKey)
	switch {
	case err == nil:
		return fmt.Errorf("cleanup: object of file %s still in the bucket after its deletion", f.ID)
	case ErrorCode(err) != CodeNotFound:
		return fmt.Errorf("cleanup: check deletion of file %s: %w", f.ID, err)
	}
	return nil
}
