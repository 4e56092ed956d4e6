package httpapi_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"integrity/internal/app"
	"integrity/internal/domain"
	"integrity/internal/ingest"
	"integrity/internal/seed"
)

type formsOut struct {
	Unit  struct{ ID int64 } `json:"unit"`
	Group string             `json:"group"`
	Forms []struct {
		Form      int     `json:"form"`
		Handlings int64   `json:"handlings"`
		People    int64   `json:"people"`
		Share     float64 `json:"share"`
	} `json:"forms"`
	Handlings int64 `json:"handlings"`
	People    int64 `json:"people"`
	Trend     []struct {
		Period    string  `json:"period"`
		Handlings []int64 `json:"handlings"`
	} `json:"trend"`
	Units []struct {
		ID        int64   `json:"id"`
		Own       bool    `json:"own"`
		Handlings []int64 `json:"handlings"`
		Total     int64   `json:"total"`
	} `json:"units"`
}

// formsWorld is a world with a discipline source and generated handlings:
// officials in the root, both districts and a bureau below district A;
// records of every form and of none, acts of two records (a party and a
// government sanction for one act), some revoked, over two years.
type formsWorld struct {
	*world
	bureauA domain.Department
	deptOf  map[int64]domain.Department // by official
	kept    []genRecord
	revoked int
}

type genRecord struct {
	official int64
	code     string
	form     int
	act      string
	day      time.Time
	id       int64
}

func newFormsWorld(t *testing.T) *formsWorld {
	t.Helper()
	w := &formsWorld{world: newWorld(t), deptOf: map[int64]domain.Department{}}
	ctx := context.Background()
	w.bureauA = domain.Department{Code: "bureau-a2", Name: "bureau-a2", Kind: domain.DeptDistrict, ParentID: &w.districtA.ID}
	if err := w.ts.db.CreateDepartment(ctx, &w.bureauA); err != nil {
		t.Fatal(err)
	}
	src := domain.Source{Code: "jiwei", Name: "纪委", Categories: "party_sanction,gov_sanction,org_handling,first_form,judicial,traffic"}
	w.addSource(t, &src)
	cat, err := w.ts.app.Catalogue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	codes := []string{"ff_reminder_talk", "ff_admonishment", "party_warning", "gov_demerit", "gov_demotion", "org_removal",
		"party_expulsion", "jud_criminal", "tr_points"}
	depts := []domain.Department{w.root, w.districtA, w.bureauA, w.districtB}
	rng := rand.New(rand.NewPCG(17, 4))
	var officials []int64
	idOf := map[int64]string{}
	for i := range 24 {
		d := depts[i%len(depts)]
		number := seed.SyntheticIDNumber(900+i, 3, "01", i%2 == 0)
		id := w.official(t, d.ID, number)
		w.deptOf[id], idOf[id] = d, number
		officials = append(officials, id)
	}
	var inputs []ingest.RecordInput
	var gen []genRecord
	add := func(g genRecord) {
		code, ok := cat.Code(g.code)
		if !ok {
			t.Fatalf("no code %s", g.code)
		}
		g.form = code.Form
		gen = append(gen, g)
		inputs = append(inputs, ingest.RecordInput{IDNumber: idOf[g.official], SourceRef: fmt.Sprintf("g-%d", len(inputs)), Category: code.Category,
			Code: g.code, DecisionDate: g.day.Format(time.DateOnly), ActRef: g.act, DocumentNo: fmt.Sprintf("纪发〔%d〕%d号", g.day.Year(), len(inputs))})
	}
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 160 {
		o := officials[rng.IntN(len(officials))]
		day := start.AddDate(0, 0, rng.IntN(690))
		if i%9 == 0 { // one act: a party and a government sanction, a day apart
			act := fmt.Sprintf("案-%d", i)
			add(genRecord{official: o, code: "party_warning", act: act, day: day})
			add(genRecord{official: o, code: "gov_demotion", act: act, day: day.AddDate(0, 0, 1)})
			continue
		}
		add(genRecord{official: o, code: codes[rng.IntN(len(codes))], day: day})
	}
	ids := w.submitAs(t, src, inputs...)
	for i := range gen {
		gen[i].id = ids[i]
	}
	for i, g := range gen {
		if i%13 == 5 {
			if _, err := w.ts.app.RevokeRecord(ctx, app.Actor{Username: "test"}, src.ID, g.id, "录入错误"); err != nil {
				t.Fatal(err)
			}
			w.revoked++
			continue
		}
		w.kept = append(w.kept, g)
	}
	return w
}

