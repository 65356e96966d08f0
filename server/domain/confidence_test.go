package domain

import (
	"math"
	"strings"
	"testing"

	"github.com/podium-contests/podium/judging"
)

func TestParseCuts(t *testing.T) {
	for _, tc := range []struct {
		specs []string
		want  []judging.Cut
		bad   bool
	}{
		{specs: nil, want: nil},
		{specs: []string{"top:10"}, want: []judging.Cut{{Name: "top:10", Top: 10}}},
		{specs: []string{"top:3:track", "top:1"}, want: []judging.Cut{{Name: "top:3:track", Top: 3, PerTrack: true}, {Name: "top:1", Top: 1}}},
		{specs: []string{"top:0"}, bad: true},
		{specs: []string{"top:-2"}, bad: true},
		{specs: []string{"top"}, bad: true},
		{specs: []string{"best:3"}, bad: true},
		{specs: []string{"top:3:all"}, bad: true},
		{specs: []string{"top:x"}, bad: true},
		{specs: []string{"top:2", "top:2"}, bad: true},
		{specs: []string{"top:1", "top:2", "top:3", "top:4", "top:5", "top:6"}, bad: true},
	} {
		got, err := ParseCuts("cut", tc.specs)
		if tc.bad {
			if err == nil || ErrorCode(err) != CodeInvalid {
				t.Errorf("%v: want an invalid-input error, got %v", tc.specs, err)
			}
			continue
		}
		if err != nil || len(got) != len(tc.want) {
			t.Fatalf("%v: %v, %v", tc.specs, got, err)
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%v: cut %d is %+v, want %+v", tc.specs, i, got[i], tc.want[i])
			}
		}
	}
}

func TestDefaultCut(t *testing.T) {
	entries := func(n, advanced int) []Entry {
		out := make([]Entry, n)
		for i := 0; i < advanced; i++ {
			out[i].Advanced = true
		}
		return out
	}
	for _, tc := range []struct {
		n, advanced, want int
	}{
		{0, 0, 1}, {5, 0, 1}, {10, 0, 1}, {11, 0, 2}, {200, 0, 20}, {200, 7, 7}, {3, 3, 3},
	} {
		if got := DefaultCut(entries(tc.n, tc.advanced)); got.Top != tc.want || got.PerTrack {
			t.Errorf("%d entries, %d advanced: %+v, want top %d", tc.n, tc.advanced, got, tc.want)
		}
	}
}

func TestShiftToCross(t *testing.T) {
	for _, tc := range []struct{ p, sd, want float64 }{
		{0.5, 3, 0},
		{0.8413447, 2, 2}, // Φ(1) = 0.8413
		{0.1586553, 2, 2}, // symmetric
		{0.9772499, 1, 2}, // Φ(2)
		{1, 1, 3.0902323}, // clamped to 0.999
		{0, 1, 3.0902323}, // clamped to 0.001
	} {
		if got := ShiftToCross(tc.p, tc.sd); math.Abs(got-tc.want) > 1e-4 {
			t.Errorf("ShiftToCross(%v, %v) = %v, want %v", tc.p, tc.sd, got, tc.want)
		}
	}
}

func TestCachedFits(t *testing.T) {
	withCuts := func(samples int, cuts ...judging.CutSummary) *judging.RankResult {
		return &judging.RankResult{Confidence: &judging.RoundConfidence{Samples: samples, Cuts: cuts}}
	}
	top3 := judging.CutSummary{Name: "top:3", Top: 3}
	for _, tc := range []struct {
		name string
		res  *judging.RankResult
		cuts []judging.Cut
		want bool
	}{
		{"plain request, plain cache", &judging.RankResult{}, nil, true},
		{"plain request, cache with confidence", withCuts(ConfidenceSamples, top3), nil, true},
		{"confidence request, plain cache", &judging.RankResult{}, []judging.Cut{{Name: "top:3", Top: 3}}, false},
		{"same cuts", withCuts(ConfidenceSamples, top3), []judging.Cut{{Name: "top:3", Top: 3}}, true},
		{"other cut", withCuts(ConfidenceSamples, top3), []judging.Cut{{Name: "top:4", Top: 4}}, false},
		{"per track", withCuts(ConfidenceSamples, top3), []judging.Cut{{Name: "top:3", Top: 3, PerTrack: true}}, false},
		{"more cuts", withCuts(ConfidenceSamples, top3), []judging.Cut{{Name: "top:3", Top: 3}, {Name: "top:1", Top: 1}}, false},
		{"other sample count", withCuts(100, top3), []judging.Cut{{Name: "top:3", Top: 3}}, false},
	} {
		if got := cachedFits(tc.res, tc.cuts); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestExplainConfidence(t *testing.T) {
	if explainConfidence(nil) != "" {
		t.Fatal("no confidence, yet an explanation")
	}
	c := &judging.EntryConfidence{SD: 2, Cuts: []judging.CutDecision{
		{Cut: "top:3", Selected: true, PAbove: 0.8413447, Stability: 0.7},
		{Cut: "top:1", Selected: false, PAbove: 0.1586553, Stability: 0.97},
	}}
	got := explainConfidence(c)
	for _, want := range []string{
		"At the cut top:3 it is above: 84 % likely truly above, the decision would stay in 70 % of re-judgings; a score fall of about 2.0 would change it, so one more judge could settle it.",
		"At the cut top:1 it is below: 16 % likely truly above, the decision would stay in 97 % of re-judgings; only a score rise of about 2.0 would change it.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("explanation %q lacks %q", got, want)
		}
	}
}
