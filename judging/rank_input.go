package judging

import (
	"fmt"
	"math"
	"sort"
)

// Method selects how the judges' totals of an entry become its score.
type Method string

// The ranking methods. MethodMean and MethodZScore follow docs/architecture.md to the
// letter; MethodCalibrated is the default (see calibrate.go).
const (
	MethodMean       Method = "mean"
	MethodZScore     Method = "zscore"
	MethodCalibrated Method = "calibrated"
)

// DefaultMethod is used when RankInput.Method is empty.
const DefaultMethod = MethodCalibrated

// Criterion is one rubric line. Values for it must lie in [Min, Max]; Weight
// is its relative importance in the total.
type Criterion struct {
	ID     string  `json:"id"`
	Weight float64 `json:"weight"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
}

// Score is one judge's scoring of one entry: a value for every criterion.
type Score struct {
	Judge  string             `json:"judge"`
	Entry  string             `json:"entry"`
	Values map[string]float64 `json:"values"`
}

// RankInput is the input of Rank (the "podium judge rank" contract).
type RankInput struct {
	Method   Method      `json:"method"`
	Criteria []Criterion `json:"criteria"`
	Scores   []Score     `json:"scores"`
	// Cuts asks for decision probabilities (confidence.go); without cuts
	// the output is exactly the plain ranking.
	Cuts []Cut `json:"cuts,omitempty"`
	// Tracks maps entry ids to tracks, for per-track cuts and the
	// identifiability report; entries not listed form the "" track.
	Tracks map[string]string `json:"tracks,omitempty"`
	// Samples is the number of posterior (or bootstrap) draws; 0 means
	// DefaultSamples.
	Samples int `json:"samples,omitempty"`
	// Seed seeds the random draws; nil means DefaultSeed.
	Seed *uint64 `json:"seed,omitempty"`
}

// observations is the validated, index-based form of a RankInput: one total
// per (judge, entry) pair, grouped by entry and by judge.
type observations struct {
	entryIDs []string
	judgeIDs []string
	judge    []int32   // judge of observation i
	entry    []int32   // entry of observation i
	total    []float64 // total(j,e) on the 0–100 scale
	byEntry  csr       // observation indices per entry
	byJudge  csr       // observation indices per judge
}

// csr is a compressed sparse row index: the items of row r are
// items[start[r]:start[r+1]].
type csr struct {
	start []int32
	items []int32
}

func (c csr) row(r int) []int32 { return c.items[c.start[r]:c.start[r+1]] }

// buildCSR groups the indices 0..len(keys)-1 by key, keeping index order
// within a row.
func buildCSR(keys []int32, rows int) csr {
	start := make([]int32, rows+1)
	for _, k := range keys {
		start[k+1]++
	}
	for r := 0; r < rows; r++ {
		start[r+1] += start[r]
	}
	items := make([]int32, len(keys))
	fill := append([]int32(nil), start[:rows]...)
	for i, k := range keys {
		items[fill[k]] = int32(i)
		fill[k]++
	}
	return csr{start: start, items: items}
}

func validateCriteria(criteria []Criterion) error {
	if len(criteria) == 0 {
		return invalid("criteria", "at least one criterion is required")
	}
	seen := make(map[string]int, len(criteria))
	for i, c := range criteria {
		field := fmt.Sprintf("criteria[%d]", i)
		switch {
		case c.ID == "":
			return invalid(field+".id", "must not be empty")
		case !finite(c.Weight) || c.Weight <= 0:
			return invalid(field+".weight", fmt.Sprintf("must be a positive number, got %v", c.Weight))
		case !finite(c.Min):
			return invalid(field+".min", "must be a finite number")
		case !finite(c.Max) || c.Max <= c.Min:
			return invalid(field+".max", fmt.Sprintf("must be greater than min (%v), got %v", c.Min, c.Max))
		}
		if j, dup := seen[c.ID]; dup {
			return invalid(field+".id", fmt.Sprintf("duplicate criterion %q (also criteria[%d])", c.ID, j))
		}
		seen[c.ID] = i
	}
	return nil
}

// total computes total(j,e) of docs/architecture.md, summing criteria in input order
// so that the result is reproducible bit for bit. field names the values in
// errors; it is only called on error.
func total(field func() string, criteria []Criterion, wsum float64, values map[string]float64) (float64, error) {
	s := 0.0
	for _, c := range criteria {
		v, ok := values[c.ID]
		if !ok {
			return 0, invalid(field(), fmt.Sprintf("missing value for criterion %q", c.ID))
		}
		if !finite(v) || v < c.Min || v > c.Max {
			return 0, invalid(field()+"."+c.ID, fmt.Sprintf("value %v outside [%v, %v]", v, c.Min, c.Max))
		}
		s += c.Weight * (v - c.Min) / (c.Max - c.Min)
	}
	if len(values) > len(criteria) {
		return 0, invalid(field(), fmt.Sprintf("unknown criterion %q", firstUnknown(values, criteria)))
	}
	return 100 * s / wsum, nil
}

// firstUnknown returns the smallest key of values that is not a criterion, so
// that the error message is deterministic.
func firstUnknown(values map[string]float64, criteria []Criterion) string {
	known := make(map[string]bool, len(criteria))
	for _, c := range criteria {
		known[c.ID] = true
	}
	var unknown []string
	for k := range values {
		if !known[k] {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	return unknown[0]
}

// newObservations validates in and converts it to index form. Entries and
// judges are numbered in order of first appearance.
func newObservations(in *RankInput) (*observations, error) {
	if err := validateCriteria(in.Criteria); err != nil {
		return nil, err
	}
	wsum := 0.0
	for _, c := range in.Criteria {
		wsum += c.Weight
	}
	n := len(in.Scores)
	o := &observations{
		judge: make([]int32, n),
		entry: make([]int32, n),
		total: make([]float64, n),
	}
	entryIdx := make(map[string]int32)
	judgeIdx := make(map[string]int32)
	for i := range in.Scores {
		s := &in.Scores[i]
		if s.Judge == "" {
			return nil, invalid(fmt.Sprintf("scores[%d].judge", i), "must not be empty")
		}
		if s.Entry == "" {
			return nil, invalid(fmt.Sprintf("scores[%d].entry", i), "must not be empty")
		}
		t, err := total(func() string { return fmt.Sprintf("scores[%d].values", i) }, in.Criteria, wsum, s.Values)
		if err != nil {
			return nil, err
		}
		o.judge[i] = intern(judgeIdx, &o.judgeIDs, s.Judge)
		o.entry[i] = intern(entryIdx, &o.entryIDs, s.Entry)
		o.total[i] = t
	}
	o.byEntry = buildCSR(o.entry, len(o.entryIDs))
	o.byJudge = buildCSR(o.judge, len(o.judgeIDs))
	if err := o.checkDuplicates(in); err != nil {
		return nil, err
	}
	return o, nil
}

// checkDuplicates rejects a judge scoring the same entry twice.
func (o *observations) checkDuplicates(in *RankInput) error {
	last := make([]int32, len(o.judgeIDs))
	for i := range last {
		last[i] = -1
	}
	for e := range o.entryIDs {
		for _, i := range o.byEntry.row(e) {
			j := o.judge[i]
			if prev := last[j]; prev >= 0 && o.entry[prev] == int32(e) {
				return invalid(fmt.Sprintf("scores[%d]", i),
					fmt.Sprintf("duplicate score of entry %q by judge %q (also scores[%d])", in.Scores[i].Entry, in.Scores[i].Judge, prev))
			}
			last[j] = i
		}
	}
	return nil
}

func intern(idx map[string]int32, ids *[]string, id string) int32 {
	if k, ok := idx[id]; ok {
		return k
	}
	k := int32(len(*ids))
	idx[id] = k
	*ids = append(*ids, id)
	return k
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
