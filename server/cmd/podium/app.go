package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/podium-contests/podium/server/blob"
	"github.com/podium-contests/podium/server/config"
	"github.com/podium-contests/podium/server/domain"
	"github.com/podium-contests/podium/server/internal/ratelimit"
	"github.com/podium-contests/podium/server/store"
)

// app holds the pieces every command shares.
type app struct {
	cfg      config.Config
	log      *slog.Logger
	store    *store.Store
	accounts *domain.Accounts
}

func newLogger(level string) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level))
	return slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: l}))
}

// openApp loads the config, migrates the database (under goose's lock, so
// replicas may start together) and opens the store.
func openApp(ctx context.Context) (*app, error) {
	cfg, err := config.Load(nil)
	if err != nil {
		return nil, err
	}
	log := newLogger(cfg.LogLevel)
	if err := migrateURL(ctx, cfg.DatabaseSessionURL, log); err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, cfg.DatabaseURL, store.Options{MaxOpenConns: cfg.DBMaxOpenConns, MaxIdleConns: cfg.DBMaxIdleConns, Unprepared: !cfg.DBPrepared, CustomPlans: !cfg.DBGenericPlans})
	if err != nil {
		return nil, err
	}
	// One limiter for every throttle of this replica (counters in memory).
	limiter := ratelimit.New()
	accounts := &domain.Accounts{Store: st, Limiter: limiter, Rates: cfg.Rates, Idle: cfg.SessionIdle, Absolute: cfg.SessionAbsolute,
		TokenTTL: cfg.TokenTTL, PublicURL: cfg.PublicURL}
	return &app{cfg: cfg, log: log, store: st, accounts: accounts}, nil
}

func migrateURL(ctx context.Context, url string, log *slog.Logger) error {
	db, err := store.OpenRaw(url)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	return store.Migrate(ctx, db, log)
}

func migrate(ctx context.Context) error {
	a, err := openApp(ctx)
	if err != nil {
		return err
	}
	a.store.Close()
	a.log.Info("database is up to date")
	return nil
}

// openBlob connects to the bucket, creating it and its CORS rule when the
// configuration asks for it.
func (a *app) openBlob(ctx context.Context) (*blob.Store, error) {
	b, err := blob.New(ctx, blob.Config{
		Endpoint: a.cfg.S3Endpoint, Region: a.cfg.S3Region, Bucket: a.cfg.S3Bucket,
		AccessKey: a.cfg.S3AccessKey, SecretKey: a.cfg.S3SecretKey, PathStyle: a.cfg.S3PathStyle,
		TrustChecksums: a.cfg.S3TrustChecksums,
	})
	if err != nil {
		return nil, err
	}
	if a.cfg.S3AutoCreate {
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		if err := b.EnsureBucket(ctx, []string{a.cfg.PublicURL}, a.log); err != nil {
			return nil, fmt.Errorf("prepare bucket (set PODIUM_S3_AUTO_CREATE=false to manage it yourself): %w", err)
		}
	}
	return b, nil
}

// contests builds the contest service on the store and the bucket.
func (a *app) contests(b *blob.Store) *domain.Contests {
	return &domain.Contests{Store: a.store, Teams: a.store, Subs: a.store, Blob: b, Limiter: a.accounts.Limiter, Uploads: a.cfg.Uploads, Mail: a.store, PublicURL: a.cfg.PublicURL,
		RoleLinks: a.store, Retention: a.store}
}

// judging builds the judging service on the contest service.
func (a *app) judging(contests *domain.Contests) *domain.Judging {
	return &domain.Judging{Contests: contests, Store: a.store, Final: a.store}
}
