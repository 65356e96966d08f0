package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/podium-contests/podium/server/blob"
	"github.com/podium-contests/podium/server/domain"
	"github.com/podium-contests/podium/server/internal/testenv"
	"github.com/podium-contests/podium/server/store"
)

// TestVerify runs `podium verify` against the real database and bucket:
// consistent first, then with an object deleted, one altered (same size),
// one truncated and an orphan added under each key prefix.
func TestVerify(t *testing.T) {
	dbURL := testenv.DatabaseURL(t)
	b := testenv.Blob(t)
	t.Setenv("PODIUM_DATABASE_URL", dbURL)
	t.Setenv("PODIUM_S3_BUCKET", b.Bucket())
	t.Setenv("PODIUM_S3_PATH_STYLE", "true")
	t.Setenv("PODIUM_LOG_LEVEL", "error")
	ctx := context.Background()
	keys := seedFiles(t, dbURL, b)

	code, out, errOut := runVerify(t, "--format", "json")
	if code != 0 {
		t.Fatalf("consistent store: exit %d\n%s%s", code, out, errOut)
	}
	if lines := strings.Split(strings.TrimSpace(out), "\n"); len(lines) != 1 ||
		lines[0] != `{"summary":{"files_checked":5,"objects_listed":6,"objects_hashed":5,"problems":0}}` {
		t.Fatalf("output: %s", out)
	}

	if err := b.Delete(ctx, keys["deleted"]); err != nil {
		t.Fatal(err)
	}
	altered := []byte(strings.Repeat("ALTERED", 100)) // same length as "altered" × 100
	if err := b.Put(ctx, keys["altered"], bytes.NewReader(altered), int64(len(altered))); err != nil {
		t.Fatal(err)
	}
	if err := b.Put(ctx, keys["truncated"], strings.NewReader("trunc"), 5); err != nil {
		t.Fatal(err)
	}
	orphan, newOrphan := "contests/1/teams/1/orphan", domain.ObjectKeyPrefix+"orphan"
	for _, key := range []string{orphan, newOrphan} {
		if err := b.Put(ctx, key, strings.NewReader("stray"), 5); err != nil {
			t.Fatal(err)
		}
	}

	code, out, errOut = runVerify(t)
	if code != 1 || !strings.Contains(errOut, "5 problems") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	got := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var p problem
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatal(err)
		}
		if p.Key != "" {
			got[p.Key] = p.Problem
		}
	}
	want := map[string]string{keys["deleted"]: problemMissing, keys["altered"]: problemSHA256, keys["truncated"]: problemSize, orphan: problemOrphan, newOrphan: problemOrphan}
	if len(got) != len(want) {
		t.Fatalf("problems %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %q, want %q", k, got[k], v)
		}
	}

	// --quick skips hashing, so the same-size alteration goes unseen; the
	// table names the rest.
	code, out, _ = runVerify(t, "--quick", "--format", "table")
	if code != 1 || !strings.Contains(out, "4 problems") || strings.Contains(out, problemSHA256) || !strings.Contains(out, "database 900 bytes, bucket 5") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
}

func runVerify(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(t.Context(), append([]string{"verify"}, args...), nil, &out, &errOut)
	return code, out.String(), errOut.String()
}

// seedFiles stores a team's files (five stored or replaced, one pending
// upload) and an export in the database at dbURL and in b, consistently,
// and returns the object keys of the five by name.
func seedFiles(t *testing.T, dbURL string, b *blob.Store) map[string]string {
	t.Helper()
	ctx := context.Background()
	db, err := store.OpenRaw(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mustExec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	mustExec(`INSERT INTO users (id, email, name, password_hash) VALUES (1, 'v@example.org', 'V', 'x')`)
	mustExec(`INSERT INTO contests (id, slug, title) VALUES (1, 'c', 'C')`)
	mustExec(`INSERT INTO tracks (id, contest_id, slug, title) VALUES (1, 1, 't', 'T')`)
	mustExec(`INSERT INTO teams (id, contest_id, track_id, name, invite_code, captain_id) VALUES (1, 1, 1, 'Team', 'CODE', 1)`)
	mustExec(`INSERT INTO submissions (id, team_id, contest_id) VALUES (1, 1, 1)`)
	keys := map[string]string{}
	for _, name := range []string{"intact", "deleted", "altered", "truncated", "replaced"} {
		content := []byte(strings.Repeat(name, 100))
		sum := sha256.Sum256(content)
		id := uuid.NewString()
		key := "contests/1/teams/1/" + id // as stored by earlier versions
		if name == "deleted" || name == "altered" {
			key = domain.ObjectKeyPrefix + id
		}
		keys[name] = key
		status := "stored"
		if name == "replaced" {
			status = "replaced"
		}
		mustExec(`INSERT INTO submission_files (id, submission_id, slot, filename, size, content_type, sha256, object_key, upload_kind, status, created_by)
			VALUES ($1, 1, 'deck', 'x.pdf', $2, 'application/pdf', $3, $4, 'post', $5, 1)`, id, len(content), hex.EncodeToString(sum[:]), key, status)
		if err := b.Put(ctx, key, bytes.NewReader(content), int64(len(content))); err != nil {
			t.Fatal(err)
		}
	}
	// A pending upload's object is not an orphan, nor is an export.
	mustExec(`INSERT INTO submission_files (id, submission_id, slot, filename, size, content_type, sha256, object_key, upload_kind, status, created_by)
		VALUES ($1, 1, 'deck', 'p.pdf', 3, 'application/pdf', 'x', 'contests/1/teams/1/pending', 'post', 'pending', 1)`, uuid.NewString())
	for _, key := range []string{"contests/1/teams/1/pending", "exports/1/e.zip"} {
		if err := b.Put(ctx, key, strings.NewReader("abc"), 3); err != nil {
			t.Fatal(err)
		}
	}

	return keys
}