// handling is what the oracle counts: one act of one official.
type handling struct {
	official int64
	form     int
	day      time.Time
}

// expected counts the kept records of [from, to) the way a commission
// does, in Go: one act once, in its heaviest form, at its first decision.
func (w *formsWorld) expected(from, to time.Time, inUnit func(domain.Department) bool) map[string]handling {
	out := map[string]handling{}
	for _, g := range w.kept {
		if g.form == 0 || g.day.Before(from) || !g.day.Before(to) || !inUnit(w.deptOf[g.official]) {
			continue
		}
		key := fmt.Sprintf("%d/%s", g.official, g.act)
		if g.act == "" {
			key = fmt.Sprintf("%d/#%d", g.official, g.id)
		}
		h, ok := out[key]
		if !ok {
			h = handling{official: g.official, form: g.form, day: g.day}
		}
		h.form = max(h.form, g.form)
		if g.day.Before(h.day) {
			h.day = g.day
		}
		out[key] = h
	}
	return out
}

func under(d domain.Department) func(domain.Department) bool {
	return func(x domain.Department) bool { return strings.HasPrefix(x.Path, d.Path) }
}

func TestFourFormsAgreeWithTheRecords(t *testing.T) {
	w := newFormsWorld(t)
	from, to := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var got formsOut
	w.mustLogin(t, "approver1").must(http.MethodGet, "/api/v1/statistics/forms?from=2025-01-01&to=2026-01-01", nil, 200).json(t, &got)
	want := w.expected(from, to, under(w.root))
	var byForm [4]int64
	people := [5]map[int64]bool{{}, {}, {}, {}, {}}
	byQuarter := map[string][4]int64{}
	for _, h := range want {
		byForm[h.form-1]++
		people[h.form][h.official], people[0][h.official] = true, true
		q := fmt.Sprintf("%d-Q%d", h.day.Year(), (int(h.day.Month())+2)/3)
		c := byQuarter[q]
		c[h.form-1]++
		byQuarter[q] = c
	}
	if got.Unit.ID != w.root.ID || got.Group != "quarter" || got.Handlings != int64(len(want)) || got.People != int64(len(people[0])) {
		t.Fatalf("unit %d group %s handlings %d people %d, want root %d quarter %d %d", got.Unit.ID, got.Group, got.Handlings, got.People,
			w.root.ID, len(want), len(people[0]))
	}
	if len(want) < 40 || byForm[0] == 0 || byForm[1] == 0 || byForm[2] == 0 || byForm[3] == 0 {
		t.Fatalf("the generated data should fill every form: %v", byForm)
	}
	for i, f := range got.Forms {
		if f.Form != i+1 || f.Handlings != byForm[i] || f.People != int64(len(people[i+1])) {
			t.Errorf("form %d: %+v, want handlings %d people %d", i+1, f, byForm[i], len(people[i+1]))
		}
		if share := float64(byForm[i]) * 100 / float64(len(want)); f.Share < share-0.051 || f.Share > share+0.051 {
			t.Errorf("form %d share %.1f, want %.2f", i+1, f.Share, share)
		}
	}
	if len(got.Trend) != 4 || got.Trend[0].Period != "2025-Q1" || got.Trend[3].Period != "2025-Q4" {
		t.Fatalf("trend %+v", got.Trend)
	}
	for _, b := range got.Trend {
		if c := byQuarter[b.Period]; fmt.Sprint(b.Handlings) != fmt.Sprint(c[:]) {
			t.Errorf("%s: %v, want %v", b.Period, b.Handlings, c)
		}
	}

	// A plain SQL count over the same records: the handlings of each form.
	rows, err := w.ts.db.SQL().Query(`SELECT h.form, COUNT(*) FROM (SELECT r.official_id, MAX(c.form) AS form FROM records r
		JOIN record_codes c ON c.code = r.code WHERE r.state = 'active' AND c.form > 0 AND r.decision_date >= ? AND r.decision_date < ?
		GROUP BY r.official_id, r.act_ref, CASE WHEN r.act_ref = '' THEN r.id ELSE 0 END) h GROUP BY h.form ORDER BY h.form`, from, to)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var form int
		var n int64
		if err := rows.Scan(&form, &n); err != nil {
			t.Fatal(err)
		}
		if got.Forms[form-1].Handlings != n {
			t.Errorf("form %d: %d handlings, the plain SQL count %d", form, got.Forms[form-1].Handlings, n)
		}
	}

	// Side by side: each district with its subtree, and the root's own level.
	for _, u := range got.Units {
		var inUnit func(domain.Department) bool
		switch {
		case u.Own:
			inUnit = func(d domain.Department) bool { return d.ID == w.root.ID }
		case u.ID == w.districtA.ID:
			inUnit = under(w.districtA)
		case u.ID == w.districtB.ID:
			inUnit = under(w.districtB)
		default:
			t.Fatalf("unit %d is not just below the root", u.ID)
		}
		if n := int64(len(w.expected(from, to, inUnit))); u.Total != n {
			t.Errorf("unit %d (own %v): %d, want %d", u.ID, u.Own, u.Total, n)
		}
	}
	var a formsOut
	w.mustLogin(t, "approver1").must(http.MethodGet, fmt.Sprintf("/api/v1/statistics/forms?department_id=%d&from=2025-01-01&to=2026-01-01&group=year",
		w.districtA.ID), nil, 200).json(t, &a)
	inBureau := int64(len(w.expected(from, to, under(w.bureauA))))
	if a.Handlings != int64(len(w.expected(from, to, under(w.districtA)))) || inBureau == 0 || len(a.Trend) != 1 || a.Trend[0].Period != "2025" {
		t.Fatalf("district A: %d handlings (bureau %d), trend %+v", a.Handlings, inBureau, a.Trend)
	}
	for _, u := range a.Units {
		if u.ID == w.bureauA.ID && u.Total != inBureau {
			t.Errorf("bureau below district A: %d, want %d", u.Total, inBureau)
		}
	}
}

