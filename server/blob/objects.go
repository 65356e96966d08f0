package blob

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"net"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"

	"github.com/podium-contests/podium/server/domain"
)

// Timeouts for calls made while a request waits (request contexts carry
// no deadline). Hashing a large object gets its own, longer bound.
const (
	callTimeout = 20 * time.Second
	hashTimeout = 30 * time.Minute
)

// mapErr turns S3 errors into domain errors: missing keys and uploads are
// not_found, malformed part lists invalid, network failures unavailable.
func mapErr(err error, op string) error {
	if err == nil {
		return nil
	}
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		switch apiErr.ErrorCode() {
		case "NoSuchKey", "NotFound", "NoSuchUpload", "NoSuchBucket":
			return &domain.Error{Code: domain.CodeNotFound, Message: "object not found", Err: err}
		case "InvalidPart", "InvalidPartOrder", "EntityTooSmall", "MalformedXML", "InvalidRequest":
			return &domain.Error{Code: domain.CodeInvalid, Message: apiErr.ErrorMessage(), Err: err}
		case "SlowDown", "ServiceUnavailable", "InternalError", "RequestTimeout":
			return &domain.Error{Code: domain.CodeUnavailable, Message: "the object store is unavailable; try again shortly", Err: err}
		}
	}
	var netErr net.Error
	if errors.As(err, &netErr) || errors.Is(err, context.DeadlineExceeded) || strings.Contains(err.Error(), "connection refused") ||
		strings.Contains(err.Error(), "exceeded maximum number of attempts") {
		return &domain.Error{Code: domain.CodeUnavailable, Message: "the object store is unavailable; try again shortly", Err: err}
	}
	return fmt.Errorf("blob %s: %w", op, err)
}

// checksumField is the form field (and header) carrying an upload's SHA-256.
const checksumField = "x-amz-checksum-sha256"

// PresignPost signs a browser form upload to key whose policy accepts
// exactly size bytes, so the store itself refuses any other size. Where the
// store is trusted with checksums (Config.TrustChecksums) the policy also
// fixes the SHA-256 sha256Hex, so the store refuses other bytes; otherwise
// it carries no checksum field, which some stores would refuse, and
// Inspect reads the object back.
func (s *Store) PresignPost(ctx context.Context, key string, size int64, sha256Hex string, expires time.Duration) (string, map[string]string, error) {
	sum, err := hex.DecodeString(sha256Hex)
	if err != nil || len(sum) != sha256.Size {
		return "", nil, fmt.Errorf("blob presign post: %q is not a hex SHA-256", sha256Hex)
	}
	conditions := []any{[]any{"content-length-range", size, size}}
	checksum := base64.StdEncoding.EncodeToString(sum)
	if s.trustChecksums {
		conditions = append(conditions, map[string]string{checksumField: checksum})
	}
	req, err := s.presign.PresignPostObject(ctx, &s3.PutObjectInput{Bucket: &s.bucket, Key: &key}, func(o *s3.PresignPostOptions) {
		o.Expires = expires
		o.Conditions = conditions
	})
	if err != nil {
		return "", nil, mapErr(err, "presign post")
	}
	if s.trustChecksums {
		req.Values[checksumField] = checksum
	}
	return req.URL, req.Values, nil
}

// CreateMultipart starts a multipart upload.
func (s *Store) CreateMultipart(ctx context.Context, key string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	out, err := s.client.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{
		Bucket: &s.bucket, Key: &key, ContentType: aws.String("application/octet-stream"),
	})
	if err != nil {
		return "", mapErr(err, "create multipart")
	}
	return aws.ToString(out.UploadId), nil
}

// PresignPart signs the upload of one part; its Content-Length is signed.
func (s *Store) PresignPart(ctx context.Context, key, uploadID string, number int32, size int64, expires time.Duration) (string, error) {
	req, err := s.presign.PresignUploadPart(ctx, &s3.UploadPartInput{
		Bucket: &s.bucket, Key: &key, UploadId: &uploadID, PartNumber: aws.Int32(number), ContentLength: aws.Int64(size),
	}, s3.WithPresignExpires(expires))
	if err != nil {
		return "", mapErr(err, "presign part")
	}
	return req.URL, nil
}

