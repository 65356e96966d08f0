package jobs

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/podium-contests/podium/server/domain"
)

type exportArgs struct {
	ExportID string `json:"export_id"`
}

func (exportArgs) Kind() string { return "export" }

// InsertOpts puts exports on their own queue; one job per export.
func (exportArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queueExports, MaxAttempts: 3, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// exportWorker builds an export. A retried job starts the export over; the
// export is marked failed on the last attempt, or at once when retrying
// cannot help (a file that no longer matches its receipt).
type exportWorker struct {
	river.WorkerDefaults[exportArgs]
	exports *domain.Exports
	log     *slog.Logger
}

func (w *exportWorker) Timeout(*river.Job[exportArgs]) time.Duration { return exportTimeout }

func (w *exportWorker) Work(ctx context.Context, job *river.Job[exportArgs]) error {
	err := w.exports.Run(ctx, job.Args.ExportID)
	if err == nil {
		return nil
	}
	if errors.Is(err, domain.ErrExportWaits) {
		// Without using an attempt: the contest's running export finishes first.
		return river.JobSnooze(exportWait)
	}
	w.log.Error("export failed", "export", job.Args.ExportID, "attempt", job.Attempt, "err", err)
	if permanent(err) || job.Attempt >= job.MaxAttempts {
		if ferr := w.exports.Fail(context.WithoutCancel(ctx), job.Args.ExportID, err); ferr != nil {
			return ferr
		}
		return river.JobCancel(err)
	}
	return err
}

// exportWait is how long an export waits before trying again while another
// export of its contest runs.
const exportWait = 5 * time.Second

// expireBatch bounds the exports one expiry run deletes; the next run takes
// the rest.
const expireBatch = 500

type expireArgs struct{}

func (expireArgs) Kind() string { return "export_expiry" }

// expireWorker deletes exports older than the TTL, objects and rows.
type expireWorker struct {
	river.WorkerDefaults[expireArgs]
	exports *domain.Exports
	ttl     time.Duration
	log     *slog.Logger
}

func (w *expireWorker) Work(ctx context.Context, _ *river.Job[expireArgs]) error {
	n, err := w.exports.Expire(ctx, time.Now().Add(-w.ttl), expireBatch)
	if n > 0 {
		w.log.Info("old exports deleted", "count", n, "ttl", w.ttl.String())
	}
	return err
}
