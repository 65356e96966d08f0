package replicatest

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/podium-contests/podium/migrations"
	"github.com/podium-contests/podium/server/blob"
	"github.com/podium-contests/podium/server/domain"
	"github.com/podium-contests/podium/server/internal/apiclient"
	"github.com/podium-contests/podium/server/internal/replica"
	"github.com/podium-contests/podium/server/internal/testenv"
	"github.com/podium-contests/podium/server/store"
)

// TestTwoReplicasBehaveAsOne starts two replicas at once on an empty
// database (both migrate concurrently), then checks that a session, its CSRF
// token, uploads and submissions made through one replica work on the other,
// and that a score saved on replica B produces a progress event on a stream
// held by replica A (LISTEN/NOTIFY fan-out).
func TestTwoReplicasBehaveAsOne(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	pair := startReplicas(ctx, t, 8)
	a, b, dbURL := pair.a, pair.b, pair.dbURL
	checkMigratedOnce(t, dbURL)

	// A platform admin from the command line, signed in on A, acting on B.
	pair.createAdmin(ctx, t)
	onA, onB := apiclient.NewBalancer(a.URL), apiclient.NewBalancer(b.URL)
	orgA := apiclient.New(onA, nil)
	must(t, orgA.Login(ctx, "root@example.org", apiclient.Password))
	orgB := orgA.On(onB)
	slug := "replicas"
	if _, err := orgB.CreateContest(ctx, apiclient.ContestInput(slug, 1<<20)); err != nil {
		t.Fatalf("session and CSRF token from A refused on B: %v", err)
	}

	// A judge registered on B, named judge on A.
	judgeB := apiclient.New(onB, nil)
	must(t, judgeB.SignUp(ctx, "judge@jury.example.net", "Judge", "Jury"))
	outbox, err := store.Open(ctx, dbURL, store.Options{MaxOpenConns: 2, MaxIdleConns: 1})
	must(t, err)
	defer outbox.Close()
	must(t, judgeB.VerifyFromOutbox(ctx, outbox, "judge@jury.example.net"))
	must(t, orgA.AddMember(ctx, slug, "judge@jury.example.net", domain.RoleJudge))

	// A team: every step of the upload and the submission alternates replicas.
	teamA := apiclient.New(onA, nil)
	must(t, teamA.SignUp(ctx, "captain@uni.example.edu", "Captain", "Uni"))
	must(t, teamA.VerifyFromOutbox(ctx, outbox, "captain@uni.example.edu"))
	teamB := teamA.On(onB)
	team, err := teamB.CreateTeam(ctx, slug, "Team One", "energy")
	must(t, err)
	must(t, teamA.SaveDraft(ctx, team.ID, "Entry"))
	alternating := teamA.On(apiclient.NewBalancer(a.URL, b.URL)) // declare on A, complete on B
	if _, err := alternating.UploadFile(ctx, team.ID, apiclient.PDFSlot, "deck.pdf", apiclient.PDF(4096, 1)); err != nil {
		t.Fatalf("upload declared on A, completed on B: %v", err)
	}
	rc1, err := teamB.Submit(ctx, team.ID, "submit-1")
	must(t, err)
	rc2, err := teamA.Submit(ctx, team.ID, "submit-1") // the same key on the other replica
	must(t, err)
	if rc1.Version != 1 || rc2.Version != 1 || rc1.Digest != rc2.Digest {
		t.Fatalf("idempotent submit across replicas: %+v then %+v", rc1, rc2)
	}

	// The organizer's progress stream on A; the judge scores on B.
	round, err := orgB.CreateRound(ctx, slug, 1)
	must(t, err)
	events := openProgressStream(ctx, t, orgA, round.ID)
	first, ok := <-events
	if !ok || first.Assigned != 1 || len(first.Judges) != 1 || first.Judges[0].Drafts != 0 {
		t.Fatalf("first progress event: %+v", first)
	}
	list, err := judgeB.MyAssignments(ctx)
	must(t, err)
	if len(list) != 1 {
		t.Fatalf("judge has %d assignments, want 1", len(list))
	}
	must(t, judgeB.SaveScore(ctx, list[0].ID, 7, 8))
	arrived := false
	for p := range events {
		if len(p.Judges) == 1 && p.Judges[0].Drafts == 1 {
			arrived = true // the score saved on B reached the stream on A
			break
		}
	}
	if !arrived {
		t.Fatalf("no progress event on replica A after a score saved on replica B (%v)", ctx.Err())
	}

	// Logging out on B ends the session on A too: A may have it in memory,
	// and forgets it when the database's notification arrives (within a
	// few milliseconds; the cache's own 10 s limit must not be what ends it).
	must(t, teamB.Call(ctx, apiclient.RouteOther, 200, "POST", "auth/logout", map[string]any{}, nil))
	testenv.EventuallyNil(t, 5*time.Second, "the session to end on A after logout on B", func() error {
		return teamA.Call(ctx, apiclient.RouteOther, 401, "GET", "me", nil, nil)
	})
	for _, s := range []*replica.Server{a, b} {
		if err := s.Stop(); err != nil {
			t.Errorf("replica %s did not stop cleanly: %v", s.URL, err)
		}
	}
}

