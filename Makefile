# Developer shortcuts; the README's two commands need only Go.
GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X github.com/onectl/onectl/commands.Version=$(VERSION)

.PHONY: build demo test check race bench bench-go ci clean

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

clean:
	rm -rf bin dist
