#!/usr/bin/env bash
# make test: start ephemeral PostgreSQL and versitygw in a temporary
# directory on free ports, run every check against them, stop them and
# remove the directory. Exits non-zero when any step fails, naming it.
#
# Environment given to the tests (see deploy/local/README.md):
#   PODIUM_TEST_DATABASE_URL  superuser URL of the test cluster (database
#                             "postgres"); tests create their own databases
#   PODIUM_S3_ENDPOINT, PODIUM_S3_REGION, PODIUM_S3_ACCESS_KEY,
#   PODIUM_S3_SECRET_KEY      the test S3 server; tests create their own buckets
#   PODIUM_PG_BIN, PODIUM_PG_DATA, PODIUM_PG_PORT,
#   PODIUM_S3_DATA, PODIUM_S3_PORT, PODIUM_VERSITYGW,
#   PODIUM_SERVICES           for fault tests that stop and restart a service:
#                             "$PODIUM_SERVICES" pg-stop "$PODIUM_PG_DATA",
#                             "$PODIUM_SERVICES" pg-start "$PODIUM_PG_DATA" "$PODIUM_PG_PORT",
#                             "$PODIUM_SERVICES" s3-stop "$PODIUM_S3_DATA",
#                             "$PODIUM_SERVICES" s3-start "$PODIUM_S3_DATA" "$PODIUM_S3_PORT" \
#                                 "$PODIUM_S3_ACCESS_KEY" "$PODIUM_S3_SECRET_KEY"
#   PODIUM_CHROMIUM           the Chromium binary for browser tests
#   PODIUM_TEST_OIDC_ISSUER,  the test OpenID provider (Ory Hydra): its issuer
#   PODIUM_TEST_OIDC_ADMIN    and its admin API, through which the tests
#                             register clients and accept login and consent
set -euo pipefail

# Packages tested with the race detector (instead of plainly): those whose own code
# runs goroutines (the progress listener, River workers, bounded hashing,
# streamed exports, the connection guard). The fault and replica tests drive
# separate server processes, which the detector cannot see into.
RACE_PKGS="./server/domain ./server/jobs ./server/store ./server/blob ./server/internal/connguard"
# The API package runs whole without the detector (its tests, the multi-GB
# uploads among them, take minutes; under the detector several times as
# long), and again under the detector for the tests of these files: the
# ones where the server's own goroutines meet (event streams and their
# fan-out across live rooms and the ceremony, overlapping score saves and
# submits, throttles, connection and upload abuse, streamed exports, and
# the end-to-end journeys that touch every handler).
RACE_API_FILES="events_test.go live_test.go ceremony_test.go saverace_test.go scoreretry_test.go abuse_test.go limits_test.go hostileuploads_test.go exports_test.go journeys_test.go"
# Per-package limit for go test: a hung test fails fast instead of eating the
# CI budget (make test must finish well under 15 minutes).
GO_TEST_TIMEOUT="${GO_TEST_TIMEOUT:-8m}"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

# Settings from a developer's shell (e.g. after `. .data/env`) must not point
# the tests at the development database or bucket: start from a clean slate.
# Only the locations of the tools are kept.
while IFS= read -r name; do
	unset "$name"
done < <(compgen -e | grep '^PODIUM_' | grep -v -E '^PODIUM_(PG_BIN|PG_USER|VERSITYGW|HYDRA)$' || true)

# shellcheck source=deploy/local/services.sh
. "$ROOT/deploy/local/services.sh"

log() { printf '[test] %s\n' "$*" >&2; }
die() {
	printf '[test] ERROR: %s\n' "$*" >&2
	exit 1
}

WORK="$(mktemp -d "${TMPDIR:-/tmp}/podium-test.XXXXXX")"
# The postgres system user (used when we are root) must reach WORK/postgres.
chmod 755 "$WORK"

