package judging

import "math"

// netSimplex is a primal network simplex for min-cost flow with exact node
// supplies (Σ supply = 0), after the design of LEMON's NetworkSimplex:
// a strongly feasible spanning-tree basis stored as parent/thread lists,
// block-search pivoting, and a big-M artificial arc between every node and
// an extra root. Arcs can be appended between solves; the basis is kept, so
// a re-solve after adding arcs is a warm start.
//
// Reduced cost of arc (u,v) is cost + π(u) − π(v). At optimality tree arcs
// have reduced cost 0, arcs at their lower bound (flow 0) ≥ 0 and arcs at
// their upper bound ≤ 0.
//
// Arc layout: arc u (0 ≤ u < n) is node u's artificial arc; real arcs follow.
type netSimplex struct {
	n       int // real nodes; the root is node n
	artCost int64

	src, dst []int32
	capa     []int32
	cost     []int64
	flow     []int32
	state    []int8

	pi        []int64
	parent    []int32
	pred      []int32
	thread    []int32
	revThread []int32
	succNum   []int32
	lastSucc  []int32
	predDir   []int8
	dirtyRevs []int32

	nextArc int

	// pivot scratch
	inArc, join, uIn, vIn, uOut int32
	delta                       int32
}

const (
	stateUpper int8 = -1
	stateTree  int8 = 0
	stateLower int8 = 1
	dirUp      int8 = 1
	dirDown    int8 = -1
	capInf          = math.MaxInt32
)

// newNetSimplex prepares a problem with the given node supplies (positive:
// supply, negative: demand, summing to zero). maxCost bounds |cost| of every
// arc that will ever be added; it sets the big-M cost of artificial arcs so
// that any solution using them is more expensive than any solution that
// does not.
func newNetSimplex(supply []int32, maxCost int64, arcHint int) *netSimplex {
	n := len(supply)
	ns := &netSimplex{n: n, artCost: (maxCost + 1) * int64(n+1)}
	all := n + arcHint
	ns.src = make([]int32, n, all)
	ns.dst = make([]int32, n, all)
	ns.capa = make([]int32, n, all)
	ns.cost = make([]int64, n, all)
	ns.flow = make([]int32, n, all)
	ns.state = make([]int8, n, all)
	ns.pi = make([]int64, n+1)
	ns.parent = make([]int32, n+1)
	ns.pred = make([]int32, n+1)
	ns.thread = make([]int32, n+1)
	ns.revThread = make([]int32, n+1)
	ns.succNum = make([]int32, n+1)
	ns.lastSucc = make([]int32, n+1)
	ns.predDir = make([]int8, n+1)

	root := int32(n)
	ns.parent[root], ns.pred[root] = -1, -1
	ns.thread[root], ns.revThread[0] = 0, root
	ns.succNum[root], ns.lastSucc[root] = int32(n+1), root-1
	for u := int32(0); u < root; u++ {
		ns.parent[u], ns.pred[u] = root, u
		ns.thread[u], ns.revThread[u+1] = u+1, u
		ns.succNum[u], ns.lastSucc[u] = 1, u
		ns.capa[u], ns.state[u] = capInf, stateTree
		if s := supply[u]; s >= 0 {
			ns.predDir[u] = dirUp
			ns.src[u], ns.dst[u], ns.flow[u] = u, root, s
		} else {
			ns.predDir[u] = dirDown
			ns.src[u], ns.dst[u], ns.flow[u] = root, u, -s
			ns.cost[u], ns.pi[u] = ns.artCost, ns.artCost
		}
	}
	return ns
}

// addArc appends a real arc at its lower bound and returns its index.
func (ns *netSimplex) addArc(u, v, capacity int32, cost int64) int32 {
	ns.src = append(ns.src, u)
	ns.dst = append(ns.dst, v)
	ns.capa = append(ns.capa, capacity)
	ns.cost = append(ns.cost, cost)
	ns.flow = append(ns.flow, 0)
	ns.state = append(ns.state, stateLower)
	return int32(len(ns.src) - 1)
}

// solve pivots until no real arc has a negative reduced cost in the
// direction it can move.
func (ns *netSimplex) solve() {
	for ns.findEnteringArc() {
		ns.findJoinNode()
		change := ns.findLeavingArc()
		ns.changeFlow(change)
		if change {
			ns.updateTreeStructure()
			ns.updatePotential()
		}
	}
}

