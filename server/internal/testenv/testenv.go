// Package testenv gives tests the real services that `make test` starts: a
// fresh PostgreSQL database per test, cloned from a migrated template, and a
// fresh bucket on the S3 server. A missing service fails the test loudly; it
// is never skipped.
package testenv

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/podium-contests/podium/migrations"
	"github.com/podium-contests/podium/server/blob"
	"github.com/podium-contests/podium/server/store"
)

// Logger discards logs unless PODIUM_TEST_LOG is set.
func Logger() *slog.Logger {
	if os.Getenv("PODIUM_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return slog.New(slog.DiscardHandler)
}

func mustEnv(t testing.TB, name string) string {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		t.Fatalf("%s is not set: run the tests with `make test`, which starts PostgreSQL and the S3 server", name)
	}
	return v
}

// withDatabase returns url with its database name replaced.
func withDatabase(t testing.TB, raw, name string) string {
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("bad database URL: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

func randomName(prefix string) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

var (
	templateOnce sync.Once
	templateName string
	templateErr  error
)

// migrationsDigest names the template so that a changed migration set (ours
// or River's) gets a new template instead of a stale one.
func migrationsDigest() string {
	h := sha256.New()
	_ = fs.WalkDir(migrations.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := migrations.FS.ReadFile(p)
			h.Write([]byte(p))
			h.Write(b)
		}
		return err
	})
	fmt.Fprintf(h, "river:%d", store.RiverSchemaVersion()) // River's tables are migrated too
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// ensureTemplate migrates the template database once per digest, holding an
// advisory lock so that test packages running in parallel do not race.
func ensureTemplate(ctx context.Context, admin *sqlx.DB, adminURL string) (string, error) {
	name := "podium_tpl_" + migrationsDigest()
	conn, err := admin.Connx(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock(727001)"); err != nil {
		return "", err
	}
	defer conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock(727001)") //nolint:errcheck
	var exists bool
	if err := conn.GetContext(ctx, &exists, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name); err != nil {
		return "", err
	}
	if exists {
		return name, nil
	}
	build := name + "_build"
	if _, err := conn.ExecContext(ctx, "DROP DATABASE IF EXISTS "+build); err != nil {
		return "", err
	}
	if _, err := conn.ExecContext(ctx, "CREATE DATABASE "+build); err != nil {
		return "", err
	}
	u, _ := url.Parse(adminURL)
	u.Path = "/" + build
	db, err := sqlx.Open(store.DriverName, u.String())
	if err != nil {
		return "", err
	}
	err = store.Migrate(ctx, db.DB, Logger())
	db.Close()
	if err != nil {
		return "", err
	}
	if _, err := conn.ExecContext(ctx, "ALTER DATABASE "+build+" RENAME TO "+name); err != nil {
		return "", err
	}
	return name, nil
}

// DatabaseURL creates a fresh migrated database for t, dropped at cleanup.
func DatabaseURL(t testing.TB) string {
	t.Helper()
	return newDatabase(t, true)
}

// EmptyDatabaseURL creates a fresh database without any migration, dropped
// at cleanup: for tests of the migrations themselves (e.g. replicas that
// migrate concurrently at start).
func EmptyDatabaseURL(t testing.TB) string {
	t.Helper()
	return newDatabase(t, false)
}

func newDatabase(t testing.TB, migrated bool) string {
	t.Helper()
	adminURL := mustEnv(t, "PODIUM_TEST_DATABASE_URL")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	admin, err := sqlx.Open(store.DriverName, adminURL)
	if err != nil {
		t.Fatalf("connect to test PostgreSQL: %v", err)
	}
	defer admin.Close()
	create := "CREATE DATABASE %s"
	if migrated {
		templateOnce.Do(func() { templateName, templateErr = ensureTemplate(ctx, admin, adminURL) })
		if templateErr != nil {
			t.Fatalf("prepare template database: %v", templateErr)
		}
		create += " TEMPLATE " + templateName
	}
	name := randomName("podium_t_")
	for attempt := 0; ; attempt++ {
		_, err = admin.ExecContext(ctx, fmt.Sprintf(create, name))
		if err == nil || attempt == 20 || !strings.Contains(err.Error(), "being accessed by other users") {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		a, err := sqlx.Open(store.DriverName, adminURL)
		if err == nil {
			_, _ = a.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
			a.Close()
		}
	})
	return withDatabase(t, adminURL, name)
}

// Store opens a store on a fresh database.
func Store(t testing.TB) *store.Store {
	t.Helper()
	return StoreAt(t, DatabaseURL(t))
}

// StoreAt opens a store on the database at url, closed at cleanup.
func StoreAt(t testing.TB, url string) *store.Store {
	t.Helper()
	return StoreWith(t, url, store.Options{MaxOpenConns: 20, MaxIdleConns: 20})
}

// StoreWith opens a store with opt on the database at url, closed at
// cleanup.
func StoreWith(t testing.TB, url string, opt store.Options) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), url, opt)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// BlobConfig describes a fresh, empty bucket on the test S3 server.
func BlobConfig(t testing.TB) blob.Config {
	t.Helper()
	cfg := blob.Config{
		Endpoint:  mustEnv(t, "PODIUM_S3_ENDPOINT"),
		Region:    os.Getenv("PODIUM_S3_REGION"),
		Bucket:    randomName("podium-t-"),
		AccessKey: mustEnv(t, "PODIUM_S3_ACCESS_KEY"),
		SecretKey: mustEnv(t, "PODIUM_S3_SECRET_KEY"),
		PathStyle: true,
		// versitygw verifies upload checksums (blob's tests prove it).
		TrustChecksums: true,
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	return cfg
}

// Blob opens a fresh bucket, created with its CORS rule.
func Blob(t testing.TB, origins ...string) *blob.Store {
	t.Helper()
	return OpenBlob(t, BlobConfig(t), origins...)
}

// OpenBlob opens the bucket cfg names, creating it with its CORS rule.
func OpenBlob(t testing.TB, cfg blob.Config, origins ...string) *blob.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	b, err := blob.New(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(origins) == 0 {
		origins = []string{"http://localhost"}
	}
	if err := b.EnsureBucket(ctx, origins, Logger()); err != nil {
		t.Fatalf("create test bucket: %v", err)
	}
	return b
}

// OIDCProvider returns the issuer URL and the admin API URL of the test
// OpenID provider (Ory Hydra) that make test starts.
func OIDCProvider(t testing.TB) (issuer, admin string) {
	t.Helper()
	issuer, admin = os.Getenv("PODIUM_TEST_OIDC_ISSUER"), os.Getenv("PODIUM_TEST_OIDC_ADMIN")
	if issuer == "" || admin == "" {
		t.Fatal("PODIUM_TEST_OIDC_ISSUER and PODIUM_TEST_OIDC_ADMIN are not set: run the tests with `make test`, which starts the test OpenID provider (deploy/local/services.sh hydra-start)")
	}
	return issuer, admin
}
