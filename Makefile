# Developer shortcuts; the README's two commands need only Go.
GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT  ?= $(shell git rev-parse HEAD 2>/dev/null)
DATE    ?= $(shell date -u +%Y-%m-%dT%H:%M:%SZ)
LDFLAGS := -s -w -X github.com/onectl/onectl/version.Version=$(VERSION) \
	-X github.com/onectl/onectl/version.Commit=$(COMMIT) \
	-X github.com/onectl/onectl/version.Date=$(DATE)
# goreleaser is not a module dependency: `go install
# github.com/goreleaser/goreleaser/v2@v2.15.1` puts it in $(go env GOPATH)/bin.
GORELEASER ?= $(shell command -v goreleaser || echo $$($(GO) env GOPATH)/bin/goreleaser)

.PHONY: build demo test check race bench bench-go ci clean release-assets release-check release-snapshot

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/onectl ./cmd/onectl

# A short tour of onectl against a private simulator.
demo:
	$(GO) run ./cmd/onectl sim tour

# The README's test command (what CI runs).
test:
	$(GO) test ./...

# Everything a reviewer would ask for before merging.
check:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); exit 1; }
	$(GO) vet ./...
	$(GO) test -race ./...

# CI's run: the tests, then each fuzz target for FUZZTIME (default 3s).
ci:
	.ci/run

# The list, start-up, bulk and simulator figures of bench/ as one table
# (several minutes; BENCHFLAGS="-sizes 1000,10000 -runs 3" for a quick look).
bench:
	$(GO) run ./bench $(BENCHFLAGS)

# The packages' Go benchmarks.
bench-go:
	$(GO) test -run '^$$' -bench . -benchmem ./output/ ./template/ ./client/ ./sim/ ./bench/

# Man pages and completion scripts of this commit, for the archives and
# packages (goreleaser runs this first).
release-assets:
	rm -rf build/release
	mkdir -p build/release/man build/release/completions
	$(GO) build -o build/release/onectl ./cmd/onectl
	build/release/onectl man build/release/man
	gzip -9n build/release/man/*.1
	build/release/onectl completion bash > build/release/completions/onectl.bash
	build/release/onectl completion zsh > build/release/completions/_onectl
	build/release/onectl completion fish > build/release/completions/onectl.fish
	build/release/onectl completion powershell > build/release/completions/onectl.ps1
	rm build/release/onectl

release-check:
	$(GORELEASER) check

# Every archive, package and checksum into dist/, nothing published.
release-snapshot:
	$(GORELEASER) release --snapshot --clean

clean:
	rm -rf bin dist build
