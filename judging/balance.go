package judging

import (
	"math"
	"slices"
)

// balanceWeights evens out the judges' weighted loads (the sum of their
// entries' Weight) in an optimal assignment (judges[e]: entry e's judges,
// ascending), by local search. Each step takes the heaviest judge h and
// makes, with some lighter judge l, the best single change among
//
//   - moving one of h's entries to l (when h stays at or above its
//     min_load and l at or below its max_load), and
//   - swapping one of h's entries with one of l's (counts unchanged),
//
// that keeps every pair allowed (conflicts, the track rule), gives no
// entry the same judge twice, keeps each entry's in-track judges at
// min_in_track or more, does not raise the solver's integer cost (affinity
// and track penalty: the objective stays optimal), and strictly lowers
// max(W_h, W_l): the best is the one that leaves the smallest larger side.
// Every change lowers Σ W_j², so the search ends; it stops when the
// heaviest judge can no longer be lightened, or after a bounded number of
// steps. The result is a local optimum of the heaviest load, not a global
// one (which would be a bin-packing problem), and deterministic.
func balanceWeights(in *AssignInput, m *model, judges [][]int32) {
	nJ := m.nJ
	w := make([]float64, nJ)
	count := make([]int, nJ)
	of := make([][]int32, nJ) // per judge: entries
	for e, js := range judges {
		for _, j := range js {
			w[j] += in.Entries[e].Weight
			count[j]++
			of[j] = append(of[j], int32(e))
		}
	}
	rows := make([][]int64, m.nE)
	cost := func(e, j int32) int64 {
		if rows[e] == nil {
			rows[e] = make([]int64, nJ)
			m.row(int(e), rows[e])
		}
		return rows[e][j]
	}
	has := func(e, j int32) bool { return slices.Contains(judges[e], j) }
	// keepsTrack: replacing judge from by judge to on entry e keeps its
	// in-track judges at min_in_track or more.
	keepsTrack := func(e, from, to int32) bool {
		if in.MinInTrack == 0 || m.inTrack(int(e), int(to)) || !m.inTrack(int(e), int(from)) {
			return true
		}
		n := 0
		for _, j := range judges[e] {
			if m.inTrack(int(e), int(j)) {
				n++
			}
		}
		return n-1 >= in.MinInTrack
	}
	replace := func(e, from, to int32) {
		js := judges[e]
		js[slices.Index(js, from)] = to
		slices.Sort(js)
		of[from] = slices.DeleteFunc(of[from], func(x int32) bool { return x == e })
		of[to] = append(of[to], e)
		d := in.Entries[e].Weight
		w[from] -= d
		w[to] += d
	}
	maxSteps := 4*len(in.Entries)*max(in.K, 1) + nJ
	for step := 0; step < maxSteps; step++ {
		h := int32(0)
		for j := range w {
			if w[j] > w[h] {
				h = int32(j)
			}
		}
		type change struct {
			l, ea, eb int32 // eb < 0: a move
			top       float64
		}
		best := change{l: -1, top: w[h]}
		for l := int32(0); l < int32(nJ); l++ {
			gap := w[h] - w[l]
			if l == h || gap <= 1e-9 {
				continue
			}
			consider := func(ea, eb int32, d float64) {
				if d <= 1e-9 || d >= gap-1e-9 {
					return
				}
				if top := max(w[h]-d, w[l]+d); top < best.top-1e-9 {
					best = change{l: l, ea: ea, eb: eb, top: top}
				}
			}
			for _, ea := range of[h] {
				if has(ea, l) || cost(ea, l) == forbidden || !keepsTrack(ea, h, l) {
					continue
				}
				if count[h] > in.Judges[h].MinLoad && count[l] < in.Judges[l].MaxLoad && cost(ea, l) <= cost(ea, h) {
					consider(ea, -1, in.Entries[ea].Weight)
				}
				for _, eb := range of[l] {
					if has(eb, h) || cost(eb, h) == forbidden || !keepsTrack(eb, l, h) ||
						cost(ea, l)+cost(eb, h) > cost(ea, h)+cost(eb, l) {
						continue
					}
					consider(ea, eb, in.Entries[ea].Weight-in.Entries[eb].Weight)
				}
			}
		}
		if best.l < 0 {
			return
		}
		replace(best.ea, h, best.l)
		if best.eb >= 0 {
			replace(best.eb, best.l, h)
		} else {
			count[h]--
			count[best.l]++
		}
	}
}

// weightedLoads is each judge's total entry weight.
func weightedLoads(in *AssignInput, judges [][]int32) map[string]float64 {
	out := make(map[string]float64, len(in.Judges))
	for _, jd := range in.Judges {
		out[jd.ID] = 0
	}
	for e, js := range judges {
		for _, j := range js {
			out[in.Judges[j].ID] += in.Entries[e].Weight
		}
	}
	for k, v := range out {
		out[k] = math.Round(v*1e9) / 1e9
	}
	return out
}
