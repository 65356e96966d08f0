package main

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/podium-contests/podium/server/internal/apiclient"
)

// report is everything one `make bench` measured.
type report struct {
	opts       options
	started    time.Time
	s3InMemory bool // versitygw's objects were in /dev/shm
	runs       []runResult
	hello      helloResult
	pgbench    pgbenchResult
	national   nationalResult // when opts.national
}

// targets of docs/scaling.md, checked against the measured figures.
const (
	targetSubmitPerSecond = 1000.0
	targetSubmitP99       = 100.0
	targetScorePerSecond  = 2000.0
	targetScoreP99        = 50.0
	targetRSS             = 200 << 20
	targetPgbenchRatio    = 0.30
)

func (r runResult) route(name string) row {
	for _, x := range r.rows {
		if x.Route == name {
			return x
		}
	}
	return row{Route: name}
}

func yes(ok bool) string {
	if ok {
		return "**met**"
	}
	return "**not met**"
}

// tableHeader is the header of a table of endpoint rows (see tableRow).
const tableHeader = "| endpoint | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"

// tableRow is one endpoint's figures as a row of tableHeader's table.
func tableRow(x row) string {
	return fmt.Sprintf("| %s | %d | %d | %.0f | %.1f | %.1f | %.1f | %.1f |", x.Route, x.Count, x.Errors, x.PerSecond, x.P50, x.P95, x.P99, x.MaxMillisecond)
}

// serverUsage describes the replicas' CPU time over d and their peak RSS.
func serverUsage(cpu []float64, rss []int64, d time.Duration) string {
	var c, m []string
	for i := range cpu {
		c = append(c, fmt.Sprintf("%.1f s (%.0f%% of one core)", cpu[i], 100*cpu[i]/d.Seconds()))
		m = append(m, fmt.Sprintf("%.0f MB", float64(rss[i])/(1<<20)))
	}
	return fmt.Sprintf("CPU %s; peak RSS %s", strings.Join(c, ", "), strings.Join(m, ", "))
}

// bestRun is the run whose figure f is highest.
func (r *report) bestRun(f func(runResult) float64) runResult {
	best := r.runs[0]
	for _, run := range r.runs[1:] {
		if f(run) > f(best) {
			best = run
		}
	}
	return best
}

// rateScore ranks a sustained-rate phase of total offered calls: a phase
// that answered every call beats one that did not, then the lower p99 wins.
func rateScore(c capacityResult, total int) float64 {
	score := -c.row.P99
	if c.row.Count == total && c.row.Errors == 0 {
		score += 1e9
	}
	return score
}

// cpuPerCall is the replicas' CPU seconds per successful call of a phase
// (warm-up included, as the CPU figures are).
func (c capacityResult) cpuPerCall() float64 {
	if n := c.row.Count + c.warm.Count; n > 0 {
		return sumF(c.cpuSeconds) / float64(n)
	}
	return 0
}

