#!/usr/bin/env bash
# shellcheck disable=SC2034  # PG_STARTED/S3_STARTED are read by the scripts that source this file
# Local services for Podium: a private PostgreSQL 15 cluster and a versitygw S3
# server with a POSIX backend, both bound to 127.0.0.1.
#
# Sourced by run.sh (make run) and test.sh (make test) so that both start the
# services the same way, and callable as a command so that tests can stop and
# restart a service mid-run (fault tests):
#
#   services.sh pg-start DIR PORT        init (when empty) and start a cluster
#   services.sh pg-stop DIR              stop it (fast shutdown)
#   services.sh pg-createdb PORT NAME    create a database unless it exists
#   services.sh s3-start DIR PORT ACCESS SECRET [REGION]
#   services.sh s3-stop DIR
#   services.sh hydra-start DIR PUBLIC_PORT ADMIN_PORT PG_PORT LOGIN_URL
#   services.sh hydra-stop DIR
#   services.sh free-port                print a free TCP port on 127.0.0.1
#
# State kept next to each service (so a restart by another process is still
# found and stopped by the script that started the first instance):
#   PostgreSQL: DIR/postmaster.pid (its own), log in DIR/server.log
#   versitygw:  DIR.pid, log in DIR.log, metadata sidecar .NAME-meta beside
#               DIR (only on filesystems without user xattrs)
#
# Settings read from the environment:
#   PODIUM_PG_BIN     PostgreSQL binaries (default /usr/lib/postgresql/15/bin)
#   PODIUM_VERSITYGW  versitygw binary (default <repo>/.bin/versitygw)
#   PODIUM_HYDRA      Ory Hydra binary, the development OpenID provider
#                     (default <repo>/.bin/hydra, built by 'make hydra')
#   PODIUM_PG_USER    system user that runs PostgreSQL when we are root
#                     (default postgres; PostgreSQL refuses to run as root)
#   PODIUM_S3_NICE    CPU niceness of versitygw (default 10): on one machine
#                     the object store's bulk transfers yield the CPU to the
#                     API and the database, whose requests people wait on
#                     (set on its session's scheduling group too, see
#                     _nice_autogroup)
#
# Every function fails loudly (message plus the service's log tail) instead of
# skipping.

# Guard against being sourced twice.
# shellcheck disable=SC2317  # exit is reached only when executed, not sourced
if [[ -n "${_PODIUM_SERVICES_LOADED:-}" ]]; then
	return 0 2>/dev/null || exit 0
fi
_PODIUM_SERVICES_LOADED=1

# Set by pg_start / s3_start for the caller: 1 when that call started the
# service (so the caller should stop it), 0 when it reused a running one.
PG_STARTED=0 S3_STARTED=0

SERVICES_SH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
SERVICES_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

: "${PODIUM_PG_BIN:=/usr/lib/postgresql/15/bin}"
: "${PODIUM_VERSITYGW:=$SERVICES_REPO_ROOT/.bin/versitygw}"
: "${PODIUM_HYDRA:=$SERVICES_REPO_ROOT/.bin/hydra}"
: "${PODIUM_PG_USER:=postgres}"
: "${PODIUM_S3_NICE:=10}"

# How long to wait for a service to answer, in seconds.
SVC_START_TIMEOUT="${SVC_START_TIMEOUT:-60}"

svc_log() { printf '[services] %s\n' "$*" >&2; }

svc_die() {
	printf '[services] ERROR: %s\n' "$*" >&2
	exit 1
}

# svc_tail FILE: print the last lines of a log file, for error messages.
svc_tail() {
	if [[ -f "$1" ]]; then
		printf '[services] ---- last lines of %s ----\n' "$1" >&2
		tail -n 30 "$1" >&2 || true
		printf '[services] ---- end of %s ----\n' "$1" >&2
	else
		printf '[services] (no log file at %s)\n' "$1" >&2
	fi
}

# svc_abspath PATH: absolute form of PATH (PATH need not exist yet).
svc_abspath() {
	local p=$1
	[[ "$p" == /* ]] || p="$PWD/$p"
	# Drop trailing slashes; keep "/" itself.
	while [[ "$p" == */ && "$p" != / ]]; do p=${p%/}; done
	printf '%s\n' "$p"
}

