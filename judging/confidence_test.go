package judging

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
)

// cutInput is a small round on the pct rubric (total = value): entries a..d
// scored by j1..j3 with well separated levels, and one cut.
func cutInput(method Method, cuts ...Cut) RankInput {
	in := RankInput{Method: method, Criteria: pct, Cuts: cuts}
	levels := map[string]float64{"a": 90, "b": 60, "c": 40, "d": 10}
	for _, e := range []string{"a", "b", "c", "d"} {
		for k, j := range []string{"j1", "j2", "j3"} {
			in.Scores = append(in.Scores, sc(j, e, levels[e]+float64(k)-1))
		}
	}
	return in
}

func TestConfidenceClearDecisions(t *testing.T) {
	for _, method := range []Method{MethodMean, MethodZScore, MethodCalibrated} {
		res := mustRank(t, cutInput(method, Cut{Name: "win", Top: 1}, Cut{Name: "final", Top: 2}))
		for _, r := range res.Ranking {
			c := r.Confidence
			if c == nil || len(c.Cuts) != 2 {
				t.Fatalf("%s: %s has confidence %+v", method, r.Entry, c)
			}
			for i, top := range []int{1, 2} {
				d := c.Cuts[i]
				want := r.Rank <= top
				if d.Selected != want || d.PAbove != map[bool]float64{true: 1, false: 0}[want] || d.Stability != 1 {
					t.Errorf("%s: %s at %s: %+v, want selected=%v with certainty", method, r.Entry, d.Cut, d, want)
				}
			}
		}
		rc := res.Confidence
		if rc == nil || rc.ExpectedWrong != 0 || rc.ExpectedChanges != 0 || rc.Cuts[0].Selected != 1 || rc.Cuts[1].Selected != 2 {
			t.Errorf("%s: round confidence %+v", method, rc)
		}
	}
}

func TestConfidenceCloseCall(t *testing.T) {
	// a and b have the same marks from the same judges: a coin toss for
	// the single award, and a re-judging keeps the decision about half of
	// the time.
	in := RankInput{Method: MethodMean, Criteria: pct, Cuts: []Cut{{Name: "win", Top: 1}}, Samples: 2000}
	for _, e := range []string{"a", "b"} {
		in.Scores = append(in.Scores, sc("j1", e, 50), sc("j2", e, 60), sc("j3", e, 70))
	}
	in.Scores = append(in.Scores, sc("j1", "c", 10), sc("j2", "c", 12), sc("j3", "c", 11))
	res := mustRank(t, in)
	got := byEntry(res)
	for _, e := range []string{"a", "b"} {
		if p := got[e].Confidence.Cuts[0].PAbove; !near(p, 0.5, 0.05) {
			t.Errorf("%s: p_above %v, want ≈ 0.5", e, p)
		}
		if s := got[e].Confidence.Cuts[0].Stability; s < 0.4 || s > 0.8 {
			t.Errorf("%s: stability %v, want about one half", e, s)
		}
	}
	if p := got["c"].Confidence.Cuts[0].PAbove; p != 0 {
		t.Errorf("c: p_above %v, want 0", p)
	}
}

// TestConfidenceProbabilitiesSumToTheCut checks an invariant of the draws:
// with continuous draws, every draw puts exactly Top entries of each group
// above the cut, so the p_above of a group add up to Top.
func TestConfidenceProbabilitiesSumToTheCut(t *testing.T) {
	c := simConfig{entries: 120, judges: 24, k: 3, criteria: 3, tracks: 3, trackSD: 0.5, qualitySD: 1, criterionSD: 0.5,
		biasSD: 0.8, scaleSD: 0.35, noiseSD: 0.8}
	in, _ := simulate(c, 3)
	in.Tracks = map[string]string{}
	for _, s := range in.Scores {
		in.Tracks[s.Entry] = []string{"x", "y", "z"}[entryNumber(s.Entry)%3]
	}
	in.Cuts = []Cut{{Name: "top10", Top: 10}, {Name: "track3", Top: 3, PerTrack: true}}
	in.Samples = 300
	res := mustRank(t, in)
	sum := map[string]float64{}
	var sd, unc float64
	for _, r := range res.Ranking {
		sum["all"] += r.Confidence.Cuts[0].PAbove
		sum[in.Tracks[r.Entry]] += r.Confidence.Cuts[1].PAbove
		sd += r.Confidence.SD
		unc += r.Uncertainty
	}
	for g, want := range map[string]float64{"all": 10, "x": 3, "y": 3, "z": 3} {
		if !near(sum[g], want, 1e-9) {
			t.Errorf("%s: p_above adds up to %v, want %v", g, sum[g], want)
		}
	}
	if sel := res.Confidence.Cuts[1].Selected; sel != 9 {
		t.Errorf("per-track cut selects %d entries, want 9", sel)
	}
	// The judges' uncertainty widens the calibrated posterior.
	if sd <= unc {
		t.Errorf("mean sd %v is not above the mean conditional uncertainty %v", sd/120, unc/120)
	}
	if id := res.Confidence.Identifiability; id.Components != 1 || len(id.Tracks) != 3 || id.Tracks[0].SharedJudges == 0 {
		t.Errorf("identifiability %+v", id)
	}
}

