package api

import (
	"context"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// opsRoute is an operational endpoint outside /api/v1.
type opsRoute struct {
	Path    string
	Summary string
}

var opsRoutes = []opsRoute{
	{"/healthz", "Liveness: the process is up"},
	{"/readyz", "Readiness: the database and the object store answer"},
	{"/metrics", "Prometheus metrics"},
	{"/api/v1/openapi.json", "This document"},
}

// readyTimeout bounds each dependency check of /readyz.
const readyTimeout = 2 * time.Second

func (s *server) registerOps(app *fiber.App) {
	app.Get("/healthz", func(c *fiber.Ctx) error {
		return c.JSON(fiber.Map{"status": "ok"})
	})
	app.Get("/readyz", s.ready)
	app.Get("/metrics", adaptor.HTTPHandler(promhttp.HandlerFor(s.Registry, promhttp.HandlerOpts{})))
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
