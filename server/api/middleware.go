package api

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/netip"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/podium-contests/podium/server/domain"
)

const requestIDKey = "request_id"

func requestIDOf(c *fiber.Ctx) string {
	id, _ := c.Locals(requestIDKey).(string)
	return id
}

// requestID gives every request an id, echoed in X-Request-ID and in logs.
func (s *server) requestID(c *fiber.Ctx) error {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	id := hex.EncodeToString(b)
	c.Locals(requestIDKey, id)
	c.Set("X-Request-ID", id)
	return c.Next()
}

// recoverPanic turns a panic into an internal error with a logged stack.
func (s *server) recoverPanic(c *fiber.Ctx) (err error) {
	defer func() {
		if r := recover(); r != nil {
			s.Log.Error("panic", "request_id", requestIDOf(c), "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return c.Next()
}

// httpMetrics are the request counters and latency histogram.
type httpMetrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newHTTPMetrics(reg *prometheus.Registry) httpMetrics {
	m := httpMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "podium_http_requests_total", Help: "HTTP requests by method, route and status.",
		}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "podium_http_request_duration_seconds", Help: "HTTP request latency by method and route.",
			Buckets: []float64{.002, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"method", "route"}),
	}
	reg.MustRegister(m.requests, m.duration)
	return m
}

// logRequests logs one JSON line per request (without query strings, which
// could hold secrets) and records metrics by route template.
func (s *server) logRequests(m httpMetrics) fiber.Handler {
	return func(c *fiber.Ctx) error {
		start := time.Now()
		err := c.Next()
		if err != nil {
			if herr := c.App().ErrorHandler(c, err); herr != nil {
				_ = c.SendStatus(fiber.StatusInternalServerError)
			}
		}
		status := c.Response().StatusCode()
		route := c.Route().Path
		elapsed := time.Since(start)
		m.requests.WithLabelValues(c.Method(), route, strconv.Itoa(status)).Inc()
		m.duration.WithLabelValues(c.Method(), route).Observe(elapsed.Seconds())
		attrs := []any{"request_id", requestIDOf(c), "method", c.Method(), "path", c.Path(), "route", route,
			"status", status, "duration_ms", float64(elapsed.Microseconds()) / 1000, "ip", s.clientIP(c)}
		if id := identityOf(c); id != nil {
			attrs = append(attrs, "user_id", id.User.ID)
		}
		s.Log.Info("request", attrs...)
		return nil
	}
}

// securityHeaders sets the browser protections on every response. Uploads
// go straight to the object store, so its origin is allowed for connect;
// the entry viewer reads PDFs (pdf.js fetches them), plays video and audio
// and shows images from presigned links there, so it is allowed for
// media and images too. pdf.js's worker is a script of our own origin
// (worker-src 'self'). 'wasm-unsafe-eval' lets the browser compile
// WebAssembly (the SHA-256 of multi-GB uploads, pdf.js's image decoders)
// without allowing JavaScript eval.
func (s *server) securityHeaders(c *fiber.Ctx) error {
	bucket := "https://*.amazonaws.com"
	if origin := s.Config.S3Endpoint; origin != "" {
		bucket = strings.TrimRight(origin, "/")
	}
	c.Set("Content-Security-Policy", "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; "+
		"img-src 'self' data: blob: "+bucket+"; media-src 'self' "+bucket+"; worker-src 'self'; connect-src 'self' "+bucket+"; frame-src 'self' blob:; object-src 'none'; "+
		"base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("X-Frame-Options", "DENY")
	c.Set("Referrer-Policy", "no-referrer")
	c.Set("Cross-Origin-Opener-Policy", "same-origin")
	c.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	if !s.Config.Dev {
		c.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
	}
	return c.Next()
}

// trustedProxies decides whose X-Forwarded-For may be believed.
type trustedProxies []netip.Prefix

func (t trustedProxies) contains(a netip.Addr) bool {
	for _, p := range t {
		if p.Contains(a.Unmap()) {
			return true
		}
	}
	return false
}

// clientIP is the peer address, or, when the peer is a configured proxy, the
// right-most X-Forwarded-For hop that is not itself a trusted proxy. Entries
// to the left of that are written by the client and cannot be trusted.
func (s *server) clientIP(c *fiber.Ctx) string {
	peer, ok := netip.AddrFromSlice(c.Context().RemoteIP())
	if !ok {
		return c.Context().RemoteIP().String()
	}
	peer = peer.Unmap()
	if !s.trusted.contains(peer) {
		return peer.String()
	}
	hops := strings.Split(c.Get(fiber.HeaderXForwardedFor), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		if !s.trusted.contains(a) {
			return a.Unmap().String()
		}
	}
	return peer.String()
}

// defaultIPv6Prefix groups IPv6 clients when no setting says otherwise.
const defaultIPv6Prefix = 64

// addressKey is the client's address group, the one key of every
// per-address throttle: an IPv4 address as it is, an IPv6 address as the
// prefix of v6Bits bits that holds it ("2001:db8:1:2::/64"). A single
// host usually gets a whole /64, so keying on IPv6 addresses would hand
// one client 2^64 budgets.
func addressKey(addr string, v6Bits int) string {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return addr
	}
	a = a.Unmap().WithZone("")
	if a.Is4() {
		return a.String()
	}
	if v6Bits <= 0 || v6Bits > 128 {
		v6Bits = defaultIPv6Prefix
	}
	p, err := a.Prefix(v6Bits)
	if err != nil {
		return a.String()
	}
	return p.String()
}

// clientKey is the address group of the request's client (see addressKey).
func (s *server) clientKey(c *fiber.Ctx) string {
	return addressKey(s.clientIP(c), s.Config.IPv6Prefix)
}

// throttleAnonymous limits the API requests made without a session or a
// token per address group (PODIUM_RATE_ANONYMOUS): the public pages, sign-up
// and sign-in. Signed-in callers have the throttles of what they do.
func (s *server) throttleAnonymous(c *fiber.Ctx) error {
	if identityOf(c) != nil || s.Accounts == nil || s.Accounts.Limiter == nil {
		return c.Next()
	}
	if ok, wait := s.Accounts.Limiter.Allow("anon:addr:"+s.clientKey(c), s.Config.RateAnonymous); !ok {
		return domain.RateLimited(wait, "too many requests from your network")
	}
	return c.Next()
}

// requireJSON refuses bodies that are not JSON: a cross-site HTML form cannot
// send application/json without a CORS preflight, which we never grant.
func requireJSON(c *fiber.Ctx) error {
	if len(c.Body()) == 0 {
		return nil
	}
	ct := strings.ToLower(strings.TrimSpace(strings.SplitN(c.Get(fiber.HeaderContentType), ";", 2)[0]))
	if ct != fiber.MIMEApplicationJSON {
		return domain.Invalid(map[string]string{"Content-Type": "must be application/json"})
	}
	return nil
}
