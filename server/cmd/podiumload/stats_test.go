package main

import (
	"math"
	"testing"
)

// TestMachineCPU: the busy and stolen shares come from the aggregate line of
// /proc/stat, with idle and iowait counted as idle.
func TestMachineCPU(t *testing.T) {
	before := parseCPU("cpu  1000 0 500 8000 100 0 50 350 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n")
	after := parseCPU("cpu  1600 100 700 8300 100 0 150 550 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n")
	// 1,500 ticks passed: 300 idle, 200 stolen, 1,000 busy.
	got := before.to(after)
	if math.Abs(got.busy-1000.0/1500) > 1e-12 || math.Abs(got.steal-200.0/1500) > 1e-12 {
		t.Fatalf("busy %.4f, steal %.4f; want 0.6667 and 0.1333", got.busy, got.steal)
	}
	for _, bad := range []string{"", "intr 1 2 3", "cpu 1 2 3"} {
		if r := parseCPU(bad); r != (cpuReading{}) {
			t.Errorf("parseCPU(%q) = %+v, want a zero reading", bad, r)
		}
	}
	if m := before.to(before); m != (machineCPU{}) {
		t.Errorf("no time passed: %+v", m)
	}
}
