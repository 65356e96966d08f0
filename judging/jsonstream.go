package judging

import (
	"fmt"
	"io"
	"os"
	"strconv"
)

// jsonReader is a buffered reader that validates JSON exactly as
// encoding/json does: the same syntax error messages ("invalid character 'x'
// after array element") at the same byte offsets, the same nesting limit.
// It lets the assign decoder stream a 100 MB document instead of holding it,
// while keeping the messages json.Unmarshal gave for the whole document.
//
// buf[pos:end] holds unread bytes; base is the stream offset of buf[0]. In
// slice mode (r == nil) buf is the whole input. While capturing, the bytes
// consumed since capStart are appended to capBuf when the buffer is refilled.
type jsonReader struct {
	r        io.Reader
	buf      []byte
	pos, end int
	base     int64
	total    int64 // size of the input if known, else -1
	eof      bool
	err      error // read error other than io.EOF

	capturing bool
	capStart  int
	capBuf    []byte
}

// jsonMaxDepth is encoding/json's nesting limit.
const jsonMaxDepth = 10000

func newSliceReader(data []byte) *jsonReader {
	return &jsonReader{buf: data, end: len(data), total: int64(len(data)), eof: true}
}

// newStreamReader reads r through a buffer of the given size. The input's
// size is known when r is a regular file or has a Len method
// (bytes.Reader, strings.Reader); it only serves to size allocations.
func newStreamReader(r io.Reader, size int) *jsonReader {
	total := int64(-1)
	switch f := r.(type) {
	case interface{ Len() int }:
		total = int64(f.Len())
	case interface{ Stat() (os.FileInfo, error) }:
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			total = fi.Size()
			if s, ok := r.(io.Seeker); ok {
				if at, err := s.Seek(0, io.SeekCurrent); err == nil {
					total -= at
				}
			}
		}
	}
	return &jsonReader{r: r, buf: make([]byte, size), total: total}
}

// fill reads more input, first discarding buf[:pos]. It reports whether new
// bytes arrived.
func (r *jsonReader) fill() bool {
	if r.eof || r.err != nil {
		return false
	}
	if r.capturing {
		r.capBuf = append(r.capBuf, r.buf[r.capStart:r.pos]...)
		r.capStart = 0
	}
	if r.pos > 0 {
		copy(r.buf, r.buf[r.pos:r.end])
		r.base += int64(r.pos)
		r.end -= r.pos
		r.pos = 0
	}
	if r.end == len(r.buf) {
		return false // full: the caller has at least len(buf) bytes
	}
	for range 100 {
		n, err := r.r.Read(r.buf[r.end:])
		r.end += n
		if err == io.EOF {
			r.eof = true
		} else if err != nil {
			r.err = err
		}
		if n > 0 || err != nil {
			return n > 0
		}
	}
	r.err = io.ErrNoProgress
	return false
}

// ensure tries to make n bytes available from pos; it returns how many are.
func (r *jsonReader) ensure(n int) int {
	for r.end-r.pos < n && r.fill() {
	}
	return r.end - r.pos
}

// peek returns the next byte without consuming it; ok is false at the end
// of the input or on a read error.
func (r *jsonReader) peek() (c byte, ok bool) {
	if r.pos == r.end && !r.fill() {
		return 0, false
	}
	return r.buf[r.pos], true
}

// ws skips white space and peeks at the next byte.
func (r *jsonReader) ws() (byte, bool) {
	for {
		for r.pos < r.end {
			switch c := r.buf[r.pos]; c {
			case ' ', '\t', '\r', '\n':
				r.pos++
			default:
				return c, true
			}
		}
		if !r.fill() {
			return 0, false
		}
	}
}

// syntax reports the byte at pos as encoding/json would.
func (r *jsonReader) syntax(c byte, context string) error {
	return syntaxError(r.base+int64(r.pos)+1, "invalid character "+quoteChar(c)+" "+context)
}

