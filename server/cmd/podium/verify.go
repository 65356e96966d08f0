package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"text/tabwriter"

	"github.com/podium-contests/podium/server/blob"
	"github.com/podium-contests/podium/server/domain"
	"github.com/podium-contests/podium/server/store"
)

// submissionPrefixes are where submission files live in the bucket (opaque
// keys, and the older keys named after contest and team); exports live
// elsewhere and are not checked.
var submissionPrefixes = []string{domain.ObjectKeyPrefix, domain.LegacyObjectKeyPrefix}

// Kinds of inconsistency `podium verify` reports.
const (
	problemMissing = "missing"         // a stored file's object is gone
	problemSize    = "size_mismatch"   // its size differs from the database
	problemSHA256  = "sha256_mismatch" // its content differs from the database
	problemOrphan  = "orphan"          // an object no submission file knows
)

// problem is one inconsistency between the database and the bucket.
type problem struct {
	Problem      string `json:"problem"`
	Key          string `json:"key"`
	FileID       string `json:"file_id,omitempty"`
	Status       string `json:"status,omitempty"`
	DBSize       int64  `json:"db_size,omitempty"`
	BucketSize   int64  `json:"bucket_size,omitempty"`
	DBSHA256     string `json:"db_sha256,omitempty"`
	BucketSHA256 string `json:"bucket_sha256,omitempty"`
}

// verifySummary counts what was checked.
type verifySummary struct {
	Files    int `json:"files_checked"`
	Objects  int `json:"objects_listed"`
	Hashed   int `json:"objects_hashed"`
	Problems int `json:"problems"`
}

// errInconsistent makes `podium verify` exit with status 1.
var errInconsistent = errors.New("the database and the bucket disagree")

// verify checks that every stored submission file is in the bucket with its
// recorded size and SHA-256, and that the bucket holds no object under
// the submission prefixes that no submission file knows. It is read-only.
func verify(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	format := fs.String("format", "json", "output: json (one JSON object per line) or table")
	quick := fs.Bool("quick", false, "compare sizes only; skip reading every object to hash it")
	workers := fs.Int("workers", 4, "objects hashed in parallel")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *format != "json" && *format != "table" {
		return fmt.Errorf("--format must be json or table")
	}
	a, err := openApp(ctx)
	if err != nil {
		return err
	}
	defer a.store.Close()
	a.cfg.S3AutoCreate = false // only read: never create a bucket or change its rules
	b, err := a.openBlob(ctx)
	if err != nil {
		return err
	}
	problems, sum, err := checkConsistency(ctx, a.store, b, *quick, max(*workers, 1))
	if err != nil {
		return err
	}
	if err := report(stdout, *format, problems, sum); err != nil {
		return err
	}
	if sum.Problems > 0 {
		return fmt.Errorf("%w: %d problems", errInconsistent, sum.Problems)
	}
	return nil
}