func (r *report) markdown() string {
	var b strings.Builder
	o := r.opts
	p := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	p("# Benchmarks: the deadline rush")
	p("")
	p("Written by `make bench` (`go run ./server/cmd/podiumload`) on %s, %d CPUs (`runtime.NumCPU`), %s.",
		r.started.UTC().Format("2006-01-02 15:04 UTC"), runtime.NumCPU(), runtime.Version())
	p("Everything ran on this one machine: PostgreSQL 15, versitygw, the replicas, the load client and the baselines.")
	where := "on disk"
	if r.s3InMemory {
		where = "in memory (`/dev/shm`: object storage lives elsewhere in production, and its disk writes would cost this machine's CPU in kernel writeback)"
	}
	p("versitygw ran at CPU niceness %d, as under `make run` (its bulk transfers yield to the API and the database), with its objects %s.", o.s3Nice, where)
	p("It runs in a session of its own, so the niceness is set on its session's scheduling group too (%s): under the kernel's autogroup scheduling a process's own niceness weighs only against its session's other processes.", autogroupState())
	p("The machine is shared with other work, so the load average is given with every figure, and every phase says how busy the whole machine was and what share of its time the hypervisor gave to other guests (steal); rerun `make bench` to compare.")
	p("")
	p("Each replica count gets three kinds of measurement, on the same servers and database:")
	p("")
	p("1. **The rush** (end to end, including S3). %d teams (set up beforehand: account, team, draft, a first submitted version), then **at once** each does %d cycles of",
		o.teams, o.iterations)
	p("   *declare a %d-byte PDF → POST it to S3 with the presigned form → complete (the server checks size, SHA-256, type) → submit* (with an Idempotency-Key),",
		o.fileBytes)
	p("   while %d judges save draft scores (round of 3 judges per entry; each pausing %s between saves, like an autosave) and %d organizers read the round's progress (pausing %s), until the teams are done.",
		o.judges, o.judgePause, o.organizers, o.organizerPause)
	p("   Figures are per endpoint over the rush's wall time. On this machine the cycle rate is bounded by the local S3 server (versitygw) receiving the uploads,")
	p("   so the rush shows what a team experiences end to end, not what the submit and save-score endpoints can carry.")
	p("2. **The capacity phases** (the endpoints alone, no S3). After the rush, %d closed-loop clients call one endpoint for %d s, nothing else running:",
		o.capacityClients, o.capacitySeconds)
	p("   *submit capacity*: `POST /api/v1/teams/{id}/submission/submit` on the teams' complete drafts (stored file), each call with a fresh Idempotency-Key,")
	p("   consecutive calls on different teams (spread over the %d), so every call is a full submit transaction writing a new version;", o.teams)
	p("   then *save score capacity*: `PUT /api/v1/assignments/{id}/score` by the %d judges over their assignments, consecutive calls on different sheets,", o.judges)
	p("   at most one save of a sheet in flight (as a judge's autosave), with values that change at every save so every save writes.")
	p("   Calls in flight at the deadline are waited for. Afterwards the versions the database gained are compared with the submits answered 201.")
	p("3. **The sustained-rate phases** (the same two endpoints and calls, no S3), at the target rates: %d submits/s, then %d score saves/s, each for %d s",
		o.submitRate, o.scoreRate, o.rateSeconds)
	p("   after %d s of warm-up at the same rate (its calls are reported on their own line: the figures are the steady state, not the switch from the phase before).", o.rateWarmup)
	p("   The calls are sent **open loop**, on a fixed schedule whatever the answers (call *k* is due at *k*/rate s), as independent users send them;")
	p("   each call's latency runs from the moment it was due, so a server (or client) that falls behind shows in the figures instead of slowing the offered load.")
	p("   A closed loop cannot measure a rate target: its clients wait for answers, so its latency is set by how many clients it runs (Little's law), not by the rate.")
	p("   A team has at most one submit in flight and a sheet one save (as the submit button and a judge's autosave allow); a call due while every team")
	p("   (every sheet) has one is not sent and counts as an error: the server has fallen behind the rate.")
	p("")
	p("The client spreads requests over the replicas round robin, with at most 256 connections to each (as an ingress's pool of upstream connections). Setup is not measured.")
	p("The load client sends its calls with fasthttp's HTTP client (under the API client the tests use), which costs this shared machine less CPU per call than Go's net/http; every phase says what share of a core the client itself took.")
	p("Throughout, the replicas deliver the submits' receipt e-mails (logged: no SMTP relay) in the background, each at most `PODIUM_SMTP_RATE` per second (the default, 50).")
	p("")
	for _, run := range r.runs {
		p("## %d replica(s)", run.replicas)
		p("")
		p("### Rush (end to end, with S3)")
		p("")
		p("Rush: %s wall time; load average %s before, %s after.", run.duration.Round(time.Millisecond), run.loadBefore, run.loadAfter)
		p("")
		p("%s", tableHeader)
		for _, x := range run.rows {
			p("%s", tableRow(x))
		}
		p("")
		p("Server processes: %s; %s.", serverUsage(run.cpuSeconds, run.peakRSS, run.duration), run.machine)
		p("")
		p("Versions: %d acknowledged (one per team in setup plus every submit answered 201 in the rush), %d in the database; lost or duplicated: **%d**.",
			run.versions.acknowledged, run.versions.inDB, run.versions.lostOrDuplicate())
		p("")
		p("### Capacity phases (%d closed-loop clients, %d s each, no S3)", o.capacityClients, o.capacitySeconds)
		p("")
		p("%s", tableHeader)
		for _, c := range []capacityResult{run.submitCap, run.scoreCap} {
			p("%s", tableRow(c.row))
		}
		p("")
		for _, c := range []capacityResult{run.submitCap, run.scoreCap} {
			p("- %s: %s wall time, load average %s after; server %s; %.2f ms of server CPU per call; %s.",
				c.row.Route, c.duration.Round(time.Millisecond), c.load, serverUsage(c.cpuSeconds, c.peakRSS, c.duration), 1000*c.cpuPerCall(), c.machine)
		}
		p("")
		p("Versions of the submit capacity phase: %d submits answered 201, the database gained %d versions; lost or duplicated: **%d**.",
			run.submitVersions.acknowledged, run.submitVersions.inDB, run.submitVersions.lostOrDuplicate())
		p("")
		p("### Sustained-rate phases (open loop, %d s each, no S3)", o.rateSeconds)
		p("")
		p("%s", tableHeader)
		for _, c := range []capacityResult{run.submitRate, run.scoreRate} {
			p("%s", tableRow(c.row))
		}
		p("")
		for _, x := range []struct {
			c    capacityResult
			rate int
		}{{run.submitRate, o.submitRate}, {run.scoreRate, o.scoreRate}} {
			p("- %s: %d calls offered at %d/s, %d answered as expected; %s wall time with the warm-up, load average %s after; server %s; %.2f ms of server CPU per call; %s.",
				x.c.row.Route, x.rate*o.rateSeconds, x.rate, x.c.row.Count, x.c.duration.Round(time.Millisecond), x.c.load,
				serverUsage(x.c.cpuSeconds, x.c.peakRSS, x.c.duration), 1000*x.c.cpuPerCall(), x.c.machine)
			p("  Its warm-up: %d calls, %d errors, p50 %.1f ms, p99 %.1f ms, max %.1f ms.", x.c.warm.Count+x.c.warm.Errors, x.c.warm.Errors, x.c.warm.P50, x.c.warm.P99, x.c.warm.MaxMillisecond)
		}
		p("")
		p("Versions of the sustained submit phase: %d submits answered 201, the database gained %d versions; lost or duplicated: **%d**.",
			run.rateVersions.acknowledged, run.rateVersions.inDB, run.rateVersions.lostOrDuplicate())
		p("")
		if o.tokens {
			p("### Personal tokens and overlapping saves (open loop, %d s each, no S3)", o.rateSeconds)
			p("")
			p("The same rates with a personal token per team and judge (`Authorization: Bearer`, no cookie, no CSRF), and save score with two saves of every sheet in flight at once (same values: an autosave and the submit click, a retry). Ratio: p99 against the same rate with sessions, measured just before.")
			p("")
			p("%s", tableHeader)
			for _, c := range []capacityResult{run.tokenSubmitRate, run.tokenScoreRate, run.overlapRate} {
				p("%s", tableRow(c.row))
			}
			p("")
			for _, x := range []struct{ c, base capacityResult }{{run.tokenSubmitRate, run.submitRate}, {run.tokenScoreRate, run.scoreRate}, {run.overlapRate, run.scoreRate}} {
				p("- %s: p99 %.1f ms against %.1f ms with sessions (ratio %.2f), %.2f against %.2f ms of server CPU per call; %d errors; load average %s after.",
					x.c.row.Route, x.c.row.P99, x.base.row.P99, ratioOf(x.c.row.P99, x.base.row.P99), 1000*x.c.cpuPerCall(), 1000*x.base.cpuPerCall(), x.c.row.Errors, x.c.load)
			}
			p("")
			p("Versions of the token submit phase: %d answered 201, the database gained %d; lost or duplicated: **%d**.",
				run.tokenVersions.acknowledged, run.tokenVersions.inDB, run.tokenVersions.lostOrDuplicate())
			p("")
		}
	}
	if o.national {
		b.WriteString(r.national.markdown())
		p("")
	}
	p("## Baselines (same run)")
	p("")
	h := r.hello
	p("- Bare Fiber JSON handler under the same client, %d closed-loop clients: **%.0f req/s**, p50 %.1f ms, p99 %.1f ms, %d errors; CPU %.1f s, RSS %.0f MB (load average %s).",
		h.clients, h.row.PerSecond, h.row.P50, h.row.P99, h.row.Errors, h.cpuSeconds, float64(h.peakRSS)/(1<<20), h.load)
	p("- `pgbench -M prepared -c %d -T %d` with the SQL a submit sends (its two statements, taken from the store's named queries, one submit per write statement where the app lets concurrent submits share it; script below; its statements planned once per connection like the app's, `plan_cache_mode=force_generic_plan`): **%.0f submits/s** (load average %s).",
		r.pgbench.clients, o.pgbenchSeconds, r.pgbench.tps, r.pgbench.load)
	p("")
	p("## Targets")
	p("")
	bestCap := r.bestRun(func(x runResult) float64 { return x.submitCap.row.PerSecond })
	subRun := r.bestRun(func(x runResult) float64 { return rateScore(x.submitRate, o.submitRate*o.rateSeconds) })
	scoreRun := r.bestRun(func(x runResult) float64 { return rateScore(x.scoreRate, o.scoreRate*o.rateSeconds) })
	sub, score := subRun.submitRate.row, scoreRun.scoreRate.row
	var peak int64
	lost := 0
	for _, run := range r.runs {
		for _, rss := range [][]int64{run.peakRSS, run.submitCap.peakRSS, run.scoreCap.peakRSS, run.submitRate.peakRSS, run.scoreRate.peakRSS} {
			for _, x := range rss {
				peak = max(peak, x)
			}
		}
		lost += run.versions.lostOrDuplicate() + run.submitVersions.lostOrDuplicate() + run.rateVersions.lostOrDuplicate()
	}
	ratio := 0.0
	if r.pgbench.tps > 0 {
		ratio = bestCap.submitCap.row.PerSecond / r.pgbench.tps
	}
	subTotal, scoreTotal := o.submitRate*o.rateSeconds, o.scoreRate*o.rateSeconds
	p("A rate is sustained when every call the sustained-rate phase offered at it was answered as expected (201 for a submit, 200 for a save);")
	p("its latency is that phase's. Each target is shown for the replica count that did best at it. The pgbench ratio takes the most submits/s")
	p("the endpoint carried (its capacity phase). Memory is the peak over every phase; lost or duplicated versions are counted after every rush and every submit phase.")
	p("")
	p("| target | measured | where | |")
	p("| --- | --- | --- | --- |")
	p("| submit sustained at ≥ %d/s | %d of %d calls answered 201 (%d errors) | sustained-rate phase, %d replica(s) | %s |",
		o.submitRate, sub.Count, subTotal, sub.Errors, subRun.replicas, yes(sub.Count == subTotal && sub.Errors == 0 && float64(o.submitRate) >= targetSubmitPerSecond))
	p("| submit p99 ≤ %.0f ms at that rate | %.1f ms | sustained-rate phase, %d replica(s) | %s |", targetSubmitP99, sub.P99, subRun.replicas, yes(sub.P99 <= targetSubmitP99 && sub.Count > 0))
	p("| save score sustained at ≥ %d/s | %d of %d calls answered 200 (%d errors) | sustained-rate phase, %d replica(s) | %s |",
		o.scoreRate, score.Count, scoreTotal, score.Errors, scoreRun.replicas, yes(score.Count == scoreTotal && score.Errors == 0 && float64(o.scoreRate) >= targetScorePerSecond))
	p("| save score p99 ≤ %.0f ms at that rate | %.1f ms | sustained-rate phase, %d replica(s) | %s |", targetScoreP99, score.P99, scoreRun.replicas, yes(score.P99 <= targetScoreP99 && score.Count > 0))
	p("| server RSS < 200 MB | %.0f MB peak | every phase | %s |", float64(peak)/(1<<20), yes(peak < targetRSS))
	p("| submit ≥ 30%% of pgbench | %.0f / %.0f = %.0f%% | submit capacity, %d replica(s) | %s |", bestCap.submitCap.row.PerSecond, r.pgbench.tps, 100*ratio, bestCap.replicas, yes(ratio >= targetPgbenchRatio))
	p("| zero lost or duplicated versions | %d | every rush and submit phase | %s |", lost, yes(lost == 0))
	p("")
	scoreCap := r.bestRun(func(x runResult) float64 { return x.scoreCap.row.PerSecond }).scoreCap.row
	p("Flat out (capacity phases, best replica count): submit %.0f/s (p99 %.1f ms), save score %.0f/s (p99 %.1f ms).",
		bestCap.submitCap.row.PerSecond, bestCap.submitCap.row.P99, scoreCap.PerSecond, scoreCap.P99)
	p("")
	p("## What one machine holds, and N replicas")
	p("")
	if len(r.runs) > 0 {
		r.arithmetic(p)
	}
	p("")
	p("## The pgbench script")
	p("")
	p("```")
	b.WriteString(r.pgbench.script)
	p("```")
	p("")
	p("Rerun: `make bench` (options: `go run ./server/cmd/podiumload -h`, e.g. `-teams 500 -iterations 5 -replicas 2 -capacity-clients 128 -capacity-seconds 30 -submit-rate 1500 -rate-seconds 30`).")
	return b.String()
}

