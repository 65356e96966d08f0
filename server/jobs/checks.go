package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"github.com/podium-contests/podium/server/domain"
)

type fileCheckArgs struct {
	FileID string `json:"file_id"`
}

func (fileCheckArgs) Kind() string { return "file_check" }

// InsertOpts: one check per file (its bytes never change; a retried
// completion queues none twice).
func (fileCheckArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 5, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// fileCheckWorker runs the entry check of one stored file
// (domain.FileChecker): PDF facts and rules, identity in a blind contest,
// duplicates across teams.
type fileCheckWorker struct {
	river.WorkerDefaults[fileCheckArgs]
	checker *domain.FileChecker
}

// Timeout bounds one check: reading a PDF of domain.MaxCheckedPDF bytes
// from the bucket and parsing it.
func (w *fileCheckWorker) Timeout(*river.Job[fileCheckArgs]) time.Duration { return 2 * time.Minute }

func (w *fileCheckWorker) Work(ctx context.Context, job *river.Job[fileCheckArgs]) error {
	err := w.checker.Check(ctx, job.Args.FileID)
	if permanent(err) {
		return river.JobCancel(err)
	}
	return err
}

// EnqueueFileCheck implements domain.CheckQueue.
func (r *Runner) EnqueueFileCheck(ctx context.Context, fileID string) error {
	_, err := r.Client.Insert(ctx, fileCheckArgs{FileID: fileID}, nil)
	return err
}
