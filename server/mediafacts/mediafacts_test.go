package mediafacts

import (
	"context"
	"encoding/binary"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/podium-contests/podium/server/domain"
)

// serve answers testdata over HTTP with range support (http.FileServer),
// as the bucket answers a presigned GET.
func serve(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.FileServer(http.Dir("testdata")))
	t.Cleanup(srv.Close)
	return srv
}

type countingWriter struct {
	http.ResponseWriter
	n *atomic.Int64
}

func (c countingWriter) Write(b []byte) (int, error) {
	c.n.Add(int64(len(b)))
	return c.ResponseWriter.Write(b)
}

func needProbe(t *testing.T) {
	if _, err := exec.LookPath("ffprobe"); err != nil {
		t.Skip("ffprobe is not installed (make test installs Debian's ffmpeg)")
	}
}

func TestProbeOverHTTP(t *testing.T) {
	needProbe(t)
	srv := serve(t)
	f, err := Prober{}.Probe(context.Background(), srv.URL+"/clip.mp4", ".mp4")
	if err != nil {
		t.Fatal(err)
	}
	if f.VideoCodec != "h264" || f.AudioCodec != "aac" || f.Width != 96 || f.Height != 64 || f.DurationSeconds < 3.9 || f.DurationSeconds > 4.1 || !strings.Contains(f.Container, "mp4") {
		t.Errorf("facts %+v", f)
	}
	if f.Tags["artist"] != "Jessie Rocketeer" || f.Tags["title"] != "Team Rocket demo" {
		t.Errorf("tags %v", f.Tags)
	}
	m, err := Prober{}.Probe(context.Background(), srv.URL+"/clip-mpeg4.mp4", ".mp4")
	if err != nil {
		t.Fatal(err)
	}
	if m.VideoCodec != "mpeg4" || m.AudioCodec != "" {
		t.Errorf("mpeg4 facts %+v", m)
	}
	if w := domain.MediaWarnings(domain.FileSlot{}, ".mp4", m, false, nil); len(w) != 1 || w[0].Code != domain.WarnUnplayable {
		t.Errorf("mpeg4 warnings %+v", w)
	}
}

// TestProbeReadsHeadersOnly probes a 1 GiB MP4 whose moov box comes after
// its media data (as phones write them): ffprobe must reach the moov with
// a range request instead of reading the media data.
func TestProbeReadsHeadersOnly(t *testing.T) {
	needProbe(t)
	dir := t.TempDir()
	src, err := os.ReadFile("testdata/clip.mp4")
	if err != nil {
		t.Fatal(err)
	}
	const size = 1 << 30
	big := padMdat(t, src, size)
	if err := os.WriteFile(filepath.Join(dir, "big.mp4"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(filepath.Join(dir, "big.mp4"), os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	// The padding is a hole: the file costs the disk a few KB.
	for _, p := range big {
		if _, err := f.WriteAt(p.b, p.at); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
	f.Close()
	var sent atomic.Int64
	fs := http.FileServer(http.Dir(dir))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fs.ServeHTTP(countingWriter{w, &sent}, r)
	}))
	defer srv.Close()
	m, err := Prober{}.Probe(context.Background(), srv.URL+"/big.mp4", ".mp4")
	if err != nil {
		t.Fatal(err)
	}
	if m.VideoCodec != "h264" || m.DurationSeconds < 3.9 {
		t.Errorf("facts %+v", m)
	}
	// What the server wrote before ffprobe hung up includes socket
	// buffers; the whole file is 1024 MiB.
	t.Logf("sent %d bytes", sent.Load())
	if n := sent.Load(); n > 64<<20 {
		t.Errorf("the server sent %d MiB of a 1 GiB file", n>>20)
	}
}

type piece struct {
	at int64
	b  []byte
}

// padMdat returns the pieces of an MP4 of the given size: src's boxes with
// its mdat grown by zeros at its end (chunk offsets point into the mdat's
// start, so they stay right) and the boxes after it moved to the end.
func padMdat(t *testing.T, src []byte, size int64) []piece {
	for i := 0; i+8 <= len(src); {
		n := int(binary.BigEndian.Uint32(src[i:]))
		if n < 8 || i+n > len(src) {
			t.Fatalf("bad box at %d", i)
		}
		if string(src[i+4:i+8]) == "mdat" {
			rest := src[i+n:]
			mdatSize := size - int64(i) - int64(len(rest))
			if mdatSize >= 1<<32 {
				t.Fatal("size needs a 64-bit mdat")
			}
			head := append([]byte{}, src[:i+n]...)
			binary.BigEndian.PutUint32(head[i:], uint32(mdatSize))
			return []piece{{0, head}, {size - int64(len(rest)), rest}}
		}
		i += n
	}
	t.Fatal("no mdat")
	return nil
}

func TestProbeFailures(t *testing.T) {
	needProbe(t)
	srv := serve(t)
	// A PDF named .mp4, a missing object: errors, never facts.
	for _, u := range []string{srv.URL + "/missing.mp4", srv.URL + "/"} {
		if f, err := (Prober{}).Probe(context.Background(), u, ".mp4"); err == nil {
			t.Errorf("%s: facts %+v", u, f)
		} else if strings.Contains(err.Error(), srv.URL) {
			t.Errorf("error quotes the URL: %v", err)
		}
	}
	if _, err := (Prober{}).Probe(context.Background(), srv.URL+"/clip.mp4", ".pdf"); err == nil {
		t.Error("probed a .pdf")
	}
}

func TestNoProbe(t *testing.T) {
	_, err := Prober{Path: "/nonexistent/ffprobe"}.Probe(context.Background(), "http://127.0.0.1:1/x.mp4", ".mp4")
	if !errors.Is(err, domain.ErrNoMediaProbe) {
		t.Fatalf("err = %v, want ErrNoMediaProbe", err)
	}
}

func TestParse(t *testing.T) {
	// An MP3 with a cover picture: the picture is not the video; the
	// duration comes from the stream when the container has none.
	out := `{"format": {"format_name": "mp3", "tags": {"ARTIST": "Team Rocket"}},
	 "streams": [{"codec_type": "video", "codec_name": "mjpeg", "width": 500, "height": 500, "disposition": {"attached_pic": 1}},
	             {"codec_type": "audio", "codec_name": "mp3", "duration": "61.5"}]}`
	f, err := Parse([]byte(out))
	if err != nil {
		t.Fatal(err)
	}
	if f.VideoCodec != "" || f.AudioCodec != "mp3" || f.DurationSeconds != 61.5 || f.Tags["artist"] != "Team Rocket" {
		t.Errorf("facts %+v", f)
	}
	for _, bad := range []string{`{}`, `not json`, `{"streams": [{"codec_type": "data"}]}`} {
		if _, err := Parse([]byte(bad)); err == nil {
			t.Errorf("Parse(%s) succeeded", bad)
		}
	}
}
