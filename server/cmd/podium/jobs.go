package main

import (
	"context"
	"os/exec"

	"github.com/podium-contests/podium/server/blob"
	"github.com/podium-contests/podium/server/domain"
	"github.com/podium-contests/podium/server/jobs"
	"github.com/podium-contests/podium/server/mediafacts"
	"github.com/podium-contests/podium/server/pdffacts"
)

// startJobs starts the background jobs (River) and returns the export
// and certificate services wired to them. The jobs run on their own context: serve stops
// them after the HTTP server, which may still be queueing work.
func (a *app) startJobs(ctx context.Context, contests *domain.Contests, b *blob.Store) (*jobs.Runner, *domain.Exports, *domain.Certificates, error) {
	exports := &domain.Exports{Contests: contests, Rounds: a.store, Store: a.store, Blob: b}
	certs := a.certificates(contests, b)
	checker := &domain.FileChecker{Contests: contests, Store: a.store, Objects: b, ReadPDF: pdffacts.Read,
		BlindPDF: pdffacts.BlindCopy, Writer: b,
		ProbeMedia: mediafacts.Prober{Path: a.cfg.FFprobe}.Probe}
	if _, err := exec.LookPath(a.cfg.FFprobe); err != nil {
		a.log.Warn("ffprobe not found: videos and recordings will not be checked (install Debian's ffmpeg or set PODIUM_FFPROBE)", "ffprobe", a.cfg.FFprobe)
	}
	runner, err := jobs.Start(context.WithoutCancel(ctx), jobs.Deps{
		DB: a.store.DB().DB, Store: a.store, Contests: contests, Exports: exports, Checker: checker, Certificates: certs, Log: a.log,
		Judging: &domain.Judging{Contests: contests, Store: a.store, Final: a.store}, CleanupEvery: a.cfg.UploadCleanupEvery, ExportTTL: a.cfg.ExportTTL,
		Mail: jobs.MailConfig{Addr: a.cfg.SMTPAddr, From: a.cfg.SMTPFrom, User: a.cfg.SMTPUser, Pass: a.cfg.SMTPPass, Rate: a.cfg.SMTPRate, Dev: a.cfg.Dev},
	})
	if err != nil {
		return nil, nil, nil, err
	}
	exports.Queue, certs.Queue = runner, runner
	contests.Checks, contests.CheckStore, contests.Fingerprints = runner, a.store, runner
	return runner, exports, certs, nil
}
