package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/podium-contests/podium/server/domain"
)

// Streamed ZIP downloads (domain.ExportStreamed): the archive is produced
// from the store's objects while it is sent, with its length known up
// front and any single byte range served, so browsers show progress and
// resume a broken download (Range with If-Range).

const (
	// maxZipStreams bounds the ZIP downloads one replica sends at once;
	// more wait for a free place as a 503 with Retry-After.
	maxZipStreams = 16
	// zipStallTimeout ends a download whose client has read nothing for
	// that long, so that a client that stops reading cannot hold a place,
	// a goroutine and a connection to the store for ever.
	zipStallTimeout = 2 * time.Minute
)

// exportDownloadPath and packetDownloadPath are the download_url of a
// finished streamed export and packet.
func exportDownloadPath(slug, id string) string {
	return "/api/v1/contests/" + slug + "/exports/" + id + "/download"
}

func packetDownloadPath(roundID int64, id string) string {
	return fmt.Sprintf("/api/v1/rounds/%d/packet/%s/download", roundID, id)
}

func (s *server) downloadExport(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	d, err := s.Exports.ExportDownload(c.UserContext(), u, c.Params("slug"), c.Params("id"))
	if err != nil {
		return err
	}
	return s.sendZIP(c, d)
}

func (s *server) downloadPacket(c *fiber.Ctx) error {
	return withID(c, "round", func(u domain.User, id int64) error {
		d, err := s.Exports.PacketDownload(c.UserContext(), u, id, c.Params("export_id"))
		if err != nil {
			return err
		}
		return s.sendZIP(c, d)
	})
}

// sendZIP answers with the archive, or the byte range asked for.
func (s *server) sendZIP(c *fiber.Ctx, d *domain.ZipDownload) error {
	size, err := d.Archive.Size()
	if err != nil {
		return err
	}
	rangeHeader := c.Get(fiber.HeaderRange)
	if ifRange := c.Get(fiber.HeaderIfRange); ifRange != "" && ifRange != d.ETag {
		rangeHeader = "" // the archive changed: send all of it
	}
	start, end, partial, err := byteRange(rangeHeader, size)
	if err != nil {
		c.Set(fiber.HeaderContentRange, fmt.Sprintf("bytes */%d", size))
		return c.Status(fiber.StatusRequestedRangeNotSatisfiable).JSON(errorBody{Error: errorDetail{Code: domain.CodeInvalid,
			Message: err.Error(), Fields: domain.Fields{"range": {Code: "range", Message: err.Error()}}, RequestID: requestIDOf(c)}})
	}
	select {
	case s.zipSlots <- struct{}{}:
	default:
		return domain.Errorf(domain.CodeUnavailable, "too many downloads are running on this server; try again in a minute")
	}
	c.Set(fiber.HeaderContentType, "application/zip")
	c.Set(fiber.HeaderContentDisposition, domain.AttachmentDisposition(d.Filename))
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	c.Set(fiber.HeaderETag, d.ETag)
	c.Set(fiber.HeaderAcceptRanges, "bytes")
	// A proxy in front (nginx) passes the bytes on as they come instead of
	// spooling gigabytes to its disk first.
	c.Set("X-Accel-Buffering", "no")
	c.Status(fiber.StatusOK)
	if partial {
		c.Status(fiber.StatusPartialContent)
		c.Set(fiber.HeaderContentRange, fmt.Sprintf("bytes %d-%d/%d", start, end-1, size))
	}
	body := newZipBody(d, start, end, c.Context().Conn(), s.Log, func() { <-s.zipSlots })
	c.Context().SetBodyStream(body, int(end-start))
	return nil
}

