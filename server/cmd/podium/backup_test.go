package main

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/podium-contests/podium/server/blob"
	"github.com/podium-contests/podium/server/internal/testenv"
	"github.com/podium-contests/podium/server/store"
)

// pgTool finds a PostgreSQL client program in PODIUM_PG_BIN (set by make
// test) or the Debian location.
func pgTool(t *testing.T, name string) string {
	t.Helper()
	dir := os.Getenv("PODIUM_PG_BIN")
	if dir == "" {
		dir = "/usr/lib/postgresql/15/bin"
	}
	path := filepath.Join(dir, name)
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("%s not found (set PODIUM_PG_BIN): %v", name, err)
	}
	return path
}

// TestBackupAndRestore follows docs/operations.md: pg_dump -Fc, a bucket
// copy, pg_restore into a new database, a copy into a new bucket, then
// `podium verify` against the restored pair.
func TestBackupAndRestore(t *testing.T) {
	ctx := context.Background()
	srcURL := testenv.DatabaseURL(t)
	src := testenv.Blob(t)
	seedFiles(t, srcURL, src)

	dump := filepath.Join(t.TempDir(), "podium.dump")
	run := func(name string, args ...string) {
		t.Helper()
		out, err := exec.Command(pgTool(t, name), args...).CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
	}
	run("pg_dump", "-Fc", "--no-owner", "-d", srcURL, "-f", dump)

	// An empty database to restore into (DatabaseURL's are migrated, so
	// drop it and create it bare, as an operator would).
	dstURL := testenv.DatabaseURL(t)
	u, _ := url.Parse(dstURL)
	dbName := strings.TrimPrefix(u.Path, "/")
	u.Path = "/postgres"
	admin, err := store.OpenRaw(u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	for _, q := range []string{"DROP DATABASE " + dbName + " WITH (FORCE)", "CREATE DATABASE " + dbName} {
		if _, err := admin.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	run("pg_restore", "--no-owner", "--exit-on-error", "-d", dstURL, dump)

	dst := testenv.Blob(t)
	copied := 0
	err = src.List(ctx, "", func(o blob.ObjectInfo) error {
		r, err := src.Open(ctx, o.Key)
		if err != nil {
			return err
		}
		defer r.Close()
		if _, err := dst.Upload(ctx, o.Key, "application/octet-stream", r); err != nil {
			return err
		}
		copied++
		return nil
	})
	if err != nil || copied != 7 {
		t.Fatalf("bucket copy: %d objects, %v", copied, err)
	}

	t.Setenv("PODIUM_DATABASE_URL", dstURL)
	t.Setenv("PODIUM_S3_BUCKET", dst.Bucket())
	t.Setenv("PODIUM_S3_PATH_STYLE", "true")
	t.Setenv("PODIUM_LOG_LEVEL", "error")
	if code, out, errOut := runVerify(t, "--format", "json"); code != 0 || !strings.Contains(out, `"files_checked":5`) {
		t.Fatalf("verify after restore: exit %d\n%s%s", code, out, errOut)
	}
	// The restored database is fully usable: migrations have nothing to do.
	if code := runCmd(t, "migrate"); code != 0 {
		t.Fatalf("migrate on the restored database: exit %d", code)
	}
}

func runCmd(t *testing.T, args ...string) int {
	t.Helper()
	var out, errOut strings.Builder
	code := run(t.Context(), args, nil, &out, &errOut)
	if code != 0 {
		t.Logf("%s: %s%s", strings.Join(args, " "), out.String(), errOut.String())
	}
	return code
}
