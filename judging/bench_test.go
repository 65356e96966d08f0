package judging

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"
)

// largeAssign generates the issue's benchmark instance: nE entries in 20
// tracks, nJ judges with one home track (a third also take a second), loads
// 55–65, 5% conflicts and an affinity for every pair: higher in track.
func largeAssign(nE, nJ, k int, seed uint64) AssignInput {
	rng := rand.New(rand.NewPCG(seed, 1))
	const tracks = 20
	in := AssignInput{K: k, TrackRule: TrackPrefer}
	for e := 0; e < nE; e++ {
		in.Entries = append(in.Entries, Entry{ID: fmt.Sprintf("e%d", e), Track: fmt.Sprintf("t%d", rng.IntN(tracks))})
	}
	for j := 0; j < nJ; j++ {
		jd := Judge{ID: fmt.Sprintf("j%d", j), MinLoad: 55, MaxLoad: 65, Tracks: []string{fmt.Sprintf("t%d", j%tracks)}}
		if rng.IntN(3) == 0 {
			jd.Tracks = append(jd.Tracks, fmt.Sprintf("t%d", rng.IntN(tracks)))
		}
		in.Judges = append(in.Judges, jd)
	}
	in.Affinity = make([]Affinity, 0, nE*nJ)
	for e := 0; e < nE; e++ {
		for j := 0; j < nJ; j++ {
			p := Pair{Judge: int32(j), Entry: int32(e)}
			if rng.IntN(20) == 0 {
				in.Conflicts = append(in.Conflicts, p)
				continue
			}
			v := 0.3 * rng.Float64()
			if testInTrack(&in, e, j) {
				v = 0.4 + 0.6*rng.Float64()
			}
			in.Affinity = append(in.Affinity, Affinity{Pair: p, Value: float64(int(v*1e4)) / 1e4})
		}
	}
	return in
}

// BenchmarkAssign solves the issue's instance (10,000 entries × 500 judges,
// k=3) and smaller ones. Peak-heap is the peak live heap during the solve
// (input excluded), measured by a sampling goroutine-free method: the
// difference of HeapInuse before and after the solve with GC disabled is an
// upper bound; run with GODEBUG=gctrace=0.
func BenchmarkAssign(b *testing.B) {
	for _, size := range []struct{ e, j int }{{1000, 50}, {10000, 500}} {
		b.Run(fmt.Sprintf("%dx%d", size.e, size.j), func(b *testing.B) {
			in := largeAssign(size.e, size.j, 3, 1)
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			b.ResetTimer()
			var res *AssignResult
			for range b.N {
				var err error
				if res, err = Assign(in); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/1e6, "MB-alloc/op")
			b.ReportMetric(float64(res.Stats.CertificationRounds), "rounds")
			b.ReportMetric(float64(res.Stats.CandidateArcs), "arcs")
		})
	}
}

// BenchmarkRank ranks the issue's speed instance: 10,000 entries × 3 judges
// × 6 criteria = 180,000 scores.
func BenchmarkRank(b *testing.B) {
	in, _ := simulate(issueScenario(false), 1)
	for _, m := range []Method{MethodMean, MethodZScore, MethodCalibrated} {
		b.Run(string(m), func(b *testing.B) {
			in.Method = m
			b.ReportAllocs()
			for range b.N {
				if _, err := Rank(in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
