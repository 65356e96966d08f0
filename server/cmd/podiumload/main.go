// Command podiumload runs the deadline-rush benchmark (make bench): it starts
// a private PostgreSQL and versitygw (deploy/local/services.sh), then 1 and 2
// `podium serve` replicas behind a round-robin client, and measures N teams
// uploading 1 MiB straight to S3, completing and submitting at once while
// judges save scores and organizers read progress. In the same run it
// measures two baselines: a bare Fiber handler under the same client, and
// pgbench running the submit transaction's SQL. It counts the versions in
// the database afterwards. After each rush it measures the submit and
// save-score endpoints alone on the same replicas, without the S3 uploads
// that bound the rush's cycle rate: first flat out (capacity phases: a
// fixed number of closed-loop clients for a fixed time), then at the
// target rates (sustained-rate phases: calls sent on a fixed schedule, open
// loop, latency counted from each call's due time). It writes
// docs/benchmarks.md.
//
// It is a separate command so that the server binary carries no load code.
// Everything listens on 127.0.0.1; the load is bounded by -teams,
// -iterations, -capacity-clients, -capacity-seconds, the rates and
// -rate-seconds.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/podium-contests/podium/server/internal/replica"
)

// options are the scenario's parameters.
type options struct {
	teams, judges, iterations, fileBytes, setupWorkers, organizers int
	replicas                                                       []int
	pgbenchSeconds, helloSeconds                                   int
	capacityClients, capacitySeconds                               int
	submitRate, scoreRate, rateSeconds, rateWarmup                 int
	judgePause, organizerPause                                     time.Duration
	out, work                                                      string
	s3InMemory, tokens, national                                   bool
	organizers20, consoleSeconds                                   int
	s3Nice                                                         int
}

