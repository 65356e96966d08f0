package judging

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// sspOptimum is an independent reference solver: successive shortest paths
// with Bellman–Ford on the dense graph source → entry → judge → sink. A
// judge's min_load is modelled as a first sink arc of that capacity with a
// large bonus, so that a min-cost flow of value k·E fills every minimum when
// possible. It returns the best penalised objective, or ok=false.
func sspOptimum(in *AssignInput) (float64, bool) {
	nE, nJ := len(in.Entries), len(in.Judges)
	// Integer costs (micro-units) keep Bellman–Ford exact.
	const unit, bonus = 1e6, int64(1e12)
	type arc struct {
		to, rev int
		cap     int
		cost    int64
	}
	// min_in_track: entries with a track get a split node in front of
	// their in-track judges, reached by a first arc of capacity MinInTrack
	// with the same large bonus as min_load.
	split := make([]int, nE)
	n := nE + nJ + 2
	for e := range split {
		split[e] = -1
		if in.MinInTrack > 0 && in.TrackRule != TrackRequire && in.Entries[e].Track != "" {
			split[e] = n
			n++
		}
	}
	src, snk := nE+nJ, nE+nJ+1
	g := make([][]arc, n)
	add := func(u, v, c int, w int64) {
		g[u] = append(g[u], arc{v, len(g[v]), c, w})
		g[v] = append(g[v], arc{u, len(g[u]) - 1, 0, -w})
	}
	gain := make(map[Pair]float64)
	for _, a := range in.Affinity {
		gain[a.Pair] = a.Value
	}
	banned := make(map[Pair]bool)
	for _, c := range in.Conflicts {
		banned[c] = true
	}
	bonuses := 0
	for e := 0; e < nE; e++ {
		add(src, e, in.K, 0)
		if split[e] >= 0 {
			add(e, split[e], in.MinInTrack, -bonus)
			add(e, split[e], in.K-in.MinInTrack, 0)
			bonuses += in.MinInTrack
		}
		for j := 0; j < nJ; j++ {
			p := Pair{Judge: int32(j), Entry: int32(e)}
			w := -gain[p]
			if !testInTrack(in, e, j) {
				if in.TrackRule == TrackRequire {
					continue
				}
				w += in.penalty()
			}
			from := e
			if split[e] >= 0 && testInTrack(in, e, j) {
				from = split[e]
			}
			if !banned[p] {
				add(from, nE+j, 1, int64(math.Round(w*unit)))
			}
		}
	}
	for j, jd := range in.Judges {
		add(nE+j, snk, jd.MinLoad, -bonus)
		add(nE+j, snk, jd.MaxLoad-jd.MinLoad, 0)
	}
	const inf = math.MaxInt64
	total := int64(0)
	for flow := 0; flow < in.K*nE; flow++ {
		dist := make([]int64, n)
		prev := make([][2]int, n)
		for i := range dist {
			dist[i] = inf
		}
		dist[src] = 0
		for changed := true; changed; {
			changed = false
			for u := range g {
				if dist[u] == inf {
					continue
				}
				for i, a := range g[u] {
					if a.cap > 0 && dist[u]+a.cost < dist[a.to] {
						dist[a.to], prev[a.to] = dist[u]+a.cost, [2]int{u, i}
						changed = true
					}
				}
			}
		}
		if dist[snk] == inf {
			return 0, false
		}
		for v := snk; v != src; v = prev[v][0] {
			a := &g[prev[v][0]][prev[v][1]]
			a.cap--
			g[v][a.rev].cap++
		}
		total += dist[snk]
	}
	minSum := 0
	for _, jd := range in.Judges {
		minSum += jd.MinLoad
	}
	for j := range in.Judges {
		if g[nE+j][len(g[nE+j])-2].cap > 0 { // a minimum left unfilled
			return 0, false
		}
	}
	for e := range split {
		if split[e] >= 0 && g[e][1].cap > 0 { // min_in_track left unfilled
			return 0, false
		}
	}
	return -float64(total+bonus*int64(minSum+bonuses)) / unit, true
}