// ListParts lists the parts stored so far.
func (s *Store) ListParts(ctx context.Context, key, uploadID string) ([]domain.StoredPart, error) {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	var out []domain.StoredPart
	p := s3.NewListPartsPaginator(s.client, &s3.ListPartsInput{Bucket: &s.bucket, Key: &key, UploadId: &uploadID})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, mapErr(err, "list parts")
		}
		for _, part := range page.Parts {
			out = append(out, domain.StoredPart{Number: aws.ToInt32(part.PartNumber), ETag: aws.ToString(part.ETag), Size: aws.ToInt64(part.Size)})
		}
	}
	return out, nil
}

// CompleteMultipart assembles the parts into the object.
func (s *Store) CompleteMultipart(ctx context.Context, key, uploadID string, parts []domain.StoredPart) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	completed := make([]types.CompletedPart, len(parts))
	for i, p := range parts {
		completed[i] = types.CompletedPart{PartNumber: aws.Int32(p.Number), ETag: aws.String(p.ETag)}
	}
	_, err := s.client.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{
		Bucket: &s.bucket, Key: &key, UploadId: &uploadID,
		MultipartUpload: &types.CompletedMultipartUpload{Parts: completed},
	})
	return mapErr(err, "complete multipart")
}

// AbortMultipart discards an unfinished upload and its parts.
func (s *Store) AbortMultipart(ctx context.Context, key, uploadID string) error {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	_, err := s.client.AbortMultipartUpload(ctx, &s3.AbortMultipartUploadInput{Bucket: &s.bucket, Key: &key, UploadId: &uploadID})
	return mapErr(err, "abort multipart")
}

// Size returns the stored object's size.
func (s *Store) Size(ctx context.Context, key string) (int64, error) {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	out, err := s.client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &s.bucket, Key: &key})
	if err != nil {
		return 0, mapErr(err, "head object")
	}
	return aws.ToInt64(out.ContentLength), nil
}

// Inspect returns the stored object's size, its first headBytes bytes and
// its SHA-256. When the store verified a SHA-256 checksum at upload (see
// Config.TrustChecksums) that is one HEAD and one ranged GET; otherwise the
// object is read back once.
func (s *Store) Inspect(ctx context.Context, key string, headBytes int) (domain.ObjectFacts, error) {
	if s.trustChecksums {
		facts, ok, err := s.inspectByChecksum(ctx, key, headBytes)
		if err != nil || ok {
			return facts, err
		}
	}
	return s.readBack(ctx, key, headBytes)
}

// readBack streams the object once (one GET, 64 KiB at a time) and returns
// its size as read, its first headBytes bytes, its SHA-256 and its CRC-32.
func (s *Store) readBack(ctx context.Context, key string, headBytes int) (domain.ObjectFacts, error) {
	ctx, cancel := context.WithTimeout(ctx, hashTimeout)
	defer cancel()
	out, err := s.client.GetObject(ctx, &s3.GetObjectInput{Bucket: &s.bucket, Key: &key})
	if err != nil {
		return domain.ObjectFacts{}, mapErr(err, "get object")
	}
	defer out.Body.Close()
	h, c := sha256.New(), crc32.NewIEEE()
	head := &prefix{max: headBytes}
	n, err := io.CopyBuffer(io.MultiWriter(h, c, head), out.Body, make([]byte, 64<<10))
	if err != nil {
		return domain.ObjectFacts{}, mapErr(err, "read object")
	}
	return domain.ObjectFacts{Size: n, Head: head.b, SHA256: hex.EncodeToString(h.Sum(nil)), CRC32: c.Sum32()}, nil
}

// inspectByChecksum answers Inspect from the store's full-object SHA-256
// checksum; ok is false when the object has none (a multipart upload, or
// a store that keeps no checksums), and the caller must read the object.
func (s *Store) inspectByChecksum(ctx context.Context, key string, headBytes int) (facts domain.ObjectFacts, ok bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	meta, err := s.client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &s.bucket, Key: &key, ChecksumMode: types.ChecksumModeEnabled})
	if err != nil {
		return facts, false, mapErr(err, "head object")
	}
	sum, derr := base64.StdEncoding.DecodeString(aws.ToString(meta.ChecksumSHA256))
	if derr != nil || len(sum) != sha256.Size || meta.ChecksumType == types.ChecksumTypeComposite {
		return facts, false, nil
	}
	facts = domain.ObjectFacts{Size: aws.ToInt64(meta.ContentLength), SHA256: hex.EncodeToString(sum), ByStoreChecksum: true}
	if facts.Head, err = s.readHead(ctx, key, facts.Size, headBytes); err != nil {
		return facts, false, err
	}
	return facts, true, nil
}

