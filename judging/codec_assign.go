package judging

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// wireAssign is the JSON shape of the "podium judge assign" input.
type wireAssign struct {
	K            *int        `json:"k"`
	Entries      []Entry     `json:"entries"`
	Judges       []wireJudge `json:"judges"`
	Conflicts    [][]string  `json:"conflicts"`
	Affinity     rawSpan     `json:"affinity"`
	TrackRule    TrackRule   `json:"track_rule"`
	TrackPenalty *float64    `json:"track_penalty"`
}

type wireJudge struct {
	ID      string   `json:"id"`
	Tracks  []string `json:"tracks"`
	MinLoad int      `json:"min_load"`
	MaxLoad *int     `json:"max_load"`
}

// DecodeAssignInput parses the JSON input of "podium judge assign" and
// resolves judge and entry ids. It checks the shape and the references
// (unknown or duplicate ids, missing k or max_load); Assign checks the rest.
// The affinity list is parsed by a dedicated scanner because it can hold
// millions of triples. Errors are *InputError.
func DecodeAssignInput(data []byte) (AssignInput, error) {
	var w wireAssign
	if err := json.Unmarshal(data, &w); err != nil {
		return AssignInput{}, jsonError(err)
	}
	if w.K == nil {
		return AssignInput{}, invalid("k", "is required")
	}
	in := AssignInput{K: *w.K, Entries: w.Entries, TrackRule: w.TrackRule, TrackPenalty: w.TrackPenalty}
	in.Judges = make([]Judge, len(w.Judges))
	for i, j := range w.Judges {
		if j.MaxLoad == nil {
			return AssignInput{}, invalid(fmt.Sprintf("judges[%d].max_load", i), "is required")
		}
		in.Judges[i] = Judge{ID: j.ID, Tracks: j.Tracks, MinLoad: j.MinLoad, MaxLoad: *j.MaxLoad}
	}
	if err := uniqueIDs("entries", len(in.Entries), func(i int) string { return in.Entries[i].ID }); err != nil {
		return AssignInput{}, err
	}
	if err := uniqueIDs("judges", len(in.Judges), func(i int) string { return in.Judges[i].ID }); err != nil {
		return AssignInput{}, err
	}
	ids := newIDIndex(&in)
	in.Conflicts = make([]Pair, len(w.Conflicts))
	for i, c := range w.Conflicts {
		field := fmt.Sprintf("conflicts[%d]", i)
		if len(c) != 2 {
			return AssignInput{}, invalid(field, fmt.Sprintf("want [judge, entry], got %d items", len(c)))
		}
		p, err := ids.pair(field, c[0], c[1])
		if err != nil {
			return AssignInput{}, err
		}
		in.Conflicts[i] = p
	}
	var err error
	if in.Affinity, err = parseAffinity(w.Affinity, ids); err != nil {
		return AssignInput{}, err
	}
	return in, nil
}

// rawSpan captures a JSON value without copying it. json.Unmarshal hands
// UnmarshalJSON a sub-slice of the caller's input; DecodeAssignInput owns
// that input for the whole decode and parses the span before returning, so
// keeping the reference is safe and saves a copy of what may be the bulk of
// a 100 MB document.
type rawSpan []byte

// UnmarshalJSON records the span.
func (r *rawSpan) UnmarshalJSON(b []byte) error {
	*r = b
	return nil
}

// idIndex maps ids to indices.
type idIndex struct {
	judges, entries map[string]int32
}

func newIDIndex(in *AssignInput) *idIndex {
	x := &idIndex{judges: make(map[string]int32, len(in.Judges)), entries: make(map[string]int32, len(in.Entries))}
	for i, j := range in.Judges {
		x.judges[j.ID] = int32(i)
	}
	for i, e := range in.Entries {
		x.entries[e.ID] = int32(i)
	}
	return x
}

