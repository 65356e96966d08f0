package jobs

import (
	"context"
	"log/slog"

	"github.com/riverqueue/river"

	"github.com/podium-contests/podium/server/domain"
	"github.com/podium-contests/podium/server/store"
)

// cleanupBatch bounds the uploads one cleanup run removes; the next run
// takes the rest.
const cleanupBatch = 500

type cleanupArgs struct{}

func (cleanupArgs) Kind() string { return "upload_cleanup" }

// cleanupWorker removes the objects of abandoned uploads and of replaced
// files no version includes (domain.Contests.CleanupUploads; the guarantee
// on stores without lifecycle rules). River retries a run that failed; what
// it did not reach waits for the next run.
type cleanupWorker struct {
	river.WorkerDefaults[cleanupArgs]
	contests *domain.Contests
	log      *slog.Logger
}

func (w *cleanupWorker) Work(ctx context.Context, _ *river.Job[cleanupArgs]) error {
	n, err := w.contests.CleanupUploads(ctx, cleanupBatch)
	if n > 0 {
		w.log.Info("unneeded upload objects removed", "count", n)
	}
	return err
}

type pruneArgs struct{}

func (pruneArgs) Kind() string { return "prune_expired" }

// pruneWorker deletes expired sessions and old rate-limit windows.
type pruneWorker struct {
	river.WorkerDefaults[pruneArgs]
	store *store.Store
}

func (w *pruneWorker) Work(ctx context.Context, _ *river.Job[pruneArgs]) error {
	return w.store.PruneExpired(ctx)
}

type retentionArgs struct{}

func (retentionArgs) Kind() string { return "retention_reminders" }

// retentionWorker e-mails the organizers of contests whose retention
// period is over, once per contest (domain.Contests.RemindRetention).
type retentionWorker struct {
	river.WorkerDefaults[retentionArgs]
	contests *domain.Contests
	log      *slog.Logger
}

func (w *retentionWorker) Work(ctx context.Context, _ *river.Job[retentionArgs]) error {
	n, err := w.contests.RemindRetention(ctx)
	if n > 0 {
		w.log.Info("organizers asked to purge after the retention period", "contests", n)
	}
	return err
}

type publishDueArgs struct{}

func (publishDueArgs) Kind() string { return "publish_due_results" }

// publishDueWorker publishes the results whose time, set in advance for a
// ceremony, has come (domain.Judging.PublishDue).
type publishDueWorker struct {
	river.WorkerDefaults[publishDueArgs]
	judging *domain.Judging
	log     *slog.Logger
}

func (w *publishDueWorker) Work(ctx context.Context, _ *river.Job[publishDueArgs]) error {
	n, err := w.judging.PublishDue(ctx)
	if n > 0 {
		w.log.Info("results published at their set time", "contests", n)
	}
	return err
}
