package main

import (
	"context"
	"fmt"
	"log"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/podium-contests/podium/server/domain"
	"github.com/podium-contests/podium/server/internal/apiclient"
	"github.com/podium-contests/podium/server/internal/replica"
	"github.com/podium-contests/podium/server/store"
)

// runResult is one rush against a number of replicas, and the capacity
// phases run on the same replicas after it.
type runResult struct {
	replicas       int
	dbURL          string
	duration       time.Duration
	rows           []row
	cpuSeconds     []float64 // per replica, during the rush
	peakRSS        []int64   // per replica, bytes
	machine        machineCPU
	loadBefore     string
	loadAfter      string
	versions       versionCheck // after the rush: acknowledged counts one per team in setup too
	submitCap      capacityResult
	submitVersions versionCheck // versions gained during the submit capacity phase
	scoreCap       capacityResult
	submitRate     capacityResult
	rateVersions   versionCheck // versions gained during the sustained submit phase
	scoreRate      capacityResult
	// The same sustained rates with personal tokens instead of sessions,
	// and save score with two saves of each sheet at once (see overlapPhase).
	tokenSubmitRate capacityResult
	tokenVersions   versionCheck
	tokenScoreRate  capacityResult
	overlapRate     capacityResult
}

var rushOrder = []string{apiclient.RouteDeclare, apiclient.RouteS3Post, apiclient.RouteComplete, apiclient.RouteSubmit,
	apiclient.RouteSaveScore, apiclient.RouteProgress}

// team is one virtual team of the rush.
type team struct {
	c  *apiclient.Client
	id int64
}

