// Package mediafacts reads the facts the entry checks need from a video or
// audio file — duration, container, codecs, picture size, container tags —
// with ffprobe (Debian's ffmpeg package), run against a short-lived
// presigned GET of the stored object. ffprobe reads the container's
// headers with HTTP range requests (an MP4's moov box, a Matroska file's
// segment info): a 1 GiB video costs a few requests, never the whole file.
//
// The demuxer is chosen from the file's extension (the upload's magic bytes
// were already checked against it), so a file can never make ffprobe
// follow a playlist, and only http and https are allowed as protocols.
package mediafacts

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/podium-contests/podium/server/domain"
)

// ErrNoProbe means ffprobe is not installed (or not at the configured
// path); the checks report such a file as not read.
var ErrNoProbe = domain.ErrNoMediaProbe

// Prober runs ffprobe.
type Prober struct {
	// Path is the ffprobe binary: a path, or a name looked up in PATH.
	Path string
	// Timeout bounds one probe (default 30 s).
	Timeout time.Duration
}

// demuxers maps the media extensions Podium accepts to ffprobe's demuxer.
var demuxers = map[string]string{
	".mp4": "mov", ".mov": "mov", ".m4a": "mov",
	".webm": "matroska", ".mkv": "matroska",
	".mp3": "mp3", ".wav": "wav",
}

// Probe reads the facts of the media file at url; ext is the file's
// extension (".mp4", ...). It returns ErrNoProbe when ffprobe is missing.
func (p Prober) Probe(ctx context.Context, url, ext string) (domain.MediaFacts, error) {
	demuxer, ok := demuxers[strings.ToLower(ext)]
	if !ok {
		return domain.MediaFacts{}, fmt.Errorf("ffprobe: no demuxer for %q", ext)
	}
	bin := p.Path
	if bin == "" {
		bin = "ffprobe"
	}
	bin, err := exec.LookPath(bin)
	if err != nil {
		return domain.MediaFacts{}, fmt.Errorf("%w (%v)", ErrNoProbe, err)
	}
	timeout := p.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin,
		"-v", "error", "-hide_banner",
		"-protocol_whitelist", "http,https,tcp,tls",
		"-rw_timeout", strconv.FormatInt((10*time.Second).Microseconds(), 10),
		"-f", demuxer,
		"-print_format", "json", "-show_format", "-show_streams",
		url)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		// stderr may quote the URL: keep only its last line, without it.
		msg := strings.TrimSpace(stderr.String())
		if i := strings.LastIndexByte(msg, '\n'); i >= 0 {
			msg = msg[i+1:]
		}
		msg = strings.ReplaceAll(msg, url, "<object>")
		return domain.MediaFacts{}, fmt.Errorf("ffprobe: %v: %s", err, msg)
	}
	return Parse(stdout.Bytes())
}

// output is the part of ffprobe's JSON the checks use.
type output struct {
	Format struct {
		FormatName string            `json:"format_name"`
		Duration   string            `json:"duration"`
		Tags       map[string]string `json:"tags"`
	} `json:"format"`
	Streams []struct {
		CodecType   string            `json:"codec_type"`
		CodecName   string            `json:"codec_name"`
		Width       int               `json:"width"`
		Height      int               `json:"height"`
		Duration    string            `json:"duration"`
		Tags        map[string]string `json:"tags"`
		Disposition struct {
			AttachedPic int `json:"attached_pic"`
		} `json:"disposition"`
	} `json:"streams"`
}

// Parse reads ffprobe's JSON output (-show_format -show_streams): the
// first video stream that is not a cover picture, the first audio stream,
// the duration (the container's, else the longest stream's) and the
// container's and streams' tags (searched for names in blind contests).
func Parse(b []byte) (domain.MediaFacts, error) {
	var o output
	if err := json.Unmarshal(b, &o); err != nil {
		return domain.MediaFacts{}, fmt.Errorf("ffprobe output: %w", err)
	}
	f := domain.MediaFacts{Container: o.Format.FormatName, Tags: map[string]string{}}
	f.DurationSeconds = seconds(o.Format.Duration)
	for k, v := range o.Format.Tags {
		f.Tags[strings.ToLower(k)] = v
	}
	longest := 0.0
	for _, s := range o.Streams {
		longest = max(longest, seconds(s.Duration))
		switch {
		case s.CodecType == "video" && s.Disposition.AttachedPic == 0 && f.VideoCodec == "":
			f.VideoCodec, f.Width, f.Height = s.CodecName, s.Width, s.Height
		case s.CodecType == "audio" && f.AudioCodec == "":
			f.AudioCodec = s.CodecName
		}
		for k, v := range s.Tags {
			if _, ok := f.Tags[strings.ToLower(k)]; !ok {
				f.Tags[strings.ToLower(k)] = v
			}
		}
	}
	if f.DurationSeconds == 0 {
		f.DurationSeconds = longest
	}
	if f.VideoCodec == "" && f.AudioCodec == "" {
		return domain.MediaFacts{}, errors.New("ffprobe: no audio or video stream")
	}
	return f, nil
}

func seconds(s string) float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 0 {
		return 0
	}
	return v
}
