package judging

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"
)

// wireAssign is the JSON shape of the "podium judge assign" input, except
// for "conflicts" and "affinity", which are streamed (pairList).
type wireAssign struct {
	K            *int        `json:"k"`
	Entries      []Entry     `json:"entries"`
	Judges       []wireJudge `json:"judges"`
	TrackRule    TrackRule   `json:"track_rule"`
	TrackPenalty *float64    `json:"track_penalty"`
	MinInTrack   int         `json:"min_in_track"`
	Balance      string      `json:"balance"`
}

type wireJudge struct {
	ID      string   `json:"id"`
	Tracks  []string `json:"tracks"`
	MinLoad int      `json:"min_load"`
	MaxLoad *int     `json:"max_load"`
}

// assignFields are the top-level fields of the input; a key matches one
// exactly or, failing that, case-insensitively, as in encoding/json.
var assignFields = []string{"k", "entries", "judges", "conflicts", "affinity", "track_rule", "track_penalty", "min_in_track", "balance"}

// DecodeAssignInput parses the JSON input of "podium judge assign" and
// resolves judge and entry ids. It checks the syntax, the shape and the
// references (unknown top-level fields, unknown or duplicate ids, missing k
// or max_load); Assign checks the rest. Errors are *InputError.
func DecodeAssignInput(data []byte) (AssignInput, error) {
	return DecodeAssignReader(bytes.NewReader(data))
}

// DecodeAssignReader is DecodeAssignInput reading from r. It streams the
// conflicts and the affinity list, which can hold millions of pairs, with
// encoding/json's Decoder one element at a time, so memory is about 16
// bytes per affinity plus buffers: judge and entry ids are interned while
// reading (they may be defined after the lists) and resolved at the end.
// Errors reading r are returned as they are (not as *InputError).
func DecodeAssignReader(r io.Reader) (AssignInput, error) {
	src := &countingReader{r: r}
	d := assignDecoder{dec: json.NewDecoder(bufio.NewReaderSize(src, 1<<16)), size: inputSize(r)}
	d.dec.UseNumber() // Token on a number that overflows float64 must not fail
	in, err := d.decode()
	if err != nil {
		return AssignInput{}, d.inputError(err, src)
	}
	return in, nil
}

// countingReader counts the bytes read and keeps the first read error, so
// that I/O failures are not reported as invalid input.
type countingReader struct {
	r   io.Reader
	n   int64
	err error
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if err != nil && err != io.EOF && c.err == nil {
		c.err = err
	}
	return n, err
}

// assignDecoder holds the state of one decode.
type assignDecoder struct {
	dec             *json.Decoder
	size            int64 // input size if known, else -1
	judges, entries interner
	items           []json.RawMessage // the current tuple, reused
}

// member is a top-level field other than conflicts and affinity, decoded
// once the whole document is known to be valid JSON, so that syntax errors
// anywhere come first, then type errors in document order.
type member struct {
	field string // "" for an unknown field
	key   string
	value json.RawMessage
}

