package seed_test

import (
	"testing"
	"time"

	"integrity/internal/store/storetest"
)

// TestDemoKeepsToTheLaw: over a generated demo of 2,000 officials, nobody
// expelled or convicted is active, nobody past retirement age is active,
// posts match ranks, party sanctions are for party members only, linked
// party and government sanctions share an act reference and an effective
// date, and active officials have their assessment results with the year.
func TestDemoKeepsToTheLaw(t *testing.T) {
	db := storetest.MustOpenDB(t)
	demo(t, db, 2000, 7)
	count := func(query string, args ...any) int {
		t.Helper()
		var n int
		if err := db.SQL().QueryRow(query, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return n
	}
	if n := count(`SELECT COUNT(DISTINCT o.id) FROM officials o JOIN records r ON r.official_id = o.id
		WHERE o.status = 'active' AND r.state = 'active' AND r.code IN ('gov_expulsion', 'party_expulsion', 'jud_criminal', 'jud_bribery', 'tr_drunk_driving')`); n != 0 {
		t.Errorf("%d active officials expelled or convicted", n)
	}
	if n := count(`SELECT COUNT(*) FROM officials WHERE status = 'left'`); n == 0 {
		t.Error("nobody has left: the expelled should have")
	}
	if n := count(`SELECT COUNT(*) FROM records r JOIN records x ON x.official_id = r.official_id
		WHERE x.code IN ('gov_expulsion', 'party_expulsion') AND x.state = 'active' AND r.decision_date > x.decision_date`); n != 0 {
		t.Errorf("%d records dated after their official was expelled", n)
	}
	if n := count(`SELECT COUNT(*) FROM records r JOIN officials o ON o.id = r.official_id WHERE r.category = 'party_sanction' AND NOT o.party_member`); n != 0 {
		t.Errorf("%d party sanctions of non-members", n)
	}
	if n := count(`SELECT COUNT(*) FROM records p JOIN records g ON g.official_id = p.official_id AND g.act_ref = p.act_ref AND g.id <> p.id
		WHERE p.category = 'party_sanction' AND g.category = 'gov_sanction' AND p.act_ref <> '' AND p.effective_date = g.effective_date`); n < 10 {
		t.Errorf("only %d linked party and government sanctions", n)
	}
	if n := count(`SELECT COUNT(*) FROM records r JOIN records j ON j.official_id = r.official_id AND j.act_ref = r.act_ref
		WHERE r.code = 'gov_expulsion' AND j.code IN ('jud_criminal', 'jud_bribery', 'tr_drunk_driving') AND r.act_ref <> ''`); n == 0 {
		t.Error("no conviction followed by expulsion for the same act")
	}
	years, err := db.SQL().Query(`SELECT assessment_year, decision_date FROM records WHERE category = 'annual_assessment'`)
	if err != nil {
		t.Fatal(err)
	}
	for years.Next() {
		var year *int
		var decided time.Time
		if err := years.Scan(&year, &decided); err != nil {
			t.Fatal(err)
		}
		if year == nil || *year != decided.Year()-1 || decided.Month() > time.March {
			t.Fatalf("an assessment result of year %v decided %s", year, decided.Format(time.DateOnly))
		}
	}
	years.Close()
	if n := count(`SELECT COUNT(*) FROM officials o WHERE o.status = 'active' AND NOT EXISTS
		(SELECT 1 FROM records r WHERE r.official_id = o.id AND r.category = 'annual_assessment')`); n != 0 {
		t.Errorf("%d active officials without assessment results", n)
	}
	rows, err := db.SQL().Query(`SELECT gender, birth_date, post, job_rank, status FROM officials`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	ranks := map[string][]string{"一级科员": {"科员"}, "一级巡视员": {"书记"}, "二级科员": {"办事员", "科员"}}
	for rows.Next() {
		var gender, post, rank, status string
		var birth time.Time
		if err := rows.Scan(&gender, &birth, &post, &rank, &status); err != nil {
			t.Fatal(err)
		}
		retire := 60
		if gender == "F" {
			retire = 55
		}
		if status == "active" && !birth.AddDate(retire, 0, 0).After(asOf) {
			t.Fatalf("an active official born %s (%s) is past retirement age", birth.Format(time.DateOnly), gender)
		}
		if want, ok := ranks[rank]; ok && !contains(want, post) {
			t.Fatalf("a %s holds the post %s", rank, post)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
