package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net/url"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/podium-contests/podium/server/domain"
	"github.com/podium-contests/podium/server/internal/apiclient"
	"github.com/podium-contests/podium/server/internal/replica"
)

// consoleOptions are the parameters of the console phase: organizers
// reading a national-size contest's console (`podium seed --scale
// national`) on a running server.
type consoleOptions struct {
	base, email, password, contest string
	organizers, seconds, cold      int
	// paced: calls per second of the paced phase of each page (open loop:
	// the organizers' clicks arrive at this rate whatever the answers'
	// times); 0 for none.
	paced int
	pids  []int
	only  string // comma-separated parts of page names; "" for every page
}

// consolePage is one console request, numbered so that consecutive calls
// read different pages.
type consolePage struct {
	route string
	path  func(k int) string
}

// consolePaced is the default rate of the console's paced phase: 20
// organizers each opening 10 pages a second, far more than people click,
// to show the pages' latency when the server is busy but not saturated
// (the closed loop measures it saturated).
const consolePaced = 200

// routeConsoleBaseline is the console phase's baseline: the cheapest
// signed-in call (the session and the caller's roles), under the same
// organizers in the same run.
const routeConsoleBaseline = "baseline: GET /me"

// consoleResult is the console phase's figures.
type consoleResult struct {
	opts consoleOptions
	rows []capacityResult
	// pacedRows: each page at opts.paced calls per second.
	pacedRows []capacityResult
	cold      []float64 // milliseconds of each cold ranking read (20 at once)
	// coldTracks: milliseconds until every track's first page of a cold
	// ranking was read (all tracks at once, one organizer).
	coldTracks []float64
	load       string
	sizes      map[string]int
}

// consoleMain is `podiumload console`: the console phase alone, against a
// server already running on a seeded database.
func consoleMain(args []string) {
	fs := flag.NewFlagSet("console", flag.ExitOnError)
	var o consoleOptions
	fs.StringVar(&o.base, "url", "http://127.0.0.1:8080", "the server")
	fs.StringVar(&o.email, "email", "organizer.national@national.example", "an organizer of the contest")
	fs.StringVar(&o.password, "password", "podium-scale-pass", "the organizer's password")
	fs.StringVar(&o.contest, "contest", "national", "the contest's slug (made by podium seed --scale national)")
	fs.IntVar(&o.organizers, "organizers", 20, "organizers reading at once (closed loop)")
	fs.IntVar(&o.paced, "paced", consolePaced, "calls per second of each page's paced phase (open loop; 0: none)")
	fs.IntVar(&o.seconds, "seconds", 5, "duration of each page's phase")
	fs.IntVar(&o.cold, "cold", 5, "cold ranking reads (each after a sheet is reopened)")
	fs.StringVar(&o.only, "only", "", "measure only the pages whose name contains one of these comma-separated words (the baseline always)")
	fs.Parse(args) //nolint:errcheck // ExitOnError
	res, err := consolePhase(context.Background(), o)
	if err != nil {
		log.Fatalf("podiumload console: %v", err)
	}
	fmt.Print(res.markdown())
}

// coldRead reopens the submitted sheet of assignment sheet (its round's
// scores revision moves), then reads every path at once and returns the
// milliseconds until the last answer.
func coldRead(ctx context.Context, org *apiclient.Client, sheet int64, paths []string) (float64, error) {
	if err := org.Call(ctx, "reopen", 200, "POST", fmt.Sprintf("assignments/%d/reopen", sheet), domain.ReopenInput{Reason: "bench: a cold ranking"}, nil); err != nil {
		return 0, err
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	var slowest float64
	start := time.Now()
	for _, p := range paths {
		wg.Go(func() {
			err := org.Call(ctx, "ranking cold", 200, "GET", p, nil, nil, compressed...)
			ms := float64(time.Since(start).Microseconds()) / 1000
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				log.Printf("console: cold ranking %s: %v", p, err)
				return
			}
			slowest = max(slowest, ms)
		})
	}
	wg.Wait()
	return slowest, nil
}

// compressed is the header of the console phase's measured calls: they
// accept gzip, as an organizer's browser does, and their answers, which
// the phase does not read, stay compressed (see fastTransport.RoundTrip):
// decompressing ~270 KB a ranking page took the load client, on the cores
// it shares with the server, more CPU than the server spent on the page.
var compressed = []string{"Accept-Encoding", "gzip"}

// measures says whether the page named route is measured (-only).
func (o consoleOptions) measures(route string) bool {
	if o.only == "" || route == routeConsoleBaseline {
		return true
	}
	for _, w := range strings.Split(o.only, ",") {
		if w = strings.TrimSpace(w); w != "" && strings.Contains(route, w) {
			return true
		}
	}
	return false
}