// findEnteringArc is LEMON's block search: scan blocks of about √m arcs
// from where the last search stopped and take the most violating arc of the
// first block that has one.
func (ns *netSimplex) findEnteringArc() bool {
	m := len(ns.src)
	first := ns.n
	if m == first {
		return false
	}
	block := int(math.Sqrt(float64(m - first)))
	if block < 10 {
		block = 10
	}
	if ns.nextArc < first || ns.nextArc >= m {
		ns.nextArc = first
	}
	var best int64
	in := int32(-1)
	cnt := block
	for k, e := 0, ns.nextArc; k < m-first; k++ {
		if c := int64(ns.state[e]) * (ns.cost[e] + ns.pi[ns.src[e]] - ns.pi[ns.dst[e]]); c < best {
			best, in = c, int32(e)
		}
		cnt--
		e++
		if e == m {
			e = first
		}
		if cnt == 0 {
			if in >= 0 {
				ns.nextArc = e
				break
			}
			cnt = block
		}
	}
	if in < 0 {
		return false
	}
	ns.inArc = in
	return true
}

func (ns *netSimplex) findJoinNode() {
	u, v := ns.src[ns.inArc], ns.dst[ns.inArc]
	for u != v {
		if ns.succNum[u] < ns.succNum[v] {
			u = ns.parent[u]
		} else {
			v = ns.parent[v]
		}
	}
	ns.join = u
}

// findLeavingArc finds the blocking arc of the cycle closed by the entering
// arc, choosing it so that the tree stays strongly feasible (this rules out
// cycling). It reports whether the tree changes; if not, the entering arc
// just moves from one bound to the other.
func (ns *netSimplex) findLeavingArc() bool {
	var first, second int32
	if ns.state[ns.inArc] == stateLower {
		first, second = ns.src[ns.inArc], ns.dst[ns.inArc]
	} else {
		first, second = ns.dst[ns.inArc], ns.src[ns.inArc]
	}
	delta := ns.capa[ns.inArc]
	result := 0
	for u := first; u != ns.join; u = ns.parent[u] {
		e := ns.pred[u]
		d := ns.flow[e]
		if ns.predDir[u] == dirDown {
			d = residual(ns.capa[e], d)
		}
		if d < delta {
			delta, ns.uOut, result = d, u, 1
		}
	}
	for u := second; u != ns.join; u = ns.parent[u] {
		e := ns.pred[u]
		d := ns.flow[e]
		if ns.predDir[u] == dirUp {
			d = residual(ns.capa[e], d)
		}
		if d <= delta {
			delta, ns.uOut, result = d, u, 2
		}
	}
	if result == 1 {
		ns.uIn, ns.vIn = first, second
	} else {
		ns.uIn, ns.vIn = second, first
	}
	ns.delta = delta
	return result != 0
}

func residual(capacity, flow int32) int32 {
	if capacity == capInf {
		return capInf
	}
	return capacity - flow
}

func (ns *netSimplex) changeFlow(change bool) {
	if ns.delta > 0 {
		val := int32(ns.state[ns.inArc]) * ns.delta
		ns.flow[ns.inArc] += val
		for u := ns.src[ns.inArc]; u != ns.join; u = ns.parent[u] {
			ns.flow[ns.pred[u]] -= int32(ns.predDir[u]) * val
		}
		for u := ns.dst[ns.inArc]; u != ns.join; u = ns.parent[u] {
			ns.flow[ns.pred[u]] += int32(ns.predDir[u]) * val
		}
	}
	if change {
		ns.state[ns.inArc] = stateTree
		out := ns.pred[ns.uOut]
		if ns.flow[out] == 0 {
			ns.state[out] = stateLower
		} else {
			ns.state[out] = stateUpper
		}
	} else {
		ns.state[ns.inArc] = -ns.state[ns.inArc]
	}
}

