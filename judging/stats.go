package judging

import (
	"math"
	"sort"
)

// AssignStats are fairness figures of an assignment, plus solver figures.
type AssignStats struct {
	// EntryAffinityMin and EntryAffinityP05 are the minimum and the 5th
	// percentile (nearest rank) over entries of the mean affinity of the
	// entry's judges: how well the worst-served entries are matched.
	EntryAffinityMin float64 `json:"entry_affinity_min"`
	EntryAffinityP05 float64 `json:"entry_affinity_p05"`
	// EntriesWithZeroAffinityJudge counts entries with at least one judge of
	// affinity exactly 0 (typically: no affinity given for the pair).
	EntriesWithZeroAffinityJudge int `json:"entries_with_zero_affinity_judge"`
	// OutOfTrack counts assigned pairs whose judge is outside the entry's
	// track (always 0 under TrackRequire).
	OutOfTrack int `json:"out_of_track"`
	// LoadHistogram lists how many judges got each load, by load ascending.
	LoadHistogram []LoadCount `json:"load_histogram"`
	// CandidateArcs and CertificationRounds describe the solve: arcs in the
	// final shrunk graph, and simplex runs until the full graph certified
	// optimality.
	CandidateArcs       int `json:"candidate_arcs"`
	CertificationRounds int `json:"certification_rounds"`
}

// LoadCount is one bar of the load histogram.
type LoadCount struct {
	Load   int `json:"load"`
	Judges int `json:"judges"`
}

func (st *AssignStats) fill(perEntry []float64, loads []int) {
	if len(perEntry) > 0 {
		s := append([]float64(nil), perEntry...)
		sort.Float64s(s)
		st.EntryAffinityMin = s[0]
		st.EntryAffinityP05 = s[nearestRank(len(s), 0.05)]
	}
	count := map[int]int{}
	for _, l := range loads {
		count[l]++
	}
	st.LoadHistogram = make([]LoadCount, 0, len(count))
	for l, n := range count {
		st.LoadHistogram = append(st.LoadHistogram, LoadCount{Load: l, Judges: n})
	}
	sort.Slice(st.LoadHistogram, func(a, b int) bool { return st.LoadHistogram[a].Load < st.LoadHistogram[b].Load })
}

// nearestRank is the 0-based index of the p-quantile by the nearest-rank
// method: the ⌈p·n⌉-th smallest value.
func nearestRank(n int, p float64) int {
	return max(int(math.Ceil(p*float64(n)))-1, 0)
}
