// Package zipstream writes a ZIP archive of stored files straight to a
// reader, without a copy of the archive anywhere, and serves any byte range
// of it: the archive's layout depends only on its entries' names, sizes and
// times, so its length is known before the first byte and a download that
// broke off can resume where it stopped.
//
// Entries are stored, not compressed (submissions are mostly compressed
// formats already), each followed by a data descriptor that carries its
// CRC-32, so that an entry can be sent while its checksum is computed. The
// central directory at the end needs every entry's checksum: a range that
// starts after an entry whose checksum is not known yet reads that entry
// anyway (to compute it) without sending its bytes. Callers keep the
// checksums an archive learns (Learned) so that later ranges skip those
// reads.
package zipstream

import (
	"archive/zip"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"sync"
	"time"
)

// Entry is one file of an archive.
type Entry struct {
	// Name is the path inside the archive.
	Name string
	// Modified is the time recorded for the file.
	Modified time.Time
	// Size is the number of bytes the file has.
	Size int64
	// CRC32 is the file's IEEE CRC-32 when HasCRC is true.
	CRC32  uint32
	HasCRC bool
}

// Opener opens entry i of an archive at offset (0 <= offset < its Size).
// A reader opened at offset 0 may check the whole file (a digest) and fail
// its last Read: the archive stops there with that error. An archive opens
// small entries ahead of their turn (see openAhead), so an Opener is called
// from several goroutines at once.
type Opener func(ctx context.Context, i int, offset int64) (io.ReadCloser, error)

// Archive is a ZIP archive of entries, in order.
type Archive struct {
	Entries []Entry
	Open    Opener

	// Learned reports the checksum of entry i once it has been read whole
	// (only for entries whose checksum was not known).
	Learned func(i int, crc uint32)
}

// ErrShortObject says that a stored file has fewer bytes than its entry.
var ErrShortObject = errors.New("the stored object is shorter than its recorded size")

// errWindowFull stops writing once the requested range has been written.
var errWindowFull = errors.New("zipstream: range written")

// zeros feeds entries whose bytes fall before the requested range and whose
// checksum is known: the archive's offsets advance without reading them.
var zeros = make([]byte, 1<<20)

// Size is the archive's length in bytes.
func (a *Archive) Size() (int64, error) {
	win := &window{out: io.Discard, start: math.MaxInt64, end: math.MaxInt64}
	err := a.write(context.Background(), win, nil)
	return win.pos, err
}

// WriteRange writes the archive's bytes [start, end) to w. end may be the
// archive's Size.
func (a *Archive) WriteRange(ctx context.Context, w io.Writer, start, end int64) error {
	if start < 0 || end < start {
		return fmt.Errorf("zipstream: bad range %d-%d", start, end)
	}
	if start == end {
		return nil
	}
	rd := &reads{a: a}
	err := a.write(ctx, &window{out: w, start: start, end: end}, rd)
	rd.close()
	if errors.Is(err, errWindowFull) {
		return nil
	}
	return err
}

// write produces the whole archive through win, which passes on only the
// requested bytes, reading the entries through rd. A dry run (rd nil)
// reads no entry.
func (a *Archive) write(ctx context.Context, win *window, rd *reads) error {
	zw := zip.NewWriter(win)
	for i, e := range a.Entries {
		fh := &zip.FileHeader{Name: e.Name, Method: zip.Store, Flags: 0x8, Extra: unixTimeExtra(e.Modified),
			CompressedSize64: uint64(e.Size), UncompressedSize64: uint64(e.Size), CRC32: e.CRC32}
		//lint:ignore SA1019 CreateRaw, unlike CreateHeader, does not derive them from Modified.
		fh.ModifiedDate, fh.ModifiedTime = dosTime(e.Modified)
		fw, err := zw.CreateRaw(fh)
		if err == nil {
			err = zw.Flush() // so that win.pos is the entry's offset
		}
		if err != nil {
			return err
		}
		crc, err := a.data(ctx, fw, win, i, e, rd)
		if err != nil {
			return err
		}
		fh.CRC32 = crc
	}
	return zw.Close()
}

