package main

import (
	"context"
	"errors"
	"io/fs"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/podium-contests/podium/frontend"
	"github.com/podium-contests/podium/server/api"
	"github.com/podium-contests/podium/server/store"
)

func serve(ctx context.Context) error {
	a, err := openApp(ctx)
	if err != nil {
		return err
	}
	defer a.store.Close()
	b, err := a.openBlob(ctx)
	if err != nil {
		return err
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewDBStatsCollector(a.store.DB().DB, "podium"))
	dist, err := fs.Sub(frontend.Dist, "dist")
	if err != nil {
		return err
	}
	contests := a.contests(b)
	runner, exports, err := a.startJobs(ctx, contests, b)
	if err != nil {
		return err
	}
	events := api.NewEvents()
	if err := store.ListenProgress(ctx, a.cfg.DatabaseSessionURL, a.log, events.Publish); err != nil {
		return err
	}
	if err := a.store.ListenSessions(ctx, a.cfg.DatabaseSessionURL, a.log); err != nil {
		return err
	}
	srv := api.New(api.Deps{
		Config: a.cfg, Log: a.log, Accounts: a.accounts, Contests: contests, Exports: exports, Judging: a.judging(contests),
		ProgressStore: a.store, Events: events, JudgeFileAccess: a.store.JudgeCanReadFile,
		Database: a.store, Blob: b, Registry: reg, Frontend: dist,
	})
	errc := make(chan error, 1)
	go func() { errc <- srv.Listen(a.cfg.Addr) }()
	a.log.Info("podium is serving", "addr", a.cfg.Addr, "public_url", a.cfg.PublicURL, "dev", a.cfg.Dev)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	a.log.Info("shutting down", "grace", a.cfg.ShutdownGrace)
	events.Close()
	if err := srv.ShutdownWithTimeout(a.cfg.ShutdownGrace); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), a.cfg.ShutdownGrace)
	defer cancel()
	return runner.Stop(stopCtx)
}
