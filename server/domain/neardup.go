package domain

import (
	"context"
	"encoding/binary"
	"hash/fnv"
	"math"
	"sort"
	"strings"
	"unicode"
)

// Near-duplicate entries: two teams' texts (title, abstract, free-text
// answers) that are mostly the same words in the same order, reworded here
// and there — a shared template, a copied abstract. Same-file duplicates
// are found by SHA-256 in the entry checks; this finds the texts.
//
// A text becomes the set of its 3-token shingles (a token is a run of
// letters and digits, lowercased, or a single CJK character, so Chinese
// text without spaces works too). The similarity of two texts is the
// Jaccard index of their shingle sets. To avoid comparing every pair, each
// set is summarised by a MinHash signature of NearDupBands×NearDupRows
// values and pairs are candidates when their signatures agree on one band
// (locality-sensitive hashing: a pair with similarity s is a candidate with
// probability 1−(1−s³)²⁰, 0.92 at s = 0.5, 0.997 at 0.7); candidates are
// then compared exactly. A pair is flagged at NearDupThreshold or more.
// Texts under NearDupMinShingles shingles (a title alone) are left out.
const (
	NearDupThreshold   = 0.5
	NearDupShingle     = 3
	NearDupBands       = 20
	NearDupRows        = 3
	NearDupMinShingles = 20
)

// EntryText is an entry's text for the near-duplicate search.
type EntryText struct {
	SubmissionID int64  `json:"submission_id" db:"submission_id"`
	TeamID       int64  `json:"team_id" db:"team_id"`
	TeamName     string `json:"team_name" db:"team_name"`
	Title        string `json:"title" db:"title"`
	// Text is what is compared: title, abstract and free-text answers.
	Text string `json:"-" db:"-"`
}

// NearDuplicatePair is two entries with similar texts.
type NearDuplicatePair struct {
	A          EntryText `json:"a"`
	B          EntryText `json:"b"`
	Similarity float64   `json:"similarity"`
}

// NearDuplicates is the answer of a contest's near-duplicate search.
type NearDuplicates struct {
	Threshold float64             `json:"threshold"`
	Entries   int                 `json:"entries"`
	Pairs     []NearDuplicatePair `json:"pairs"`
}

// textTokens splits text into lowercased words and single CJK characters.
func textTokens(text string) []string {
	var out []string
	var word strings.Builder
	flush := func() {
		if word.Len() > 0 {
			out = append(out, word.String())
			word.Reset()
		}
	}
	for _, r := range text {
		switch {
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul):
			flush()
			out = append(out, string(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			word.WriteRune(unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
	return out
}

// Shingles returns the hashed NearDupShingle-token shingles of text.
func Shingles(text string) map[uint64]struct{} {
	toks := textTokens(text)
	out := map[uint64]struct{}{}
	for i := 0; i+NearDupShingle <= len(toks); i++ {
		h := fnv.New64a()
		for _, t := range toks[i : i+NearDupShingle] {
			h.Write([]byte(t))
			h.Write([]byte{0})
		}
		out[h.Sum64()] = struct{}{}
	}
	return out
}

// Jaccard is |a ∩ b| / |a ∪ b| (0 for two empty sets).
func Jaccard(a, b map[uint64]struct{}) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	both := 0
	for x := range a {
		if _, ok := b[x]; ok {
			both++
		}
	}
	union := len(a) + len(b) - both
	if union == 0 {
		return 0
	}
	return float64(both) / float64(union)
}

// mix is SplitMix64's finaliser: a cheap, well-spread 64-bit hash.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// minHash is the signature of a shingle set: per hash function i, the
// least mix(x ^ seed_i) over its shingles.
func minHash(set map[uint64]struct{}) []uint64 {
	sig := make([]uint64, NearDupBands*NearDupRows)
	for i := range sig {
		sig[i] = math.MaxUint64
	}
	for x := range set {
		for i := range sig {
			if v := mix(x ^ mix(uint64(i)+1)); v < sig[i] {
				sig[i] = v
			}
		}
	}
	return sig
}

// FindNearDuplicates returns the pairs of entries whose texts have a
// similarity of NearDupThreshold or more, most similar first.
func FindNearDuplicates(entries []EntryText) []NearDuplicatePair {
	sets := make([]map[uint64]struct{}, len(entries))
	buckets := map[[2]uint64][]int{}
	for i, e := range entries {
		sets[i] = Shingles(e.Text)
		if len(sets[i]) < NearDupMinShingles {
			continue
		}
		sig := minHash(sets[i])
		for b := 0; b < NearDupBands; b++ {
			var buf [8 * NearDupRows]byte
			for r := 0; r < NearDupRows; r++ {
				binary.LittleEndian.PutUint64(buf[8*r:], sig[b*NearDupRows+r])
			}
			h := fnv.New64a()
			h.Write(buf[:])
			key := [2]uint64{uint64(b), h.Sum64()}
			buckets[key] = append(buckets[key], i)
		}
	}
	seen := map[[2]int]bool{}
	out := []NearDuplicatePair{}
	for _, idx := range buckets {
		for x := 0; x < len(idx); x++ {
			for y := x + 1; y < len(idx); y++ {
				p := [2]int{min(idx[x], idx[y]), max(idx[x], idx[y])}
				if seen[p] || entries[p[0]].TeamID == entries[p[1]].TeamID {
					continue
				}
				seen[p] = true
				if s := Jaccard(sets[p[0]], sets[p[1]]); s >= NearDupThreshold {
					out = append(out, NearDuplicatePair{A: entries[p[0]], B: entries[p[1]], Similarity: math.Round(s*1000) / 1000})
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Similarity != out[j].Similarity {
			return out[i].Similarity > out[j].Similarity
		}
		if out[i].A.SubmissionID != out[j].A.SubmissionID {
			return out[i].A.SubmissionID < out[j].A.SubmissionID
		}
		return out[i].B.SubmissionID < out[j].B.SubmissionID
	})
	return out
}

// EntryTextRow is an entry's latest version as the store reads it.
type EntryTextRow struct {
	EntryText
	Abstract string            `db:"abstract"`
	Fields   map[string]string `db:"-"`
}

// NearDuplicates finds the contest's entries with near-duplicate texts
// (organizers). The text compared is the title, the abstract and the
// answers to the form's text and textarea fields.
func (s *Contests) NearDuplicates(ctx context.Context, u User, slug string) (NearDuplicates, error) {
	c, err := s.organizerOf(ctx, u, slug)
	if err != nil {
		return NearDuplicates{}, err
	}
	if s.CheckStore == nil {
		return NearDuplicates{Threshold: NearDupThreshold, Pairs: []NearDuplicatePair{}}, nil
	}
	rows, err := s.CheckStore.EntryTexts(ctx, c.ID)
	if err != nil {
		return NearDuplicates{}, err
	}
	entries := make([]EntryText, len(rows))
	for i, r := range rows {
		parts := []string{r.Title, r.Abstract}
		for _, f := range c.Form {
			if f.Type == "text" || f.Type == "textarea" {
				parts = append(parts, r.Fields[f.Key])
			}
		}
		entries[i] = r.EntryText
		entries[i].Text = strings.Join(parts, "\n")
	}
	return NearDuplicates{Threshold: NearDupThreshold, Entries: len(entries), Pairs: FindNearDuplicates(entries)}, nil
}