// data writes entry i's bytes to fw and returns its checksum: skipped
// (zeros) when they lie before the range and the checksum is known, read
// from where the range starts when the checksum is known, else read whole.
func (a *Archive) data(ctx context.Context, fw io.Writer, win *window, i int, e Entry, rd *reads) (uint32, error) {
	first := win.pos // the archive offset of the entry's first byte
	skip := min(max(win.start-first, 0), e.Size)
	if rd == nil || (e.HasCRC && skip == e.Size) {
		return e.CRC32, writeZeros(fw, e.Size)
	}
	if e.HasCRC {
		if err := writeZeros(fw, skip); err != nil {
			return 0, err
		}
		return e.CRC32, rd.copy(ctx, fw, i, skip, e.Size-skip)
	}
	h := crc32.NewIEEE()
	if err := rd.copy(ctx, io.MultiWriter(fw, h), i, 0, e.Size); err != nil {
		return 0, err
	}
	crc := h.Sum32()
	if a.Learned != nil {
		a.Learned(i, crc)
	}
	return crc, nil
}

// Read-ahead: aheadBuffers buffers of aheadSize bytes per archive being
// written; up to openAhead entries of at most aheadSize bytes opened ahead
// of their turn.
const (
	aheadBuffers = 4
	aheadSize    = 1 << 20
	openAhead    = 8
)

// reads is the reading side of one archive write: the read-ahead buffers
// its entries share, and the small entries opened ahead of their turn, so
// that an archive of many small files waits for the store's first byte
// once every openAhead files instead of once a file.
type reads struct {
	a    *Archive
	free chan []byte // the buffers; made at the first entry read

	mu    sync.Mutex
	ahead map[int]*opening // by entry
}

// opening is an entry opened ahead of its turn (at offset 0).
type opening struct {
	done chan struct{}
	r    io.ReadCloser
	err  error
}

// copy writes n bytes of entry i from offset to w.
func (rd *reads) copy(ctx context.Context, w io.Writer, i int, offset, n int64) error {
	if n == 0 {
		return nil
	}
	rd.openAhead(ctx, i)
	r, err := rd.open(ctx, i, offset)
	if err != nil {
		return err
	}
	defer r.Close()
	if rd.free == nil {
		rd.free = make(chan []byte, aheadBuffers)
		for range aheadBuffers {
			rd.free <- make([]byte, aheadSize)
		}
	}
	if err := copyAhead(w, r, n, rd.free); err != nil {
		return fmt.Errorf("%s: %w", rd.a.Entries[i].Name, err)
	}
	return nil
}

// openAhead starts opening the small entries after entry i (the ones a
// write that reads entry i reads next, from their first byte), up to
// openAhead of them, stopping at the first large one.
func (rd *reads) openAhead(ctx context.Context, i int) {
	rd.mu.Lock()
	defer rd.mu.Unlock()
	if rd.ahead == nil {
		rd.ahead = map[int]*opening{}
	}
	for k := i + 1; k < len(rd.a.Entries) && k <= i+openAhead; k++ {
		if size := rd.a.Entries[k].Size; size > aheadSize {
			return
		} else if size == 0 || rd.ahead[k] != nil {
			continue
		}
		o := &opening{done: make(chan struct{})}
		rd.ahead[k] = o
		go func() {
			defer close(o.done)
			o.r, o.err = rd.a.Open(ctx, k, 0)
		}()
	}
}

// open opens entry i at offset: the opening made ahead when there is one
// (closed and opened again if the write wants a later offset).
func (rd *reads) open(ctx context.Context, i int, offset int64) (io.ReadCloser, error) {
	rd.mu.Lock()
	o := rd.ahead[i]
	delete(rd.ahead, i)
	rd.mu.Unlock()
	if o != nil {
		<-o.done
		if offset == 0 {
			return o.r, o.err
		}
		if o.err == nil {
			o.r.Close()
		}
	}
	return rd.a.Open(ctx, i, offset)
}

