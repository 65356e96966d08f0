package domain

import (
	"reflect"
	"testing"
)

func TestDefaultRevealOrder(t *testing.T) {
	awards := []Award{{Award: "Gold", EntryID: 1, Track: "ai"}, {Award: "Gold", EntryID: 2, Track: "bio"},
		{Award: "Silver", EntryID: 3, Track: "ai"}, {Award: "Mention", EntryID: 4, Track: "bio"}}
	tracks := []Track{{Slug: "ai"}, {Slug: "bio"}}
	ids := func(rs []Reveal) []int64 {
		out := []int64{}
		for _, r := range rs {
			out = append(out, r.EntryID)
		}
		return out
	}
	cases := []struct {
		name     string
		byTrack  bool
		withheld []string
		want     []int64
	}{
		{"overall, from the last place up", false, nil, []int64{4, 3, 2, 1}},
		{"per track, each from its last award up", true, nil, []int64{3, 1, 4, 2}},
		{"withheld awards are skipped", false, []string{"Mention"}, []int64{3, 2, 1}},
	}
	for _, c := range cases {
		if got := ids(DefaultRevealOrder(awards, tracks, c.byTrack, c.withheld)); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	if f := CheckRevealOrder([]Reveal{{1, "Gold"}, {1, "Gold"}, {9, "Gold"}, {4, "Mention"}}, awards, []string{"Mention"}); len(f) != 3 ||
		f["order[1]"].Message == "" || f["order[2]"].Message == "" || f["order[3]"].Message == "" {
		t.Errorf("order problems: %+v", f)
	}
}

func TestStepCeremony(t *testing.T) {
	two := []Reveal{{1, "Gold"}, {2, "Silver"}}
	cases := []struct {
		name      string
		from      Ceremony
		step      string
		rehearsal bool
		state     string
		revealed  int
		publish   bool
		conflict  bool
	}{
		{"start", Ceremony{State: CeremonyIdle, Order: two}, CeremonyStart, false, CeremonyRunning, 0, false, false},
		{"start a rehearsal after a finished run", Ceremony{State: CeremonyFinished, Revealed: 2, Order: two}, CeremonyStart, true, CeremonyRunning, 0, false, false},
		{"start without awards", Ceremony{State: CeremonyIdle}, CeremonyStart, false, CeremonyIdle, 0, false, true},
		{"start while running", Ceremony{State: CeremonyRunning, Order: two, Revealed: 1}, CeremonyStart, false, CeremonyRunning, 1, false, true},
		{"next reveals one", Ceremony{State: CeremonyRunning, Order: two, Revealed: 1}, CeremonyNext, false, CeremonyRunning, 2, false, false},
		{"next after the last ends and publishes", Ceremony{State: CeremonyRunning, Order: two, Revealed: 2}, CeremonyNext, false, CeremonyFinished, 2, true, false},
		{"a rehearsal's end publishes nothing", Ceremony{State: CeremonyRunning, Order: two, Revealed: 2, Rehearsal: true}, CeremonyNext, false, CeremonyFinished, 2, false, false},
		{"next when idle", Ceremony{State: CeremonyIdle, Order: two}, CeremonyNext, false, CeremonyIdle, 0, false, true},
		{"stop", Ceremony{State: CeremonyRunning, Order: two, Revealed: 1}, CeremonyStop, false, CeremonyIdle, 0, false, false},
	}
	for _, c := range cases {
		got, publish, err := StepCeremony(c.from, c.step, c.rehearsal)
		if (ErrorCode(err) == CodeConflict) != c.conflict || (err != nil && !c.conflict) {
			t.Errorf("%s: error %v", c.name, err)
			continue
		}
		if got.State != c.state || got.Revealed != c.revealed || publish != c.publish {
			t.Errorf("%s: %s %d publish=%v, want %s %d %v", c.name, got.State, got.Revealed, publish, c.state, c.revealed, c.publish)
		}
	}
}
