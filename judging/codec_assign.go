package judging

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// wireAssign is the JSON shape of the "podium judge assign" input, except
// for "affinity", which the streaming decoder reads itself.
type wireAssign struct {
	K            *int        `json:"k"`
	Entries      []Entry     `json:"entries"`
	Judges       []wireJudge `json:"judges"`
	Conflicts    [][]string  `json:"conflicts"`
	TrackRule    TrackRule   `json:"track_rule"`
	TrackPenalty *float64    `json:"track_penalty"`
	MinInTrack   int         `json:"min_in_track"`
}

type wireJudge struct {
	ID      string   `json:"id"`
	Tracks  []string `json:"tracks"`
	MinLoad int      `json:"min_load"`
	MaxLoad *int     `json:"max_load"`
}

// assignFields are the top-level fields of the input; a key matches one
// exactly or, failing that, case-insensitively, as in encoding/json.
var assignFields = []string{"k", "entries", "judges", "conflicts", "affinity", "track_rule", "track_penalty", "min_in_track"}

// DecodeAssignInput parses the JSON input of "podium judge assign" and
// resolves judge and entry ids. It checks the syntax, the shape and the
// references (unknown top-level fields, unknown or duplicate ids, missing k
// or max_load); Assign checks the rest. Errors are *InputError.
func DecodeAssignInput(data []byte) (AssignInput, error) {
	return decodeAssign(newSliceReader(data))
}

// DecodeAssignReader is DecodeAssignInput reading from r. It streams the
// affinity list, which can hold millions of triples, instead of holding the
// whole document: memory is about 16 bytes per affinity plus a 1 MB buffer.
// Errors reading r are returned as they are (not as *InputError).
func DecodeAssignReader(r io.Reader) (AssignInput, error) {
	return decodeAssign(newStreamReader(r, 1<<20))
}

// member is a top-level field other than affinity, kept for decoding by
// encoding/json once the whole document is known to be valid JSON (so that
// syntax errors anywhere come first, as they did with json.Unmarshal).
type member struct {
	key     []byte // raw key with its quotes
	value   []byte // raw value; nil for an unknown field
	unknown string // the unquoted key of an unknown field
	fast    bool   // conflicts in the canonical shape, parsed by parseConflicts
}

// decodeAssign reads one JSON object. Errors come in the order
// json.Unmarshal of the whole document gave them: syntax first, then type
// errors (and unknown fields) in document order, then the semantic checks.
func decodeAssign(r *jsonReader) (AssignInput, error) {
	c, ok := r.ws()
	if !ok {
		return AssignInput{}, r.atEnd("")
	}
	if c != '{' {
		return decodeNonObject(r)
	}
	var (
		members []member
		aff     affinityReader
		last    = map[string]int{} // field -> index of its last member
	)
	r.pos++
	c, ok = r.ws()
	if !ok {
		return AssignInput{}, r.atEnd("")
	}
	if c == '}' {
		r.pos++
	} else {
		for {
			c, ok := r.ws()
			if !ok {
				return AssignInput{}, r.atEnd("")
			}
			if c != '"' {
				return AssignInput{}, r.syntax(c, "looking for beginning of object key string")
			}
			rawKey, err := r.capture(2)
			if err != nil {
				return AssignInput{}, err
			}
			rawKey = bytes.Clone(rawKey)
			if err := r.colon(); err != nil {
				return AssignInput{}, err
			}
			field, name := matchField(rawKey)
			switch field {
			case "affinity":
				if err := aff.read(r); err != nil {
					return AssignInput{}, err
				}
			case "":
				if err := r.value(2); err != nil {
					return AssignInput{}, err
				}
				members = append(members, member{unknown: name})
			default:
				v, err := r.capture(2)
				if err != nil {
					return AssignInput{}, err
				}
				m := member{key: rawKey, value: bytes.Clone(v)}
				m.fast = field == "conflicts" && canonicalConflicts(m.value)
				last[field] = len(members)
				members = append(members, m)
			}
			c, ok = r.ws()
			if !ok {
				return AssignInput{}, r.atEnd("")
			}
			r.pos++
			if c == '}' {
				break
			}
			if c != ',' {
				r.pos--
				return AssignInput{}, r.syntax(c, "after object key:value pair")
			}
		}
	}
	if c, ok := r.ws(); ok {
		return AssignInput{}, r.syntax(c, "after top-level value")
	} else if r.err != nil {
		return AssignInput{}, r.atEnd("")
	}

	var w wireAssign
	var firstErr error
	for _, m := range members {
		var err error
		switch {
		case m.value == nil:
			err = invalid(unknownFieldName(m.unknown), "unknown field")
		case m.fast:
			// Always decodes without error; parsed below if it is the last.
		default:
			doc := make([]byte, 0, len(m.key)+len(m.value)+3)
			doc = append(append(append(append(append(doc, '{'), m.key...), ':'), m.value...), '}')
			err = json.Unmarshal(doc, &w)
		}
		if err != nil && firstErr == nil {
			firstErr = err
		}
	}
	if firstErr != nil {
		return AssignInput{}, jsonError(firstErr)
	}
	in, ids, err := w.resolve()
	if err != nil {
		return AssignInput{}, err
	}
	if i, ok := last["conflicts"]; ok && members[i].fast {
		in.Conflicts, err = parseConflicts(members[i].value, ids)
	} else {
		in.Conflicts, err = w.conflicts(ids)
	}
	if err != nil {
		return AssignInput{}, err
	}
	if in.Affinity, err = aff.resolve(ids); err != nil {
		return AssignInput{}, err
	}
	return in, nil
}

