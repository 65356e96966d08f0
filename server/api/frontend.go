package api

import (
	"errors"
	"io/fs"
	"mime"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// registerFrontend serves the single-page app: hashed assets are cached for
// a year, other files for an hour, and any other path gets index.html (never
// cached) so that client-side routes work on a full page load.
func (s *server) registerFrontend(app *fiber.App) {
	if s.Frontend == nil {
		return
	}
	index, err := fs.ReadFile(s.Frontend, "index.html")
	if err != nil {
		index = []byte("<!doctype html><title>Podium</title><p>The frontend is not built: run <code>make build</code>.</p>")
	}
	app.Get("/*", func(c *fiber.Ctx) error {
		if strings.HasPrefix(c.Path(), "/api/") {
			return fiber.ErrNotFound
		}
		name := strings.TrimPrefix(path.Clean(c.Path()), "/")
		if b, err := fs.ReadFile(s.Frontend, name); err == nil && name != "index.html" {
			if strings.HasPrefix(name, "assets/") {
				c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
			} else {
				c.Set(fiber.HeaderCacheControl, "public, max-age=3600")
			}
			c.Set(fiber.HeaderContentType, contentType(name))
			return c.Send(b)
		} else if err != nil && !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, fs.ErrInvalid) && !isDirErr(err) {
			return err
		}
		c.Set(fiber.HeaderCacheControl, "no-cache")
		c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
		return c.Send(index)
	})
}

func contentType(name string) string {
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return fiber.MIMEOctetStream
}

// isDirErr reports the error of reading a directory as a file.
func isDirErr(err error) bool {
	var pe *fs.PathError
	return errors.As(err, &pe) && strings.Contains(pe.Err.Error(), "directory")
}