// TestAssignMatchesReferenceSolver compares Assign with sspOptimum on
// medium problems, large enough that the candidate graph is a strict subset
// of the full graph and certification rounds do real work.
func TestAssignMatchesReferenceSolver(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	rounds := 0
	for i := 0; i < 120; i++ {
		in := randomMedium(rng)
		want, ok := sspOptimum(&in)
		res, err := Assign(in)
		var inf *InfeasibleError
		switch {
		case !ok && errors.As(err, &inf):
			continue
		case !ok || err != nil:
			t.Fatalf("case %d: reference feasible=%v (%v), Assign err=%v", i, ok, want, err)
		}
		if got := verifyAssignment(t, &in, res); !near(got, want, 1e-6) {
			t.Fatalf("case %d: penalised objective %v, reference %v", i, got, want)
		}
		rounds += res.Stats.CertificationRounds
	}
	if rounds <= 120 {
		t.Fatalf("certification never added arcs (%d rounds in all); the test does not exercise it", rounds)
	}
}

// TestMinInTrackMatchesReferenceSolver does the same with min_in_track,
// under prefer with a small penalty, so that the rule often binds.
func TestMinInTrackMatchesReferenceSolver(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	binding, feasible := 0, 0
	for i := 0; i < 60; i++ {
		in := randomMedium(rng)
		pen := 0.2
		in.TrackRule, in.TrackPenalty, in.MinInTrack = TrackPrefer, &pen, 1+rng.IntN(in.K)
		want, ok := sspOptimum(&in)
		res, err := Assign(in)
		var inf *InfeasibleError
		switch {
		case !ok && errors.As(err, &inf):
			continue
		case !ok || err != nil:
			t.Fatalf("case %d: reference feasible=%v (%v), Assign err=%v", i, ok, want, err)
		}
		feasible++
		if got := verifyAssignment(t, &in, res); !near(got, want, 1e-6) {
			t.Fatalf("case %d: penalised objective %v, reference %v", i, got, want)
		}
		free := in
		free.MinInTrack = 0
		if wantFree, _ := sspOptimum(&free); wantFree > want+1e-9 {
			binding++
		}
	}
	if feasible < 20 || binding < 10 {
		t.Fatalf("%d feasible cases, %d where the rule binds: the test does not exercise it", feasible, binding)
	}
}

// randomMedium generates a problem with tracks, conflicts and tight loads.
func randomMedium(rng *rand.Rand) AssignInput {
	nE, nJ := 20+rng.IntN(60), 6+rng.IntN(20)
	in := AssignInput{K: 1 + rng.IntN(3)}
	tracks := []string{"a", "b", "c"}
	for e := 0; e < nE; e++ {
		in.Entries = append(in.Entries, Entry{ID: "e" + itoa(e), Track: tracks[rng.IntN(3)]})
	}
	avg := float64(in.K*nE) / float64(nJ)
	for j := 0; j < nJ; j++ {
		jd := Judge{ID: "j" + itoa(j), MinLoad: int(avg * 0.7 * rng.Float64())}
		jd.MaxLoad = int(avg*1.05) + rng.IntN(3)
		jd.Tracks = []string{tracks[j%3]}
		if rng.IntN(3) == 0 {
			jd.Tracks = append(jd.Tracks, tracks[(j+1)%3])
		}
		in.Judges = append(in.Judges, jd)
	}
	for e := 0; e < nE; e++ {
		for j := 0; j < nJ; j++ {
			p := Pair{Judge: int32(j), Entry: int32(e)}
			switch r := rng.IntN(20); {
			case r == 0:
				in.Conflicts = append(in.Conflicts, p)
			case r < 14:
				in.Affinity = append(in.Affinity, Affinity{Pair: p, Value: math.Round(rng.Float64()*1000) / 1000})
			}
		}
	}
	if rng.IntN(4) == 0 {
		in.TrackRule = TrackRequire
	}
	return in
}
