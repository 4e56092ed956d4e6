# The integrity points platform. `make run` starts everything with demo data
# on SQLite; `make test` runs the whole suite. See README.md.

GO      ?= go
BIN     := bin/integrity
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X main.version=$(VERSION)

# `make run` settings; override on the command line or in the environment.
INTEGRITY_ADDR         ?= 127.0.0.1:8080
INTEGRITY_DATABASE_URL ?= sqlite:./data/integrity.db
export INTEGRITY_ADDR INTEGRITY_DATABASE_URL

.PHONY: all build build-go frontend run test test-go test-go-sqlite test-go-mysql test-go-postgres test-go-gm \
        test-fuzz test-frontend test-e2e gallery bench-seed bench-import bench-recompute fmt clean

all: build

build: frontend build-go

build-go:
	$(GO) build -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/integrity

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund

frontend: frontend/node_modules/.package-lock.json
	cd frontend && npm run build --silent -- --logLevel warn

run: build
	INTEGRITY_ENV=$${INTEGRITY_ENV:-development} INTEGRITY_DEMO=$${INTEGRITY_DEMO:-1} INTEGRITY_EXPOSE_VERSION=$${INTEGRITY_EXPOSE_VERSION:-1} ./$(BIN) serve

test: test-go test-fuzz test-frontend test-e2e test-soak

# The Go suite runs on SQLite always, again on MySQL/MariaDB when
# INTEGRITY_TEST_MYSQL_DSN is set (mysql://root@127.0.0.1:3306/test), and
# again on PostgreSQL when INTEGRITY_TEST_POSTGRES_DSN is set
# (postgres://postgres@127.0.0.1:5432/test). The packages that seal, index
# and chain data run once more under the national algorithms
# (INTEGRITY_CRYPTO=gm: SM4, SM3, SM2), and with the local time of China
# (TZ=Asia/Shanghai, +08:00, where the platform is deployed; the rest runs
# in the machine's own zone), with the store beside them. `make test` installs and starts
# both servers when they are missing (.ci/ensure-databases; a variable
# already set is kept, INTEGRITY_TEST_SERVERS=none skips them).
test-go:
	@eval "$$(.ci/ensure-databases)" && $(MAKE) --no-print-directory test-go-sqlite test-go-mysql test-go-postgres test-go-gm

test-go-sqlite:
	@test -z "$$(gofmt -l cmd internal migrations policies)" || { echo "gofmt needed:"; gofmt -l cmd internal migrations policies; exit 1; }
	$(GO) vet ./...
	env -u INTEGRITY_TEST_MYSQL_DSN -u INTEGRITY_TEST_POSTGRES_DSN $(GO) test -count=1 -timeout 30m ./...

test-go-gm:
	env -u INTEGRITY_TEST_MYSQL_DSN -u INTEGRITY_TEST_POSTGRES_DSN INTEGRITY_TEST_CRYPTO=gm TZ=Asia/Shanghai $(GO) test -count=1 -timeout 30m ./internal/app ./internal/httpapi ./internal/seed ./internal/secure ./internal/store

test-go-mysql:
	@if [ -n "$$INTEGRITY_TEST_MYSQL_DSN" ]; then \
		echo "Go suite on MySQL/MariaDB ($$INTEGRITY_TEST_MYSQL_DSN)"; \
		env -u INTEGRITY_TEST_POSTGRES_DSN $(GO) test -count=1 -timeout 30m -p 2 ./...; \
	else \
		echo "INTEGRITY_TEST_MYSQL_DSN is not set: the Go suite did not run on MySQL"; \
	fi

test-go-postgres:
	@if [ -n "$$INTEGRITY_TEST_POSTGRES_DSN" ]; then \
		echo "Go suite on PostgreSQL ($$INTEGRITY_TEST_POSTGRES_DSN)"; \
		env -u INTEGRITY_TEST_MYSQL_DSN $(GO) test -count=1 -timeout 30m -p 2 ./...; \
	else \
		echo "INTEGRITY_TEST_POSTGRES_DSN is not set: the Go suite did not run on PostgreSQL"; \
	fi