# shellcheck disable=SC2317  # invoked by trap
cleanup() {
	local rc=$? pid
	trap - EXIT INT TERM
	if [[ -f "$WORK/pids" ]]; then
		while read -r pid; do
			kill -TERM "$pid" 2>/dev/null || true
		done <"$WORK/pids"
	fi
	s3_stop "$WORK/s3" || true
	hydra_stop "$WORK/hydra" || true
	pg_stop "$WORK/postgres" || true
	rm -rf "$WORK"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- Services ---------------------------------------------------------------

PG_PORT="$(svc_free_port)"
S3_PORT="$(svc_free_port "$PG_PORT")"
S3_ACCESS=podium-test
S3_SECRET=podium-test-secret

pg_start "$WORK/postgres" "$PG_PORT"
s3_start "$WORK/s3" "$S3_PORT" "$S3_ACCESS" "$S3_SECRET" us-east-1
HYDRA_PORT="$(svc_free_port "$PG_PORT" "$S3_PORT")"
HYDRA_ADMIN_PORT="$(svc_free_port "$PG_PORT" "$S3_PORT" "$HYDRA_PORT")"
DEVIDP_PORT="$(svc_free_port "$PG_PORT" "$S3_PORT" "$HYDRA_PORT" "$HYDRA_ADMIN_PORT")"
# The Go tests play the login and consent app through Hydra's admin API;
# the browser tests use the development login app (bin/podium-devidp),
# which step_e2e starts on DEVIDP_PORT.
hydra_start "$WORK/hydra" "$HYDRA_PORT" "$HYDRA_ADMIN_PORT" "$PG_PORT" "http://127.0.0.1:$DEVIDP_PORT"

export PODIUM_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres?sslmode=disable"
export PODIUM_S3_ENDPOINT="http://127.0.0.1:$S3_PORT"
export PODIUM_S3_REGION=us-east-1
export PODIUM_S3_ACCESS_KEY="$S3_ACCESS"
export PODIUM_S3_SECRET_KEY="$S3_SECRET"
export PODIUM_TEST_OIDC_ISSUER="http://127.0.0.1:$HYDRA_PORT/"
export PODIUM_TEST_OIDC_ADMIN="http://127.0.0.1:$HYDRA_ADMIN_PORT"
export PODIUM_PG_BIN PODIUM_VERSITYGW
export PODIUM_PG_DATA="$WORK/postgres"
export PODIUM_PG_PORT="$PG_PORT"
export PODIUM_S3_DATA="$WORK/s3"
export PODIUM_S3_PORT="$S3_PORT"
export PODIUM_SERVICES="$SERVICES_SH"
PODIUM_CHROMIUM="$(command -v chromium || true)"
export PODIUM_CHROMIUM
# On a filesystem without xattrs s3_start fell back to sidecar metadata; a
# versitygw restarted directly by a test picks the same directory from here.
if [[ -d "$WORK/.s3-meta" ]]; then
	export VGW_META_SIDECAR="$WORK/.s3-meta"
fi
log "PostgreSQL on 127.0.0.1:$PG_PORT, versitygw on 127.0.0.1:$S3_PORT, hydra on 127.0.0.1:$HYDRA_PORT (in $WORK)"

# --- Steps --------------------------------------------------------------------

# Go packages of this module; anything under node_modules is not ours.
go_pkgs() {
	go list ./... | grep -v '/node_modules/'
}

# has_npm_script NAME: true when frontend/package.json defines script NAME.
has_npm_script() {
	[[ -f frontend/package.json ]] &&
		node -e 'process.exit((require("./frontend/package.json").scripts || {})[process.argv[1]] ? 0 : 1)' "$1"
}

# skip REASON: end the current step as skipped.
skip() {
	printf '%s\n' "$*" >"$WORK/step-skipped"
	exit 0
}

step_build() {
	if [[ -d server/cmd/podium ]]; then
		make -s build
		touch "$WORK/built"
	else
		make -s frontend
		skip "server/cmd/podium does not exist yet (frontend built only)"
	fi
}

step_gofmt() {
	make -s fmt-check
}

step_vet() {
	# shellcheck disable=SC2046  # one package per word
	go vet $(go_pkgs)
}

step_k8s() {
	[[ -d deploy/k8s ]] || skip "deploy/k8s does not exist"
	make -s k8s-validate
}

# race_pkgs: the import paths RACE_PKGS names.
race_pkgs() {
	# shellcheck disable=SC2086  # RACE_PKGS is a list of patterns
	go list $RACE_PKGS | grep -v '/node_modules/' || true
}

# Every package runs once: those of RACE_PKGS under the race detector (which
# runs their tests just the same), the others without it.
step_go_test() {
	local pkgs
	pkgs=$(go_pkgs | grep -vxF -f <(race_pkgs) || true)
	[[ -n "$pkgs" ]] || skip "every package is in RACE_PKGS"
	# shellcheck disable=SC2086
	go test -count=1 -timeout "$GO_TEST_TIMEOUT" $pkgs
}

# race_api_tests: a -run pattern of the tests declared in RACE_API_FILES.
race_api_tests() {
	local f names=()
	for f in $RACE_API_FILES; do
		mapfile -t -O "${#names[@]}" names < <(sed -n 's/^func \(Test[A-Za-z0-9_]*\)(t \*testing\.T).*/\1/p' "server/api/$f")
	done
	local IFS='|'
	printf '^(%s)$' "${names[*]}"
}

step_go_race() {
	local pkgs
	pkgs=$(race_pkgs)
	[[ -n "$pkgs" ]] || skip "RACE_PKGS ($RACE_PKGS) matches no package"
	# shellcheck disable=SC2086
	go test -race -short -count=1 -timeout "$GO_TEST_TIMEOUT" $pkgs
	go test -race -short -count=1 -timeout "$GO_TEST_TIMEOUT" -run "$(race_api_tests)" ./server/api
}

step_frontend_test() {
	has_npm_script test || skip "frontend/package.json has no test script"
	make -s frontend-deps
	(cd frontend && npm test)
}

step_e2e() {
	local port url db=podium_e2e pid i
	[[ -d server/cmd/podium ]] || skip "server/cmd/podium does not exist yet"
	# The build step made bin/podium already, unless it failed.
	[[ -f "$WORK/built" ]] || make -s build
	[[ -x bin/podium ]] || die "bin/podium was not built"

	pg_dropdb "$PG_PORT" "$db"
	pg_createdb "$PG_PORT" "$db"
	port="$(svc_free_port "$PG_PORT" "$S3_PORT")"
	url="http://127.0.0.1:$port"
	export PODIUM_DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/$db?sslmode=disable"
	export PODIUM_S3_BUCKET=podium-e2e
	export PODIUM_DEV=true
	export PODIUM_PUBLIC_URL="$url"
	export PODIUM_ADDR="127.0.0.1:$port"

	bin/podium migrate
	bin/podium seed
	# Sign-in with an organization: the development login app in front of
	# Hydra, a client registered there and the provider configured here.
	make -s devidp
	bin/podium-devidp serve --admin "$PODIUM_TEST_OIDC_ADMIN" --addr "127.0.0.1:$DEVIDP_PORT" >"$WORK/devidp.log" 2>&1 &
	echo "$!" >>"$WORK/pids"
	for ((i = 0; ; i++)); do
		if svc_http_ok "http://127.0.0.1:$DEVIDP_PORT/login"; then break; fi
		((i < 300)) || die "the development login app did not answer on 127.0.0.1:$DEVIDP_PORT"
		sleep 0.2
	done
	PODIUM_DEVIDP_CLIENT_SECRET=e2e-client-secret bin/podium-devidp client --admin "$PODIUM_TEST_OIDC_ADMIN" --id podium-e2e \
		--redirect "$url/api/v1/auth/oidc/callback"
	PODIUM_SSO_CLIENT_SECRET=e2e-client-secret bin/podium sso set --slug dev --name "Development sign-in" \
		--issuer "$PODIUM_TEST_OIDC_ISSUER" --client-id podium-e2e
	export PODIUM_E2E_SSO=1
	log "starting bin/podium serve on $url (log: podium-e2e.log)"
	bin/podium serve >"$WORK/podium-e2e.log" 2>&1 &
	pid=$!
	echo "$pid" >>"$WORK/pids"

	for ((i = 0; ; i++)); do
		if svc_http_ok "$url/readyz"; then break; fi
		if ! kill -0 "$pid" 2>/dev/null || ((i >= 300)); then
			svc_tail "$WORK/podium-e2e.log"
			die "bin/podium serve did not become ready at $url/readyz"
		fi
		sleep 0.2
	done
	log "podium ready at $url"

	local rc=0
	if has_npm_script e2e; then
		make -s frontend-deps
		# Each browser test fails when the server logs an internal error while it runs.
		(cd frontend && PODIUM_E2E_RETRY=1 PODIUM_URL="$url" PODIUM_SERVER_LOG="$WORK/podium-e2e.log" npm run e2e) || rc=$?
	else
		log "frontend/package.json has no e2e script: server smoke check only"
	fi

	kill -TERM "$pid" 2>/dev/null || true
	wait "$pid" || {
		log "bin/podium serve exited with status $? after SIGTERM"
		rc=1
	}
	# And the run fails on any internal error logged outside a test.
	if grep -q '"level":"ERROR","msg":"internal error"' "$WORK/podium-e2e.log"; then
		log "bin/podium serve logged internal errors during the browser tests:"
		grep '"level":"ERROR","msg":"internal error"' "$WORK/podium-e2e.log" | head -20 >&2
		rc=1
	fi
	if ((rc != 0)); then
		svc_tail "$WORK/podium-e2e.log"
	fi
	return "$rc"
}

PASSED=()
FAILED=()
SKIPPED=()

# run_step NAME FUNCTION: run FUNCTION in a subshell with errexit in force,
# record the outcome and go on (so one run reports every failing step).
run_step() {
	local name=$1 fn=$2 rc start
	start=$SECONDS
	rm -f "$WORK/step-skipped"
	printf '\n[test] ==> %s\n' "$name" >&2
	set +e
	(
		set -e
		"$fn"
	) 2>&1 | tee "$WORK/step.out"
	rc=${PIPESTATUS[0]}
	set -e
	# Browser tests that failed once and passed when run again (see
	# frontend/vitest.e2e.config.ts) are listed at the end of the run.
	sed 's/\x1b\[[0-9;]*m//g' "$WORK/step.out" | grep -F '(retry x' >>"$WORK/retried" || true
	if ((rc != 0)); then
		FAILED+=("$name")
		# What failed, repeated at the end of the run where a reader of the
		# log's last lines finds it.
		{
			printf '[test] %s, what failed:\n' "$name"
			sed 's/\x1b\[[0-9;]*m//g' "$WORK/step.out" |
				grep -E -e '--- FAIL|^FAIL|^panic:|(^| )(FAIL|×|✗) |AssertionError|^ *Error: ' |
				awk '!seen[$0]++' | head -n 15 || true
		} >>"$WORK/digest"
		printf '[test] <== %s: FAILED (exit %d, %ds)\n' "$name" "$rc" $((SECONDS - start)) >&2
	elif [[ -f "$WORK/step-skipped" ]]; then
		SKIPPED+=("$name ($(<"$WORK/step-skipped"))")
		printf '[test] <== %s: skipped: %s\n' "$name" "$(<"$WORK/step-skipped")" >&2
	else
		PASSED+=("$name")
		printf '[test] <== %s: ok (%ds)\n' "$name" $((SECONDS - start)) >&2
	fi
}

run_step "build" step_build
run_step "gofmt" step_gofmt
run_step "go vet" step_vet
run_step "kubernetes manifests" step_k8s
run_step "go test" step_go_test
run_step "go test -race" step_go_race
run_step "frontend unit tests" step_frontend_test
run_step "browser tests" step_e2e

join() {
	local out="" s
	for s in "$@"; do out+="${out:+, }$s"; done
	printf '%s' "$out"
}

echo >&2
if [[ -s "$WORK/retried" ]]; then
	log "passed only when run again (flaky; look at them):"
	cat "$WORK/retried" >&2
fi
if ((${#SKIPPED[@]} > 0)); then
	log "skipped: $(join "${SKIPPED[@]}")"
fi
if ((${#FAILED[@]} > 0)); then
	cat "$WORK/digest" >&2
	log "make test FAILED in: $(join "${FAILED[@]}") (ok: $(join "${PASSED[@]}"))"
	exit 1
fi
log "make test OK: $(join "${PASSED[@]}") (${SECONDS}s)"