// updateTreeStructure re-hangs the subtree cut off by the leaving arc below
// the entering arc, maintaining parent, thread, revThread, succNum, lastSucc,
// pred and predDir (LEMON's algorithm).
func (ns *netSimplex) updateTreeStructure() {
	uOut, uIn, vIn, join := ns.uOut, ns.uIn, ns.vIn, ns.join
	thread, revThread, parent, lastSucc, succNum := ns.thread, ns.revThread, ns.parent, ns.lastSucc, ns.succNum
	oldRevThread := revThread[uOut]
	oldSuccNum := succNum[uOut]
	oldLastSucc := lastSucc[uOut]
	vOut := parent[uOut]

	if uIn == uOut {
		parent[uIn] = vIn
		ns.pred[uIn] = ns.inArc
		ns.predDir[uIn] = ns.dirOf(uIn)
		if thread[vIn] != uOut {
			after := thread[oldLastSucc]
			thread[oldRevThread] = after
			revThread[after] = oldRevThread
			after = thread[vIn]
			thread[vIn] = uOut
			revThread[uOut] = vIn
			thread[oldLastSucc] = after
			revThread[after] = oldLastSucc
		}
	} else {
		threadContinue := thread[vIn]
		if oldRevThread == vIn {
			threadContinue = thread[oldLastSucc]
		}
		stem, parStem := uIn, vIn
		last := lastSucc[uIn]
		after := thread[last]
		thread[vIn] = uIn
		ns.dirtyRevs = append(ns.dirtyRevs[:0], vIn)
		for stem != uOut {
			nextStem := parent[stem]
			thread[last] = nextStem
			ns.dirtyRevs = append(ns.dirtyRevs, last)
			before := revThread[stem]
			thread[before] = after
			revThread[after] = before
			parent[stem] = parStem
			parStem = stem
			stem = nextStem
			if lastSucc[stem] == lastSucc[parStem] {
				last = revThread[parStem]
			} else {
				last = lastSucc[stem]
			}
			after = thread[last]
		}
		parent[uOut] = parStem
		thread[last] = threadContinue
		revThread[threadContinue] = last
		lastSucc[uOut] = last
		if oldRevThread != vIn {
			thread[oldRevThread] = after
			revThread[after] = oldRevThread
		}
		for _, u := range ns.dirtyRevs {
			revThread[thread[u]] = u
		}
		tmpSc, tmpLs := int32(0), lastSucc[uOut]
		for u, p := uOut, parent[uOut]; u != uIn; u, p = p, parent[p] {
			ns.pred[u] = ns.pred[p]
			ns.predDir[u] = -ns.predDir[p]
			tmpSc += succNum[u] - succNum[p]
			succNum[u] = tmpSc
			lastSucc[p] = tmpLs
		}
		ns.pred[uIn] = ns.inArc
		ns.predDir[uIn] = ns.dirOf(uIn)
		succNum[uIn] = oldSuccNum
	}

	upLimitOut := int32(-1)
	if lastSucc[join] == vIn {
		upLimitOut = join
	}
	lastSuccOut := lastSucc[uOut]
	for u := vIn; u != -1 && lastSucc[u] == vIn; u = parent[u] {
		lastSucc[u] = lastSuccOut
	}
	if join != oldRevThread && vIn != oldRevThread {
		for u := vOut; u != upLimitOut && lastSucc[u] == oldLastSucc; u = parent[u] {
			lastSucc[u] = oldRevThread
		}
	} else if lastSuccOut != oldLastSucc {
		for u := vOut; u != upLimitOut && lastSucc[u] == oldLastSucc; u = parent[u] {
			lastSucc[u] = lastSuccOut
		}
	}
	for u := vIn; u != join; u = parent[u] {
		succNum[u] += oldSuccNum
	}
	for u := vOut; u != join; u = parent[u] {
		succNum[u] -= oldSuccNum
	}
}

func (ns *netSimplex) dirOf(u int32) int8 {
	if u == ns.src[ns.inArc] {
		return dirUp
	}
	return dirDown
}

// updatePotential shifts the potentials of the re-hung subtree so that the
// entering arc gets reduced cost 0.
func (ns *netSimplex) updatePotential() {
	sigma := ns.pi[ns.vIn] - ns.pi[ns.uIn] - int64(ns.predDir[ns.uIn])*ns.cost[ns.inArc]
	end := ns.thread[ns.lastSucc[ns.uIn]]
	for u := ns.uIn; u != end; u = ns.thread[u] {
		ns.pi[u] += sigma
	}
}
