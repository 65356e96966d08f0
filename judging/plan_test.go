package judging

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// planRound: a and b fight for the single award, c and d are far behind;
// j1..j3 scored everything, x and y are free.
func planRound() PlanInput {
	in := RankInput{Method: MethodMean, Criteria: pct, Cuts: []Cut{{Name: "win", Top: 1}}}
	for _, e := range []struct {
		id string
		v  [3]float64
	}{{"a", [3]float64{70, 80, 62}}, {"b", [3]float64{75, 66, 74}}, {"c", [3]float64{30, 35, 33}}, {"d", [3]float64{20, 28, 25}}} {
		for k, j := range []string{"j1", "j2", "j3"} {
			in.Scores = append(in.Scores, sc(j, e.id, e.v[k]))
		}
	}
	return PlanInput{Rank: in, Budget: 2, Judges: []PlanJudge{{ID: "x", Capacity: 2}, {ID: "y", Capacity: 2}, {ID: "j1", Capacity: 5}}}
}

func mustPlan(t *testing.T, in PlanInput) *PlanResult {
	t.Helper()
	res, err := PlanReviews(in)
	if err != nil {
		t.Fatalf("PlanReviews: %v", err)
	}
	return res
}

func planned(res *PlanResult) map[string][]string {
	m := map[string][]string{}
	for _, r := range res.Reviews {
		m[r.Entry] = r.Judges
	}
	return m
}

func TestPlanReviewsTargetsTheCloseCall(t *testing.T) {
	res := mustPlan(t, planRound())
	got := planned(res)
	if res.Planned != 2 || res.Unplaced != 0 || len(got["c"])+len(got["d"]) != 0 || len(got["a"])+len(got["b"]) != 2 {
		t.Fatalf("plan %+v, want both reviews on a and b", res.Reviews)
	}
	for e, js := range got {
		for _, j := range js {
			if j == "j1" {
				t.Errorf("%s reviewed again by j1, who already scored it", e)
			}
		}
	}
	if res.ExpectedGain <= 0 || res.ExpectedGain > res.ExpectedWrong {
		t.Errorf("expected gain %v with %v expected wrong decisions", res.ExpectedGain, res.ExpectedWrong)
	}
}

func TestPlanReviewsConstraints(t *testing.T) {
	cases := []struct {
		name     string
		edit     func(*PlanInput)
		planned  int
		unplaced int
		check    func(t *testing.T, got map[string][]string)
	}{
		{"zero budget", func(in *PlanInput) { in.Budget = 0 }, 0, 0, nil},
		{"budget capped by capacity", func(in *PlanInput) {
			in.Budget = 10
			in.Judges = []PlanJudge{{ID: "x", Capacity: 1}}
		}, 1, 0, nil},
		{"conflicts respected", func(in *PlanInput) {
			in.Conflicts = []PlanPair{{Judge: "x", Entry: "a"}, {Judge: "x", Entry: "b"}}
		}, 2, 0, func(t *testing.T, got map[string][]string) {
			if slices.Contains(got["a"], "x") || slices.Contains(got["b"], "x") {
				t.Errorf("conflicted judge used: %v", got)
			}
		}},
		{"require keeps tracks", func(in *PlanInput) {
			in.TrackRule = TrackRequire
			in.Rank.Tracks = map[string]string{"a": "t", "b": "t", "c": "u", "d": "u"}
			in.Judges = []PlanJudge{{ID: "x", Capacity: 4, Tracks: []string{"u"}}, {ID: "y", Capacity: 1, Tracks: []string{"t"}}}
			in.Budget = 3
		}, 1, 0, func(t *testing.T, got map[string][]string) {
			// c and d (x's track) are settled: no review is worth it.
			if len(got["a"])+len(got["b"]) != 1 || slices.Contains(got["a"], "x") || slices.Contains(got["b"], "x") {
				t.Errorf("plan %v ignores the tracks", got)
			}
		}},
		{"Hall violation: the short entry gives its review back", func(in *PlanInput) {
			// a and b can only use x (capacity 1): y is conflicted with both.
			in.Judges = []PlanJudge{{ID: "x", Capacity: 1}, {ID: "y", Capacity: 1}}
			in.Conflicts = []PlanPair{{Judge: "y", Entry: "a"}, {Judge: "y", Entry: "b"}, {Judge: "y", Entry: "c"}, {Judge: "y", Entry: "d"}}
		}, 1, 0, nil},
		{"affinity chooses the judge", func(in *PlanInput) {
			in.Budget = 1
			in.Affinity = []PlanAffinity{{Judge: "y", Entry: "a", Value: 0.9}, {Judge: "y", Entry: "b", Value: 0.9}}
		}, 1, 0, func(t *testing.T, got map[string][]string) {
			if !slices.Equal(got["a"], []string{"y"}) && !slices.Equal(got["b"], []string{"y"}) {
				t.Errorf("plan %v does not use the judge with affinity", got)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := planRound()
			c.edit(&in)
			res := mustPlan(t, in)
			if res.Planned != c.planned || res.Unplaced != c.unplaced {
				t.Fatalf("planned %d, unplaced %d; want %d, %d (%+v)", res.Planned, res.Unplaced, c.planned, c.unplaced, res.Reviews)
			}
			if c.check != nil {
				c.check(t, planned(res))
			}
		})
	}
}

// TestPlaceReviewsReportsUnplaced drives the assignment step directly: two
// entries each want a review that only one judge of capacity 1 can give.
func TestPlaceReviewsReportsUnplaced(t *testing.T) {
	pa := &planAssign{in: AssignInput{
		Entries: []Entry{{ID: "a"}, {ID: "b"}},
		Judges:  []Judge{{ID: "x", MaxLoad: 1}, {ID: "y", MaxLoad: 1}},
	}, blocked: []Pair{{Judge: 1, Entry: 0}, {Judge: 1, Entry: 1}}}
	judges, unplaced := placeReviews(pa, []int{1, 1})
	if unplaced != 1 || len(judges[0])+len(judges[1]) != 1 {
		t.Fatalf("judges %v, unplaced %d; want one placed, one unplaced", judges, unplaced)
	}
}

func TestPlanReviewsErrors(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(*PlanInput)
		field string
		msg   string
	}{
		{"no cuts", func(in *PlanInput) { in.Rank.Cuts = nil }, "cuts", "at least one cut is required"},
		{"negative budget", func(in *PlanInput) { in.Budget = -2 }, "budget", "must not be negative, got -2"},
		{"empty judge id", func(in *PlanInput) { in.Judges[0].ID = "" }, "judges[0].id", "must not be empty"},
		{"negative capacity", func(in *PlanInput) { in.Judges[1].Capacity = -1 }, "judges[1].capacity", "must not be negative"},
		{"duplicate judge", func(in *PlanInput) { in.Judges[1].ID = "x" }, "judges[1].id", `duplicate id "x" (also judges[0])`},
		{"unknown judge", func(in *PlanInput) { in.Conflicts = []PlanPair{{Judge: "z", Entry: "a"}} }, "conflicts[0]", `unknown judge "z"`},
		{"unknown entry", func(in *PlanInput) { in.Affinity = []PlanAffinity{{Judge: "x", Entry: "q", Value: 1}} }, "affinity[0]", `unknown entry "q" (no scores)`},
		{"bad affinity", func(in *PlanInput) { in.Affinity = []PlanAffinity{{Judge: "x", Entry: "a", Value: math.Inf(1)}} }, "affinity[0]", "finite number"},
		{"bad track rule", func(in *PlanInput) { in.TrackRule = "must" }, "track_rule", `unknown rule "must"`},
		{"bad rank input", func(in *PlanInput) { in.Rank.Method = "best" }, "method", "unknown method"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := planRound()
			c.edit(&in)
			_, err := PlanReviews(in)
			wantInputError(t, err, c.field, c.msg)
		})
	}
}

