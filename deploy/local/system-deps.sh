#!/usr/bin/env bash
# Installs the Debian packages that `make run` and `make test` need when they
# are missing: PostgreSQL 15 server binaries, curl (health checks), Chromium
# (browser tests), the certificate fonts (a Latin and a CJK TrueType font)
# and a C toolchain (go test -race needs cgo).
#
# As root it runs apt-get (non-interactive, after one `apt-get update`); as
# another user it names the missing packages and fails. Quick and silent when
# everything is present. Go tools are installed by the Makefile (`make tools`).
set -euo pipefail

: "${PODIUM_PG_BIN:=/usr/lib/postgresql/15/bin}"

missing=()

if [[ ! -x "$PODIUM_PG_BIN/postgres" || ! -x "$PODIUM_PG_BIN/initdb" || ! -x "$PODIUM_PG_BIN/psql" ]]; then
	if [[ "$PODIUM_PG_BIN" == /usr/lib/postgresql/15/bin ]]; then
		missing+=(postgresql-15 postgresql-client-15)
	else
		echo "system-deps: PostgreSQL binaries not found in PODIUM_PG_BIN=$PODIUM_PG_BIN" >&2
		exit 1
	fi
fi
command -v curl >/dev/null 2>&1 || missing+=(curl ca-certificates)
command -v runuser >/dev/null 2>&1 || missing+=(util-linux)
[[ -x /usr/bin/chromium ]] || missing+=(chromium fonts-liberation)
# The browser tests and screenshots render Simplified Chinese too.
[[ -d /usr/share/fonts/opentype/noto ]] || missing+=(fonts-noto-cjk)
# Certificates (server/certpdf): PODIUM_CERT_TEXT_FONT and PODIUM_CERT_FONT.
[[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]] || missing+=(fonts-dejavu-core)
[[ -f /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf ]] || missing+=(fonts-droid-fallback)
command -v gcc >/dev/null 2>&1 || missing+=(gcc libc6-dev)

if ((${#missing[@]} == 0)); then
	exit 0
fi

if [[ "$(id -u)" != 0 ]]; then
	echo "system-deps: missing Debian packages: ${missing[*]}" >&2
	echo "system-deps: install them with: sudo apt-get install ${missing[*]}" >&2
	exit 1
fi

echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
