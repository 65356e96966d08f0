package judging

import (
	"fmt"
	"slices"
)

// Reassign repairs a previous assignment after judges dropped out (they are
// no longer in in.Judges), conflicts were declared, or entries were added.
// Every pair of prev that is still allowed is kept: its judge still exists,
// is not conflicted with the entry and, under TrackRequire, is in track. Only
// the freed slots are filled, optimally given the kept pairs, which count
// towards the judges' loads. Pairs beyond K for an entry, or beyond a
// judge's max_load, are dropped (the later ones in prev's order). Entries of
// prev that are no longer in in.Entries are ignored.
//
// The result lists the entries whose judges changed in Changed. Errors are
// *InputError for invalid input or prev, and *InfeasibleError when the freed
// slots cannot be filled without moving kept pairs (Assign from scratch may
// still succeed).
func Reassign(in AssignInput, prev []Assignment) (*AssignResult, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	m, err := newModel(&in)
	if err != nil {
		return nil, err
	}
	kept, err := keptPairs(&in, m, prev)
	if err != nil {
		return nil, err
	}
	p := newProblem(&in, m)
	blocked := slices.Clone(in.Conflicts)
	for e, js := range kept {
		p.demand[e] -= int32(len(js))
		for _, j := range js {
			p.minL[j] = max(p.minL[j]-1, 0)
			p.maxL[j]--
			blocked = append(blocked, Pair{Judge: j, Entry: int32(e)})
		}
	}
	m.block(blocked)
	p.setMinInTrack(&in, kept)
	s := p.solve()
	if !s.feasible {
		reasons := p.diagnose(s, &in)
		for i := range reasons {
			reasons[i] = "keeping the previous assignments, " + reasons[i]
		}
		return nil, &InfeasibleError{Reasons: reasons}
	}
	merged := make([][]int32, m.nE)
	for e := range merged {
		merged[e] = append(slices.Clone(kept[e]), s.judges[e]...)
		slices.Sort(merged[e])
	}
	res := buildResult(&in, m, merged, s)
	res.Changed = changedEntries(&in, kept, s)
	return res, nil
}

// keptPairs returns, per entry, the judges of prev that stay.
func keptPairs(in *AssignInput, m *model, prev []Assignment) ([][]int32, error) {
	ids := newIDIndex(in)
	conflict := make(map[Pair]bool, len(in.Conflicts))
	for _, c := range in.Conflicts {
		conflict[c] = true
	}
	kept := make([][]int32, m.nE)
	seen := make([]bool, m.nE)
	load := make([]int, m.nJ)
	for i, a := range prev {
		e, ok := ids.entries[a.Entry]
		if !ok {
			continue
		}
		if seen[e] {
			return nil, invalid(fmt.Sprintf("keep.assignments[%d].entry", i), fmt.Sprintf("entry %q is listed twice", a.Entry))
		}
		seen[e] = true
		for _, id := range a.Judges {
			j, ok := ids.judges[id]
			p := Pair{Judge: j, Entry: e}
			switch {
			case !ok, conflict[p], m.require && !m.inTrack(int(e), int(j)),
				len(kept[e]) == in.K, load[j] == in.Judges[j].MaxLoad, slices.Contains(kept[e], j):
				continue
			}
			kept[e] = append(kept[e], j)
			load[j]++
		}
	}
	return kept, nil
}

// changedEntries lists the entries that received new judges.
func changedEntries(in *AssignInput, kept [][]int32, s *solution) []string {
	var out []string
	for e := range kept {
		if len(s.judges[e]) > 0 {
			out = append(out, in.Entries[e].ID)
		}
	}
	return out
}
