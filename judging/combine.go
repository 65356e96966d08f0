package judging

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// MissingRule says how Combine treats an entry that has no score in some
// weighted round.
type MissingRule string

const (
	// MissingExclude leaves such an entry out of the combined ranking (it is
	// listed apart, with the rounds it misses): every ranked entry is
	// measured by the same rounds with the same weights. The default: in a
	// contest whose final weighs 70 %, an entry that did not reach the final
	// is not a contender for the final ranking.
	MissingExclude MissingRule = "exclude"
	// MissingRenormalize ranks such an entry by the rounds it has, their
	// weights rescaled to sum to 1.
	MissingRenormalize MissingRule = "renormalize"
)

// CombineInput is the input of Combine (and of "podium judge combine"):
// the rankings of several rounds, each with a weight.
type CombineInput struct {
	Rounds  []CombineRound `json:"rounds"`
	Missing MissingRule    `json:"missing"`
}

// CombineRound is one round's ranking with its weight. Ranking is the
// "ranking" array of a "podium judge rank" output; Combine reads each
// line's entry, score, rank and uncertainty. Weights are relative (30 and
// 70, or 0.3 and 0.7, say the same); a round of weight 0 is ignored.
type CombineRound struct {
	ID      string        `json:"id"`
	Weight  float64       `json:"weight"`
	Ranking []RankedEntry `json:"ranking"`
}

// Contribution is what one round gave an entry's combined score.
type Contribution struct {
	Round string `json:"round"`
	// Share is the round's weight as a fraction of the weights that apply
	// to the entry (they sum to 1).
	Share float64 `json:"share"`
	Score float64 `json:"score"`
	Rank  int     `json:"rank"`
	// Points is Share·Score: the round's part of the combined score.
	Points float64 `json:"points"`
}

// CombinedEntry is one line of a combined ranking.
type CombinedEntry struct {
	Entry string  `json:"entry"`
	Rank  int     `json:"rank,omitempty"`
	Score float64 `json:"score"`
	// Uncertainty is √Σ(share·uncertainty)², the rounds' errors taken as
	// independent.
	Uncertainty   float64        `json:"uncertainty"`
	Contributions []Contribution `json:"contributions"`
	// Missing names the weighted rounds in which the entry has no score.
	Missing []string `json:"missing,omitempty"`
}

// CombineResult is the output of Combine: the ranked entries, and the
// entries left out by MissingExclude (unranked, with what they miss).
type CombineResult struct {
	Missing    MissingRule     `json:"missing"`
	Ranking    []CombinedEntry `json:"ranking"`
	Incomplete []CombinedEntry `json:"incomplete"`
}