// decodeNonObject handles a document that is not an object: whatever
// json.Unmarshal says (a syntax or type error; null leaves k missing).
func decodeNonObject(r *jsonReader) (AssignInput, error) {
	lead := r.base + int64(r.pos)
	rest, err := r.rest()
	if err != nil {
		return AssignInput{}, err
	}
	data := append(bytes.Repeat([]byte{' '}, int(lead)), rest...)
	var w wireAssign
	if err := json.Unmarshal(data, &w); err != nil {
		return AssignInput{}, jsonError(err)
	}
	return AssignInput{}, invalid("k", "is required")
}

// matchField returns the field a raw key selects ("" if none) and the
// unquoted key.
func matchField(rawKey []byte) (field, name string) {
	k := rawKey[1 : len(rawKey)-1]
	if bytes.IndexByte(k, '\\') >= 0 || !utf8.Valid(k) {
		var s string
		if err := json.Unmarshal(rawKey, &s); err == nil {
			k = []byte(s)
		}
	}
	for _, f := range assignFields {
		if string(k) == f {
			return f, f
		}
	}
	for _, f := range assignFields {
		if bytes.EqualFold(k, []byte(f)) {
			return f, f
		}
	}
	return "", string(k)
}

// unknownFieldName names an unknown field as DecodeRankInput does.
func unknownFieldName(key string) string {
	return jsonError(fmt.Errorf("json: unknown field %q", key)).(*InputError).Field
}

// resolve builds the input without conflicts and affinity and indexes the
// ids.
func (w *wireAssign) resolve() (AssignInput, *idIndex, error) {
	if w.K == nil {
		return AssignInput{}, nil, invalid("k", "is required")
	}
	in := AssignInput{K: *w.K, Entries: w.Entries, TrackRule: w.TrackRule, TrackPenalty: w.TrackPenalty, MinInTrack: w.MinInTrack}
	in.Judges = make([]Judge, len(w.Judges))
	for i, j := range w.Judges {
		if j.MaxLoad == nil {
			return AssignInput{}, nil, invalid(fmt.Sprintf("judges[%d].max_load", i), "is required")
		}
		in.Judges[i] = Judge{ID: j.ID, Tracks: j.Tracks, MinLoad: j.MinLoad, MaxLoad: *j.MaxLoad}
	}
	if err := uniqueIDs("entries", len(in.Entries), func(i int) string { return in.Entries[i].ID }); err != nil {
		return AssignInput{}, nil, err
	}
	if err := uniqueIDs("judges", len(in.Judges), func(i int) string { return in.Judges[i].ID }); err != nil {
		return AssignInput{}, nil, err
	}
	return in, newIDIndex(&in), nil
}

