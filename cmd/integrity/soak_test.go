package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"integrity/internal/store/storetest"
)

// TestSoakCommand runs a few seconds of the soak on a fresh SQLite
// database: it loads the demo data, runs every operation of the mix at a
// fixed rate and prints its table and a verdict. (`make test-soak` runs
// it for two minutes at half the measured capacity.)
func TestSoakCommand(t *testing.T) {
	if storetest.Server() != "" {
		t.Skip("the soak test runs on SQLite, in the suite's SQLite run")
	}
	dir := t.TempDir()
	vars := map[string]string{"INTEGRITY_DATABASE_URL": "sqlite:" + filepath.Join(dir, "soak.db"), "INTEGRITY_ENV": "development", "INTEGRITY_DATA_DIR": dir}
	var out, errb bytes.Buffer
	err := run(context.Background(), []string{"soak", "--duration", "5s", "--warmup", "2s", "--sample", "1s", "--rate", "30", "--officials", "200", "--lookups", "10"},
		func(k string) string { return vars[k] }, nil, &out, &errb)
	if err != nil {
		t.Fatalf("soak: %v\n%s\n%s", err, out.String(), errb.String())
	}
	for _, want := range []string{"soak on sqlite: 30 operations/s for 5s", "| file view (approved lookup) | 30% |", "| lookup request and approval |",
		"at rest after the load", "verdict: PASS"} {
		if !strings.Contains(out.String(), want) {
			t.Fatalf("the summary lacks %q:\n%s", want, out.String())
		}
	}
	for _, line := range strings.Split(out.String(), "\n") {
		if f := strings.Split(line, " | "); len(f) == 7 && strings.HasSuffix(f[1], "%") && (f[2] == "0" || f[3] != "0") {
			t.Fatalf("an operation never ran or failed: %s", line)
		}
	}
}
