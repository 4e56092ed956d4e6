package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"integrity/internal/app"
	"integrity/internal/domain"
	"integrity/internal/ingest"
)

type lookupOut struct {
	ID             int64    `json:"id"`
	State          string   `json:"state"`
	Purpose        string   `json:"purpose"`
	Confidential   bool     `json:"confidential"`
	Modules        []string `json:"modules"`
	Granted        []string `json:"granted"`
	SecondsLeft    int64    `json:"seconds_left"`
	AwaitingSecond bool     `json:"awaiting_second"`
	DecidedBy      string   `json:"decided_by"`
	Officials      []struct {
		ID             int64  `json:"id"`
		IDNumberMasked string `json:"id_number_masked"`
	} `json:"officials"`
}

type lookupFileOut struct {
	Official   map[string]any `json:"official"`
	Modules    []string       `json:"modules"`
	Categories []struct {
		Key     string `json:"key"`
		Records []struct {
			Code string `json:"code"`
		} `json:"records"`
	} `json:"categories"`
	Score    map[string]any `json:"score"`
	Warnings []struct {
		Rule    string         `json:"rule"`
		Detail  map[string]any `json:"detail"`
		Records []struct {
			Category string `json:"category"`
		} `json:"records"`
	} `json:"warnings"`
	Lookup struct {
		ID          int64 `json:"id"`
		SecondsLeft int64 `json:"seconds_left"`
	} `json:"lookup"`
}

func (f lookupFileOut) categories() string {
	return joined(len(f.Categories), func(i int) string { return f.Categories[i].Key })
}

// lookupWorld adds to newWorld: records of inB in three categories, a
// second approver with scope all, an approver over district A only, and a
// user who is both discipline staff and approver.
type lookupWorld struct {
	*world
	jw, approver, approver2, approverA, both *client
}

func newLookupWorld(t *testing.T) *lookupWorld {
	t.Helper()
	w := newWorld(t)
	ctx := context.Background()
	a := app.Actor{Username: "test"}
	hrSource := domain.Source{Code: "hr", Name: "人事", Categories: "personal_report"}
	if err := w.ts.db.UpsertSource(ctx, &hrSource); err != nil {
		t.Fatal(err)
	}
	for _, in := range []struct {
		src  domain.Source
		in   ingest.RecordInput
		name string
	}{
		{w.court, ingest.RecordInput{IDNumber: idB, SourceRef: "J-1", Category: "judicial", Code: "jud_civil_unperformed", DecisionDate: "2026-06-01", DocumentNo: "（2026）云01民初9号", Authority: "法院"}, "judicial"},
		{w.traffic, ingest.RecordInput{IDNumber: idB, SourceRef: "T-1", Category: "traffic", Code: "tr_points", DecisionDate: "2026-05-01", Authority: "交警"}, "traffic"},
		{hrSource, ingest.RecordInput{IDNumber: idB, SourceRef: "P-1", Category: "personal_report", Code: "pr_omission", DecisionDate: "2026-04-01", Authority: "组织部"}, "property"},
	} {
		res, err := w.ts.app.SubmitRecords(ctx, a, app.Submitter{Source: in.src}, []ingest.RecordInput{in.in})
		if err != nil || len(res) != 1 || res[0].ID == 0 {
			t.Fatalf("%s record: %+v %v", in.name, res, err)
		}
	}
	mk := func(name string, dept int64, grants ...app.GrantInput) {
		if _, err := w.ts.app.CreateUser(ctx, a, app.NewUser{Username: name, DepartmentID: &dept, Grants: grants, Password: w.password, Permanent: true}); err != nil {
			t.Fatalf("user %s: %v", name, err)
		}
	}
	mk("approver2", w.root.ID, app.GrantInput{Role: domain.RoleDisciplineApprover, Scope: domain.ScopeAll})
	mk("approver_a", w.districtA.ID, app.GrantInput{Role: domain.RoleDisciplineApprover, Scope: domain.ScopeDeptAndBelow})
	mk("both1", w.root.ID, app.GrantInput{Role: domain.RoleDisciplineStaff, Scope: domain.ScopeAll}, app.GrantInput{Role: domain.RoleDisciplineApprover, Scope: domain.ScopeAll})
	w.drain(t) // three negative records in a year: a repeated_negative warning
	lw := &lookupWorld{world: w}
	lw.signIn(t)
	return lw
}