func TestConfidenceIsDeterministicAndSeeded(t *testing.T) {
	in := cutInput(MethodCalibrated, Cut{Name: "final", Top: 2})
	in.Scores = append(in.Scores, sc("j1", "e", 59), sc("j2", "e", 62))
	encode := func(in RankInput) string {
		b, err := json.Marshal(mustRank(t, in))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	first := encode(in)
	if again := encode(in); again != first {
		t.Fatal("same input, different output")
	}
	seed := uint64(99)
	in.Seed = &seed
	if other := encode(in); other == first {
		t.Fatal("another seed gave the same draws")
	}
	if !strings.Contains(first, `"seed":1,`) || !strings.Contains(first, `"samples":500,`) {
		t.Fatalf("defaults not reported: %s", first)
	}
}

func TestConfidenceOptionErrors(t *testing.T) {
	seed := uint64(1)
	cases := []struct {
		name  string
		edit  func(*RankInput)
		field string
		msg   string
	}{
		{"samples without cuts", func(in *RankInput) { in.Cuts = nil; in.Samples = 10 }, "samples", "is only used with cuts"},
		{"seed without cuts", func(in *RankInput) { in.Cuts = nil; in.Seed = &seed }, "seed", "is only used with cuts"},
		{"tracks without cuts", func(in *RankInput) { in.Cuts = nil; in.Tracks = map[string]string{"a": "x"} }, "tracks", "is only used with cuts"},
		{"too many samples", func(in *RankInput) { in.Samples = MaxSamples + 1 }, "samples", "must be between 1 and 20000"},
		{"negative samples", func(in *RankInput) { in.Samples = -1 }, "samples", "must be between"},
		{"empty cut name", func(in *RankInput) { in.Cuts[0].Name = "" }, "cuts[0].name", "must not be empty"},
		{"zero top", func(in *RankInput) { in.Cuts[0].Top = 0 }, "cuts[0].top", "must be at least 1, got 0"},
		{"per track without tracks", func(in *RankInput) { in.Cuts[0].PerTrack = true }, "cuts[0].per_track", "needs tracks"},
		{"duplicate cut", func(in *RankInput) { in.Cuts = append(in.Cuts, in.Cuts[0]) }, "cuts[1].name", `duplicate cut "win" (also cuts[0])`},
		{"empty track key", func(in *RankInput) { in.Tracks = map[string]string{"": "x"} }, "tracks", "entry ids must not be empty"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := cutInput(MethodMean, Cut{Name: "win", Top: 1})
			c.edit(&in)
			_, err := Rank(in)
			wantInputError(t, err, c.field, c.msg)
		})
	}
}

// wantInputError fails unless err is an *InputError for field whose
// message contains msg.
func wantInputError(t *testing.T, err error, field, msg string) {
	t.Helper()
	var ie *InputError
	if !errors.As(err, &ie) || ie.Field != field || !strings.Contains(ie.Msg, msg) {
		t.Fatalf("got %v, want %s: …%s…", err, field, msg)
	}
}

func TestNthLargest(t *testing.T) {
	v := []float64{5, 1, 9, 7, 3}
	cases := []struct {
		group []int32
		top   int
		want  float64
	}{
		{[]int32{0, 1, 2, 3, 4}, 1, 9},
		{[]int32{0, 1, 2, 3, 4}, 2, 7},
		{[]int32{0, 1, 2, 3, 4}, 4, 3},
		{[]int32{0, 1, 2, 3, 4}, 5, math.Inf(-1)},
		{[]int32{1, 4}, 1, 3},
		{[]int32{1}, 3, math.Inf(-1)},
	}
	for _, c := range cases {
		if got, _ := nthLargest(v, c.group, c.top, nil); got != c.want {
			t.Errorf("nthLargest(%v, top %d) = %v, want %v", c.group, c.top, got, c.want)
		}
	}
}

func TestIdentifiability(t *testing.T) {
	// Two panels that never meet: j1, j2 on a, b (track x); j3 on c (y);
	// then j4 links c and d across tracks y and z.
	in := RankInput{Criteria: pct, Scores: []Score{
		sc("j1", "a", 50), sc("j2", "a", 60), sc("j1", "b", 40), sc("j2", "b", 45),
		sc("j3", "c", 70), sc("j4", "c", 65), sc("j4", "d", 30),
	}}
	o, err := newObservations(&in)
	if err != nil {
		t.Fatal(err)
	}
	id := identify(o, map[string]string{"a": "x", "b": "x", "c": "y", "d": "z"})
	if id.Components != 2 || id.Largest[0] != (ComponentSize{Entries: 2, Judges: 2}) || id.Largest[1] != (ComponentSize{Entries: 2, Judges: 2}) {
		t.Errorf("components %d %+v", id.Components, id.Largest)
	}
	if id.LargestShare != 0.5 {
		t.Errorf("largest share %v", id.LargestShare)
	}
	if id.CoJudges != 1 { // every judge shares an entry with exactly one other
		t.Errorf("co-judges %v, want 1", id.CoJudges)
	}
	want := []TrackOverlap{
		{Track: "x", Entries: 2, Judges: 2},
		{Track: "y", Entries: 1, Judges: 2, SharedJudges: 1, LinkedTracks: 1},
		{Track: "z", Entries: 1, Judges: 1, SharedJudges: 1, LinkedTracks: 1},
	}
	for i, w := range want {
		if id.Tracks[i] != w {
			t.Errorf("track %d: %+v, want %+v", i, id.Tracks[i], w)
		}
	}
}