// InspectHead returns the stored object's size and its first headBytes
// bytes, without its SHA-256: one HEAD and one ranged GET, whatever the
// object's size (a completion whose fingerprint is computed later).
func (s *Store) InspectHead(ctx context.Context, key string, headBytes int) (domain.ObjectFacts, error) {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	meta, err := s.client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &s.bucket, Key: &key})
	if err != nil {
		return domain.ObjectFacts{}, mapErr(err, "head object")
	}
	facts := domain.ObjectFacts{Size: aws.ToInt64(meta.ContentLength)}
	facts.Head, err = s.readHead(ctx, key, facts.Size, headBytes)
	return facts, err
}

// readHead reads the first headBytes bytes of an object of size bytes.
func (s *Store) readHead(ctx context.Context, key string, size int64, headBytes int) ([]byte, error) {
	if headBytes <= 0 || size <= 0 {
		return nil, nil
	}
	out, err := s.client.GetObject(ctx, &s3.GetObjectInput{Bucket: &s.bucket, Key: &key,
		Range: aws.String(fmt.Sprintf("bytes=0-%d", min(int64(headBytes), size)-1))})
	if err != nil {
		return nil, mapErr(err, "get object head")
	}
	defer out.Body.Close()
	head, err := io.ReadAll(io.LimitReader(out.Body, int64(headBytes)))
	if err != nil {
		return nil, mapErr(err, "read object head")
	}
	return head, nil
}

// Digests reads the object back and returns its size, SHA-256 and CRC-32.
// It never takes the checksum the store recorded at upload: `podium
// verify` uses it to find objects whose bytes changed since, and the
// fingerprint job to fingerprint a multipart upload.
func (s *Store) Digests(ctx context.Context, key string) (domain.ObjectFacts, error) {
	return s.readBack(ctx, key, 0)
}

// prefix keeps the first max bytes written to it.
type prefix struct {
	b   []byte
	max int
}

func (p *prefix) Write(b []byte) (int, error) {
	if room := p.max - len(p.b); room > 0 {
		p.b = append(p.b, b[:min(room, len(b))]...)
	}
	return len(b), nil
}

// Delete removes an object (absent objects are fine).
func (s *Store) Delete(ctx context.Context, key string) error {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	_, err := s.client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: &s.bucket, Key: &key})
	if err = mapErr(err, "delete object"); domain.ErrorCode(err) == domain.CodeNotFound {
		return nil
	}
	return err
}

// PresignGet signs a download that the store answers as an attachment of
// type application/octet-stream, whatever the object holds.
func (s *Store) PresignGet(ctx context.Context, key, disposition string, expires time.Duration) (string, error) {
	req, err := s.presign.PresignGetObject(ctx, &s3.GetObjectInput{
		Bucket: &s.bucket, Key: &key,
		ResponseContentDisposition: aws.String(disposition),
		ResponseContentType:        aws.String("application/octet-stream"),
	}, s3.WithPresignExpires(expires))
	if err != nil {
		return "", mapErr(err, "presign get")
	}
	return req.URL, nil
}

// PresignInline signs a GET that the store answers with the given
// Content-Disposition and Content-Type: the entry viewer's link for the
// types it renders in place (the caller decides which those are).
func (s *Store) PresignInline(ctx context.Context, key, disposition, contentType string, expires time.Duration) (string, error) {
	req, err := s.presign.PresignGetObject(ctx, &s3.GetObjectInput{
		Bucket: &s.bucket, Key: &key,
		ResponseContentDisposition: aws.String(disposition),
		ResponseContentType:        aws.String(contentType),
	}, s3.WithPresignExpires(expires))
	if err != nil {
		return "", mapErr(err, "presign inline get")
	}
	return req.URL, nil
}

// Put stores a small object (exports, tests).
func (s *Store) Put(ctx context.Context, key string, body io.Reader, size int64) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	_, err := s.client.PutObject(ctx, &s3.PutObjectInput{Bucket: &s.bucket, Key: &key, Body: body, ContentLength: aws.Int64(size)})
	return mapErr(err, "put object")
}
