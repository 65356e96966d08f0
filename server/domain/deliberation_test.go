package domain

import (
	"reflect"
	"testing"
	"time"
)

func ptr[T any](v T) *T { return &v }

// ranks builds ranking lines from (entry, rank) pairs.
func ranks(pairs ...int) []Placed {
	var out []Placed
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, Placed{EntryID: int64(pairs[i]), Rank: pairs[i+1]})
	}
	return out
}

func TestApplyOverrides(t *testing.T) {
	move := func(id int64, entry int64, pos int) Override {
		return Override{ID: id, Kind: OverrideMove, EntryID: &entry, Position: &pos}
	}
	tie := func(id, entry, other int64) Override {
		return Override{ID: id, Kind: OverrideTie, EntryID: &entry, OtherID: &other}
	}
	revoked := move(9, 4, 1)
	revoked.RevokedAt = ptr(time.Unix(0, 0))
	cases := []struct {
		name     string
		lines    []Placed
		ov       []Override
		want     []int // entry, rank pairs
		withheld []string
		applied  []bool
	}{
		{"no overrides", ranks(1, 1, 2, 2, 3, 3), nil, []int{1, 1, 2, 2, 3, 3}, []string{}, []bool{}},
		{"move the third to first", ranks(1, 1, 2, 2, 3, 3), []Override{move(1, 3, 1)}, []int{3, 1, 1, 2, 2, 3}, []string{}, []bool{true}},
		{"move past the end goes last", ranks(1, 1, 2, 2, 3, 3), []Override{move(1, 1, 9)}, []int{2, 1, 3, 2, 1, 3}, []string{}, []bool{true}},
		{"a move keeps other ties", ranks(1, 1, 2, 2, 3, 2, 4, 4), []Override{move(1, 1, 4)}, []int{2, 1, 3, 1, 4, 3, 1, 4}, []string{}, []bool{true}},
		{"moving out of a tie of three keeps the others tied", ranks(1, 1, 2, 1, 3, 1, 4, 4), []Override{move(1, 2, 4)},
			[]int{1, 1, 3, 1, 4, 3, 2, 4}, []string{}, []bool{true}},
		{"break a tie of two", ranks(1, 1, 2, 2, 3, 2, 4, 4), []Override{tie(1, 3, 2)}, []int{1, 1, 3, 2, 2, 3, 4, 4}, []string{}, []bool{true}},
		{"break a tie of three: the rest stay tied", ranks(1, 1, 2, 1, 3, 1), []Override{tie(1, 3, 2)}, []int{1, 1, 3, 1, 2, 3}, []string{}, []bool{true}},
		{"a tie-break of untied entries is not applied", ranks(1, 1, 2, 2), []Override{tie(1, 2, 1)}, []int{1, 1, 2, 2}, []string{}, []bool{false}},
		{"a revoked override is skipped", ranks(1, 1, 2, 2, 3, 3, 4, 4), []Override{revoked}, []int{1, 1, 2, 2, 3, 3, 4, 4}, []string{}, []bool{false}},
		{"withhold an award", ranks(1, 1), []Override{{ID: 1, Kind: OverrideWithhold, Award: "Gold"}, {ID: 2, Kind: OverrideWithhold, Award: "Gold"}},
			[]int{1, 1}, []string{"Gold"}, []bool{true, true}},
		{"later decisions apply after earlier ones", ranks(1, 1, 2, 2, 3, 3), []Override{move(1, 3, 1), move(2, 1, 1)},
			[]int{1, 1, 3, 2, 2, 3}, []string{}, []bool{true, true}},
		{"an entry no longer ranked is not moved", ranks(1, 1), []Override{move(1, 7, 1)}, []int{1, 1}, []string{}, []bool{false}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, withheld, applied := ApplyOverrides(c.lines, c.ov)
			var got []int
			for _, p := range out {
				got = append(got, int(p.EntryID), p.Rank)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Fatalf("lines %v, want %v", got, c.want)
			}
			if !reflect.DeepEqual(withheld, c.withheld) {
				t.Fatalf("withheld %v, want %v", withheld, c.withheld)
			}
			gotApplied := []bool{}
			for _, o := range applied {
				gotApplied = append(gotApplied, o.Applied)
			}
			if !reflect.DeepEqual(gotApplied, c.applied) {
				t.Fatalf("applied %v, want %v", gotApplied, c.applied)
			}
		})
	}
	// The input is not changed.
	in := ranks(1, 1, 2, 2)
	ApplyOverrides(in, []Override{move(1, 2, 1)})
	if in[0].EntryID != 1 || in[1].EntryID != 2 {
		t.Fatalf("input changed: %v", in)
	}
}

func TestCheckOverride(t *testing.T) {
	ranked := map[int64]bool{1: true, 2: true, 3: true}
	cases := []struct {
		in     OverrideInput
		fields []string
	}{
		{OverrideInput{Kind: "move", EntryID: 1, Position: 2, Reason: "jury vote 5-2"}, nil},
		{OverrideInput{Kind: "move", EntryID: 1, Position: 2, Reason: "  "}, []string{"reason"}},
		{OverrideInput{Kind: "move", EntryID: 8, Position: 4, Reason: "x"}, []string{"entry_id", "position"}},
		{OverrideInput{Kind: "tie", EntryID: 1, OtherID: 1, Reason: "x"}, []string{"other_id"}},
		{OverrideInput{Kind: "tie", EntryID: 1, Reason: "x"}, []string{"other_id"}},
		{OverrideInput{Kind: "withhold", Award: "Gold", Reason: "no entry deserved it"}, nil},
		{OverrideInput{Kind: "withhold", Award: "Platinum", Reason: "x"}, []string{"award"}},
		{OverrideInput{Kind: "swap", Reason: "x"}, []string{"kind"}},
	}
	for _, c := range cases {
		_, f := CheckOverride(c.in, ranked, []string{"Gold", "Silver"})
		var got []string
		for _, k := range []string{"kind", "entry_id", "other_id", "position", "award", "reason"} {
			if _, ok := f[k]; ok {
				got = append(got, k)
			}
		}
		if !reflect.DeepEqual(got, c.fields) {
			t.Errorf("%+v: fields %v, want %v", c.in, got, c.fields)
		}
	}
}
