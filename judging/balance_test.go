package judging

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func maxWeighted(res *AssignResult) float64 {
	m := 0.0
	for _, v := range res.WeightedLoads {
		m = math.Max(m, v)
	}
	return m
}

// TestBalanceWeightExample: a 40-minute entry and five 5-minute ones, two
// judges, one judge per entry. Counting entries gives each judge three (one
// of them 50 minutes of reading); balancing by weight gives one judge the
// long entry alone and the other the five short ones.
func TestBalanceWeightExample(t *testing.T) {
	in := AssignInput{K: 1, Balance: BalanceWeight,
		Entries: []Entry{{ID: "long", Weight: 40}, {ID: "a", Weight: 5}, {ID: "b", Weight: 5}, {ID: "c", Weight: 5}, {ID: "d", Weight: 5}, {ID: "e", Weight: 5}},
		Judges:  []Judge{{ID: "j1", MaxLoad: 5}, {ID: "j2", MaxLoad: 5}}}
	res, err := Assign(in)
	if err != nil {
		t.Fatal(err)
	}
	verifyAssignment(t, &in, res)
	if got := maxWeighted(res); got != 40 {
		t.Errorf("heaviest judge %v minutes (%v), want 40", got, res.WeightedLoads)
	}
	if res.WeightedLoads["j1"]+res.WeightedLoads["j2"] != 65 {
		t.Errorf("weighted loads %v do not add up to 65", res.WeightedLoads)
	}
	// By count, no weighted loads are reported.
	in.Balance = ""
	if res, _ := Assign(in); res.WeightedLoads != nil {
		t.Errorf("weighted loads without balance: %v", res.WeightedLoads)
	}
}

// TestBalanceWeightKeepsOptimality: on random instances, balancing by
// weight keeps every constraint and the optimal objective, never makes the
// heaviest judge heavier, and is deterministic.
func TestBalanceWeightKeepsOptimality(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 9))
	lighter := 0
	for i := 0; i < 400; i++ {
		in := randomSmall(rng)
		for e := range in.Entries {
			in.Entries[e].Weight = float64(1 + rng.IntN(60))
		}
		base, err := Assign(in)
		if err != nil {
			continue
		}
		in.Balance = BalanceWeight
		res, err := Assign(in)
		if err != nil {
			t.Fatalf("instance %d: balanced assignment failed: %v", i, err)
		}
		verifyAssignment(t, &in, res)
		if !near(res.Objective, base.Objective, 1e-6) {
			t.Fatalf("instance %d: objective %v, optimal %v", i, res.Objective, base.Objective)
		}
		before := 0.0
		loads := weightedLoads(&in, toIndices(&in, base))
		for _, v := range loads {
			before = math.Max(before, v)
		}
		if after := maxWeighted(res); after > before+1e-9 {
			t.Fatalf("instance %d: heaviest judge %v after balancing, %v before", i, after, before)
		} else if after < before-1e-9 {
			lighter++
		}
		again, _ := Assign(in)
		if encodeResult(again) != encodeResult(res) {
			t.Fatalf("instance %d: not deterministic", i)
		}
	}
	if lighter == 0 {
		t.Error("balancing never lightened the heaviest judge")
	}
}

func toIndices(in *AssignInput, res *AssignResult) [][]int32 {
	idx := map[string]int32{}
	for i, j := range in.Judges {
		idx[j.ID] = int32(i)
	}
	out := make([][]int32, len(res.Assignments))
	for e, a := range res.Assignments {
		for _, id := range a.Judges {
			out[e] = append(out[e], idx[id])
		}
	}
	return out
}

func encodeResult(res *AssignResult) string {
	var b strings.Builder
	for _, a := range res.Assignments {
		b.WriteString(a.Entry + ":" + strings.Join(a.Judges, ",") + ";")
	}
	return b.String()
}

func TestBalanceInputErrors(t *testing.T) {
	for _, c := range []struct{ doc, want string }{
		{withMember(`"balance":"time"`), `balance: unknown balance "time" (want count or weight)`},
		{`{"k":1,"entries":[{"id":"e","weight":-1}],"judges":[{"id":"j","max_load":2}]}`, "entries[0].weight: must be in [0, 1e9], got -1"},
	} {
		in, err := DecodeAssignInput([]byte(c.doc))
		if err == nil {
			_, err = Assign(in)
		}
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: error %v, want %q", c.doc, err, c.want)
		}
	}
	in, err := DecodeAssignInput([]byte(`{"k":1,"balance":"weight","entries":[{"id":"e","weight":12.5}],"judges":[{"id":"j","max_load":2}]}`))
	if err != nil || in.Balance != BalanceWeight || in.Entries[0].Weight != 12.5 {
		t.Fatalf("decode: %+v, %v", in, err)
	}
}
