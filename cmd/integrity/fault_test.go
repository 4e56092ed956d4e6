package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"integrity/internal/store"
)

// importFile is a CSV import of rows judicial records spread over the given
// officials, with every badEvery-th row's date malformed.
func importFile(ids []string, rows, badEvery int) []byte {
	var b bytes.Buffer
	b.WriteString("身份证号码,来源编号,记录类别,记录事项,决定日期,文号\n")
	for i := 1; i <= rows; i++ {
		date := fmt.Sprintf("2024/%d/%d", 1+i%12, 1+i%28)
		if i%badEvery == 0 {
			date = "2024/13/45"
		}
		fmt.Fprintf(&b, "%s,KILL-%06d,司法,民事判决未履行,%s,（2024）云01民初%d号\n", ids[i%len(ids)], i, date, i)
	}
	return b.Bytes()
}

func (p *server) upload(token, name string, content []byte) int64 {
	p.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(content)
	mw.Close()
	a, err := call(context.Background(), http.MethodPost, p.url+"/api/v1/imports", token, &body, mw.FormDataContentType())
	if err != nil || a.Status != 202 {
		p.t.Fatalf("upload: %v %d %s", err, a.Status, a.Body)
	}
	var im struct {
		ID int64 `json:"id"`
	}
	a.json(p.t, &im)
	return im.ID
}

type importState struct {
	Status    string `json:"status"`
	Total     int64  `json:"total"`
	Accepted  int64  `json:"accepted"`
	Rejected  int64  `json:"rejected"`
	Created   int64  `json:"created"`
	Updated   int64  `json:"updated"`
	Unchanged int64  `json:"unchanged"`
}

// TestFaultKillDuringImport kills the server with SIGKILL while an import
// is half written, starts it again, and finds every accepted row stored
// once: the batches committed before the kill are found unchanged on the
// rerun, the rest created, and the report and the audit trail say so once.
func TestFaultKillDuringImport(t *testing.T) {
	onEachDatabase(t, func(t *testing.T, dbURL string) {
		const rows, badEvery = 25000, 1000 // five batches of 5,000 rows
		s := newSite(t, dbURL, 40)
		srv := s.start()
		db := s.open()
		ids := s.idNumbers(db, 40)
		clerk := srv.login("clerk")
		id := srv.upload(clerk, "kill.csv", importFile(ids, rows, badEvery))

		// Kill once the first batch has committed and before the last.
		poll(t, 60*time.Second, "the import's first batch", func() bool {
			return count(t, db, "SELECT COUNT(*) FROM imports WHERE id = ? AND total > 0", id) == 1
		})
		srv.kill()
		var half importState
		if err := db.SQL().QueryRow("SELECT status, total FROM imports WHERE id = ?", id).Scan(&half.Status, &half.Total); err != nil {
			t.Fatal(err)
		}
		if half.Status != "running" || half.Total >= rows {
			t.Fatalf("the import finished before the kill: %+v; make the file bigger", half)
		}
		committed := count(t, db, "SELECT COUNT(*) FROM records WHERE source_ref LIKE 'KILL-%'")
		t.Logf("killed with %d of %d rows read and %d records committed", half.Total, rows, committed)
		passLeases(t, db)

		srv = s.start()
		var rep importState
		poll(t, 90*time.Second, "the resumed import", func() bool {
			srv.must(http.MethodGet, fmt.Sprintf("/api/v1/imports/%d", id), clerk, nil, 200).json(t, &rep)
			return rep.Status == "done" || rep.Status == "failed"
		})
		bad := int64(rows / badEvery)
		if rep.Status != "done" || rep.Total != rows || rep.Accepted != rows-bad || rep.Rejected != bad ||
			rep.Created+rep.Unchanged != rep.Accepted || rep.Updated != 0 || rep.Unchanged < committed {
			t.Fatalf("the report after the restart: %+v (%d rows committed before the kill)", rep, committed)
		}
		if n, distinct := count(t, db, "SELECT COUNT(*) FROM records WHERE source_ref LIKE 'KILL-%'"),
			count(t, db, "SELECT COUNT(DISTINCT source_ref) FROM records WHERE source_ref LIKE 'KILL-%'"); n != rows-bad || distinct != n {
			t.Fatalf("%d records with %d distinct references, want %d once each", n, distinct, rows-bad)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM import_errors WHERE import_id = ?", id); n != bad {
			t.Fatalf("%d stored row problems, want %d (none repeated by the rerun)", n, bad)
		}
		for _, action := range []string{"import_start", "import_finish"} {
			if n := count(t, db, "SELECT COUNT(*) FROM audit_log WHERE action = ? AND target_id = ?", action, fmt.Sprint(id)); n != 1 {
				t.Fatalf("%d %s audit entries, want one", n, action)
			}
		}
		srv.stop()
		s.auditVerify()
	})
}