func TestFourFormsKeepToTheScope(t *testing.T) {
	w := newFormsWorld(t)
	jw := w.mustLogin(t, "jw1") // discipline staff over district B
	var got formsOut
	jw.must(http.MethodGet, "/api/v1/statistics/forms?from=2025-01-01&to=2027-01-01", nil, 200).json(t, &got)
	from, to := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	if want := int64(len(w.expected(from, to, under(w.districtB)))); got.Unit.ID != w.districtB.ID || got.Handlings != want || want == 0 {
		t.Fatalf("jw1 sees unit %d with %d handlings, want district B with %d", got.Unit.ID, got.Handlings, want)
	}
	for _, path := range []string{fmt.Sprintf("/api/v1/statistics/forms?department_id=%d", w.districtA.ID),
		fmt.Sprintf("/api/v1/statistics/forms?department_id=%d", w.root.ID), fmt.Sprintf("/api/v1/statistics/units/%d", w.root.ID),
		"/api/v1/statistics/forms/records"} {
		jw.must(http.MethodGet, path, nil, 404)
	}
	jw.must(http.MethodGet, "/api/v1/statistics/forms?from=2026-01-01&to=2025-01-01", nil, 400)
	jw.must(http.MethodGet, "/api/v1/statistics/forms?group=week", nil, 400)
	w.mustLogin(t, "hr1").must(http.MethodGet, "/api/v1/statistics/forms", nil, 404)
}

func TestFourFormsDrillDownToTheRecords(t *testing.T) {
	w := newFormsWorld(t)
	ap := w.mustLogin(t, "approver1")
	from, to := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	want := w.expected(from, to, under(w.districtA))
	heaviest := map[string]int{}
	for key, h := range want {
		heaviest[key] = h.form
	}
	var page struct {
		Items []struct {
			RecordID     int64  `json:"record_id"`
			OfficialName string `json:"official_name"`
			Masked       string `json:"id_number_masked"`
			Form         int    `json:"form"`
			Code         string `json:"code"`
		} `json:"items"`
		Total int64 `json:"total"`
	}
	ap.must(http.MethodGet, fmt.Sprintf("/api/v1/statistics/forms/records?from=2025-01-01&to=2027-01-01&form=3&within=%d&page_size=200",
		w.districtA.ID), nil, 200).json(t, &page)
	var n int64
	for _, g := range w.kept {
		key := fmt.Sprintf("%d/%s", g.official, g.act)
		if g.act == "" {
			key = fmt.Sprintf("%d/#%d", g.official, g.id)
		}
		if f, ok := heaviest[key]; ok && f == 3 && g.form > 0 && !g.day.Before(from) && g.day.Before(to) {
			n++
		}
	}
	if page.Total != n || n == 0 || int64(len(page.Items)) != n {
		t.Fatalf("form 3 in district A: %d records (%d shown), want %d", page.Total, len(page.Items), n)
	}
	sawAct := false
	for _, it := range page.Items {
		if it.Form != 3 || it.OfficialName == "" || strings.Count(it.Masked, "*") < 10 {
			t.Errorf("record %+v", it)
		}
		sawAct = sawAct || it.Code == "party_warning" // a form-2 record of an act whose heaviest is form 3
	}
	if !sawAct {
		t.Error("a form-2 record of a form-3 act should stand behind the form-3 figure")
	}
	ap.must(http.MethodGet, fmt.Sprintf("/api/v1/statistics/forms/records?department_id=%d&within=%d", w.districtA.ID, w.districtB.ID), nil, 404)
	ap.must(http.MethodGet, "/api/v1/statistics/forms/records?form=5", nil, 400)
	if acts := w.auditActions(t, "approver1"); !strings.Contains(strings.Join(acts, ","), "statistics_records_read") {
		t.Errorf("the drill-down left no audit entry: %v", acts)
	}
}

