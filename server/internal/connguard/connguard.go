// Package connguard keeps the HTTP server alive whatever its clients do with
// connections. It wraps the listening socket so that:
//
//   - accept errors never reach the HTTP server: running out of file
//     descriptors (EMFILE, ENFILE) or any other failure of accept is retried
//     with a growing pause (and idle connections are closed to free
//     descriptors), where fasthttp would treat it as permanent and stop
//     serving;
//   - connections are capped in total and per client address, so one client
//     cannot take every descriptor; addresses of trusted proxies, which carry
//     everyone's traffic, have no per-address cap;
//   - above a high-water mark (three quarters of the total cap) idle
//     connections — keep-alive connections between requests and connections
//     that have not sent a byte yet — are closed, oldest first, instead of
//     waiting for the idle timeout;
//   - each kind of trouble is logged at most once a minute, with a count,
//     never once per connection.
//
// Hook Listener.ConnState into fasthttp.Server.ConnState so that the guard
// knows which connections are between requests.
package connguard

import (
	"container/list"
	"errors"
	"log/slog"
	"net"
	"net/netip"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"
)

// Options are the limits of a Listener. Zero caps mean no cap.
type Options struct {
	// MaxConns caps the open connections in total.
	MaxConns int
	// MaxConnsPerIP caps the open connections of one client address.
	MaxConnsPerIP int
	// Exempt reports addresses without a per-address cap (trusted proxies).
	Exempt func(netip.Addr) bool
	// Log receives the rate-limited reports (discarded when nil).
	Log *slog.Logger
}

// Accept-retry pauses: the first retry waits minBackoff, each next one
// twice as long, up to maxBackoff.
const (
	minBackoff = 5 * time.Millisecond
	maxBackoff = time.Second
	// logEvery is the least time between two log lines of one kind.
	logEvery = time.Minute
	// refuseWriteTimeout bounds the write of the refusal answer, so that a
	// client that reads nothing cannot stall the accept loop.
	refuseWriteTimeout = 100 * time.Millisecond
)

// Refusal answers written to a connection over a cap before closing it.
var (
	answerPerIP = []byte("HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nContent-Type: text/plain\r\n" +
		"Content-Length: 39\r\n\r\ntoo many connections from your address\n")
	answerFull = []byte("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Type: text/plain\r\n" +
		"Retry-After: 5\r\nContent-Length: 37\r\n\r\nthe server has too many connections\n\n")
)

// Listener is a net.Listener that enforces Options. It is safe for
// concurrent use.
type Listener struct {
	net.Listener
	opts      Options
	highWater int
	log       *rateLog

	mu    sync.Mutex
	open  int
	perIP map[netip.Addr]int
	idle  *list.List // of *conn, oldest idle first

	sleep func(time.Duration) // time.Sleep; replaced in tests
}

// New wraps ln.
func New(ln net.Listener, opts Options) *Listener {
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	l := &Listener{
		Listener: ln, opts: opts, log: newRateLog(opts.Log),
		perIP: map[netip.Addr]int{}, idle: list.New(), sleep: time.Sleep,
	}
	if opts.MaxConns > 0 {
		l.highWater = opts.MaxConns * 3 / 4
		if l.highWater < 1 {
			l.highWater = 1
		}
	}
	return l
}

// Open is the number of connections open now.
func (l *Listener) Open() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.open
}

// Accept returns the next connection within the caps. It returns an error
// only once the listener is closed; every other accept failure is retried.
func (l *Listener) Accept() (net.Conn, error) {
	backoff := time.Duration(0)
	for {
		nc, err := l.Listener.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return nil, err
			}
			if errors.Is(err, syscall.EMFILE) || errors.Is(err, syscall.ENFILE) {
				// Out of descriptors: idle connections are the ones to give back.
				l.evictIdle(nil, 1)
			}
			backoff = min(max(2*backoff, minBackoff), maxBackoff)
			l.log.report("accept", "accept failed; retrying", "err", err, "pause", backoff)
			l.sleep(backoff)
			continue
		}
		backoff = 0
		if c := l.admit(nc); c != nil {
			return c, nil
		}
	}
}

// admit counts nc in, or refuses it (closing it) when over a cap.
func (l *Listener) admit(nc net.Conn) *conn {
	addr := remoteAddr(nc)
	capIP := l.opts.MaxConnsPerIP > 0 && addr.IsValid() && (l.opts.Exempt == nil || !l.opts.Exempt(addr))
	l.mu.Lock()
	if capIP && l.perIP[addr] >= l.opts.MaxConnsPerIP {
		l.mu.Unlock()
		l.log.report("per_ip", "connection refused: too many from one address", "addr", addr.String(), "cap", l.opts.MaxConnsPerIP)
		refuse(nc, answerPerIP)
		return nil
	}
	c := &conn{Conn: nc, l: l, addr: addr}
	l.open++
	if addr.IsValid() {
		l.perIP[addr]++
	}
	c.elem = l.idle.PushBack(c) // nothing read yet: idle until its first byte
	c.idle.Store(true)
	l.mu.Unlock()
	if l.opts.MaxConns > 0 && l.Open() > l.highWater {
		l.evictIdle(c, l.Open()-l.highWater)
	}
	if l.opts.MaxConns > 0 && l.Open() > l.opts.MaxConns {
		l.log.report("full", "connection refused: connection cap reached and none idle", "cap", l.opts.MaxConns)
		c.refuse(answerFull)
		return nil
	}
	return c
}

