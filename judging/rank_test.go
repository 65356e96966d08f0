package judging

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// pct is a one-criterion rubric on 0–100 so that total(j,e) equals the value.
var pct = []Criterion{{ID: "c", Weight: 1, Min: 0, Max: 100}}

// sc builds a score on the pct rubric.
func sc(judge, entry string, v float64) Score {
	return Score{Judge: judge, Entry: entry, Values: map[string]float64{"c": v}}
}

func mustRank(t *testing.T, in RankInput) *RankResult {
	t.Helper()
	res, err := Rank(in)
	if err != nil {
		t.Fatalf("Rank: %v", err)
	}
	return res
}

func byEntry(res *RankResult) map[string]RankedEntry {
	m := make(map[string]RankedEntry, len(res.Ranking))
	for _, r := range res.Ranking {
		m[r.Entry] = r
	}
	return m
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestRankGolden(t *testing.T) {
	for _, name := range []string{"rank-mean", "rank-zscore"} {
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("testdata", "golden", name+".input.json"))
			if err != nil {
				t.Fatal(err)
			}
			in, err := DecodeRankInput(raw)
			if err != nil {
				t.Fatal(err)
			}
			var want struct{ Ranking []RankedEntry }
			readJSON(t, filepath.Join("testdata", "golden", name+".expected.json"), &want)
			got := mustRank(t, in)
			if len(got.Ranking) != len(want.Ranking) {
				t.Fatalf("got %d entries, want %d", len(got.Ranking), len(want.Ranking))
			}
			for i, w := range want.Ranking {
				g := got.Ranking[i]
				if g.Entry != w.Entry || g.Rank != w.Rank || g.Judges != w.Judges ||
					!near(g.Score, w.Score, 1e-6) || !near(g.Spread, w.Spread, 1e-6) {
					t.Errorf("line %d: got %+v, want %+v", i, g, w)
				}
			}
		})
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatal(err)
	}
}

func TestTotalFollowsDefinition(t *testing.T) {
	crit := []Criterion{{ID: "a", Weight: 3, Min: 1, Max: 10}, {ID: "b", Weight: 1, Min: 0, Max: 5}}
	in := RankInput{Method: MethodMean, Criteria: crit, Scores: []Score{
		{Judge: "j", Entry: "e", Values: map[string]float64{"a": 7, "b": 2}},
	}}
	want := 100 * (3*(7-1)/9.0 + 1*(2-0)/5.0) / 4
	if got := mustRank(t, in).Ranking[0].Score; !near(got, want, 1e-12) {
		t.Fatalf("total = %v, want %v", got, want)
	}
}

func TestRankValidation(t *testing.T) {
	valid := func() RankInput {
		return RankInput{Method: MethodMean, Criteria: []Criterion{{ID: "c", Weight: 1, Min: 1, Max: 10}},
			Scores: []Score{{Judge: "j1", Entry: "e1", Values: map[string]float64{"c": 5}}}}
	}
	cases := []struct {
		name  string
		edit  func(*RankInput)
		field string
		msg   string
	}{
		{"unknown method", func(in *RankInput) { in.Method = "median" }, "method", "unknown method"},
		{"no criteria", func(in *RankInput) { in.Criteria = nil }, "criteria", "at least one"},
		{"empty criterion id", func(in *RankInput) { in.Criteria[0].ID = "" }, "criteria[0].id", "must not be empty"},
		{"duplicate criterion", func(in *RankInput) { in.Criteria = append(in.Criteria, in.Criteria[0]) }, "criteria[1].id", "duplicate criterion"},
		{"zero weight", func(in *RankInput) { in.Criteria[0].Weight = 0 }, "criteria[0].weight", "positive"},
		{"NaN weight", func(in *RankInput) { in.Criteria[0].Weight = math.NaN() }, "criteria[0].weight", "positive"},
		{"min above max", func(in *RankInput) { in.Criteria[0].Min = 11 }, "criteria[0].max", "greater than min"},
		{"infinite min", func(in *RankInput) { in.Criteria[0].Min = math.Inf(-1) }, "criteria[0].min", "finite"},
		{"empty judge", func(in *RankInput) { in.Scores[0].Judge = "" }, "scores[0].judge", "must not be empty"},
		{"empty entry", func(in *RankInput) { in.Scores[0].Entry = "" }, "scores[0].entry", "must not be empty"},
		{"value above max", func(in *RankInput) { in.Scores[0].Values["c"] = 11 }, "scores[0].values.c", "outside [1, 10]"},
		{"value below min", func(in *RankInput) { in.Scores[0].Values["c"] = 0 }, "scores[0].values.c", "outside"},
		{"NaN value", func(in *RankInput) { in.Scores[0].Values["c"] = math.NaN() }, "scores[0].values.c", "outside"},
		{"missing value", func(in *RankInput) { delete(in.Scores[0].Values, "c") }, "scores[0].values", `missing value for criterion "c"`},
		{"unknown criterion", func(in *RankInput) { in.Scores[0].Values["zz"] = 3 }, "scores[0].values", `unknown criterion "zz"`},
		{"duplicate score", func(in *RankInput) {
			in.Scores = append(in.Scores, Score{Judge: "j1", Entry: "e1", Values: map[string]float64{"c": 6}})
		}, "scores[1]", `duplicate score of entry "e1" by judge "j1" (also scores[0])`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := valid()
			c.edit(&in)
			_, err := Rank(in)
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v, want *InputError", err)
			}
			if ie.Field != c.field || !strings.Contains(ie.Msg, c.msg) {
				t.Fatalf("err = %q (field %q), want field %q and message containing %q", err, ie.Field, c.field, c.msg)
			}
		})
	}
	if _, err := Rank(valid()); err != nil {
		t.Fatalf("valid input rejected: %v", err)
	}
}

