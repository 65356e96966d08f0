// Package migrations holds Podium's numbered SQL migrations, embedded so that
// the binary can apply them itself (`podium migrate` and on `serve` start).
package migrations

import "embed"

// FS holds every *.sql migration in goose format.
//
//go:embed *.sql
var FS embed.FS