// consolePhase signs the organizer in, finds the contest's largest round
// and measures every console page under o.organizers concurrent readers,
// then the ranking read cold (just after a score change) by all of them at
// once.
func consolePhase(ctx context.Context, o consoleOptions) (consoleResult, error) {
	res := consoleResult{opts: o, sizes: map[string]int{}}
	org := apiclient.New(apiclient.NewBalancer(o.base), httpClient())
	if err := org.Login(ctx, o.email, o.password); err != nil {
		return res, err
	}
	var rounds []domain.Round
	if err := org.Call(ctx, "rounds", 200, "GET", "contests/"+o.contest+"/rounds", nil, &rounds); err != nil {
		return res, err
	}
	if len(rounds) == 0 {
		return res, fmt.Errorf("contest %s has no rounds: run podium seed --scale national first", o.contest)
	}
	round := rounds[0].ID
	var firstTeams []domain.TeamListItem
	if err := org.Call(ctx, "teams", 200, "GET", "contests/"+o.contest+"/teams?limit=1", nil, &struct {
		Items *[]domain.TeamListItem `json:"items"`
	}{&firstTeams}); err != nil {
		return res, err
	}
	var firstAssignments []domain.Assignment
	if err := org.Call(ctx, "assignments", 200, "GET", fmt.Sprintf("rounds/%d/assignments?limit=200", round), nil, &firstAssignments); err != nil {
		return res, err
	}
	if len(firstTeams) == 0 || len(firstAssignments) == 0 {
		return res, fmt.Errorf("contest %s has no teams or assignments", o.contest)
	}
	var rk domain.Ranking
	if err := org.Call(ctx, "ranking", 200, "GET", fmt.Sprintf("rounds/%d/ranking?limit=1", round), nil, &rk); err != nil {
		return res, err
	}
	res.sizes["entries"] = rk.Total + rk.TotalUnscored
	var contest domain.Contest
	if err := org.Call(ctx, "contest", 200, "GET", "contests/"+o.contest, nil, &contest); err != nil {
		return res, err
	}
	tracks := contest.Tracks
	var firstJudge struct {
		NextAfter int64 `json:"next_after"`
	}
	if err := org.Call(ctx, "members", 200, "GET", "contests/"+o.contest+"/members?role=judge&limit=1", nil, &firstJudge); err != nil {
		return res, err
	}
	team0, asg0 := firstTeams[0].ID, firstAssignments[0].ID
	c := "contests/" + o.contest
	r := fmt.Sprintf("rounds/%d", round)
	pages := []consolePage{
		{routeConsoleBaseline, func(int) string { return "me" }},
		{"teams: first page", func(int) string { return c + "/teams?limit=50" }},
		{"teams: page deep in the list", func(k int) string { return fmt.Sprintf("%s/teams?limit=50&after=%d", c, team0+int64(k*7919%19000)) }},
		{"teams: track + submitted", func(k int) string {
			return fmt.Sprintf("%s/teams?limit=50&track=track-%02d&status=submitted", c, 1+k%12)
		}},
		{"teams: extended", func(int) string { return c + "/teams?limit=50&extended=true" }},
		{"teams: submitted late", func(int) string { return c + "/teams?limit=50&status=late" }},
		{"teams: flagged by the checks", func(int) string { return c + "/teams?limit=50&flagged=true" }},
		{"teams: search", func(k int) string { return c + "/teams?limit=50&q=" + url.QueryEscape(fmt.Sprintf("p%d.", 100+k%900)) }},
		{"round progress", func(int) string { return r + "/progress" }},
		{"assignments: a page", func(k int) string {
			return fmt.Sprintf("%s/assignments?limit=100&after=%d", r, asg0+int64(k*7919%29000))
		}},
		{"ranking: a page (warm)", func(k int) string { return fmt.Sprintf("%s/ranking?limit=100&offset=%d", r, k*100%10000) }},
		{"ranking: a track's page (warm)", func(k int) string {
			return fmt.Sprintf("%s/ranking?limit=100&track=track-01&offset=%d", r, k*100%800)
		}},
		{"ranking with probabilities: a page (warm)", func(k int) string {
			return fmt.Sprintf("%s/ranking?limit=100&confidence=1&offset=%d", r, k*100%10000)
		}},
		{"audit log: a page", func(int) string { return c + "/audit?limit=50" }},
		{"members: first page", func(int) string { return c + "/members?limit=50" }},
		{"members: judges, a page deep in the list", func(k int) string {
			return fmt.Sprintf("%s/members?role=judge&limit=50&after=%d", c, firstJudge.NextAfter+int64(k*7919%450))
		}},
		{"members: search", func(k int) string { return fmt.Sprintf("%s/members?limit=50&q=judge%d.", c, 1+k%500) }},
	}
	d := drive{clients: o.organizers, seconds: o.seconds}
	for _, p := range pages {
		if !o.measures(p.route) {
			continue
		}
		// One unmeasured call first: a warm phase measures the cached view,
		// not the computation the cold phase measures.
		if err := org.Call(ctx, p.route, 200, "GET", p.path(0), nil, nil); err != nil {
			return res, err
		}
		read := func(ctx context.Context, k int) error {
			return org.Call(ctx, p.route, 200, "GET", p.path(k), nil, nil, compressed...)
		}
		row := phase(ctx, d, p.route, 200, o.pids, read)
		log.Printf("console: %s: p50 %.1f ms, p99 %.1f ms, %d calls, %d errors (load average %s)",
			p.route, row.row.P50, row.row.P99, row.row.Count, row.row.Errors, row.load)
		res.rows = append(res.rows, row)
		if o.paced > 0 {
			paced := phase(ctx, drive{perSecond: o.paced, seconds: o.seconds, warmup: 1}, p.route, 200, o.pids, read)
			log.Printf("console: %s at %d calls/s: p50 %.1f ms, p99 %.1f ms, %d errors (load average %s)",
				p.route, o.paced, paced.row.P50, paced.row.P99, paced.row.Errors, paced.load)
			res.pacedRows = append(res.pacedRows, paced)
		}
	}
	// Cold: a sheet reopened (the scores revision moves), then every
	// organizer reads the ranking's first page at once.
	final := []int64{}
	for _, a := range firstAssignments {
		if a.ScoreState == "final" {
			final = append(final, a.ID)
		}
	}
	if need := 2 * o.cold; len(final) < need {
		// Each cold read leaves its sheet reopened: a database measured
		// before has fewer submitted sheets left.
		return res, fmt.Errorf("cold reads need %d submitted sheets among the round's first %d assignments and %d are left (earlier runs reopened them): seed the database again",
			need, len(firstAssignments), len(final))
	}
	whole := make([]string, o.organizers)
	for i := range whole {
		whole[i] = r + "/ranking?limit=100"
	}
	for i := 0; i < o.cold; i++ {
		slowest, err := coldRead(ctx, org, final[i], whole)
		if err != nil {
			return res, err
		}
		res.cold = append(res.cold, slowest)
		log.Printf("console: cold ranking %d: slowest of %d readers %.0f ms (load average %s)", i+1, o.organizers, slowest, loadAvg())
	}
	// Cold, as the ranking page reads it: a sheet reopened, then one
	// organizer's first page of every track at once.
	var firstPages []string
	for _, t := range tracks {
		firstPages = append(firstPages, r+"/ranking?limit=100&track="+url.QueryEscape(t.Slug))
	}
	for i := 0; i < o.cold; i++ {
		slowest, err := coldRead(ctx, org, final[o.cold+i], firstPages)
		if err != nil {
			return res, err
		}
		res.coldTracks = append(res.coldTracks, slowest)
		log.Printf("console: cold track pages %d: all %d tracks' first pages in %.0f ms (load average %s)", i+1, len(tracks), slowest, loadAvg())
	}
	res.load = loadAvg()
	return res, nil
}

