# Podium — developer entry points.
#
#   make run    build and serve on :8080 with local PostgreSQL + S3 under .data/
#   make test   start ephemeral services and run every test (what CI runs)
#   make lint   gofmt, go vet, staticcheck
#   make bench  judging benchmarks and the deadline-rush load (docs/benchmarks.md)
#
# Everything a target needs is installed by the target itself: Go tools are
# pinned and installed into .bin/, Debian packages with apt-get (as root), npm
# packages with npm ci. See deploy/local/README.md.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := build
MAKEFLAGS += --no-print-directory

BIN_DIR := $(CURDIR)/.bin
GO ?= go
NPM ?= npm

VERSITYGW_PKG := github.com/versity/versitygw/cmd/versitygw
VERSITYGW_VERSION := v1.8.0
STATICCHECK_PKG := honnef.co/go/tools/cmd/staticcheck
STATICCHECK_VERSION := v0.8.2
# Ory Hydra, the OpenID provider that make test and make run start (built
# from its module by deploy/local/hydra-build.sh: `go install` refuses it).
HYDRA_VERSION := v2.3.0
KUBECONFORM_PKG := github.com/yannh/kubeconform/cmd/kubeconform
KUBECONFORM_VERSION := v0.6.7
# Kubernetes whose OpenAPI documents deploy/k8s/schemas are generated from.
K8S_SCHEMA_VERSION := v1.34.3

HAVE_FRONTEND := $(wildcard frontend/package.json)

.PHONY: all tools go-tools hydra devidp system-deps frontend frontend-deps build run test \
	lint fmt-check vet staticcheck bench clean k8s-validate k8s-schemas

all: build

# ---------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------

tools: go-tools system-deps

# go_tool NAME PACKAGE VERSION: go install PACKAGE@VERSION into .bin/ unless
# .bin/NAME is already that version (read from the binary's build info).
define go_tool
	@if [ "$$($(GO) version -m $(BIN_DIR)/$(1) 2>/dev/null | awk '$$1 == "mod" { print $$3 }')" != "$(3)" ]; then \
		echo "==> installing $(2)@$(3) into .bin/"; \
		GOBIN=$(BIN_DIR) $(GO) install $(2)@$(3); \
	fi
endef

go-tools:
	$(call go_tool,versitygw,$(VERSITYGW_PKG),$(VERSITYGW_VERSION))
	$(call go_tool,staticcheck,$(STATICCHECK_PKG),$(STATICCHECK_VERSION))
	$(call go_tool,kubeconform,$(KUBECONFORM_PKG),$(KUBECONFORM_VERSION))

hydra:
	@GO=$(GO) deploy/local/hydra-build.sh $(HYDRA_VERSION) $(BIN_DIR)/hydra

# Debian packages: PostgreSQL 15, curl, Chromium, gcc, ffmpeg (apt-get when root).
system-deps:
	@deploy/local/system-deps.sh

# ---------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------

ifneq ($(HAVE_FRONTEND),)
# npm ci when node_modules is missing or older than the lock file.
frontend/node_modules/.podium-npm-ci: frontend/package.json frontend/package-lock.json
	@echo "==> npm ci (frontend)"
	cd frontend && $(NPM) ci --no-audit --no-fund
	@touch $@

frontend/package-lock.json:
	@echo "frontend/package-lock.json is missing: run 'npm install' in frontend/ and commit the lock file" >&2
	@exit 1

frontend-deps: frontend/node_modules/.podium-npm-ci

frontend: frontend-deps
	@echo "==> npm run build (frontend)"
	cd frontend && $(NPM) run build
else
frontend-deps frontend:
	@echo "==> frontend/package.json not found; skipping the frontend build"
endif

build: frontend
	@echo "==> go build -o bin/podium"
	$(GO) build -o bin/podium ./server/cmd/podium

# ---------------------------------------------------------------------------
# Run and test
# ---------------------------------------------------------------------------

# The dev login app of the development OpenID provider (make run only; not
# part of the server binary).
devidp:
	$(GO) build -o bin/podium-devidp ./server/cmd/podium-devidp

run: tools hydra build devidp
	deploy/local/run.sh

test: tools hydra
	deploy/local/test.sh

# ---------------------------------------------------------------------------
# Lint
# ---------------------------------------------------------------------------

lint: fmt-check vet staticcheck

# gofmt -l on the module's Go files: tracked or new but not ignored (so never
# node_modules), or every .go file outside hidden dirs when this is no git clone.
fmt-check:
	@files=$$( { git ls-files --cached --others --exclude-standard -- '*.go' 2>/dev/null || \
		find . -name '*.go' -not -path '*/node_modules/*' -not -path './.*'; } | \
		while read -r f; do if [ -f "$$f" ]; then echo "$$f"; fi; done ); \
	if [ -z "$$files" ]; then echo "==> gofmt: no Go files"; exit 0; fi; \
	bad=$$(gofmt -l $$files); \
	if [ -n "$$bad" ]; then \
		echo "gofmt: these files need 'gofmt -w':" >&2; echo "$$bad" >&2; exit 1; \
	fi; \
	echo "==> gofmt: ok"

vet:
	$(GO) vet ./...

staticcheck: go-tools
	$(BIN_DIR)/staticcheck ./...

# ---------------------------------------------------------------------------
# Kubernetes manifests
# ---------------------------------------------------------------------------

# Validate deploy/k8s offline against the vendored, strict JSON schemas
# (unknown fields, wrong types and missing required fields fail).
k8s-validate: go-tools
	$(BIN_DIR)/kubeconform -strict -summary \
		-schema-location '$(CURDIR)/deploy/k8s/schemas/{{ .ResourceKind }}{{ .KindSuffix }}.json' \
		deploy/k8s/*.yaml

# Regenerate deploy/k8s/schemas from the OpenAPI documents that the
# k8s.io/kubernetes module of K8S_SCHEMA_VERSION ships.
k8s-schemas:
	dir=$$($(GO) mod download -json k8s.io/kubernetes@$(K8S_SCHEMA_VERSION) | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$$/\1/p'); \
	$(GO) run ./deploy/k8s/schemagen -spec "$$dir/api/openapi-spec/v3" -out deploy/k8s/schemas -version $(K8S_SCHEMA_VERSION)

# ---------------------------------------------------------------------------
# Benchmarks
# ---------------------------------------------------------------------------

# BENCH_FLAGS go to the deadline-rush load program, e.g.
#   make bench BENCH_FLAGS='-teams 500 -iterations 5 -replicas 2'
BENCH_FLAGS ?=

# (a) the judging benchmarks, (b) the deadline rush against 1 then 2 local
# replicas with (c) its baselines (bare Fiber, pgbench); writes
# docs/benchmarks.md. Starts and stops its own PostgreSQL and versitygw.
bench: tools
	$(GO) test -run '^$$' -bench . -benchtime 200ms ./judging/
	$(GO) test -run '^$$' -bench . -benchtime 3x ./server/zipstream/
	$(GO) run ./server/cmd/podiumload $(BENCH_FLAGS)

clean:
	rm -rf bin frontend/node_modules/.podium-npm-ci
	@echo "(services' data in .data/ is kept: rm -rf .data to reset)"