// decode reads one JSON object and builds the input.
func (d *assignDecoder) decode() (AssignInput, error) {
	tok, err := d.dec.Token()
	if err != nil {
		return AssignInput{}, err
	}
	if tok != json.Delim('{') {
		return AssignInput{}, invalid("input", "want a JSON object")
	}
	var (
		members              []member
		conflicts            = pairList{field: "conflicts", badAt: -1}
		affinity             = pairList{field: "affinity", badAt: -1}
		conflictsAt, affinAt = -1, -1 // member index of the list, to keep document order
	)
	for d.dec.More() {
		tok, err := d.dec.Token()
		if err != nil {
			return AssignInput{}, err
		}
		key := tok.(string)
		switch field := matchField(key); field {
		case "conflicts", "affinity":
			list := &conflicts
			if field == "affinity" {
				list, affinAt = &affinity, len(members)
			} else {
				conflictsAt = len(members)
			}
			if err := d.readList(list, field); err != nil {
				return AssignInput{}, err
			}
			members = append(members, member{field: field})
		default:
			m := member{field: field, key: key}
			if err := d.dec.Decode(&m.value); err != nil {
				return AssignInput{}, err
			}
			members = append(members, m)
		}
	}
	if _, err := d.dec.Token(); err != nil { // the closing brace
		return AssignInput{}, err
	}
	if _, err := d.dec.Token(); err != io.EOF {
		if err == nil {
			err = invalid("", "unexpected data after the JSON object")
		}
		return AssignInput{}, err
	}

	var w wireAssign
	for i, m := range members {
		var err error
		switch {
		case m.field == "" && m.key == "":
			err = invalid(`""`, "unknown field")
		case m.field == "":
			err = invalid(m.key, "unknown field")
		case i == conflictsAt:
			err = conflicts.shapeError()
		case i == affinAt:
			err = affinity.shapeError()
		case m.field == "conflicts" || m.field == "affinity":
			// Replaced by a later member of the same name.
		default:
			// Unmarshalled as an object of one member, so that type errors
			// name the path (judges.max_load) as for the whole document.
			doc := fmt.Appendf(nil, `{%q:%s}`, m.field, m.value)
			err = json.Unmarshal(doc, &w)
		}
		if err != nil {
			return AssignInput{}, err
		}
	}
	in, ids, err := w.resolve()
	if err != nil {
		return AssignInput{}, err
	}
	judges, entries := d.judges.resolve(ids.judges), d.entries.resolve(ids.entries)
	if err := conflicts.resolve(&d.judges, &d.entries, judges, entries); err != nil {
		return AssignInput{}, err
	}
	if err := affinity.resolve(&d.judges, &d.entries, judges, entries); err != nil {
		return AssignInput{}, err
	}
	in.Affinity = affinity.list
	if conflicts.list != nil {
		in.Conflicts = make([]Pair, len(conflicts.list))
		for i, c := range conflicts.list {
			in.Conflicts[i] = c.Pair
		}
	}
	return in, nil
}

// inputError converts an error of decode: read failures as they are,
// encoding/json's errors as *InputError.
func (d *assignDecoder) inputError(err error, src *countingReader) error {
	var ie *InputError
	var se *json.SyntaxError
	switch {
	case src.err != nil:
		return fmt.Errorf("read input: %w", src.err)
	case errors.As(err, &ie):
		return ie
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) && src.n > 0:
		return syntaxError(src.n, "unexpected end of JSON input")
	case errors.As(err, &se):
		return d.syntax(se)
	}
	return jsonError(err)
}

func syntaxError(offset int64, msg string) error {
	return invalid("", fmt.Sprintf("invalid JSON at byte %d: %s", offset, msg))
}

// syntax reports a syntax error of the Decoder as json.Unmarshal would:
// the offset of the bad byte counted from 1 and the scanner's message. The
// Decoder's own offsets are not positions in the stream when the error is
// inside a value; its read position is then still at the start of the
// value, so the buffered bytes from there show the error again with its
// offset in them. Otherwise (Token between values) the bad byte is the next
// one, and Token words some messages differently.
func (d *assignDecoder) syntax(se *json.SyntaxError) error {
	at := d.dec.InputOffset()
	rest, _ := io.ReadAll(d.dec.Buffered())
	var again *json.SyntaxError
	if errors.As(json.Unmarshal(rest, new(json.RawMessage)), &again) && again.Error() == se.Error() {
		return syntaxError(at+again.Offset, se.Error())
	}
	msg := se.Error()
	if len(rest) > 0 {
		bad := "invalid character " + quoteChar(rest[0])
		for _, prefix := range []string{"expected comma ", "expected colon "} {
			if after, ok := strings.CutPrefix(msg, prefix); ok {
				msg = bad + " " + after
			}
		}
		if msg == bad {
			msg += " looking for beginning of object key string"
		}
	}
	return syntaxError(at+1, msg)
}