# svc_port_in_use PORT: true when something accepts connections on 127.0.0.1:PORT.
svc_port_in_use() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# svc_free_port [EXCLUDED_PORT...]: print a TCP port on 127.0.0.1 that nothing
# listens on. Ports come from 20000-31999, below Linux's ephemeral range, so an
# outgoing connection will not grab one between this check and the bind.
svc_free_port() {
	local port i ex taken
	for ((i = 0; i < 500; i++)); do
		port=$((20000 + RANDOM % 12000))
		taken=
		for ex in "$@"; do
			[[ "$ex" == "$port" ]] && taken=1
		done
		[[ -n "$taken" ]] && continue
		if ! svc_port_in_use "$port"; then
			printf '%s\n' "$port"
			return 0
		fi
	done
	svc_die "no free TCP port found on 127.0.0.1"
}

# svc_http_ok URL: true when URL answers with a 2xx status.
svc_http_ok() {
	curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null
}

svc_need_curl() {
	command -v curl >/dev/null 2>&1 ||
		svc_die "curl is required (apt-get install curl, or run 'make tools' as root)"
}

# ---------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------

# _pg_as_owner CMD...: run a PostgreSQL server binary as the cluster's owner:
# ourselves, or the postgres system user when we are root. Runs from / so
# that an unreadable current directory (e.g. under /root) does not matter.
_pg_as_owner() {
	if [[ "$(id -u)" == 0 ]]; then
		(cd / && runuser -u "$PODIUM_PG_USER" -- "$@")
	else
		(cd / && "$@")
	fi
}

_pg_check_bin() {
	[[ -x "$PODIUM_PG_BIN/pg_ctl" && -x "$PODIUM_PG_BIN/initdb" && -x "$PODIUM_PG_BIN/postgres" ]] ||
		svc_die "PostgreSQL 15 binaries not found in $PODIUM_PG_BIN (apt-get install postgresql-15, run 'make tools' as root, or set PODIUM_PG_BIN)"
}

# _pg_make_reachable DIR: as root, make sure the postgres user can reach DIR:
# every ancestor must be searchable (x) by others. Ancestors that are not get
# o+x (search only: nobody can list them), with a notice.
_pg_make_reachable() {
	local dir=$1 p
	[[ "$(id -u)" == 0 ]] || return 0
	if ! id -u "$PODIUM_PG_USER" >/dev/null 2>&1; then
		svc_log "creating system user '$PODIUM_PG_USER' to run PostgreSQL (it refuses to run as root)"
		useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$PODIUM_PG_USER" ||
			svc_die "could not create system user '$PODIUM_PG_USER'"
	fi
	p=$(dirname "$dir")
	while [[ "$p" != / ]]; do
		if ! runuser -u "$PODIUM_PG_USER" -- test -x "$p" 2>/dev/null; then
			svc_log "granting search permission (chmod o+x) on $p so that user '$PODIUM_PG_USER' can reach $dir"
			chmod o+x "$p" || svc_die "could not chmod o+x $p"
		fi
		p=$(dirname "$p")
	done
}

# pg_is_running DIR: true when a postmaster runs on the cluster in DIR.
pg_is_running() {
	local dir
	dir=$(svc_abspath "$1")
	[[ -f "$dir/postmaster.pid" ]] || return 1
	_pg_as_owner "$PODIUM_PG_BIN/pg_ctl" -D "$dir" status >/dev/null 2>&1
}

