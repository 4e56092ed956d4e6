package main

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"integrity/internal/app"
	"integrity/internal/domain"
	"integrity/internal/seed"
)

// cluster is several replicas of the server in this process, each with its
// own pool, use cases and background runners, on one database: concurrent
// requests meet in the database as they would behind a load balancer.
type cluster struct {
	t        *testing.T
	site     *site
	replicas []*env
	urls     []string
	log      *syncBuffer
}

func newCluster(t *testing.T, dbURL string, replicas int) *cluster {
	t.Helper()
	s := newSite(t, dbURL, 40)
	c := &cluster{t: t, site: s, log: &syncBuffer{}}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	for i := 0; i < replicas; i++ {
		e, err := openEnv(ctx, s.getenv, c.log)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { e.db.Close() })
		if i == 0 {
			if _, err := e.migrate(ctx); err != nil {
				t.Fatal(err)
			}
			if _, err := seedDemo(ctx, e, seed.Options{Officials: 40, Seed: 5}, nil); err != nil {
				t.Fatal(err)
			}
		}
		h, err := benchHandler(e)
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(h)
		t.Cleanup(ts.Close)
		go e.app.ResumeImports(ctx, e.log, 100*time.Millisecond)
		c.replicas, c.urls = append(c.replicas, e), append(c.urls, ts.URL)
	}
	return c
}

// login signs a user in through the first replica; the token works on
// every replica.
func (c *cluster) login(username, password string) string {
	c.t.Helper()
	a, err := call(context.Background(), http.MethodPost, c.urls[0]+"/api/v1/auth/login", "", map[string]string{"username": username, "password": password}, "")
	if err != nil || a.Status != 200 {
		c.t.Fatalf("login %s: %v %d %s", username, err, a.Status, a.Body)
	}
	var pair struct {
		AccessToken string `json:"access_token"`
	}
	a.json(c.t, &pair)
	return pair.AccessToken
}

// all sends n requests at once, the i-th to replica i mod the replicas, and
// returns their answers; a request that got no answer fails the test.
func (c *cluster) all(n int, req func(i int, base string) (answer, error)) []answer {
	c.t.Helper()
	out := make([]answer, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-start
			out[i], errs[i] = req(i, c.urls[i%len(c.urls)])
		}(i)
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			c.t.Fatalf("request %d got no answer: %v", i, err)
		}
	}
	return out
}

func (c *cluster) retries() int { return strings.Count(c.log.String(), "lock conflict") }

func refRange(prefix string, from, to int) []string {
	var out []string
	for i := from; i < to; i++ {
		out = append(out, fmt.Sprintf("%s-%05d", prefix, i))
	}
	return out
}

