// Command podium is the Podium server and its tools: serve the app, migrate
// the database, create a platform admin, seed a demo contest, and run the
// judging engine offline (`podium judge assign|rank`).
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `usage: podium <command> [flags]

commands:
  serve                          run the server (migrates first)
  migrate                        apply database migrations
  admin create --email E [--password P]
                                 create or promote a platform admin
                                 (password may come from PODIUM_ADMIN_PASSWORD)
  seed [--if-empty]              create the demo contest
  verify [--format json|table] [--quick] [--workers N]
                                 check stored files against the bucket (size,
                                 SHA-256) and list orphan objects; exit 1 if any
  judge assign [--keep FILE]     assign judges to entries (JSON on stdin)
  judge rank                     rank entries from scores (JSON on stdin)

Settings come from PODIUM_* environment variables; see README.md.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run dispatches a subcommand and returns the process exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "serve":
		err = serve(ctx)
	case "migrate":
		err = migrate(ctx)
	case "admin":
		err = admin(ctx, args[1:], stdout)
	case "seed":
		err = seed(ctx, args[1:], stdout)
	case "judge":
		return judge(args[1:], stdin, stdout, stderr)
	case "verify":
		err = verify(ctx, args[1:], stdout)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "podium: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "podium %s: %v\n", args[0], err)
		return 1
	}
	return 0
}
