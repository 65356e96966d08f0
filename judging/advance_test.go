package judging

import (
	"reflect"
	"testing"
)

// ranked is a ranking with shared rank 2 (b, c) and rank 4 (d).
var ranked = []RankedEntry{
	{Entry: "a", Rank: 1, Score: 90}, {Entry: "b", Rank: 2, Score: 70}, {Entry: "c", Rank: 2, Score: 70},
	{Entry: "d", Rank: 4, Score: 50}, {Entry: "e", Rank: 5, Score: 10},
}

func TestTopN(t *testing.T) {
	cases := []struct {
		n    int
		want []string
	}{{0, nil}, {1, []string{"a"}}, {2, []string{"a", "b", "c"}}, {3, []string{"a", "b", "c"}}, {4, []string{"a", "b", "c", "d"}}, {9, []string{"a", "b", "c", "d", "e"}}}
	for _, c := range cases {
		if got := TopN(ranked, c.n); !reflect.DeepEqual(got, c.want) {
			t.Errorf("TopN(%d) = %v, want %v", c.n, got, c.want)
		}
	}
}

func TestTopNPerTrack(t *testing.T) {
	tracks := map[string]string{"a": "x", "b": "y", "c": "y", "d": "x", "e": "y"}
	cases := []struct {
		n    int
		want []string
	}{{1, []string{"a", "b", "c"}}, {2, []string{"a", "b", "c", "d"}}, {3, []string{"a", "b", "c", "d", "e"}}}
	for _, c := range cases {
		if got := TopNPerTrack(ranked, tracks, c.n); !reflect.DeepEqual(got, c.want) {
			t.Errorf("TopNPerTrack(%d) = %v, want %v", c.n, got, c.want)
		}
	}
}

func TestAtLeastScore(t *testing.T) {
	if got := AtLeastScore(ranked, 70); !reflect.DeepEqual(got, []string{"a", "b", "c"}) {
		t.Fatalf("got %v", got)
	}
}

func TestRecommendedBy(t *testing.T) {
	recs := []Recommendation{
		{"j1", "d", true}, {"j2", "d", true}, {"j1", "d", true}, // j1 twice counts once
		{"j1", "a", true}, {"j2", "a", false}, {"j3", "a", true},
		{"j1", "b", true},
		{"j1", "zz", true}, {"j2", "zz", true}, // not ranked: last
	}
	if got := RecommendedBy(ranked, recs, 2); !reflect.DeepEqual(got, []string{"a", "d", "zz"}) {
		t.Fatalf("got %v", got)
	}
}