// TestConcurrentOverlappingImports has six clerks upload, at once and to
// three replicas, files whose references overlap: each reference is stored
// once, created by exactly one import and found unchanged by the others,
// and every import finishes with a full report.
func TestConcurrentOverlappingImports(t *testing.T) {
	onEachDatabase(t, func(t *testing.T, dbURL string) {
		c := newCluster(t, dbURL, 3)
		db := c.replicas[0].db
		ids := c.site.idNumbers(db, 40)
		clerk := c.login("clerk", demoPassword)
		const files, rows, step = 6, 2000, 400 // file i holds references [i*step, i*step+rows)
		file := func(i int) []byte {
			var b bytes.Buffer
			b.WriteString("身份证号码,来源编号,记录类别,记录事项,决定日期,文号\n")
			for n, ref := range refRange("OVL", i*step, i*step+rows) {
				k := i*step + n // the same reference always carries the same content
				fmt.Fprintf(&b, "%s,%s,司法,民事判决未履行,2024/%d/%d,（2024）云01民初%d号\n", ids[k%len(ids)], ref, 1+k%12, 1+k%28, k)
			}
			return b.Bytes()
		}
		answers := c.all(files, func(i int, base string) (answer, error) {
			var body bytes.Buffer
			mw := newMultipart(&body, fmt.Sprintf("overlap-%d.csv", i), file(i))
			return call(context.Background(), http.MethodPost, base+"/api/v1/imports", clerk, &body, mw)
		})
		var imports []int64
		for i, a := range answers {
			if a.Status != 202 {
				t.Fatalf("upload %d: %d %s", i, a.Status, a.Body)
			}
			var im struct {
				ID int64 `json:"id"`
			}
			a.json(t, &im)
			imports = append(imports, im.ID)
		}
		for _, e := range c.replicas {
			e.app.KickImports()
		}
		var created int64
		for _, id := range imports {
			var rep importState
			poll(t, 60*time.Second, fmt.Sprintf("import %d", id), func() bool {
				a, err := call(context.Background(), http.MethodGet, fmt.Sprintf("%s/api/v1/imports/%d", c.urls[0], id), clerk, nil, "")
				if err != nil || a.Status != 200 {
					t.Fatalf("import %d: %v %d %s", id, err, a.Status, a.Body)
				}
				a.json(t, &rep)
				return rep.Status == "done" || rep.Status == "failed"
			})
			if rep.Status != "done" || rep.Total != rows || rep.Accepted != rows || rep.Rejected != 0 || rep.Updated != 0 || rep.Created+rep.Unchanged != rows {
				t.Fatalf("import %d: %+v", id, rep)
			}
			created += rep.Created
		}
		distinct := int64((files-1)*step + rows)
		if created != distinct {
			t.Fatalf("the imports created %d records for %d distinct references", created, distinct)
		}
		if n, d := count(t, db, "SELECT COUNT(*) FROM records WHERE source_ref LIKE 'OVL-%'"),
			count(t, db, "SELECT COUNT(DISTINCT source_ref) FROM records WHERE source_ref LIKE 'OVL-%'"); n != distinct || d != n {
			t.Fatalf("%d records with %d distinct references, want %d once each", n, d, distinct)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM record_versions"); n != 0 {
			t.Fatalf("%d record versions: an identical row became a correction", n)
		}
		t.Logf("%d lock conflicts retried", c.retries())
	})
}

func newMultipart(body *bytes.Buffer, name string, content []byte) string {
	mw := multipart.NewWriter(body)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(content)
	mw.Close()
	return mw.FormDataContentType()
}

// TestConcurrentOverlappingSubmissions has eight source clients submit
// batches of records with overlapping references at once, over two
// replicas, round after round: no answer is an error, each reference is
// created exactly once (the others hear "unchanged"), and none is stored
// twice.
func TestConcurrentOverlappingSubmissions(t *testing.T) {
	onEachDatabase(t, func(t *testing.T, dbURL string) {
		c := newCluster(t, dbURL, 2)
		db := c.replicas[0].db
		ids := c.site.idNumbers(db, 40)
		clerk := c.login("clerk", demoPassword)
		const clients, per, step, rounds = 8, 60, 20, 4
		outcomes := map[string][]string{}
		for round := 0; round < rounds; round++ {
			answers := c.all(clients, func(i int, base string) (answer, error) {
				var recs []map[string]any
				for n, ref := range refRange(fmt.Sprintf("SUB%d", round), i*step, i*step+per) {
					k := i*step + n
					recs = append(recs, map[string]any{"id_number": ids[k%len(ids)], "source_ref": ref, "category": "judicial",
						"code": "jud_civil_unperformed", "decision_date": "2024-03-05", "document_no": fmt.Sprintf("（2024）云01民初%d号", k),
						"authority": "法院", "summary": "逾期未履行"})
				}
				return call(context.Background(), http.MethodPost, base+"/api/v1/records", clerk, map[string]any{"records": recs}, "")
			})
			for i, a := range answers {
				if a.Status != 200 && a.Status != 201 {
					t.Fatalf("round %d, client %d: %d %s", round, i, a.Status, a.Body)
				}
				var out struct {
					Results []struct {
						SourceRef string `json:"source_ref"`
						Outcome   string `json:"outcome"`
					} `json:"results"`
				}
				a.json(t, &out)
				for _, r := range out.Results {
					outcomes[r.SourceRef] = append(outcomes[r.SourceRef], r.Outcome)
				}
			}
		}
		distinct := rounds * ((clients-1)*step + per)
		if len(outcomes) != distinct {
			t.Fatalf("%d references answered, want %d", len(outcomes), distinct)
		}
		for ref, got := range outcomes {
			if created := strings.Count(strings.Join(got, ","), domain.WriteCreated); created != 1 || strings.Contains(strings.Join(got, ","), domain.WriteUpdated) {
				t.Fatalf("reference %s: outcomes %v, want created exactly once and unchanged otherwise", ref, got)
			}
		}
		if n, d := count(t, db, "SELECT COUNT(*) FROM records WHERE source_ref LIKE 'SUB%'"),
			count(t, db, "SELECT COUNT(DISTINCT source_ref) FROM records WHERE source_ref LIKE 'SUB%'"); n != int64(distinct) || d != n {
			t.Fatalf("%d records with %d distinct references, want %d once each", n, d, distinct)
		}
		t.Logf("%d lock conflicts retried", c.retries())
	})
}

