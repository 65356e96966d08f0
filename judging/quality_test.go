package judging

import (
	"fmt"
	"strings"
	"testing"
)

// Quality floors for the planted-truth simulation (judging/README.md).
const (
	tauFloor    = 0.87
	recallFloor = 0.83
	zTolerance  = 0.01 // calibrated may trail zscore by at most this much
)

// qualityRow is one line of the quality table.
type qualityRow struct {
	scenario    string
	method      Method
	tau, recall float64
}

// measureQuality ranks one simulated round with every method.
func measureQuality(t testing.TB, c simConfig, seed uint64) []qualityRow {
	in, truth := simulate(c, seed)
	var rows []qualityRow
	for _, m := range []Method{MethodMean, MethodZScore, MethodCalibrated} {
		in.Method = m
		res, err := Rank(in)
		if err != nil {
			t.Fatal(err)
		}
		tau, rec := quality(res, truth)
		rows = append(rows, qualityRow{fmt.Sprintf("%v seed %d", c, seed), m, tau, rec})
	}
	return rows
}

func qualityTable(rows []qualityRow) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-36s %-10s %7s %9s\n", "scenario", "method", "tau", "top10%")
	for _, r := range rows {
		fmt.Fprintf(&b, "%-36s %-10s %7.4f %9.4f\n", r.scenario, r.method, r.tau, r.recall)
	}
	return b.String()
}

// TestCalibratedQualityFloors runs the issue's simulation at full size
// (10,000 entries, 500 judges, k=3, 6 criteria) with random and in-track-only
// assignment and asserts the floors.
func TestCalibratedQualityFloors(t *testing.T) {
	for _, inTrack := range []bool{false, true} {
		for _, seed := range []uint64{1, 2} {
			rows := measureQuality(t, issueScenario(inTrack), seed)
			t.Log("\n" + qualityTable(rows))
			cal, z := rows[2], rows[1]
			if cal.tau < tauFloor || cal.recall < recallFloor {
				t.Errorf("%s: calibrated τ=%.4f recall=%.4f, floors %.2f and %.2f", cal.scenario, cal.tau, cal.recall, tauFloor, recallFloor)
			}
			if cal.tau < z.tau-zTolerance {
				t.Errorf("%s: calibrated τ=%.4f trails zscore τ=%.4f", cal.scenario, cal.tau, z.tau)
			}
		}
	}
}

// variedScenarios stress the model away from the issue's parameters: no
// judge effects at all, pure bias, pure scale, heavy noise, more judges per
// entry, tiny tracks.
func variedScenarios() []simConfig {
	base := simConfig{entries: 2000, judges: 100, k: 3, criteria: 6, tracks: 5,
		trackSD: 0.5, qualitySD: 1, criterionSD: 0.8, biasSD: 0.8, scaleSD: 0.35, noiseSD: 0.8}
	var out []simConfig
	for _, inTrack := range []bool{false, true} {
		base.inTrack = inTrack
		noEffects, bias, scale, noisy, k5, small := base, base, base, base, base, base
		noEffects.biasSD, noEffects.scaleSD = 0, 0
		bias.scaleSD, bias.biasSD = 0, 1.5
		scale.biasSD, scale.scaleSD = 0, 0.5
		noisy.noiseSD = 2
		k5.k = 5
		small.entries, small.judges, small.tracks = 200, 20, 2
		out = append(out, base, noEffects, bias, scale, noisy, k5, small)
	}
	return out
}

// TestCalibratedNeverTrailsZScore checks the "never worse than zscore by more
// than 0.01" rule over the varied scenarios.
func TestCalibratedNeverTrailsZScore(t *testing.T) {
	var all []qualityRow
	for i, c := range variedScenarios() {
		rows := measureQuality(t, c, uint64(100+i))
		all = append(all, rows...)
		if cal, z := rows[2], rows[1]; cal.tau < z.tau-zTolerance {
			t.Errorf("%s (scenario %d): calibrated τ=%.4f trails zscore τ=%.4f", cal.scenario, i, cal.tau, z.tau)
		}
	}
	t.Log("\n" + qualityTable(all))
}

// BenchmarkRankQuality prints the full quality table of the issue's
// simulation (run with -bench RankQuality -benchtime 1x -v).
func BenchmarkRankQuality(b *testing.B) {
	for range b.N {
		var rows []qualityRow
		for _, inTrack := range []bool{false, true} {
			for _, seed := range []uint64{1, 2, 3} {
				rows = append(rows, measureQuality(b, issueScenario(inTrack), seed)...)
			}
		}
		b.Log("\n" + qualityTable(rows))
	}
}