# Each fuzz target runs briefly over its seed corpus (and the inputs checked
# into testdata/fuzz) and what it finds; longer runs: FUZZTIME=10m make test-fuzz.
FUZZTIME ?= 6s
FUZZ_TARGETS = ./internal/ingest/:FuzzRow ./internal/ingest/:FuzzCandidates ./internal/domain/:FuzzValidateIDNumber \
	./policies/:FuzzPolicyLoaders ./internal/httpapi/:FuzzDecodeWriteBodies ./internal/app/:FuzzVerifyReport
test-fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do pkg=$${t%%:*}; name=$${t##*:}; \
		echo "fuzz $$name ($$pkg) for $(FUZZTIME)"; \
		$(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) $$pkg; done

test-frontend: frontend/node_modules/.package-lock.json
	cd frontend && npm run check:api && npm run lint:api && npm run typecheck && npm run test:unit

# Browser tests: headless Chromium (Debian's /usr/bin/chromium) against the
# real server, which the test starts with a fresh SQLite database.
test-e2e: build
	.ci/ensure-browser
	cd frontend && INTEGRITY_BIN=$(CURDIR)/$(BIN) npm run test:e2e

# The screenshot gallery of every role's main pages (docs/GALLERY.md): the
# browser suite takes them, the script picks and copies them.
gallery: test-e2e
	node frontend/scripts/gallery.mjs

# Measures the demo generator's memory; see docs/BENCHMARKS.md.
bench-seed: build-go
	rm -rf /tmp/integrity-bench && INTEGRITY_ENV=development INTEGRITY_DATABASE_URL=sqlite:/tmp/integrity-bench/integrity.db \
		/usr/bin/time -v ./$(BIN) seed --demo --officials $${OFFICIALS:-200000} --seed 1

# Measures imports against batched INSERTs; see docs/BENCHMARKS.md.
bench-import: build-go
	rm -rf /tmp/integrity-bench-import && INTEGRITY_ENV=development INTEGRITY_DATABASE_URL=sqlite:/tmp/integrity-bench-import/integrity.db \
		sh -c './$(BIN) seed --demo --officials 100000 --records-per-official 0.01 --seed 1 && ./$(BIN) bench import --rows $${ROWS:-100000}'

# Measures a full recompute against one SQL statement; see docs/BENCHMARKS.md.
bench-recompute: build-go
	rm -rf /tmp/integrity-bench-recompute && INTEGRITY_ENV=development INTEGRITY_DATABASE_URL=sqlite:/tmp/integrity-bench-recompute/integrity.db \
		sh -c './$(BIN) seed --demo --officials $${OFFICIALS:-50000} --seed 1 && ./$(BIN) bench recompute --samples 1000'

fmt:
	gofmt -w cmd internal migrations policies

clean:
	rm -rf bin frontend/dist

# A soak: the mixed load (file views, scores, own files, eligibility checks,
# record submissions, lookups) at half the measured capacity on a fresh
# SQLite database; fails on any error, on RSS growth past 50 MB or on
# goroutines or connections left over. --shared: arrivals dropped because
# other work took the cores are reported, not failed. Two minutes here; the long run:
# make test-soak SOAK=30m (or `integrity soak --duration 30m` on any database).
SOAK ?= 2m
.PHONY: test-soak
# Its database lives in a directory of its own, so that two checkouts can
# run the suite on one machine at once.
test-soak: build-go
	@dir=$$(mktemp -d /tmp/integrity-soak.XXXXXX) && \
		INTEGRITY_ENV=development INTEGRITY_DATABASE_URL=sqlite:$$dir/integrity.db INTEGRITY_DATA_DIR=$$dir \
		./$(BIN) soak --duration $(SOAK) --shared; status=$$?; rm -rf $$dir; exit $$status
