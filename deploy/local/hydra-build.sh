#!/usr/bin/env bash
# hydra-build.sh VERSION OUT: build Ory Hydra VERSION (the development and
# test OpenID provider) from its Go module into OUT, unless OUT already is
# that version (OUT.version records it).
#
# `go install github.com/ory/hydra/v2@VERSION` refuses the module: its go.mod
# has replace directives, one pointing at its generated API client, a nested
# module that is not part of the module's archive. So the module is
# downloaded, that replacement is swapped for the client's published release
# (HYDRA_CLIENT_VERSION) and the module is built in a scratch copy, as its
# own main module, honouring its other replacement.
set -euo pipefail

version=${1:?usage: hydra-build.sh VERSION OUT}
out=${2:?usage: hydra-build.sh VERSION OUT}
client_version=${HYDRA_CLIENT_VERSION:-v2.2.1}
GO=${GO:-go}

if [[ -x "$out" && -f "$out.version" && "$(<"$out.version")" == "$version" ]]; then
	exit 0
fi
echo "==> building github.com/ory/hydra/v2@$version into $(dirname "$out")/" >&2
dir=$("$GO" mod download -json "github.com/ory/hydra/v2@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[[ -n "$dir" && -f "$dir/go.mod" ]] || {
	echo "hydra-build: could not download github.com/ory/hydra/v2@$version" >&2
	exit 1
}
work=$(mktemp -d "${TMPDIR:-/tmp}/hydra-build.XXXXXX")
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
cp -R "$dir/." "$work/"
chmod -R u+w "$work"
cd "$work"
"$GO" mod edit -dropreplace github.com/ory/hydra-client-go/v2 \
	-require "github.com/ory/hydra-client-go/v2@$client_version"
mkdir -p "$(dirname "$out")"
GOFLAGS=-mod=mod "$GO" build -trimpath -o "$out.tmp" .
mv "$out.tmp" "$out"
printf '%s\n' "$version" >"$out.version"
