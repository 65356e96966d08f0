package judging

import (
	"math"
	"slices"
)

// forbidden marks a pair that may not be assigned in a cost row.
const forbidden = math.MaxInt64

// model is the index-based cost structure of an assignment problem: the
// integer cost of every (entry, judge) pair, computed on demand one entry row
// at a time so that the full E×J graph is never stored.
//
// cost(e,j) = −round(affinity(e,j)·scale) + penalty·[j out of e's track],
// or forbidden for conflicts, pairs kept by a reassignment, and (under
// TrackRequire) out-of-track pairs.
type model struct {
	nE, nJ  int
	scale   float64
	penalty int64 // scaled; 0 under TrackRequire
	require bool
	maxCost int64 // bound on |cost| of any allowed pair

	entryTrack []int32    // index into trackJudges, or -1 (no track)
	trackAll   []bool     // judge lists no track: in track for all entries
	trackBits  [][]uint64 // per entry track: judges listing it

	aff     csr       // per entry: indices into affJ/affC/affV, sorted by judge
	affJ    []int32   // judge of each affinity
	affC    []int64   // scaled affinity
	affV    []float64 // original affinity
	blocked csr       // per entry: sorted judges that may not be used
	blockJ  []int32
}

// maxCostBits keeps every cost below 2^maxCostBits; with the big-M of the
// network simplex ((maxCost+1)·(nodes+1)) and potentials that are sums of
// tree-path costs, this leaves ample headroom in int64 for up to 2^20 nodes.
const maxCostBits = 40

func newModel(in *AssignInput, blocked []Pair) *model {
	m := &model{nE: len(in.Entries), nJ: len(in.Judges), require: in.TrackRule == TrackRequire}
	maxAbs := in.penalty()
	for _, a := range in.Affinity {
		maxAbs = math.Max(maxAbs, math.Abs(a.Value))
	}
	// A power of two, so that scaling itself is exact.
	m.scale = math.Ldexp(1, maxCostBits-1-int(math.Ceil(math.Log2(math.Max(maxAbs, 1)))))
	m.penalty = int64(math.Round(in.penalty() * m.scale))
	m.maxCost = int64(math.Ldexp(1, maxCostBits))
	m.buildTracks(in)
	m.buildAffinity(in)
	keys := make([]int32, len(blocked))
	for i, p := range blocked {
		keys[i] = p.Entry
	}
	m.blocked = buildCSR(keys, m.nE)
	m.blockJ = make([]int32, len(blocked))
	for p, src := range m.blocked.items {
		m.blockJ[p] = blocked[src].Judge
	}
	for e := 0; e < m.nE; e++ {
		slices.Sort(m.blockJ[m.blocked.start[e]:m.blocked.start[e+1]])
	}
	return m
}

func (m *model) buildTracks(in *AssignInput) {
	trackIdx := map[string]int32{}
	var tracks []string
	m.entryTrack = make([]int32, m.nE)
	for e, en := range in.Entries {
		m.entryTrack[e] = -1
		if en.Track != "" {
			m.entryTrack[e] = intern(trackIdx, &tracks, en.Track)
		}
	}
	words := (m.nJ + 63) / 64
	m.trackBits = make([][]uint64, len(trackIdx))
	for t := range m.trackBits {
		m.trackBits[t] = make([]uint64, words)
	}
	m.trackAll = make([]bool, m.nJ)
	for j, jd := range in.Judges {
		m.trackAll[j] = len(jd.Tracks) == 0
		for _, tr := range jd.Tracks {
			if t, ok := trackIdx[tr]; ok {
				m.trackBits[t][j/64] |= 1 << (j % 64)
			}
		}
	}
}

func (m *model) buildAffinity(in *AssignInput) {
	keys := make([]int32, len(in.Affinity))
	for i, a := range in.Affinity {
		keys[i] = a.Entry
	}
	m.aff = buildCSR(keys, m.nE)
	n := len(in.Affinity)
	m.affJ, m.affC, m.affV = make([]int32, n), make([]int64, n), make([]float64, n)
	for i, src := range m.aff.items {
		a := in.Affinity[src]
		m.affJ[i], m.affV[i] = a.Judge, a.Value
	}
	for e := 0; e < m.nE; e++ {
		lo, hi := m.aff.start[e], m.aff.start[e+1]
		sortParallel(m.affJ[lo:hi], m.affV[lo:hi])
	}
	for i, v := range m.affV {
		m.affC[i] = int64(math.Round(v * m.scale))
	}
}

// sortParallel sorts keys ascending, permuting vals alongside (rows are
// short, insertion sort is enough).
func sortParallel(keys []int32, vals []float64) {
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
			vals[j], vals[j-1] = vals[j-1], vals[j]
		}
	}
}

// inTrack reports whether judge j may judge entry e in its track.
func (m *model) inTrack(e, j int) bool {
	t := m.entryTrack[e]
	return t < 0 || m.trackAll[j] || m.trackBits[t][j/64]&(1<<(j%64)) != 0
}

// row fills costs[j] with cost(e,j) for every judge (forbidden where the
// pair may not be used).
func (m *model) row(e int, costs []int64) {
	for j := range costs {
		switch {
		case m.inTrack(e, j):
			costs[j] = 0
		case m.require:
			costs[j] = forbidden
		default:
			costs[j] = m.penalty
		}
	}
	for i := m.aff.start[e]; i < m.aff.start[e+1]; i++ {
		if j := m.affJ[i]; costs[j] != forbidden {
			costs[j] -= m.affC[i]
		}
	}
	for _, j := range m.blockJ[m.blocked.start[e]:m.blocked.start[e+1]] {
		costs[j] = forbidden
	}
}

// affinity returns the input affinity of (e, j), 0 when none was given.
func (m *model) affinity(e, j int) float64 {
	lo, hi := int(m.aff.start[e]), int(m.aff.start[e+1])
	if k, ok := slices.BinarySearch(m.affJ[lo:hi], int32(j)); ok {
		return m.affV[lo+k]
	}
	return 0
}
