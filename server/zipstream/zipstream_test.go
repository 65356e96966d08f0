package zipstream

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"testing"
	"testing/iotest"
	"time"
)

// countingReader adds the bytes read from r to n.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	k, err := c.r.Read(p)
	c.n.Add(int64(k))
	return k, err
}

// memArchive is an archive of in-memory files that counts the bytes read
// from them.
type memArchive struct {
	Archive
	files   [][]byte
	read    atomic.Int64
	learned map[int]uint32
}

func newMemArchive(files [][]byte, knownCRC bool) *memArchive {
	m := &memArchive{files: files, learned: map[int]uint32{}}
	when := time.Date(2026, 12, 7, 10, 30, 0, 0, time.UTC)
	for i, f := range files {
		e := Entry{Name: "track/team " + string(rune('A'+i)) + "/file.bin", Modified: when, Size: int64(len(f))}
		if knownCRC {
			e.CRC32, e.HasCRC = crc32.ChecksumIEEE(f), true
		}
		m.Entries = append(m.Entries, e)
	}
	m.Open = func(_ context.Context, i int, offset int64) (io.ReadCloser, error) {
		return io.NopCloser(&countingReader{r: bytes.NewReader(m.files[i][offset:]), n: &m.read}), nil
	}
	m.Learned = func(i int, crc uint32) { m.learned[i] = crc }
	return m
}

func randomFiles(seed uint64, sizes ...int) [][]byte {
	r := rand.New(rand.NewPCG(seed, 1))
	out := make([][]byte, len(sizes))
	for i, n := range sizes {
		out[i] = make([]byte, n)
		for k := range out[i] {
			out[i][k] = byte(r.IntN(256))
		}
	}
	return out
}

func whole(t *testing.T, a *Archive) []byte {
	t.Helper()
	size, err := a.Size()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := a.WriteRange(context.Background(), &buf, 0, size); err != nil {
		t.Fatal(err)
	}
	if int64(buf.Len()) != size {
		t.Fatalf("wrote %d bytes, Size said %d", buf.Len(), size)
	}
	return buf.Bytes()
}

func TestArchiveReadsBackWithEveryFile(t *testing.T) {
	files := randomFiles(1, 0, 1, 70_000, 3<<20, 12)
	for _, known := range []bool{false, true} {
		m := newMemArchive(files, known)
		raw := whole(t, &m.Archive)
		zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
		if err != nil {
			t.Fatal(err)
		}
		if len(zr.File) != len(files) {
			t.Fatalf("%d files, want %d", len(zr.File), len(files))
		}
		for i, f := range zr.File {
			rc, err := f.Open() // checks the CRC-32 at the end
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
			if !bytes.Equal(got, files[i]) || f.Name != m.Entries[i].Name || !f.Modified.Equal(m.Entries[i].Modified) {
				t.Fatalf("entry %d: %q modified %v, %d bytes", i, f.Name, f.Modified, len(got))
			}
		}
		if !known && len(m.learned) != len(files) {
			t.Fatalf("learned %d checksums, want %d", len(m.learned), len(files))
		}
		if known && len(m.learned) != 0 {
			t.Fatalf("learned %v though every checksum was known", m.learned)
		}
	}
}

// Any range of the archive is the same bytes as in the whole archive,
// whether the checksums are known or not.
func TestEveryRangeMatchesTheWholeArchive(t *testing.T) {
	files := randomFiles(2, 5000, 0, 20_000, 7)
	full := whole(t, &newMemArchive(files, true).Archive)
	r := rand.New(rand.NewPCG(3, 4))
	starts := []int64{0, 1, 29, 30, 5000, int64(len(full)) - 22, int64(len(full)) - 1}
	for range 60 {
		starts = append(starts, r.Int64N(int64(len(full))))
	}
	for _, known := range []bool{false, true} {
		for _, start := range starts {
			end := start + 1 + r.Int64N(int64(len(full))-start)
			m := newMemArchive(files, known)
			var buf bytes.Buffer
			if err := m.WriteRange(context.Background(), &buf, start, end); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(buf.Bytes(), full[start:end]) {
				t.Fatalf("known=%v range %d-%d differs from the whole archive", known, start, end)
			}
		}
	}
}

// With every checksum known, a range near the end reads only what it sends.
func TestKnownChecksumsSkipReads(t *testing.T) {
	files := randomFiles(5, 100_000, 100_000, 100_000)
	m := newMemArchive(files, true)
	size, _ := m.Size()
	start := size - 50_000 // inside the last file
	if err := m.WriteRange(context.Background(), io.Discard, start, size); err != nil {
		t.Fatal(err)
	}
	if m.read.Load() >= 50_000 {
		t.Fatalf("read %d bytes of files to send the last 50,000 bytes", m.read.Load())
	}
	// Without them the earlier files are read (not sent) to compute them.
	u := newMemArchive(files, false)
	var buf bytes.Buffer
	if err := u.WriteRange(context.Background(), &buf, start, size); err != nil {
		t.Fatal(err)
	}
	if u.read.Load() != 300_000 || int64(buf.Len()) != 50_000 || len(u.learned) != 3 {
		t.Fatalf("read %d, sent %d, learned %d", u.read.Load(), buf.Len(), len(u.learned))
	}
}

