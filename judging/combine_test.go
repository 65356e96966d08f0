package judging

import (
	"errors"
	"math"
	"reflect"
	"testing"
)

func lines(pairs ...any) []RankedEntry {
	var out []RankedEntry
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, RankedEntry{Entry: pairs[i].(string), Score: pairs[i+1].(float64), Rank: i/2 + 1, Uncertainty: 1})
	}
	return out
}

func TestCombine(t *testing.T) {
	online := CombineRound{ID: "online", Weight: 30, Ranking: lines("a", 80.0, "b", 70.0, "c", 60.0, "d", 50.0)}
	final := CombineRound{ID: "final", Weight: 70, Ranking: lines("c", 90.0, "a", 70.0, "b", 60.0)}
	type want struct {
		order      []string
		ranks      []int
		scores     []float64
		incomplete []string
	}
	cases := []struct {
		name string
		in   CombineInput
		want want
	}{
		{"30/70, an entry missing from the final is left out", CombineInput{Rounds: []CombineRound{online, final}},
			want{[]string{"c", "a", "b"}, []int{1, 2, 3}, []float64{81, 73, 63}, []string{"d"}}},
		{"renormalize ranks the missing entry by the rounds it has", CombineInput{Rounds: []CombineRound{online, final}, Missing: MissingRenormalize},
			want{[]string{"c", "a", "b", "d"}, []int{1, 2, 3, 4}, []float64{81, 73, 63, 50}, nil}},
		{"weights are relative", CombineInput{Rounds: []CombineRound{{ID: "online", Weight: 0.3, Ranking: online.Ranking}, {ID: "final", Weight: 0.7, Ranking: final.Ranking}}},
			want{[]string{"c", "a", "b"}, []int{1, 2, 3}, []float64{81, 73, 63}, []string{"d"}}},
		{"a round of weight 0 is ignored", CombineInput{Rounds: []CombineRound{{ID: "online", Weight: 0, Ranking: online.Ranking}, final}},
			want{[]string{"c", "a", "b"}, []int{1, 2, 3}, []float64{90, 70, 60}, nil}},
		{"a tie is broken by the heaviest round", CombineInput{Rounds: []CombineRound{
			{ID: "r1", Weight: 1, Ranking: lines("x", 60.0, "y", 40.0)}, {ID: "r2", Weight: 1, Ranking: lines("y", 70.0, "x", 50.0)}}},
			// equal weights: r1 (listed first) decides; x 55 = y 55
			want{[]string{"x", "y"}, []int{1, 2}, []float64{55, 55}, nil}},
		{"still tied entries share a rank", CombineInput{Rounds: []CombineRound{{ID: "r", Weight: 1, Ranking: lines("q", 50.0, "p", 50.0, "z", 10.0)}}},
			want{[]string{"p", "q", "z"}, []int{1, 1, 3}, []float64{50, 50, 10}, nil}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := Combine(c.in)
			if err != nil {
				t.Fatal(err)
			}
			var got want
			for _, e := range res.Ranking {
				got.order = append(got.order, e.Entry)
				got.ranks = append(got.ranks, e.Rank)
				got.scores = append(got.scores, math.Round(e.Score*1e6)/1e6)
			}
			for _, e := range res.Incomplete {
				got.incomplete = append(got.incomplete, e.Entry)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Fatalf("got %+v, want %+v", got, c.want)
			}
		})
	}
}

func TestCombineExplains(t *testing.T) {
	res, err := Combine(CombineInput{Rounds: []CombineRound{
		{ID: "online", Weight: 30, Ranking: lines("a", 80.0, "b", 70.0)},
		{ID: "final", Weight: 70, Ranking: lines("b", 90.0)}}, Missing: MissingRenormalize})
	if err != nil {
		t.Fatal(err)
	}
	b := res.Ranking[0]
	want := []Contribution{{Round: "online", Share: 0.3, Score: 70, Rank: 2, Points: 21}, {Round: "final", Share: 0.7, Score: 90, Rank: 1, Points: 63}}
	for i := range want {
		g := b.Contributions[i]
		if g.Round != want[i].Round || g.Rank != want[i].Rank || math.Abs(g.Share-want[i].Share) > 1e-12 || math.Abs(g.Points-want[i].Points) > 1e-9 {
			t.Fatalf("b's contribution %d = %+v, want %+v", i, g, want[i])
		}
	}
	if math.Abs(b.Uncertainty-math.Sqrt(0.09+0.49)) > 1e-12 {
		t.Fatalf("uncertainty %v", b.Uncertainty)
	}
	a := res.Ranking[1]
	if a.Entry != "a" || !reflect.DeepEqual(a.Missing, []string{"final"}) || a.Contributions[0].Share != 1 {
		t.Fatalf("a (renormalized, missing the final) = %+v", a)
	}
}

func TestCombineInvalid(t *testing.T) {
	r := lines("a", 1.0)
	cases := []struct {
		in    CombineInput
		field string
	}{
		{CombineInput{}, "rounds"},
		{CombineInput{Rounds: []CombineRound{{ID: "", Weight: 1, Ranking: r}}}, "rounds[0].id"},
		{CombineInput{Rounds: []CombineRound{{ID: "x", Weight: 1, Ranking: r}, {ID: "x", Weight: 1}}}, "rounds[1].id"},
		{CombineInput{Rounds: []CombineRound{{ID: "x", Weight: -1, Ranking: r}}}, "rounds[0].weight"},
		{CombineInput{Rounds: []CombineRound{{ID: "x", Weight: math.NaN(), Ranking: r}}}, "rounds[0].weight"},
		{CombineInput{Rounds: []CombineRound{{ID: "x", Weight: 0, Ranking: r}}}, "rounds"},
		{CombineInput{Rounds: []CombineRound{{ID: "x", Weight: 1, Ranking: append(lines("a", 1.0), lines("a", 2.0)...)}}}, "rounds[0].ranking[1].entry"},
		{CombineInput{Rounds: []CombineRound{{ID: "x", Weight: 1, Ranking: []RankedEntry{{Entry: "a", Score: math.Inf(1)}}}}}, "rounds[0].ranking[0].score"},
		{CombineInput{Rounds: []CombineRound{{ID: "x", Weight: 1, Ranking: r}}, Missing: "zero"}, "missing"},
	}
	for _, c := range cases {
		_, err := Combine(c.in)
		var ie *InputError
		if !errors.As(err, &ie) || ie.Field != c.field {
			t.Errorf("%+v: got %v, want an error on %s", c.in, err, c.field)
		}
	}
}
