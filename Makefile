# noirbot — see README.md. Every target works with only Go installed (docker excepted).
GO       ?= go
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -s -w -X main.version=$(VERSION)
CONFIG   ?= config.toml
BENCHTIME ?= 1s
FUZZTIME ?= 30s

.PHONY: all build test race lint bench fuzz demo run register docker clean

all: lint test build

build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o bin/noirbot .

# The suites that talk to the emulator run in contract v2 (the default) and again in v1
# (NOIRBOT_TEST_API_VERSION picks the dialect of the emulator and of the client they build).
test:
	$(GO) test -race -count=1 ./...
	NOIRBOT_TEST_API_VERSION=v1 $(GO) test -race -count=1 ./commands/ ./cache/ ./sandbox/ ./app/ .

race: test

lint:
	$(GO) vet ./...
	$(GO) tool staticcheck ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); echo "gofmt needed"; exit 1)

# The SPEC §9 table (app/bench_*_test.go): first warm /quickroll against the floor (a minimal
# handler), each in a process of its own, in API v1 and v2; then noirbot in-process against
# the emulator (real Redis from TEST_REDIS_URL or a private redis-server; call counts in API
# v1 and v2; the load runs in NOIRBOT_TEST_API_VERSION's dialect, v2 by default); then the Go
# benchmarks of the hot paths.
bench:
	NOIRBOT_BENCH=1 $(GO) test -run '^$$' -bench '^BenchmarkSPEC9Report$$' -benchtime 1x -count=1 -timeout 20m ./app/
	$(GO) test -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) ./...

fuzz:
	@for p in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$p 2>/dev/null | grep '^Fuzz'); do \
	    echo "== $$p $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$p || exit 1; \
	  done; \
	done

# The console sandbox on the embedded emulator, which speaks API v2 like the hosted service.
# Try self-service linking in it: as Nora, /link, link, as Ada, click Approve as PLAYER
# (README, "The console sandbox").
demo:
	$(GO) run . console

run:
	$(GO) run -ldflags '$(LDFLAGS)' . run -config $(CONFIG)

register:
	$(GO) run -ldflags '$(LDFLAGS)' . register -config $(CONFIG)

docker:
	docker build --build-arg VERSION=$(VERSION) -t noirbot:$(VERSION) .

clean:
	rm -rf bin