// conflicts resolves conflicts decoded by encoding/json.
func (w *wireAssign) conflicts(ids *idIndex) ([]Pair, error) {
	out := make([]Pair, len(w.Conflicts))
	for i, c := range w.Conflicts {
		field := fmt.Sprintf("conflicts[%d]", i)
		if len(c) != 2 {
			return nil, invalid(field, fmt.Sprintf("want [judge, entry], got %d items", len(c)))
		}
		p, err := ids.pair(field, c[0], c[1])
		if err != nil {
			return nil, err
		}
		out[i] = p
	}
	return out, nil
}

// canonicalConflicts reports whether raw (valid JSON) is null or an array of
// arrays of strings of printable ASCII without escapes: then encoding/json
// would decode it without error into exactly the strings between the quotes,
// and parseConflicts can read it without allocating per pair.
func canonicalConflicts(raw []byte) bool {
	s := sliceScanner{data: raw}
	if s.ws(); s.peekIs('n') {
		return true
	}
	if !s.eat('[') {
		return false
	}
	for i := 0; ; i++ {
		if s.eat(']') {
			return true
		}
		if i > 0 {
			s.eat(',')
		}
		if !s.eat('[') {
			return false
		}
		for j := 0; ; j++ {
			if s.eat(']') {
				break
			}
			if j > 0 {
				s.eat(',')
			}
			if _, ok := s.plainString(); !ok {
				return false
			}
		}
	}
}

