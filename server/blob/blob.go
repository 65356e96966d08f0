// Package blob stores submission files in any S3-compatible object store
// (AWS S3, R2, SeaweedFS, Ceph, MinIO, versitygw). The application never
// carries file bytes itself: browsers upload to presigned URLs and download
// from presigned URLs; this package signs them and inspects what was stored.
package blob

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
)

// Config locates the bucket.
type Config struct {
	Endpoint  string // empty for AWS
	Region    string
	Bucket    string
	AccessKey string // empty to use the AWS default credential chain
	SecretKey string
	PathStyle bool
	// TrustChecksums says that the store verifies an upload's
	// x-amz-checksum-sha256 and refuses bytes that do not match it, as AWS
	// S3, MinIO, Ceph RGW and versitygw do. Inspect then takes the SHA-256
	// of an object uploaded with one from the store instead of reading the
	// object back. Leave it false for a store that does not verify.
	TrustChecksums bool
}

// Store is a bucket with a client and a presigner.
type Store struct {
	client         *s3.Client
	presign        *s3.PresignClient
	bucket         string
	trustChecksums bool
}

// New builds a client. Checksums are sent only when an operation requires
// them: stores other than AWS reject the SDK's default CRC32 trailers.
func New(ctx context.Context, cfg Config) (*Store, error) {
	awsCfg, err := awsconfig.LoadDefaultConfig(ctx, awsconfig.WithRegion(cfg.Region))
	if err != nil {
		return nil, fmt.Errorf("blob: load AWS config: %w", err)
	}
	if cfg.AccessKey != "" {
		awsCfg.Credentials = credentials.NewStaticCredentialsProvider(cfg.AccessKey, cfg.SecretKey, "")
	}
	client := s3.NewFromConfig(awsCfg, func(o *s3.Options) {
		if cfg.Endpoint != "" {
			o.BaseEndpoint = aws.String(cfg.Endpoint)
		}
		o.UsePathStyle = cfg.PathStyle
		o.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
		o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
	})
	return &Store{client: client, presign: s3.NewPresignClient(client), bucket: cfg.Bucket, trustChecksums: cfg.TrustChecksums}, nil
}

// Bucket names the bucket.
func (s *Store) Bucket() string { return s.bucket }

// Ping checks that the bucket is reachable with our credentials.
func (s *Store) Ping(ctx context.Context) error {
	_, err := s.client.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: &s.bucket})
	if err != nil {
		return fmt.Errorf("blob: head bucket %s: %w", s.bucket, err)
	}
	return nil
}

// rangeHeaders are the response headers the bucket's CORS rule exposes so
// that the app's scripts can read a file by ranges (pdf.js tells from them
// that the store answers ranges); a browser hides them from scripts
// otherwise. Media elements seek without them, and the PDF viewer reads
// whole files today (docs/viewer-and-checks.md says why).
var rangeHeaders = []string{"Accept-Ranges", "Content-Range", "Content-Length"}

// abandonedUploadDays is how long an incomplete multipart upload may linger
// before the store's lifecycle rule (where supported) removes it.
const abandonedUploadDays = 2

// EnsureBucket creates the bucket when it is missing, lets browsers at
// origins upload to it and read from it (CORS: any request header, so Range
// too; ETag exposed for multipart uploads, and the range headers for the entry
// viewer's range requests), and asks the store to abort abandoned multipart
// uploads. Stores without lifecycle support
// (versitygw) only get a warning: the cleanup job is the guarantee.
func (s *Store) EnsureBucket(ctx context.Context, origins []string, log *slog.Logger) error {
	if err := s.Ping(ctx); err != nil {
		_, cerr := s.client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: &s.bucket})
		var owned *types.BucketAlreadyOwnedByYou
		if cerr != nil && !errors.As(cerr, &owned) {
			return fmt.Errorf("blob: create bucket %s: %w", s.bucket, cerr)
		}
		log.Info("bucket created", "bucket", s.bucket)
	}
	_, err := s.client.PutBucketCors(ctx, &s3.PutBucketCorsInput{
		Bucket: &s.bucket,
		CORSConfiguration: &types.CORSConfiguration{CORSRules: []types.CORSRule{{
			AllowedOrigins: origins,
			AllowedMethods: []string{http.MethodGet, http.MethodPut, http.MethodPost, http.MethodHead},
			AllowedHeaders: []string{"*"},
			ExposeHeaders:  append([]string{"ETag"}, rangeHeaders...),
			MaxAgeSeconds:  aws.Int32(3600),
		}}},
	})
	if err != nil {
		return fmt.Errorf("blob: set CORS on %s: %w", s.bucket, err)
	}
	_, err = s.client.PutBucketLifecycleConfiguration(ctx, &s3.PutBucketLifecycleConfigurationInput{
		Bucket: &s.bucket,
		LifecycleConfiguration: &types.BucketLifecycleConfiguration{Rules: []types.LifecycleRule{{
			ID:                             aws.String("podium-abort-abandoned-uploads"),
			Status:                         types.ExpirationStatusEnabled,
			Filter:                         &types.LifecycleRuleFilter{Prefix: aws.String("")},
			AbortIncompleteMultipartUpload: &types.AbortIncompleteMultipartUpload{DaysAfterInitiation: aws.Int32(abandonedUploadDays)},
		}}},
	})
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) && apiErr.ErrorCode() == "NotImplemented" {
		log.Warn("object store has no lifecycle rules; abandoned uploads are removed by the cleanup job only", "bucket", s.bucket)
		return nil
	}
	if err != nil {
		return fmt.Errorf("blob: set lifecycle on %s: %w", s.bucket, err)
	}
	return nil
}