// atEnd reports the end of the input (or a read error) in a state whose
// context is given; encoding/json feeds a space to the state at the end, so
// states that reject a space report it, the others "unexpected end".
func (r *jsonReader) atEnd(spaceContext string) error {
	if r.err != nil {
		return fmt.Errorf("read input: %w", r.err)
	}
	off := r.base + int64(r.end)
	if spaceContext != "" {
		return syntaxError(off, "invalid character ' ' "+spaceContext)
	}
	return syntaxError(off, "unexpected end of JSON input")
}

func syntaxError(offset int64, msg string) error {
	return invalid("", fmt.Sprintf("invalid JSON at byte %d: %s", offset, msg))
}

// quoteChar is encoding/json's rendering of a byte in syntax errors.
func quoteChar(c byte) string {
	switch c {
	case '\'':
		return `'\''`
	case '"':
		return `'"'`
	}
	s := strconv.Quote(string(rune(c)))
	return "'" + s[1:len(s)-1] + "'"
}

// value validates one JSON value at nesting depth depth (the value's own
// depth if it is an object or array) and consumes it.
func (r *jsonReader) value(depth int) error {
	c, ok := r.ws()
	if !ok {
		return r.atEnd("")
	}
	switch {
	case c == '{':
		return r.object(depth)
	case c == '[':
		return r.array(depth)
	case c == '"':
		return r.str()
	case c == '-' || '0' <= c && c <= '9':
		return r.number()
	case c == 't':
		return r.literal("true")
	case c == 'f':
		return r.literal("false")
	case c == 'n':
		return r.literal("null")
	}
	return r.syntax(c, "looking for beginning of value")
}

func (r *jsonReader) object(depth int) error {
	if depth > jsonMaxDepth {
		return r.syntax('{', "exceeded max depth")
	}
	r.pos++
	c, ok := r.ws()
	if !ok {
		return r.atEnd("")
	}
	if c == '}' {
		r.pos++
		return nil
	}
	for {
		if err := r.key(); err != nil {
			return err
		}
		if err := r.value(depth + 1); err != nil {
			return err
		}
		c, ok := r.ws()
		switch {
		case !ok:
			return r.atEnd("")
		case c == ',':
			r.pos++
		case c == '}':
			r.pos++
			return nil
		default:
			return r.syntax(c, "after object key:value pair")
		}
	}
}

// key validates `"key" :`.
func (r *jsonReader) key() error {
	c, ok := r.ws()
	if !ok {
		return r.atEnd("")
	}
	if c != '"' {
		return r.syntax(c, "looking for beginning of object key string")
	}
	if err := r.str(); err != nil {
		return err
	}
	return r.colon()
}

func (r *jsonReader) colon() error {
	c, ok := r.ws()
	if !ok {
		return r.atEnd("")
	}
	if c != ':' {
		return r.syntax(c, "after object key")
	}
	r.pos++
	return nil
}

func (r *jsonReader) array(depth int) error {
	if depth > jsonMaxDepth {
		return r.syntax('[', "exceeded max depth")
	}
	r.pos++
	c, ok := r.ws()
	if !ok {
		return r.atEnd("")
	}
	if c == ']' {
		r.pos++
		return nil
	}
	for {
		if err := r.value(depth + 1); err != nil {
			return err
		}
		if done, err := r.afterElement(); done || err != nil {
			return err
		}
	}
}

// afterElement consumes the ',' or ']' after an array element; done is true
// after ']'.
func (r *jsonReader) afterElement() (done bool, err error) {
	c, ok := r.ws()
	switch {
	case !ok:
		return false, r.atEnd("")
	case c == ',':
		r.pos++
		return false, nil
	case c == ']':
		r.pos++
		return true, nil
	}
	return false, r.syntax(c, "after array element")
}

// str validates a string starting at the opening quote.
func (r *jsonReader) str() error {
	r.pos++
	for {
		for r.pos < r.end {
			c := r.buf[r.pos]
			switch {
			case c == '"':
				r.pos++
				return nil
			case c == '\\':
				r.pos++
				if err := r.escape(); err != nil {
					return err
				}
				continue
			case c < 0x20:
				return r.syntax(c, "in string literal")
			}
			r.pos++
		}
		if !r.fill() {
			return r.atEnd("")
		}
	}
}

