package main

import (
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/podium-contests/podium/server/internal/apiclient"
)

// report is everything one `make bench` measured.
type report struct {
	opts    options
	started time.Time
	runs    []runResult
	hello   helloResult
	pgbench pgbenchResult
}

// targets of issue 7, checked against the measured figures.
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

func (r *report) markdown() string {
	var b strings.Builder
	o := r.opts
	p := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	p("# Benchmarks: the deadline rush")
	p("")
	p("Written by `make bench` (`go run ./server/cmd/podiumload`) on %s, %d CPUs (`runtime.NumCPU`), %s.",
		r.started.UTC().Format("2006-01-02 15:04 UTC"), runtime.NumCPU(), runtime.Version())
	p("Everything ran on this one machine: PostgreSQL 15, versitygw, the replicas, the load client and the baselines.")
	p("The machine is shared with other work, so the load average is given with every figure; rerun `make bench` to compare.")
	p("")
	p("Scenario: %d teams (set up beforehand: account, team, draft, a first submitted version), then **at once** each does %d cycles of",
		o.teams, o.iterations)
	p("*declare a %d-byte PDF → POST it to S3 with the presigned form → complete (the server checks size, SHA-256, type) → submit* (with an Idempotency-Key),",
		o.fileBytes)
	p("while %d judges save draft scores (round of 3 judges per entry) and %d organizers read the round's progress, in closed loops, until the teams are done.",
		o.judges, o.organizers)
	p("The client spreads requests over the replicas round robin. Only the rush is measured; figures are per endpoint over the rush's wall time.")
	p("")
	for _, run := range r.runs {
		p("## %d replica(s)", run.replicas)
		p("")
		p("Rush: %s wall time; load average %s before, %s after.", run.duration.Round(time.Millisecond), run.loadBefore, run.loadAfter)
		p("")
		p("| endpoint | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms |")
		p("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
		for _, x := range run.rows {
			p("| %s | %d | %d | %.0f | %.1f | %.1f | %.1f | %.1f |", x.Route, x.Count, x.Errors, x.PerSecond, x.P50, x.P95, x.P99, x.MaxMillisecond)
		}
		p("")
		var cpu, rss []string
		for i := range run.cpuSeconds {
			cpu = append(cpu, fmt.Sprintf("%.1f s (%.0f%% of one core)", run.cpuSeconds[i], 100*run.cpuSeconds[i]/run.duration.Seconds()))
			rss = append(rss, fmt.Sprintf("%.0f MB", float64(run.peakRSS[i])/(1<<20)))
		}
		p("Server processes: CPU %s; peak RSS %s.", strings.Join(cpu, ", "), strings.Join(rss, ", "))
		p("")
		p("Versions: %d acknowledged (one per team in setup plus every submit answered 201 in the rush), %d in the database; lost or duplicated: **%d**.",
			run.acknowledged, run.versionsInDB, run.lostOrDuplicate)
		p("")
	}
	p("## Baselines (same run)")
	p("")
	h := r.hello
	p("- Bare Fiber JSON handler under the same client, %d closed-loop clients: **%.0f req/s**, p50 %.1f ms, p99 %.1f ms, %d errors; CPU %.1f s, RSS %.0f MB (load average %s).",
		h.clients, h.row.PerSecond, h.row.P50, h.row.P99, h.row.Errors, h.cpuSeconds, float64(h.peakRSS)/(1<<20), h.load)
	p("- `pgbench -c %d -T %d` with the submit transaction's own SQL (taken from the store's named queries; script below): **%.0f transactions/s** (load average %s).",
		r.pgbench.clients, o.pgbenchSeconds, r.pgbench.tps, r.pgbench.load)
	p("")
	p("## Targets (issue 7)")
	p("")
	best := r.runs[0]
	for _, run := range r.runs {
		if run.route(apiclient.RouteSubmit).PerSecond > best.route(apiclient.RouteSubmit).PerSecond {
			best = run
		}
	}
	sub, score := best.route(apiclient.RouteSubmit), best.route(apiclient.RouteSaveScore)
	var peak int64
	for _, run := range r.runs {
		for _, x := range run.peakRSS {
			peak = max(peak, x)
		}
	}
	ratio := 0.0
	if r.pgbench.tps > 0 {
		ratio = sub.PerSecond / r.pgbench.tps
	}
	lost := 0
	for _, run := range r.runs {
		lost += run.lostOrDuplicate
	}
	p("Best run: %d replica(s).", best.replicas)
	p("")
	p("| target | measured | |")
	p("| --- | --- | --- |")
	p("| submit ≥ %.0f/s | %.0f/s | %s |", targetSubmitPerSecond, sub.PerSecond, yes(sub.PerSecond >= targetSubmitPerSecond))
	p("| submit p99 ≤ %.0f ms | %.1f ms | %s |", targetSubmitP99, sub.P99, yes(sub.P99 <= targetSubmitP99 && sub.Count > 0))
	p("| save score ≥ %.0f/s | %.0f/s | %s |", targetScorePerSecond, score.PerSecond, yes(score.PerSecond >= targetScorePerSecond))
	p("| save score p99 ≤ %.0f ms | %.1f ms | %s |", targetScoreP99, score.P99, yes(score.P99 <= targetScoreP99 && score.Count > 0))
	p("| server RSS < 200 MB | %.0f MB peak | %s |", float64(peak)/(1<<20), yes(peak < targetRSS))
	p("| submit ≥ 30%% of pgbench | %.0f / %.0f = %.0f%% | %s |", sub.PerSecond, r.pgbench.tps, 100*ratio, yes(ratio >= targetPgbenchRatio))
	p("| zero lost or duplicated versions | %d | %s |", lost, yes(lost == 0))
	p("")
	p("## What one machine holds, and N replicas")
	p("")
	if len(r.runs) > 0 {
		one := r.runs[0]
		s1 := one.route(apiclient.RouteSubmit)
		cpuPerSubmit := 0.0
		if s1.Count > 0 && len(one.cpuSeconds) > 0 {
			cpuPerSubmit = one.cpuSeconds[0] / float64(s1.Count)
		}
		cycle := one.route(apiclient.RouteDeclare).Count + one.route(apiclient.RouteComplete).Count + s1.Count +
			one.route(apiclient.RouteSaveScore).Count + one.route(apiclient.RouteProgress).Count
		cpuPerRequest := 0.0
		if cycle > 0 && len(one.cpuSeconds) > 0 {
			cpuPerRequest = one.cpuSeconds[0] / float64(cycle)
		}
		p("With one replica the server spent %.2f ms of CPU per API request on average (%.1f s over %d requests), i.e. %.2f ms per submit *cycle* counted on submits.",
			1000*cpuPerRequest, sumF(one.cpuSeconds), cycle, 1000*cpuPerSubmit)
		p("On this machine the app shares its %d cores with PostgreSQL, versitygw and the load client, so the measured rate is the whole-system figure:", runtime.NumCPU())
		p("**%.0f submits/s** (each with its declare + S3 upload + complete) while judges and organizers work.", s1.PerSecond)
		p("")
		if cpuPerRequest > 0 {
			perCore := 1 / cpuPerRequest
			p("Arithmetic for a cluster: one replica core serves about 1 / %.2f ms ≈ **%.0f API requests/s**. A submit cycle is 3 API calls (declare, complete, submit),",
				1000*cpuPerRequest, perCore)
			p("so a replica with 2 cores serves ≈ 2 × %.0f / 3 ≈ **%.0f submit cycles/s** of app CPU; N such replicas ≈ N × %.0f/s, until the database is the limit:",
				perCore, 2*perCore/3, 2*perCore/3)
			p("pgbench ran the submit transaction at %.0f/s on this shared machine, so a dedicated database server of the same size caps the cluster near that figure",
				r.pgbench.tps)
			p("(N ≈ %.1f replicas of 2 cores saturate it); past it, a bigger database server, not more replicas, raises the ceiling.", r.pgbench.tps/(2*perCore/3))
			p("20,000 teams submitting in the last ten minutes is 20,000 / 600 s ≈ 33 submits/s on average, and ~10× that at the peak minute: ≈ 330/s.")
		}
	}
	p("")
	p("## The pgbench script")
	p("")
	p("```")
	b.WriteString(r.pgbench.script)
	p("```")
	p("")
	p("Rerun: `make bench` (options: `go run ./server/cmd/podiumload -h`, e.g. `-teams 500 -iterations 5 -replicas 2`).")
	return b.String()
}

func sumF(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}