// Combine merges rounds' rankings into one: an entry's combined score is
// Σ_r share_r · score_r over the weighted rounds, share_r = w_r / Σ w.
// Scores are combined as they are, so the rounds should be ranked by a
// method with a common scale (calibrated or mean: a 0–100 quality).
// Ranking is by combined score descending; ties (|Δ| < TieTolerance) are
// broken by the score in the heaviest round (the first listed among equal
// weights); entries still tied share a rank (1, 2, 2, 4) and are listed by
// id. The result is deterministic.
func Combine(in CombineInput) (*CombineResult, error) {
	rule := in.Missing
	if rule == "" {
		rule = MissingExclude
	}
	if rule != MissingExclude && rule != MissingRenormalize {
		return nil, invalid("missing", fmt.Sprintf("unknown rule %q (want exclude or renormalize)", in.Missing))
	}
	if len(in.Rounds) == 0 {
		return nil, invalid("rounds", "give at least one round")
	}
	type line struct {
		score, unc float64
		rank       int
	}
	seenRound := map[string]bool{}
	var weighted []int
	total, heaviest := 0.0, -1
	scores := make([]map[string]line, len(in.Rounds))
	var entries []string
	known := map[string]bool{}
	for i, r := range in.Rounds {
		field := fmt.Sprintf("rounds[%d]", i)
		switch {
		case r.ID == "":
			return nil, invalid(field+".id", "is required")
		case seenRound[r.ID]:
			return nil, invalid(field+".id", fmt.Sprintf("round %q is listed twice", r.ID))
		case math.IsNaN(r.Weight) || math.IsInf(r.Weight, 0) || r.Weight < 0:
			return nil, invalid(field+".weight", "must be a number ≥ 0")
		}
		seenRound[r.ID] = true
		scores[i] = map[string]line{}
		for k, e := range r.Ranking {
			f := fmt.Sprintf("%s.ranking[%d]", field, k)
			switch {
			case e.Entry == "":
				return nil, invalid(f+".entry", "is required")
			case math.IsNaN(e.Score) || math.IsInf(e.Score, 0):
				return nil, invalid(f+".score", "must be a finite number")
			}
			if _, dup := scores[i][e.Entry]; dup {
				return nil, invalid(f+".entry", fmt.Sprintf("entry %q is listed twice in this round", e.Entry))
			}
			scores[i][e.Entry] = line{score: e.Score, unc: e.Uncertainty, rank: e.Rank}
			if r.Weight > 0 && !known[e.Entry] {
				known[e.Entry] = true
				entries = append(entries, e.Entry)
			}
		}
		if r.Weight > 0 {
			weighted = append(weighted, i)
			total += r.Weight
			if heaviest < 0 || r.Weight > in.Rounds[heaviest].Weight {
				heaviest = i
			}
		}
	}
	if total <= 0 {
		return nil, invalid("rounds", "at least one round needs a weight above 0")
	}
	slices.Sort(entries)
	out := &CombineResult{Missing: rule, Ranking: []CombinedEntry{}, Incomplete: []CombinedEntry{}}
	tieBreak := map[string]float64{}
	for _, id := range entries {
		ce := CombinedEntry{Entry: id, Contributions: []Contribution{}}
		present := 0.0
		for _, i := range weighted {
			if _, ok := scores[i][id]; ok {
				present += in.Rounds[i].Weight
			} else {
				ce.Missing = append(ce.Missing, in.Rounds[i].ID)
			}
		}
		denominator := total
		if rule == MissingRenormalize {
			denominator = present
		}
		variance := 0.0
		for _, i := range weighted {
			l, ok := scores[i][id]
			if !ok {
				continue
			}
			share := in.Rounds[i].Weight / denominator
			ce.Contributions = append(ce.Contributions, Contribution{Round: in.Rounds[i].ID, Share: share, Score: l.score,
				Rank: l.rank, Points: share * l.score})
			ce.Score += share * l.score
			variance += share * share * l.unc * l.unc
		}
		ce.Uncertainty = math.Sqrt(variance)
		if len(ce.Missing) > 0 && rule == MissingExclude {
			ce.Score, ce.Uncertainty = 0, 0
			out.Incomplete = append(out.Incomplete, ce)
			continue
		}
		l, ok := scores[heaviest][id]
		tieBreak[id] = math.Inf(-1)
		if ok {
			tieBreak[id] = l.score
		}
		out.Ranking = append(out.Ranking, ce)
	}
	compare := func(a, b CombinedEntry) int {
		if math.Abs(a.Score-b.Score) >= TieTolerance {
			return cmp.Compare(b.Score, a.Score)
		}
		ta, tb := tieBreak[a.Entry], tieBreak[b.Entry]
		if !(math.IsInf(ta, -1) && math.IsInf(tb, -1)) && (math.IsInf(ta, -1) != math.IsInf(tb, -1) || math.Abs(ta-tb) >= TieTolerance) {
			return cmp.Compare(tb, ta)
		}
		return 0
	}
	slices.SortStableFunc(out.Ranking, compare) // entries are in id order: ties stay so
	for i := range out.Ranking {
		if i > 0 && compare(out.Ranking[i-1], out.Ranking[i]) == 0 {
			out.Ranking[i].Rank = out.Ranking[i-1].Rank
		} else {
			out.Ranking[i].Rank = i + 1
		}
	}
	return out, nil
}

// DecodeCombineInput parses the JSON input of "podium judge combine";
// Combine validates the content. Errors are *InputError.
func DecodeCombineInput(data []byte) (CombineInput, error) {
	var in CombineInput
	if err := decodeStrict(data, &in); err != nil {
		return CombineInput{}, err
	}
	return in, nil
}