// signIn (again, after the clock moved past the tokens' lifetime) signs
// every user of the lookup world in.
func (w *lookupWorld) signIn(t *testing.T) {
	t.Helper()
	w.jw, _ = w.login(t, "jw1")
	w.approver, _ = w.login(t, "approver1")
	w.approver2, _ = w.login(t, "approver2")
	w.approverA, _ = w.login(t, "approver_a")
	w.both, _ = w.login(t, "both1")
}

// advance moves the clock and signs everyone in again.
func (w *lookupWorld) advance(t *testing.T, d time.Duration) {
	t.Helper()
	w.clock.add(d)
	w.signIn(t)
}

func (w *lookupWorld) request(t *testing.T, c *client, official int64, purpose string, modules ...string) lookupOut {
	t.Helper()
	var l lookupOut
	c.must(http.MethodPost, "/api/v1/lookups", map[string]any{"official_ids": []int64{official}, "purpose": purpose,
		"reason": "核查反映的问题线索", "legal_basis": "纪检监察机关监督检查工作规则", "modules": modules}, 201).json(t, &l)
	if l.ID == 0 || l.State != domain.LookupPending {
		t.Fatalf("new lookup %+v", l)
	}
	return l
}

func (w *lookupWorld) file(t *testing.T, c *client, official int64, status int) lookupFileOut {
	t.Helper()
	var f lookupFileOut
	r := c.must(http.MethodGet, fmt.Sprintf("/api/v1/officials/%d/file", official), nil, status)
	if status == 200 {
		r.json(t, &f)
	}
	return f
}