// TestConcurrentLookupDecisions has six approvers, on two replicas, decide
// the same pending lookup at once, round after round: exactly one
// decision applies and the others answer 409.
func TestConcurrentLookupDecisions(t *testing.T) {
	onEachDatabase(t, func(t *testing.T, dbURL string) {
		c := newCluster(t, dbURL, 2)
		e := c.replicas[0]
		ctx := context.Background()
		root, err := e.db.DepartmentByCode(ctx, "yz")
		if err != nil {
			t.Fatal(err)
		}
		const approvers, password = 6, "Approver-pass-2026"
		tokens := make([]string, approvers)
		for i := range tokens {
			name := fmt.Sprintf("approver%d", i)
			if _, err := e.app.CreateUser(ctx, app.Actor{Username: "test"}, app.NewUser{Username: name, DepartmentID: &root.ID, Password: password,
				Permanent: true, Grants: []app.GrantInput{{Role: domain.RoleDisciplineApprover, Scope: domain.ScopeAll}}}); err != nil {
				t.Fatal(err)
			}
			tokens[i] = c.login(name, password)
		}
		staff := c.login("jw_staff", demoPassword)
		var official int64
		if err := e.db.SQL().QueryRow("SELECT MIN(id) FROM officials").Scan(&official); err != nil {
			t.Fatal(err)
		}
		for round := 0; round < 5; round++ {
			a, err := call(ctx, http.MethodPost, c.urls[0]+"/api/v1/lookups", staff, map[string]any{"official_ids": []int64{official},
				"purpose": "clue_disposal", "reason": "核查反映的问题线索", "legal_basis": "纪检监察机关监督检查工作规则", "modules": []string{"judicial"}}, "")
			if err != nil || a.Status != 201 {
				t.Fatalf("lookup request: %v %d %s", err, a.Status, a.Body)
			}
			var l struct {
				ID int64 `json:"id"`
			}
			a.json(t, &l)
			answers := c.all(approvers, func(i int, base string) (answer, error) {
				action, body := "approve", map[string]any{}
				if i%2 == 1 {
					action, body = "reject", map[string]any{"note": "依据不足"}
				}
				return call(ctx, http.MethodPost, fmt.Sprintf("%s/api/v1/lookups/%d/%s", base, l.ID, action), tokens[i], body, "")
			})
			wins, winner := 0, -1
			for i, a := range answers {
				switch a.Status {
				case 200:
					wins, winner = wins+1, i
				case 409:
					if p := a.problem(t); p["code"] != "conflict" {
						t.Fatalf("round %d: a 409 that is not a conflict: %s", round, a.Body)
					}
				default:
					t.Fatalf("round %d, approver %d: %d %s", round, i, a.Status, a.Body)
				}
			}
			if wins != 1 {
				t.Fatalf("round %d: %d decisions applied, want exactly one", round, wins)
			}
			var state string
			if err := e.db.SQL().QueryRow("SELECT state FROM lookups WHERE id = ?", l.ID).Scan(&state); err != nil {
				t.Fatal(err)
			}
			if want := map[bool]string{true: domain.LookupApproved, false: domain.LookupRejected}[winner%2 == 0]; state != want {
				t.Fatalf("round %d: the lookup is %s, but the decision that applied was approver %d's", round, state, winner)
			}
			if n := count(t, e.db, "SELECT COUNT(*) FROM audit_log WHERE action IN ('lookup_approve', 'lookup_reject') AND target_id = ?", fmt.Sprint(l.ID)); n != 1 {
				t.Fatalf("round %d: %d decisions audited, want one", round, n)
			}
		}
	})
}
