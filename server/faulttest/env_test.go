package faulttest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/podium-contests/podium/server/domain"
	"github.com/podium-contests/podium/server/internal/apiclient"
	"github.com/podium-contests/podium/server/internal/replica"
	"github.com/podium-contests/podium/server/store"
)

// services is this package's private PostgreSQL and S3 server.
type services struct {
	script         string
	pgDir, s3Dir   string
	pgPort, s3Port int
	access, secret string
}

var (
	work     string // removed by TestMain
	buildBin = sync.OnceValues(func() (string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		return replica.Build(ctx, work)
	})
)

func TestMain(m *testing.M) {
	var err error
	if work, err = os.MkdirTemp("", "podium-fault-"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	_ = os.Chmod(work, 0o755) // PostgreSQL runs as its own user when we are root
	code := m.Run()
	os.RemoveAll(work)
	os.Exit(code)
}

// requireEnv fails (never skips) when the tests do not run under make test.
func requireEnv(t *testing.T) string {
	t.Helper()
	var missing []string
	for _, name := range []string{"PODIUM_SERVICES", "PODIUM_PG_BIN", "PODIUM_VERSITYGW"} {
		if os.Getenv(name) == "" {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		t.Fatalf("fault tests need %s: run them with `make test`, which sets them (see deploy/local/test.sh)", strings.Join(missing, ", "))
	}
	return os.Getenv("PODIUM_SERVICES")
}

// startServices starts a private PostgreSQL cluster and versitygw for t.
func startServices(t *testing.T) *services {
	t.Helper()
	s := &services{script: requireEnv(t), access: "fault-access", secret: "fault-secret-key"}
	dir, err := os.MkdirTemp(work, "svc-")
	if err != nil {
		t.Fatal(err)
	}
	_ = os.Chmod(dir, 0o755)
	s.pgDir, s.s3Dir = filepath.Join(dir, "postgres"), filepath.Join(dir, "s3")
	s.pgPort, s.s3Port = freePort(t), freePort(t)
	s.run(t, "pg-start", s.pgDir, strconv.Itoa(s.pgPort))
	t.Cleanup(func() { _ = s.cmd("pg-stop", s.pgDir).Run() })
	s.startS3(t)
	t.Cleanup(func() { _ = s.cmd("s3-stop", s.s3Dir).Run() })
	s.run(t, "pg-createdb", strconv.Itoa(s.pgPort), "podium")
	return s
}

func freePort(t *testing.T) int {
	t.Helper()
	p, err := replica.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (s *services) cmd(args ...string) *exec.Cmd {
	return exec.Command("bash", append([]string{s.script}, args...)...)
}

// run runs one services.sh command and fails t with its output on error.
func (s *services) run(t *testing.T, args ...string) {
	t.Helper()
	if out, err := s.cmd(args...).CombinedOutput(); err != nil {
		t.Fatalf("services.sh %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func (s *services) stopPG(t *testing.T)  { s.run(t, "pg-stop", s.pgDir) }
func (s *services) startPG(t *testing.T) { s.run(t, "pg-start", s.pgDir, strconv.Itoa(s.pgPort)) }
func (s *services) stopS3(t *testing.T)  { s.run(t, "s3-stop", s.s3Dir) }
func (s *services) startS3(t *testing.T) {
	s.run(t, "s3-start", s.s3Dir, strconv.Itoa(s.s3Port), s.access, s.secret, "us-east-1")
}

func (s *services) databaseURL() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/podium?sslmode=disable", s.pgPort)
}

// env is the configuration of a podium serve on these services.
func (s *services) env() []string {
	return []string{
		"PODIUM_DATABASE_URL=" + s.databaseURL(), "PODIUM_DEV=true", "PODIUM_PUBLIC_URL=http://localhost",
		fmt.Sprintf("PODIUM_S3_ENDPOINT=http://127.0.0.1:%d", s.s3Port), "PODIUM_S3_REGION=us-east-1",
		"PODIUM_S3_BUCKET=fault", "PODIUM_S3_ACCESS_KEY=" + s.access, "PODIUM_S3_SECRET_KEY=" + s.secret,
		"PODIUM_SHUTDOWN_GRACE=2s", "PODIUM_TRUSTED_PROXIES=127.0.0.1/32",
		// The rushes submit without pause, far beyond a person's pace.
		"PODIUM_RATE_SUBMIT=1000000 + 1000000/1s",
	}
}

// db opens the private database directly, for counting what was stored.
func (s *services) db(t *testing.T) *sqlx.DB {
	t.Helper()
	db, err := sqlx.Open(store.DriverName, s.databaseURL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// serve starts podium serve on the services, stopped at cleanup.
func (s *services) serve(t *testing.T, logName string) *replica.Server {
	t.Helper()
	bin, err := buildBin()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	srv, err := replica.Start(ctx, bin, s.env(), filepath.Join(work, logName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Stop() })
	return srv
}

// kill ends a server with SIGKILL, as a crash or an OOM kill would.
func kill(t *testing.T, srv *replica.Server) {
	t.Helper()
	if err := syscall.Kill(srv.PID(), syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = srv.Stop() // reaps the process; its error is the kill
}

// world is a contest with teams that each have a complete draft.
type world struct {
	slug  string
	admin *apiclient.Client
	teams []*team
}

type team struct {
	*apiclient.Client
	id int64
}

// newWorld creates an admin from the command line, a contest and n teams
// with their draft and PDF, all through srv.
func (s *services) newWorld(t *testing.T, srv *replica.Server, n int) *world {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	bin, _ := buildBin()
	admin := exec.CommandContext(ctx, bin, "admin", "create", "--email", "root@example.org")
	admin.Env = append(append(os.Environ(), s.env()...), "PODIUM_ADMIN_PASSWORD="+apiclient.Password)
	if out, err := admin.CombinedOutput(); err != nil {
		t.Fatalf("podium admin create: %v\n%s", err, out)
	}
	lb := apiclient.NewBalancer(srv.URL)
	w := &world{slug: "fault"}
	w.admin = apiclient.New(lb, nil)
	w.admin.IP = "192.0.2.1"
	must(t, w.admin.Login(ctx, "root@example.org", apiclient.Password))
	_, err := w.admin.CreateContest(ctx, apiclient.ContestInput(w.slug, 1<<20))
	must(t, err)
	// Captains confirm their addresses (a team needs a proven one) with the
	// links read from the outbox.
	outbox, err := store.Open(ctx, s.databaseURL(), store.Options{MaxOpenConns: 2, MaxIdleConns: 1})
	must(t, err)
	defer outbox.Close()
	for i := 0; i < n; i++ {
		c := apiclient.New(lb, &http.Client{Timeout: 10 * time.Second})
		c.IP = fmt.Sprintf("198.51.100.%d", i+1)
		email := fmt.Sprintf("captain%d@uni.example.edu", i)
		must(t, c.SignUp(ctx, email, "Captain", "Uni"))
		must(t, c.VerifyFromOutbox(ctx, outbox, email))
		tm, err := c.CreateTeam(ctx, w.slug, fmt.Sprintf("Team %d", i), "energy")
		must(t, err)
		must(t, c.SaveDraft(ctx, tm.ID, fmt.Sprintf("Entry %d", i)))
		_, err = c.UploadFile(ctx, tm.ID, apiclient.PDFSlot, "deck.pdf", apiclient.PDF(4096, uint64(i)))
		must(t, err)
		w.teams = append(w.teams, &team{Client: c, id: tm.ID})
	}
	return w
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// receipts collects acknowledged submissions, by team and idempotency key.
type receipts struct {
	mu   sync.Mutex
	byID map[string]domain.Receipt // "team/key"
	// unavailable counts 503 answers with code "unavailable"; bad lists any
	// other failure (a 500, a 503 without the code, an unexpected 4xx).
	unavailable int
	bad         []string
}

func newReceipts() *receipts { return &receipts{byID: map[string]domain.Receipt{}} }

func (r *receipts) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.byID)
}

func (r *receipts) unavailableCount() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.unavailable
}

// submitUntilAcknowledged submits with one idempotency key until the server
// acknowledges it, as a careful client retries after a timeout or a 503.
// base gives the current server. It gives up when ctx ends.
func (r *receipts) submitUntilAcknowledged(ctx context.Context, tm *team, base func() string, key string) bool {
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		cl := tm.On(apiclient.NewBalancer(base()))
		rc, err := cl.Submit(ctx, tm.id, key)
		var apiErr *apiclient.Error
		switch {
		case err == nil:
			r.mu.Lock()
			id := fmt.Sprintf("%d/%s", tm.id, key)
			if prev, ok := r.byID[id]; ok && (prev.Version != rc.Version || prev.Digest != rc.Digest) {
				r.bad = append(r.bad, fmt.Sprintf("key %s acknowledged twice with different versions: %d then %d", id, prev.Version, rc.Version))
			}
			r.byID[id] = rc
			r.mu.Unlock()
			return true
		case errors.As(err, &apiErr) && apiErr.Status == http.StatusServiceUnavailable && strings.Contains(apiErr.Body, `"code":"unavailable"`):
			r.mu.Lock()
			r.unavailable++
			r.mu.Unlock()
		case errors.As(err, &apiErr):
			r.mu.Lock()
			r.bad = append(r.bad, err.Error())
			r.mu.Unlock()
			return false
		default:
			// No answer (the server is down or restarting): retry the same key.
		}
		select {
		case <-ctx.Done():
			return false
		case <-tick.C:
		}
	}
}

// check compares the receipts with the database: every acknowledged version
// is stored with its digest, and no version exists that was not
// acknowledged (a retry never made a second one).
func (r *receipts) check(t *testing.T, db *sqlx.DB) {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, b := range r.bad {
		t.Error(b)
	}
	type row struct {
		SubmissionID int64  `db:"submission_id"`
		Version      int    `db:"version"`
		Digest       string `db:"digest"`
	}
	var rows []row
	if err := db.Select(&rows, "SELECT submission_id, version, digest FROM submission_versions"); err != nil {
		t.Fatal(err)
	}
	stored := map[[2]int64]string{}
	for _, x := range rows {
		stored[[2]int64{x.SubmissionID, int64(x.Version)}] = x.Digest
	}
	acked := map[[2]int64]bool{}
	for id, rc := range r.byID {
		k := [2]int64{rc.SubmissionID, int64(rc.Version)}
		if acked[k] {
			t.Errorf("%s: version %d of submission %d acknowledged for two different keys", id, rc.Version, rc.SubmissionID)
		}
		acked[k] = true
		if d, ok := stored[k]; !ok || d != rc.Digest {
			t.Errorf("%s: acknowledged version %d of submission %d is missing or altered (stored digest %q, receipt %q)", id, rc.Version, rc.SubmissionID, d, rc.Digest)
		}
	}
	if len(rows) != len(r.byID) {
		t.Errorf("%d versions stored for %d acknowledged submissions", len(rows), len(r.byID))
	}
}

// readiness returns /readyz's status and body.
func readiness(base string) (int, string) {
	c := &http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get(base + "/readyz")
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	n, _ := resp.Body.Read(buf)
	b.Write(buf[:n])
	return resp.StatusCode, b.String()
}

func sha256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