// replicaPair is two replicas started at once on an empty database and a
// fresh bucket, with the binary and the environment they run with.
type replicaPair struct {
	bin   string
	env   []string
	dbURL string
	a, b  *replica.Server
}

// startReplicas builds the binary and starts two replicas, each with a
// pool of conns database connections and the extra environment settings.
func startReplicas(ctx context.Context, t testing.TB, conns int, extra ...string) replicaPair {
	t.Helper()
	dir := t.TempDir()
	bin, err := replica.Build(ctx, dir)
	must(t, err)
	dbURL := testenv.EmptyDatabaseURL(t)
	bcfg := testenv.BlobConfig(t)
	env := []string{
		"PODIUM_DATABASE_URL=" + dbURL, "PODIUM_DEV=true", "PODIUM_PUBLIC_URL=http://localhost",
		"PODIUM_S3_ENDPOINT=" + bcfg.Endpoint, "PODIUM_S3_REGION=" + bcfg.Region, "PODIUM_S3_BUCKET=" + bcfg.Bucket,
		"PODIUM_S3_ACCESS_KEY=" + bcfg.AccessKey, "PODIUM_S3_SECRET_KEY=" + bcfg.SecretKey,
		fmt.Sprintf("PODIUM_DB_MAX_OPEN_CONNS=%d", conns), fmt.Sprintf("PODIUM_DB_MAX_IDLE_CONNS=%d", conns/2), "PODIUM_SHUTDOWN_GRACE=2s",
	}
	env = append(env, extra...)
	createBucket(ctx, t, bcfg)
	a, b := startPair(ctx, t, bin, env, dir)
	return replicaPair{bin: bin, env: env, dbURL: dbURL, a: a, b: b}
}

// createAdmin makes root@example.org a platform admin from the command line.
func (p replicaPair) createAdmin(ctx context.Context, t testing.TB) {
	t.Helper()
	admin := exec.CommandContext(ctx, p.bin, "admin", "create", "--email", "root@example.org")
	admin.Env = append(p.env, "PODIUM_ADMIN_PASSWORD="+apiclient.Password)
	if out, err := admin.CombinedOutput(); err != nil {
		t.Fatalf("podium admin create: %v\n%s", err, out)
	}
}

// createBucket creates the bucket both replicas share, before they start.
func createBucket(ctx context.Context, t testing.TB, cfg blob.Config) {
	t.Helper()
	b, err := blob.New(ctx, cfg)
	must(t, err)
	must(t, b.EnsureBucket(ctx, []string{"http://localhost"}, testenv.Logger()))
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// startPair starts two replicas at the same moment, so that both run their
// migrations concurrently on the empty database.
func startPair(ctx context.Context, t testing.TB, bin string, env []string, dir string) (*replica.Server, *replica.Server) {
	t.Helper()
	var wg sync.WaitGroup
	servers := make([]*replica.Server, 2)
	errs := make([]error, 2)
	for i := range servers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			servers[i], errs[i] = replica.Start(ctx, bin, env, filepath.Join(dir, fmt.Sprintf("replica-%c.log", 'a'+i)))
		}()
	}
	wg.Wait()
	for i, s := range servers {
		if s != nil {
			t.Cleanup(func() { _ = s.Stop() })
		}
		if errs[i] != nil {
			t.Fatalf("replica %c: %v", 'A'+i, errs[i])
		}
	}
	return servers[0], servers[1]
}

// checkMigratedOnce verifies that every migration was applied exactly once.
func checkMigratedOnce(t *testing.T, dbURL string) {
	t.Helper()
	db, err := sqlx.Open(store.DriverName, dbURL)
	must(t, err)
	defer db.Close()
	var applied []int64
	must(t, db.Select(&applied, "SELECT version_id FROM goose_db_version WHERE version_id > 0 AND is_applied ORDER BY id"))
	files, err := migrationFiles()
	must(t, err)
	if len(applied) != files {
		t.Fatalf("goose_db_version lists %v, want each of the %d migrations once", applied, files)
	}
	seen := map[int64]bool{}
	for _, v := range applied {
		if seen[v] {
			t.Fatalf("migration %d applied twice: %v", v, applied)
		}
		seen[v] = true
	}
}

// migrationFiles counts the embedded migration files.
func migrationFiles() (int, error) {
	entries, err := migrations.FS.ReadDir(".")
	if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".sql") {
			n++
		}
	}
	return n, nil
}

// openProgressStream opens the round's server-sent-event stream and sends
// every progress event on the returned channel, closed when the stream ends.
func openProgressStream(ctx context.Context, t testing.TB, c *apiclient.Client, roundID int64) <-chan domain.Progress {
	t.Helper()
	req, err := c.Request(ctx, "GET", fmt.Sprintf("rounds/%d/progress/stream", roundID), nil)
	must(t, err)
	resp, err := http.DefaultClient.Do(req)
	must(t, err)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		resp.Body.Close()
		t.Fatalf("progress stream: status %d, %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	out := make(chan domain.Progress)
	t.Cleanup(func() { resp.Body.Close() })
	go func() {
		defer close(out)
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
		event := ""
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				event = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: ") && event == "progress":
				var p domain.Progress
				if json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &p) == nil {
					select {
					case out <- p:
					case <-ctx.Done():
						return
					}
				}
			}
		}
	}()
	return out
}