# pg_start DIR PORT: initialise a cluster in DIR when it is empty, then start
# it on 127.0.0.1:PORT and wait until it accepts connections. Sets
# PG_STARTED=1 when this call started the server, PG_STARTED=0 when one was
# already running on DIR (then it is left alone and reused).
pg_start() {
	local dir port sock conf
	[[ $# -eq 2 ]] || svc_die "usage: pg_start DIR PORT"
	dir=$(svc_abspath "$1")
	port=$2
	PG_STARTED=0
	_pg_check_bin

	mkdir -p "$dir"
	_pg_make_reachable "$dir"
	if [[ "$(id -u)" == 0 ]]; then
		if ! chown "$PODIUM_PG_USER:" "$dir" || ! chmod 700 "$dir"; then
			svc_die "could not hand $dir to user '$PODIUM_PG_USER'"
		fi
	else
		chmod 700 "$dir"
	fi

	if [[ ! -f "$dir/PG_VERSION" ]]; then
		svc_log "initialising PostgreSQL cluster in $dir"
		if ! _pg_as_owner "$PODIUM_PG_BIN/initdb" -D "$dir" --auth=trust -U postgres \
			--encoding=UTF8 --locale=C.UTF-8 >"$dir.initdb.log" 2>&1; then
			svc_tail "$dir.initdb.log"
			svc_die "initdb failed for $dir (is the directory empty and writable?)"
		fi
		rm -f "$dir.initdb.log"
		printf "\n# Podium: local settings, rewritten at every start.\ninclude_if_exists = 'podium.conf'\n" >>"$dir/postgresql.conf"
	fi

	if pg_is_running "$dir"; then
		svc_log "PostgreSQL already running on $dir; reusing it (it will be left running)"
		_pg_wait_ready "$dir" "$port"
		return 0
	fi

	if svc_port_in_use "$port"; then
		svc_die "cannot start PostgreSQL: port 127.0.0.1:$port is already in use by another program"
	fi

	# The unix socket lives in the data dir; a socket path is limited to 107
	# bytes, so with a very deep DIR we listen on TCP only.
	sock=$dir
	if ((${#dir} + 20 > 107)); then
		sock=
	fi
	conf="$dir/podium.conf"
	{
		echo "# Written by deploy/local/services.sh at every start."
		echo "listen_addresses = '127.0.0.1'"
		echo "port = $port"
		echo "unix_socket_directories = '${sock//\'/\'\'}'"
		echo "max_connections = 200"
		echo "fsync = on"
		echo "synchronous_commit = on"
		echo "full_page_writes = on"
		# SSD storage, as docs/scaling.md recommends for every database:
		# with the spinning-disk default of 4 the planner prefers reading a
		# small table whole to a few index lookups.
		echo "random_page_cost = 1.1"
		echo "log_min_messages = warning"
		echo "log_connections = off"
	} >"$conf"
	if [[ "$(id -u)" == 0 ]]; then
		chown "$PODIUM_PG_USER:" "$conf"
	fi

	svc_log "starting PostgreSQL on 127.0.0.1:$port (data: $dir)"
	if ! _pg_as_owner "$PODIUM_PG_BIN/pg_ctl" -D "$dir" -l "$dir/server.log" \
		-w -t "$SVC_START_TIMEOUT" start >/dev/null; then
		svc_tail "$dir/server.log"
		svc_die "PostgreSQL did not start (data: $dir, port: $port)"
	fi
	PG_STARTED=1
	_pg_wait_ready "$dir" "$port"
}

# _pg_wait_ready DIR PORT: wait until the server accepts TCP connections.
_pg_wait_ready() {
	local dir=$1 port=$2 i
	for ((i = 0; i < SVC_START_TIMEOUT * 5; i++)); do
		if "$PODIUM_PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres; then
			return 0
		fi
		sleep 0.2
	done
	svc_tail "$dir/server.log"
	svc_die "PostgreSQL on 127.0.0.1:$port did not become ready within ${SVC_START_TIMEOUT}s"
}

# pg_stop DIR: fast shutdown of the cluster in DIR (no-op when not running).
pg_stop() {
	local dir
	dir=$(svc_abspath "$1")
	pg_is_running "$dir" || return 0
	svc_log "stopping PostgreSQL ($dir)"
	_pg_as_owner "$PODIUM_PG_BIN/pg_ctl" -D "$dir" -m fast -w -t "$SVC_START_TIMEOUT" stop >/dev/null ||
		{
			svc_tail "$dir/server.log"
			svc_log "WARNING: PostgreSQL in $dir did not stop cleanly"
			return 1
		}
}

# pg_psql PORT [PSQL_ARGS...]: psql as the superuser over TCP.
pg_psql() {
	local port=$1
	shift
	PGOPTIONS="-c client_min_messages=warning" "$PODIUM_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres "$@"
}

# pg_createdb PORT NAME: create database NAME unless it exists.
pg_createdb() {
	local port=$1 name=$2 exists
	[[ "$name" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || svc_die "invalid database name: $name"
	exists=$(pg_psql "$port" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'") ||
		svc_die "cannot query PostgreSQL on 127.0.0.1:$port"
	if [[ "$exists" != 1 ]]; then
		svc_log "creating database $name"
		pg_psql "$port" -d postgres -c "CREATE DATABASE \"$name\"" ||
			svc_die "could not create database $name on 127.0.0.1:$port"
	fi
}

# pg_dropdb PORT NAME: drop database NAME if it exists.
pg_dropdb() {
	local port=$1 name=$2
	[[ "$name" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || svc_die "invalid database name: $name"
	pg_psql "$port" -d postgres -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" ||
		svc_die "could not drop database $name on 127.0.0.1:$port"
}

# ---------------------------------------------------------------------------
# versitygw (S3)
# ---------------------------------------------------------------------------

# s3_pid DIR: print the pid of the versitygw serving DIR, if it runs.
s3_pid() {
	svc_pid_file "$(svc_abspath "$1").pid" versitygw
}

# svc_pid_file FILE NAME: print the pid recorded in FILE if that process
# runs and is NAME (a guard against a recycled pid).
svc_pid_file() {
	local pid
	[[ -f "$1" ]] || return 1
	pid=$(<"$1")
	[[ "$pid" =~ ^[0-9]+$ ]] || return 1
	kill -0 "$pid" 2>/dev/null || return 1
	grep -q "$2" "/proc/$pid/cmdline" 2>/dev/null || return 1
	printf '%s\n' "$pid"
}

# s3_start DIR PORT ACCESS SECRET [REGION]: serve DIR (one sub-directory per
# bucket) over S3 on 127.0.0.1:PORT and wait until it answers HTTP. Sets
# S3_STARTED=1 when this call started it, 0 when it was already running.
#
# The POSIX backend keeps object metadata in user xattrs. On a filesystem
# without them (e.g. tmpfs on older kernels) versitygw refuses to start; we
# then use its sidecar mode, which keeps metadata in .NAME-meta next to DIR
# (NAME being DIR's base name). Once that directory exists it is always used,
# so the data stays consistent.
s3_start() {
	local dir port access secret region pid i meta metadir attempt
	[[ $# -ge 4 ]] || svc_die "usage: s3_start DIR PORT ACCESS SECRET [REGION]"
	dir=$(svc_abspath "$1")
	port=$2 access=$3 secret=$4 region=${5:-us-east-1}
	S3_STARTED=0
	svc_need_curl
	[[ -x "$PODIUM_VERSITYGW" ]] ||
		svc_die "versitygw not found at $PODIUM_VERSITYGW (run 'make tools')"

	if pid=$(s3_pid "$dir"); then
		svc_log "versitygw already running on $dir (pid $pid); reusing it (it will be left running)"
		_s3_wait_ready "$dir" "$port" "$pid"
		return 0
	fi
	if svc_port_in_use "$port"; then
		svc_die "cannot start versitygw: port 127.0.0.1:$port is already in use by another program"
	fi

	mkdir -p "$dir"
	# Not DIR.meta: versitygw rejects any sidecar path that starts with DIR.
	metadir="$(dirname "$dir")/.$(basename "$dir")-meta"
	meta=
	[[ -d "$metadir" ]] && meta=$metadir
	for attempt in 1 2; do
		_s3_launch "$dir" "$port" "$access" "$secret" "$region" "$meta"
		pid=$(<"$dir.pid")
		for ((i = 0; i < SVC_START_TIMEOUT * 5; i++)); do
			if svc_http_ok "http://127.0.0.1:$port/health"; then
				S3_STARTED=1
				svc_log "versitygw ready on http://127.0.0.1:$port (pid $pid)"
				return 0
			fi
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.2
		done
		if kill -0 "$pid" 2>/dev/null; then
			kill "$pid" 2>/dev/null || true
			svc_tail "$dir.log"
			svc_die "versitygw on 127.0.0.1:$port did not answer within ${SVC_START_TIMEOUT}s"
		fi
		wait "$pid" 2>/dev/null || true
		rm -f "$dir.pid"
		if [[ $attempt == 1 && -z "$meta" ]] && grep -q "xattr check failed" "$dir.log" 2>/dev/null; then
			svc_log "filesystem of $dir has no user xattrs; using versitygw sidecar metadata in $metadir"
			meta=$metadir
			mkdir -p "$meta"
			continue
		fi
		break
	done
	svc_tail "$dir.log"
	svc_die "versitygw exited at start (dir: $dir, port: $port)"
}

# _nice_autogroup PID NICE: give the session PID leads the CPU weight of
# NICE. With the kernel's autogroup scheduling (the default on desktop and
# many server kernels, /proc/sys/kernel/sched_autogroup_enabled), each
# session competes as one group, and a niceness set on a process inside its
# own session (versitygw's, from setsid) weighs only against that session's
# other processes: versitygw would still take an equal share of the CPU
# against the session of the API and the one of PostgreSQL. The group's
# niceness is what counts there. Waits until PID leads its session (setsid
# has run), so that the caller's own group is never the one reniced.
_nice_autogroup() {
	local pid=$1 nice=$2 i sid
	[[ -w /proc/$pid/autogroup ]] || return 0
	for ((i = 0; i < 50; i++)); do
		sid=$(ps -o sid= -p "$pid" 2>/dev/null | tr -d ' ') || return 0
		if [[ "$sid" == "$pid" ]]; then
			echo "$nice" >"/proc/$pid/autogroup" 2>/dev/null || true
			return 0
		fi
		sleep 0.1
	done
}

# _s3_launch DIR PORT ACCESS SECRET REGION META: start versitygw in the
# background (in its own session, so a Ctrl-C in the terminal reaches only the
# scripts, which then stop it in order) and record its pid in DIR.pid.
_s3_launch() {
	local dir=$1 port=$2 access=$3 secret=$4 region=$5 meta=$6
	local -a cmd posix_opts=()
	[[ -n "$meta" ]] && posix_opts+=(--sidecar "$meta")
	# Started under nice so that every thread of it inherits the niceness.
	cmd=(nice -n "$PODIUM_S3_NICE" "$PODIUM_VERSITYGW" --access "$access" --secret "$secret" --region "$region"
		--port "127.0.0.1:$port" --health /health --quiet
		posix "${posix_opts[@]}" "$dir")
	if command -v setsid >/dev/null 2>&1; then
		cmd=(setsid "${cmd[@]}")
	fi
	svc_log "starting versitygw on 127.0.0.1:$port (data: $dir)"
	# The secret is passed on the command line only for local development and
	# test keys; it is visible in ps to this machine's users.
	"${cmd[@]}" </dev/null >>"$dir.log" 2>&1 &
	printf '%s\n' "$!" >"$dir.pid"
	_nice_autogroup "$!" "$PODIUM_S3_NICE"
}

# _s3_wait_ready DIR PORT PID
_s3_wait_ready() {
	local dir=$1 port=$2 pid=$3 i
	for ((i = 0; i < SVC_START_TIMEOUT * 5; i++)); do
		svc_http_ok "http://127.0.0.1:$port/health" && return 0
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.2
	done
	svc_tail "$dir.log"
	svc_die "versitygw (pid $pid) does not answer on 127.0.0.1:$port"
}

# svc_stop_pid NAME PID: stop the service NAME running as PID: SIGTERM, then
# SIGKILL if it is still there after 10 s.
svc_stop_pid() {
	local name=$1 pid=$2 i
	svc_log "stopping $name (pid $pid)"
	kill -TERM "$pid" 2>/dev/null || true
	for ((i = 0; i < 100; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		svc_log "$name (pid $pid) ignored SIGTERM for 10s; killing it"
		kill -KILL "$pid" 2>/dev/null || true
	fi
}

# s3_stop DIR: stop the versitygw serving DIR (no-op when not running).
s3_stop() {
	local dir pid
	dir=$(svc_abspath "$1")
	if ! pid=$(s3_pid "$dir"); then
		rm -f "$dir.pid"
		return 0
	fi
	svc_stop_pid versitygw "$pid"
	rm -f "$dir.pid"
}

# ---------------------------------------------------------------------------
# Ory Hydra (the development and test OpenID provider)
# ---------------------------------------------------------------------------

# hydra_pid DIR: print the pid of the Hydra whose state is in DIR, if it runs.
hydra_pid() {
	svc_pid_file "$(svc_abspath "$1")/hydra.pid" hydra
}

# hydra_start DIR PUBLIC_PORT ADMIN_PORT PG_PORT LOGIN_URL: serve an OpenID
# provider on 127.0.0.1 (issuer http://127.0.0.1:PUBLIC_PORT/, admin API on
# ADMIN_PORT) backed by the database "hydra" of the PostgreSQL on PG_PORT
# (created and migrated with 'hydra migrate sql up'). LOGIN_URL is the
# login and consent app (LOGIN_URL/login, LOGIN_URL/consent): the dev login
# app for make run; the tests accept both steps through the admin API and
# never open it. Telemetry is off: nothing leaves the machine. Its settings
# and log are in DIR.
hydra_start() {
	local dir public admin pgport login pid i
	[[ $# -ge 5 ]] || svc_die "usage: hydra_start DIR PUBLIC_PORT ADMIN_PORT PG_PORT LOGIN_URL"
	dir=$(svc_abspath "$1")
	public=$2 admin=$3 pgport=$4 login=$5
	svc_need_curl
	[[ -x "$PODIUM_HYDRA" ]] || svc_die "hydra not found at $PODIUM_HYDRA (run 'make hydra')"
	if pid=$(hydra_pid "$dir"); then
		svc_log "hydra already running for $dir (pid $pid); reusing it"
		return 0
	fi
	for i in "$public" "$admin"; do
		svc_port_in_use "$i" && svc_die "cannot start hydra: port 127.0.0.1:$i is already in use"
	done
	mkdir -p "$dir"
	pg_createdb "$pgport" hydra
	[[ -f "$dir/secret" ]] || head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$dir/secret"
	cat >"$dir/hydra.env" <<ENV
DSN='postgres://postgres@127.0.0.1:$pgport/hydra?sslmode=disable&max_conns=4'
URLS_SELF_ISSUER='http://127.0.0.1:$public/'
URLS_LOGIN='$login/login'
URLS_CONSENT='$login/consent'
SECRETS_SYSTEM='$(<"$dir/secret")'
SERVE_PUBLIC_HOST=127.0.0.1
SERVE_PUBLIC_PORT=$public
SERVE_ADMIN_HOST=127.0.0.1
SERVE_ADMIN_PORT=$admin
LOG_LEVEL=warn
SQA_OPT_OUT=true
ENV
	(
		set -a
		# shellcheck disable=SC1091
		. "$dir/hydra.env"
		"$PODIUM_HYDRA" migrate sql up -e --yes >>"$dir/hydra.log" 2>&1
	) || {
		svc_tail "$dir/hydra.log"
		svc_die "hydra migrate sql up failed"
	}
	svc_log "starting hydra on http://127.0.0.1:$public/ (admin 127.0.0.1:$admin)"
	(
		set -a
		# shellcheck disable=SC1091
		. "$dir/hydra.env"
		exec setsid "$PODIUM_HYDRA" serve all --dev --sqa-opt-out </dev/null >>"$dir/hydra.log" 2>&1
	) &
	pid=$!
	printf '%s\n' "$pid" >"$dir/hydra.pid"
	for ((i = 0; i < SVC_START_TIMEOUT * 5; i++)); do
		# Reading the keys makes Hydra create its signing key now, before
		# concurrent first sign-ins could race to create two.
		if svc_http_ok "http://127.0.0.1:$admin/health/ready" && svc_http_ok "http://127.0.0.1:$public/.well-known/openid-configuration" &&
			svc_http_ok "http://127.0.0.1:$public/.well-known/jwks.json"; then
			svc_log "hydra ready on http://127.0.0.1:$public/ (pid $pid)"
			return 0
		fi
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.2
	done
	svc_tail "$dir/hydra.log"
	svc_die "hydra did not become ready on 127.0.0.1:$public"
}

# hydra_stop DIR: stop the Hydra of DIR (no-op when not running).
hydra_stop() {
	local dir pid
	dir=$(svc_abspath "$1")
	if ! pid=$(hydra_pid "$dir"); then
		rm -f "$dir/hydra.pid"
		return 0
	fi
	svc_stop_pid hydra "$pid"
	rm -f "$dir/hydra.pid"
}

# ---------------------------------------------------------------------------
# Command-line use
# ---------------------------------------------------------------------------

_services_main() {
	set -euo pipefail
	local sub=${1:-}
	[[ $# -gt 0 ]] && shift
	case "$sub" in
	pg-start) pg_start "$@" ;;
	pg-stop) pg_stop "$@" ;;
	pg-createdb) pg_createdb "$@" ;;
	s3-start) s3_start "$@" ;;
	s3-stop) s3_stop "$@" ;;
	hydra-start) hydra_start "$@" ;;
	hydra-stop) hydra_stop "$@" ;;
	free-port) svc_free_port "$@" ;;
	*)
		sed -n '3,14p' "$SERVICES_SH" | sed 's/^# \{0,1\}//' >&2
		exit 2
		;;
	esac
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
	_services_main "$@"
fi
