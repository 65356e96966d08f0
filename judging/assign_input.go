package judging

import (
	"fmt"
	"math"
)

// TrackRule says how an entry's track restricts its judges.
type TrackRule string

// Track rules (docs/architecture.md).
const (
	// TrackPrefer allows a judge outside the entry's track at a cost of
	// TrackPenalty affinity units per such pair.
	TrackPrefer TrackRule = "prefer"
	// TrackRequire forbids judges outside the entry's track.
	TrackRequire TrackRule = "require"
)

// DefaultTrackPenalty is the cost, in affinity units, of assigning a judge
// outside the entry's track under TrackPrefer. With affinities in [0, 1] it
// makes an out-of-track judge never better than an in-track one: one unit is
// the whole affinity range, so the optimum uses out-of-track judges only where
// in-track capacity or conflicts leave no choice, and among those still
// maximises affinity.
const DefaultTrackPenalty = 1.0

// MaxAffinity bounds |affinity| and the track penalty so that scaled integer
// costs keep at least 32768 steps per affinity unit (see maxCostBits)
// without any risk of overflow.
const MaxAffinity = 1e4

// Entry is a submission to be judged. An empty Track matches every judge.
// Weight is the entry's expected reviewing effort (minutes of reading and
// watching, say); only Balance == BalanceWeight uses it.
type Entry struct {
	ID     string  `json:"id"`
	Track  string  `json:"track"`
	Weight float64 `json:"weight,omitempty"`
}

// Balance says what judges' loads are evened out by.
const (
	// BalanceCount (the default) bounds each judge's number of entries.
	BalanceCount = "count"
	// BalanceWeight then evens out the judges' total entry Weight (expected
	// reading time) by moving and swapping entries between judges without
	// lowering the objective or leaving any bound (balanceWeights).
	BalanceWeight = "weight"
)

// Judge can take between MinLoad and MaxLoad entries. A judge with no Tracks
// is in track for every entry.
type Judge struct {
	ID      string   `json:"id"`
	Tracks  []string `json:"tracks"`
	MinLoad int      `json:"min_load"`
	MaxLoad int      `json:"max_load"`
}

// Pair names a judge and an entry by their indices in AssignInput.Judges and
// AssignInput.Entries.
type Pair struct {
	Judge, Entry int32
}

// Affinity is how well a judge suits an entry (higher is better; pairs
// without an Affinity have affinity 0).
type Affinity struct {
	Pair
	Value float64
}

// AssignInput is an assignment problem. Conflicts and Affinity refer to
// judges and entries by index, which keeps million-pair inputs compact;
// DecodeAssignInput resolves the ids of the JSON contract.
type AssignInput struct {
	K         int
	Entries   []Entry
	Judges    []Judge
	Conflicts []Pair
	Affinity  []Affinity
	// TrackRule defaults to TrackPrefer.
	TrackRule TrackRule
	// TrackPenalty overrides DefaultTrackPenalty under TrackPrefer.
	TrackPenalty *float64
	// MinInTrack (0..K) is how many of each entry's judges must be in the
	// entry's track under TrackPrefer ("at least one in-track judge per
	// entry" is 1). Entries without a track are not affected; under
	// TrackRequire every judge is in track anyway.
	MinInTrack int
	// Balance is BalanceCount (default, "") or BalanceWeight.
	Balance string
}

func (in *AssignInput) penalty() float64 {
	switch {
	case in.TrackRule == TrackRequire:
		return 0
	case in.TrackPenalty != nil:
		return *in.TrackPenalty
	default:
		return DefaultTrackPenalty
	}
}

