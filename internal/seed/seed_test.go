package seed_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"integrity/internal/domain"
	"integrity/internal/policytest"
	"integrity/internal/secure"
	"integrity/internal/seed"
	"integrity/internal/store"
	"integrity/internal/store/storetest"
)

var asOf = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

func keys(t *testing.T) *secure.Keys {
	return storetest.Keys(t, "s")
}

func demo(t *testing.T, db *store.DB, n int, s uint64) seed.Summary {
	t.Helper()
	sum, err := seed.Demo(context.Background(), db, keys(t), policytest.Catalogue(t), seed.Options{Officials: n, Seed: s, AsOf: asOf, BatchSize: 97})
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// fingerprint lists what a person would see of the data, in id order.
func fingerprint(t *testing.T, db *store.DB) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		"SELECT id, department_id, name, gender, id_number_hash, id_number_masked, post, job_rank, category, status FROM officials ORDER BY id",
		"SELECT id, official_id, source_id, source_ref, code, decision_date, effective_date, ended_on, period_months, act_ref, " +
			"assessment_year, document_no, authority, summary, state FROM records ORDER BY id",
		"SELECT id, code, name, path FROM departments ORDER BY id",
	} {
		if err := db.EachRow(context.Background(), q, nil, func(vals []any) error {
			_, err := fmt.Fprintln(&b, vals...)
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	return b.String()
}

func TestDemoIsDeterministic(t *testing.T) {
	a, b, c := storetest.MustOpenSQLite(t), storetest.MustOpenSQLite(t), storetest.MustOpenSQLite(t)
	demo(t, a, 150, 7)
	demo(t, b, 150, 7)
	demo(t, c, 150, 8)
	fa, fb, fc := fingerprint(t, a), fingerprint(t, b), fingerprint(t, c)
	if fa != fb {
		t.Fatal("the same seed gave different data")
	}
	if fa == fc {
		t.Fatal("a different seed gave the same data")
	}
}

func TestDemoData(t *testing.T) {
	ctx := context.Background()
	db := storetest.MustOpenDB(t)
	k := keys(t)
	sum := demo(t, db, 400, 1)
	if sum.Officials != 400 || sum.Records < 2000 {
		t.Fatalf("summary %+v", sum)
	}
	n, err := db.Count(ctx)
	if err != nil || n.Officials != 400 || int(n.Records) != sum.Records {
		t.Fatalf("counts %+v vs summary %+v (%v)", n, sum, err)
	}

	t.Run("DepartmentTree", func(t *testing.T) {
		depts, err := db.Departments(ctx)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string]int{}
		for _, d := range depts {
			kinds[d.Kind]++
		}
		if kinds[domain.DeptCity] != 1 || kinds[domain.DeptDistrict] < 4 || kinds[domain.DeptBureau] < 15 {
			t.Fatalf("department kinds %v", kinds)
		}
	})

	t.Run("EveryCategory", func(t *testing.T) {
		cat := policytest.Catalogue(t)
		for _, c := range cat.Categories {
			if sum.ByCategory[c.Key] == 0 {
				t.Errorf("no %s records", c.Key)
			}
		}
		// Commendations and traffic are common; criminal records are rare.
		if sum.ByCategory["commendation"] < 5*sum.ByCategory["judicial"] {
			t.Errorf("implausible mix: %v", sum.ByCategory)
		}
	})

	t.Run("IDNumbersValidEncryptedAndMasked", func(t *testing.T) {
		rows, err := db.SQL().Query("SELECT id_number_enc, id_number_hash, id_number_masked, gender, birth_date FROM officials")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		seen := map[string]bool{}
		for rows.Next() {
			var enc []byte
			var hash, masked, gender string
			var birth time.Time
			if err := rows.Scan(&enc, &hash, &masked, &gender, &birth); err != nil {
				t.Fatal(err)
			}
			id, err := k.Decrypt(enc, domain.IDNumberAD)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := domain.ValidateIDNumber(id, asOf); err != nil {
				t.Fatalf("%s: %v", id, err)
			}
			if seen[id] {
				t.Fatalf("duplicate ID number %s", id)
			}
			seen[id] = true
			if hash != k.BlindIndex(id) || masked != domain.MaskIDNumber(id) {
				t.Fatalf("hash or mask does not match %s", masked)
			}
			if male := (id[16]-'0')%2 == 1; male != (gender == "M") {
				t.Fatalf("gender %s does not match sequence digit of %s", gender, masked)
			}
			if birth.Format("20060102") != id[6:14] {
				t.Fatalf("birth date %v does not match %s", birth, masked)
			}
		}
	})

	t.Run("DecisionDatesInWindow", func(t *testing.T) {
		var minDate, maxDate time.Time
		if err := db.SQL().QueryRow("SELECT decision_date FROM records ORDER BY decision_date LIMIT 1").Scan(&minDate); err != nil {
			t.Fatal(err)
		}
		if err := db.SQL().QueryRow("SELECT decision_date FROM records ORDER BY decision_date DESC LIMIT 1").Scan(&maxDate); err != nil {
			t.Fatal(err)
		}
		if maxDate.After(asOf) || minDate.Before(asOf.AddDate(-7, 0, 0)) || maxDate.Sub(minDate) < 4*365*24*time.Hour {
			t.Fatalf("decision dates from %v to %v", minDate, maxDate)
		}
	})

	t.Run("ErrSeedTwice", func(t *testing.T) {
		cat := policytest.Catalogue(t)
		_, err := seed.Demo(ctx, db, k, cat, seed.Options{Officials: 1, Seed: 1, AsOf: asOf})
		if domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("seeding twice: %v", err)
		}
	})
}

func TestSyntheticIDNumbersAreUniqueAndValid(t *testing.T) {
	seen := make(map[string]struct{}, 400_000)
	check := func(i int) {
		id := seed.SyntheticIDNumber(i, 11, "02", i%3 == 0)
		if _, err := domain.ValidateIDNumber(id, asOf); err != nil {
			t.Fatalf("official %d: %s: %v", i, id, err)
		}
		if _, dup := seen[id]; dup {
			t.Fatalf("official %d repeats ID number %s", i, id)
		}
		seen[id] = struct{}{}
	}
	for i := 0; i < 300_000; i++ {
		check(i)
	}
	// Across the boundary where numbers move to the next area-code group.
	const space = 499 * 14610
	for i := space - 50_000; i < space+50_000; i++ {
		check(i)
	}
}