// parseConflicts reads conflicts that canonicalConflicts accepted.
func parseConflicts(raw []byte, ids *idIndex) ([]Pair, error) {
	s := sliceScanner{data: raw}
	out := make([]Pair, 0, bytes.Count(raw, []byte{']'}))
	if s.ws(); s.peekIs('n') {
		return out, nil
	}
	s.eat('[')
	for i := 0; ; i++ {
		if s.eat(']') {
			return out, nil
		}
		if i > 0 {
			s.eat(',')
		}
		s.eat('[')
		var items [2][]byte
		n := 0
		for ; !s.eat(']'); n++ {
			if n > 0 {
				s.eat(',')
			}
			str, _ := s.plainString()
			if n < 2 {
				items[n] = str
			}
		}
		if n != 2 {
			return nil, invalid(fmt.Sprintf("conflicts[%d]", i), fmt.Sprintf("want [judge, entry], got %d items", n))
		}
		j, okJ := ids.judges[string(items[0])]
		e, okE := ids.entries[string(items[1])]
		if !okJ || !okE {
			_, err := ids.pair(fmt.Sprintf("conflicts[%d]", i), string(items[0]), string(items[1]))
			return nil, err
		}
		out = append(out, Pair{Judge: j, Entry: e})
	}
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

// affinityReader streams the affinity array. The judges and entries may
// come later in the document (or be redefined), so ids are interned into
// local numbers while reading and resolved in place at the end. When the
// input's size is known, the list is allocated once, from the average size
// of the first triples, so that it is not copied while it grows; otherwise
// (a pipe) triples go to fixed-size chunks, copied once at the end.
type affinityReader struct {
	present  bool // an array was read (as opposed to absent or null)
	notArray bool // the value is neither an array nor null
	badAt    int  // index of the first triple of the wrong shape, or -1

	list   []Affinity   // Pair holds local judge and entry numbers
	chunks [][]Affinity // used instead of list when the size is unknown
	n      int          // number of triples stored
	start  int64        // stream offset of the array

	judges, entries interner
	lastJ, lastE    int32 // local numbers of the previous triple, or -1
}

// affinitySample is how many triples are read before sizing the list.
const affinitySample = 4096

// affinityChunk is the number of triples per chunk (1 MB).
const affinityChunk = 1 << 16

// interner numbers distinct ids in order of appearance. It remembers which
// id followed each one last time: lists are usually written in a regular
// order (every judge for an entry, then the next entry), so the guess
// usually saves the map lookup.
type interner struct {
	index map[string]int32
	ids   []string
	next  []int32 // id that followed each id last time, or -1
}

// id numbers b, which follows prev (-1 for none) in the list.
func (t *interner) id(prev int32, b []byte) int32 {
	if prev >= 0 {
		if g := t.next[prev]; g >= 0 && t.ids[g] == string(b) {
			return g
		}
	}
	n, ok := t.index[string(b)] // no allocation
	if !ok {
		if t.index == nil {
			t.index = make(map[string]int32)
		}
		n = int32(len(t.ids))
		s := string(b)
		t.index[s] = n
		t.ids = append(t.ids, s)
		t.next = append(t.next, -1)
	}
	if prev >= 0 {
		t.next[prev] = n
	}
	return n
}

// read consumes the affinity value; a later "affinity" key replaces it.
func (a *affinityReader) read(r *jsonReader) error {
	*a = affinityReader{badAt: -1, lastJ: -1, lastE: -1}
	c, ok := r.ws()
	if !ok {
		return r.atEnd("")
	}
	switch c {
	case 'n':
		return r.value(2)
	case '[':
	default:
		a.notArray = true
		return r.value(2)
	}
	a.present = true
	a.start = r.base + int64(r.pos)
	r.pos++
	c, ok = r.ws()
	if !ok {
		return r.atEnd("")
	}
	if c == ']' {
		r.pos++
		return nil
	}
	for i := 0; ; i++ {
		if a.badAt < 0 {
			if r.end-r.pos < 1024 {
				r.ensure(1024)
			}
			if i == affinitySample {
				a.reserve(r)
			}
			if n, judge, entry, v, ok := fastTriple(r.buf[r.pos:r.end]); ok {
				r.pos += n
				a.add(judge, entry, v)
			} else if err := a.slowTriple(r, i); err != nil {
				return err
			}
		} else if err := r.value(3); err != nil {
			return err
		}
		if done, err := r.afterElement(); done || err != nil {
			return err
		}
	}
}

// slowTriple validates affinity[i] and reads it with the general scanner.
func (a *affinityReader) slowTriple(r *jsonReader, i int) error {
	raw, err := r.capture(3)
	if err != nil {
		return err
	}
	s := sliceScanner{data: raw}
	judge, entry, v, ok := s.triple()
	if !ok {
		a.badAt = i
		return nil
	}
	a.add(judge, entry, v)
	return nil
}

func (a *affinityReader) add(judge, entry []byte, v float64) {
	var p Pair
	if a.n > 0 && string(judge) == a.judges.ids[a.lastJ] {
		p.Judge = a.lastJ
	} else {
		p.Judge = a.judges.id(a.lastJ, judge)
	}
	if a.n > 0 && string(entry) == a.entries.ids[a.lastE] {
		p.Entry = a.lastE
	} else {
		p.Entry = a.entries.id(a.lastE, entry)
	}
	a.lastJ, a.lastE = p.Judge, p.Entry
	a.n++
	if a.chunks == nil {
		a.list = append(a.list, Affinity{Pair: p, Value: v})
		return
	}
	c := a.chunks[len(a.chunks)-1]
	if len(c) == cap(c) {
		c = make([]Affinity, 0, affinityChunk)
		a.chunks = append(a.chunks, c)
	}
	a.chunks[len(a.chunks)-1] = append(c, Affinity{Pair: p, Value: v})
}

// reserve sizes the list for the rest of the input, if its size is known,
// from the average length of the triples read so far (plus 1/16), or else
// switches to chunks.
func (a *affinityReader) reserve(r *jsonReader) {
	read := r.base + int64(r.pos) - a.start
	if len(a.list) == 0 || read <= 0 {
		return
	}
	if r.total < 0 {
		a.chunks = [][]Affinity{a.list}
		a.list = nil
		return
	}
	left := (r.total - r.base - int64(r.pos)) * int64(len(a.list)) / read
	want := int64(len(a.list)) + left + left/16 + 1024
	if want > int64(cap(a.list)) && want < 1<<31 {
		list := make([]Affinity, len(a.list), want)
		copy(list, a.list)
		a.list = list
	}
}

// resolve maps the local numbers to judge and entry indices and reports the
// first bad triple: unknown ids before a shape error at a later index.
func (a *affinityReader) resolve(ids *idIndex) ([]Affinity, error) {
	if a.notArray {
		return nil, invalid("affinity", "want an array of [judge, entry, value]")
	}
	if !a.present {
		return nil, nil
	}
	judges := make([]int32, len(a.judges.ids))
	for i, id := range a.judges.ids {
		if j, ok := ids.judges[id]; ok {
			judges[i] = j
		} else {
			judges[i] = -1
		}
	}
	entries := make([]int32, len(a.entries.ids))
	for i, id := range a.entries.ids {
		if e, ok := ids.entries[id]; ok {
			entries[i] = e
		} else {
			entries[i] = -1
		}
	}
	out := a.list
	if a.chunks != nil {
		out = make([]Affinity, 0, a.n)
		for c, chunk := range a.chunks {
			out = append(out, chunk...)
			a.chunks[c] = nil
		}
		a.chunks = nil
	}
	if out == nil {
		out = []Affinity{}
	}
	for i := range out {
		x := &out[i]
		j, e := judges[x.Judge], entries[x.Entry]
		switch {
		case j < 0:
			return nil, invalid(fmt.Sprintf("affinity[%d]", i), fmt.Sprintf("unknown judge %q", a.judges.ids[x.Judge]))
		case e < 0:
			return nil, invalid(fmt.Sprintf("affinity[%d]", i), fmt.Sprintf("unknown entry %q", a.entries.ids[x.Entry]))
		}
		x.Judge, x.Entry = j, e
	}
	a.list = nil
	if a.badAt >= 0 {
		return nil, invalid(fmt.Sprintf("affinity[%d]", a.badAt), "want [judge, entry, value]")
	}
	return out, nil
}

// fastTriple reads `["judge","entry",number]` (white space allowed) from the
// start of b when it has the common form: strings without escapes or
// control characters, a number in strict JSON syntax that ParseFloat
// accepts, and the closing bracket within b. Anything else, valid or not,
// is left to the general path (ok false), which reads and reports it
// exactly; so fastTriple never accepts what that path would reject.
func fastTriple(b []byte) (n int, judge, entry []byte, v float64, ok bool) {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '[' {
		return
	}
	if judge, i, ok = fastString(b, skipSpace(b, i+1)); !ok {
		return
	}
	if i = skipSpace(b, i); i >= len(b) || b[i] != ',' {
		return 0, nil, nil, 0, false
	}
	if entry, i, ok = fastString(b, skipSpace(b, i+1)); !ok {
		return
	}
	if i = skipSpace(b, i); i >= len(b) || b[i] != ',' {
		return 0, nil, nil, 0, false
	}
	if v, i, ok = fastNumber(b, skipSpace(b, i+1)); !ok {
		return
	}
	if i = skipSpace(b, i); i >= len(b) || b[i] != ']' {
		return 0, nil, nil, 0, false
	}
	return i + 1, judge, entry, v, true
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t') {
		i++
	}
	return i
}

