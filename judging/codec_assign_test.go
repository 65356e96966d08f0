package judging

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
)

// smallDoc is a valid input with room for one more top-level member.
const smallDoc = `{"k":1,"entries":[{"id":"e"},{"id":"f"}],"judges":[{"id":"j","max_load":2},{"id":"i","max_load":2}]%s}`

func withMember(m string) string { return strings.Replace(smallDoc, "%s", ","+m, 1) }

// TestDecodeAssignErrors pins the messages: each names the field and, in
// the lists, the element index.
func TestDecodeAssignErrors(t *testing.T) {
	cases := []struct{ in, want string }{
		{``, "empty input, expected a JSON object"},
		{`[1]`, "input: want a JSON object"},
		{`null`, "input: want a JSON object"},
		{`{"k": 3,`, "invalid JSON at byte 8: unexpected end of JSON input"},
		{`{"k":1} {"k":2}`, "unexpected data after the JSON object"},
		{`{,}`, "invalid JSON at byte 2: invalid character ',' looking for beginning of object key string"},
		{`{"k" 1}`, "invalid JSON at byte 6: invalid character '1' after object key"},
		{`{"k":1 "x":2}`, `invalid JSON at byte 8: invalid character '"' after object key:value pair`},
		{withMember(`"affinity":[["j","e",1] "x"]`), `invalid JSON at byte 125: invalid character '"' after array element`},
		{`{"k":1}x`, "invalid JSON at byte 8: invalid character 'x' looking for beginning of value"},
		{`{"k": 1, "affinity": [["x", "y", 1]], "judges": [}`, "invalid JSON at byte 50: invalid character '}' looking for beginning of value"},
		{withMember(`"affinity":[["j","e",0.5]x]`), "invalid JSON at byte 126: invalid character 'x' after array element"},
		{withMember(`"affinity":[["j","e",0.5],]`), "invalid JSON at byte 127: invalid character ']' looking for beginning of value"},
		{withMember(`"affinity":[["j","e" 0.5]]`), "invalid JSON at byte 122: invalid character '0' after array element"},
		{`{"entries": []}`, "k: is required"},
		{`{"k": "three"}`, "k: expected int, got JSON string"},
		{`{"k": 1, "judges": [{"id": "j", "max_load": "x"}]}`, "judges.max_load: expected int, got JSON string"},
		{`{"k": 1, "judges": [{"id": "j"}]}`, "judges[0].max_load: is required"},
		{`{"k": 1, "trackrule": "require"}`, "trackrule: unknown field"},
		{`{"k": 1, "": 2}`, `"": unknown field`},
		{`{"k":1,"entries":[{"id":"e"},{"id":"e"}]}`, `entries[1].id: duplicate id "e" (also entries[0])`},
		{`{"k":1,"judges":[{"id":"j","max_load":1},{"id":"j","max_load":1}]}`, `judges[1].id: duplicate id "j" (also judges[0])`},
		{withMember(`"conflicts":[["j","e"],["i","e"],["j","f"],["j","f","e"]]`), "conflicts[3]: want [judge, entry], got 3 items"},
		{withMember(`"conflicts":[["j","x"]]`), `conflicts[0]: unknown entry "x"`},
		{withMember(`"conflicts":[[1,"e"]]`), "conflicts[0]: want [judge, entry], judge and entry must be strings"},
		{withMember(`"conflicts":[null]`), "conflicts[0]: want [judge, entry], got 0 items"},
		{withMember(`"conflicts":{"j":"e"}`), "conflicts: want an array of [judge, entry]"},
		{withMember(`"affinity":` + affinityList(12) + `,["j9","e",1]]`), `affinity[12]: unknown judge "j9"`},
		{withMember(`"affinity":[["j","e",1],["j","x",1]]`), `affinity[1]: unknown entry "x"`},
		{withMember(`"affinity":[["j","e"]]`), "affinity[0]: want [judge, entry, value], got 2 items"},
		{withMember(`"affinity":[["j"]]`), "affinity[0]: want [judge, entry, value], got 1 item"},
		{withMember(`"affinity":["j"]`), "affinity[0]: want [judge, entry, value], got JSON string"},
		{withMember(`"affinity":[["j","e","0.5"]]`), "affinity[0]: want [judge, entry, value], value must be a number"},
		{withMember(`"affinity":[["j","e",1e400]]`), "affinity[0]: want [judge, entry, value], value 1e400 out of range"},
		{withMember(`"affinity":3`), "affinity: want an array of [judge, entry, value]"},
		// Unknown ids before a bad shape at a later index, and the reverse.
		{withMember(`"affinity":[["x","e",1],["j","e"]]`), `affinity[0]: unknown judge "x"`},
		{withMember(`"affinity":[["j","e"],["x","e",1]]`), "affinity[0]: want [judge, entry, value], got 2 items"},
		// The last of duplicate keys wins, matched case-insensitively.
		{withMember(`"affinity":[["x","e",1]],"AFFINITY":[["j","e",1]],"k":"x"`), "k: expected int, got JSON string"},
	}
	for _, c := range cases {
		_, err := DecodeAssignInput([]byte(c.in))
		var ie *InputError
		if !errors.As(err, &ie) || err.Error() != c.want {
			t.Errorf("%s:\n got %v (%T)\nwant %s", c.in, err, err, c.want)
		}
		checkAssignDecode(t, []byte(c.in))
	}
}

// affinityList is the opening of an affinity list with n valid elements.
func affinityList(n int) string {
	s := "["
	for i := range n {
		if i > 0 {
			s += ","
		}
		s += `["j","e",0.` + strconv.Itoa(i) + `]`
	}
	return s
}