func TestLookupWorkflow(t *testing.T) {
	w := newLookupWorld(t)
	l := w.request(t, w.jw, w.inB, "clue_disposal", "basic", "judicial", "credit")
	path := fmt.Sprintf("/api/v1/lookups/%d", l.ID)

	t.Run("NoFileBeforeApproval", func(t *testing.T) {
		w.file(t, w.jw, w.inB, 404)
	})
	t.Run("ErrSelfApproval", func(t *testing.T) {
		own := w.request(t, w.both, w.inB, "clue_disposal", "basic")
		r := w.both.must(http.MethodPost, fmt.Sprintf("/api/v1/lookups/%d/approve", own.ID), map[string]any{}, 403)
		if !strings.Contains(r.Body, "own") {
			t.Fatalf("the refusal should say why: %s", r.Body)
		}
	})
	t.Run("ErrApproverOutsideScope", func(t *testing.T) {
		w.approverA.must(http.MethodGet, path, nil, 404)
		w.approverA.must(http.MethodPost, path+"/approve", map[string]any{}, 404)
		var queue struct{ Total int }
		w.approverA.must(http.MethodGet, "/api/v1/lookups", nil, 200).json(t, &queue)
		if queue.Total != 0 {
			t.Fatalf("an approver over district A sees %d requests about district B", queue.Total)
		}
	})
	t.Run("ErrAddingAModule", func(t *testing.T) {
		r := w.approver.must(http.MethodPost, path+"/approve", map[string]any{"modules": []string{"judicial", "property"}}, 400)
		if !strings.Contains(r.Body, `"field":"modules"`) {
			t.Fatalf("%s", r.Body)
		}
	})
	t.Run("ErrWindowOverTheCap", func(t *testing.T) {
		w.approver.must(http.MethodPost, path+"/approve", map[string]any{"days": 31}, 400)
	})

	var approved lookupOut
	w.approver.must(http.MethodPost, path+"/approve", map[string]any{"modules": []string{"judicial", "credit"}, "days": 3, "note": "同意"}, 200).json(t, &approved)
	if approved.State != domain.LookupApproved || strings.Join(approved.Granted, ",") != "judicial,credit" ||
		approved.SecondsLeft != 3*24*3600 || approved.DecidedBy != "approver1" {
		t.Fatalf("approved %+v", approved)
	}

	t.Run("ErrSecondDecision", func(t *testing.T) {
		w.approver2.must(http.MethodPost, path+"/approve", map[string]any{}, 409)
		w.approver2.must(http.MethodPost, path+"/reject", map[string]any{"note": "不同意"}, 409)
	})
	t.Run("OnlyTheApprovedModules", func(t *testing.T) {
		f := w.file(t, w.jw, w.inB, 200)
		if f.categories() != "judicial,traffic" {
			t.Fatalf("the file shows %s; only judicial and the credit module's traffic were approved", f.categories())
		}
		if _, shown := f.Official["post"]; shown {
			t.Fatalf("the basic module was narrowed away, yet the official's details show: %v", f.Official)
		}
		if f.Official["id_number_masked"] == nil || f.Score != nil {
			t.Fatalf("the official must be named, and no score shown for part of the file: %+v", f)
		}
		if f.Lookup.ID != l.ID || f.Lookup.SecondsLeft != 3*24*3600 {
			t.Fatalf("the file names its lookup and the time left: %+v", f.Lookup)
		}
		if len(f.Warnings) != 1 || f.Warnings[0].Rule != "repeated_negative" || len(f.Warnings[0].Records) != 2 ||
			f.Warnings[0].Records[0].Category == "personal_report" || f.Warnings[0].Records[1].Category == "personal_report" || len(f.Warnings[0].Detail) != 0 {
			t.Fatalf("warnings show only the granted modules' records and nothing that sums the rest: %+v", f.Warnings)
		}
	})
	t.Run("EveryViewIsAuditedWithItsLookup", func(t *testing.T) {
		var n int
		err := w.ts.db.SQL().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'file_read' AND actor = 'jw1' AND detail LIKE ?`,
			fmt.Sprintf(`%%"lookup_id":%d%%`, l.ID)).Scan(&n)
		if err != nil || n != 1 {
			t.Fatalf("file_read entries naming the lookup: %d %v", n, err)
		}
	})
	t.Run("OthersSeeNothing", func(t *testing.T) {
		other, _ := w.login(t, "both1") // discipline staff without a lookup of inB
		var f struct{ Categories []any }
		r := other.do(http.MethodGet, fmt.Sprintf("/api/v1/officials/%d/file", w.inB), nil)
		if r.Status == 200 {
			r.json(t, &f)
			t.Fatalf("a staff member without a lookup read the file: %s", r.Body)
		}
		w.jw.must(http.MethodGet, fmt.Sprintf("/api/v1/officials/%d/file", w.inA), nil, 404)
	})
	t.Run("ExpiryEndsTheView", func(t *testing.T) {
		w.advance(t, 3*24*time.Hour-time.Second)
		w.file(t, w.jw, w.inB, 200)
		w.advance(t, time.Second)
		w.file(t, w.jw, w.inB, 404)
		var got lookupOut
		w.jw.must(http.MethodGet, path, nil, 200).json(t, &got)
		if got.State != domain.LookupExpired {
			t.Fatalf("state after the window: %s", got.State)
		}
		w.jw.must(http.MethodPost, path+"/revoke", map[string]string{"reason": "不再需要"}, 409)
	})
}

func TestLookupRevocation(t *testing.T) {
	w := newLookupWorld(t)
	l := w.request(t, w.jw, w.inB, "cadre_selection", "basic", "judicial", "credit", "commendations", "sanctions")
	path := fmt.Sprintf("/api/v1/lookups/%d", l.ID)
	w.approver.must(http.MethodPost, path+"/approve", map[string]any{}, 200)
	f := w.file(t, w.jw, w.inB, 200)
	if f.Official["post"] == nil || f.categories() != "judicial,traffic" {
		t.Fatalf("basic, judicial and credit approved: %+v", f)
	}
	if f.Score != nil {
		t.Fatal("the property module is not approved, so the score (which sums every category) must not show")
	}
	w.approver.must(http.MethodPost, path+"/revoke", map[string]string{"reason": ""}, 400)
	w.approverA.must(http.MethodPost, path+"/revoke", map[string]string{"reason": "越权"}, 404)
	var revoked lookupOut
	w.approver.must(http.MethodPost, path+"/revoke", map[string]string{"reason": "查询目的已完成"}, 200).json(t, &revoked)
	if revoked.State != domain.LookupRevoked {
		t.Fatalf("%+v", revoked)
	}
	w.file(t, w.jw, w.inB, 404)
	w.approver.must(http.MethodPost, path+"/approve", map[string]any{}, 409)
}

func TestLookupPendingExpiresAfter72Hours(t *testing.T) {
	w := newLookupWorld(t)
	early := w.request(t, w.jw, w.inB, "clue_disposal", "judicial")
	late := w.request(t, w.jw, w.inB, "clue_disposal", "judicial")
	w.advance(t, 72*time.Hour-time.Minute)
	w.approver.must(http.MethodPost, fmt.Sprintf("/api/v1/lookups/%d/approve", early.ID), map[string]any{}, 200)
	w.advance(t, time.Minute)
	var got lookupOut
	w.jw.must(http.MethodGet, fmt.Sprintf("/api/v1/lookups/%d", late.ID), nil, 200).json(t, &got)
	if got.State != domain.LookupExpired {
		t.Fatalf("a request nobody decided in 72 hours: %s", got.State)
	}
	w.approver.must(http.MethodPost, fmt.Sprintf("/api/v1/lookups/%d/approve", late.ID), map[string]any{}, 409)
	var page struct {
		Items []lookupOut `json:"items"`
		Total int         `json:"total"`
	}
	w.approver.must(http.MethodGet, "/api/v1/lookups?state=pending", nil, 200).json(t, &page)
	if page.Total != 0 {
		t.Fatalf("the queue still lists %d pending requests", page.Total)
	}
	var n int
	if err := w.ts.db.SQL().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'lookup_expire' AND target_id = ?`, fmt.Sprint(late.ID)).Scan(&n); err != nil || n != 1 {
		t.Fatalf("the expiry is written down and audited once: %d %v", n, err)
	}
	var state string
	if err := w.ts.db.SQL().QueryRow(`SELECT state FROM lookups WHERE id = ?`, late.ID).Scan(&state); err != nil || state != domain.LookupExpired {
		t.Fatalf("stored state %q %v", state, err)
	}
}

func TestLookupConcurrentDecisions(t *testing.T) {
	w := newLookupWorld(t)
	for round := 0; round < 8; round++ {
		l := w.request(t, w.jw, w.inB, "clue_disposal", "judicial")
		path := fmt.Sprintf("/api/v1/lookups/%d", l.ID)
		answers := atOnce(2, func(i int) response {
			if i == 1 {
				return w.approver2.do(http.MethodPost, path+"/reject", map[string]any{"note": "依据不足"})
			}
			return w.approver.do(http.MethodPost, path+"/approve", map[string]any{})
		})
		statuses := []int{answers[0].Status, answers[1].Status}
		wins := 0
		for _, s := range statuses {
			switch s {
			case 200:
				wins++
			case 409:
			default:
				t.Fatalf("round %d: statuses %v", round, statuses)
			}
		}
		if wins != 1 {
			t.Fatalf("round %d: %d decisions won (statuses %v), want exactly one", round, wins, statuses)
		}
		var got lookupOut
		w.jw.must(http.MethodGet, path, nil, 200).json(t, &got)
		if (statuses[0] == 200) != (got.State == domain.LookupApproved) {
			t.Fatalf("round %d: the winner's decision did not stick: %v %s", round, statuses, got.State)
		}
	}
}

func TestLookupPropertyNeedsTwoApprovers(t *testing.T) {
	w := newLookupWorld(t)
	l := w.request(t, w.jw, w.inB, "disciplinary_review", "judicial", "property")
	if !l.Confidential {
		t.Fatal("纪律审查 is a confidential purpose")
	}
	path := fmt.Sprintf("/api/v1/lookups/%d", l.ID)
	var first lookupOut
	w.approver.must(http.MethodPost, path+"/approve", map[string]any{}, 200).json(t, &first)
	if first.State != domain.LookupPending || !first.AwaitingSecond {
		t.Fatalf("after one approval: %+v", first)
	}
	w.file(t, w.jw, w.inB, 404)
	w.approver.must(http.MethodPost, path+"/approve", map[string]any{}, 409)
	var second lookupOut
	w.approver2.must(http.MethodPost, path+"/approve", map[string]any{}, 200).json(t, &second)
	if second.State != domain.LookupApproved || strings.Join(second.Granted, ",") != "judicial,property" || second.DecidedBy != "approver1,approver2" {
		t.Fatalf("after two approvals: %+v", second)
	}
	if f := w.file(t, w.jw, w.inB, 200); f.categories() != "judicial,personal_report" {
		t.Fatalf("the property module shows the personal matters reports: %s", f.categories())
	}
}

func TestLookupRequestValidation(t *testing.T) {
	w := newLookupWorld(t)
	ok := func() map[string]any {
		return map[string]any{"official_ids": []int64{w.inB}, "purpose": "clue_disposal", "reason": "核查反映的问题线索", "modules": []string{"judicial"}}
	}
	cases := []struct {
		name, key string
		value     any
		field     string
	}{
		{"ErrNoReason", "reason", "", "reason"},
		{"ErrUnknownPurpose", "purpose", "curiosity", "purpose"},
		{"ErrNoModule", "modules", []string{}, "modules"},
		{"ErrUnknownModule", "modules", []string{"diary"}, "modules"},
		{"ErrOfficialOutsideScope", "official_ids", []int64{w.inA}, "official_ids"},
		{"ErrNoSuchOfficial", "official_ids", []int64{999999}, "official_ids"},
		{"ErrDays", "days", 45, "days"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			body := ok()
			body[tc.key] = tc.value
			r := w.jw.must(http.MethodPost, "/api/v1/lookups", body, 400)
			if !strings.Contains(r.Body, `"field":"`+tc.field+`"`) {
				t.Fatalf("no error on %s: %s", tc.field, r.Body)
			}
		})
	}
	var n int
	if err := w.ts.db.SQL().QueryRow("SELECT COUNT(*) FROM lookups").Scan(&n); err != nil || n != 0 {
		t.Fatalf("a rejected request wrote %d lookups", n)
	}
	t.Run("TheConfigNamesPurposesAndModules", func(t *testing.T) {
		var cfg struct {
			PendingHours int `json:"pending_hours"`
			MaxDays      int `json:"max_days"`
			Purposes     []struct {
				Key          string `json:"key"`
				Zh           string `json:"zh"`
				Confidential bool   `json:"confidential"`
			} `json:"purposes"`
			Modules []struct{ Key string } `json:"modules"`
		}
		w.jw.must(http.MethodGet, "/api/v1/lookups/config", nil, 200).json(t, &cfg)
		if cfg.PendingHours != 72 || cfg.MaxDays != 30 || len(cfg.Purposes) < 4 || len(cfg.Modules) != 8 || cfg.Purposes[0].Zh != "线索处置" {
			t.Fatalf("%+v", cfg)
		}
	})
	t.Run("StaffSeeTheirOwnRequestsOnly", func(t *testing.T) {
		w.request(t, w.both, w.inB, "clue_disposal", "judicial")
		for _, tc := range []struct {
			who       *client
			path, why string
			want      int
		}{
			{w.jw, "/api/v1/lookups", "jw1 sees no request of someone else", 0},
			{w.approver, "/api/v1/lookups", "the approver's queue holds the request", 1},
			{w.both, "/api/v1/lookups?mine=true", "mine=true lists both1's own request", 1},
		} {
			var page struct{ Total int }
			tc.who.must(http.MethodGet, tc.path, nil, 200).json(t, &page)
			if page.Total != tc.want {
				t.Fatalf("%s: %d, want %d", tc.why, page.Total, tc.want)
			}
		}
	})
}

