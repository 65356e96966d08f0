package api

import "testing"

func TestByteRange(t *testing.T) {
	const size = 1000
	for _, c := range []struct {
		header     string
		start, end int64
		partial    bool
		fails      bool
	}{
		{"", 0, size, false, false},
		{"bytes=0-", 0, size, true, false},
		{"bytes=10-19", 10, 20, true, false},
		{"bytes=990-5000", 990, size, true, false},
		{"bytes=-100", 900, size, true, false},
		{"bytes=-5000", 0, size, true, false},
		{"bytes=999-", 999, size, true, false},
		{"bytes=1000-", 0, 0, false, true},
		{"bytes=0-1,5-9", 0, size, false, false}, // several ranges: the whole body
		{"items=0-9", 0, size, false, false},     // another unit
		{"bytes=20-10", 0, size, false, false},   // reversed: ignored
		{"bytes=x-", 0, size, false, false},      // not a number
		{"bytes=-0", 0, size, false, false},      // an empty suffix
		{"bytes=-1-5", 0, size, false, false},    // a negative start
	} {
		start, end, partial, err := byteRange(c.header, size)
		if (err != nil) != c.fails || (err == nil && (start != c.start || end != c.end || partial != c.partial)) {
			t.Errorf("%q: %d-%d partial %v err %v; want %d-%d partial %v fails %v", c.header, start, end, partial, err, c.start, c.end, c.partial, c.fails)
		}
	}
}