func rush(ctx context.Context, e *env, bin string, o options, n int) (runResult, error) {
	res := runResult{replicas: n}
	db := fmt.Sprintf("podium_bench_%d", n)
	if _, err := e.psql(e.adminURL, "DROP DATABASE IF EXISTS "+db+" WITH (FORCE)"); err != nil {
		return res, err
	}
	if _, err := e.psql(e.adminURL, "CREATE DATABASE "+db); err != nil {
		return res, err
	}
	res.dbURL = strings.Replace(e.adminURL, "/postgres?", "/"+db+"?", 1)
	senv := []string{
		"PODIUM_DATABASE_URL=" + res.dbURL, "PODIUM_DEV=true", "PODIUM_PUBLIC_URL=http://localhost",
		"PODIUM_S3_ENDPOINT=" + e.s3URL, "PODIUM_S3_REGION=us-east-1", "PODIUM_S3_BUCKET=" + fmt.Sprintf("bench-%d", n),
		"PODIUM_S3_ACCESS_KEY=" + e.s3Access, "PODIUM_S3_SECRET_KEY=" + e.s3Secret,
		// Each virtual user sends its own X-Forwarded-For, as behind an ingress.
		"PODIUM_TRUSTED_PROXIES=127.0.0.1",
		// The load phases submit and upload far beyond a person's pace, and
		// every cycle's file stays with its version: measure the work, not
		// the throttles and quotas (which cost no query).
		"PODIUM_RATE_SUBMIT=1000000 + 1000000/1s", "PODIUM_RATE_UPLOAD_DECLARE=1000000 + 1000000/1s",
		"PODIUM_RATE_UPLOAD_COMPLETE=1000000 + 1000000/1s",
		"PODIUM_UPLOAD_STORAGE_FACTOR=1000", "PODIUM_UPLOAD_HOURLY_FACTOR=1000",
	}
	admin := exec.CommandContext(ctx, bin, "admin", "create", "--email", "root@bench.example.org")
	admin.Env = append(senv, "PODIUM_ADMIN_PASSWORD="+apiclient.Password)
	if out, err := admin.CombinedOutput(); err != nil { // migrates the database too
		return res, fmt.Errorf("podium admin create: %w: %s", err, out)
	}
	var servers []*replica.Server
	var bases []string
	for i := 0; i < n; i++ {
		s, err := replica.Start(ctx, bin, senv, filepath.Join(e.work, fmt.Sprintf("podium-%d-%d.log", n, i)))
		if err != nil {
			return res, err
		}
		defer s.Stop() //nolint:errcheck // stopped at the end of the run
		servers = append(servers, s)
		bases = append(bases, s.URL)
	}
	lb := apiclient.NewBalancer(bases...)
	hc := httpClient()
	rec := newRecorder()
	var ip atomic.Uint32
	newClient := func() *apiclient.Client {
		c := apiclient.New(lb, hc)
		v := ip.Add(1)
		c.IP = fmt.Sprintf("10.%d.%d.%d", v>>16&255, v>>8&255, v&255)
		return c
	}

	log.Printf("[%d replica(s)] setup: %d teams, %d judges (load average %s)", n, o.teams, o.judges, loadAvg())
	org := newClient()
	if err := org.Login(ctx, "root@bench.example.org", apiclient.Password); err != nil {
		return res, err
	}
	slug := "rush"
	if _, err := org.CreateContest(ctx, apiclient.ContestInput(slug, int64(o.fileBytes)+1024)); err != nil {
		return res, err
	}
	// Everyone confirms their address (teams and roles need a proven one)
	// with the link read from the outbox.
	outbox, err := store.Open(ctx, res.dbURL, store.Options{MaxOpenConns: 2, MaxIdleConns: 1})
	if err != nil {
		return res, err
	}
	defer outbox.Close()
	teams := make([]team, o.teams)
	if err := parallel(o.setupWorkers, o.teams, func(i int) error {
		c := newClient()
		email := fmt.Sprintf("team%d@uni.example.edu", i)
		if err := c.SignUp(ctx, email, "Captain", fmt.Sprintf("Uni %d", i)); err != nil {
			return err
		}
		if err := c.VerifyFromOutbox(ctx, outbox, email); err != nil {
			return err
		}
		t, err := c.CreateTeam(ctx, slug, fmt.Sprintf("Team %d", i), []string{"energy", "health"}[i%2])
		if err != nil {
			return err
		}
		if err := c.SaveDraft(ctx, t.ID, fmt.Sprintf("Entry %d", i)); err != nil {
			return err
		}
		if _, err := c.UploadFile(ctx, t.ID, apiclient.PDFSlot, "deck.pdf", apiclient.PDF(o.fileBytes, uint64(i)<<16)); err != nil {
			return err
		}
		if _, err := c.Submit(ctx, t.ID, fmt.Sprintf("setup-%d", i)); err != nil {
			return err
		}
		teams[i] = team{c: c, id: t.ID}
		return nil
	}); err != nil {
		return res, fmt.Errorf("setup teams: %w", err)
	}
	judges := make([]*apiclient.Client, o.judges)
	if err := parallel(o.setupWorkers, o.judges, func(i int) error {
		c := newClient()
		email := fmt.Sprintf("judge%d@jury.example.net", i)
		if err := c.SignUp(ctx, email, "Judge", fmt.Sprintf("Jury %d", i)); err != nil {
			return err
		}
		if err := c.VerifyFromOutbox(ctx, outbox, email); err != nil {
			return err
		}
		judges[i] = c
		return org.AddMember(ctx, slug, email, domain.RoleJudge)
	}); err != nil {
		return res, fmt.Errorf("setup judges: %w", err)
	}
	round, err := org.CreateRound(ctx, slug, 3)
	if err != nil {
		return res, err
	}
	work := make([][]domain.Assignment, o.judges)
	for i, j := range judges {
		if work[i], err = j.MyAssignments(ctx); err != nil {
			return res, err
		}
	}
	// Only the rush is measured.
	for _, t := range teams {
		t.c.Observe = rec.observe
	}
	for _, j := range judges {
		j.Observe = rec.observe
	}
	org.Observe = rec.observe

	log.Printf("[%d replica(s)] rush: %d teams x %d cycles of %d-byte upload + submit (load average %s)", n, o.teams, o.iterations, o.fileBytes, loadAvg())
	res.loadBefore = loadAvg()
	pids := make([]int, len(servers))
	for i, s := range servers {
		pids[i] = s.PID()
	}
	sampler := startSampler(pids)
	// The judges and organizers stop when the teams are done; a call in
	// flight then is waited for (under ctx), not cancelled and counted as
	// an error.
	rushCtx, stopBackground := context.WithCancel(ctx)
	var background sync.WaitGroup
	for i, j := range judges {
		background.Add(1)
		go func() {
			defer background.Done()
			for k := 0; rushCtx.Err() == nil && len(work[i]) > 0; k++ {
				a := work[i][k%len(work[i])]
				_ = j.SaveScore(ctx, a.ID, float64(1+k%10), float64(1+(k+3)%10))
				pause(rushCtx, o.judgePause)
			}
		}()
	}
	for i := 0; i < o.organizers; i++ {
		background.Add(1)
		go func() {
			defer background.Done()
			for rushCtx.Err() == nil {
				_, _ = org.Progress(ctx, round.ID)
				pause(rushCtx, o.organizerPause)
			}
		}()
	}
	var acked atomic.Int64
	start := time.Now()
	var rushers sync.WaitGroup
	for i, t := range teams {
		rushers.Add(1)
		go func() {
			defer rushers.Done()
			body := apiclient.PDF(o.fileBytes, 0)
			for k := 0; k < o.iterations; k++ {
				apiclient.Reseed(body, uint64(i)<<16|uint64(k+1))
				if _, err := t.c.UploadFile(ctx, t.id, apiclient.PDFSlot, "deck.pdf", body); err != nil {
					log.Printf("team %d upload: %v", i, err)
					continue
				}
				if _, err := t.c.Submit(ctx, t.id, fmt.Sprintf("rush-%d-%d", i, k)); err != nil {
					log.Printf("team %d submit: %v", i, err)
					continue
				}
				acked.Add(1)
			}
		}()
	}
	rushers.Wait()
	res.duration = time.Since(start)
	stopBackground()
	background.Wait()
	sampler.finish()
	res.machine = sampler.machine
	res.loadAfter = loadAvg()
	for _, p := range pids {
		res.cpuSeconds = append(res.cpuSeconds, sampler.cpuEnd[p]-sampler.cpuStart[p])
		res.peakRSS = append(res.peakRSS, sampler.peakRSS[p])
	}
	res.rows = rec.rows(res.duration, rushOrder)
	for _, t := range teams { // the capacity phases keep their own figures
		t.c.Observe = nil
	}
	for _, j := range judges {
		j.Observe = nil
	}

	// Every acknowledged version is in the database, once, numbered 1..n.
	v, err := checkVersions(e, res.dbURL)
	if err != nil {
		return res, err
	}
	res.versions = versionCheck{acknowledged: int(acked.Load()) + o.teams, inDB: v.total, bad: v.bad}
	log.Printf("[%d replica(s)] rush done in %s: %d versions acknowledged, %d in the database (load average %s)",
		n, res.duration.Round(time.Millisecond), res.versions.acknowledged, res.versions.inDB, res.loadAfter)

	// The endpoint phases: the submit and save-score endpoints alone,
	// without S3, first flat out (closed loop), then at the target rates
	// (open loop). The entry checks the rush's uploads queued run first:
	// they read every PDF back in the server's job workers, and measured
	// beside them the endpoints seemed to cost three times their CPU.
	if err := waitChecks(e, res.dbURL, n); err != nil {
		return res, err
	}
	closed := drive{clients: o.capacityClients, seconds: o.capacitySeconds}
	teamPool := newPool(len(teams))
	if res.submitCap, res.submitVersions, err = submitPhase(ctx, e, res.dbURL, closed, routeSubmitCapacity, n, pids, teams, teamPool); err != nil {
		return res, err
	}
	sh := newSheets(judges, work)
	if res.scoreCap, err = scorePhase(ctx, closed, routeScoreCapacity, n, pids, sh); err != nil {
		return res, err
	}
	if res.submitRate, res.rateVersions, err = submitPhase(ctx, e, res.dbURL, drive{perSecond: o.submitRate, seconds: o.rateSeconds, warmup: o.rateWarmup}, routeSubmitRate, n, pids, teams, teamPool); err != nil {
		return res, err
	}
	if res.scoreRate, err = scorePhase(ctx, drive{perSecond: o.scoreRate, seconds: o.rateSeconds, warmup: o.rateWarmup}, routeScoreRate, n, pids, sh); err != nil {
		return res, err
	}
	if o.tokens {
		if err := tokenPhases(ctx, e, &res, o, n, pids, teams, judges, work, teamPool); err != nil {
			return res, err
		}
	}
	hc.CloseIdleConnections() // before the servers stop, or their idle timeouts
	return res, nil
}