// quoteChar renders a byte as encoding/json's messages do.
func quoteChar(c byte) string {
	switch c {
	case '\'':
		return `'\''`
	case '"':
		return `'"'`
	}
	q := strconv.Quote(string([]byte{c}))
	return "'" + q[1:len(q)-1] + "'"
}

// matchField returns the field a key selects, "" if none.
func matchField(key string) string {
	for _, f := range assignFields {
		if key == f {
			return f
		}
	}
	for _, f := range assignFields {
		if strings.EqualFold(key, f) {
			return f
		}
	}
	return ""
}

// resolve builds the input without conflicts and affinity and indexes the
// ids.
func (w *wireAssign) resolve() (AssignInput, *idIndex, error) {
	if w.K == nil {
		return AssignInput{}, nil, invalid("k", "is required")
	}
	in := AssignInput{K: *w.K, Entries: w.Entries, TrackRule: w.TrackRule, TrackPenalty: w.TrackPenalty, MinInTrack: w.MinInTrack, Balance: w.Balance}
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

// interner numbers distinct ids in order of appearance, so that a list of
// millions of pairs holds two int32 per pair instead of two strings.
type interner struct {
	index map[string]int32
	ids   []string
	last  int32 // number of the previous id, tried first
}

// id numbers the JSON string raw (quotes included).
func (t *interner) id(raw []byte) (int32, bool) {
	b := raw[1 : len(raw)-1]
	if bytes.IndexByte(b, '\\') >= 0 || !utf8.Valid(b) {
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return 0, false
		}
		b = []byte(s)
	}
	if len(t.ids) > 0 && t.ids[t.last] == string(b) {
		return t.last, true
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
	}
	t.last = n
	return n, true
}

// resolve maps each local number to its index in ids, or -1.
func (t *interner) resolve(ids map[string]int32) []int32 {
	out := make([]int32, len(t.ids))
	for i, id := range t.ids {
		if x, ok := ids[id]; ok {
			out[i] = x
		} else {
			out[i] = -1
		}
	}
	return out
}

// pairList is a streamed "conflicts" ([judge, entry] tuples) or "affinity"
// ([judge, entry, value]) list. Pairs hold interned numbers until resolve.
// After the first element of the wrong shape the rest is only checked for
// syntax.
type pairList struct {
	field    string
	present  bool   // an array was read (not absent or null)
	notArray bool   // the value is neither an array nor null
	badAt    int    // index of the first element of the wrong shape, or -1
	badMsg   string // what is wrong with it
	list     []Affinity
}

// readList reads the value of a conflicts or affinity member.
func (d *assignDecoder) readList(p *pairList, field string) error {
	*p = pairList{field: field, badAt: -1}
	arity := 3
	if field == "conflicts" {
		arity = 2
	}
	tok, err := d.dec.Token()
	if err != nil {
		return err
	}
	switch tok {
	case json.Delim('['):
	case nil: // null: no list
		return nil
	case json.Delim('{'):
		p.notArray = true
		return d.skipObject()
	default:
		p.notArray = true
		return nil
	}
	var raw json.RawMessage
	p.present = true
	start := d.dec.InputOffset()
	for i := 0; d.dec.More(); i++ {
		if p.badAt >= 0 {
			if err := d.dec.Decode(&raw); err != nil {
				return err
			}
			continue
		}
		if i == listSample {
			d.reserve(p, start)
		}
		d.items = d.items[:0]
		if err := d.dec.Decode(&d.items); err != nil {
			var te *json.UnmarshalTypeError
			if !errors.As(err, &te) {
				return err
			}
			p.badAt, p.badMsg = i, "got JSON "+te.Value
			continue
		}
		if msg := d.addTuple(p, arity); msg != "" {
			p.badAt, p.badMsg = i, msg
		}
	}
	_, err = d.dec.Token() // the closing bracket
	return err
}

// listSample is how many elements of a list are read before it is sized
// from the rest of the input.
const listSample = 4096

