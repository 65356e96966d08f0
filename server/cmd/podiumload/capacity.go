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

// Route labels of the endpoint phases.
const (
	routeSubmitCapacity = "submit capacity"
	routeScoreCapacity  = "save score capacity"
	routeSubmitRate     = "submit at a sustained rate"
	routeScoreRate      = "save score at a sustained rate"
	routeSubmitToken    = "submit at a sustained rate, personal tokens"
	routeScoreToken     = "save score at a sustained rate, personal tokens"
	routeScoreOverlap   = "save score at a sustained rate, two saves of a sheet at once"
)

// drive is how a phase sends its calls: closed loop (clients, each sending
// its next call when the last one is answered) or, when perSecond > 0, open
// loop (perSecond calls a second on a fixed schedule, whatever the answers).
// An open loop first runs warmup seconds at its rate whose calls are
// reported apart: the steady state is measured, not the switch from the
// phase before.
type drive struct {
	clients, perSecond, seconds, warmup int
}

func (d drive) String() string {
	if d.perSecond > 0 {
		return fmt.Sprintf("%d calls/s for %d s after %d s of warm-up", d.perSecond, d.seconds, d.warmup)
	}
	return fmt.Sprintf("%d clients for %d s", d.clients, d.seconds)
}

// capacityResult is one endpoint phase: one endpoint called for a fixed
// time, nothing else running.
type capacityResult struct {
	row        row
	warm       row       // an open loop's warm-up calls (see drive)
	cpuSeconds []float64 // per replica, during the phase
	peakRSS    []int64   // per replica, bytes
	machine    machineCPU
	load       string // load average at the end of the phase
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

// phase drives call as d says, each call numbered (so consecutive calls go
// to different teams or assignments), and measures the latency of every
// call under route together with the servers' CPU and memory. A closed-loop
// call's latency runs from its sending; an open-loop call's from the moment
// the schedule had it due, so a client or server that falls behind shows in
// the figures instead of hiding them. A call succeeds when it returns nil
// (the apiclient call got status ok); the first error is logged. Calls in
// flight at the end are waited for: a cancelled submit could be stored
// without its 201 being seen.
func phase(ctx context.Context, d drive, route string, ok int, pids []int, call func(ctx context.Context, seq int) error) capacityResult {
	rec := newRecorder()
	var logFirst sync.Once
	warmRoute, warmCalls := route+" (warm-up)", d.perSecond*d.warmup
	measure := func(k int, since time.Time) {
		err := call(ctx, k)
		label := route
		if k < warmCalls {
			label = warmRoute
		}
		rec.observe(label, callStatus(err, ok), time.Since(since).Seconds())
		if err != nil {
			logFirst.Do(func() { log.Printf("%s: first error: %v", route, err) })
		}
	}
	sampler := startSampler(pids)
	start := time.Now()
	if d.perSecond > 0 {
		openLoop(d, start, measure)
	} else {
		closedLoop(d, start, measure)
	}
	res := capacityResult{duration: time.Since(start)}
	sampler.finish()
	res.machine = sampler.machine
	res.load = loadAvg()
	warm := time.Duration(d.warmup) * time.Second
	if rows := rec.rows(res.duration-warm, []string{route}); len(rows) == 1 {
		res.row = rows[0]
	}
	if rows := rec.rows(warm, []string{warmRoute}); len(rows) == 1 {
		res.warm = rows[0]
	}
	for _, p := range pids {
		res.cpuSeconds = append(res.cpuSeconds, sampler.cpuEnd[p]-sampler.cpuStart[p])
		res.peakRSS = append(res.peakRSS, sampler.peakRSS[p])
	}
	return res
}

// closedLoop runs d.clients clients until d.seconds have passed.
func closedLoop(d drive, start time.Time, measure func(k int, since time.Time)) {
	deadline := start.Add(time.Duration(d.seconds) * time.Second)
	var seq atomic.Int64
	var wg sync.WaitGroup
	for range d.clients {
		wg.Go(func() {
			for time.Now().Before(deadline) {
				measure(int(seq.Add(1)-1), time.Now())
			}
		})
	}
	wg.Wait()
}

// openLoop sends d.perSecond calls a second for d.warmup + d.seconds, call
// k due at start + k/perSecond, and waits for the last answer.
func openLoop(d drive, start time.Time, measure func(k int, since time.Time)) {
	interval := time.Second / time.Duration(d.perSecond)
	var wg sync.WaitGroup
	for k := range d.perSecond * (d.warmup + d.seconds) {
		due := start.Add(time.Duration(k) * interval)
		if wait := time.Until(due); wait > 0 {
			time.Sleep(wait)
		}
		wg.Go(func() { measure(k, due) })
	}
	wg.Wait()
}

// errAllBusy is a call not sent: every item had a call in flight, so the
// server had fallen behind the offered rate.
var errAllBusy = errors.New("not sent: every item has a call in flight (the server fell behind)")

// pool hands out the items a phase calls on (teams, score sheets) with at
// most one call in flight per item, as a team's submit button or a judge's
// autosave allows, and counts each item's calls.
type pool struct {
	mu     sync.Mutex
	busy   []bool
	visits []int
}

func newPool(n int) *pool { return &pool{busy: make([]bool, n), visits: make([]int, n)} }

// take picks the first item from the k-th on (so that consecutive calls go
// to different items) with no call in flight, and returns it with its
// visit number; ok is false when every item has one.
func (p *pool) take(k int) (i, visit int, ok bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for step := range len(p.busy) {
		if i = (k + step) % len(p.busy); !p.busy[i] {
			p.busy[i] = true
			p.visits[i]++
			return i, p.visits[i], true
		}
	}
	return 0, 0, false
}

// done ends item i's call.
func (p *pool) done(i int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.busy[i] = false
}

// use runs call on an item from the pool (see take), or fails with
// errAllBusy.
func (p *pool) use(k int, call func(i, visit int) error) error {
	i, visit, ok := p.take(k)
	if !ok {
		return errAllBusy
	}
	defer p.done(i)
	return call(i, visit)
}

// submitPhase has the teams, whose drafts are complete with a stored file,
// submit again and again, each call with a fresh Idempotency-Key and
// consecutive calls on different teams. It returns the phase and the
// number of versions the database gained, to compare with the 201 answers.
func submitPhase(ctx context.Context, e *env, dbURL string, d drive, route string, n int, pids []int, teams []team, busy *pool) (capacityResult, versionCheck, error) {
	before, err := checkVersions(e, dbURL)
	if err != nil {
		return capacityResult{}, versionCheck{}, err
	}
	log.Printf("[%d replica(s)] %s: %s (load average %s)", n, route, d, loadAvg())
	tag := strings.ReplaceAll(route, " ", "-")
	res := phase(ctx, d, route, 201, pids, func(ctx context.Context, k int) error {
		return busy.use(k, func(i, _ int) error {
			_, err := teams[i].c.Submit(ctx, teams[i].id, fmt.Sprintf("%s-%d-%d", tag, n, k))
			return err
		})
	})
	after, err := checkVersions(e, dbURL)
	if err != nil {
		return res, versionCheck{}, err
	}
	vc := versionCheck{acknowledged: res.row.Count + res.warm.Count, inDB: after.total - before.total, bad: after.bad}
	log.Printf("[%d replica(s)] %s: %.0f/s, p99 %.1f ms, %d errors; %d answered 201, %d new versions in the database",
		n, route, res.row.PerSecond, res.row.P99, res.row.Errors, vc.acknowledged, vc.inDB)
	return res, vc, nil
}

// sheets are the judges' score sheets the endpoint phases save, with a
// pool so that a sheet has at most one save in flight, as a judge's
// autosave sends them. Each save of a sheet in these phases changes its
// values from the last, so that every save writes.
type sheets struct {
	judge []*apiclient.Client
	id    []int64
	busy  *pool
}

func newSheets(judges []*apiclient.Client, work [][]domain.Assignment) *sheets {
	s := &sheets{}
	for i, j := range judges {
		for _, a := range work[i] {
			s.judge, s.id = append(s.judge, j), append(s.id, a.ID)
		}
	}
	s.busy = newPool(len(s.id))
	return s
}

// scorePhase has the judges save draft scores on their sheets (see sheets).
func scorePhase(ctx context.Context, d drive, route string, n int, pids []int, sh *sheets) (capacityResult, error) {
	log.Printf("[%d replica(s)] %s: %s (load average %s)", n, route, d, loadAvg())
	if len(sh.id) == 0 {
		return capacityResult{}, fmt.Errorf("%s: no judge has an assignment", route)
	}
	res := phase(ctx, d, route, 200, pids, func(ctx context.Context, k int) error {
		return sh.busy.use(k, func(i, visit int) error {
			return sh.judge[i].SaveScore(ctx, sh.id[i], float64(1+visit%10), float64(1+(visit+3)%10))
		})
	})
	log.Printf("[%d replica(s)] %s: %.0f/s, p99 %.1f ms, %d errors", n, route, res.row.PerSecond, res.row.P99, res.row.Errors)
	return res, nil
}

// overlapPhase saves every sheet twice at once: consecutive calls 2m and
// 2m+1 go to one sheet with the same values (an autosave and the submit
// click, a retry, a double click: nothing the judge changed between them),
// and the next pair of the sheet brings new values. The pool holds each
// sheet twice, so both saves of a pair are in flight together.
func overlapPhase(ctx context.Context, d drive, n int, pids []int, sh *sheets) (capacityResult, error) {
	log.Printf("[%d replica(s)] %s: %s (load average %s)", n, routeScoreOverlap, d, loadAvg())
	if len(sh.id) == 0 {
		return capacityResult{}, fmt.Errorf("%s: no judge has an assignment", routeScoreOverlap)
	}
	busy := newPool(2 * len(sh.id))
	res := phase(ctx, d, routeScoreOverlap, 200, pids, func(ctx context.Context, k int) error {
		return busy.use(k, func(slot, _ int) error {
			i, pair := slot/2, k/2
			return sh.judge[i].SaveScore(ctx, sh.id[i], float64(1+pair%10), float64(1+(pair+3)%10))
		})
	})
	log.Printf("[%d replica(s)] %s: %.0f/s, p99 %.1f ms, %d errors", n, routeScoreOverlap, res.row.PerSecond, res.row.P99, res.row.Errors)
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
