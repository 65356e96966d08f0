package domain

import (
	"fmt"
	"slices"
	"time"
)

// The kinds of jury decision recorded on a final ranking.
const (
	// OverrideMove puts an entry at a position (1 = first) of the ranking.
	OverrideMove = "move"
	// OverrideTie breaks a tie: the entry goes directly above the other
	// entry it is tied with.
	OverrideTie = "tie"
	// OverrideWithhold withholds an award: it is not given (the ceremony
	// skips it and the public results leave it out).
	OverrideWithhold = "withhold"
)

// Override is one jury decision on the contest's final ranking, with its
// reason. Overrides are only ever added or revoked (RevokedAt), never
// edited: two organizers deliberating at once each add their own records.
type Override struct {
	ID        int64      `json:"id" db:"id"`
	Kind      string     `json:"kind" db:"kind"`
	EntryID   *int64     `json:"entry_id,omitempty" db:"submission_id"`
	OtherID   *int64     `json:"other_id,omitempty" db:"other_id"`
	Position  *int       `json:"position,omitempty" db:"position"`
	Award     string     `json:"award,omitempty" db:"award"`
	Reason    string     `json:"reason" db:"reason"`
	CreatedBy string     `json:"created_by" db:"created_by"`
	CreatedAt time.Time  `json:"created_at" db:"created_at"`
	RevokedAt *time.Time `json:"revoked_at,omitempty" db:"revoked_at"`
	// Applied is false for a tie-break whose entries are no longer tied
	// (or an entry no longer ranked): it is kept and shown, but moved
	// nothing.
	Applied bool `json:"applied" db:"-"`
}

// OverrideInput records a jury decision: kind move (entry_id, position),
// tie (entry_id above other_id) or withhold (award); reason is required.
type OverrideInput struct {
	Kind     string `json:"kind"`
	EntryID  int64  `json:"entry_id"`
	OtherID  int64  `json:"other_id"`
	Position int    `json:"position"`
	Award    string `json:"award"`
	Reason   string `json:"reason"`
}

// Placed is a line of a ranking that overrides reorder: the entry, its
// rank, and the overrides that moved it.
type Placed struct {
	EntryID   int64
	Rank      int
	Overrides []int64
}

// ApplyOverrides applies the jury's decisions, oldest first, to a ranking
// (its lines in order, ranks as computed: tied lines share a rank). Revoked
// overrides are skipped. A move takes the entry out and puts it at the
// position (past the end: last), untied from its new neighbours; a
// tie-break puts the entry directly above the other one if they still
// share a rank (otherwise it is not applied). Ranks are then recounted:
// lines tied before stay tied unless an override separated them. It
// returns the new lines, the awards withheld, and the overrides with
// Applied set.
func ApplyOverrides(lines []Placed, overrides []Override) ([]Placed, []string, []Override) {
	out := slices.Clone(lines)
	tied := make([]bool, len(out)) // tied[i]: shares its rank with the line above
	for i := 1; i < len(out); i++ {
		tied[i] = out[i].Rank == out[i-1].Rank
	}
	indexOf := func(id int64) int {
		return slices.IndexFunc(out, func(p Placed) bool { return p.EntryID == id })
	}
	// take removes line i; the line below it stays tied to the one above
	// only if both were tied through it.
	take := func(i int) (Placed, bool) {
		p, t := out[i], tied[i]
		if i+1 < len(out) {
			tied[i+1] = tied[i+1] && t
		}
		out = slices.Delete(out, i, i+1)
		tied = slices.Delete(tied, i, i+1)
		return p, t
	}
	put := func(i int, p Placed, t bool) {
		out = slices.Insert(out, i, p)
		tied = slices.Insert(tied, i, t)
		if i+1 < len(out) {
			tied[i+1] = false
		}
	}
	var withheld []string
	applied := make([]Override, 0, len(overrides))
	for _, o := range overrides {
		o.Applied = false
		if o.RevokedAt != nil {
			applied = append(applied, o)
			continue
		}
		switch o.Kind {
		case OverrideWithhold:
			if !slices.Contains(withheld, o.Award) {
				withheld = append(withheld, o.Award)
			}
			o.Applied = true
		case OverrideMove:
			i := -1
			if o.EntryID != nil {
				i = indexOf(*o.EntryID)
			}
			if i < 0 || o.Position == nil {
				break
			}
			p, _ := take(i)
			at := min(max(*o.Position, 1), len(out)+1) - 1
			p.Overrides = append(slices.Clone(p.Overrides), o.ID)
			put(at, p, false)
			o.Applied = true
		case OverrideTie:
			if o.EntryID == nil || o.OtherID == nil {
				break
			}
			i, k := indexOf(*o.EntryID), indexOf(*o.OtherID)
			if i < 0 || k < 0 || i == k || !sameRank(tied, i, k) {
				break
			}
			p, _ := take(i)
			k = indexOf(*o.OtherID)
			p.Overrides = append(slices.Clone(p.Overrides), o.ID)
			put(k, p, tied[k])
			o.Applied = true
		}
		applied = append(applied, o)
	}
	for i := range out {
		if i > 0 && tied[i] {
			out[i].Rank = out[i-1].Rank
		} else {
			out[i].Rank = i + 1
		}
	}
	if withheld == nil {
		withheld = []string{}
	}
	return out, withheld, applied
}

// sameRank reports whether lines i and k are in one run of tied lines.
func sameRank(tied []bool, i, k int) bool {
	lo, hi := min(i, k), max(i, k)
	for x := lo + 1; x <= hi; x++ {
		if !tied[x] {
			return false
		}
	}
	return true
}

// CheckOverride validates a jury decision against the ranked entries (and
// the award names of the contest's results, for withhold): the decision
// with its reason trimmed, and the problems by field.
func CheckOverride(in OverrideInput, ranked map[int64]bool, awards []string) (OverrideInput, Fields) {
	f := Fields{}
	in.Reason = CheckText(f, "reason", in.Reason, 2000)
	entry := func(field string, id int64) {
		switch {
		case id <= 0:
			f.Add(field, "is required")
		case !ranked[id]:
			f.Add(field, "is not an entry of the final ranking")
		}
	}
	switch in.Kind {
	case OverrideMove:
		entry("entry_id", in.EntryID)
		if in.Position < 1 || in.Position > len(ranked) {
			f.Add("position", fmt.Sprintf("must be between 1 and %d", max(len(ranked), 1)))
		}
	case OverrideTie:
		entry("entry_id", in.EntryID)
		entry("other_id", in.OtherID)
		if in.EntryID == in.OtherID && in.EntryID > 0 {
			f.Add("other_id", "must be another entry")
		}
	case OverrideWithhold:
		if !slices.Contains(awards, in.Award) {
			f.Add("award", "is not an award of this contest's results")
		}
	default:
		f.Add("kind", "must be move, tie or withhold")
	}
	return in, f
}
