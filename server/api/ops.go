package api

import (
	"context"
	"crypto/subtle"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/podium-contests/podium/server/domain"
)

// opsRoute is an operational endpoint outside /api/v1.
type opsRoute struct {
	Path    string
	Summary string
}

var opsRoutes = []opsRoute{
	{"/healthz", "Liveness: the process is up"},
	{"/readyz", "Readiness: the database and the object store answer"},
	{"/metrics", "Prometheus metrics: only with PODIUM_METRICS_TOKEN as a bearer token, and not here at all when PODIUM_METRICS_ADDR is set"},
	{"/api/v1/openapi.json", "This document"},
}

// readyTimeout bounds each dependency check of /readyz.
const readyTimeout = 2 * time.Second

func (s *server) registerOps(app *fiber.App) {
	app.Get("/healthz", func(c *fiber.Ctx) error {
		return c.JSON(fiber.Map{"status": "ok"})
	})
	app.Get("/readyz", s.ready)
	app.Get("/metrics", s.metrics(adaptor.HTTPHandler(MetricsHandler(s.Registry))))
	app.Get("/api/v1/openapi.json", s.serveOpenAPI)
}

// ready checks the database and the object store in parallel and names
// each one that fails.
func (s *server) ready(c *fiber.Ctx) error {
	checks := map[string]Pinger{"database": s.Database, "object_store": s.Blob}
	failed := map[string]string{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	parent := c.UserContext() // read once: Fiber sets it lazily, which would race
	for name, p := range checks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(parent, readyTimeout)
			defer cancel()
			if err := p.Ping(ctx); err != nil {
				mu.Lock()
				failed[name] = "unreachable"
				mu.Unlock()
				s.Log.Warn("readiness check failed", "dependency", name, "err", err)
			}
		}()
	}
	wg.Wait()
	if len(failed) > 0 {
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "unavailable", "failed": failed})
	}
	return c.JSON(fiber.Map{"status": "ok"})
}

// MetricsHandler serves the registry's metrics in the Prometheus format (on
// PODIUM_METRICS_ADDR, or behind the token on the main address).
func MetricsHandler(reg *prometheus.Registry) http.Handler {
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{})
}

// metrics guards /metrics on the main address, which the internet may reach:
// the metrics name routes, counts and the process's internals. It answers
// 404 when they are served on their own address or no token is set, and
// 401 without the token.
func (s *server) metrics(serve fiber.Handler) fiber.Handler {
	token := s.Config.MetricsToken
	return func(c *fiber.Ctx) error {
		if s.Config.MetricsAddr != "" || token == "" {
			return domain.Errorf(domain.CodeNotFound, "metrics are not served on this address")
		}
		got, ok := strings.CutPrefix(c.Get(fiber.HeaderAuthorization), "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(token)) != 1 {
			return domain.Errorf(domain.CodeUnauthorized, "metrics need the bearer token PODIUM_METRICS_TOKEN")
		}
		return serve(c)
	}
}
