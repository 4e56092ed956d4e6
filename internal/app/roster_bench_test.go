package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"integrity/internal/app"
	"integrity/internal/domain"
	"integrity/internal/seed"
	"integrity/internal/store/storetest"
)

// BenchmarkRosterImport registers a roster of the largest size a file may
// have (app.MaxRosterRows) into an empty registry, then imports it again
// with every row's post changed (an update of each official), on the
// configured database. docs/BENCHMARKS.md has the figures.
//
//	go test -run '^$' -bench BenchmarkRosterImport -benchtime 1x ./internal/app
func BenchmarkRosterImport(b *testing.B) {
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := storetest.MustOpenDB(b)
		s := newService(b, db)
		dept := domain.Department{Code: "bench", Name: "bench", Kind: domain.DeptDistrict}
		if err := db.CreateDepartment(ctx, &dept); err != nil {
			b.Fatal(err)
		}
		roster := func(post string) string {
			var sb strings.Builder
			sb.WriteString("身份证号码,姓名,单位编码,职务,人员类别\n")
			for n := 0; n < app.MaxRosterRows; n++ {
				fmt.Fprintf(&sb, "%s,人员%d,bench,%s,公务员\n", seed.SyntheticIDNumber(n, 5, "01", n%2 == 0), n, post)
			}
			return sb.String()
		}
		first, second := roster("科员"), roster("副科长")
		a := app.Actor{Username: "bench", Role: domain.RoleAdmin}
		b.StartTimer()
		for _, pass := range []struct {
			file string
			want func(app.RosterResult) bool
		}{
			{first, func(r app.RosterResult) bool { return r.Created == app.MaxRosterRows }},
			{second, func(r app.RosterResult) bool { return r.Updated == app.MaxRosterRows }},
		} {
			res, err := s.ImportOfficials(ctx, a, "roster.csv", false, strings.NewReader(pass.file))
			if err != nil || !pass.want(res) {
				b.Fatalf("%+v %v", res, err)
			}
		}
	}
	b.ReportMetric(float64(2*app.MaxRosterRows*b.N)/b.Elapsed().Seconds(), "rows/s")
}
