package main

import (
	"context"
	"errors"
	"io/fs"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/podium-contests/podium/frontend"
	"github.com/podium-contests/podium/server/api"
)

// pruneEvery is how often expired sessions and rate-limit windows are deleted.
const pruneEvery = 10 * time.Minute

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
	srv := api.New(api.Deps{
		Config: a.cfg, Log: a.log, Accounts: a.accounts, Contests: a.contests(b),
		Database: a.store, Blob: b, Registry: reg, Frontend: dist,
	})
	go a.pruneLoop(ctx)
	errc := make(chan error, 1)
	go func() { errc <- srv.Listen(a.cfg.Addr) }()
	a.log.Info("podium is serving", "addr", a.cfg.Addr, "public_url", a.cfg.PublicURL, "dev", a.cfg.Dev)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	a.log.Info("shutting down", "grace", a.cfg.ShutdownGrace)
	if err := srv.ShutdownWithTimeout(a.cfg.ShutdownGrace); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return nil
}

func (a *app) pruneLoop(ctx context.Context) {
	t := time.NewTicker(pruneEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := a.store.PruneExpired(ctx); err != nil {
				a.log.Warn("prune expired sessions", "err", err)
			}
		}
	}
}