func TestZScoreRules(t *testing.T) {
	in := RankInput{Method: MethodZScore, Criteria: pct, Scores: []Score{
		sc("spread", "a", 80), sc("spread", "b", 40), // μ=60 σ=20: z = ±1
		sc("flat", "a", 70), sc("flat", "b", 70), // σ = 0: z = 0
		sc("single", "c", 99), // one entry: z = 0
	}}
	got := byEntry(mustRank(t, in))
	want := map[string]float64{"a": 0.5, "b": -0.5, "c": 0}
	for e, w := range want {
		if !near(got[e].Score, w, 1e-12) {
			t.Errorf("score(%s) = %v, want %v", e, got[e].Score, w)
		}
	}
}

func TestTieBreaks(t *testing.T) {
	cases := []struct {
		name   string
		scores []Score
		want   []string // entry:rank in output order
	}{
		{"score descending", []Score{sc("j", "a", 10), sc("j", "b", 30), sc("j", "c", 20)},
			[]string{"b:1", "c:2", "a:3"}},
		{"median breaks a score tie", []Score{
			sc("j1", "a", 50), sc("j2", "a", 50), sc("j3", "a", 20), // mean 40 median 50
			sc("j1", "b", 40), sc("j2", "b", 40), sc("j3", "b", 40), // mean 40 median 40
		}, []string{"a:1", "b:2"}},
		{"more judges break a median tie", []Score{
			sc("j1", "a", 40),
			sc("j1", "b", 40), sc("j2", "b", 40),
		}, []string{"b:1", "a:2"}},
		{"competition ranking 1,2,2,4", []Score{
			sc("j", "a", 90), sc("j", "b", 50), sc("j", "c", 50), sc("j", "d", 10),
		}, []string{"a:1", "b:2", "c:2", "d:4"}},
		{"differences below 1e-9 tie", []Score{
			sc("j", "a", 50), sc("j", "b", 50+5e-10),
		}, []string{"a:1", "b:1"}},
		{"differences above 1e-9 do not tie", []Score{
			sc("j", "a", 50), sc("j", "b", 50+5e-9),
		}, []string{"b:1", "a:2"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := mustRank(t, RankInput{Method: MethodMean, Criteria: pct, Scores: c.scores})
			var got []string
			for _, r := range res.Ranking {
				got = append(got, r.Entry+":"+itoa(r.Rank))
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Fatalf("got %v, want %v", got, c.want)
			}
		})
	}
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

func TestSpreadMeanMedianUncertainty(t *testing.T) {
	res := mustRank(t, RankInput{Method: MethodMean, Criteria: pct, Scores: []Score{
		sc("j1", "a", 10), sc("j2", "a", 20), sc("j3", "a", 60),
		sc("j1", "b", 50), sc("j2", "b", 50),
	}})
	a := byEntry(res)["a"]
	if !near(a.Mean, 30, 1e-12) || !near(a.Median, 20, 1e-12) || !near(a.Spread, math.Sqrt(1400.0/3), 1e-9) {
		t.Fatalf("a = %+v", a)
	}
	// Pooled within-entry SD: sqrt((400+100+900 + 0) / (2+1)).
	s := math.Sqrt(1400.0 / 3)
	if !near(a.Uncertainty, s/math.Sqrt(3), 1e-9) || !near(byEntry(res)["b"].Uncertainty, s/math.Sqrt(2), 1e-9) {
		t.Fatalf("uncertainties %v %v", a.Uncertainty, byEntry(res)["b"].Uncertainty)
	}
}

func TestDisagreementFlag(t *testing.T) {
	var scores []Score
	// Twenty entries on which two judges differ by 4 points, one by 60.
	for i := 0; i < 20; i++ {
		e := "e" + itoa(i)
		scores = append(scores, sc("j1", e, 50), sc("j2", e, 54))
	}
	scores = append(scores, sc("j1", "hot", 20), sc("j2", "hot", 80), sc("j1", "solo", 99))
	res := mustRank(t, RankInput{Method: MethodMean, Criteria: pct, Scores: scores})
	if res.DisagreementThreshold != MinDisagreement {
		t.Errorf("threshold = %v, want the floor %v", res.DisagreementThreshold, MinDisagreement)
	}
	for _, r := range res.Ranking {
		if want := r.Entry == "hot"; r.Disagreement != want {
			t.Errorf("%s: disagreement = %v, want %v", r.Entry, r.Disagreement, want)
		}
	}
}

func TestDisagreementFenceIsTukey(t *testing.T) {
	var ms []moments
	for _, s := range []float64{10, 20, 30, 40, 50} {
		ms = append(ms, moments{n: 2, spread: s})
	}
	ms = append(ms, moments{n: 1, spread: 1000}) // single judges are ignored
	// Q1 = 20, Q3 = 40 (type 7), fence = 40 + 1.5·20 = 70.
	if got := disagreementFence(ms); got != 70 {
		t.Fatalf("fence = %v, want 70", got)
	}
}

func TestDefaultMethodIsCalibrated(t *testing.T) {
	res := mustRank(t, RankInput{Criteria: pct, Scores: []Score{sc("j", "a", 1)}})
	if res.Method != MethodCalibrated || res.Judges[0].Scale == nil {
		t.Fatalf("method %q, judges %+v", res.Method, res.Judges)
	}
}

// TestCalibratedRemovesBiasAndScale plants judges with very different scales
// and biases on a fully crossed design without noise: the calibrated score
// must reproduce the true order exactly while the raw mean does not.
func TestCalibratedRemovesBiasAndScale(t *testing.T) {
	quality := []float64{30, 42, 50, 57, 61, 70}
	judges := []struct{ a, b float64 }{{1, 0}, {0.5, 12}, {1.6, -15}, {1.2, 8}}
	var scores []Score
	for e, q := range quality {
		for j, p := range judges {
			// Each judge skips one entry so that the raw mean is biased.
			if e%len(judges) == j {
				continue
			}
			m := 50.0
			scores = append(scores, sc("j"+itoa(j), "e"+itoa(e), m+p.a*(q-m)+p.b))
		}
	}
	res := mustRank(t, RankInput{Method: MethodCalibrated, Criteria: pct, Scores: scores})
	for i, r := range res.Ranking {
		if want := "e" + itoa(len(quality)-1-i); r.Entry != want {
			t.Fatalf("position %d is %s, want %s (ranking %+v)", i, r.Entry, want, res.Ranking)
		}
	}
	// The common unit of the scales is a convention (a → 1 on average); the
	// ratios between judges are identified by the data.
	scale := map[string]float64{}
	for _, js := range res.Judges {
		scale[js.Judge] = *js.Scale
	}
	for j, p := range judges {
		got := scale["j"+itoa(j)] / scale["j0"]
		if want := p.a / judges[0].a; math.Abs(got-want) > 0.02*want {
			t.Errorf("judge %d relative scale %.3f, planted %.3f", j, got, want)
		}
	}
	mean := mustRank(t, RankInput{Method: MethodMean, Criteria: pct, Scores: scores})
	if reflect.DeepEqual(entryOrder(mean), entryOrder(res)) {
		t.Fatal("the raw mean already orders this data correctly; the test proves nothing")
	}
}

func entryOrder(res *RankResult) []string {
	var out []string
	for _, r := range res.Ranking {
		out = append(out, r.Entry)
	}
	return out
}

func TestRankDeterministic(t *testing.T) {
	in, _ := simulate(simConfig{entries: 300, judges: 40, k: 3, criteria: 3, tracks: 4,
		qualitySD: 1, criterionSD: 0.5, biasSD: 0.8, scaleSD: 0.35, noiseSD: 0.8}, 7)
	for _, m := range []Method{MethodMean, MethodZScore, MethodCalibrated} {
		in.Method = m
		a, _ := json.Marshal(mustRank(t, in))
		b, _ := json.Marshal(mustRank(t, in))
		if string(a) != string(b) {
			t.Fatalf("%s: two runs differ", m)
		}
	}
}

func TestTotalHelper(t *testing.T) {
	crit := []Criterion{{ID: "a", Weight: 3, Min: 1, Max: 10}, {ID: "b", Weight: 1, Min: 0, Max: 5}}
	got, err := Total(crit, map[string]float64{"a": 10, "b": 0})
	if err != nil || !near(got, 75, 1e-12) {
		t.Fatalf("Total = %v, %v; want 75", got, err)
	}
	if _, err := Total(crit, map[string]float64{"a": 10}); err == nil || !strings.Contains(err.Error(), `values: missing value for criterion "b"`) {
		t.Fatalf("err = %v", err)
	}
}
