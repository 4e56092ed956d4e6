package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"unsafe"
)

// setFileSizeLimit sets the soft RLIMIT_FSIZE of a running process: past
// it, every write to a regular file fails with EFBIG (Go ignores the
// SIGXFSZ that comes with it), which is what the process sees of a full
// disk. The hard limit stays, so the soft one can be raised again.
func setFileSizeLimit(t *testing.T, pid int, soft uint64) {
	t.Helper()
	var cur syscall.Rlimit
	if _, _, e := syscall.RawSyscall6(syscall.SYS_PRLIMIT64, uintptr(pid), syscall.RLIMIT_FSIZE, 0, uintptr(unsafe.Pointer(&cur)), 0, 0); e != 0 {
		t.Fatalf("prlimit: %v", e)
	}
	next := syscall.Rlimit{Cur: soft, Max: cur.Max}
	if _, _, e := syscall.RawSyscall6(syscall.SYS_PRLIMIT64, uintptr(pid), syscall.RLIMIT_FSIZE, uintptr(unsafe.Pointer(&next)), 0, 0, 0); e != 0 {
		t.Fatalf("prlimit: %v", e)
	}
}

// storageRefused checks that a write answered 503 problem+json that says
// in words what is wrong with the storage.
func storageRefused(t *testing.T, a answer, words string) {
	t.Helper()
	p := a.problem(t)
	if a.Status != 503 || p["code"] != "unavailable" || a.Header.Get("Retry-After") == "" || !strings.Contains(fmt.Sprint(p["detail"]), words) {
		t.Fatalf("a write on the faulty database: %d (Retry-After %q) %s, want 503 saying %q", a.Status, a.Header.Get("Retry-After"), a.Body, words)
	}
}

// intact checks the SQLite file and the audit chain after a fault.
func (s *site) intact() {
	s.t.Helper()
	db := s.open()
	var check string
	if err := db.SQL().QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		s.t.Fatalf("integrity_check: %q %v", check, err)
	}
	db.Close()
	s.auditVerify()
}

// TestFaultStorageSQLite fails SQLite's storage under a running server,
// then starts a server on a database it may not write:
//   - A full disk (the server's file size limit cut to nothing while it
//     runs): writes answer 503 saying no change was saved, reads that write
//     nothing still answer, and once space is back the same process writes
//     again, without a restart.
//   - A read-only database file (the server runs as a user who may not
//     write it, as after a restore with the wrong owner): the server starts
//     and serves reads, writes answer 503 saying the database is
//     read-only.
//
// Either way the file passes PRAGMA integrity_check and the audit chain
// verifies afterwards.
func TestFaultStorageSQLite(t *testing.T) {
	root := t.TempDir()
	dbDir := filepath.Join(root, "db")
	if err := os.Mkdir(dbDir, 0o700); err != nil {
		t.Fatal(err)
	}
	base := newSite(t, "sqlite:"+filepath.Join(dbDir, "integrity.db"), 40)
	srv := base.start()
	clerk, admin := srv.login("clerk"), srv.login("admin")
	db := base.open()
	ids := base.idNumbers(db, 1)
	db.Close()
	record := func(ref string) map[string]any {
		return map[string]any{"records": []map[string]any{{"id_number": ids[0], "source_ref": ref, "category": "judicial",
			"code": "jud_civil_unperformed", "decision_date": "2024-03-05", "document_no": "（2024）云01民初9号", "authority": "法院", "summary": "逾期未履行"}}}
	}
	srv.must(http.MethodPost, "/api/v1/records", clerk, record("DISK-1"), 201)

	t.Run("DiskFull", func(t *testing.T) {
		s := base.on(t)
		srv.t = t
		setFileSizeLimit(t, srv.cmd.Process.Pid, 0)
		a, err := callOK(srv, http.MethodPost, "/api/v1/records", clerk, record("DISK-2"))
		if err != nil {
			t.Fatal(err)
		}
		storageRefused(t, a, "no change was saved")
		srv.must(http.MethodGet, "/api/v1/me", admin, nil, 200)
		srv.must(http.MethodGet, "/api/v1/departments", admin, nil, 200)
		// A read of personal data must be audited; it fails closed.
		a, _ = callOK(srv, http.MethodGet, "/api/v1/officials/1/score", admin, nil)
		storageRefused(t, a, "no change was saved")

		setFileSizeLimit(t, srv.cmd.Process.Pid, ^uint64(0))
		srv.must(http.MethodPost, "/api/v1/records", clerk, record("DISK-2"), 201)
		srv.must(http.MethodGet, "/api/v1/officials/1/score", admin, nil, 200)
		srv.stop()
		s.intact()
	})

	t.Run("ReadOnly", func(t *testing.T) {
		s := base.on(t)
		file := filepath.Join(dbDir, "integrity.db")
		if err := os.Chmod(file, 0o444); err != nil {
			t.Fatal(err)
		}
		binary, cred := os.Args[0], (*syscall.Credential)(nil)
		if os.Geteuid() == 0 {
			// root writes any file whatever its mode: run the server as
			// nobody, from a copy of the binary nobody may execute, with
			// the directories on the way open to it.
			binary, cred = copyBinary(t, root), &syscall.Credential{Uid: 65534, Gid: 65534}
			// The directory must be writable to it for the WAL's files.
			for d, mode := range map[string]os.FileMode{filepath.Dir(root): 0o755, root: 0o755, dbDir: 0o777} {
				if err := os.Chmod(d, mode); err != nil {
					t.Fatal(err)
				}
			}
		}
		srv := s.startAs(binary, cred)
		storageRefusedCall := func(method, path, token string, body any) {
			t.Helper()
			a, err := callOK(srv, method, path, token, body)
			if err != nil {
				t.Fatal(err)
			}
			storageRefused(t, a, "read-only")
		}
		srv.must(http.MethodGet, "/readyz", "", nil, 200)
		srv.must(http.MethodGet, "/api/v1/me", admin, nil, 200)
		srv.must(http.MethodGet, "/api/v1/departments", admin, nil, 200)
		storageRefusedCall(http.MethodPost, "/api/v1/records", clerk, record("RO-1"))
		storageRefusedCall(http.MethodGet, "/api/v1/officials/1/score", admin, nil)
		storageRefusedCall(http.MethodPost, "/api/v1/auth/login", "", map[string]string{"username": "auditor", "password": demoPassword})
		srv.stop()

		if err := os.Chmod(file, 0o644); err != nil {
			t.Fatal(err)
		}
		srv = s.start()
		srv.must(http.MethodPost, "/api/v1/records", clerk, record("RO-1"), 201)
		srv.stop()
		s.intact()
	})
}

func callOK(p *server, method, path, token string, body any) (answer, error) {
	return call(p.t.Context(), method, p.url+path, token, body, "")
}

// copyBinary copies this test binary into dir, executable by anyone.
func copyBinary(t *testing.T, dir string) string {
	t.Helper()
	in, err := os.Open(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	path := filepath.Join(dir, "integrity.test")
	out, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}
