package seed_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"integrity/internal/app"
	"integrity/internal/config"
	"integrity/internal/domain"
	"integrity/internal/store"
	"integrity/internal/store/storetest"
)

// demoOfficial and demoRecord are what the law tests read of the demo.
type demoOfficial struct {
	id                                   int64
	gender, post, rank, category, status string
	birth                                time.Time
	party                                bool
}

type demoRecord struct {
	id, official                  int64
	category, code, state, actRef string
	decided                       time.Time
	effective, ended              *time.Time
	period, year                  *int
}

// readDemo reads every official and record of a demo.
func readDemo(t *testing.T, db *store.DB) (map[int64]*demoOfficial, []demoRecord) {
	t.Helper()
	rows, err := db.SQL().Query("SELECT id, gender, post, job_rank, category, status, birth_date, party_member FROM officials")
	if err != nil {
		t.Fatal(err)
	}
	officials := map[int64]*demoOfficial{}
	for rows.Next() {
		var o demoOfficial
		if err := rows.Scan(&o.id, &o.gender, &o.post, &o.rank, &o.category, &o.status, &o.birth, &o.party); err != nil {
			t.Fatal(err)
		}
		officials[o.id] = &o
	}
	rows.Close()
	rows, err = db.SQL().Query(`SELECT id, official_id, category, code, state, act_ref, decision_date, effective_date, ended_on,
		period_months, assessment_year FROM records ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var recs []demoRecord
	for rows.Next() {
		var r demoRecord
		var eff, ended sql.NullTime
		var period, year sql.NullInt64
		if err := rows.Scan(&r.id, &r.official, &r.category, &r.code, &r.state, &r.actRef, &r.decided, &eff, &ended, &period, &year); err != nil {
			t.Fatal(err)
		}
		if eff.Valid {
			r.effective = &eff.Time
		}
		if ended.Valid {
			r.ended = &ended.Time
		}
		if period.Valid {
			n := int(period.Int64)
			r.period = &n
		}
		if year.Valid {
			n := int(year.Int64)
			r.year = &n
		}
		recs = append(recs, r)
	}
	return officials, recs
}

func (r demoRecord) effectiveDay() time.Time {
	if r.effective != nil {
		return *r.effective
	}
	return r.decided
}

var (
	expulsionCodes  = []string{"gov_expulsion", "party_expulsion"}
	convictionCodes = []string{"jud_criminal", "jud_bribery", "tr_drunk_driving"}
	// lawfulPosts are the posts each rank (职级) or public-institution
	// grade (职员等级) may hold: its level's plain post and its leadership
	// posts in a city bureau, a district, a district bureau or a street.
	lawfulPosts = map[string][]string{
		"二级科员": {"科员"}, "一级科员": {"科员"}, "九级职员": {"科员"},
		"四级主任科员": {"主任科员", "副科长", "副主任", "副局长"}, "三级主任科员": {"主任科员", "副科长", "副主任", "副局长"},
		"二级主任科员": {"主任科员", "科长", "主任", "局长", "书记"}, "一级主任科员": {"主任科员", "科长", "主任", "局长", "书记"},
		"四级调研员": {"调研员", "副局长", "副区长", "副县长"}, "三级调研员": {"调研员", "副局长", "副区长", "副县长"},
		"二级调研员": {"调研员", "局长", "区长", "县长"}, "一级调研员": {"调研员", "局长", "区长", "县长"},
		"二级巡视员": {"巡视员", "局长"}, "一级巡视员": {"巡视员", "局长"},
		"八级职员": {"职员", "副科长"}, "七级职员": {"职员", "科长"}, "六级职员": {"职员", "副主任"}, "五级职员": {"职员", "主任"},
	}
)

// TestDemoKeepsToTheLaw generates a demo of 2,000 officials and checks
// each rule of the law and of life it keeps.
func TestDemoKeepsToTheLaw(t *testing.T) {
	ctx := context.Background()
	db := storetest.MustOpenDB(t)
	demo(t, db, 2000, 7)
	officials, recs := readDemo(t, db)
	byOfficial := map[int64][]demoRecord{}
	for _, r := range recs {
		byOfficial[r.official] = append(byOfficial[r.official], r)
	}
	active := func(r demoRecord) bool { return r.state == domain.RecordActive }

	t.Run("ExpelledAndConvictedHaveLeft", func(t *testing.T) {
		ended := 0
		for id, rs := range byOfficial {
			// The day their service ended: the first expulsion, else the
			// first conviction taking effect.
			var left time.Time
			for _, r := range rs {
				if active(r) && slices.Contains(expulsionCodes, r.code) && (left.IsZero() || r.decided.Before(left)) {
					left = r.decided
				}
			}
			for _, r := range rs {
				if active(r) && slices.Contains(convictionCodes, r.code) && left.IsZero() {
					left = r.effectiveDay()
				}
			}
			if left.IsZero() {
				continue
			}
			ended++
			if o := officials[id]; o.status != domain.OfficialLeft {
				t.Fatalf("official %d, expelled or convicted by %s, is %s", id, left.Format(time.DateOnly), o.status)
			}
			for _, r := range rs {
				for _, d := range []*time.Time{&r.decided, r.effective, r.ended} {
					if d != nil && d.After(left) {
						t.Fatalf("official %d left on %s; their %s record %d is dated %s", id, left.Format(time.DateOnly), r.code, r.id, d.Format(time.DateOnly))
					}
				}
			}
		}
		if ended < 20 || ended > len(officials)/10 {
			t.Fatalf("%d of %d officials expelled or convicted", ended, len(officials))
		}
	})

	t.Run("ConvictionsFollowedByExpulsion", func(t *testing.T) {
		convicted, expelled := 0, 0
		for _, rs := range byOfficial {
			for _, c := range rs {
				if !active(c) || !slices.Contains(convictionCodes, c.code) {
					continue
				}
				convicted++
				if c.actRef == "" {
					t.Fatalf("conviction %d names no act", c.id)
				}
				if slices.ContainsFunc(rs, func(x demoRecord) bool {
					return x.code == "gov_expulsion" && x.actRef == c.actRef && !x.decided.Before(c.decided) && x.decided.Before(c.decided.AddDate(0, 6, 0))
				}) {
					expelled++
				}
			}
		}
		if convicted < 10 || expelled < convicted*7/10 {
			t.Fatalf("%d of %d convictions followed by expulsion for the act", expelled, convicted)
		}
	})

	t.Run("NobodyPastRetirementAgeActive", func(t *testing.T) {
		retired := 0
		for _, o := range officials {
			age := asOf.Year() - o.birth.Year()
			if asOf.Month() < o.birth.Month() || asOf.Month() == o.birth.Month() && asOf.Day() < o.birth.Day() {
				age--
			}
			retireAt := 60
			if o.gender == "F" {
				retireAt = 55
			}
			if o.status == domain.OfficialActive && (age >= retireAt || age < 22) {
				t.Fatalf("official %d (%s, born %s) is active at %d", o.id, o.gender, o.birth.Format(time.DateOnly), age)
			}
			if o.status == domain.OfficialRetired {
				retired++
			}
		}
		if retired == 0 {
			t.Fatal("nobody has retired")
		}
	})

	t.Run("PostsMatchRanks", func(t *testing.T) {
		leaders := 0
		for _, o := range officials {
			posts, ok := lawfulPosts[o.rank]
			if !ok || !slices.Contains(posts, o.post) {
				t.Fatalf("official %d: a %s holds the post %s", o.id, o.rank, o.post)
			}
			if o.post != posts[0] {
				leaders++
			}
		}
		if leaders < len(officials)/10 {
			t.Fatalf("only %d leaders among %d officials", leaders, len(officials))
		}
	})

	t.Run("PartySanctionsOnlyForMembers", func(t *testing.T) {
		n := 0
		for _, r := range recs {
			if r.category == "party_sanction" {
				n++
				if !officials[r.official].party {
					t.Fatalf("party sanction %d (%s) of non-member %d", r.id, r.code, r.official)
				}
			}
		}
		if n == 0 {
			t.Fatal("no party sanctions")
		}
	})

	t.Run("LinkedPartyAndGovernmentSanctions", func(t *testing.T) {
		sanctions, paired, sameDay := 0, 0, 0
		for _, rs := range byOfficial {
			for _, p := range rs {
				if p.category != "party_sanction" || slices.Contains(expulsionCodes, p.code) {
					continue
				}
				sanctions++
				i := slices.IndexFunc(rs, func(g demoRecord) bool {
					return g.category == "gov_sanction" && p.actRef != "" && g.actRef == p.actRef
				})
				if i < 0 {
					continue
				}
				paired++
				if rs[i].effectiveDay().Equal(p.effectiveDay()) {
					sameDay++
				}
			}
		}
		if paired < 20 || paired < sanctions/4 || sameDay < paired*6/10 {
			t.Fatalf("%d party sanctions, %d with the government one for the act, %d of them in effect on the same day", sanctions, paired, sameDay)
		}
	})

	t.Run("AnnualAssessments", func(t *testing.T) {
		grades := map[string]int{}
		assessed := map[int64]bool{}
		for id, rs := range byOfficial {
			years := map[int]bool{}
			for _, a := range rs {
				if a.category != domain.CategoryAnnualAssessment {
					continue
				}
				if a.year == nil || *a.year != a.decided.Year()-1 || a.decided.Month() > time.March {
					t.Fatalf("assessment %d of year %v decided %s", a.id, a.year, a.decided.Format(time.DateOnly))
				}
				if years[*a.year] {
					t.Fatalf("official %d has two results for %d", id, *a.year)
				}
				years[*a.year], assessed[id] = true, true
				grades[a.code]++
				first, next := time.Date(*a.year, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(*a.year+1, 1, 1, 0, 0, 0, 0, time.UTC)
				for _, r := range rs {
					months := map[string]int{"gov_demerit": 12, "gov_major_demerit": 18, "gov_demotion": 24, "gov_dismissal_from_post": 24}[r.code]
					if r.period != nil && months > 0 {
						months = *r.period
					}
					if active(r) && months > 0 && r.effectiveDay().Before(next) && r.effectiveDay().AddDate(0, months, 0).After(first) && a.code != "assess_no_grade" {
						t.Fatalf("official %d: %s in %d while %s %d ran", id, a.code, *a.year, r.code, r.id)
					}
					if active(r) && r.code == "inv_case_opened" && !r.decided.After(a.decided) && (r.ended == nil || r.ended.After(a.decided)) {
						t.Fatalf("official %d: assessed %s while investigation %d was open", id, a.decided.Format(time.DateOnly), r.id)
					}
				}
			}
		}
		total := 0
		for _, n := range grades {
			total += n
		}
		activeOnes := 0
		for _, o := range officials {
			if o.status == domain.OfficialActive {
				activeOnes++
			}
		}
		excellent, competent := grades["assess_excellent"]*100/total, grades["assess_competent"]*100/total
		if excellent < 8 || excellent > 16 || competent < 70 || grades["assess_no_grade"] == 0 ||
			(grades["assess_basic"]+grades["assess_incompetent"])*100/total > 5 || len(assessed) < activeOnes*9/10 {
			t.Fatalf("assessment results %v for %d officials (%d active)", grades, len(assessed), activeOnes)
		}
	})

	t.Run("LegalEffect", func(t *testing.T) {
		late, combined, closed := 0, 0, map[string]int{}
		for _, r := range recs {
			if r.effective == nil || r.effective.Before(r.decided) {
				t.Fatalf("record %d (%s) decided %s takes effect %v", r.id, r.code, r.decided.Format(time.DateOnly), r.effective)
			}
			if r.effective.After(r.decided) {
				late++
			}
			if r.period != nil {
				combined++
				if r.category != "gov_sanction" || *r.period > 48 {
					t.Fatalf("record %d (%s) states %d months", r.id, r.code, *r.period)
				}
			}
			if r.ended != nil {
				closed[r.code]++
			}
		}
		if late < len(recs)/100 || combined == 0 || combined > len(recs)/100 || closed["inv_case_opened"] == 0 || closed["jud_dishonest_debtor"] == 0 {
			t.Fatalf("%d records in effect after their decision, %d stating a combined period, ended: %v", late, combined, closed)
		}
	})

	t.Run("WarningsRaisedOverMonths", func(t *testing.T) {
		now := asOf.Add(10 * time.Hour)
		db.Now = func() time.Time { return now }
		s := app.New(db, keys(t), config.Auth{AccessTTL: time.Minute}, true)
		if err := s.SettleDemoWarnings(ctx); err != nil {
			t.Fatal(err)
		}
		rows, err := db.SQL().Query("SELECT raised_at, record_ids FROM warnings")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		decided := map[int64]time.Time{}
		for _, r := range recs {
			decided[r.id] = r.decided
		}
		days := map[string]bool{}
		var first time.Time
		for rows.Next() {
			var raised time.Time
			var ids string
			if err := rows.Scan(&raised, &ids); err != nil {
				t.Fatal(err)
			}
			if raised.After(now) {
				t.Fatalf("a warning raised at %v, after now", raised)
			}
			for _, f := range strings.Split(ids, ",") {
				if id, err := strconv.ParseInt(f, 10, 64); err == nil && raised.Before(decided[id]) {
					t.Fatalf("a warning raised %s, before record %d of %s (eff %v; %s)", raised.Format(time.DateOnly), id, decided[id].Format(time.DateOnly), *recs[slices.IndexFunc(recs, func(r demoRecord) bool { return r.id == id })].effective, ids)
				}
			}
			days[raised.Format(time.DateOnly)] = true
			if first.IsZero() || raised.Before(first) {
				first = raised
			}
		}
		if len(days) < 30 || now.Sub(first) < 90*24*time.Hour {
			t.Fatalf("warnings raised on %d days from %v", len(days), first)
		}
	})
}

// TestDemoOfficialAccount: in a demo of any size the official the demo's
// own official account is linked to is in post, with a court record that is
// not a conviction (to dispute, before the demo clerk's court) and a traffic
// record (to repair), as the browser tests of self-service expect.
func TestDemoOfficialAccount(t *testing.T) {
	for _, s := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprint("Seed", s), func(t *testing.T) {
			db := storetest.MustOpenSQLite(t)
			demo(t, db, 30, s)
			id, err := db.DemoOfficialID(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			officials, recs := readDemo(t, db)
			if o := officials[id]; o == nil || o.status != domain.OfficialActive {
				t.Fatalf("the demo official %d is %+v", id, o)
			}
			court := slices.ContainsFunc(recs, func(r demoRecord) bool {
				return r.official == id && r.category == "judicial" && r.state == domain.RecordActive && !slices.Contains(convictionCodes, r.code)
			})
			credit := slices.ContainsFunc(recs, func(r demoRecord) bool {
				return r.official == id && r.code == "tr_points" && r.state == domain.RecordActive
			})
			if !court || !credit {
				t.Fatalf("the demo official %d has no court record (%v) or no traffic record (%v)", id, court, credit)
			}
		})
	}
}
