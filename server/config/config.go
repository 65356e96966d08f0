// Package config reads Podium's settings from PODIUM_* environment variables
// into one typed struct, applying defaults and rejecting bad values with a
// message that names the variable, so that a misconfigured server never starts.
package config

import (
	"fmt"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/podium-contests/podium/server/domain"
	"github.com/podium-contests/podium/server/internal/ratelimit"
)

// Config is every setting the server reads. Field tags name the variable.
type Config struct {
	Addr        string // PODIUM_ADDR
	DatabaseURL string // PODIUM_DATABASE_URL
	// DatabaseSessionURL (PODIUM_DATABASE_SESSION_URL) reaches PostgreSQL
	// with session semantics, for LISTEN and the migration lock; behind a
	// transaction-mode pooler point it past the pooler (or at a session-mode
	// pool). Default: DatabaseURL.
	DatabaseSessionURL string
	PublicURL          string // PODIUM_PUBLIC_URL
	Dev                bool   // PODIUM_DEV: relaxes Secure cookies and HSTS for http://localhost

	S3Endpoint   string // PODIUM_S3_ENDPOINT (empty means AWS)
	S3Region     string // PODIUM_S3_REGION
	S3Bucket     string // PODIUM_S3_BUCKET
	S3AccessKey  string // PODIUM_S3_ACCESS_KEY
	S3SecretKey  string // PODIUM_S3_SECRET_KEY
	S3PathStyle  bool   // PODIUM_S3_PATH_STYLE
	S3AutoCreate bool   // PODIUM_S3_AUTO_CREATE: create the bucket and its CORS rule at start
	// S3TrustChecksums (PODIUM_S3_TRUST_CHECKSUMS) says the store verifies
	// x-amz-checksum-sha256 on uploads, so completing a form upload needs
	// no read-back of the object; turn it off for a store that does not.
	S3TrustChecksums bool

	DBMaxOpenConns int // PODIUM_DB_MAX_OPEN_CONNS
	DBMaxIdleConns int // PODIUM_DB_MAX_IDLE_CONNS
	// DBPrepared (PODIUM_DB_PREPARED) keeps every query prepared on each
	// connection (one round trip per query); turn it off behind a pooler
	// that cannot carry prepared statements.
	DBPrepared bool
	// DBGenericPlans (PODIUM_DB_GENERIC_PLANS) asks PostgreSQL, when
	// connecting, to plan each prepared query once per connection
	// (plan_cache_mode); turn it off behind a pooler that refuses settings
	// in the startup message, and set plan_cache_mode on the role instead.
	DBGenericPlans bool

	SessionIdle     time.Duration // PODIUM_SESSION_IDLE
	SessionAbsolute time.Duration // PODIUM_SESSION_ABSOLUTE
	// TokenTTL (PODIUM_TOKEN_TTL) is the longest a personal API token
	// lives, and its lifetime unless its creator asks for less.
	TokenTTL time.Duration

	BodyLimit      int            // PODIUM_BODY_LIMIT (bytes)
	TrustedProxies []netip.Prefix // PODIUM_TRUSTED_PROXIES (comma-separated IPs or CIDRs)
	LogLevel       string         // PODIUM_LOG_LEVEL
	ShutdownGrace  time.Duration  // PODIUM_SHUTDOWN_GRACE

	// MaxConns (PODIUM_MAX_CONNS) caps the client connections a replica
	// holds open, MaxConnsPerIP (PODIUM_MAX_CONNS_PER_IP) those of one
	// client address (trusted proxies excepted). 0 sizes them from the
	// open-file limit at start (see server/internal/connguard).
	MaxConns      int
	MaxConnsPerIP int

	// EventStreamsPerSession (PODIUM_EVENT_STREAMS_PER_SESSION) and
	// EventStreamsPerUser (PODIUM_EVENT_STREAMS_PER_USER) cap the live
	// progress streams open at once on a replica.
	EventStreamsPerSession int
	EventStreamsPerUser    int

	// MetricsAddr (PODIUM_METRICS_ADDR) serves /metrics on its own listen
	// address (and not on Addr). When empty, /metrics on Addr answers only
	// to "Authorization: Bearer <MetricsToken>" (PODIUM_METRICS_TOKEN), and
	// is off when that is empty too.
	MetricsAddr  string
	MetricsToken string

	// ExportTTL (PODIUM_EXPORT_TTL) is how long a finished export (its file
	// in the bucket and its row) is kept.
	ExportTTL time.Duration

	// CertFont (PODIUM_CERT_FONT) is the TrueType (.ttf) font with CJK
	// glyphs that certificates use for Chinese names (default: Debian's
	// fonts-droid-fallback); CertTextFont (PODIUM_CERT_TEXT_FONT) the one
	// for Latin and other alphabets (default: Debian's fonts-dejavu-core).
	// When either cannot be read the server still starts, logs why, and
	// refuses to generate certificates with that reason.
	CertFont     string
	CertTextFont string
	// CertWorkers (PODIUM_CERT_WORKERS) is how many certificates a
	// generation renders at once (default 2).
	CertWorkers int

	SMTPAddr string // PODIUM_SMTP_ADDR (host:port); empty logs e-mails instead
	SMTPFrom string // PODIUM_SMTP_FROM
	SMTPUser string // PODIUM_SMTP_USER
	SMTPPass string // PODIUM_SMTP_PASSWORD
	// SMTPRate (PODIUM_SMTP_RATE) is how many e-mails a replica sends per
	// second at most: relays cap their senders' rate, and a burst of
	// receipts should not take the CPU a deadline rush needs.
	SMTPRate int

	// IPv6Prefix (PODIUM_IPV6_PREFIX) is the prefix length by which IPv6
	// clients are grouped in every per-address throttle: one host usually
	// holds a whole /64, so single addresses would make throttles blind.
	IPv6Prefix int
	// Rates are the account throttles (PODIUM_RATE_REGISTER,
	// _LOGIN_PAIR, _LOGIN_ADDRESS, _TOKEN_ADDRESS, _PASSWORD_CHANGE), each
	// "<burst> + <count>/<period>".
	Rates domain.AccountRates
	// RateAnonymous (PODIUM_RATE_ANONYMOUS) throttles API requests made
	// without a session or token, per address group.
	RateAnonymous ratelimit.Rate
	// Uploads are the per-team upload quotas (PODIUM_UPLOAD_*) and the
	// per-user throttles of the upload and submit routes
	// (PODIUM_RATE_UPLOAD_DECLARE, _UPLOAD_COMPLETE, _UPLOAD_PARTS,
	// PODIUM_RATE_SUBMIT).
	Uploads domain.UploadLimits
	// UploadCleanupEvery (PODIUM_UPLOAD_CLEANUP_EVERY) is how often the
	// cleanup job removes abandoned uploads and replaced files.
	UploadCleanupEvery time.Duration
}

