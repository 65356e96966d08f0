package judging

import "sort"

// Advancement helpers pick the entries that go on to the next round from a
// ranking. Each returns entry ids in ranking order. Entries sharing a rank
// are never split: when the cut falls inside a tie, all tied entries
// advance (fairer than an arbitrary id order, and visible in the count).

// TopN returns the entries ranked in the top n of ranking.
func TopN(ranking []RankedEntry, n int) []string {
	var out []string
	for _, r := range ranking {
		if r.Rank > n {
			break
		}
		out = append(out, r.Entry)
	}
	return out
}

// TopNPerTrack applies TopN within each track: trackOf maps entry ids to
// tracks (entries without a track form the "" track). Ranks are recomputed
// within the track from the overall ranking, with the same shared-rank rule.
func TopNPerTrack(ranking []RankedEntry, trackOf map[string]string, n int) []string {
	byTrack := map[string][]RankedEntry{}
	for _, r := range ranking {
		byTrack[trackOf[r.Entry]] = append(byTrack[trackOf[r.Entry]], r)
	}
	advance := map[string]bool{}
	for _, rs := range byTrack {
		// Competition rank within the track: shared when the overall rank
		// is shared.
		prevOverall := 0
		for i := range rs {
			overall := rs[i].Rank
			if i == 0 || overall != prevOverall {
				rs[i].Rank = i + 1
			} else {
				rs[i].Rank = rs[i-1].Rank
			}
			prevOverall = overall
		}
		for _, id := range TopN(rs, n) {
			advance[id] = true
		}
	}
	var out []string
	for _, r := range ranking {
		if advance[r.Entry] {
			out = append(out, r.Entry)
		}
	}
	return out
}

// AtLeastScore returns the entries whose score is at least threshold.
func AtLeastScore(ranking []RankedEntry, threshold float64) []string {
	var out []string
	for _, r := range ranking {
		if r.Score >= threshold {
			out = append(out, r.Entry)
		}
	}
	return out
}

// Recommendation is one judge's advance/do-not-advance vote on an entry.
type Recommendation struct {
	Judge   string
	Entry   string
	Advance bool
}

// RecommendedBy returns the entries that at least m distinct judges
// recommend for advancement, in ranking order; entries not in ranking come
// last, by id.
func RecommendedBy(ranking []RankedEntry, recs []Recommendation, m int) []string {
	votes := map[string]map[string]bool{}
	for _, r := range recs {
		if !r.Advance {
			continue
		}
		if votes[r.Entry] == nil {
			votes[r.Entry] = map[string]bool{}
		}
		votes[r.Entry][r.Judge] = true
	}
	var out []string
	for _, r := range ranking {
		if len(votes[r.Entry]) >= m {
			out = append(out, r.Entry)
		}
		delete(votes, r.Entry)
	}
	var rest []string
	for e, v := range votes {
		if len(v) >= m {
			rest = append(rest, e)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}
