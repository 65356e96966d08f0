package judging

import (
	"strings"
	"testing"
)

// TestMinInTrack covers the min_in_track rule: it overrides affinity, it
// ignores entries without a track and TrackRequire, and its infeasibility
// and validation messages.
func TestMinInTrack(t *testing.T) {
	zero := 0.0
	// One "ai" entry; j0 is in track with a low affinity, j1 and j2 are
	// not, with high ones. With no penalty, only the rule brings j0 in.
	base := func(k, minIn int, track string) AssignInput {
		return AssignInput{
			K:       k,
			Entries: []Entry{{ID: "e0", Track: track}},
			Judges: []Judge{
				{ID: "j0", Tracks: []string{"ai"}, MaxLoad: 1},
				{ID: "j1", Tracks: []string{"bio"}, MaxLoad: 1},
				{ID: "j2", Tracks: []string{"bio"}, MaxLoad: 1},
			},
			Affinity:     []Affinity{{Pair{0, 0}, 0.1}, {Pair{1, 0}, 0.9}, {Pair{2, 0}, 0.8}},
			TrackPenalty: &zero,
			MinInTrack:   minIn,
		}
	}
	cases := []struct {
		name   string
		in     AssignInput
		judges string // assigned judges of e0, or
		err    string // error substring
	}{
		{"off: affinity wins", base(1, 0, "ai"), "j1", ""},
		{"on: the in-track judge", base(1, 1, "ai"), "j0", ""},
		{"on, k=2: one in track, best other", base(2, 1, "ai"), "j0,j1", ""},
		{"entry without a track", base(1, 1, ""), "j1", ""},
		{"require ignores it", func() AssignInput {
			in := base(1, 1, "ai")
			in.TrackRule = TrackRequire
			return in
		}(), "j0", ""},
		{"no in-track judge", func() AssignInput {
			in := base(1, 1, "ai")
			in.Conflicts = []Pair{{0, 0}}
			return in
		}(), "", `entry "e0" has only 0 non-conflicted judges in its track "ai" but min_in_track needs 1`},
		{"in-track capacity", func() AssignInput {
			in := base(1, 1, "ai")
			in.Entries = append(in.Entries, Entry{ID: "e1", Track: "ai"})
			return in
		}(), "", `min_in_track (1) cannot be met: the in-track judges of entries "e`},
		{"above k", base(1, 2, "ai"), "", "min_in_track: must be between 0 and k (1), got 2"},
		{"negative", base(1, -1, "ai"), "", "min_in_track: must be between 0 and k (1), got -1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := Assign(c.in)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("got %v, want an error containing %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			verifyAssignment(t, &c.in, res)
			if got := strings.Join(res.Assignments[0].Judges, ","); got != c.judges {
				t.Fatalf("e0 got %s, want %s", got, c.judges)
			}
		})
	}
}

// TestMinInTrackReassign: a kept in-track judge counts towards the rule,
// so the freed slot goes to the best judge; without one, the freed slot
// must go in track.
func TestMinInTrackReassign(t *testing.T) {
	zero := 0.0
	in := AssignInput{
		K:       2,
		Entries: []Entry{{ID: "e0", Track: "ai"}},
		Judges: []Judge{
			{ID: "a0", Tracks: []string{"ai"}, MaxLoad: 1},
			{ID: "a1", Tracks: []string{"ai"}, MaxLoad: 1},
			{ID: "b0", Tracks: []string{"bio"}, MaxLoad: 1},
			{ID: "b1", Tracks: []string{"bio"}, MaxLoad: 1},
		},
		Affinity:     []Affinity{{Pair{0, 0}, 0.1}, {Pair{1, 0}, 0.2}, {Pair{2, 0}, 0.9}, {Pair{3, 0}, 0.8}},
		TrackPenalty: &zero,
		MinInTrack:   1,
	}
	for _, c := range []struct {
		prev, want string
	}{
		{"a0,x", "a0,b0"}, // a0 kept and in track: b0 is free to come
		{"b1,x", "a1,b1"}, // b1 kept: the new judge must be in track
	} {
		prev := []Assignment{{Entry: "e0", Judges: strings.Split(c.prev, ",")}}
		res, err := Reassign(in, prev)
		if err != nil {
			t.Fatalf("prev %s: %v", c.prev, err)
		}
		verifyAssignment(t, &in, res)
		if got := strings.Join(res.Assignments[0].Judges, ","); got != c.want {
			t.Fatalf("prev %s: got %s, want %s", c.prev, got, c.want)
		}
	}
}
