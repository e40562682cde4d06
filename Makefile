# Developer shortcuts; the README's two commands need only Go.
GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X github.com/onectl/onectl/commands.Version=$(VERSION)

.PHONY: build demo test check race bench ci clean

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

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./output/ ./template/ ./client/ ./sim/

clean:
	rm -rf bin dist