func TestFourFormsExportAndUnitPicture(t *testing.T) {
	w := newFormsWorld(t)
	ap := w.mustLogin(t, "approver1")
	var got formsOut
	ap.must(http.MethodGet, "/api/v1/statistics/forms?from=2025-01-01&to=2027-01-01", nil, 200).json(t, &got)
	r := ap.must(http.MethodGet, "/api/v1/statistics/forms/export?from=2025-01-01&to=2027-01-01", nil, 200)
	f, err := excelize.OpenReader(strings.NewReader(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	if sheets := f.GetSheetList(); strings.Join(sheets, ",") != "总体,趋势,单位对比" {
		t.Fatalf("sheets %v", sheets)
	}
	rows, _ := f.GetRows("总体")
	if rows[2][0] != "第一种形态" || rows[2][1] != fmt.Sprint(got.Forms[0].Handlings) || rows[6][1] != fmt.Sprint(got.Handlings) {
		t.Errorf("summary rows %v", rows)
	}
	trend, _ := f.GetRows("趋势")
	if len(trend) != 2+8 || trend[2][0] != "2025-Q1" {
		t.Errorf("trend rows %v", trend)
	}

	var pic struct {
		Unit struct {
			Unit               struct{ ID int64 } `json:"unit"`
			Officials          int64              `json:"officials"`
			Grades             map[string]int64   `json:"grades"`
			WarningsPerHundred float64            `json:"warnings_per_hundred"`
			Forms              []struct{ Handlings int64 }
		} `json:"unit"`
		Parent *struct {
			Unit      struct{ ID int64 } `json:"unit"`
			Officials int64              `json:"officials"`
		} `json:"parent"`
		Forms formsOut `json:"forms"`
	}
	ap.must(http.MethodGet, fmt.Sprintf("/api/v1/statistics/units/%d?from=2025-01-01&to=2027-01-01", w.districtA.ID), nil, 200).json(t, &pic)
	officialsA := 0
	for _, d := range w.deptOf {
		if under(w.districtA)(d) {
			officialsA++
		}
	}
	officialsA++ // the world's own official in bureau-a
	graded, withRecords := int64(0), map[int64]bool{}
	for _, n := range pic.Unit.Grades {
		graded += n
	}
	for _, g := range w.kept {
		if under(w.districtA)(w.deptOf[g.official]) {
			withRecords[g.official] = true
		}
	}
	if pic.Unit.Officials != int64(officialsA) || graded > int64(officialsA) || graded < int64(len(withRecords)) || pic.Parent == nil || pic.Parent.Unit.ID != w.root.ID ||
		pic.Parent.Officials <= pic.Unit.Officials || pic.Forms.Unit.ID != w.districtA.ID {
		t.Fatalf("picture of district A: %+v (want %d officials, those with records graded, beside the root)", pic, officialsA)
	}
	w.mustLogin(t, "jw1").must(http.MethodGet, fmt.Sprintf("/api/v1/statistics/units/%d", w.districtA.ID), nil, 404)
	var own struct {
		Parent *struct{} `json:"parent"`
	}
	w.mustLogin(t, "jw1").must(http.MethodGet, fmt.Sprintf("/api/v1/statistics/units/%d", w.districtB.ID), nil, 200).json(t, &own)
	if own.Parent != nil {
		t.Error("jw1's scope does not reach the root: no parent beside district B")
	}
}