// markdown reports the console phase.
func (r consoleResult) markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d organizers at once (closed loop, %d s a page, one organizer's session, latency seen by the client over loopback: the server's time plus the transfer); round of %d entries.\n\n",
		r.opts.organizers, r.opts.seconds, r.sizes["entries"])
	b.WriteString("| console page | calls/s | p50 ms | p99 ms | max ms | errors | p99 / baseline p99 | p99 / 50 ms | load average |\n|---|---:|---:|---:|---:|---:|---:|---:|---|\n")
	base := 0.0
	for _, c := range r.rows {
		if c.row.Route == routeConsoleBaseline {
			base = c.row.P99
		}
		ratio := 0.0
		if base > 0 {
			ratio = c.row.P99 / base
		}
		fmt.Fprintf(&b, "| %s | %.0f | %.1f | %.1f | %.1f | %d | %.2f | %.2f | %s |\n", c.row.Route, c.row.PerSecond, c.row.P50, c.row.P99, c.row.MaxMillisecond, c.row.Errors, ratio, c.row.P99/50, c.load)
	}
	if len(r.pacedRows) > 0 {
		fmt.Fprintf(&b, "\nPaced: the same pages at %d calls per second (open loop, %d s after 1 s of warm-up: every organizer of %d clicking %.0f times a second; latency counted from when each call was due).\n\n",
			r.opts.paced, r.opts.seconds, r.opts.organizers, float64(r.opts.paced)/float64(r.opts.organizers))
		b.WriteString("| console page | calls/s | p50 ms | p99 ms | max ms | errors | p99 / 50 ms | load average |\n|---|---:|---:|---:|---:|---:|---:|---|\n")
		for _, c := range r.pacedRows {
			fmt.Fprintf(&b, "| %s | %.0f | %.1f | %.1f | %.1f | %d | %.2f | %s |\n", c.row.Route, c.row.PerSecond, c.row.P50, c.row.P99, c.row.MaxMillisecond, c.row.Errors, c.row.P99/50, c.load)
		}
	}
	if len(r.cold) > 0 {
		sorted := append([]float64(nil), r.cold...)
		sort.Float64s(sorted)
		fmt.Fprintf(&b, "\nRanking read cold (a sheet reopened, then %d organizers read its first page at once; the slowest of them), %d times: median %.0f ms, max %.0f ms (target 300 ms: ratio %.2f); load average at the end %s.\n",
			r.opts.organizers, len(sorted), sorted[len(sorted)/2], sorted[len(sorted)-1], sorted[len(sorted)/2]/300, r.load)
	}
	if len(r.coldTracks) > 0 {
		sorted := append([]float64(nil), r.coldTracks...)
		sort.Float64s(sorted)
		fmt.Fprintf(&b, "\nEvery track's first page read cold (a sheet reopened, then one organizer reads the first page of each track at once, as the ranking page does; until the last arrived), %d times: median %.0f ms, max %.0f ms.\n",
			len(sorted), sorted[len(sorted)/2], sorted[len(sorted)-1])
	}
	return b.String()
}

