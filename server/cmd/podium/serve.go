package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/podium-contests/podium/frontend"
	"github.com/podium-contests/podium/server/api"
	"github.com/podium-contests/podium/server/config"
	"github.com/podium-contests/podium/server/domain"
	"github.com/podium-contests/podium/server/internal/connguard"
	"github.com/podium-contests/podium/server/sso"
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
	runner, exports, certs, err := a.startJobs(ctx, contests, b)
	if err != nil {
		return err
	}
	events := api.NewEvents()
	if err := a.store.ListenProgress(ctx, a.cfg.DatabaseSessionURL, a.log, events.Publish); err != nil {
		return err
	}
	if err := a.store.ListenSessions(ctx, a.cfg.DatabaseSessionURL, a.log); err != nil {
		return err
	}
	judging := a.judging(contests)
	srv := api.New(api.Deps{
		Config: a.cfg, Log: a.log, Accounts: a.accounts, Contests: contests, Exports: exports, Certificates: certs, Judging: judging,
		Live:          &domain.Live{Judging: judging, Store: a.store},
		SSO:           &domain.SSO{Store: a.store, Accounts: a.accounts, Connector: &sso.Connector{}, PublicURL: a.cfg.PublicURL},
		ProgressStore: a.store, Events: events, JudgeFileAccess: a.store.JudgeCanReadFile,
		Database: a.store, Blob: b, Registry: reg, Frontend: dist,
		Privacy: &domain.Privacy{Accounts: a.accounts, Store: a.store, Blob: b},
	})
	ln, err := listen(a.cfg, a.log)
	if err != nil {
		return err
	}
	reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "podium_http_connections_open", Help: "Client connections open on the main address.",
	}, func() float64 { return float64(ln.Open()) }))
	metrics, err := serveMetrics(a.cfg.MetricsAddr, reg, a.log)
	if err != nil {
		return err
	}
	if metrics != nil {
		defer metrics.Close()
	}
	errc := make(chan error, 1)
	go func() { errc <- connguard.Serve(srv, ln) }()
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

// listen opens the main address behind the connection guard, with the
// open-file limit raised to its maximum and the caps sized from it.
func listen(cfg config.Config, log *slog.Logger) (*connguard.Listener, error) {
	files, err := connguard.RaiseFileLimit()
	if err != nil {
		log.Warn("open-file limit", "err", err)
	}
	maxConns, perIP := connguard.DefaultCaps(files, cfg.DBMaxOpenConns, cfg.MaxConns, cfg.MaxConnsPerIP)
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("listen on PODIUM_ADDR %s: %w", cfg.Addr, err)
	}
	log.Info("connection caps", "open_file_limit", files, "max_conns", maxConns, "max_conns_per_ip", perIP)
	trusted := cfg.TrustedProxies
	return connguard.New(ln, connguard.Options{
		MaxConns: maxConns, MaxConnsPerIP: perIP, Log: log,
		Exempt: func(a netip.Addr) bool {
			for _, p := range trusted {
				if p.Contains(a) {
					return true
				}
			}
			return false
		},
	}), nil
}

// serveMetrics serves /metrics on addr (nothing when addr is empty); it
// runs until the returned server is closed.
func serveMetrics(addr string, reg *prometheus.Registry, log *slog.Logger) (*http.Server, error) {
	if addr == "" {
		return nil, nil
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on PODIUM_METRICS_ADDR %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", api.MetricsHandler(reg))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: time.Minute}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics server stopped", "addr", addr, "err", err)
		}
	}()
	log.Info("metrics served", "addr", addr)
	return srv, nil
}
