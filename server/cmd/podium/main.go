// Command podium is the Podium server and its tools: serve the app, migrate
// the database, create a platform admin, seed a demo contest, and run the
// judging engine offline (`podium judge assign|rank|plan-reviews|combine`).
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
  seed --scale national|small [--slug S]
                                 generate a contest of that size in seconds
  sso set|list                   configure single sign-on providers
                                 (client secret from PODIUM_SSO_CLIENT_SECRET)
  verify [--format json|table] [--quick] [--workers N]
                                 check stored files against the bucket (size,
                                 SHA-256) and list orphan objects; exit 1 if any
  judge assign [--keep FILE]     assign judges to entries (JSON on stdin)
  judge rank                     rank entries from scores (JSON on stdin)
  judge plan-reviews             choose entries and judges for extra reviews
  judge combine                  combine rounds' rankings with weights
                                 (JSON on stdin)

Settings come from PODIUM_* environment variables; see README.md.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// commandUsage is each command's help, printed by "podium <cmd> --help".
var commandUsage = map[string]string{
	"serve":   "usage: podium serve\n\nRun the server: migrate the database first, then serve PODIUM_ADDR.\nSettings come from PODIUM_* environment variables; see README.md.\n",
	"migrate": "usage: podium migrate\n\nApply the database migrations (under a lock: replicas may run it together).\n",
	"admin":   "usage: podium admin create --email E [--password P]\n\nCreate or promote a platform admin; the password may come from\nPODIUM_ADMIN_PASSWORD instead of --password.\n",
	"seed":    "usage: podium seed [--if-empty]\n       podium seed --scale national|small [--slug S]\n\nCreate the demo contest, its admin and judges (--if-empty: only on a\ndatabase without accounts). With --scale, generate contest S instead:\nnational has 20,000 teams, 60,000 accounts, 12 tracks, 10,000 entries,\n500 judges and three scored rounds (see docs/benchmarks.md).\n",
	"verify":  "usage: podium verify [--format json|table] [--quick] [--workers N]\n\nCheck stored files against the bucket (size, SHA-256) and list orphan\nobjects; exit 1 if any.\n",
	"sso":     "usage: podium sso set --slug S --name N --issuer URL --client-id ID [--domains D,...] [--link-verified] [--disabled]\n       podium sso list\n\nConfigure a single sign-on provider (as on the admin page); the client\nsecret comes from PODIUM_SSO_CLIENT_SECRET. See docs/identity.md.\n",
	"judge":   "usage: podium judge assign [--keep FILE] < input.json\n       podium judge rank < input.json\n       podium judge plan-reviews < input.json\n       podium judge combine < input.json\n\nRun the judging engine offline: JSON in on stdin, JSON out on stdout.\n",
}

// wantsHelp reports whether a command's arguments ask for help (before any
// "--", which ends the flags).
func wantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help", "help":
			return true
		}
	}
	return false
}

// run dispatches a subcommand and returns the process exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	if help, ok := commandUsage[args[0]]; ok && wantsHelp(args[1:]) {
		fmt.Fprint(stdout, help)
		return 0
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
	case "sso":
		err = ssoCommand(ctx, args[1:], stdout)
	case "help", "-h", "-help", "--help":
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