// waitChecks waits until the server's job workers have run every entry
// check and fingerprint queued in the database at dbURL (at most ten
// minutes).
func waitChecks(e *env, dbURL string, n int) error {
	start := time.Now()
	for {
		out, err := e.psql(dbURL, "SELECT count(*) FROM river_job WHERE kind IN ('file_check', 'file_fingerprint') AND state IN ('available', 'running', 'retryable', 'scheduled')")
		if err != nil {
			return fmt.Errorf("waiting for the entry checks: %w", err)
		}
		if out == "0" {
			log.Printf("[%d replica(s)] the rush's entry checks ran in %s more (load average %s)", n, time.Since(start).Round(time.Millisecond), loadAvg())
			return nil
		}
		if time.Since(start) > 10*time.Minute {
			return fmt.Errorf("entry checks still queued after 10 minutes: %s", out)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// tokenPhases runs the sustained-rate phases again with a personal token
// per team and judge (made in an unmeasured setup), then save score with
// two saves of each sheet in flight at once (sessions, as a browser).
func tokenPhases(ctx context.Context, e *env, res *runResult, o options, n int, pids []int, teams []team, judges []*apiclient.Client, work [][]domain.Assignment, teamPool *pool) error {
	tokTeams := make([]team, len(teams))
	tokJudges := make([]*apiclient.Client, len(judges))
	err := parallel(o.setupWorkers, len(teams)+len(judges), func(i int) error {
		if i < len(teams) {
			c, err := teams[i].c.WithToken(ctx, "bench")
			tokTeams[i] = team{c: c, id: teams[i].id}
			return err
		}
		c, err := judges[i-len(teams)].WithToken(ctx, "bench")
		tokJudges[i-len(teams)] = c
		return err
	})
	if err != nil {
		return fmt.Errorf("personal tokens: %w", err)
	}
	rate := func(perSecond int) drive {
		return drive{perSecond: perSecond, seconds: o.rateSeconds, warmup: o.rateWarmup}
	}
	if res.tokenSubmitRate, res.tokenVersions, err = submitPhase(ctx, e, res.dbURL, rate(o.submitRate), routeSubmitToken, n, pids, tokTeams, teamPool); err != nil {
		return err
	}
	if res.tokenScoreRate, err = scorePhase(ctx, rate(o.scoreRate), routeScoreToken, n, pids, newSheets(tokJudges, work)); err != nil {
		return err
	}
	res.overlapRate, err = overlapPhase(ctx, rate(o.scoreRate), n, pids, newSheets(judges, work))
	return err
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// parallel runs fn(0..n-1) on workers goroutines and returns the first error.
func parallel(workers, n int, fn func(i int) error) error {
	var next atomic.Int64
	var first error
	var once sync.Once
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := fn(i); err != nil {
					once.Do(func() { first = err })
					return
				}
			}
		}()
	}
	wg.Wait()
	return first
}

// pause waits d, or less if ctx ends.
func pause(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