// byteRange reads a Range header against a length: the whole [0, size)
// when there is none or it cannot be served as one range (several ranges,
// other units: the whole body is a valid answer), else the range asked
// for, end exclusive. A range past the end is an error (416).
func byteRange(header string, size int64) (start, end int64, partial bool, err error) {
	spec, ok := strings.CutPrefix(strings.TrimSpace(header), "bytes=")
	if !ok || strings.Contains(spec, ",") {
		return 0, size, false, nil
	}
	first, last, ok := strings.Cut(strings.TrimSpace(spec), "-")
	if !ok {
		return 0, size, false, nil
	}
	if first == "" { // the last N bytes
		n, perr := strconv.ParseInt(last, 10, 64)
		if perr != nil || n <= 0 {
			return 0, size, false, nil
		}
		return max(size-n, 0), size, true, nil
	}
	start, perr := strconv.ParseInt(first, 10, 64)
	if perr != nil || start < 0 {
		return 0, size, false, nil
	}
	end = size
	if last != "" {
		l, perr := strconv.ParseInt(last, 10, 64)
		if perr != nil || l < start {
			return 0, size, false, nil
		}
		end = min(l+1, size)
	}
	if start >= size {
		return 0, 0, false, fmt.Errorf("the range starts at byte %d of %d", start, size)
	}
	return start, end, true, nil
}

// zipBody is the response body of a ZIP download. The HTTP server copies
// a body with io.CopyBuffer, which hands the connection's writer to the
// body's WriteTo: the archive is written straight into it, with no pipe and
// no goroutine per download other than a watchdog.
type zipBody struct {
	d          *domain.ZipDownload
	start, end int64
	conn       net.Conn
	log        *slog.Logger
	release    func()

	ctx       context.Context
	cancel    context.CancelFunc
	lastWrite atomic.Int64 // unix nanoseconds of the last write to the client
	once      sync.Once
}

func newZipBody(d *domain.ZipDownload, start, end int64, conn net.Conn, log *slog.Logger, release func()) *zipBody {
	ctx, cancel := context.WithCancel(context.Background())
	b := &zipBody{d: d, start: start, end: end, conn: conn, log: log, release: release, ctx: ctx, cancel: cancel}
	b.lastWrite.Store(time.Now().UnixNano())
	return b
}

// errReadZipBody says that the HTTP server read the body instead of
// letting it write itself (WriteTo); it never happens with fasthttp.
var errReadZipBody = errors.New("a ZIP download's body is written with WriteTo, not read")

func (b *zipBody) Read([]byte) (int, error) { return 0, errReadZipBody }

// WriteTo writes the archive's bytes [start, end) to the client, then
// records what the download learned.
func (b *zipBody) WriteTo(w io.Writer) (int64, error) {
	go b.watch()
	cw := &clientWriter{w: w, last: &b.lastWrite}
	err := b.d.Archive.WriteRange(b.ctx, cw, b.start, b.end)
	b.cancel()
	failed := err
	if cw.err != nil || errors.Is(err, context.Canceled) {
		failed = nil // the client went away: not the archive's failure
	}
	if failed != nil {
		b.log.Error("zip download stopped", "file", b.d.Filename, "err", failed)
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if ferr := b.d.Finish(ctx, failed); ferr != nil {
			b.log.Error("zip download: recording what it learned", "file", b.d.Filename, "err", ferr)
		}
	}()
	return cw.n, err
}

// watch ends the download when the client has taken nothing for
// zipStallTimeout: closing the connection unblocks the server's write.
func (b *zipBody) watch() {
	tick := time.NewTicker(zipStallTimeout / 4)
	defer tick.Stop()
	for {
		select {
		case <-b.ctx.Done():
			return
		case <-tick.C:
			if time.Since(time.Unix(0, b.lastWrite.Load())) > zipStallTimeout {
				b.log.Warn("zip download: the client stopped reading; closing it", "file", b.d.Filename)
				b.cancel()
				if b.conn != nil {
					_ = b.conn.Close()
				}
				return
			}
		}
	}
}

// Close is called by the HTTP server once the body is sent, or when it
// will not be: it frees the download's place.
func (b *zipBody) Close() error {
	b.once.Do(func() {
		b.cancel()
		b.release()
	})
	return nil
}

// clientWriter counts what reaches the client and when, and keeps the
// error of a failed write (the client's side, not the archive's).
type clientWriter struct {
	w    io.Writer
	n    int64
	last *atomic.Int64
	err  error
}

func (c *clientWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	c.last.Store(time.Now().UnixNano())
	if err != nil {
		c.err = err
	}
	return n, err
}
