// Package jobs runs Podium's background work on River, through its
// database/sql driver on pgx's stdlib in polling mode (no LISTEN/NOTIFY, so it
// also works behind a transaction-mode pooler). River's tables are migrated
// by store.Migrate. Every replica runs a client; River elects one leader
// that enqueues the periodic jobs, and any replica may work any job.
//
// Jobs:
//   - outbox_scan (periodic) queues one outbox_deliver job per bucket of 50
//     outbox ids holding unsent e-mails; outbox_deliver sends them by SMTP
//     (or logs them in dev) under their row locks, so each e-mail goes out
//     once, and River retries a bucket with failures with backoff.
//   - upload_cleanup (periodic) removes the objects of abandoned uploads and
//     of replaced files that no version includes (Contests.CleanupUploads).
//   - prune_expired (periodic) deletes expired sessions (and the rate-limit
//     windows of earlier releases).
//   - export builds an organizer's CSV or ZIP export, streaming it to the
//     bucket. A contest runs one export at a time: a second one waits (its job
//     is snoozed, which uses no attempt), so the export workers are shared
//     between contests instead of going to whichever asked for the most.
//   - file_check runs the entry check of an upload once it is completed
//     (domain.FileChecker): a PDF's pages, metadata and text against the
//     slot's rules, the team's identity in a blind contest, the same file
//     submitted by another team.
//   - file_fingerprint computes the SHA-256 of a completed multipart upload
//     (read back from the bucket), records it, then runs its entry check;
//     the upload's completion does not wait for it.
//   - certificates generates a contest's certificates (domain.Certificates):
//     renders each PDF and stores it in the bucket, with progress; on the
//     exports queue, one run per contest at a time.
//   - export_expiry (periodic) deletes exports older than the TTL
//     (PODIUM_EXPORT_TTL): the object in the bucket, then the row.
package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"

	"github.com/podium-contests/podium/server/domain"
	"github.com/podium-contests/podium/server/store"
)

// Default intervals of the periodic jobs.
const (
	DefaultOutboxEvery  = 5 * time.Second
	DefaultCleanupEvery = 5 * time.Minute
	DefaultPruneEvery   = 10 * time.Minute
	// DefaultRetentionEvery: organizers are asked to purge within hours of
	// their retention period ending.
	DefaultRetentionEvery = 6 * time.Hour
	DefaultExpireEvery    = time.Hour
	// DefaultPublishEvery: results set to go out at a time go out within it.
	DefaultPublishEvery = 30 * time.Second
	DefaultExportTTL    = 7 * 24 * time.Hour
)

// Queue names: exports get their own, small queue so that a long export
// never delays e-mails, and e-mail deliveries theirs, so that deliveries
// waiting for their turn (PODIUM_SMTP_RATE) never hold up the other jobs.
const (
	queueExports  = "exports"
	queueMail     = "mail"
	exportTimeout = 3 * time.Hour
)

// Deps is what the jobs need. Zero intervals take the defaults.
type Deps struct {
	DB       *sql.DB // the pool River works through
	Store    *store.Store
	Contests *domain.Contests
	Exports  *domain.Exports
	// Certificates generates certificates (optional: no worker without it).
	Certificates *domain.Certificates
	// Checker runs entry checks (optional: no file_check or file_fingerprint
	// worker without it).
	Checker *domain.FileChecker
	// Judging publishes results at the time set for a ceremony (optional:
	// no such job without it).
	Judging *domain.Judging
	Mail    MailConfig
	Log     *slog.Logger

	OutboxEvery  time.Duration
	CleanupEvery time.Duration
	PruneEvery   time.Duration
	ExpireEvery  time.Duration
	// RetentionEvery is how often contests past their retention period
	// are looked for (default DefaultRetentionEvery).
	RetentionEvery time.Duration
	// PublishEvery is how often results due for publication are looked
	// for (default DefaultPublishEvery).
	PublishEvery time.Duration
	// ExportTTL is how long finished exports are kept (default 7 days).
	ExportTTL time.Duration
	// PollInterval is how often idle workers look for new jobs (default 1s).
	PollInterval time.Duration
	// TestOnly drops River's start-up jitter; for tests only.
	TestOnly bool
}

// Runner is a started River client; it also queues exports for the domain.
type Runner struct {
	Client *river.Client[*sql.Tx]
}

