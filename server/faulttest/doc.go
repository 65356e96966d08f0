// Package faulttest breaks the services under a real `podium serve` process
// while teams work, and checks that nothing acknowledged is lost: PostgreSQL
// stopped and restarted mid-rush, the S3 server stopped and restarted during
// uploads, and the server itself killed with SIGKILL and restarted. It also
// floods a real server, under a low open-file limit, with idle keep-alive
// connections (it must keep serving), and checks that `make run`
// (deploy/local/run.sh) restarts a server that died without stopping the
// services.
//
// The tests need the environment of `make test` (deploy/local/test.sh):
// PODIUM_SERVICES (the services script), PODIUM_PG_BIN and
// PODIUM_VERSITYGW. They start their own private PostgreSQL cluster and
// versitygw with that script, on their own ports and directories, so that
// stopping them cannot disturb the other test packages that share the
// services of `make test`. Without that environment they fail, naming what
// is missing; they never skip.
package faulttest
