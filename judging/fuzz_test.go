package judging

import (
	"errors"
	"strings"
	"testing"
)

// checkError fails unless err is one of the package's documented errors
// with a one-line message.
func checkError(t *testing.T, err error) {
	t.Helper()
	var ie *InputError
	var inf *InfeasibleError
	if !errors.As(err, &ie) && !errors.As(err, &inf) {
		t.Fatalf("undocumented error type %T: %v", err, err)
	}
	if msg := err.Error(); msg == "" || strings.Contains(msg, "\n") {
		t.Fatalf("error message %q is empty or not one line", msg)
	}
}

// FuzzAssignJSON feeds arbitrary bytes through DecodeAssignInput and
// Assign: no panic, only documented errors, the decoder's properties
// (checkAssignDecode: streaming agrees with the slice, errors are
// *InputError naming a field, valid input survives an encode/decode round
// trip), and every success satisfies the constraints. Seeds are in
// testdata/fuzz/FuzzAssignJSON.
func FuzzAssignJSON(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := checkAssignDecode(t, data)
		if err != nil {
			checkError(t, err)
			return
		}
		if len(in.Entries)*len(in.Judges) > 1<<16 {
			t.Skip("too large for a fuzz iteration")
		}
		res, err := Assign(in)
		if err != nil {
			checkError(t, err)
			return
		}
		verifyAssignment(t, &in, res)
	})
}

// FuzzRankJSON does the same for DecodeRankInput and Rank, and checks that
// ranks are competition ranks over the returned order. Seeds are in
// testdata/fuzz/FuzzRankJSON.
func FuzzRankJSON(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := DecodeRankInput(data)
		if err != nil {
			checkError(t, err)
			return
		}
		res, err := Rank(in)
		if err != nil {
			checkError(t, err)
			return
		}
		for i, r := range res.Ranking {
			if r.Rank < 1 || r.Rank > i+1 || i > 0 && r.Rank < res.Ranking[i-1].Rank {
				t.Fatalf("rank %d at position %d", r.Rank, i)
			}
			if !finite(r.Score) || !finite(r.Uncertainty) {
				t.Fatalf("non-finite score in %+v", r)
			}
		}
	})
}

// FuzzPlanJSON does the same for DecodePlanInput and PlanReviews: no panic,
// only documented errors, and a plan within the budget that never gives an
// entry a judge twice. Seeds are in testdata/fuzz/FuzzPlanJSON.
func FuzzPlanJSON(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := DecodePlanInput(data)
		if err != nil {
			checkError(t, err)
			return
		}
		if len(in.Rank.Scores)*max(in.Rank.Samples, DefaultSamples) > 1<<20 {
			t.Skip("too large for a fuzz iteration")
		}
		res, err := PlanReviews(in)
		if err != nil {
			checkError(t, err)
			return
		}
		if res.Planned > in.Budget || res.Planned < 0 {
			t.Fatalf("planned %d reviews with a budget of %d", res.Planned, in.Budget)
		}
		for _, r := range res.Reviews {
			seen := map[string]bool{}
			for _, j := range r.Judges {
				if seen[j] {
					t.Fatalf("%s gets judge %s twice", r.Entry, j)
				}
				seen[j] = true
			}
		}
	})
}
