#!/usr/bin/env bash
# make run: start (or reuse) the local services under .data/, write
# .data/env, migrate, seed a demo contest when the database is empty, and
# serve bin/podium in the foreground, restarting it if it dies. Ctrl-C (or
# SIGTERM) stops the server and every service this script started; the data
# stays for the next run.
#
# Already have PostgreSQL or S3? Set PODIUM_DATABASE_URL and/or
# PODIUM_S3_ENDPOINT (with PODIUM_S3_ACCESS_KEY / PODIUM_S3_SECRET_KEY) and
# the matching local service is not started (the values written to .data/env
# by an earlier run still start the local services). See
# deploy/local/README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
# shellcheck source=deploy/local/services.sh
. "$ROOT/deploy/local/services.sh"

DATA_DIR="${PODIUM_DATA_DIR:-$ROOT/.data}"
PG_PORT="${PODIUM_PG_PORT:-54329}"
S3_PORT="${PODIUM_S3_PORT:-7070}"
# The development OpenID provider (Ory Hydra): issuer on HYDRA_PORT, admin
# API on HYDRA_ADMIN_PORT, its login and consent app on DEVIDP_PORT.
# PODIUM_DEV_SSO=false starts none of them.
HYDRA_PORT="${PODIUM_HYDRA_PORT:-4444}"
HYDRA_ADMIN_PORT="${PODIUM_HYDRA_ADMIN_PORT:-4445}"
DEVIDP_PORT="${PODIUM_DEVIDP_PORT:-4446}"
DEV_SSO="${PODIUM_DEV_SSO:-true}"
PODIUM="${PODIUM_BIN:-$ROOT/bin/podium}"
DEVIDP="${PODIUM_DEVIDP_BIN:-$ROOT/bin/podium-devidp}"

log() { printf '[run] %s\n' "$*" >&2; }
die() {
	printf '[run] ERROR: %s\n' "$*" >&2
	exit 1
}

[[ -x "$PODIUM" ]] || die "$PODIUM not found: run 'make run' (it builds it) or 'make build'"

mkdir -p "$DATA_DIR"
DATA_DIR="$(cd "$DATA_DIR" && pwd)"

# --- Stop what we started, whatever way we leave -------------------------

SERVER_PID=
SLEEP_PID=
DEVIDP_PID=
OWN_PG=0
OWN_S3=0
OWN_HYDRA=0

# shellcheck disable=SC2317  # invoked by trap
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	if [[ -n "$SLEEP_PID" ]]; then kill "$SLEEP_PID" 2>/dev/null || true; fi
	if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
		log "stopping podium (pid $SERVER_PID)"
		kill -TERM "$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" 2>/dev/null || true
	fi
	if [[ -n "$DEVIDP_PID" ]]; then kill -TERM "$DEVIDP_PID" 2>/dev/null || true; fi
	if [[ $OWN_HYDRA == 1 ]]; then hydra_stop "$DATA_DIR/hydra" || true; fi
	if [[ $OWN_S3 == 1 ]]; then s3_stop "$DATA_DIR/s3" || true; fi
	if [[ $OWN_PG == 1 ]]; then pg_stop "$DATA_DIR/postgres" || true; fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- Services ---------------------------------------------------------------

# The local URLs: a shell that sourced .data/env has them set already, and
# they still mean "start the local service".
LOCAL_DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/podium?sslmode=disable"
LOCAL_S3_ENDPOINT="http://127.0.0.1:$S3_PORT"

if [[ -n "${PODIUM_DATABASE_URL:-}" && "$PODIUM_DATABASE_URL" != "$LOCAL_DATABASE_URL" ]]; then
	log "PODIUM_DATABASE_URL is set: using that database, not starting PostgreSQL"
else
	pg_start "$DATA_DIR/postgres" "$PG_PORT"
	OWN_PG=$PG_STARTED
	pg_createdb "$PG_PORT" podium
	PODIUM_DATABASE_URL=$LOCAL_DATABASE_URL
fi

: "${PODIUM_S3_REGION:=us-east-1}"
: "${PODIUM_S3_BUCKET:=podium}"
: "${PODIUM_S3_ACCESS_KEY:=podium}"
: "${PODIUM_S3_SECRET_KEY:=podium-dev-secret}"
if [[ -n "${PODIUM_S3_ENDPOINT:-}" && "$PODIUM_S3_ENDPOINT" != "$LOCAL_S3_ENDPOINT" ]]; then
	log "PODIUM_S3_ENDPOINT is set: using $PODIUM_S3_ENDPOINT, not starting versitygw"
else
	s3_start "$DATA_DIR/s3" "$S3_PORT" "$PODIUM_S3_ACCESS_KEY" "$PODIUM_S3_SECRET_KEY" "$PODIUM_S3_REGION"
	OWN_S3=$S3_STARTED
	PODIUM_S3_ENDPOINT=$LOCAL_S3_ENDPOINT
fi

: "${PODIUM_ADDR:=:8080}"
: "${PODIUM_PUBLIC_URL:=http://localhost:8080}"
: "${PODIUM_DEV:=true}"

