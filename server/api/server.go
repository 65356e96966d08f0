// Package api is Podium's HTTP layer: it adapts the domain's use cases to a
// JSON API under /api/v1 on Fiber, serves the embedded frontend, and adds the
// cross-cutting concerns (request ids, logs, metrics, security headers,
// authentication, CSRF). It never touches SQL or S3 directly.
package api

import (
	"context"
	"io/fs"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/podium-contests/podium/server/config"
	"github.com/podium-contests/podium/server/domain"
)

// Pinger is a dependency that /readyz checks.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Deps is everything the HTTP layer needs.
type Deps struct {
	Config   config.Config
	Log      *slog.Logger
	Accounts *domain.Accounts
	Contests *domain.Contests
	Judging  *domain.Judging
	Exports  *domain.Exports
	// Privacy serves a person's data download and account deletion.
	Privacy *domain.Privacy
	// Certificates serves certificate templates, generation, downloads and
	// verification.
	Certificates *domain.Certificates
	Live         *domain.Live
	// SSO signs people in with OpenID providers.
	SSO *domain.SSO
	// ProgressStore counts judging progress; Events streams its changes.
	ProgressStore domain.ProgressStore
	Events        *Events
	// JudgeFileAccess lets assigned judges download entry files (optional).
	JudgeFileAccess domain.FileAccess
	Database        Pinger
	Blob            Pinger
	Registry        *prometheus.Registry // metrics are registered here and served at /metrics
	Frontend        fs.FS                // the built SPA (may lack index.html in tests)
}

// server carries the dependencies into handlers.
type server struct {
	Deps
	trusted trustedProxies
	// zipSlots holds a place per ZIP download being sent (maxZipStreams).
	zipSlots chan struct{}
}

// New builds the Fiber application with every route registered.
func New(d Deps) *fiber.App {
	s := &server{Deps: d, trusted: trustedProxies(d.Config.TrustedProxies), zipSlots: make(chan struct{}, maxZipStreams)}
	app := fiber.New(fiber.Config{
		AppName:               "podium",
		BodyLimit:             d.Config.BodyLimit,
		ErrorHandler:          s.handleError,
		Immutable:             true, // handlers may keep strings beyond the request
		DisableStartupMessage: true,
		ReadTimeout:           30 * time.Second,
		IdleTimeout:           2 * time.Minute,
		ReadBufferSize:        16 * 1024,
		JSONEncoder:           encodeJSON,
	})
	app.Use(s.requestID, s.recoverPanic, s.logRequests(newHTTPMetrics(d.Registry)), s.securityHeaders)
	s.registerOps(app)
	v1 := app.Group("/api/v1", s.authenticate, s.throttleAnonymous, s.checkCSRF)
	mount(v1, s.routes())
	v1.Use(func(c *fiber.Ctx) error {
		return domain.Errorf(domain.CodeNotFound, "no API route %s %s", c.Method(), c.Path())
	})
	s.registerFrontend(app)
	return app
}