func TestShortObjectAndOpenErrorsStopTheArchive(t *testing.T) {
	files := randomFiles(6, 1000, 1000)
	m := newMemArchive(files, false)
	m.Open = func(_ context.Context, i int, offset int64) (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(files[i][offset:500])), nil
	}
	size, _ := m.Size()
	if err := m.WriteRange(context.Background(), io.Discard, 0, size); !errors.Is(err, ErrShortObject) {
		t.Fatalf("short object: %v", err)
	}
	boom := errors.New("the store is down")
	m.Open = func(context.Context, int, int64) (io.ReadCloser, error) { return nil, boom }
	if err := m.WriteRange(context.Background(), io.Discard, 0, size); !errors.Is(err, boom) {
		t.Fatalf("open error: %v", err)
	}
	if err := m.WriteRange(context.Background(), io.Discard, 10, 5); err == nil {
		t.Fatal("a reversed range was accepted")
	}
}

// lastReadFails gives its bytes, failing the read that returns the last
// of them, as a reader that checks a digest does.
type lastReadFails struct {
	r   *bytes.Reader
	err error
}

func (l *lastReadFails) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	if err == nil && l.r.Len() == 0 {
		return n, l.err
	}
	return n, err
}

// A reader's error on the read that completes a file (a digest that does
// not match) stops the archive even when that read filled a buffer; the
// end of a file that comes with its last bytes is no error.
func TestErrorsOnTheLastReadCount(t *testing.T) {
	files := randomFiles(7, 3<<20, 5000) // the first is a whole number of read-ahead buffers
	mismatch := errors.New("digest mismatch")
	m := newMemArchive(files, false)
	m.Open = func(_ context.Context, i int, offset int64) (io.ReadCloser, error) {
		return io.NopCloser(&lastReadFails{r: bytes.NewReader(files[i][offset:]), err: mismatch}), nil
	}
	size, _ := m.Size()
	if err := m.WriteRange(context.Background(), io.Discard, 0, size); !errors.Is(err, mismatch) {
		t.Fatalf("a failed last read: %v", err)
	}
	m.Open = func(_ context.Context, i int, offset int64) (io.ReadCloser, error) {
		return io.NopCloser(iotest.DataErrReader(bytes.NewReader(files[i][offset:]))), nil
	}
	var buf bytes.Buffer
	if err := m.WriteRange(context.Background(), &buf, 0, size); err != nil || int64(buf.Len()) != size {
		t.Fatalf("bytes with the end: %v, %d of %d bytes", err, buf.Len(), size)
	}
}

// rangeReader reads an archive through WriteRange, as resumed downloads do.
type rangeReader struct{ a *Archive }

func (r rangeReader) ReadAt(p []byte, off int64) (int, error) {
	var buf bytes.Buffer
	if err := r.a.WriteRange(context.Background(), &buf, off, off+int64(len(p))); err != nil {
		return 0, err
	}
	return copy(p, buf.Bytes()), nil
}

// An entry over 4 GiB gets ZIP64 records that a reader understands,
// without the test reading 4 GiB: the checksum is known, so every range
// before the central directory is skipped.
func TestZip64EntryLayout(t *testing.T) {
	const big = 4<<30 + 17
	h := crc32.NewIEEE()
	for n := int64(big); n > 0; n -= int64(len(zeros)) {
		h.Write(zeros[:min(n, int64(len(zeros)))])
	}
	a := &Archive{Entries: []Entry{
		{Name: "big.bin", Size: big, CRC32: h.Sum32(), HasCRC: true, Modified: time.Unix(0, 0)},
		{Name: "small.txt", Size: 5, CRC32: crc32.ChecksumIEEE([]byte("hello")), HasCRC: true, Modified: time.Unix(0, 0)},
	}}
	a.Open = func(_ context.Context, i int, offset int64) (io.ReadCloser, error) {
		if i == 0 {
			return io.NopCloser(io.LimitReader(zeroReader{}, big-offset)), nil
		}
		return io.NopCloser(strings.NewReader("hello"[offset:])), nil
	}
	size, err := a.Size()
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(rangeReader{a}, size)
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != 2 || zr.File[0].UncompressedSize64 != big || zr.File[1].Name != "small.txt" {
		t.Fatalf("files: %+v", zr.File)
	}
	rc, err := zr.File[1].Open()
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(rc)
	if err != nil || string(got) != "hello" {
		t.Fatalf("small.txt after a 4 GiB entry: %q %v", got, err)
	}
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// trackedFile counts its closing.
type trackedFile struct {
	io.Reader
	closed *atomic.Int64
}

func (f trackedFile) Close() error {
	f.closed.Add(1)
	return nil
}

// Small entries are opened ahead of their turn; a range that ends before
// them closes them all the same, and its bytes are the archive's.
func TestEntriesOpenedAheadAreClosed(t *testing.T) {
	files := randomFiles(12, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000)
	m := newMemArchive(files, true)
	all := whole(t, &m.Archive)
	var opened, closed atomic.Int64
	m.Open = func(_ context.Context, i int, offset int64) (io.ReadCloser, error) {
		opened.Add(1)
		return trackedFile{Reader: bytes.NewReader(files[i][offset:]), closed: &closed}, nil
	}
	end := int64(3500) // inside the fourth file
	var buf bytes.Buffer
	if err := m.WriteRange(context.Background(), &buf, 0, end); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), all[:end]) {
		t.Fatal("the range differs from the whole archive's bytes")
	}
	if opened.Load() <= 4 || closed.Load() != opened.Load() {
		t.Fatalf("%d files opened (more than the 4 read expected), %d closed", opened.Load(), closed.Load())
	}
}
