package jobs

import (
	"context"
	"errors"
	"time"

	"github.com/riverqueue/river"

	"github.com/podium-contests/podium/server/domain"
)

// fingerprintArgs: the declared SHA-256 lives in the job only, since the
// file's own is empty until the job records the stored object's.
type fingerprintArgs struct {
	FileID   string `json:"file_id"`
	Declared string `json:"declared"`
}

func (fingerprintArgs) Kind() string { return "file_fingerprint" }

// InsertOpts: one fingerprint per file (a retried completion queues none
// twice); River's default attempts, since the file's receipt waits for it.
func (fingerprintArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// fingerprintWorker computes the SHA-256 of a completed multipart upload
// and then runs its entry check (domain.FileChecker.Fingerprint).
type fingerprintWorker struct {
	river.WorkerDefaults[fingerprintArgs]
	checker *domain.FileChecker
}

// Timeout bounds reading the whole object back (the blob store's own
// bound on a hash) and the check after it.
func (w *fingerprintWorker) Timeout(*river.Job[fingerprintArgs]) time.Duration {
	return 35 * time.Minute
}

func (w *fingerprintWorker) Work(ctx context.Context, job *river.Job[fingerprintArgs]) error {
	err := w.checker.Fingerprint(ctx, job.Args.FileID, job.Args.Declared)
	switch {
	case errors.Is(err, domain.ErrNotStoredYet):
		// Queued just before the completion stored the file (or the
		// completion failed, and the cleanup job will abandon the upload).
		return river.JobSnooze(min(time.Duration(job.Attempt)*5*time.Second, 10*time.Minute))
	case permanent(err):
		return river.JobCancel(err)
	}
	return err
}

// EnqueueFingerprint implements domain.FingerprintQueue.
func (r *Runner) EnqueueFingerprint(ctx context.Context, fileID, declared string) error {
	_, err := r.Client.Insert(ctx, fingerprintArgs{FileID: fileID, Declared: declared}, nil)
	return err
}