// nationalResult is the national-scale phase of the main run: the seed's
// time and the console phase on one replica.
type nationalResult struct {
	seedSeconds float64
	seedLoad    string
	seedOutput  string
	console     consoleResult
	peakRSS     int64
}

// national seeds a contest of national size into a fresh database with
// `podium seed --scale national` (timed), starts one replica on it and runs
// the console phase.
func national(ctx context.Context, e *env, bin string, o options) (nationalResult, error) {
	var res nationalResult
	db := "podium_bench_national"
	if _, err := e.psql(e.adminURL, "DROP DATABASE IF EXISTS "+db+" WITH (FORCE)"); err != nil {
		return res, err
	}
	if _, err := e.psql(e.adminURL, "CREATE DATABASE "+db); err != nil {
		return res, err
	}
	dbURL := strings.Replace(e.adminURL, "/postgres?", "/"+db+"?", 1)
	senv := []string{"PODIUM_DATABASE_URL=" + dbURL, "PODIUM_DEV=true", "PODIUM_PUBLIC_URL=http://localhost",
		"PODIUM_S3_ENDPOINT=" + e.s3URL, "PODIUM_S3_REGION=us-east-1", "PODIUM_S3_BUCKET=bench-national",
		"PODIUM_S3_ACCESS_KEY=" + e.s3Access, "PODIUM_S3_SECRET_KEY=" + e.s3Secret}
	migrate := exec.CommandContext(ctx, bin, "migrate")
	migrate.Env = senv
	if out, err := migrate.CombinedOutput(); err != nil {
		return res, fmt.Errorf("podium migrate: %w: %s", err, out)
	}
	log.Printf("national: seeding (load average %s)", loadAvg())
	seed := exec.CommandContext(ctx, bin, "seed", "--scale", "national")
	seed.Env = senv
	start := time.Now()
	out, err := seed.Output()
	if err != nil {
		return res, fmt.Errorf("podium seed --scale national: %w", err)
	}
	res.seedSeconds, res.seedLoad, res.seedOutput = time.Since(start).Seconds(), loadAvg(), strings.TrimSpace(string(out))
	log.Printf("national: seeded in %.1f s (load average %s)", res.seedSeconds, res.seedLoad)
	s, err := replica.Start(ctx, bin, senv, filepath.Join(e.work, "podium-national.log"))
	if err != nil {
		return res, err
	}
	defer s.Stop() //nolint:errcheck // stopped at the end of the phase
	co := consoleOptions{base: s.URL, email: "organizer.national@national.example", password: "podium-scale-pass", contest: "national",
		organizers: o.organizers20, seconds: o.consoleSeconds, cold: 5, paced: consolePaced, pids: []int{s.PID()}}
	if res.console, err = consolePhase(ctx, co); err != nil {
		return res, err
	}
	for _, c := range res.console.rows {
		for _, rss := range c.peakRSS {
			res.peakRSS = max(res.peakRSS, rss)
		}
	}
	return res, nil
}

// markdown reports the national phase.
func (r nationalResult) markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "## National scale\n\n`podium seed --scale national` into an empty database: %s (%.1f s against the 60 s target: ratio %.2f; load average %s after).\n\n",
		strings.ReplaceAll(r.seedOutput, "\n", "; "), r.seedSeconds, r.seedSeconds/60, r.seedLoad)
	b.WriteString(r.console.markdown())
	fmt.Fprintf(&b, "\nServer peak RSS during the console phase: %.0f MB (target 300 MB).\n", float64(r.peakRSS)/(1<<20))
	return b.String()
}