// TestDecodeAssignFields: field names fold case, later keys win, ids with
// escapes resolve, null lists are absent and empty ones present.
func TestDecodeAssignFields(t *testing.T) {
	in, err := DecodeAssignInput([]byte(`{"K":2,"Judges":[{"id":"j\"1","max_load":1,"tracks":["a"]},{"id":"x","max_load":1}],
		"entries":[{"id":"e\u00e9","track":"a"}],"affinity":[["j\"1","e\u00e9",-0.25],["x","eé",1E-3]],
		"conflicts":[["x","eé"]],"conflicts":null,"track_rule":"require","track_penalty":0.5,"min_in_track":1}`))
	if err != nil {
		t.Fatal(err)
	}
	penalty := 0.5
	want := AssignInput{K: 2, Entries: []Entry{{ID: "eé", Track: "a"}},
		Judges:    []Judge{{ID: `j"1`, Tracks: []string{"a"}, MaxLoad: 1}, {ID: "x", MaxLoad: 1}},
		Affinity:  []Affinity{{Pair{0, 0}, -0.25}, {Pair{1, 0}, 0.001}},
		TrackRule: TrackRequire, TrackPenalty: &penalty, MinInTrack: 1}
	if !reflect.DeepEqual(in, want) {
		t.Fatalf("got %+v\nwant %+v", in, want)
	}
	in, err = DecodeAssignInput([]byte(withMember(`"conflicts":[],"affinity":[]`)))
	if err != nil || in.Conflicts == nil || len(in.Conflicts) != 0 || in.Affinity == nil || len(in.Affinity) != 0 {
		t.Fatalf("empty lists: %v %#v %#v", err, in.Conflicts, in.Affinity)
	}
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

// TestDecodeAssignSizedList: a list sized from the input's length (more
// elements than the sample) holds exactly its elements, through a reader
// of known and of unknown length.
func TestDecodeAssignSizedList(t *testing.T) {
	doc := withMember(`"affinity":` + affinityList(listSample+100) + `]`)
	for _, r := range []io.Reader{strings.NewReader(doc), iotest.HalfReader(strings.NewReader(doc))} {
		in, err := DecodeAssignReader(r)
		if err != nil || len(in.Affinity) != listSample+100 || in.Affinity[listSample+99].Value != float64(listSample+99)/1e4 {
			t.Fatalf("%T: %v, %d pairs", r, err, len(in.Affinity))
		}
	}
}

// checkAssignDecode checks the decoder's properties on data: the same
// result through a reader returning one byte at a time; errors are
// *InputError, and name a field when data is valid JSON; a decoded input
// encodes to JSON that decodes to the same input.
func checkAssignDecode(t *testing.T, data []byte) (AssignInput, error) {
	t.Helper()
	in, err := DecodeAssignInput(data)
	streamed, streamedErr := DecodeAssignReader(iotest.OneByteReader(bytes.NewReader(data)))
	if (err == nil) != (streamedErr == nil) || err != nil && err.Error() != streamedErr.Error() || err == nil && !reflect.DeepEqual(in, streamed) {
		t.Fatalf("slice and one-byte reader differ on %q:\n%v %+v\n%v %+v", data, err, in, streamedErr, streamed)
	}
	if err != nil {
		var ie *InputError
		if !errors.As(err, &ie) {
			t.Fatalf("%q: error %v is %T, not *InputError", data, err, err)
		}
		if ie.Field == "" && json.Valid(data) {
			t.Fatalf("%q: error %q names no field", data, err)
		}
		return in, err
	}
	again, err := DecodeAssignInput(encodeAssignInput(in))
	if err != nil || !reflect.DeepEqual(in, again) {
		t.Fatalf("round trip of %q:\n got %v %+v\nwant %+v", data, err, again, in)
	}
	return in, nil
}

// encodeAssignInput writes in as "podium judge assign" JSON.
func encodeAssignInput(in AssignInput) []byte {
	var conflicts [][2]string
	if in.Conflicts != nil {
		conflicts = make([][2]string, len(in.Conflicts))
		for i, c := range in.Conflicts {
			conflicts[i] = [2]string{in.Judges[c.Judge].ID, in.Entries[c.Entry].ID}
		}
	}
	var affinity [][3]any
	if in.Affinity != nil {
		affinity = make([][3]any, len(in.Affinity))
		for i, a := range in.Affinity {
			affinity[i] = [3]any{in.Judges[a.Judge].ID, in.Entries[a.Entry].ID, a.Value}
		}
	}
	out, err := json.Marshal(map[string]any{
		"k": in.K, "entries": in.Entries, "judges": in.Judges, "conflicts": conflicts, "affinity": affinity,
		"track_rule": in.TrackRule, "track_penalty": in.TrackPenalty, "min_in_track": in.MinInTrack, "balance": in.Balance,
	})
	if err != nil {
		panic(err)
	}
	return out
}

// TestAssignDecodeCorpus checks the decoder's properties on the fuzz
// corpus of FuzzAssignJSON and the golden example (so that "go test"
// covers them).
func TestAssignDecodeCorpus(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "fuzz", "FuzzAssignJSON", "*"))
	if err != nil || len(files) == 0 {
		t.Fatal("no fuzz corpus", err)
	}
	files = append(files, filepath.Join("testdata", "golden", "assign.input.json"))
	for _, name := range files {
		raw, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		// Corpus files are `go test fuzz v1` followed by []byte("...").
		for _, l := range strings.Split(string(raw), "\n") {
			if q, ok := strings.CutPrefix(l, "[]byte("); ok {
				s, err := strconv.Unquote(strings.TrimSuffix(q, ")"))
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				raw = []byte(s)
				break
			}
		}
		checkAssignDecode(t, raw)
	}
}
