package judging

import (
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// verifyAssignment checks every constraint of the contract on res and
// recomputes its objective and loads from the input. It returns the
// penalised objective (affinity minus track penalties) that Assign maximises.
func verifyAssignment(t *testing.T, in *AssignInput, res *AssignResult) float64 {
	t.Helper()
	if len(res.Assignments) != len(in.Entries) {
		t.Fatalf("%d assignments for %d entries", len(res.Assignments), len(in.Entries))
	}
	judgeIdx := map[string]int{}
	for i, j := range in.Judges {
		judgeIdx[j.ID] = i
	}
	conflict := map[Pair]bool{}
	for _, c := range in.Conflicts {
		conflict[c] = true
	}
	aff := map[Pair]float64{}
	for _, a := range in.Affinity {
		aff[a.Pair] = a.Value
	}
	loads := make([]int, len(in.Judges))
	total, penalised := 0.0, 0.0
	for e, a := range res.Assignments {
		if a.Entry != in.Entries[e].ID {
			t.Fatalf("assignment %d is for %q, want %q", e, a.Entry, in.Entries[e].ID)
		}
		if len(a.Judges) != in.K {
			t.Fatalf("entry %q has %d judges, want %d", a.Entry, len(a.Judges), in.K)
		}
		seen := map[int]bool{}
		nIn := 0
		for _, id := range a.Judges {
			j, ok := judgeIdx[id]
			if !ok || seen[j] {
				t.Fatalf("entry %q: unknown or repeated judge %q", a.Entry, id)
			}
			seen[j] = true
			loads[j]++
			p := Pair{Judge: int32(j), Entry: int32(e)}
			if conflict[p] {
				t.Fatalf("entry %q got conflicted judge %q", a.Entry, id)
			}
			inTrack := testInTrack(in, e, j)
			if inTrack {
				nIn++
			}
			if !inTrack && in.TrackRule == TrackRequire {
				t.Fatalf("entry %q got out-of-track judge %q under require", a.Entry, id)
			}
			total += aff[p]
			penalised += aff[p]
			if !inTrack {
				penalised -= in.penalty()
			}
		}
		if nIn < in.MinInTrack {
			t.Fatalf("entry %q has %d in-track judges, min_in_track is %d", a.Entry, nIn, in.MinInTrack)
		}
	}
	for j, jd := range in.Judges {
		if loads[j] < jd.MinLoad || loads[j] > jd.MaxLoad {
			t.Fatalf("judge %q has load %d outside [%d, %d]", jd.ID, loads[j], jd.MinLoad, jd.MaxLoad)
		}
		if res.Loads[jd.ID] != loads[j] {
			t.Fatalf("loads[%q] = %d, recomputed %d", jd.ID, res.Loads[jd.ID], loads[j])
		}
	}
	if !near(res.Objective, total, 1e-6) {
		t.Fatalf("objective %v, recomputed %v", res.Objective, total)
	}
	return penalised
}

func testInTrack(in *AssignInput, e, j int) bool {
	tr := in.Entries[e].Track
	if tr == "" || len(in.Judges[j].Tracks) == 0 {
		return true
	}
	for _, t := range in.Judges[j].Tracks {
		if t == tr {
			return true
		}
	}
	return false
}

func TestAssignGolden(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "golden", "assign.input.json"))
	if err != nil {
		t.Fatal(err)
	}
	in, err := DecodeAssignInput(raw)
	if err != nil {
		t.Fatal(err)
	}
	var want struct {
		OptimalObjective float64 `json:"optimal_objective"`
	}
	readJSON(t, filepath.Join("testdata", "golden", "assign.expected.json"), &want)
	res, err := Assign(in)
	if err != nil {
		t.Fatal(err)
	}
	verifyAssignment(t, &in, res)
	if !near(res.Objective, want.OptimalObjective, 1e-6) {
		t.Fatalf("objective %v, want %v", res.Objective, want.OptimalObjective)
	}
}

// randomSmall generates a tiny assignment problem that bruteForce can solve.
func randomSmall(rng *rand.Rand) AssignInput {
	nE, nJ := 1+rng.IntN(5), 1+rng.IntN(5)
	in := AssignInput{K: 1 + rng.IntN(min(nJ, 3))}
	tracks := []string{"a", "b", ""}
	for e := 0; e < nE; e++ {
		in.Entries = append(in.Entries, Entry{ID: "e" + itoa(e), Track: tracks[rng.IntN(3)]})
	}
	for j := 0; j < nJ; j++ {
		jd := Judge{ID: "j" + itoa(j), MinLoad: rng.IntN(3)}
		jd.MaxLoad = jd.MinLoad + rng.IntN(4)
		for _, tr := range tracks[:2] {
			if rng.IntN(2) == 0 {
				jd.Tracks = append(jd.Tracks, tr)
			}
		}
		in.Judges = append(in.Judges, jd)
	}
	for e := 0; e < nE; e++ {
		for j := 0; j < nJ; j++ {
			p := Pair{Judge: int32(j), Entry: int32(e)}
			switch r := rng.IntN(10); {
			case r == 0:
				in.Conflicts = append(in.Conflicts, p)
			case r < 8:
				in.Affinity = append(in.Affinity, Affinity{Pair: p, Value: math.Round(rng.Float64()*200-20) / 100})
			}
		}
	}
	switch rng.IntN(3) {
	case 0:
		in.TrackRule = TrackRequire
	case 1:
		pen := float64(rng.IntN(50)) / 100
		in.TrackPenalty = &pen
	}
	if in.TrackRule != TrackRequire && rng.IntN(3) == 0 {
		in.MinInTrack = 1 + rng.IntN(in.K)
	}
	return in
}