// arithmetic writes what one machine holds and what N replicas would hold,
// from the one-replica run's capacity phases and the pgbench figure.
func (r *report) arithmetic(p func(format string, a ...any)) {
	one := r.runs[0]
	sc, gc := one.submitCap, one.scoreCap
	p("Measured on this machine, where the app shares its %d cores with PostgreSQL, versitygw and the load client (whole-system figures, one replica):", runtime.NumCPU())
	p("**%.0f submits/s** and **%.0f score saves/s** in the capacity phases; in the rush, **%.0f complete submit cycles/s** (declare + S3 upload + complete + submit),",
		sc.row.PerSecond, gc.row.PerSecond, one.route(apiclient.RouteSubmit).PerSecond)
	p("a figure set by the local S3 server receiving 1 MiB uploads, not by Podium.")
	p("")
	cpuSub, cpuScore := sc.cpuPerCall(), gc.cpuPerCall()
	if cpuSub <= 0 || cpuScore <= 0 {
		p("(No CPU figures: a capacity phase made no successful call.)")
		return
	}
	perReplicaSub, perReplicaScore := 2/cpuSub, 2/cpuScore
	p("Arithmetic for a cluster. In the one-replica capacity phases the server spent %.2f ms of CPU per submit and %.2f ms per score save,", 1000*cpuSub, 1000*cpuScore)
	p("so a replica with 2 dedicated cores has app CPU for ≈ 2 / %.2f ms ≈ **%.0f submits/s**, or ≈ 2 / %.2f ms ≈ **%.0f score saves/s**;",
		1000*cpuSub, perReplicaSub, 1000*cpuScore, perReplicaScore)
	p("N such replicas ≈ N × %.0f submits/s until the database is the limit. pgbench ran the submit's SQL at %.0f/s on this shared machine,",
		perReplicaSub, r.pgbench.tps)
	if n := r.pgbench.tps / perReplicaSub; n >= 1 {
		p("so a dedicated database server of the same size caps the cluster near that figure (N ≈ %.0f / %.0f ≈ %.1f replicas of 2 cores reach it);",
			r.pgbench.tps, perReplicaSub, n)
	} else {
		p("so a dedicated database server of the same size caps the cluster near that figure, below what one replica's CPU serves (%.0f / %.0f ≈ %.1f):",
			r.pgbench.tps, perReplicaSub, n)
		p("for submits, replicas beyond the first add availability, not throughput;")
	}
	p("past it, a bigger database server, not more replicas, raises the ceiling. The uploads themselves go straight to the object store and cost the app nothing,")
	p("so a managed S3 service (not the single local versitygw) carries the 1 MiB bodies.")
	p("20,000 teams submitting in the last ten minutes is 20,000 / 600 s ≈ 33 submits/s on average, and ~10× that at the peak minute: ≈ 330/s,")
	p("against %.0f/s measured on this one machine for the submit endpoint.", sc.row.PerSecond)
}

func sumF(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

// autogroupState says whether the kernel schedules sessions as groups.
func autogroupState() string {
	b, err := os.ReadFile("/proc/sys/kernel/sched_autogroup_enabled")
	switch {
	case err != nil:
		return "this kernel has no autogroup scheduling"
	case strings.TrimSpace(string(b)) == "1":
		return "autogroup scheduling is on here"
	default:
		return "autogroup scheduling is off here"
	}
}

// ratioOf is a / b, or 0 without a baseline.
func ratioOf(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}
