package judging

import "sort"

// Tuning of the candidate graph. Each entry starts with its candPerEntry
// cheapest judges and each judge with its cheapest entries up to
// candPerJudgeFactor × its max_load; the certification rounds add at most
// addPerEntry violating arcs per entry per round.
const (
	candExtraPerEntry  = 4 // beyond 2k
	candPerJudgeFactor = 1.5
	addPerEntry        = 4
)

// problem is one min-cost flow instance: how many judges each entry still
// needs and each judge's load bounds, over the pairs allowed by the model.
type problem struct {
	m          *model
	splitEntry []int   // entry of each split node
	demand     []int32 // per entry
	minL       []int32 // per judge
	maxL       []int32 // per judge
	// minIn is, per entry, how many of its (new) judges must be in its
	// track (min_in_track); nil when the rule is off.
	minIn []int32
	// split is, per entry, the node through which its in-track judges are
	// reached when minIn > 0, or -1 (see solve).
	split []int32
}

// solution is the optimal flow of a problem, or the big-M optimum of an
// infeasible one (then feasible is false and diagnose explains why).
type solution struct {
	feasible bool
	judges   [][]int32 // per entry: assigned judges, ascending
	unsent   []int32   // per entry: judges it could not get
	rounds   int       // certification rounds
	arcs     int       // arcs in the final candidate graph
}

// node numbering: entries [0,nE), judges [nE, nE+nJ), sink nE+nJ, then
// one split node per entry with a min_in_track bound.
func (p *problem) judgeNode(j int) int32 { return int32(p.m.nE + j) }

// tail is the node from which the arc of the pair (e, j) leaves: the
// entry's split node for an in-track judge when the entry has one.
func (p *problem) tail(e, j int) int32 {
	if p.split != nil && p.split[e] >= 0 && p.m.inTrack(e, j) {
		return p.split[e]
	}
	return int32(e)
}

// entryOf is the entry of an entry or split node, or -1.
func (p *problem) entryOf(u int32) int {
	nE := p.m.nE
	switch {
	case int(u) < nE:
		return int(u)
	case int(u) > nE+p.m.nJ:
		return p.splitEntry[int(u)-nE-p.m.nJ-1]
	}
	return -1
}

// solve runs the network simplex on the candidate graph, then certifies the
// result on the full graph: any pair not in the graph whose reduced cost is
// negative under the final potentials is added and the simplex resumes from
// its current basis. When no such pair is left, the potentials prove that
// the flow is optimal on the full graph (LP duality); and because the big-M
// cost exceeds any possible saving, artificial flow left at that point
// proves that no feasible assignment exists.
func (p *problem) solve() *solution {
	m := p.m
	nE, nJ := m.nE, m.nJ
	// The min_in_track rule is a lower bound L on an arc from the entry to
	// a split node that leads to its in-track judges: with the usual
	// transformation, the entry supplies L fewer units, the split node
	// supplies L, and the arc keeps capacity demand − L.
	p.split, p.splitEntry = nil, nil
	for e, l := range p.minIn {
		if l > 0 {
			if p.split == nil {
				p.split = make([]int32, nE)
				for i := range p.split {
					p.split[i] = -1
				}
			}
			p.split[e] = int32(nE + nJ + 1 + len(p.splitEntry))
			p.splitEntry = append(p.splitEntry, e)
		}
	}
	supply := make([]int32, nE+nJ+1+len(p.splitEntry))
	var need, reserved int32
	for e, d := range p.demand {
		supply[e] = d
		need += d
	}
	for _, e := range p.splitEntry {
		supply[e] -= p.minIn[e]
		supply[p.split[e]] = p.minIn[e]
	}
	for j := 0; j < nJ; j++ {
		supply[nE+j] = -p.minL[j]
		reserved += p.minL[j]
	}
	supply[nE+nJ] = reserved - need
	ns := newNetSimplex(supply, m.maxCost, nJ+len(p.splitEntry)+nE*(2*p.maxDemand()+candExtraPerEntry))
	for j := 0; j < nJ; j++ {
		ns.addArc(p.judgeNode(j), int32(nE+nJ), p.maxL[j]-p.minL[j], 0)
	}
	for _, e := range p.splitEntry {
		ns.addArc(int32(e), p.split[e], p.demand[e]-p.minIn[e], 0)
	}
	present := p.initialCandidates(ns)
	rounds := 0
	for {
		rounds++
		ns.solve()
		if p.addViolations(ns, present) == 0 {
			break
		}
	}
	return p.extract(ns, rounds)
}

