package judging

import (
	"fmt"
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

	aff     csr        // per entry: positions in affJ/affC; items are indices into affV
	affJ    []int32    // judge of each affinity
	affC    []int32    // scaled affinity
	affV    []Affinity // the input, for exact objective values
	blocked csr        // per entry: sorted judges that may not be used
	blockJ  []int32
}

// maxCostBits keeps every cost below 2^maxCostBits, so that scaled
// affinities fit in int32 and, with the big-M of the network simplex
// ((maxCost+1)·(nodes+1)) and potentials that are sums of tree-path costs,
// int64 arithmetic has ample headroom for any realistic number of nodes.
// The scale is the largest power of two with max(|affinity|, penalty)·scale
// ≤ 2^29: at least 2^15 = 32768 steps per affinity unit when values reach
// MaxAffinity, and 2^29 for affinities in [0, 1].
const maxCostBits = 30

// newModel builds the cost structure with the conflicts blocked; it fails
// only on duplicate affinity pairs, which it finds while indexing them.
func newModel(in *AssignInput) (*model, error) {
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
	if err := m.buildAffinity(in); err != nil {
		return nil, err
	}
	m.block(in.Conflicts)
	return m, nil
}

// block sets the pairs that may not be used (replacing earlier ones).
func (m *model) block(blocked []Pair) {
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

// buildAffinity groups the affinities by entry (a counting sort, linear
// whatever the input order) and rejects duplicate pairs.
func (m *model) buildAffinity(in *AssignInput) error {
	n := len(in.Affinity)
	keys := make([]int32, n)
	for i, a := range in.Affinity {
		keys[i] = a.Entry
	}
	m.aff = buildCSR(keys, m.nE)
	m.affJ, m.affC = keys, make([]int32, n) // keys is reused
	for i, src := range m.aff.items {
		a := &in.Affinity[src]
		m.affJ[i] = a.Judge
		m.affC[i] = int32(math.Round(a.Value * m.scale))
	}
	m.affV = in.Affinity
	seen := make([]int32, m.nJ) // position+1 of the judge's pair in the current row
	for e := 0; e < m.nE; e++ {
		lo, hi := m.aff.start[e], m.aff.start[e+1]
		for i := lo; i < hi; i++ {
			j := m.affJ[i]
			if prev := seen[j] - 1; prev >= lo {
				src, first := m.aff.items[i], m.aff.items[prev]
				return invalid(fmt.Sprintf("affinity[%d]", src), fmt.Sprintf("duplicate affinity for judge %q and entry %q (also affinity[%d])",
					in.Judges[j].ID, in.Entries[e].ID, first))
			}
			seen[j] = i + 1
		}
	}
	return nil
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
			costs[j] -= int64(m.affC[i])
		}
	}
	for _, j := range m.blockJ[m.blocked.start[e]:m.blocked.start[e+1]] {
		costs[j] = forbidden
	}
}

// affinity returns the input affinity of (e, j), 0 when none was given.
func (m *model) affinity(e, j int) float64 {
	for i := m.aff.start[e]; i < m.aff.start[e+1]; i++ {
		if m.affJ[i] == int32(j) {
			return m.affV[m.aff.items[i]].Value
		}
	}
	return 0
}
