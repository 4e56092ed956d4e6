package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"integrity/internal/domain"
)

// A database seeded under the standard algorithms moves to the national
// ones: a server in gm mode refuses it until `crypto migrate` has re-sealed
// every row; the migration can run again; afterwards every ID number opens
// and is found by its SM3 index, and the audit chain, which now grows under
// HMAC-SM3 beside its older entries, verifies against its checkpoints.
func TestCryptoMigrateToNationalAlgorithms(t *testing.T) {
	dir := t.TempDir()
	env := func(mode string) func(string) string {
		vars := map[string]string{"INTEGRITY_DATABASE_URL": "sqlite:" + filepath.Join(dir, "gm.db"), "INTEGRITY_ENV": "development",
			"INTEGRITY_DATA_DIR": dir, "INTEGRITY_CRYPTO": mode, "INTEGRITY_ADDR": "127.0.0.1:0"}
		return func(k string) string { return vars[k] }
	}
	ctx := context.Background()
	var out, errb bytes.Buffer
	if err := run(ctx, []string{"seed", "--demo", "--officials", "30", "--seed", "3"}, env("standard"), nil, &out, &errb); err != nil {
		t.Fatalf("seed: %v %s", err, errb.String())
	}
	if err := run(ctx, []string{"audit", "checkpoint"}, env("standard"), nil, &out, &errb); err != nil {
		t.Fatal(err)
	}
	err := run(ctx, []string{"serve"}, env("gm"), nil, &out, &errb)
	if err == nil || !strings.Contains(err.Error(), `sealed under the "standard" algorithm set but INTEGRITY_CRYPTO is "gm"`) {
		t.Fatalf("serving a standard database in gm mode: %v", err)
	}
	out.Reset()
	if err := run(ctx, []string{"crypto", "migrate"}, env("gm"), nil, &out, &errb); err != nil {
		t.Fatalf("crypto migrate: %v", err)
	}
	if !strings.Contains(out.String(), "from standard to gm: 30 ID numbers") {
		t.Fatalf("crypto migrate said %q", out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"crypto", "migrate"}, env("gm"), nil, &out, &errb); err != nil || !strings.Contains(out.String(), "from gm to gm: 0 ID numbers") {
		t.Fatalf("a second run: %q %v", out.String(), err)
	}

	e, err := openEnv(ctx, env("gm"), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer e.db.Close()
	if err := e.app.CheckCryptoMode(ctx); err != nil {
		t.Fatalf("after the migration: %v", err)
	}
	rows, err := e.db.SealedIDNumbers(ctx, 0, 100)
	if err != nil || len(rows) != 30 {
		t.Fatalf("%d sealed ID numbers, %v", len(rows), err)
	}
	for _, r := range rows {
		id, err := e.keys.Decrypt(r.Enc, domain.IDNumberAD)
		if err != nil || !e.keys.Current(r.Enc) || len(id) != 18 {
			t.Fatalf("official %d: %q %v (SM4: %v)", r.ID, id, err, e.keys.Current(r.Enc))
		}
		var found int64
		if err := e.db.SQL().QueryRow("SELECT id FROM officials WHERE id_number_hash = ?", e.keys.BlindIndex(id)).Scan(&found); err != nil || found != r.ID {
			t.Fatalf("official %d by its SM3 index: %d %v", r.ID, found, err)
		}
	}
	if _, err := e.app.CheckpointAudit(ctx, nil, true); err != nil {
		t.Fatal(err)
	}
	var algs int
	if err := e.db.SQL().QueryRow("SELECT COUNT(DISTINCT alg) FROM audit_log").Scan(&algs); err != nil || algs != 2 {
		t.Fatalf("the chain holds %d algorithms, want HMAC-SHA256 and HMAC-SM3: %v", algs, err)
	}
	out.Reset()
	if err := run(ctx, []string{"audit", "verify"}, env("gm"), nil, &out, &errb); err != nil || !strings.Contains(out.String(), "checkpoints: 2") {
		t.Fatalf("audit verify in gm mode: %q %v", out.String(), err)
	}
}