// Error names the variable that made loading fail.
type Error struct {
	Var    string
	Reason string
}

func (e *Error) Error() string { return fmt.Sprintf("config: %s %s", e.Var, e.Reason) }

// Load reads the environment through getenv (os.Getenv when nil).
func Load(getenv func(string) string) (Config, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	r := reader{getenv: getenv}
	c := Config{
		Addr:             r.str("PODIUM_ADDR", ":8080"),
		DatabaseURL:      r.str("PODIUM_DATABASE_URL", "postgres://postgres@127.0.0.1:54329/podium?sslmode=disable"),
		PublicURL:        r.str("PODIUM_PUBLIC_URL", "http://localhost:8080"),
		Dev:              r.boolean("PODIUM_DEV", false),
		S3Endpoint:       r.str("PODIUM_S3_ENDPOINT", ""),
		S3Region:         r.str("PODIUM_S3_REGION", "us-east-1"),
		S3Bucket:         r.str("PODIUM_S3_BUCKET", "podium"),
		S3AccessKey:      r.str("PODIUM_S3_ACCESS_KEY", ""),
		S3SecretKey:      r.str("PODIUM_S3_SECRET_KEY", ""),
		S3AutoCreate:     r.boolean("PODIUM_S3_AUTO_CREATE", true),
		S3TrustChecksums: r.boolean("PODIUM_S3_TRUST_CHECKSUMS", true),
		DBMaxOpenConns:   r.integer("PODIUM_DB_MAX_OPEN_CONNS", 40, 1, 10000),
		DBMaxIdleConns:   r.integer("PODIUM_DB_MAX_IDLE_CONNS", 40, 0, 10000),
		DBPrepared:       r.boolean("PODIUM_DB_PREPARED", true),
		DBGenericPlans:   r.boolean("PODIUM_DB_GENERIC_PLANS", true),
		SessionIdle:      r.duration("PODIUM_SESSION_IDLE", 12*time.Hour),
		SessionAbsolute:  r.duration("PODIUM_SESSION_ABSOLUTE", 7*24*time.Hour),
		TokenTTL:         r.duration("PODIUM_TOKEN_TTL", 90*24*time.Hour),
		BodyLimit:        r.integer("PODIUM_BODY_LIMIT", 1<<20, 1024, 1<<30),
		TrustedProxies:   r.prefixes("PODIUM_TRUSTED_PROXIES"),
		LogLevel:         r.oneOf("PODIUM_LOG_LEVEL", "info", "debug", "info", "warn", "error"),
		ShutdownGrace:    r.duration("PODIUM_SHUTDOWN_GRACE", 20*time.Second),
		SMTPAddr:         r.str("PODIUM_SMTP_ADDR", ""),
		SMTPFrom:         r.str("PODIUM_SMTP_FROM", "Podium <no-reply@localhost>"),
		SMTPUser:         r.str("PODIUM_SMTP_USER", ""),
		SMTPPass:         r.str("PODIUM_SMTP_PASSWORD", ""),
		SMTPRate:         r.integer("PODIUM_SMTP_RATE", 50, 1, 100000),
		IPv6Prefix:       r.integer("PODIUM_IPV6_PREFIX", 64, 16, 128),
		Rates: domain.AccountRates{
			Register:       r.rate("PODIUM_RATE_REGISTER", "100 + 1200/1h"),
			LoginPair:      r.rate("PODIUM_RATE_LOGIN_PAIR", "5 + 20/1h"),
			LoginAddress:   r.rate("PODIUM_RATE_LOGIN_ADDRESS", "50 + 200/1h"),
			Token:          r.rate("PODIUM_RATE_TOKEN_ADDRESS", "50 + 200/1h"),
			PasswordChange: r.rate("PODIUM_RATE_PASSWORD_CHANGE", "5 + 20/1h"),
		},
		RateAnonymous: r.rate("PODIUM_RATE_ANONYMOUS", "2000 + 72000/1h"),
		Uploads: domain.UploadLimits{
			Declare:        r.rate("PODIUM_RATE_UPLOAD_DECLARE", "120 + 720/1h"),
			Complete:       r.rate("PODIUM_RATE_UPLOAD_COMPLETE", "120 + 720/1h"),
			Parts:          r.rate("PODIUM_RATE_UPLOAD_PARTS", "100 + 1200/1h"),
			Submit:         r.rate("PODIUM_RATE_SUBMIT", "30 + 360/1h"),
			PendingPerSlot: r.integer("PODIUM_UPLOAD_PENDING_PER_SLOT", 2, 1, 1000),
			StorageFactor:  r.float("PODIUM_UPLOAD_STORAGE_FACTOR", 4, 1, 1000),
			HourlyFactor:   r.float("PODIUM_UPLOAD_HOURLY_FACTOR", 4, 1, 1000),
			AbandonAfter:   r.duration("PODIUM_UPLOAD_ABANDON_AFTER", domain.DefaultAbandonAfter),
		},
		UploadCleanupEvery: r.duration("PODIUM_UPLOAD_CLEANUP_EVERY", 5*time.Minute),
	}
	if c.Uploads.AbandonAfter < time.Hour {
		// Upload URLs live an hour; an upload must be able to use them.
		r.fail("PODIUM_UPLOAD_ABANDON_AFTER", "must be at least 1h")
	}
	c.MaxConns = r.integer("PODIUM_MAX_CONNS", 0, 0, 1<<24)
	c.MaxConnsPerIP = r.integer("PODIUM_MAX_CONNS_PER_IP", 0, 0, 1<<24)
	c.EventStreamsPerSession = r.integer("PODIUM_EVENT_STREAMS_PER_SESSION", 8, 1, 10000)
	c.EventStreamsPerUser = r.integer("PODIUM_EVENT_STREAMS_PER_USER", 24, 1, 100000)
	c.MetricsAddr = r.str("PODIUM_METRICS_ADDR", "")
	c.MetricsToken = r.str("PODIUM_METRICS_TOKEN", "")
	c.ExportTTL = r.duration("PODIUM_EXPORT_TTL", 7*24*time.Hour)
	c.CertFont = r.str("PODIUM_CERT_FONT", "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf")
	c.CertTextFont = r.str("PODIUM_CERT_TEXT_FONT", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
	c.CertWorkers = r.integer("PODIUM_CERT_WORKERS", 2, 1, 64)
	c.S3PathStyle = r.boolean("PODIUM_S3_PATH_STYLE", c.S3Endpoint != "")
	c.DatabaseSessionURL = r.str("PODIUM_DATABASE_SESSION_URL", c.DatabaseURL)
	r.url("PODIUM_PUBLIC_URL", c.PublicURL, true)
	r.url("PODIUM_DATABASE_URL", c.DatabaseURL, false)
	r.url("PODIUM_DATABASE_SESSION_URL", c.DatabaseSessionURL, false)
	if c.S3Endpoint != "" {
		r.url("PODIUM_S3_ENDPOINT", c.S3Endpoint, true)
	}
	if c.S3Bucket == "" {
		r.fail("PODIUM_S3_BUCKET", "must not be empty")
	}
	if c.MaxConns > 0 && c.MaxConnsPerIP > c.MaxConns {
		r.fail("PODIUM_MAX_CONNS_PER_IP", "must not exceed PODIUM_MAX_CONNS")
	}
	if c.EventStreamsPerSession > c.EventStreamsPerUser {
		r.fail("PODIUM_EVENT_STREAMS_PER_SESSION", "must not exceed PODIUM_EVENT_STREAMS_PER_USER")
	}
	if c.MetricsAddr != "" && c.MetricsAddr == c.Addr {
		r.fail("PODIUM_METRICS_ADDR", "must differ from PODIUM_ADDR (leave it empty to serve /metrics there with PODIUM_METRICS_TOKEN)")
	}
	if c.MetricsToken != "" && len(c.MetricsToken) < 16 {
		r.fail("PODIUM_METRICS_TOKEN", "must be at least 16 characters")
	}
	if c.SessionIdle > c.SessionAbsolute {
		r.fail("PODIUM_SESSION_IDLE", "must not exceed PODIUM_SESSION_ABSOLUTE")
	}
	if r.err != nil {
		return Config{}, r.err
	}
	return c, nil
}

// SecureCookies reports whether cookies must carry the Secure flag.
func (c Config) SecureCookies() bool { return !c.Dev }

// reader collects the first error so Load stays a flat list of fields.
type reader struct {
	getenv func(string) string
	err    error
}

func (r *reader) fail(name, reason string) {
	if r.err == nil {
		r.err = &Error{Var: name, Reason: reason}
	}
}

func (r *reader) str(name, def string) string {
	if v := strings.TrimSpace(r.getenv(name)); v != "" {
		return v
	}
	return def
}

func (r *reader) boolean(name string, def bool) bool {
	v := r.str(name, "")
	if v == "" {
		return def
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		r.fail(name, fmt.Sprintf("must be true or false, got %q", v))
	}
	return b
}

func (r *reader) integer(name string, def, lo, hi int) int {
	v := r.str(name, "")
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		r.fail(name, fmt.Sprintf("must be an integer between %d and %d, got %q", lo, hi, v))
	}
	return n
}