// snapshots reads every official's snapshot.
func snapshots(t *testing.T, db *store.DB) map[int64]string {
	t.Helper()
	rows, err := db.SQL().Query("SELECT official_id, score, grade, policy_version FROM score_snapshots")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id, score, version int64
		var grade string
		if err := rows.Scan(&id, &score, &grade, &version); err != nil {
			t.Fatal(err)
		}
		out[id] = fmt.Sprintf("%d %s v%d", score, grade, version)
	}
	return out
}

// TestFaultKillDuringRecompute kills the server while a full recompute is
// between batches, starts it again, and finds the recompute finished from
// its cursor: every official has one snapshot, the same a fresh recompute
// gives, and no warning was raised twice.
func TestFaultKillDuringRecompute(t *testing.T) {
	onEachDatabase(t, func(t *testing.T, dbURL string) {
		const officials = 4000
		s := newSite(t, dbURL, 40)
		var out, errb bytes.Buffer
		if err := run(context.Background(), []string{"seed", "--demo", "--officials", fmt.Sprint(officials), "--records-per-official", "3"}, s.getenv, nil, &out, &errb); err != nil {
			t.Fatalf("seed: %v %s", err, errb.String())
		}
		db := s.open()
		srv := s.start()
		// The server queues the day's recompute as it starts; an admin asks
		// for another. Kill while one of them is part done. A fast server
		// can finish every batch between the poll and the kill: then start
		// it again, ask again and kill again.
		var done, total int64
		for try := 1; ; try++ {
			admin := srv.login("admin")
			srv.must(http.MethodPost, "/api/v1/recompute", admin, nil, 202)
			poll(t, 60*time.Second, "a recompute's first batch", func() bool {
				err := db.SQL().QueryRow("SELECT done, total FROM jobs WHERE kind = 'recompute' AND status = 'running' AND done > 0 ORDER BY id LIMIT 1").Scan(&done, &total)
				return err == nil
			})
			srv.kill()
			var minDone, maxTotal sql.NullInt64
			if err := db.SQL().QueryRow("SELECT MIN(done), MAX(total) FROM jobs WHERE kind = 'recompute' AND status = 'running'").Scan(&minDone, &maxTotal); err != nil {
				t.Fatal(err)
			}
			if minDone.Valid && minDone.Int64 < maxTotal.Int64 {
				done, total = minDone.Int64, maxTotal.Int64
				break
			}
			if try == 5 {
				t.Fatalf("in %d tries every recompute finished before the kill; give it more officials", try)
			}
			t.Logf("try %d: the recompute finished before the kill; again", try)
			passLeases(t, db)
			srv = s.start()
		}
		t.Logf("killed with a recompute at %d of %d officials", done, total)
		passLeases(t, db)

		srv = s.start()
		poll(t, 90*time.Second, "the recomputes after the restart", func() bool {
			return count(t, db, "SELECT COUNT(*) FROM jobs WHERE status IN ('queued', 'running')") == 0
		})
		srv.stop()
		if n := count(t, db, "SELECT COUNT(*) FROM jobs WHERE kind = 'recompute' AND (status <> 'done' OR done <> total)"); n != 0 {
			t.Fatalf("%d recompute jobs not done in full", n)
		}
		after := snapshots(t, db)
		if len(after) != officials {
			t.Fatalf("%d snapshots for %d officials", len(after), officials)
		}
		dupWarnings := "SELECT COUNT(*) FROM (SELECT official_id, rule FROM warnings WHERE state <> 'resolved' GROUP BY official_id, rule HAVING COUNT(*) > 1) d"
		if n := count(t, db, dupWarnings); n != 0 {
			t.Fatalf("%d officials hold the same open warning twice", n)
		}
		out.Reset()
		if err := run(context.Background(), []string{"recompute"}, s.getenv, nil, &out, &errb); err != nil {
			t.Fatalf("a fresh recompute: %v %s", err, errb.String())
		}
		fresh := snapshots(t, db)
		for id, snap := range fresh {
			if after[id] != snap {
				t.Fatalf("official %d: %q after the crash, %q from a fresh recompute", id, after[id], snap)
			}
		}
		if n := count(t, db, dupWarnings); n != 0 {
			t.Fatalf("%d officials hold the same open warning twice", n)
		}
		s.auditVerify()
	})
}