// checkConsistency compares the submission_files rows with the bucket.
// Problems are sorted by key.
func checkConsistency(ctx context.Context, st *store.Store, b *blob.Store, quick bool, workers int) ([]problem, verifySummary, error) {
	var sum verifySummary
	records, err := st.FileRecords(ctx)
	if err != nil {
		return nil, sum, err
	}
	byKey := make(map[string]store.FileRecord, len(records))
	for _, r := range records {
		byKey[r.ObjectKey] = r
	}
	var problems []problem
	found := map[string]bool{}
	var toHash []store.FileRecord
	list := func(fn func(blob.ObjectInfo) error) error {
		for _, prefix := range submissionPrefixes {
			if err := b.List(ctx, prefix, fn); err != nil {
				return err
			}
		}
		return nil
	}
	err = list(func(o blob.ObjectInfo) error {
		sum.Objects++
		r, known := byKey[o.Key]
		switch {
		case !known:
			problems = append(problems, problem{Problem: problemOrphan, Key: o.Key, BucketSize: o.Size})
		case !mustExist(r.Status):
			// A pending upload, or a rejected or abandoned one whose object
			// the cleanup job has yet to remove: not part of any submission.
		case o.Size != r.Size:
			found[o.Key] = true
			problems = append(problems, problem{Problem: problemSize, Key: o.Key, FileID: r.ID, Status: r.Status, DBSize: r.Size, BucketSize: o.Size})
		default:
			found[o.Key] = true
			if !quick {
				toHash = append(toHash, r)
			}
		}
		return nil
	})
	if err != nil {
		return nil, sum, err
	}
	for _, r := range records {
		if mustExist(r.Status) {
			sum.Files++
			if !found[r.ObjectKey] {
				problems = append(problems, problem{Problem: problemMissing, Key: r.ObjectKey, FileID: r.ID, Status: r.Status, DBSize: r.Size})
			}
		}
	}
	hashed, err := hashAll(ctx, b, toHash, workers)
	if err != nil {
		return nil, sum, err
	}
	problems = append(problems, hashed...)
	sum.Hashed = len(toHash)
	sum.Problems = len(problems)
	sort.Slice(problems, func(i, j int) bool { return problems[i].Key < problems[j].Key })
	return problems, sum, nil
}

// mustExist reports whether a file in this state must be in the bucket.
func mustExist(status string) bool {
	return status == domain.FileStored || status == domain.FileReplaced
}

// hashAll hashes the objects with a few workers and reports mismatches. An
// object that vanished meanwhile is reported missing.
func hashAll(ctx context.Context, b *blob.Store, records []store.FileRecord, workers int) ([]problem, error) {
	var (
		mu       sync.Mutex
		problems []problem
		firstErr error
		wg       sync.WaitGroup
	)
	work := make(chan store.FileRecord)
	for range workers {
		wg.Go(func() {
			for r := range work {
				facts, err := b.Digests(ctx, r.ObjectKey)
				got := facts.SHA256
				mu.Lock()
				switch {
				case domain.ErrorCode(err) == domain.CodeNotFound:
					problems = append(problems, problem{Problem: problemMissing, Key: r.ObjectKey, FileID: r.ID, Status: r.Status, DBSize: r.Size})
				case err != nil:
					if firstErr == nil {
						firstErr = fmt.Errorf("hash %s: %w", r.ObjectKey, err)
					}
				case r.SHA256 == "":
					// Its fingerprint is pending: the fingerprint job records it.
				case got != r.SHA256:
					problems = append(problems, problem{Problem: problemSHA256, Key: r.ObjectKey, FileID: r.ID, Status: r.Status, DBSHA256: r.SHA256, BucketSHA256: got})
				}
				mu.Unlock()
			}
		})
	}
	for _, r := range records {
		work <- r
	}
	close(work)
	wg.Wait()
	return problems, firstErr
}

// report prints the problems and a summary, as JSON lines or a table.
func report(w io.Writer, format string, problems []problem, sum verifySummary) error {
	if format == "json" {
		enc := json.NewEncoder(w)
		for _, p := range problems {
			if err := enc.Encode(p); err != nil {
				return err
			}
		}
		return enc.Encode(map[string]verifySummary{"summary": sum})
	}
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "PROBLEM\tKEY\tFILE\tDETAIL")
	for _, p := range problems {
		var detail []string
		if p.Problem == problemSize {
			detail = append(detail, fmt.Sprintf("database %d bytes, bucket %d", p.DBSize, p.BucketSize))
		}
		if p.Problem == problemSHA256 {
			detail = append(detail, fmt.Sprintf("database %s, bucket %s", p.DBSHA256, p.BucketSHA256))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", p.Problem, p.Key, p.FileID, strings.Join(detail, ""))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%d files checked, %d objects listed, %d hashed, %d problems\n", sum.Files, sum.Objects, sum.Hashed, sum.Problems)
	return err
}
