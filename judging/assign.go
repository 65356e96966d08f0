package judging

import "math"

// Assignment lists the judges of one entry, in the order of the input's
// judges.
type Assignment struct {
	Entry  string   `json:"entry"`
	Judges []string `json:"judges"`
}

// AssignResult is an optimal assignment (the "podium judge assign" output).
type AssignResult struct {
	Assignments []Assignment `json:"assignments"`
	// Objective is the total affinity of the assigned pairs (the track
	// penalty is not included; see Stats.OutOfTrack).
	Objective float64        `json:"objective"`
	Loads     map[string]int `json:"loads"`
	// WeightedLoads is each judge's total entry weight (BalanceWeight only).
	WeightedLoads map[string]float64 `json:"weighted_loads,omitempty"`
	Stats         AssignStats        `json:"stats"`
	// Changed lists the entries whose judges changed (Reassign only).
	Changed []string `json:"changed,omitempty"`
}

// Assign computes an assignment of exactly K distinct judges to every entry
// that respects conflicts, load bounds and the track rule, and maximises the
// total affinity minus the track penalty; the result is optimal for the
// affinities rounded to the solver's integer scale (at least 2^19 steps per
// unit, see MaxAffinity). Invalid input yields *InputError, an impossible
// problem *InfeasibleError.
func Assign(in AssignInput) (*AssignResult, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	m, err := newModel(&in)
	if err != nil {
		return nil, err
	}
	p := newProblem(&in, m)
	s := p.solve()
	if !s.feasible {
		return nil, &InfeasibleError{Reasons: p.diagnose(s, &in)}
	}
	if in.Balance == BalanceWeight {
		balanceWeights(&in, m, s.judges)
	}
	res := buildResult(&in, m, s.judges, s)
	if in.Balance == BalanceWeight {
		res.WeightedLoads = weightedLoads(&in, s.judges)
	}
	return res, nil
}

// newProblem is the full problem: K judges for every entry, the input's
// load bounds.
func newProblem(in *AssignInput, m *model) *problem {
	p := &problem{m: m, demand: make([]int32, m.nE), minL: make([]int32, m.nJ), maxL: make([]int32, m.nJ)}
	for e := range p.demand {
		p.demand[e] = int32(in.K)
	}
	for j, jd := range in.Judges {
		p.minL[j], p.maxL[j] = int32(jd.MinLoad), int32(jd.MaxLoad)
	}
	p.setMinInTrack(in, nil)
	return p
}

// setMinInTrack sets each entry's min_in_track bound, less the kept judges
// (per entry, may be nil) that are already in track. The rule only binds
// under TrackPrefer and for entries with a track.
func (p *problem) setMinInTrack(in *AssignInput, kept [][]int32) {
	p.minIn = nil
	if in.MinInTrack == 0 || p.m.require {
		return
	}
	p.minIn = make([]int32, p.m.nE)
	for e := range p.minIn {
		if p.m.entryTrack[e] < 0 {
			continue
		}
		l := int32(in.MinInTrack)
		if kept != nil {
			for _, j := range kept[e] {
				if p.m.inTrack(e, int(j)) {
					l--
				}
			}
		}
		p.minIn[e] = max(0, min(l, p.demand[e]))
	}
}

// buildResult turns per-entry judge indices into the output, with stats.
func buildResult(in *AssignInput, m *model, judges [][]int32, s *solution) *AssignResult {
	res := &AssignResult{Assignments: make([]Assignment, m.nE), Loads: make(map[string]int, m.nJ)}
	loads := make([]int, m.nJ)
	perEntry := make([]float64, m.nE)
	st := &res.Stats
	for e, js := range judges {
		a := Assignment{Entry: in.Entries[e].ID, Judges: make([]string, len(js))}
		zero := false
		sum := 0.0
		for i, j := range js {
			a.Judges[i] = in.Judges[j].ID
			loads[j]++
			v := m.affinity(e, int(j))
			sum += v
			zero = zero || v == 0
			if !m.inTrack(e, int(j)) {
				st.OutOfTrack++
			}
		}
		res.Objective += sum
		if len(js) > 0 {
			perEntry[e] = sum / float64(len(js))
		}
		if zero {
			st.EntriesWithZeroAffinityJudge++
		}
		res.Assignments[e] = a
	}
	for j, l := range loads {
		res.Loads[in.Judges[j].ID] = l
	}
	st.fill(perEntry, loads)
	st.CandidateArcs, st.CertificationRounds = s.arcs, s.rounds
	res.Objective = roundObjective(res.Objective)
	return res
}

// roundObjective removes float summation noise below 1e-9 so that the same
// assignment always prints the same objective.
func roundObjective(x float64) float64 {
	return math.Round(x*1e9) / 1e9
}