// TestFaultKillUnderAuditLoad kills the server while many clients read
// files and scores, each read writing its audit entry. After the restart
// the chain verifies, and every read that answered 200 before the kill has
// its entry: a read returns only once its entry is committed.
func TestFaultKillUnderAuditLoad(t *testing.T) {
	onEachDatabase(t, func(t *testing.T, dbURL string) {
		s := newSite(t, dbURL, 40)
		srv := s.start()
		db := s.open()
		admin := srv.login("admin")
		var officials []int64
		rows, err := db.SQL().Query("SELECT id FROM officials")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			officials = append(officials, id)
		}
		rows.Close()

		const clients = 16
		var mu sync.Mutex
		var answered []string // request ids of the reads that answered 200
		var unexpected []string
		var ok atomic.Int64
		ctx, stop := context.WithCancel(context.Background())
		defer stop()
		var wg sync.WaitGroup
		for c := 0; c < clients; c++ {
			wg.Add(1)
			go func(c int) {
				defer wg.Done()
				rnd := rand.New(rand.NewPCG(uint64(c), 7))
				for ctx.Err() == nil {
					path := fmt.Sprintf("/api/v1/officials/%d/score", officials[rnd.IntN(len(officials))])
					if c%2 == 1 {
						path = fmt.Sprintf("/api/v1/officials/%d/file", officials[rnd.IntN(len(officials))])
					}
					a, err := call(ctx, http.MethodGet, srv.url+path, admin, nil, "")
					if err != nil {
						return // the server is gone
					}
					mu.Lock()
					if a.Status == 200 {
						answered = append(answered, a.Header.Get("X-Request-ID"))
						ok.Add(1)
					} else {
						unexpected = append(unexpected, fmt.Sprintf("%s: %d %s", path, a.Status, a.Body))
					}
					mu.Unlock()
				}
			}(c)
		}
		poll(t, 60*time.Second, "reads under load", func() bool { return ok.Load() >= 400 })
		srv.kill()
		wg.Wait()
		stop()
		if len(unexpected) > 0 {
			t.Fatalf("%d reads did not answer 200 before the kill, first: %s", len(unexpected), unexpected[0])
		}

		srv = s.start()
		srv.stop()
		s.auditVerify()
		audited := map[string]bool{}
		rows, err = db.SQL().Query("SELECT request_id FROM audit_log WHERE action IN ('score_read', 'file_read')")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var rid string
			rows.Scan(&rid)
			audited[rid] = true
		}
		rows.Close()
		missing := 0
		for _, rid := range answered {
			if rid == "" || !audited[rid] {
				missing++
			}
		}
		if missing > 0 {
			t.Fatalf("%d of %d reads answered 200 without an audit entry", missing, len(answered))
		}
		t.Logf("%d reads answered before the kill, each audited; %d read entries in the chain", len(answered), len(audited))
		if !strings.Contains(srv.log.String(), "shutting down") {
			t.Fatal("the restarted server did not shut down cleanly")
		}
	})
}