func (r *reader) float(name string, def, lo, hi float64) float64 {
	v := r.str(name, "")
	if v == "" {
		return def
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || !(f >= lo && f <= hi) {
		r.fail(name, fmt.Sprintf("must be a number between %g and %g, got %q", lo, hi, v))
	}
	return f
}

// rate reads a throttle, "<burst> + <count>/<period>" (ratelimit.ParseRate).
func (r *reader) rate(name, def string) ratelimit.Rate {
	rt, err := ratelimit.ParseRate(r.str(name, def))
	if err != nil {
		r.fail(name, err.Error())
	}
	return rt
}

func (r *reader) duration(name string, def time.Duration) time.Duration {
	v := r.str(name, "")
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		r.fail(name, fmt.Sprintf("must be a positive duration such as 30m or 12h, got %q", v))
	}
	return d
}

func (r *reader) oneOf(name, def string, allowed ...string) string {
	v := r.str(name, def)
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	r.fail(name, fmt.Sprintf("must be one of %s, got %q", strings.Join(allowed, ", "), v))
	return def
}

func (r *reader) prefixes(name string) []netip.Prefix {
	var out []netip.Prefix
	for _, part := range strings.Split(r.str(name, ""), ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if !strings.Contains(part, "/") {
			addr, err := netip.ParseAddr(part)
			if err != nil {
				r.fail(name, fmt.Sprintf("has an invalid address %q", part))
				continue
			}
			out = append(out, netip.PrefixFrom(addr, addr.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(part)
		if err != nil {
			r.fail(name, fmt.Sprintf("has an invalid CIDR %q", part))
			continue
		}
		out = append(out, p)
	}
	return out
}

func (r *reader) url(name, v string, needHTTP bool) {
	u, err := url.Parse(v)
	// A database may also be reached on a Unix socket: postgres:///db?host=/dir.
	socket := !needHTTP && err == nil && strings.HasPrefix(u.Query().Get("host"), "/")
	if err != nil || u.Scheme == "" || (u.Host == "" && !socket) {
		r.fail(name, fmt.Sprintf("must be an absolute URL, got %q", redact(v)))
		return
	}
	if needHTTP && u.Scheme != "http" && u.Scheme != "https" {
		r.fail(name, fmt.Sprintf("must use http or https, got %q", u.Scheme))
	}
}

// redact hides a password that may sit in a URL before it reaches a message.
func redact(v string) string {
	u, err := url.Parse(v)
	if err != nil || u.User == nil {
		return v
	}
	return u.Redacted()
}
