package jobs

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/podium-contests/podium/server/domain"
)

type certificatesArgs struct {
	RunID string `json:"run_id"`
}

func (certificatesArgs) Kind() string { return "certificates" }

// InsertOpts puts generations on the exports queue (long, CPU-heavy work
// that must not delay e-mails); one job per run.
func (certificatesArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queueExports, MaxAttempts: 3, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// certificatesWorker generates a run's certificates. A retried job renders
// them all again (codes are kept); the run is marked failed on the last
// attempt, or at once when retrying cannot help.
type certificatesWorker struct {
	river.WorkerDefaults[certificatesArgs]
	certs *domain.Certificates
	log   *slog.Logger
}

func (w *certificatesWorker) Timeout(*river.Job[certificatesArgs]) time.Duration {
	return exportTimeout
}

func (w *certificatesWorker) Work(ctx context.Context, job *river.Job[certificatesArgs]) error {
	err := w.certs.Run(ctx, job.Args.RunID)
	if err == nil {
		return nil
	}
	if errors.Is(err, domain.ErrCertificatesWait) {
		return river.JobSnooze(exportWait)
	}
	w.log.Error("certificate generation failed", "run", job.Args.RunID, "attempt", job.Attempt, "err", err)
	if permanent(err) || job.Attempt >= job.MaxAttempts {
		if ferr := w.certs.Fail(context.WithoutCancel(ctx), job.Args.RunID, err); ferr != nil {
			return ferr
		}
		return river.JobCancel(err)
	}
	return err
}

// EnqueueCertificates implements domain.CertificateQueue.
func (r *Runner) EnqueueCertificates(ctx context.Context, runID string) error {
	_, err := r.Client.Insert(ctx, certificatesArgs{RunID: runID}, nil)
	return err
}
