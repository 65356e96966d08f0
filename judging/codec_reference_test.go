package judging

// This file keeps the decoder of "podium judge assign" as it was before the
// streaming decoder (codec_assign.go): a json.Unmarshal of the whole document
// followed by a scanner of the affinity span. FuzzAssignDecodeDifferential
// checks that the streaming decoder agrees with it.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
)

// refWireAssign is the JSON shape of the "podium judge assign" input.
type refWireAssign struct {
	K            *int           `json:"k"`
	Entries      []Entry        `json:"entries"`
	Judges       []refWireJudge `json:"judges"`
	Conflicts    [][]string     `json:"conflicts"`
	Affinity     refRawSpan     `json:"affinity"`
	TrackRule    TrackRule      `json:"track_rule"`
	TrackPenalty *float64       `json:"track_penalty"`
}

type refWireJudge struct {
	ID      string   `json:"id"`
	Tracks  []string `json:"tracks"`
	MinLoad int      `json:"min_load"`
	MaxLoad *int     `json:"max_load"`
}

// decodeAssignReference parses the JSON input of "podium judge assign" and
// resolves judge and entry ids. It checks the shape and the references
// (unknown or duplicate ids, missing k or max_load); Assign checks the rest.
// The affinity list is parsed by a dedicated refScanner because it can hold
// millions of triples. Errors are *InputError.
func decodeAssignReference(data []byte) (AssignInput, error) {
	var w refWireAssign
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
	ids := newRefIDIndex(&in)
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
	if in.Affinity, err = refParseAffinity(w.Affinity, ids); err != nil {
		return AssignInput{}, err
	}
	return in, nil
}

// refRawSpan captures a JSON value without copying it. json.Unmarshal hands
// UnmarshalJSON a sub-slice of the caller's input; decodeAssignReference owns
// that input for the whole decode and parses the span before returning, so
// keeping the reference is safe and saves a copy of what may be the bulk of
// a 100 MB document.
type refRawSpan []byte

// UnmarshalJSON records the span.
func (r *refRawSpan) UnmarshalJSON(b []byte) error {
	*r = b
	return nil
}

// refIDIndex maps ids to indices.
type refIDIndex struct {
	judges, entries map[string]int32
}

func newRefIDIndex(in *AssignInput) *refIDIndex {
	x := &refIDIndex{judges: make(map[string]int32, len(in.Judges)), entries: make(map[string]int32, len(in.Entries))}
	for i, j := range in.Judges {
		x.judges[j.ID] = int32(i)
	}
	for i, e := range in.Entries {
		x.entries[e.ID] = int32(i)
	}
	return x
}