// validate checks everything except feasibility.
func (in *AssignInput) validate() error {
	if in.K < 1 {
		return invalid("k", fmt.Sprintf("must be at least 1, got %d", in.K))
	}
	if in.K > len(in.Judges) {
		return invalid("k", fmt.Sprintf("k (%d) is larger than the number of judges (%d)", in.K, len(in.Judges)))
	}
	switch in.TrackRule {
	case "", TrackPrefer, TrackRequire:
	default:
		return invalid("track_rule", fmt.Sprintf("unknown rule %q (want prefer or require)", in.TrackRule))
	}
	switch in.Balance {
	case "", BalanceCount, BalanceWeight:
	default:
		return invalid("balance", fmt.Sprintf("unknown balance %q (want count or weight)", in.Balance))
	}
	for i, e := range in.Entries {
		if !finite(e.Weight) || e.Weight < 0 || e.Weight > 1e9 {
			return invalid(fmt.Sprintf("entries[%d].weight", i), fmt.Sprintf("must be in [0, 1e9], got %v", e.Weight))
		}
	}
	if in.MinInTrack < 0 || in.MinInTrack > in.K {
		return invalid("min_in_track", fmt.Sprintf("must be between 0 and k (%d), got %d", in.K, in.MinInTrack))
	}
	if p := in.TrackPenalty; p != nil && (!finite(*p) || *p < 0 || *p > MaxAffinity) {
		return invalid("track_penalty", fmt.Sprintf("must be in [0, %g], got %v", MaxAffinity, *p))
	}
	if err := uniqueIDs("entries", len(in.Entries), func(i int) string { return in.Entries[i].ID }); err != nil {
		return err
	}
	if err := uniqueIDs("judges", len(in.Judges), func(i int) string { return in.Judges[i].ID }); err != nil {
		return err
	}
	for i, j := range in.Judges {
		switch {
		case j.MinLoad < 0:
			return invalid(fmt.Sprintf("judges[%d].min_load", i), fmt.Sprintf("must not be negative, got %d", j.MinLoad))
		case j.MaxLoad < j.MinLoad:
			return invalid(fmt.Sprintf("judges[%d].max_load", i), fmt.Sprintf("judge %q: min_load (%d) is greater than max_load (%d)", j.ID, j.MinLoad, j.MaxLoad))
		case j.MaxLoad > math.MaxInt32/4:
			return invalid(fmt.Sprintf("judges[%d].max_load", i), "is too large")
		}
	}
	for i, c := range in.Conflicts {
		if err := in.checkPair("", c); err != nil {
			err.Field = fmt.Sprintf("conflicts[%d]", i)
			return err
		}
	}
	return in.validateAffinity()
}

// validateAffinity checks references and values; duplicates are found by
// newModel, which sorts the pairs anyway. Field names are only formatted on
// error: inputs can hold millions of pairs.
func (in *AssignInput) validateAffinity() error {
	for i, a := range in.Affinity {
		if err := in.checkPair("", a.Pair); err != nil {
			err.Field = fmt.Sprintf("affinity[%d]", i)
			return err
		}
		if !finite(a.Value) || math.Abs(a.Value) > MaxAffinity {
			return invalid(fmt.Sprintf("affinity[%d]", i), fmt.Sprintf("value must be a finite number in [-%g, %g], got %v", MaxAffinity, MaxAffinity, a.Value))
		}
	}
	return nil
}

func (in *AssignInput) checkPair(field string, p Pair) *InputError {
	if p.Judge < 0 || int(p.Judge) >= len(in.Judges) {
		return invalid(field, fmt.Sprintf("judge index %d out of range", p.Judge))
	}
	if p.Entry < 0 || int(p.Entry) >= len(in.Entries) {
		return invalid(field, fmt.Sprintf("entry index %d out of range", p.Entry))
	}
	return nil
}

func uniqueIDs(list string, n int, id func(int) string) error {
	seen := make(map[string]int, n)
	for i := 0; i < n; i++ {
		s := id(i)
		if s == "" {
			return invalid(fmt.Sprintf("%s[%d].id", list, i), "must not be empty")
		}
		if prev, dup := seen[s]; dup {
			return invalid(fmt.Sprintf("%s[%d].id", list, i), fmt.Sprintf("duplicate id %q (also %s[%d])", s, list, prev))
		}
		seen[s] = i
	}
	return nil
}