func TestDecodePlanInput(t *testing.T) {
	in, err := DecodePlanInput([]byte(`{"criteria": [{"id": "c", "weight": 1, "min": 0, "max": 100}], "scores": [],
		"cuts": [{"name": "w", "top": 1}], "budget": 3, "judges": [{"id": "x", "capacity": 2, "tracks": ["t"]}],
		"conflicts": [["x", "e1"]], "affinity": [["x", "e2", 0.5]], "track_rule": "require"}`))
	if err != nil {
		t.Fatal(err)
	}
	if in.Budget != 3 || in.Rank.Cuts[0].Name != "w" || in.Judges[0].Capacity != 2 || in.TrackRule != TrackRequire ||
		in.Conflicts[0] != (PlanPair{Judge: "x", Entry: "e1"}) || in.Affinity[0] != (PlanAffinity{Judge: "x", Entry: "e2", Value: 0.5}) {
		t.Fatalf("decoded %+v", in)
	}
	for _, c := range []struct{ doc, want string }{
		{`{"cuts": []}`, "budget: is required"},
		{`{"budget": 1, "conflicts": [["x"]]}`, "conflicts[0]: want [judge, entry]"},
		{`{"budget": 1, "affinity": [["x", "e", "high"]]}`, "affinity[0]: want [judge, entry, value]"},
		{`{"budget": 1, "judges": [{"id": "x", "load": 1}]}`, "load: unknown field"},
	} {
		if _, err := DecodePlanInput([]byte(c.doc)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", c.doc, err, c.want)
		}
	}
}

// TestExpectedError checks err(m) against the closed form at d = 0: the
// belief's mean after the reviews and the truth are jointly normal with
// correlation ρ = √(1 − sm²/s²), and the chance that they fall on opposite
// sides of 0 is 1/2 − arcsin(ρ)/π.
func TestExpectedError(t *testing.T) {
	for _, c := range []struct{ s2, sm2 float64 }{{1, 0.5}, {1, 0.9}, {4, 1}, {2, 0.01}} {
		rho := math.Sqrt(1 - c.sm2/c.s2)
		want := 0.5 - math.Asin(rho)/math.Pi
		if got := expectedError(0, c.s2, c.sm2); !near(got, want, 1e-6) {
			t.Errorf("s2 %v sm2 %v: %v, want %v", c.s2, c.sm2, got, want)
		}
	}
	// No new information: today's error.
	if got, want := expectedError(1, 4, 4), normalCDF(-0.5); got != want {
		t.Errorf("no information: %v, want %v", got, want)
	}
	// Reviews never make the expected error worse, and more help more.
	prev := normalCDF(-0.7)
	for m := 1; m <= 6; m++ {
		got := expectedError(0.7, 1, 1/(1+float64(m)))
		if got > prev+1e-12 {
			t.Errorf("m=%d: %v > %v", m, got, prev)
		}
		prev = got
	}
	for _, p := range []float64{0.001, 0.2, 0.5, 0.93} {
		if got := normalCDF(normalQuantile(p)); !near(got, p, 1e-12) {
			t.Errorf("Φ(Φ⁻¹(%v)) = %v", p, got)
		}
	}
}
