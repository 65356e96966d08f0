package main

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/podium-contests/podium/server/internal/procstat"
)

// recorder collects the latency of every request by route label.
type recorder struct {
	mu     sync.Mutex
	lat    map[string][]float64
	errors map[string]int
}

func newRecorder() *recorder {
	return &recorder{lat: map[string][]float64{}, errors: map[string]int{}}
}

// observe is apiclient.Client.Observe.
func (r *recorder) observe(route string, status int, seconds float64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if status == 0 || status >= 400 {
		r.errors[route]++
		return
	}
	r.lat[route] = append(r.lat[route], seconds)
}

// row is one endpoint's figures over a run of the given duration.
type row struct {
	Route          string
	Count, Errors  int
	PerSecond      float64
	P50, P95, P99  float64 // milliseconds
	MaxMillisecond float64
}

func (r *recorder) rows(d time.Duration, order []string) []row {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []row
	for _, route := range order {
		l := append([]float64(nil), r.lat[route]...)
		if len(l) == 0 && r.errors[route] == 0 {
			continue
		}
		sort.Float64s(l)
		out = append(out, row{Route: route, Count: len(l), Errors: r.errors[route], PerSecond: float64(len(l)) / d.Seconds(),
			P50: pct(l, 0.50), P95: pct(l, 0.95), P99: pct(l, 0.99), MaxMillisecond: pct(l, 1)})
	}
	return out
}

func pct(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p*float64(len(sorted))+0.5) - 1
	if i < 0 {
		i = 0
	}
	if i >= len(sorted) {
		i = len(sorted) - 1
	}
	return sorted[i] * 1000
}

// procSampler follows the CPU time and resident memory of processes.
type procSampler struct {
	pids     []int
	stop     chan struct{}
	done     chan struct{}
	peakRSS  map[int]int64 // bytes
	cpuStart map[int]float64
	cpuEnd   map[int]float64
	machine  machineCPU // the whole machine over the sampled time
}

// machineCPU is how the whole machine's CPU time went over a phase
// (/proc/stat): the share spent working, and the share the hypervisor gave
// to other guests while this one had work (steal). A run whose figures
// stand out from the others with a high steal share says the virtual
// machine's host was busy, not the code. client is the load client's own
// share of one core: CPU the server and the database did not get.
type machineCPU struct {
	busy, steal, client float64
}

func (m machineCPU) String() string {
	return fmt.Sprintf("machine %.0f%% busy, %.0f%% stolen by the hypervisor; the load client used %.0f%% of one core",
		100*m.busy, 100*m.steal, 100*m.client)
}

// cpuReading is the aggregate line of /proc/stat: every tick so far, the
// idle ones (idle + iowait) and the stolen ones.
type cpuReading struct {
	total, idle, steal float64
}

// readCPU reads /proc/stat (a zero reading where there is none).
func readCPU() cpuReading {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return cpuReading{}
	}
	return parseCPU(string(b))
}

// parseCPU reads the aggregate "cpu" line of a /proc/stat text.
func parseCPU(stat string) cpuReading {
	line, _, _ := strings.Cut(stat, "\n")
	fields := strings.Fields(line)
	if len(fields) < 9 || fields[0] != "cpu" {
		return cpuReading{}
	}
	var r cpuReading
	var v [8]float64 // user nice system idle iowait irq softirq steal
	for i := range v {
		v[i], _ = strconv.ParseFloat(fields[i+1], 64)
		r.total += v[i]
	}
	r.idle, r.steal = v[3]+v[4], v[7]
	return r
}

// to is the machine's CPU from reading a to reading b.
func (a cpuReading) to(b cpuReading) machineCPU {
	d := b.total - a.total
	if d <= 0 {
		return machineCPU{}
	}
	steal := b.steal - a.steal
	return machineCPU{busy: (d - (b.idle - a.idle) - steal) / d, steal: steal / d}
}

const clockTicks = 100 // USER_HZ on Linux

func startSampler(pids []int) *procSampler {
	s := &procSampler{pids: pids, stop: make(chan struct{}), done: make(chan struct{}),
		peakRSS: map[int]int64{}, cpuStart: map[int]float64{}, cpuEnd: map[int]float64{}}
	for _, p := range pids {
		s.cpuStart[p] = cpuSeconds(p)
	}
	cpuStart, clientStart, start := readCPU(), cpuSeconds(os.Getpid()), time.Now()
	go func() {
		defer close(s.done)
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		for {
			for _, p := range pids {
				if rss := rssBytes(p); rss > s.peakRSS[p] {
					s.peakRSS[p] = rss
				}
			}
			select {
			case <-s.stop:
				for _, p := range pids {
					s.cpuEnd[p] = cpuSeconds(p)
				}
				s.machine = cpuStart.to(readCPU())
				s.machine.client = (cpuSeconds(os.Getpid()) - clientStart) / time.Since(start).Seconds()
				return
			case <-tick.C:
			}
		}
	}()
	return s
}

func (s *procSampler) finish() {
	close(s.stop)
	<-s.done
}

// cpuSeconds is utime + stime of a process, from /proc/PID/stat.
func cpuSeconds(pid int) float64 {
	fields, err := procstat.Fields(pid)
	if err != nil || len(fields) < 13 {
		return 0
	}
	u, _ := strconv.ParseFloat(fields[11], 64) // utime, field 14
	k, _ := strconv.ParseFloat(fields[12], 64) // stime, field 15
	return (u + k) / clockTicks
}

// rssBytes is VmRSS of a process, from /proc/PID/status.
func rssBytes(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb * 1024
		}
	}
	return 0
}

// loadAvg is the first field of /proc/loadavg.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Fields(string(b))[0]
}