func (p *problem) maxDemand() int {
	d := int32(0)
	for _, x := range p.demand {
		d = max(d, x)
	}
	return int(d)
}

// pairHash breaks cost ties pseudo-randomly but deterministically, so that
// equal-cost pairs spread over judges instead of all entries picking the
// same lowest-numbered ones.
func pairHash(e, j int) uint64 {
	x := uint64(e)<<32 | uint64(j)
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	return x ^ x>>33
}

// cand is a candidate pair ordered by (cost, hash).
type cand struct {
	cost int64
	hash uint64
	idx  int32 // judge or entry
}

func (a cand) less(b cand) bool {
	return a.cost < b.cost || a.cost == b.cost && a.hash < b.hash
}

// initialCandidates adds each entry's cheapest judges and each judge's
// cheapest entries to ns and returns, per entry, the judges added.
func (p *problem) initialCandidates(ns *netSimplex) [][]int32 {
	m := p.m
	perJudge := make([]boundedHeap, m.nJ)
	for j := range perJudge {
		perJudge[j].limit = int(float64(p.maxL[j])*candPerJudgeFactor + 0.5)
	}
	present := make([][]int32, m.nE)
	costs := make([]int64, m.nJ)
	var best boundedHeap
	for e := 0; e < m.nE; e++ {
		if p.demand[e] == 0 {
			continue
		}
		m.row(e, costs)
		best.reset(2*int(p.demand[e]) + candExtraPerEntry)
		for j, c := range costs {
			if c == forbidden {
				continue
			}
			h := pairHash(e, j)
			best.offer(cand{c, h, int32(j)})
			perJudge[j].offer(cand{c, h, int32(e)})
		}
		for _, c := range best.items {
			present[e] = append(present[e], c.idx)
		}
	}
	for j := range perJudge {
		for _, c := range perJudge[j].items {
			if !contains(present[c.idx], int32(j)) {
				present[c.idx] = append(present[c.idx], int32(j))
			}
		}
	}
	for e, js := range present {
		sort.Slice(js, func(a, b int) bool { return js[a] < js[b] })
		m.row(e, costs)
		for _, j := range js {
			ns.addArc(p.tail(e, int(j)), p.judgeNode(int(j)), 1, costs[j])
		}
	}
	return present
}

func contains(xs []int32, x int32) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// addViolations scans every allowed pair of the full graph that is not in
// the candidate graph and adds, per entry, the addPerEntry pairs with the
// most negative reduced cost. It returns the number of violating pairs.
func (p *problem) addViolations(ns *netSimplex, present [][]int32) int {
	m := p.m
	costs := make([]int64, m.nJ)
	var worst boundedHeap
	violations := 0
	for e := 0; e < m.nE; e++ {
		if p.demand[e] == 0 {
			continue
		}
		m.row(e, costs)
		for _, j := range present[e] {
			costs[j] = forbidden
		}
		worst.reset(addPerEntry)
		for j, c := range costs {
			if c == forbidden {
				continue
			}
			if rc := c + ns.pi[p.tail(e, j)] - ns.pi[m.nE+j]; rc < 0 {
				violations++
				worst.offer(cand{rc, uint64(j), int32(j)})
			}
		}
		if len(worst.items) == 0 {
			continue
		}
		m.row(e, costs)
		for _, c := range worst.sorted() {
			ns.addArc(p.tail(e, int(c.idx)), p.judgeNode(int(c.idx)), 1, costs[c.idx])
			present[e] = append(present[e], c.idx)
		}
	}
	return violations
}

func (p *problem) extract(ns *netSimplex, rounds int) *solution {
	m := p.m
	s := &solution{feasible: true, judges: make([][]int32, m.nE), unsent: make([]int32, m.nE), rounds: rounds, arcs: len(ns.src) - ns.n}
	for a := ns.n; a < len(ns.src); a++ {
		j := int(ns.dst[a]) - m.nE
		if e := p.entryOf(ns.src[a]); e >= 0 && j >= 0 && j < m.nJ && ns.flow[a] > 0 {
			s.judges[e] = append(s.judges[e], int32(j))
		}
	}
	for e, js := range s.judges {
		sort.Slice(js, func(a, b int) bool { return js[a] < js[b] })
		s.unsent[e] = p.demand[e] - int32(len(js))
	}
	for u := 0; u < ns.n; u++ {
		if ns.flow[u] != 0 {
			s.feasible = false
		}
	}
	return s
}
