package bench

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"integrity/internal/app"
	"integrity/internal/domain"
	"integrity/internal/secure"
	"integrity/internal/store"
)

// ImportResult compares the import of a CSV file with a plain batched
// INSERT of the same rows.
type ImportResult struct {
	Rows           int
	ImportTime     time.Duration
	ImportPeakRSS  int64
	BaselineTime   time.Duration
	BaselinePeakRS int64
	Accepted       int
}

// Import writes rows records for the officials of the database (taken round
// robin) as a CSV file, imports it through the real import path, and then
// inserts the same rows under another source with multi-row INSERT
// statements of 1,000 rows, the baseline. dir holds the scratch file.
func Import(ctx context.Context, svc *app.Service, db *store.DB, keys *secure.Keys, rows int, dir string, progress io.Writer) (ImportResult, error) {
	res := ImportResult{Rows: rows}
	ids, officialIDs, err := officialNumbers(ctx, db, keys, 200_000)
	if err != nil {
		return res, err
	}
	if len(ids) == 0 {
		return res, fmt.Errorf("bench: the database has no officials; run `integrity seed --demo` first")
	}
	stamp := db.Now().Format("20060102150405")
	mk := func(code string) (domain.Source, error) {
		s := domain.Source{Code: code + "_" + stamp, Name: "benchmark " + code, Categories: "judicial"}
		return s, db.UpsertSource(ctx, &s)
	}
	src, err := mk("bench_import")
	if err != nil {
		return res, err
	}
	base, err := mk("bench_baseline")
	if err != nil {
		return res, err
	}
	path := filepath.Join(dir, "bench-import-"+stamp+".csv")
	if err := writeCSV(path, ids, rows); err != nil {
		return res, err
	}
	defer os.Remove(path)

	fmt.Fprintf(progress, "bench: importing %d rows through the import path…\n", rows)
	f, err := os.Open(path)
	if err != nil {
		return res, err
	}
	sampler := sampleRSS()
	start := time.Now()
	im, err := svc.StartImport(ctx, app.Actor{Username: "bench"}, app.Submitter{Source: src}, "bench.csv", false, f)
	f.Close()
	if err == nil {
		err = svc.RunImport(ctx, im.ID)
	}
	res.ImportTime = time.Since(start)
	res.ImportPeakRSS = sampler.Stop()
	if err != nil {
		return res, err
	}
	if im, err = db.Import(ctx, 0, im.ID); err != nil {
		return res, err
	}
	if im.Status != domain.ImportDone || im.Accepted != rows {
		return res, fmt.Errorf("bench: the import ended %s with %d of %d rows accepted: %s", im.Status, im.Accepted, rows, im.Message)
	}
	res.Accepted = im.Accepted

	fmt.Fprintf(progress, "bench: inserting the same %d rows with batched INSERTs…\n", rows)
	sampler = sampleRSS()
	start = time.Now()
	err = baselineInsert(ctx, db.SQL(), base.ID, officialIDs, rows, db.Now())
	res.BaselineTime = time.Since(start)
	res.BaselinePeakRS = sampler.Stop()
	if err == nil {
		// What autovacuum does after a million rows (and where it is off
		// nothing else would), outside the time: the measures that follow
		// plan their reads of the records from the statistics.
		err = db.RefreshStatistics(ctx, "records")
	}
	return res, err
}

// officialNumbers decrypts up to limit ID numbers, streaming the officials.
func officialNumbers(ctx context.Context, db *store.DB, keys *secure.Keys, limit int) ([]string, []int64, error) {
	rows, err := db.SQL().QueryContext(ctx, "SELECT id, id_number_enc FROM officials ORDER BY id LIMIT ?", limit)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var ids []string
	var oids []int64
	for rows.Next() {
		var id int64
		var enc []byte
		if err := rows.Scan(&id, &enc); err != nil {
			return nil, nil, err
		}
		n, err := keys.Decrypt(enc, domain.IDNumberAD)
		if err != nil {
			return nil, nil, fmt.Errorf("bench: cannot decrypt an ID number (was the database seeded with another INTEGRITY_SECRET_KEY?)")
		}
		ids, oids = append(ids, n), append(oids, id)
	}
	return ids, oids, rows.Err()
}

func rowDate(i int) string {
	return time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%1500).Format("2006-01-02")
}

func writeCSV(path string, ids []string, rows int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, "身份证号码,来源编号,记录类别,记录事项,决定日期,文号,决定机关,简要情况")
	for i := 0; i < rows; i++ {
		fmt.Fprintf(w, "%s,B-%d,司法,民事判决未履行,%s,（2024）云01民初%d号,云州市中级人民法院,逾期未履行生效判决\n", ids[i%len(ids)], i, rowDate(i), i)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}

// baselineInsert is the plain way: the rows are known, the officials are
// known, 1,000 rows go in one multi-row INSERT, 10 statements per
// transaction.
func baselineInsert(ctx context.Context, db *store.RawSQL, sourceID int64, officials []int64, rows int, now time.Time) error {
	const per = 1000
	cols := "(official_id, source_id, source_ref, category, code, decision_date, document_no, authority, summary, state, version, created_at, updated_at)"
	one := "(?, ?, ?, 'judicial', 'jud_civil_unperformed', ?, ?, '云州市中级人民法院', '逾期未履行生效判决', 'active', 1, ?, ?)"
	for i := 0; i < rows; {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		for s := 0; s < 10 && i < rows; s++ {
			n := min(per, rows-i)
			args := make([]any, 0, n*7)
			for j := 0; j < n; j++ {
				k := i + j
				d, _ := time.Parse("2006-01-02", rowDate(k))
				args = append(args, officials[k%len(officials)], sourceID, fmt.Sprintf("B-%d", k), d, fmt.Sprintf("（2024）云01民初%d号", k), now, now)
			}
			q := "INSERT INTO records " + cols + " VALUES " + strings.TrimSuffix(strings.Repeat(one+",", n), ",")
			if _, err := tx.ExecContext(ctx, db.Rebind(q), args...); err != nil {
				tx.Rollback()
				return err
			}
			i += n
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}