func main() {
	if len(os.Args) > 2 && os.Args[1] == "hello" {
		hello(os.Args[2])
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "transfers" {
		transfersMain(os.Args[2:])
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "console" {
		consoleMain(os.Args[2:])
		return
	}
	var o options
	var replicas string
	flag.IntVar(&o.teams, "teams", 200, "virtual teams (concurrent in the rush)")
	flag.IntVar(&o.judges, "judges", 20, "judges saving scores during the rush")
	flag.IntVar(&o.organizers, "organizers", 2, "organizers reading progress during the rush")
	flag.DurationVar(&o.judgePause, "judge-pause", 500*time.Millisecond, "pause of each judge between score saves in the rush (0: closed loop)")
	flag.DurationVar(&o.organizerPause, "organizer-pause", time.Second, "pause of each organizer between progress reads in the rush (0: closed loop)")
	flag.IntVar(&o.iterations, "iterations", 3, "upload+submit cycles per team in the rush (<= 100)")
	flag.IntVar(&o.fileBytes, "file-bytes", 1<<20, "size of each uploaded file")
	flag.IntVar(&o.setupWorkers, "setup-workers", 8, "concurrency of the (unmeasured) setup phase")
	flag.StringVar(&replicas, "replicas", "1,2", "replica counts to run, comma-separated")
	flag.IntVar(&o.capacityClients, "capacity-clients", 64, "closed-loop clients of each capacity phase (submit, save score)")
	flag.IntVar(&o.capacitySeconds, "capacity-seconds", 15, "duration of each capacity phase")
	flag.IntVar(&o.submitRate, "submit-rate", 1000, "submits per second offered in the sustained-rate phase (the target rate)")
	flag.IntVar(&o.scoreRate, "score-rate", 2000, "score saves per second offered in the sustained-rate phase (the target rate)")
	flag.IntVar(&o.rateSeconds, "rate-seconds", 15, "duration of each sustained-rate phase")
	flag.IntVar(&o.rateWarmup, "rate-warmup", 3, "seconds at the rate before each sustained-rate phase is measured")
	flag.BoolVar(&o.tokens, "tokens", true, "also run the sustained-rate phases with personal tokens, and save score with two saves of a sheet at once")
	flag.BoolVar(&o.national, "national", true, "seed a national-size contest (podium seed --scale national) and measure the console pages under -console-organizers")
	flag.IntVar(&o.organizers20, "console-organizers", 20, "organizers reading the national contest's console at once")
	flag.IntVar(&o.consoleSeconds, "console-seconds", 5, "duration of each console page's phase")
	flag.IntVar(&o.pgbenchSeconds, "pgbench-seconds", 10, "duration of the pgbench baseline")
	flag.IntVar(&o.helloSeconds, "hello-seconds", 5, "duration of the bare Fiber baseline")
	flag.StringVar(&o.out, "out", "docs/benchmarks.md", "Markdown report")
	flag.StringVar(&o.work, "work", "", "working directory (default: a temporary one, removed)")
	flag.BoolVar(&o.s3InMemory, "s3-in-memory", true, "keep the local S3 server's objects in /dev/shm where it exists (object storage lives elsewhere in production; its disk writes would cost this machine's CPU in kernel writeback)")
	flag.IntVar(&o.s3Nice, "s3-nice", 10, "CPU niceness of the local S3 server (as make run's): its bulk transfers yield to the API and the database")
	flag.Parse()
	for _, f := range strings.Split(replicas, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			log.Fatalf("podiumload: bad -replicas %q", replicas)
		}
		o.replicas = append(o.replicas, n)
	}
	if o.iterations < 1 || o.iterations > 100 || o.judges < 3 || o.teams < 1 || o.capacityClients < 1 || o.capacitySeconds < 1 ||
		o.submitRate < 1 || o.scoreRate < 1 || o.rateSeconds < 1 || o.rateWarmup < 0 {
		log.Fatal("podiumload: need 1 <= -iterations <= 100, -judges >= 3, -teams >= 1, and -capacity-clients, -capacity-seconds, -submit-rate, -score-rate, -rate-seconds >= 1, -rate-warmup >= 0")
	}
	if err := run(o); err != nil {
		log.Fatalf("podiumload: %v", err)
	}
}

// hello is the bare baseline: one Fiber handler, nothing else.
func hello(addr string) {
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Get("/readyz", func(c *fiber.Ctx) error { return c.SendString("ok") })
	app.Get("/api/v1/hello", func(c *fiber.Ctx) error { return c.JSON(fiber.Map{"data": "hello"}) })
	log.Fatal(app.Listen(addr))
}

// env is the running services.
type env struct {
	root, work, services   string
	pgPort, s3Port         int
	adminURL, s3URL        string
	s3Access, s3Secret     string
	pgData, s3Data, binDir string
}

func run(o options) (err error) {
	ctx := context.Background()
	root, err := replica.ModuleRoot()
	if err != nil {
		return err
	}
	work := o.work
	if work == "" {
		if work, err = os.MkdirTemp("", "podium-bench."); err != nil {
			return err
		}
		defer os.RemoveAll(work)
	}
	// The postgres system user (when we are root) must reach the data dir.
	if err := os.Chmod(work, 0o755); err != nil {
		return err
	}
	e := &env{root: root, work: work, services: filepath.Join(root, "deploy/local/services.sh"),
		s3Access: "podium-bench", s3Secret: "podium-bench-secret",
		pgData: filepath.Join(work, "postgres"), s3Data: filepath.Join(work, "s3"), binDir: work}
	if o.s3InMemory {
		if mem, err := os.MkdirTemp("/dev/shm", "podium-bench-s3."); err == nil {
			defer os.RemoveAll(mem)
			e.s3Data = filepath.Join(mem, "s3")
		}
	}
	os.Setenv("PODIUM_S3_NICE", strconv.Itoa(o.s3Nice))
	if e.pgPort, err = replica.FreePort(); err != nil {
		return err
	}
	if e.s3Port, err = replica.FreePort(); err != nil {
		return err
	}
	if err := e.sh("pg-start", e.pgData, strconv.Itoa(e.pgPort)); err != nil {
		return err
	}
	defer e.sh("pg-stop", e.pgData) //nolint:errcheck // best effort at exit
	if err := e.sh("s3-start", e.s3Data, strconv.Itoa(e.s3Port), e.s3Access, e.s3Secret, "us-east-1"); err != nil {
		return err
	}
	defer e.sh("s3-stop", e.s3Data) //nolint:errcheck // best effort at exit
	e.adminURL = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", e.pgPort)
	e.s3URL = fmt.Sprintf("http://127.0.0.1:%d", e.s3Port)

	log.Printf("building bin/podium (load average %s)", loadAvg())
	bin, err := replica.Build(ctx, work)
	if err != nil {
		return err
	}
	rep := report{opts: o, started: time.Now(), s3InMemory: strings.HasPrefix(e.s3Data, "/dev/shm/")}
	for _, n := range o.replicas {
		res, err := rush(ctx, e, bin, o, n)
		if err != nil {
			return fmt.Errorf("rush with %d replica(s): %w", n, err)
		}
		rep.runs = append(rep.runs, res)
	}
	if rep.hello, err = helloBaseline(ctx, e, o); err != nil {
		return fmt.Errorf("fiber baseline: %w", err)
	}
	if o.national {
		if rep.national, err = national(ctx, e, bin, o); err != nil {
			return fmt.Errorf("national scale: %w", err)
		}
	}
	last := rep.runs[len(rep.runs)-1]
	if rep.pgbench, err = pgbench(ctx, e, last.dbURL, o); err != nil {
		return fmt.Errorf("pgbench: %w", err)
	}
	out := filepath.Join(root, o.out)
	if filepath.IsAbs(o.out) {
		out = o.out
	}
	if err := os.WriteFile(out, []byte(rep.markdown()), 0o644); err != nil {
		return err
	}
	log.Printf("report written to %s", out)
	return nil
}

// sh runs a deploy/local/services.sh subcommand.
func (e *env) sh(args ...string) error {
	cmd := exec.Command("bash", append([]string{e.services}, args...)...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("services.sh %s: %w", args[0], err)
	}
	return nil
}

// psql runs SQL on a database of the bench cluster and returns its output.
func (e *env) psql(dbURL, sql string) (string, error) {
	pgBin := os.Getenv("PODIUM_PG_BIN")
	if pgBin == "" {
		pgBin = "/usr/lib/postgresql/15/bin"
	}
	out, err := exec.Command(filepath.Join(pgBin, "psql"), "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", dbURL, "-c", sql).CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("psql: %w: %s", err, out)
	}
	return strings.TrimSpace(string(out)), nil
}

// httpClient sends the load client's calls (see fastTransport): at most
// 256 connections to each host, as an ingress keeps a pool of upstream
// connections to each replica (a server that falls behind then sees calls
// wait, not a storm of new connections), and idle ones closed before the
// server's 30 s first-request read timeout would (fasthttp answers that
// timeout with an unsolicited 400).
func httpClient() *http.Client {
	return &http.Client{Transport: newFastTransport(256, 20*time.Second)}
}
