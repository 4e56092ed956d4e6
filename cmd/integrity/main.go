// Command integrity is the platform's only binary. It wires every package
// together explicitly; its subcommands are listed in usage.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0"

const usage = `integrity: the integrity points platform for public officials (公职人员诚信积分平台)

Usage:
  integrity serve                 serve the API and the web app
  integrity migrate               bring the database schema up to date
  integrity seed --demo [flags]   load the demo data set into an empty database
  integrity user add|grant|disable|reset-password [flags]   manage accounts
  integrity audit verify          check the audit chain against its key and its checkpoints
  integrity audit checkpoint      write a checkpoint of the audit chain's head now
  integrity crypto migrate        re-seal the data at rest under INTEGRITY_CRYPTO (standard or gm);
                                  stop every server first; run it again after an interruption
  integrity recompute             recompute every official's score snapshot
  integrity backup --out FILE     write a consistent copy of the database
  integrity restore --in FILE     load a backup into an empty database and check it
  integrity bench [--size city|province]   measure everything against its baseline (docs/BENCHMARKS.md);
                                  also: bench import|recompute|eligibility|fileview
  integrity soak [--duration 30m] [--rate R] [--shared]   a long mixed load at half the capacity; fails on any
                                  error or on growth of memory, goroutines or connections
  integrity version               print the version

Configuration comes from environment variables (see README.md):
  INTEGRITY_ADDR, INTEGRITY_DATABASE_URL, INTEGRITY_SECRET_KEY, INTEGRITY_ENV,
  INTEGRITY_DEMO, INTEGRITY_DEMO_OFFICIALS, INTEGRITY_DEMO_PASSWORD, INTEGRITY_DATA_DIR,
  INTEGRITY_WEB_DIR, INTEGRITY_CRYPTO, and the sign-in settings INTEGRITY_ACCESS_TTL, INTEGRITY_SESSION_TTL,
  INTEGRITY_LOCKOUT_THRESHOLD, INTEGRITY_LOCKOUT_DURATION, INTEGRITY_PASSWORD_MIN_LENGTH,
  INTEGRITY_PASSWORD_CLASSES, INTEGRITY_PASSWORD_MAX_AGE_DAYS, INTEGRITY_TOTP_ROLES.
`

// defaultMemoryLimit is the heap's soft ceiling when GOMEMLIMIT sets none:
// near it the garbage collector runs sooner instead of letting the heap
// grow to twice its live data, which took a city's eligibility check of
// 10,000 (130 MB live) to 321 MB of resident memory; with it the check
// peaks at 232 MB and takes as long. It is not a cap: work that needs more
// gets it, at the cost of more frequent collections.
const defaultMemoryLimit = 200 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if errors.Is(err, errUsage) {
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "integrity: "+firstLine(err.Error()))
		os.Exit(1)
	}
}

var errUsage = errors.New("usage")

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	switch args[0] {
	case "serve":
		return cmdServe(ctx, args[1:], getenv, stderr)
	case "migrate":
		return cmdMigrate(ctx, args[1:], getenv, stdout)
	case "seed":
		return cmdSeed(ctx, args[1:], getenv, stdout, stderr)
	case "user":
		return cmdUser(ctx, args[1:], getenv, stdin, stdout, stderr)
	case "audit":
		return cmdAudit(ctx, args[1:], getenv, stdout)
	case "crypto":
		return cmdCrypto(ctx, args[1:], getenv, stdout)
	case "recompute":
		return cmdRecompute(ctx, getenv, stdout, stderr)
	case "bench":
		return cmdBench(ctx, args[1:], getenv, stdout, stderr)
	case "soak":
		return cmdSoak(ctx, args[1:], getenv, stdout, stderr)
	case "backup":
		return cmdBackup(ctx, args[1:], getenv, stdout, stderr)
	case "restore":
		return cmdRestore(ctx, args[1:], getenv, stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, version)
		return nil
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprintf(stderr, "integrity: unknown command %q\n\n%s", args[0], usage)
		return errUsage
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