// bruteForce enumerates every assignment and returns the best penalised
// objective, or ok=false when none satisfies the constraints.
func bruteForce(in *AssignInput) (best float64, ok bool) {
	nE, nJ := len(in.Entries), len(in.Judges)
	gain := make([][]float64, nE) // NaN: not allowed
	for e := range gain {
		gain[e] = make([]float64, nJ)
		for j := range gain[e] {
			if !testInTrack(in, e, j) {
				if in.TrackRule == TrackRequire {
					gain[e][j] = math.NaN()
				} else {
					gain[e][j] = -in.penalty()
				}
			}
		}
	}
	for _, a := range in.Affinity {
		gain[a.Entry][a.Judge] += a.Value
	}
	for _, c := range in.Conflicts {
		gain[c.Entry][c.Judge] = math.NaN()
	}
	loads := make([]int, nJ)
	inCount := make([]int, nE) // in-track judges chosen so far, for min_in_track
	best = math.Inf(-1)
	var rec func(e, from, left int, acc float64)
	rec = func(e, from, left int, acc float64) {
		if e == nE {
			for j, jd := range in.Judges {
				if loads[j] < jd.MinLoad {
					return
				}
			}
			best = math.Max(best, acc)
			return
		}
		if left == 0 {
			if inCount[e] < in.MinInTrack {
				return
			}
			rec(e+1, 0, in.K, acc)
			return
		}
		for j := from; j < nJ; j++ {
			if g := gain[e][j]; !math.IsNaN(g) && loads[j] < in.Judges[j].MaxLoad {
				in1 := 0
				if testInTrack(in, e, j) {
					in1 = 1
				}
				loads[j]++
				inCount[e] += in1
				rec(e, j+1, left-1, acc+g)
				inCount[e] -= in1
				loads[j]--
			}
		}
	}
	rec(0, 0, in.K, 0)
	return best, !math.IsInf(best, -1)
}

// TestAssignMatchesBruteForce is the property test: on many random small
// problems Assign must be feasible exactly when brute force finds a
// solution, satisfy every constraint, and reach the brute-force optimum.
func TestAssignMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	feasible := 0
	for i := 0; i < 3000; i++ {
		in := randomSmall(rng)
		want, ok := bruteForce(&in)
		res, err := Assign(in)
		var inf *InfeasibleError
		switch {
		case !ok && errors.As(err, &inf):
			continue
		case !ok:
			t.Fatalf("case %d: brute force finds no solution, Assign returned %v, %v\n%+v", i, res, err, in)
		case err != nil:
			t.Fatalf("case %d: Assign: %v, brute force optimum %v\n%+v", i, err, want, in)
		}
		feasible++
		if got := verifyAssignment(t, &in, res); !near(got, want, 1e-6) {
			t.Fatalf("case %d: penalised objective %v, brute force %v\n%+v", i, got, want, in)
		}
	}
	if feasible < 300 {
		t.Fatalf("only %d feasible cases: the generator is too tight to test much", feasible)
	}
}

func TestAssignInfeasibleExplains(t *testing.T) {
	judges := func(n, minL, maxL int, tracks ...string) []Judge {
		var js []Judge
		for i := 0; i < n; i++ {
			js = append(js, Judge{ID: "j" + itoa(i), Tracks: tracks, MinLoad: minL, MaxLoad: maxL})
		}
		return js
	}
	entries := func(n int, track string) []Entry {
		var es []Entry
		for i := 0; i < n; i++ {
			es = append(es, Entry{ID: "e" + itoa(i), Track: track})
		}
		return es
	}
	cases := []struct {
		name string
		in   AssignInput
		want string
	}{
		{"too little capacity", AssignInput{K: 2, Entries: entries(5, ""), Judges: judges(3, 0, 3)},
			"the entries need 10 judge slots in all but the judges' max_load values add up to only 9"},
		{"min loads too high", AssignInput{K: 1, Entries: entries(2, ""), Judges: judges(3, 1, 3)},
			"the judges' min_load values add up to 3 but the entries need only 2"},
		{"entry short of judges in its track", AssignInput{K: 3, TrackRule: TrackRequire,
			Entries: entries(1, "ai"), Judges: append(judges(3, 0, 5, "ai"), Judge{ID: "x", Tracks: []string{"bio"}, MaxLoad: 5}),
			Conflicts: []Pair{{Judge: 0, Entry: 0}}},
			`entry "e0" has only 2 non-conflicted judges in its track "ai" but needs 3`},
		{"judge short of entries", AssignInput{K: 1, Entries: entries(3, ""), Judges: judges(2, 1, 3),
			Conflicts: []Pair{{Judge: 1, Entry: 0}, {Judge: 1, Entry: 1}, {Judge: 1, Entry: 2}}},
			`judge "j1" can be given only 0 entries (non-conflicted) but min_load is 1`},
		{"group of entries short of judges", AssignInput{K: 2, TrackRule: TrackRequire,
			Entries: append(entries(3, "ai"), Entry{ID: "b0", Track: "bio"}),
			Judges:  append(judges(2, 0, 2, "ai"), Judge{ID: "x", Tracks: []string{"bio", "ai"}, MaxLoad: 1}, Judge{ID: "y", Tracks: []string{"bio"}, MaxLoad: 4})},
			`entries "e0", "e1", "e2", "b0" need 8 judge slots in all, but the only judges they can use ("j0", "j1", "x") can take at most 5`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Assign(c.in)
			var inf *InfeasibleError
			if !errors.As(err, &inf) {
				t.Fatalf("err = %v, want *InfeasibleError", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %q, want it to contain %q", err, c.want)
			}
		})
	}
}