func (x *refIDIndex) pair(field, judge, entry string) (Pair, error) {
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

// refParseAffinity scans [[judge, entry, value], ...]. The document is already
// known to be valid JSON (json.Unmarshal checked it), so only its shape needs
// checking here.
func refParseAffinity(raw []byte, ids *refIDIndex) ([]Affinity, error) {
	s := refScanner{data: raw}
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

// refScanner reads JSON tokens from a byte slice known to be valid JSON.
type refScanner struct {
	data []byte
	pos  int
}

func (s *refScanner) done() bool { return s.pos >= len(s.data) }
func (s *refScanner) peek() byte { return s.data[s.pos] }

func (s *refScanner) ws() {
	for !s.done() {
		switch s.peek() {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

func (s *refScanner) eat(c byte) bool {
	s.ws()
	if !s.done() && s.peek() == c {
		s.pos++
		return true
	}
	return false
}

// triple reads affinity[i]; error messages are only formatted on error.
func (s *refScanner) triple(i int, ids *refIDIndex) (Affinity, error) {
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
func (s *refScanner) str() ([]byte, bool) {
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

func (s *refScanner) number() (float64, bool) {
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

// FuzzAssignDecodeDifferential checks that the streaming decoder, on a
// byte slice and on a reader that returns one byte at a time, gives what
// the reference decoder gives: the same input or the same error message.
// The one intended difference: unknown top-level fields are rejected (as
// DecodeRankInput does), so inputs that have one only need to fail.
func FuzzAssignDecodeDifferential(f *testing.F) {
	for _, s := range differentialSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkDifferential(t, data)
	})
}

func checkDifferential(t *testing.T, data []byte) {
	t.Helper()
	want, wantErr := decodeAssignReference(data)
	got, gotErr := DecodeAssignInput(data)
	streamed, streamedErr := DecodeAssignReader(iotest.OneByteReader(bytes.NewReader(data)))
	if !sameDecode(got, gotErr, streamed, streamedErr) {
		t.Fatalf("slice and one-byte stream differ on %q:\n%v %v\n%v %v", data, gotErr, got, streamedErr, streamed)
	}
	unknown, newField := topLevelFields(data)
	if unknown {
		if gotErr == nil {
			t.Fatalf("unknown field accepted in %q", data)
		}
		return
	}
	if newField {
		return // min_in_track, which the reference does not know
	}
	if !sameDecode(got, gotErr, want, wantErr) {
		t.Fatalf("streaming decoder differs from the reference on %q:\n got %v %+v\nwant %v %+v", data, gotErr, got, wantErr, want)
	}
}

func sameDecode(a AssignInput, aErr error, b AssignInput, bErr error) bool {
	if aErr != nil || bErr != nil {
		// The reference's types are renamed copies; type errors name them.
		norm := strings.NewReplacer("judging.refWireAssign", "judging.wireAssign", "judging.refWireJudge", "judging.wireJudge")
		return aErr != nil && bErr != nil && norm.Replace(aErr.Error()) == norm.Replace(bErr.Error())
	}
	// NaN never appears (ParseFloat only returns it for "NaN", not JSON).
	return reflect.DeepEqual(a, b)
}

// topLevelFields reports whether data is a JSON object with a key that
// matches no field of the input, even case-insensitively, or one that
// matches a field added after the reference decoder (min_in_track).
func topLevelFields(data []byte) (unknown, added bool) {
	var m map[string]json.RawMessage
	if json.Unmarshal(data, &m) != nil {
		return false, false
	}
	for k := range m {
		known := false
		for _, f := range assignFields {
			known = known || strings.EqualFold(k, f)
		}
		unknown = unknown || !known
		added = added || strings.EqualFold(k, "min_in_track")
	}
	return unknown, added
}

// differentialSeeds cover every error path of the decoder.
var differentialSeeds = []string{
	``, ` `, `null`, ` null `, `[]`, `"x"`, `3`, `true`, `{}`, `{} x`, `{}}`, `{"k":1} {"k":2}`,
	`{"k": 3,`, `{"k"`, `{"k" 3}`, `{"k":}`, `{,}`, `{"k":1,}`, `{"k":1 "x":2}`, `{"k":tru}`, `{"k":tr`, `{"k":nul`, `{"k":fals`, `{"k":-}`, `{"k":-`, `{"k":1.}`, `{"k":1.`, `{"k":1e}`, `{"k":1e+`, `{"k":01}`,
	`{"k":"a\x"}`, `{"k":"a\u12"}`, `{"k":"a\u12`, `{"k":"a\`, "{\"k\":\"a\x01\"}", `{"k":"\u00e9"}`, "{\"k\":\"\xff\"}",
	`{"k":1}`, `{"K":1}`, `{"\u006b":1}`, `{"k":1,"k":2}`, `{"k":null}`, `{"k":"three"}`, `{"k":1.5}`, `{"k":1e400}`, `{"k":[1]}`, `{"k":{}}`,
	`{"k":1,"entries":[{"id":"e"},{"id":"e"}],"judges":[{"id":"j","max_load":1}]}`,
	`{"k":1,"entries":[{"id":""}],"judges":[{"id":"j","max_load":1}]}`,
	`{"k":1,"entries":[{"id":"e"}],"judges":[{"id":"j"}]}`,
	`{"k":1,"entries":[{"id":"e","track":5}],"judges":[{"id":"j","max_load":"x"}]}`,
	`{"entries":[{"id":3}],"k":"x"}`,
	`{"k":1,"entries":[{"id":"e"}],"judges":[{"id":"j","max_load":1}],"conflicts":[["x","e"]]}`,
	`{"k":1,"entries":[{"id":"e"}],"judges":[{"id":"j","max_load":1}],"conflicts":[["j","x"]]}`,
	`{"k":1,"entries":[{"id":"e"}],"judges":[{"id":"j","max_load":1}],"conflicts":[["j","e","e"]]}`,
	`{"k":1,"entries":[{"id":"e"}],"judges":[{"id":"j","max_load":1}],"conflicts":[[]]}`,
	`{"k":1,"entries":[{"id":"e"}],"judges":[{"id":"j","max_load":1}],"conflicts":[null]}`,
	`{"k":1,"entries":[{"id":"e"}],"judges":[{"id":"j","max_load":1}],"conflicts":[[1,"e"]]}`,
	`{"k":1,"entries":[{"id":"e"}],"judges":[{"id":"j","max_load":1}],"conflicts":{"a":1}}`,
	`{"k":1,"entries":[{"id":"e"}],"judges":[{"id":"j","max_load":1}],"conflicts":null}`,
	`{"k":1,"entries":[{"id":"e"}],"judges":[{"id":"j","max_load":1}],"conflicts":[["\u006a","e"]]}`,
	`{"k":1,"entries":[{"id":"e"}],"judges":[{"id":"j","max_load":1}],"conflicts":[["j","e"]],"conflicts":[["x","e"]]}`,
	`{"conflicts":[["j","e"]],"k":1,"entries":[{"id":"e"}],"judges":[{"id":"j","max_load":1}],"Conflicts":[[2]]}`,
	`{"affinity":[["j","e",0.5],["j","x",1]],"k":1,"entries":[{"id":"e"}],"judges":[{"id":"j","max_load":1}]}`,
	`{"k":1,"entries":[{"id":"e"}],"judges":[{"id":"j","max_load":1}],"affinity":[["j","e"]]}`,
	`{"k":1,"entries":[{"id":"e"}],"judges":[{"id":"j","max_load":1}],"affinity":[["x","e",1],["j","e"]]}`,
	`{"k":1,"entries":[{"id":"e"}],"judges":[{"id":"j","max_load":1}],"affinity":[["j","e"],["x","e",1]]}`,
	`{"k":1,"entries":[{"id":"e"}],"judges":[{"id":"j","max_load":1}],"affinity":[["j","e",1e400]]}`,
	`{"k":1,"entries":[{"id":"e"}],"judges":[{"id":"j","max_load":1}],"affinity":[["j","e",-0],["j","e",0.1234567890123456789],["j","e",1E-3],["j","e",123456789012345678]]}`,
	`{"k":1,"entries":[{"id":"e"}],"judges":[{"id":"j","max_load":1}],"affinity":[ [ "j" , "e" , 0.5 ] , ["j","e","0.5"] ]}`,
	`{"k":1,"entries":[{"id":"e"}],"judges":[{"id":"j","max_load":1}],"affinity":[["j","e",0.5,1]]}`,
	`{"k":1,"entries":[{"id":"e"}],"judges":[{"id":"j","max_load":1}],"affinity":[["j","e",0.5]x]}`,
	`{"k":1,"entries":[{"id":"e"}],"judges":[{"id":"j","max_load":1}],"affinity":[["j","e",0.5],]}`,
	`{"k":1,"entries":[{"id":"e"}],"judges":[{"id":"j","max_load":1}],"affinity":[["j","e",0.5]`,
	`{"k":1,"entries":[{"id":"e"}],"judges":[{"id":"j","max_load":1}],"affinity":[["j","e",05]]}`,
	`{"k":1,"entries":[{"id":"e"}],"judges":[{"id":"j","max_load":1}],"affinity":[["j","e",1.]]}`,
	`{"k":1,"entries":[{"id":"e"}],"judges":[{"id":"j","max_load":1}],"affinity":[["\u006a","e\u0000",1]]}`,
	`{"k":1,"entries":[{"id":"e"}],"judges":[{"id":"j","max_load":1}],"affinity":{"j":1}}`,
	`{"k":1,"entries":[{"id":"e"}],"judges":[{"id":"j","max_load":1}],"affinity":null}`,
	`{"k":1,"entries":[{"id":"e"}],"judges":[{"id":"j","max_load":1}],"affinity":[]}`,
	`{"k":1,"entries":[{"id":"e"}],"judges":[{"id":"j","max_load":1}],"affinity":[["j","e",1]],"AFFINITY":[["x","e",1]]}`,
	`{"k":1,"entries":[{"id":"e"}],"judges":[{"id":"j","max_load":1}],"affinity":[["x","e",1]],"affinity":null}`,
	`{"affinity":[["j","e",1]],"judges":[{"id":"x","max_load":1}],"k":1,"entries":[{"id":"e"}],"judges":[{"id":"j","max_load":1}]}`,
	`{"k":1,"track_rule":"require","track_penalty":0.5,"entries":[{"id":"e"}],"judges":[{"id":"j","max_load":1}]}`,
	`{"k":1,"track_penalty":"x"}`,
	`{"k":1,"extra":[1,2,{"a":null}]}`, `{"extra":1,"k":"x"}`, `{"k":"x","extra":1}`, `{"x\"y":1}`,
	`{"k":1,"entries":[{"id":"e","name":"n"}],"judges":[{"id":"j","max_load":1}]}`,
	strings.Repeat("[", 10001), `{"k":` + strings.Repeat("[", 9999) + strings.Repeat("]", 9999) + `}`, `{"k":` + strings.Repeat("[", 10000),
}

// TestAssignDecodeDifferential runs the differential check on its seeds and
// on the fuzz corpus of FuzzAssignJSON (so that "go test" covers them).
func TestAssignDecodeDifferential(t *testing.T) {
	for _, s := range differentialSeeds {
		checkDifferential(t, []byte(s))
	}
	files, err := filepath.Glob(filepath.Join("testdata", "fuzz", "*", "*"))
	if err != nil || len(files) == 0 {
		t.Fatal("no fuzz corpus", err)
	}
	for _, name := range files {
		raw, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		// Corpus files are `go test fuzz v1` followed by []byte("...").
		lines := strings.Split(string(raw), "\n")
		for _, l := range lines[1:] {
			if q, ok := strings.CutPrefix(l, "[]byte("); ok {
				s, err := strconv.Unquote(strings.TrimSuffix(q, ")"))
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				checkDifferential(t, []byte(s))
			}
		}
	}
	golden, err := os.ReadFile(filepath.Join("testdata", "golden", "assign.input.json"))
	if err != nil {
		t.Fatal(err)
	}
	checkDifferential(t, golden)
}

// TestDecodeAssignReaderReadError: a failing reader is an I/O error, not
// invalid input.
func TestDecodeAssignReaderReadError(t *testing.T) {
	r := io.MultiReader(strings.NewReader(`{"k": 1, "affinity": [["j", "e", 1],`), iotest.ErrReader(errors.New("disk on fire")))
	_, err := DecodeAssignReader(r)
	var ie *InputError
	if err == nil || errors.As(err, &ie) || err.Error() != "read input: disk on fire" {
		t.Fatalf("got %v (%T), want the read error", err, err)
	}
}

// TestFastNumberMatchesParseFloat: the fast decimal conversion gives the
// bits strconv.ParseFloat gives, including near the 15-digit limit.
func TestFastNumberMatchesParseFloat(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for range 200000 {
		s := strconv.FormatFloat(rng.Float64()*math.Pow(10, float64(rng.IntN(10))), 'f', rng.IntN(16), 64)
		if rng.IntN(2) == 0 {
			s = "-" + s
		}
		v, n, ok := fastNumber([]byte(s+"]"), 0)
		want, err := strconv.ParseFloat(s, 64)
		if !ok || err != nil || n != len(s) || math.Float64bits(v) != math.Float64bits(want) {
			t.Fatalf("%s: fast %v (%v, %d), ParseFloat %v (%v)", s, v, ok, n, want, err)
		}
	}
}