func (x *idIndex) pair(field, judge, entry string) (Pair, error) {
	j, ok := x.judges[judge]
	if !ok {
		return Pair{}, invalid(field, fmt.Sprintf("unknown judge %q", judge))
	}
	e, ok := x.entries[entry]
	if !ok {
		return Pair{}, invalid(field, fmt.Sprintf("unknown entry %q", entry))
	}
	return Pair{Judge: j, Entry: e}, nil
}

// parseAffinity scans [[judge, entry, value], ...]. The document is already
// known to be valid JSON (json.Unmarshal checked it), so only its shape needs
// checking here.
func parseAffinity(raw []byte, ids *idIndex) ([]Affinity, error) {
	s := scanner{data: raw}
	s.ws()
	if s.done() || s.peek() == 'n' { // absent or null
		return nil, nil
	}
	if !s.eat('[') {
		return nil, invalid("affinity", "want an array of [judge, entry, value]")
	}
	out := make([]Affinity, 0, bytes.Count(raw, []byte{']'}))
	for i := 0; ; i++ {
		s.ws()
		if s.eat(']') {
			return out, nil
		}
		if i > 0 && !s.eat(',') {
			return nil, invalid("affinity", "want an array of [judge, entry, value]")
		}
		a, err := s.triple(i, ids)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
}

// scanner reads JSON tokens from a byte slice known to be valid JSON.
type scanner struct {
	data []byte
	pos  int
}

func (s *scanner) done() bool { return s.pos >= len(s.data) }
func (s *scanner) peek() byte { return s.data[s.pos] }

func (s *scanner) ws() {
	for !s.done() {
		switch s.peek() {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

func (s *scanner) eat(c byte) bool {
	s.ws()
	if !s.done() && s.peek() == c {
		s.pos++
		return true
	}
	return false
}

// triple reads affinity[i]; error messages are only formatted on error.
func (s *scanner) triple(i int, ids *idIndex) (Affinity, error) {
	field := func() string { return fmt.Sprintf("affinity[%d]", i) }
	shape := func() error { return invalid(field(), "want [judge, entry, value]") }
	if !s.eat('[') {
		return Affinity{}, shape()
	}
	judge, ok := s.str()
	if !ok || !s.eat(',') {
		return Affinity{}, shape()
	}
	entry, ok := s.str()
	if !ok || !s.eat(',') {
		return Affinity{}, shape()
	}
	v, ok := s.number()
	if !ok || !s.eat(']') {
		return Affinity{}, shape()
	}
	// Indexing a map with string(bytes) does not allocate.
	j, ok := ids.judges[string(judge)]
	if !ok {
		return Affinity{}, invalid(field(), fmt.Sprintf("unknown judge %q", judge))
	}
	e, ok := ids.entries[string(entry)]
	if !ok {
		return Affinity{}, invalid(field(), fmt.Sprintf("unknown entry %q", entry))
	}
	return Affinity{Pair: Pair{Judge: j, Entry: e}, Value: v}, nil
}

// str reads a JSON string; strings with escapes go through encoding/json.
func (s *scanner) str() ([]byte, bool) {
	if !s.eat('"') {
		return nil, false
	}
	start, escaped := s.pos, false
	for ; !s.done() && s.peek() != '"'; s.pos++ {
		if s.peek() == '\\' {
			escaped = true
			s.pos++
		}
	}
	if s.done() {
		return nil, false
	}
	s.pos++
	if !escaped {
		return s.data[start : s.pos-1], true
	}
	var out string
	err := json.Unmarshal(s.data[start-1:s.pos], &out)
	return []byte(out), err == nil
}

func (s *scanner) number() (float64, bool) {
	s.ws()
	start := s.pos
	for !s.done() {
		c := s.peek()
		if c != '-' && c != '+' && c != '.' && c != 'e' && c != 'E' && (c < '0' || c > '9') {
			break
		}
		s.pos++
	}
	v, err := strconv.ParseFloat(string(s.data[start:s.pos]), 64)
	return v, err == nil && start < s.pos
}