// reserve sizes p.list for the rest of the input when its size is known,
// from the average length of the elements read since offset start (plus
// 1/16), so that a list of millions of pairs is not copied while it grows.
func (d *assignDecoder) reserve(p *pairList, start int64) {
	at := d.dec.InputOffset()
	if d.size < 0 || at <= start {
		return
	}
	n := int64(len(p.list))
	left := (d.size - at) * n / (at - start)
	if want := n + left + left/16 + 1024; want > int64(cap(p.list)) && want < 1<<31 {
		p.list = append(make([]Affinity, 0, want), p.list...)
	}
}

// inputSize is the number of bytes left in r if known (a regular file,
// bytes.Reader, strings.Reader), else -1.
func inputSize(r io.Reader) int64 {
	switch f := r.(type) {
	case interface{ Len() int }:
		return int64(f.Len())
	case interface{ Stat() (os.FileInfo, error) }:
		fi, err := f.Stat()
		if err != nil || !fi.Mode().IsRegular() {
			return -1
		}
		size := fi.Size()
		if s, ok := r.(io.Seeker); ok {
			if at, err := s.Seek(0, io.SeekCurrent); err == nil {
				size -= at
			}
		}
		return size
	}
	return -1
}

// skipObject reads the rest of an object whose opening brace was read.
func (d *assignDecoder) skipObject() error {
	var raw json.RawMessage
	for d.dec.More() {
		if _, err := d.dec.Token(); err != nil {
			return err
		}
		if err := d.dec.Decode(&raw); err != nil {
			return err
		}
	}
	_, err := d.dec.Token()
	return err
}

// addTuple checks and stores the tuple in d.items; it returns what is
// wrong with it, or "".
func (d *assignDecoder) addTuple(p *pairList, arity int) string {
	items := d.items
	if len(items) != arity {
		if len(items) == 1 {
			return "got 1 item"
		}
		return fmt.Sprintf("got %d items", len(items))
	}
	var a Affinity
	var ok bool
	if items[0][0] != '"' || items[1][0] != '"' {
		return "judge and entry must be strings"
	}
	if a.Judge, ok = d.judges.id(items[0]); !ok {
		return "bad judge id"
	}
	if a.Entry, ok = d.entries.id(items[1]); !ok {
		return "bad entry id"
	}
	if arity == 3 {
		v := items[2]
		if v[0] != '-' && (v[0] < '0' || v[0] > '9') {
			return "value must be a number"
		}
		f, err := strconv.ParseFloat(string(v), 64)
		if err != nil {
			return fmt.Sprintf("value %s out of range", v)
		}
		a.Value = f
	}
	p.list = append(p.list, a)
	return ""
}

// shapeError reports a value that is not an array of tuples (the first
// element of the wrong shape is reported by resolve, after the unknown ids
// of the elements before it).
func (p *pairList) shapeError() error {
	if p.notArray {
		return invalid(p.field, "want an array of "+p.tuple())
	}
	return nil
}

func (p *pairList) tuple() string {
	if p.field == "conflicts" {
		return "[judge, entry]"
	}
	return "[judge, entry, value]"
}

// resolve replaces local numbers with judge and entry indices and reports
// the first bad element.
func (p *pairList) resolve(jt, et *interner, judges, entries []int32) error {
	if p.present && p.list == nil {
		p.list = []Affinity{}
	}
	for i := range p.list {
		x := &p.list[i]
		j, e := judges[x.Judge], entries[x.Entry]
		switch {
		case j < 0:
			return invalid(fmt.Sprintf("%s[%d]", p.field, i), fmt.Sprintf("unknown judge %q", jt.ids[x.Judge]))
		case e < 0:
			return invalid(fmt.Sprintf("%s[%d]", p.field, i), fmt.Sprintf("unknown entry %q", et.ids[x.Entry]))
		}
		x.Judge, x.Entry = j, e
	}
	if p.badAt >= 0 {
		p.list = nil
		return invalid(fmt.Sprintf("%s[%d]", p.field, p.badAt), fmt.Sprintf("want %s, %s", p.tuple(), p.badMsg))
	}
	return nil
}