// fastString reads a string without escapes or control characters at b[i];
// the contents are returned raw, as the general path does.
func fastString(b []byte, i int) (s []byte, next int, ok bool) {
	if i >= len(b) || b[i] != '"' {
		return nil, 0, false
	}
	start := i + 1
	for i = start; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			return b[start:i], i + 1, true
		case c == '\\' || c < 0x20:
			return nil, 0, false
		}
	}
	return nil, 0, false
}

// pow10 holds the powers of ten that float64 represents exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// fastNumber reads a JSON number at b[i]; it must be followed by a byte of
// b. Decimals of at most 15 digits without exponent are converted as
// mantissa/10^frac, which IEEE division rounds correctly (the mantissa and
// the power of ten are exact), giving the same float64 as ParseFloat; other
// numbers go through ParseFloat.
func fastNumber(b []byte, i int) (v float64, next int, ok bool) {
	start := i
	neg := i < len(b) && b[i] == '-'
	if neg {
		i++
	}
	var mant uint64
	digits, frac := 0, 0
	intStart := i
	for i < len(b) && '0' <= b[i] && b[i] <= '9' {
		mant = mant*10 + uint64(b[i]-'0')
		i++
		digits++
	}
	if digits == 0 || digits > 1 && b[intStart] == '0' {
		return 0, 0, false
	}
	if i < len(b) && b[i] == '.' {
		i++
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			mant = mant*10 + uint64(b[i]-'0')
			i++
			frac++
		}
		if frac == 0 {
			return 0, 0, false
		}
	}
	exp := false
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		exp = true
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		d := i
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
		if i == d {
			return 0, 0, false
		}
	}
	if i >= len(b) {
		return 0, 0, false // the number may continue beyond b
	}
	if !exp && digits+frac <= 15 {
		v = float64(mant) / pow10[frac]
		if neg {
			v = -v
		}
		return v, i, true
	}
	v, err := strconv.ParseFloat(string(b[start:i]), 64)
	return v, i, err == nil
}