// Start registers the workers and periodic jobs and starts working. Stop
// the runner with Stop before closing the database.
func Start(ctx context.Context, d Deps) (*Runner, error) {
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, &outboxScanWorker{store: d.Store, mail: d.Mail, log: d.Log})
	river.AddWorker(workers, &deliverWorker{store: d.Store, sender: newSender(d.Mail, d.Log), pace: newPacer(d.Mail.Rate)})
	river.AddWorker(workers, &cleanupWorker{contests: d.Contests, log: d.Log})
	river.AddWorker(workers, &pruneWorker{store: d.Store})
	river.AddWorker(workers, &retentionWorker{contests: d.Contests, log: d.Log})
	river.AddWorker(workers, &exportWorker{exports: d.Exports, log: d.Log})
	if d.Checker != nil {
		river.AddWorker(workers, &fileCheckWorker{checker: d.Checker})
		river.AddWorker(workers, &fingerprintWorker{checker: d.Checker})
	}
	if d.Certificates != nil {
		river.AddWorker(workers, &certificatesWorker{certs: d.Certificates, log: d.Log})
	}
	if d.Judging != nil {
		river.AddWorker(workers, &publishDueWorker{judging: d.Judging, log: d.Log})
	}
	if d.ExportTTL <= 0 {
		d.ExportTTL = DefaultExportTTL
	}
	river.AddWorker(workers, &expireWorker{exports: d.Exports, ttl: d.ExportTTL, log: d.Log})

	periodic := func(every, def time.Duration, args river.JobArgs) *river.PeriodicJob {
		if every <= 0 {
			every = def
		}
		return river.NewPeriodicJob(river.PeriodicInterval(every),
			func() (river.JobArgs, *river.InsertOpts) { return args, nil },
			&river.PeriodicJobOpts{RunOnStart: true})
	}
	cooldown := time.Duration(0) // River's default
	if d.PollInterval > 0 && d.PollInterval < river.FetchCooldownDefault {
		cooldown = d.PollInterval
	}
	periodicJobs := []*river.PeriodicJob{
		periodic(d.OutboxEvery, DefaultOutboxEvery, outboxScanArgs{}),
		periodic(d.CleanupEvery, DefaultCleanupEvery, cleanupArgs{}),
		periodic(d.PruneEvery, DefaultPruneEvery, pruneArgs{}),
		periodic(d.RetentionEvery, DefaultRetentionEvery, retentionArgs{}),
	}
	if d.Exports != nil {
		periodicJobs = append(periodicJobs, periodic(d.ExpireEvery, DefaultExpireEvery, expireArgs{}))
	}
	if d.Judging != nil {
		periodicJobs = append(periodicJobs, periodic(d.PublishEvery, DefaultPublishEvery, publishDueArgs{}))
	}
	client, err := river.NewClient(riverdatabasesql.New(d.DB), &river.Config{
		PollOnly:          true,
		FetchPollInterval: d.PollInterval,
		FetchCooldown:     cooldown,
		Logger:            quiet(d.Log),
		Queues: map[string]river.QueueConfig{
			river.QueueDefault: {MaxWorkers: 4},
			queueExports:       {MaxWorkers: 2},
			queueMail:          {MaxWorkers: 4},
		},
		Workers:      workers,
		PeriodicJobs: periodicJobs,
		// An export may run for hours; a job is only taken for stuck (its
		// replica died) well after the longest allowed run.
		RescueStuckJobsAfter: exportTimeout + time.Hour,
		TestOnly:             d.TestOnly,
	})
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	if err := client.Start(ctx); err != nil {
		return nil, fmt.Errorf("jobs: start: %w", err)
	}
	return &Runner{Client: client}, nil
}

// Stop lets running jobs finish until ctx ends, then cancels them.
func (r *Runner) Stop(ctx context.Context) error {
	err := r.Client.Stop(ctx)
	if err != nil {
		return r.Client.StopAndCancel(context.WithoutCancel(ctx))
	}
	return nil
}

// EnqueueExport implements domain.ExportQueue.
func (r *Runner) EnqueueExport(ctx context.Context, exportID string) error {
	_, err := r.Client.Insert(ctx, exportArgs{ExportID: exportID}, nil)
	return err
}

// permanent reports errors that a retry cannot fix.
func permanent(err error) bool {
	switch domain.ErrorCode(err) {
	case domain.CodeInvalid, domain.CodeConflict, domain.CodeNotFound:
		return true
	}
	return false
}

// quiet keeps River's own chatter (a job-count line every few seconds) out
// of the logs unless it is a warning or worse.
func quiet(log *slog.Logger) *slog.Logger {
	return slog.New(minLevel{Handler: log.Handler(), min: slog.LevelWarn})
}

// minLevel drops records below min.
type minLevel struct {
	slog.Handler
	min slog.Level
}

func (h minLevel) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.min && h.Handler.Enabled(ctx, l)
}

func (h minLevel) WithAttrs(attrs []slog.Attr) slog.Handler {
	return minLevel{Handler: h.Handler.WithAttrs(attrs), min: h.min}
}

func (h minLevel) WithGroup(name string) slog.Handler {
	return minLevel{Handler: h.Handler.WithGroup(name), min: h.min}
}