// evictIdle closes up to n idle connections, oldest first, never keep.
func (l *Listener) evictIdle(keep *conn, n int) {
	var victims []*conn
	l.mu.Lock()
	for e := l.idle.Front(); e != nil && len(victims) < n; e = e.Next() {
		if c := e.Value.(*conn); c != keep {
			victims = append(victims, c)
		}
	}
	l.mu.Unlock()
	for _, c := range victims {
		_ = c.Close()
	}
	if len(victims) > 0 {
		l.log.report("evict", "idle connections closed under connection pressure", "closed", len(victims))
	}
}

// ConnState is the fasthttp.Server.ConnState hook: it tells the guard which
// connections wait between requests.
func (l *Listener) ConnState(nc net.Conn, state fasthttp.ConnState) {
	c, ok := nc.(*conn)
	if !ok {
		return
	}
	switch state {
	case fasthttp.StateIdle:
		l.markIdle(c)
	case fasthttp.StateActive:
		// fasthttp reports the first request active before reading it; a
		// connection stays idle until a byte arrives (see conn.Read).
		if c.readAny.Load() {
			l.markBusy(c)
		}
	}
}

func (l *Listener) markIdle(c *conn) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if c.elem == nil && !c.closed {
		c.elem = l.idle.PushBack(c)
		c.idle.Store(true)
	}
}

func (l *Listener) markBusy(c *conn) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if c.elem != nil {
		l.idle.Remove(c.elem)
		c.elem = nil
		c.idle.Store(false)
	}
}

// release forgets a closing connection.
func (l *Listener) release(c *conn) {
	l.mu.Lock()
	defer l.mu.Unlock()
	c.closed = true
	if c.elem != nil {
		l.idle.Remove(c.elem)
		c.elem = nil
	}
	l.open--
	if c.addr.IsValid() {
		if l.perIP[c.addr]--; l.perIP[c.addr] <= 0 {
			delete(l.perIP, c.addr)
		}
	}
}

// conn is an admitted connection; closing it gives its place back.
type conn struct {
	net.Conn
	l    *Listener
	addr netip.Addr

	readAny atomic.Bool // has delivered at least one byte
	idle    atomic.Bool // is in l.idle (a fast check for Read)
	once    sync.Once

	// Guarded by l.mu.
	elem   *list.Element
	closed bool
}

func (c *conn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.readAny.Store(true)
		if c.idle.Load() {
			c.l.markBusy(c)
		}
	}
	return n, err
}

func (c *conn) Close() error {
	err := net.ErrClosed
	c.once.Do(func() {
		c.l.release(c)
		err = c.Conn.Close()
	})
	return err
}

// refuse answers an admitted connection that cannot be served and closes it.
func (c *conn) refuse(answer []byte) {
	_ = c.SetWriteDeadline(time.Now().Add(refuseWriteTimeout))
	_, _ = c.Write(answer)
	_ = c.Close()
}

// refuse answers a connection that was never admitted and closes it.
func refuse(nc net.Conn, answer []byte) {
	_ = nc.SetWriteDeadline(time.Now().Add(refuseWriteTimeout))
	_, _ = nc.Write(answer)
	_ = nc.Close()
}

// remoteAddr is the connection's peer address (invalid when not IP).
func remoteAddr(nc net.Conn) netip.Addr {
	if a, ok := nc.RemoteAddr().(*net.TCPAddr); ok {
		if ip, ok := netip.AddrFromSlice(a.IP); ok {
			return ip.Unmap()
		}
	}
	return netip.Addr{}
}

// rateLog writes each kind of report at most once per logEvery, counting
// the reports it held back.
type rateLog struct {
	log  *slog.Logger
	now  func() time.Time
	mu   sync.Mutex
	last map[string]time.Time
	held map[string]int
}

func newRateLog(log *slog.Logger) *rateLog {
	return &rateLog{log: log, now: time.Now, last: map[string]time.Time{}, held: map[string]int{}}
}

func (r *rateLog) report(kind, msg string, attrs ...any) {
	r.mu.Lock()
	now := r.now()
	if last, ok := r.last[kind]; ok && now.Sub(last) < logEvery {
		r.held[kind]++
		r.mu.Unlock()
		return
	}
	held := r.held[kind]
	r.last[kind], r.held[kind] = now, 0
	r.mu.Unlock()
	r.log.Warn(msg, append(attrs, "similar_since_last_report", held)...)
}

// Serve serves app on l, with l's ConnState hooked into app's server.
func Serve(app *fiber.App, l *Listener) error {
	app.Server().ConnState = l.ConnState
	return app.Listener(l)
}
