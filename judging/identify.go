package judging

import (
	"cmp"
	"slices"
)

// Identifiability says how far the scores of different entries can be
// compared through shared judges. Entries are comparable only through
// judges who scored both (directly or along a chain): the calibrated model
// separates a judge's bias from the entries' quality only within a
// connected component of the judge–entry graph; between components the
// levels rest on the prior (every judge's bias averages 0) alone. The same
// holds for tracks judged by disjoint panels.
type Identifiability struct {
	// Components is the number of connected components of the judge–entry
	// graph (1 is the healthy case).
	Components int `json:"components"`
	// Largest lists the sizes of the largest components (at most
	// maxListedComponents), largest first.
	Largest []ComponentSize `json:"largest"`
	// LargestShare is the fraction of entries in the largest component.
	LargestShare float64 `json:"largest_share"`
	// CoJudges is the median, over judges, of the number of other judges
	// with whom the judge shares at least one entry: the effective overlap
	// that lets biases be told apart (0 when every judge has their own
	// entries).
	CoJudges float64 `json:"co_judges"`
	// Tracks is set when the input names tracks: per track, how many of its
	// judges also scored entries of other tracks.
	Tracks []TrackOverlap `json:"tracks,omitempty"`
}

// ComponentSize is one connected component of the judge–entry graph.
type ComponentSize struct {
	Entries int `json:"entries"`
	Judges  int `json:"judges"`
}

// TrackOverlap describes how one track is linked to the others.
type TrackOverlap struct {
	Track   string `json:"track"`
	Entries int    `json:"entries"`
	Judges  int    `json:"judges"`
	// SharedJudges is the number of the track's judges who also scored
	// entries of another track: the judges through which the track's level
	// is compared with the others.
	SharedJudges int `json:"shared_judges"`
	// LinkedTracks is the number of other tracks with at least one judge in
	// common with this one.
	LinkedTracks int `json:"linked_tracks"`
}

const maxListedComponents = 5

// identify computes the identifiability report of the observations.
func identify(o *observations, tracks map[string]string) Identifiability {
	comps := newComponents(o)
	sizes := make([]ComponentSize, comps.n)
	for _, k := range comps.ofEntry {
		sizes[k].Entries++
	}
	for _, k := range comps.ofJudge {
		sizes[k].Judges++
	}
	slices.SortStableFunc(sizes, func(a, b ComponentSize) int {
		if c := cmp.Compare(b.Entries, a.Entries); c != 0 {
			return c
		}
		return cmp.Compare(b.Judges, a.Judges)
	})
	id := Identifiability{Components: comps.n}
	if len(sizes) > 0 && len(o.entryIDs) > 0 {
		id.LargestShare = float64(sizes[0].Entries) / float64(len(o.entryIDs))
	}
	id.Largest = sizes[:min(len(sizes), maxListedComponents)]
	id.CoJudges = medianCoJudges(o)
	if len(tracks) > 0 {
		id.Tracks = trackOverlap(o, tracks)
	}
	return id
}

// medianCoJudges is the median over judges of their number of distinct
// co-judges.
func medianCoJudges(o *observations) float64 {
	nJ := len(o.judgeIDs)
	if nJ == 0 {
		return 0
	}
	mark := make([]int32, nJ) // last judge (plus one) that marked a co-judge
	counts := make([]float64, nJ)
	for j := 0; j < nJ; j++ {
		for _, i := range o.byJudge.row(j) {
			for _, k := range o.byEntry.row(int(o.entry[i])) {
				if c := o.judge[k]; int(c) != j && mark[c] != int32(j+1) {
					mark[c] = int32(j + 1)
					counts[j]++
				}
			}
		}
	}
	slices.Sort(counts)
	return quantile(counts, 0.5)
}

// trackOverlap reports, per track (sorted by name; entries without a track
// form the "" track), its judges and those shared with other tracks.
func trackOverlap(o *observations, tracks map[string]string) []TrackOverlap {
	names := map[string]int{}
	var list []string
	entryTrack := make([]int, len(o.entryIDs))
	for e, id := range o.entryIDs {
		t := tracks[id]
		k, ok := names[t]
		if !ok {
			k = len(list)
			names[t] = k
			list = append(list, t)
		}
		entryTrack[e] = k
	}
	nT := len(list)
	// judgeTracks[j] is the set of tracks judge j scored, as sorted indices.
	judgeTracks := make([][]int, len(o.judgeIDs))
	for j := range judgeTracks {
		for _, i := range o.byJudge.row(j) {
			t := entryTrack[o.entry[i]]
			if !slices.Contains(judgeTracks[j], t) {
				judgeTracks[j] = append(judgeTracks[j], t)
			}
		}
	}
	out := make([]TrackOverlap, nT)
	linked := make([][]bool, nT)
	for t := range out {
		out[t].Track = list[t]
		linked[t] = make([]bool, nT)
	}
	for _, t := range entryTrack {
		out[t].Entries++
	}
	for _, ts := range judgeTracks {
		for _, t := range ts {
			out[t].Judges++
			if len(ts) > 1 {
				out[t].SharedJudges++
			}
			for _, u := range ts {
				linked[t][u] = true
			}
		}
	}
	for t := range out {
		for u, l := range linked[t] {
			if l && u != t {
				out[t].LinkedTracks++
			}
		}
	}
	slices.SortFunc(out, func(a, b TrackOverlap) int { return cmp.Compare(a.Track, b.Track) })
	return out
}
