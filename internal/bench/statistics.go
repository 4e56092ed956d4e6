package bench

import (
	"context"
	"fmt"
	"io"
	"time"

	"integrity/internal/app"
	"integrity/internal/domain"
	"integrity/internal/store"
)

// StatisticsResult compares the four forms of the whole province (or city)
// for a year by quarter, through the real use case, with the plain SQL
// counts of the same figures.
type StatisticsResult struct {
	Officials    int64
	Year         int
	Handlings    int64
	FormsTime    time.Duration
	FormsRSS     int64
	BaselineTime time.Duration
	BaselineRows int64
	Same         bool
}

// Statistics counts the four forms of the top unit for year through
// app.FourForms (as a commission leader with scope all: the handlings by
// department, form and month, the people of each form, rolled up to the
// units below and the quarters), then the baseline: the same figures by
// plain SQL (the handlings by department, form and month; the people of
// each form; the people of any form), and checks that both agree.
func Statistics(ctx context.Context, svc *app.Service, db *store.DB, year int, progress io.Writer) (StatisticsResult, error) {
	res := StatisticsResult{Year: year}
	counts, err := db.Count(ctx)
	if err != nil {
		return res, err
	}
	res.Officials = counts.Officials
	cl := app.Caller{Principal: &domain.Principal{User: domain.User{ID: -1, Username: "bench"},
		Grants: []domain.GrantInfo{{Role: domain.RoleDisciplineApprover, Scope: domain.ScopeAll}}}}
	if err := svc.Resolve(ctx, &cl, map[string]bool{domain.RoleDisciplineApprover: true}); err != nil {
		return res, err
	}
	from, to := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(year+1, 1, 1, 0, 0, 0, 0, time.UTC)
	fmt.Fprintf(progress, "bench: the four forms of %d by unit and quarter among %d officials…\n", year, res.Officials)
	sampler := sampleRSS()
	start := time.Now()
	r, err := svc.FourForms(ctx, cl, app.FormsQuery{From: from, To: to, Group: app.GroupQuarter})
	res.FormsTime, res.FormsRSS = time.Since(start), sampler.Stop()
	if err != nil {
		return res, err
	}
	res.Handlings = r.Handlings

	fmt.Fprintf(progress, "bench: the same figures counted by plain SQL…\n")
	start = time.Now()
	// The handlings of the year: one act of one official, in its heaviest form.
	const handlings = `SELECT o.department_id, r.official_id, MAX(c.form) AS form, MIN(r.decision_date) AS day FROM records r
		JOIN record_codes c ON c.code = r.code JOIN officials o ON o.id = r.official_id
		WHERE r.state = 'active' AND c.form > 0 AND r.decision_date >= ? AND r.decision_date < ?
		GROUP BY o.department_id, r.official_id, r.act_ref, CASE WHEN r.act_ref = '' THEN r.id ELSE 0 END`
	month := "strftime('%Y-%m', h.day)"
	switch db.Dialect {
	case "mysql":
		month = "DATE_FORMAT(h.day, '%Y-%m')"
	case "postgres":
		month = "to_char(h.day, 'YYYY-MM')"
	}
	var byForm, peopleOf [5]int64
	var people int64
	scan := func(query string, each func(form int, n int64)) error {
		rows, err := db.SQL().QueryContext(ctx, query, from, to)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var form int
			var n int64
			if err := rows.Scan(&form, &n); err != nil {
				return err
			}
			if form >= 1 && form <= 4 {
				each(form, n)
			}
		}
		return rows.Err()
	}
	if err := scan("SELECT h.form, COUNT(*) FROM ("+handlings+") h GROUP BY h.department_id, h.form, "+month, func(form int, n int64) {
		byForm[form] += n
		res.BaselineRows += n
	}); err != nil {
		return res, err
	}
	if err := scan("SELECT h.form, COUNT(DISTINCT h.official_id) FROM ("+handlings+") h GROUP BY h.form", func(form int, n int64) { peopleOf[form] = n }); err != nil {
		return res, err
	}
	if err := db.SQL().QueryRowContext(ctx, "SELECT COUNT(DISTINCT h.official_id) FROM ("+handlings+") h", from, to).Scan(&people); err != nil {
		return res, err
	}
	res.BaselineTime = time.Since(start)
	res.Same = res.BaselineRows == r.Handlings && people == r.People
	for i, f := range r.Forms {
		res.Same = res.Same && f.Handlings == byForm[i+1] && f.People == peopleOf[i+1]
	}
	return res, nil
}
