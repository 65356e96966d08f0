package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/podium-contests/podium/server/internal/replica"
	"github.com/podium-contests/podium/server/store"
)

// helloResult is the bare Fiber baseline.
type helloResult struct {
	row        row
	clients    int
	cpuSeconds float64
	peakRSS    int64
	load       string
}

// helloBaseline runs `podiumload hello` (one Fiber JSON handler) and loads
// it with as many closed-loop clients as the rush has teams.
func helloBaseline(ctx context.Context, e *env, o options) (helloResult, error) {
	res := helloResult{clients: o.teams}
	self, err := os.Executable()
	if err != nil {
		return res, err
	}
	port, err := replica.FreePort()
	if err != nil {
		return res, err
	}
	cmd := exec.Command(self, "hello", fmt.Sprintf("127.0.0.1:%d", port))
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		return res, err
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	url := fmt.Sprintf("http://127.0.0.1:%d", port)
	hc := httpClient()
	if err := waitHTTP(ctx, hc, url+"/readyz"); err != nil {
		return res, err
	}
	rec := newRecorder()
	sampler := startSampler([]int{cmd.Process.Pid})
	deadline := time.Now().Add(time.Duration(o.helloSeconds) * time.Second)
	start := time.Now()
	var wg sync.WaitGroup
	for i := 0; i < res.clients; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				t := time.Now()
				resp, err := hc.Get(url + "/api/v1/hello")
				status := 0
				if err == nil {
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					status = resp.StatusCode
				}
				rec.observe("hello", status, time.Since(t).Seconds())
			}
		}()
	}
	wg.Wait()
	sampler.finish()
	res.load = loadAvg()
	rows := rec.rows(time.Since(start), []string{"hello"})
	if len(rows) == 1 {
		res.row = rows[0]
	}
	p := cmd.Process.Pid
	res.cpuSeconds, res.peakRSS = sampler.cpuEnd[p]-sampler.cpuStart[p], sampler.peakRSS[p]
	return res, nil
}

// waitHTTP polls url until it answers 200.
func waitHTTP(ctx context.Context, hc *http.Client, url string) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		if resp, err := hc.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s not ready: %w", url, ctx.Err())
		case <-tick.C:
		}
	}
}

// pgbenchResult is the submit transaction's SQL run by pgbench.
type pgbenchResult struct {
	tps     float64
	clients int
	load    string
	script  string
}

// submitScript is what a submit sends (store.ReadDraft, then
// store.RecordVersionIf), statement by statement
// (the read and the conditional write, each for a batch of one and its own
// transaction), with the SQL taken from the store's own named queries.
func submitScript(q map[string]string) string {
	sub := func(name string, args ...string) string {
		var lines []string
		for _, l := range strings.Split(q[name], "\n") {
			if !strings.HasPrefix(strings.TrimSpace(l), "--") {
				lines = append(lines, l)
			}
		}
		sql := strings.TrimRight(strings.Join(lines, "\n"), "; \n")
		for i := len(args); i >= 1; i-- {
			sql = strings.ReplaceAll(sql, "$"+strconv.Itoa(i), args[i-1])
		}
		return strings.Join(strings.Fields(sql), " ")
	}
	files := `'[{"file_id":"00000000-0000-0000-0000-000000000000","slot":"deck","filename":"deck.pdf","size":1048576,"sha256":"` + strings.Repeat("ab", 32) + `"}]'`
	lines := []string{
		`\set tid random(:mintid, :maxtid)`,
		sub("drafts-for-submit", "ARRAY[(:tid)::bigint]", "ARRAY['pgbench-' || (:tid)::text || '-' || random()]") + ` \gset`,
		`\set v :current_version + 1`,
		// pgbench -M prepared sends the variables as parameters: they need types.
		sub("insert-versions", "jsonb_build_array(jsonb_build_object('submission_id', (:id)::bigint, 'version', (:v)::int, 'submitted_at', now(), "+
			"'submitted_by', 1, 'title', 'Entry', 'abstract', 'An entry.', 'fields', '{\"repo\":\"https://git.example.org/entry\"}'::jsonb, "+
			"'files', "+files+"::jsonb, 'digest', md5(random()::text), 'idempotency_key', 'pgbench-' || (:tid)::text || '-' || (:v)::text, "+
			"'draft_revision', (:draft_revision)::bigint, 'emails', jsonb_build_array(jsonb_build_object('To', 'team@uni.example.edu', "+
			"'Subject', 'Your submission receipt', 'Body', 'Receipt body of a few hundred bytes.'))))") + ";",
	}
	return strings.Join(lines, "\n") + "\n"
}

var tpsLine = regexp.MustCompile(`tps = ([0-9.]+) \(without initial connection time\)`)

// pgbench runs the submit transaction against the rush's database with as
// many clients as one replica's default pool (PODIUM_DB_MAX_OPEN_CONNS).
func pgbench(ctx context.Context, e *env, dbURL string, o options) (pgbenchResult, error) {
	res := pgbenchResult{clients: 40}
	st, err := store.Open(ctx, dbURL, store.Options{MaxOpenConns: 2, MaxIdleConns: 1})
	if err != nil {
		return res, err
	}
	res.script = submitScript(st.Queries())
	st.Close()
	script := filepath.Join(e.work, "submit.pgbench")
	if err := os.WriteFile(script, []byte(res.script), 0o644); err != nil {
		return res, err
	}
	bounds, err := e.psql(dbURL, "SELECT min(team_id) || '|' || max(team_id) FROM submissions")
	if err != nil {
		return res, err
	}
	b := strings.Split(bounds, "|")
	pgBin := os.Getenv("PODIUM_PG_BIN")
	if pgBin == "" {
		pgBin = "/usr/lib/postgresql/15/bin"
	}
	cmd := exec.CommandContext(ctx, filepath.Join(pgBin, "pgbench"), "-n", "-M", "prepared", "-c", strconv.Itoa(res.clients), "-j", "2",
		"-T", strconv.Itoa(o.pgbenchSeconds), "-D", "mintid="+b[0], "-D", "maxtid="+b[1], "-f", script, dbURL)
	// Its prepared statements are planned as the app's are (see
	// store.Options.CustomPlans).
	cmd.Env = append(os.Environ(), "PGOPTIONS=-c plan_cache_mode=force_generic_plan")
	out, err := cmd.CombinedOutput()
	res.load = loadAvg()
	if err != nil {
		return res, fmt.Errorf("%w: %s", err, out)
	}
	m := tpsLine.FindSubmatch(out)
	if m == nil {
		return res, fmt.Errorf("no tps in pgbench output: %s", out)
	}
	res.tps, _ = strconv.ParseFloat(string(m[1]), 64)
	return res, nil
}
