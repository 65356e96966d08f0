package judging

import (
	"fmt"
	"strings"
)

// maxNamed caps how many entries or judges one reason names.
const maxNamed = 8

// diagnose explains why a problem is infeasible, most specific reasons
// first: totals that cannot match, single entries or judges without enough
// eligible partners, and otherwise the group of entries that the big-M
// optimum could not serve (a Hall-condition violation read off the residual
// graph of a maximum flow).
func (p *problem) diagnose(s *solution, in *AssignInput) []string {
	m := p.m
	var reasons []string
	var need, maxSum, minSum int
	for _, d := range p.demand {
		need += int(d)
	}
	for j := range p.maxL {
		maxSum += int(p.maxL[j])
		minSum += int(p.minL[j])
	}
	if need > maxSum {
		reasons = append(reasons, fmt.Sprintf("the entries need %d judge slots in all but the judges' max_load values add up to only %d", need, maxSum))
	}
	if need < minSum {
		reasons = append(reasons, fmt.Sprintf("the judges' min_load values add up to %d but the entries need only %d judge slots in all", minSum, need))
	}
	eligibleEntries := make([]int32, m.nJ)
	costs := make([]int64, m.nJ)
	for e := 0; e < m.nE; e++ {
		m.row(e, costs)
		n := int32(0)
		for j, c := range costs {
			if c != forbidden {
				n++
				eligibleEntries[j]++
			}
		}
		if n < p.demand[e] {
			reasons = append(reasons, fmt.Sprintf("entry %q has only %d non-conflicted judges%s but needs %d",
				in.Entries[e].ID, n, p.trackNote(in, e), p.demand[e]))
		}
		if p.minIn != nil && p.minIn[e] > 0 {
			nIn := int32(0)
			for j, c := range costs {
				if c != forbidden && m.inTrack(e, j) {
					nIn++
				}
			}
			if nIn < p.minIn[e] {
				reasons = append(reasons, fmt.Sprintf("entry %q has only %d non-conflicted judges in its track %q but min_in_track needs %d",
					in.Entries[e].ID, nIn, in.Entries[e].Track, p.minIn[e]))
			}
		}
	}
	for j, n := range eligibleEntries {
		if n < p.minL[j] {
			reasons = append(reasons, fmt.Sprintf("judge %q can be given only %d entries (non-conflicted%s) but min_load is %d",
				in.Judges[j].ID, n, map[bool]string{true: ", in track", false: ""}[m.require], p.minL[j]))
		}
	}
	if len(reasons) == 0 && p.minIn != nil {
		// Which rule is to blame? Without min_in_track, either an
		// assignment exists (then it is the rule) or the usual Hall
		// argument applies to the problem without it.
		q := *p
		q.minIn = nil
		if s2 := q.solve(); !s2.feasible {
			return append(reasons, q.hallReason(s2, in))
		}
		var short []string
		for e, u := range s.unsent {
			if u > 0 {
				short = append(short, in.Entries[e].ID)
			}
		}
		reasons = append(reasons, fmt.Sprintf("min_in_track (%d) cannot be met: the in-track judges of entries %s cannot take enough of them (without the rule an assignment exists)",
			in.MinInTrack, nameList(short)))
	}
	if len(reasons) == 0 {
		reasons = append(reasons, p.hallReason(s, in))
	}
	return reasons
}

func (p *problem) trackNote(in *AssignInput, e int) string {
	if !p.m.require || in.Entries[e].Track == "" {
		return ""
	}
	return fmt.Sprintf(" in its track %q", in.Entries[e].Track)
}

// hallReason finds the entries reachable from an under-served entry in the
// residual graph of the big-M optimum. No augmenting path leaves that set,
// so its entries together need more judges than the judges they can reach
// can give: either those judges are at max_load, or the remaining capacity
// is held back for the min_load of judges these entries cannot use.
func (p *problem) hallReason(s *solution, in *AssignInput) string {
	m := p.m
	entriesOf := make([][]int32, m.nJ)
	load := make([]int32, m.nJ)
	for e, js := range s.judges {
		for _, j := range js {
			entriesOf[j] = append(entriesOf[j], int32(e))
			load[j]++
		}
	}
	seenE := make([]bool, m.nE)
	seenJ := make([]bool, m.nJ)
	var queue []int32
	for e, u := range s.unsent {
		if u > 0 {
			seenE[e] = true
			queue = append(queue, int32(e))
		}
	}
	sinkReached := false
	costs := make([]int64, m.nJ)
	visitJudge := func(j int) {
		if seenJ[j] {
			return
		}
		seenJ[j] = true
		for _, e := range entriesOf[j] {
			if !seenE[e] {
				seenE[e] = true
				queue = append(queue, e)
			}
		}
		if load[j] < p.maxL[j] && !sinkReached {
			sinkReached = true
			for k := range load {
				if load[k] > p.minL[k] {
					queue = append(queue, int32(-1-k)) // judge via the sink
				}
			}
		}
	}
	for len(queue) > 0 {
		x := queue[0]
		queue = queue[1:]
		if x < 0 {
			visitJudge(int(-1 - x))
			continue
		}
		m.row(int(x), costs)
		for _, j := range s.judges[x] {
			costs[j] = forbidden
		}
		for j, c := range costs {
			if c != forbidden {
				visitJudge(j)
			}
		}
	}
	var entries, judges, starved []string
	need, capacity := 0, 0
	for e, ok := range seenE {
		if ok {
			entries = append(entries, in.Entries[e].ID)
			need += int(p.demand[e])
		}
	}
	for j, ok := range seenJ {
		if ok {
			judges = append(judges, in.Judges[j].ID)
			capacity += int(p.maxL[j])
		} else if load[j] < p.minL[j] {
			starved = append(starved, in.Judges[j].ID)
		}
	}
	if !sinkReached {
		return fmt.Sprintf("entries %s need %d judge slots in all, but the only judges they can use (%s) can take at most %d",
			nameList(entries), need, nameList(judges), capacity)
	}
	return fmt.Sprintf("entries %s cannot all get enough judges: the judges they can use must keep room for the min_load of judges they cannot use (%s)",
		nameList(entries), nameList(starved))
}

// nameList quotes up to maxNamed names and says how many more there are.
func nameList(names []string) string {
	var b strings.Builder
	for i, n := range names {
		if i == maxNamed {
			fmt.Fprintf(&b, " and %d more", len(names)-maxNamed)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", n)
	}
	if len(names) == 0 {
		return "none"
	}
	return b.String()
}