// close closes what was opened ahead and not read (the entries after the
// end of a range, or after an error).
func (rd *reads) close() {
	rd.mu.Lock()
	defer rd.mu.Unlock()
	for k, o := range rd.ahead {
		<-o.done
		if o.err == nil {
			o.r.Close()
		}
		delete(rd.ahead, k)
	}
}

// chunk is bytes read ahead, and the error that ended the reading.
type chunk struct {
	b   []byte
	err error
}

// copyAhead copies n bytes of r to w while a goroutine reads ahead into
// the buffers of free, so that reading the store (and any digest r
// computes on the way) overlaps writing to the client instead of taking
// turns with it. Every buffer is back in free when it returns without an
// error; after an error the archive's writing stops, and its buffers with it.
func copyAhead(w io.Writer, r io.Reader, n int64, free chan []byte) error {
	full := make(chan chunk, len(free)) // never blocks: there are only len(free) buffers
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		defer close(full)
		for left := n; left > 0; {
			var b []byte
			select {
			case b = <-free:
			case <-stop:
				return
			}
			k, err := fill(r, b[:min(int64(len(b)), left)])
			left -= int64(k)
			if errors.Is(err, io.EOF) && left > 0 {
				err = ErrShortObject
			} else if errors.Is(err, io.EOF) {
				err = nil // the last bytes came with the end
			}
			full <- chunk{b[:k], err}
			if err != nil {
				return
			}
		}
	}()
	var written int64
	for c := range full {
		if len(c.b) > 0 {
			if _, err := w.Write(c.b); err != nil {
				return err
			}
			written += int64(len(c.b))
		}
		if c.err != nil {
			return c.err
		}
		free <- c.b[:cap(c.b)]
	}
	if written < n {
		return ErrShortObject
	}
	return nil
}

// fill reads into b until it is full or r fails, and keeps the error even
// when the read that failed filled b (io.ReadFull would drop it): a
// reader that checks a digest fails its last read.
func fill(r io.Reader, b []byte) (int, error) {
	k := 0
	for k < len(b) {
		m, err := r.Read(b[k:])
		k += m
		if err != nil {
			return k, err
		}
	}
	return k, nil
}

// dosTime is t in the MS-DOS date and time of a ZIP header (UTC, two
// seconds' precision, 1980 at the earliest); archive/zip's CreateRaw,
// unlike CreateHeader, leaves them to the caller.
func dosTime(t time.Time) (date, clock uint16) {
	t = t.UTC()
	if t.Year() < 1980 {
		t = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	date = uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9)
	clock = uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11)
	return date, clock
}

// unixTimeExtra is the extended timestamp field (0x5455) with t's
// modification time, which readers prefer to the MS-DOS time.
func unixTimeExtra(t time.Time) []byte {
	b := []byte{0x55, 0x54, 5, 0, 1, 0, 0, 0, 0}
	binary.LittleEndian.PutUint32(b[5:], uint32(t.Unix()))
	return b
}

func writeZeros(w io.Writer, n int64) error {
	for n > 0 {
		k := min(n, int64(len(zeros)))
		if _, err := w.Write(zeros[:k]); err != nil {
			return err
		}
		n -= k
	}
	return nil
}

// window passes on the bytes of [start, end) of what is written through it
// and counts every byte.
type window struct {
	out        io.Writer
	pos        int64
	start, end int64
}

func (w *window) Write(p []byte) (int, error) {
	lo, hi := w.pos, w.pos+int64(len(p))
	w.pos = hi
	if from, to := max(lo, w.start), min(hi, w.end); from < to {
		if _, err := w.out.Write(p[from-lo : to-lo]); err != nil {
			return 0, err
		}
	}
	if hi >= w.end {
		return len(p), errWindowFull
	}
	return len(p), nil
}