// escape validates what follows a backslash.
func (r *jsonReader) escape() error {
	c, ok := r.peek()
	if !ok {
		return r.atEnd("in string escape code")
	}
	switch c {
	case 'b', 'f', 'n', 'r', 't', '\\', '/', '"':
		r.pos++
		return nil
	case 'u':
		r.pos++
		for range 4 {
			c, ok := r.peek()
			if !ok {
				return r.atEnd(`in \u hexadecimal character escape`)
			}
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return r.syntax(c, `in \u hexadecimal character escape`)
			}
			r.pos++
		}
		return nil
	}
	return r.syntax(c, "in string escape code")
}

// digits consumes decimal digits and reports how many.
func (r *jsonReader) digits() int {
	n := 0
	for {
		c, ok := r.peek()
		if !ok || c < '0' || c > '9' {
			return n
		}
		r.pos++
		n++
	}
}

// number validates a number; the byte that ends it is left for the caller,
// as encoding/json's scanner judges it in the enclosing state.
func (r *jsonReader) number() error {
	c, _ := r.peek()
	if c == '-' {
		r.pos++
		c2, ok := r.peek()
		if !ok {
			return r.atEnd("in numeric literal")
		}
		if c2 < '0' || c2 > '9' {
			return r.syntax(c2, "in numeric literal")
		}
		c = c2
	}
	r.pos++
	if c != '0' {
		r.digits()
	}
	if c, ok := r.peek(); ok && c == '.' {
		r.pos++
		if r.digits() == 0 {
			c, ok := r.peek()
			if !ok {
				return r.atEnd("after decimal point in numeric literal")
			}
			return r.syntax(c, "after decimal point in numeric literal")
		}
	}
	if c, ok := r.peek(); ok && (c == 'e' || c == 'E') {
		r.pos++
		if c, ok := r.peek(); ok && (c == '+' || c == '-') {
			r.pos++
		}
		if r.digits() == 0 {
			c, ok := r.peek()
			if !ok {
				return r.atEnd("in exponent of numeric literal")
			}
			return r.syntax(c, "in exponent of numeric literal")
		}
	}
	return nil
}

// literal validates true, false or null.
func (r *jsonReader) literal(word string) error {
	r.pos++
	for i := 1; i < len(word); i++ {
		c, ok := r.peek()
		if !ok || c != word[i] {
			context := "in literal " + word + " (expecting " + quoteChar(word[i]) + ")"
			if !ok {
				return r.atEnd(context)
			}
			return r.syntax(c, context)
		}
		r.pos++
	}
	return nil
}

// capture validates one value, like value, and returns its bytes (from the
// first non-space byte). The slice is valid until the next capture.
func (r *jsonReader) capture(depth int) ([]byte, error) {
	if _, ok := r.ws(); !ok {
		return nil, r.atEnd("")
	}
	r.capturing, r.capStart, r.capBuf = true, r.pos, r.capBuf[:0]
	err := r.value(depth)
	r.capturing = false
	if err != nil {
		return nil, err
	}
	if len(r.capBuf) == 0 {
		return r.buf[r.capStart:r.pos], nil // no refill happened: no copy
	}
	r.capBuf = append(r.capBuf, r.buf[r.capStart:r.pos]...)
	return r.capBuf, nil
}

// rest reads the remaining input into memory and returns it from pos.
func (r *jsonReader) rest() ([]byte, error) {
	for !r.eof && r.err == nil {
		if r.pos == 0 && r.end == len(r.buf) {
			nb := make([]byte, 2*len(r.buf)+1)
			copy(nb, r.buf[:r.end])
			r.buf = nb
		}
		r.fill()
	}
	if r.err != nil {
		return nil, fmt.Errorf("read input: %w", r.err)
	}
	return r.buf[r.pos:r.end], nil
}