export PODIUM_DATABASE_URL PODIUM_S3_ENDPOINT PODIUM_S3_REGION PODIUM_S3_BUCKET \
	PODIUM_S3_ACCESS_KEY PODIUM_S3_SECRET_KEY PODIUM_ADDR PODIUM_PUBLIC_URL PODIUM_DEV

# --- .data/env: the settings used, for `. .data/env` in another shell -------

# shell_quote VALUE: VALUE as is when it is a plain word, else single-quoted.
shell_quote() {
	if [[ "$1" =~ ^[A-Za-z0-9_./:@%+,=-]+$ ]]; then
		printf '%s' "$1"
	else
		printf "'%s'" "${1//\'/\'\\\'\'}"
	fi
}

ENV_FILE="$DATA_DIR/env"
# Variables read by these scripts only, or secrets that do not belong in a file.
SCRIPT_ONLY_VARS='^PODIUM_(DATA_DIR|BIN|PG_.*|S3_PORT|VERSITYGW|HYDRA.*|DEVIDP.*|DEV_SSO|SSO_CLIENT_SECRET|ADMIN_PASSWORD|TEST_.*)$'
{
	echo "# Written by make run (deploy/local/run.sh). Use: . .data/env"
	while IFS= read -r name; do
		printf 'export %s=%s\n' "$name" "$(shell_quote "${!name}")"
	done < <(compgen -e | grep '^PODIUM_' | grep -v -E "$SCRIPT_ONLY_VARS" | sort)
} >"$ENV_FILE.tmp"
chmod 600 "$ENV_FILE.tmp"
mv "$ENV_FILE.tmp" "$ENV_FILE"
log "settings written to ${ENV_FILE#"$ROOT"/} (use: . ${ENV_FILE#"$ROOT"/})"

# --- Podium -----------------------------------------------------------------

log "bin/podium migrate"
"$PODIUM" migrate
log "bin/podium seed --if-empty"
"$PODIUM" seed --if-empty

# --- The development OpenID provider ------------------------------------------
# Hydra on its own database of the local PostgreSQL, the dev login app
# (bin/podium-devidp: sign in as whoever you type), the client "podium-dev"
# registered there and the provider "dev" configured in Podium: the sign-in
# page offers "Development sign-in". See docs/identity.md.
if [[ "$DEV_SSO" == true && -n "${PG_PORT:-}" && "$PODIUM_DATABASE_URL" == "$LOCAL_DATABASE_URL" ]]; then
	[[ -x "$DEVIDP" ]] || die "$DEVIDP not found: run 'make run' (it builds it)"
	hydra_pid "$DATA_DIR/hydra" >/dev/null || OWN_HYDRA=1
	hydra_start "$DATA_DIR/hydra" "$HYDRA_PORT" "$HYDRA_ADMIN_PORT" "$PG_PORT" "http://127.0.0.1:$DEVIDP_PORT"
	if svc_port_in_use "$DEVIDP_PORT"; then
		die "cannot start the dev login app: port 127.0.0.1:$DEVIDP_PORT is in use (set PODIUM_DEVIDP_PORT)"
	fi
	"$DEVIDP" serve --admin "http://127.0.0.1:$HYDRA_ADMIN_PORT" --addr "127.0.0.1:$DEVIDP_PORT" >>"$DATA_DIR/hydra/devidp.log" 2>&1 &
	DEVIDP_PID=$!
	[[ -f "$DATA_DIR/hydra/client-secret" ]] || head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$DATA_DIR/hydra/client-secret"
	PODIUM_DEVIDP_CLIENT_SECRET="$(<"$DATA_DIR/hydra/client-secret")" \
		"$DEVIDP" client --admin "http://127.0.0.1:$HYDRA_ADMIN_PORT" --id podium-dev \
		--redirect "${PODIUM_PUBLIC_URL%/}/api/v1/auth/oidc/callback"
	PODIUM_SSO_CLIENT_SECRET="$(<"$DATA_DIR/hydra/client-secret")" \
		"$PODIUM" sso set --slug dev --name "Development sign-in" --issuer "http://127.0.0.1:$HYDRA_PORT/" --client-id podium-dev
fi

# The server is restarted whenever it exits: the services stay up (a crash of
# the application must not take the database down with it). The pause before
# a restart doubles from 1 s up to a minute, and starts over once the server
# has run for a minute.
RESTART_MIN=1
RESTART_MAX=60
pause=$RESTART_MIN
while :; do
	log "bin/podium serve on $PODIUM_ADDR ($PODIUM_PUBLIC_URL) — Ctrl-C to stop"
	started=$SECONDS
	"$PODIUM" serve &
	SERVER_PID=$!
	set +e
	wait "$SERVER_PID"
	rc=$?
	set -e
	SERVER_PID=
	if ((SECONDS - started >= RESTART_MAX)); then pause=$RESTART_MIN; fi
	log "podium exited with status $rc; restarting it in ${pause}s (Ctrl-C stops everything)"
	# In the background, so that Ctrl-C is handled at once.
	sleep "$pause" &
	SLEEP_PID=$!
	wait "$SLEEP_PID" || true
	SLEEP_PID=
	pause=$((pause * 2 > RESTART_MAX ? RESTART_MAX : pause * 2))
done