func TestLookupInboxAndDashboard(t *testing.T) {
	w := newLookupWorld(t)
	start := w.clock.now()
	l := w.request(t, w.jw, w.inB, "clue_disposal", "judicial")
	w.request(t, w.both, w.inB, "cadre_selection", "judicial") // both1's own: never awaiting both1's decision

	type inbox struct {
		AwaitingMyDecision int64       `json:"awaiting_my_decision"`
		Decided            []lookupOut `json:"decided"`
		ServerTime         string      `json:"server_time"`
	}
	var in inbox
	for _, tc := range []struct {
		who  *client
		want int64
		why  string
	}{
		{w.approver, 2, "approver1 awaits both requests"},
		{w.both, 1, "both1 may not decide their own request"},
		{w.approverA, 0, "an approver over district A awaits nothing about district B"},
	} {
		tc.who.must(http.MethodGet, "/api/v1/lookups/inbox", nil, 200).json(t, &in)
		if in.AwaitingMyDecision != tc.want {
			t.Fatalf("%s: %d awaiting, want %d", tc.why, in.AwaitingMyDecision, tc.want)
		}
	}

	w.clock.add(time.Minute)
	w.approver.must(http.MethodPost, fmt.Sprintf("/api/v1/lookups/%d/approve", l.ID), map[string]any{}, 200)
	w.jw.must(http.MethodGet, "/api/v1/lookups/inbox?since="+start.Format(time.RFC3339), nil, 200).json(t, &in)
	if len(in.Decided) != 1 || in.Decided[0].ID != l.ID || in.Decided[0].State != domain.LookupApproved || len(in.Decided[0].Officials) != 1 {
		t.Fatalf("jw1 learns of the decision: %+v", in.Decided)
	}
	w.jw.must(http.MethodGet, "/api/v1/lookups/inbox?since="+in.ServerTime, nil, 200).json(t, &in)
	if len(in.Decided) != 0 {
		t.Fatalf("nothing new since the last poll: %+v", in.Decided)
	}
	w.approver.must(http.MethodGet, "/api/v1/lookups/inbox", nil, 200).json(t, &in)
	if in.AwaitingMyDecision != 1 {
		t.Fatalf("after deciding one, approver1 awaits %d", in.AwaitingMyDecision)
	}
	w.jw.must(http.MethodGet, "/api/v1/lookups/inbox?since=yesterday", nil, 400)

	// Twelve views of the file at once, each counted though the audit
	// batches count them by lookup, and a warning in district B.
	const views = 12
	codes := make(chan int, views)
	var wg sync.WaitGroup
	for range views {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/api/v1/officials/%d/file", w.jw.base, w.inB), nil)
			req.Header.Set("Authorization", "Bearer "+w.jw.token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				codes <- 0
				return
			}
			resp.Body.Close()
			codes <- resp.StatusCode
		}()
	}
	wg.Wait()
	close(codes)
	for code := range codes {
		if code != 200 {
			t.Fatalf("a view of the file answered %d", code)
		}
	}
	caseSource := domain.Source{Code: "cases", Name: "案件管理", Categories: "investigation"}
	w.addSource(t, &caseSource)
	w.submitAs(t, caseSource, ingest.RecordInput{IDNumber: idB, SourceRef: "INV-9", Category: "investigation", Code: "inv_case_opened",
		DecisionDate: "2026-09-01", DocumentNo: "立案〔2026〕9号", Authority: "纪委"})

	type dashboard struct {
		Lookups struct {
			Requested int64 `json:"requested"`
			Views     int64 `json:"file_views"`
			ByState   []struct {
				Key   string `json:"key"`
				Count int64  `json:"count"`
			} `json:"by_state"`
		} `json:"lookups"`
		Warnings struct {
			Raised    int64 `json:"raised"`
			StillOpen int64 `json:"still_open"`
			ByRule    []struct {
				Key   string `json:"key"`
				Count int64  `json:"count"`
			} `json:"by_rule"`
			ByMonth []struct {
				Key string `json:"key"`
			} `json:"by_month"`
		} `json:"warnings"`
		ByDistrict []struct {
			Name  string `json:"name"`
			Count int64  `json:"count"`
		} `json:"warnings_by_district"`
	}
	var d dashboard
	w.approver.must(http.MethodGet, "/api/v1/discipline/dashboard", nil, 200).json(t, &d)
	if d.Lookups.Requested != 2 || d.Lookups.Views != views {
		t.Fatalf("approver1's dashboard: %+v", d.Lookups)
	}
	states := map[string]int64{}
	for _, s := range d.Lookups.ByState {
		states[s.Key] = s.Count
	}
	if states["approved"] != 1 || states["pending"] != 1 {
		t.Fatalf("by state %v", states)
	}
	if d.Warnings.Raised < 1 || d.Warnings.StillOpen < 1 || len(d.ByDistrict) != 1 || d.ByDistrict[0].Name != "district-b" ||
		len(d.Warnings.ByMonth) != 1 || d.Warnings.ByMonth[0].Key != w.clock.now().Format("2006-01") {
		t.Fatalf("warnings on the dashboard: %+v by district %+v", d.Warnings, d.ByDistrict)
	}
	w.jw.must(http.MethodGet, "/api/v1/discipline/dashboard?from=2026-01-01&to=2027-01-01", nil, 200).json(t, &d)
	if d.Lookups.Requested != 1 {
		t.Fatalf("jw1's dashboard counts only jw1's own requests: %d", d.Lookups.Requested)
	}
	w.approverA.must(http.MethodGet, "/api/v1/discipline/dashboard", nil, 200).json(t, &d)
	if d.Warnings.Raised != 0 || d.Lookups.Requested != 0 {
		t.Fatalf("an approver over district A sees figures of district B: %+v", d)
	}
	w.jw.must(http.MethodGet, "/api/v1/discipline/dashboard?from=2027-01-01&to=2026-01-01", nil, 400)
}