// sliceScanner reads JSON tokens from a byte slice known to be valid JSON.
type sliceScanner struct {
	data []byte
	pos  int
}

func (s *sliceScanner) done() bool { return s.pos >= len(s.data) }

func (s *sliceScanner) peekIs(c byte) bool { return !s.done() && s.data[s.pos] == c }

func (s *sliceScanner) ws() {
	for !s.done() {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

func (s *sliceScanner) eat(c byte) bool {
	s.ws()
	if s.peekIs(c) {
		s.pos++
		return true
	}
	return false
}

// plainString reads a string of printable ASCII without escapes.
func (s *sliceScanner) plainString() ([]byte, bool) {
	if !s.eat('"') {
		return nil, false
	}
	start := s.pos
	for ; !s.done(); s.pos++ {
		switch c := s.data[s.pos]; {
		case c == '"':
			s.pos++
			return s.data[start : s.pos-1], true
		case c == '\\' || c < 0x20 || c > 0x7e:
			return nil, false
		}
	}
	return nil, false
}

// triple reads [judge, entry, value]; ok is false if the value (a whole
// array element) has another shape.
func (s *sliceScanner) triple() (judge, entry []byte, v float64, ok bool) {
	if !s.eat('[') {
		return
	}
	if judge, ok = s.str(); !ok || !s.eat(',') {
		return nil, nil, 0, false
	}
	if entry, ok = s.str(); !ok || !s.eat(',') {
		return nil, nil, 0, false
	}
	if v, ok = s.number(); !ok || !s.eat(']') {
		return nil, nil, 0, false
	}
	return judge, entry, v, true
}

// str reads a JSON string; strings with escapes go through encoding/json,
// others are returned raw.
func (s *sliceScanner) str() ([]byte, bool) {
	if !s.eat('"') {
		return nil, false
	}
	start, escaped := s.pos, false
	for ; !s.done() && s.data[s.pos] != '"'; s.pos++ {
		if s.data[s.pos] == '\\' {
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

func (s *sliceScanner) number() (float64, bool) {
	s.ws()
	start := s.pos
	for !s.done() {
		c := s.data[s.pos]
		if c != '-' && c != '+' && c != '.' && c != 'e' && c != 'E' && (c < '0' || c > '9') {
			break
		}
		s.pos++
	}
	v, err := strconv.ParseFloat(string(s.data[start:s.pos]), 64)
	return v, err == nil && start < s.pos
}
