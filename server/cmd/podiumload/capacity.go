package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/podium-contests/podium/server/domain"
	"github.com/podium-contests/podium/server/internal/apiclient"
)

// Route labels of the capacity phases.
const (
	routeSubmitCapacity = "submit capacity"
	routeScoreCapacity  = "save score capacity"
)

// capacityResult is one capacity phase: a fixed number of closed-loop
// clients calling one endpoint for a fixed time, nothing else running.
type capacityResult struct {
	row        row
	cpuSeconds []float64 // per replica, during the phase
	peakRSS    []int64   // per replica, bytes
	load       string    // load average at the end of the phase
	duration   time.Duration
}

// callStatus is the HTTP status of an apiclient call's outcome: ok when it
// succeeded, the reply's status when it was another, 0 on a transport error.
func callStatus(err error, ok int) int {
	if err == nil {
		return ok
	}
	var ae *apiclient.Error
	if errors.As(err, &ae) {
		return ae.Status
	}
	return 0
}

// capacity runs call with o.capacityClients closed-loop clients for
// o.capacitySeconds, each call numbered by a counter shared by all clients
// (so consecutive calls go to different teams or assignments), and measures
// the latency of every call under route together with the servers' CPU and
// memory. A call succeeds when it returns nil (the apiclient call got status
// ok); the first error is logged.
func capacity(ctx context.Context, o options, route string, ok int, pids []int, call func(ctx context.Context, seq int) error) capacityResult {
	rec := newRecorder()
	var logFirst sync.Once
	var seq atomic.Int64
	sampler := startSampler(pids)
	// Calls in flight at the deadline finish (a cancelled submit could be
	// stored without its 201 being seen); none starts after it.
	deadline := time.Now().Add(time.Duration(o.capacitySeconds) * time.Second)
	start := time.Now()
	var wg sync.WaitGroup
	for w := 0; w < o.capacityClients; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				k := int(seq.Add(1) - 1)
				t := time.Now()
				err := call(ctx, k)
				rec.observe(route, callStatus(err, ok), time.Since(t).Seconds())
				if err != nil {
					logFirst.Do(func() { log.Printf("%s: first error: %v", route, err) })
				}
			}
		}()
	}
	wg.Wait()
	res := capacityResult{duration: time.Since(start)}
	sampler.finish()
	res.load = loadAvg()
	if rows := rec.rows(res.duration, []string{route}); len(rows) == 1 {
		res.row = rows[0]
	}
	for _, p := range pids {
		res.cpuSeconds = append(res.cpuSeconds, sampler.cpuEnd[p]-sampler.cpuStart[p])
		res.peakRSS = append(res.peakRSS, sampler.peakRSS[p])
	}
	return res
}

// submitCapacity has the teams, whose drafts are complete with a stored
// file, submit again and again, each call with a fresh Idempotency-Key and
// consecutive calls on different teams. It returns the phase and the
// number of versions the database gained, to compare with the 201 answers.
func submitCapacity(ctx context.Context, e *env, dbURL string, o options, n int, pids []int, teams []team) (capacityResult, versionCheck, error) {
	before, err := checkVersions(e, dbURL)
	if err != nil {
		return capacityResult{}, versionCheck{}, err
	}
	log.Printf("[%d replica(s)] submit capacity: %d clients for %d s (load average %s)", n, o.capacityClients, o.capacitySeconds, loadAvg())
	res := capacity(ctx, o, routeSubmitCapacity, 201, pids, func(ctx context.Context, k int) error {
		t := teams[k%len(teams)]
		_, err := t.c.Submit(ctx, t.id, fmt.Sprintf("capacity-%d-%d", n, k))
		return err
	})
	after, err := checkVersions(e, dbURL)
	if err != nil {
		return res, versionCheck{}, err
	}
	vc := versionCheck{acknowledged: res.row.Count, inDB: after.total - before.total, bad: after.bad}
	log.Printf("[%d replica(s)] submit capacity: %.0f/s, p99 %.1f ms, %d errors; %d answered 201, %d new versions in the database",
		n, res.row.PerSecond, res.row.P99, res.row.Errors, vc.acknowledged, vc.inDB)
	return res, vc, nil
}

// scoreCapacity has the judges save draft scores over their assignments,
// consecutive calls on different assignments, with values that change at
// every visit of an assignment so that every save writes.
func scoreCapacity(ctx context.Context, o options, n int, pids []int, judges []*apiclient.Client, work [][]domain.Assignment) (capacityResult, error) {
	log.Printf("[%d replica(s)] score capacity: %d clients for %d s (load average %s)", n, o.capacityClients, o.capacitySeconds, loadAvg())
	// Only judges with assignments take part.
	type judgeWork struct {
		c    *apiclient.Client
		todo []domain.Assignment
	}
	var busy []judgeWork
	for i, j := range judges {
		if len(work[i]) > 0 {
			busy = append(busy, judgeWork{j, work[i]})
		}
	}
	if len(busy) == 0 {
		return capacityResult{}, fmt.Errorf("score capacity: no judge has an assignment")
	}
	res := capacity(ctx, o, routeScoreCapacity, 200, pids, func(ctx context.Context, k int) error {
		j := busy[k%len(busy)]
		idx := k / len(busy)
		visit := idx / len(j.todo) // the same assignment's previous save had visit-1
		return j.c.SaveScore(ctx, j.todo[idx%len(j.todo)].ID, float64(1+visit%10), float64(1+(visit+3)%10))
	})
	log.Printf("[%d replica(s)] score capacity: %.0f/s, p99 %.1f ms, %d errors", n, res.row.PerSecond, res.row.P99, res.row.Errors)
	return res, nil
}

// versionCheck compares acknowledged submits with the versions stored.
type versionCheck struct {
	acknowledged int // submits answered 201
	inDB         int // versions in the database (or gained, for a phase)
	bad          int // submissions whose versions are not exactly 1..current_version
}

// lostOrDuplicate is the number of versions missing or in excess.
func (v versionCheck) lostOrDuplicate() int { return abs(v.inDB-v.acknowledged) + v.bad }

// versionTotals are the versions in a database, and the submissions whose
// versions are not numbered exactly 1..current_version, once each.
type versionTotals struct{ total, bad int }

func checkVersions(e *env, dbURL string) (versionTotals, error) {
	out, err := e.psql(dbURL, `SELECT (SELECT count(*) FROM submission_versions) || '|' || count(*) FILTER (WHERE bad) FROM (
		SELECT s.id, count(v.id) <> s.current_version OR count(DISTINCT v.version) <> count(v.id) AS bad
		FROM submissions s LEFT JOIN submission_versions v ON v.submission_id = s.id GROUP BY s.id, s.current_version) x`)
	if err != nil {
		return versionTotals{}, err
	}
	f := strings.Split(out, "|")
	if len(f) != 2 {
		return versionTotals{}, fmt.Errorf("version check: unexpected %q", out)
	}
	var v versionTotals
	if v.total, err = strconv.Atoi(f[0]); err != nil {
		return v, err
	}
	v.bad, err = strconv.Atoi(f[1])
	return v, err
}
