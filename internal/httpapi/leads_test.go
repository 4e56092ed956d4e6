package httpapi_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"integrity/internal/domain"
	"integrity/internal/ingest"
	"integrity/internal/opinion"
	"integrity/policies"
)

// TestAProblemLeadIsSeenOnlyWhereItMayBe: a lead (问题线索) under
// verification is stated in an integrity opinion as "under verification"
// and nothing more; it is in no part of the official's own view, scores
// nothing, and a lookup shows it only under the leads module (two
// approvers). Concluded (了结), it is no longer stated; its earlier state
// stays as a version.
func TestAProblemLeadIsSeenOnlyWhereItMayBe(t *testing.T) {
	w := newOpinionWorld(t)
	src := domain.Source{Code: "jw-leads", Name: "纪委信访室", Categories: "lead,investigation"}
	w.addSource(t, &src)
	lead := ingest.RecordInput{IDNumber: idA, SourceRef: "XS-2026-31", Category: "lead", Code: "lead_inquiry", DecisionDate: "2026-10-10", Authority: "纪委信访室",
		Summary: "反映其违规收受礼品礼金问题"}
	w.submitAs(t, src, lead)
	w.drain(t)

	// The official's own view: no lead anywhere, and the score untouched.
	me := w.mustLogin(t, "official1")
	for _, path := range []string{"/api/v1/me/file", "/api/v1/warnings?mine=true"} {
		if r := me.do(http.MethodGet, path, nil); strings.Contains(r.Body, "lead_") || strings.Contains(r.Body, "礼品礼金") {
			t.Fatalf("%s shows the lead: %.400s", path, r.Body)
		}
	}
	var file struct {
		Score struct {
			Result struct {
				Score float64 `json:"score"`
			} `json:"result"`
		} `json:"score"`
	}
	me.must(http.MethodGet, "/api/v1/me/file", nil, 200).json(t, &file)
	if file.Score.Result.Score != 100 {
		t.Fatalf("a lead took points: %v", file.Score.Result.Score)
	}

	// The opinion states it only as under verification.
	draft := func() string {
		t.Helper()
		id := w.send(t, "hr1", []int64{w.inA}).Request.ID
		var out opinionOut
		w.mustLogin(t, "jw2").must(http.MethodPost, fmt.Sprintf("/api/v1/opinions/%d/draft", id), map[string]any{}, 200).json(t, &out)
		return out.Candidates[0].Proposed
	}
	if got := draft(); got != "有以下情况：1. 有问题线索正在核查。" {
		t.Fatalf("the draft with an open lead: %q", got)
	}

	// A lookup for the sanctions does not show it; one for the leads
	// module needs two approvers and then does.
	lw := &lookupWorld{world: w.world}
	jw, a1, a2 := w.mustLogin(t, "jw2"), w.mustLogin(t, "approver1"), w.mustLogin(t, "approver2")
	l := lw.request(t, jw, w.inA, "clue_disposal", "basic", "sanctions")
	a1.must(http.MethodPost, fmt.Sprintf("/api/v1/lookups/%d/approve", l.ID), map[string]any{}, 200)
	if f := lw.file(t, jw, w.inA, 200); strings.Contains(f.categories(), "lead") {
		t.Fatalf("the sanctions module shows leads: %s", f.categories())
	}
	a1.must(http.MethodPost, fmt.Sprintf("/api/v1/lookups/%d/revoke", l.ID), map[string]any{"reason": "换用线索模块"}, 200)
	l = lw.request(t, jw, w.inA, "clue_disposal", "leads")
	var first lookupOut
	a1.must(http.MethodPost, fmt.Sprintf("/api/v1/lookups/%d/approve", l.ID), map[string]any{}, 200).json(t, &first)
	if !first.AwaitingSecond {
		t.Fatalf("the leads module needs a second approver: %+v", first)
	}
	a2.must(http.MethodPost, fmt.Sprintf("/api/v1/lookups/%d/approve", l.ID), map[string]any{}, 200)
	if f := lw.file(t, jw, w.inA, 200); f.categories() != "lead" || f.Categories[0].Records[0].Code != "lead_inquiry" {
		t.Fatalf("the leads module: %s", f.categories())
	}

	// Concluded: the next draft has nothing to state.
	lead.Code, lead.EndedOn = "lead_concluded", "2026-11-20"
	w.submitAs(t, src, lead)
	if got := draft(); got != "无不良反映" {
		t.Fatalf("the draft after the lead was concluded: %q", got)
	}
}

// TestOpinionCandidatesFromAFile: a request may name its candidates in a
// CSV or XLSX list, read like an eligibility check's; a list with a bad row
// is refused whole, naming the row, and nothing is stored.
func TestOpinionCandidatesFromAFile(t *testing.T) {
	w := newOpinionWorld(t)
	hr := w.mustLogin(t, "hr1")
	upload := func(fields map[string]string, csv string) response {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for _, k := range []string{"purpose", "document_no", "due_on"} {
			if v, ok := fields[k]; ok {
				mw.WriteField(k, v)
			}
		}
		fw, _ := mw.CreateFormFile("file", "候选人名单.csv")
		fw.Write([]byte(csv))
		mw.Close()
		return hr.raw(http.MethodPost, "/api/v1/opinions", mw.FormDataContentType(), buf.Bytes())
	}
	ok := map[string]string{"purpose": "promotion", "document_no": "云组函〔2026〕21号"}
	r := upload(ok, "姓名,身份证号码\n测试人员,"+idA+"\n错号,320102199003071238\n")
	wantProblem(t, "a bad row", r, 400, domain.EINVALID, "id_number")
	if !strings.Contains(r.Body, `"row":3`) {
		t.Fatalf("the bad row is named: %s", r.Body)
	}
	wantProblem(t, "no document number", upload(map[string]string{"purpose": "promotion"}, "姓名,身份证号码\n测试人员,"+idA+"\n"), 400, domain.EINVALID, "document_no")
	wantProblem(t, "a bad due day", upload(map[string]string{"purpose": "promotion", "document_no": "x", "due_on": "soon"}, "姓名,身份证号码\n测试人员,"+idA+"\n"),
		400, domain.EINVALID, "due_on")
	var page struct{ Total int }
	hr.must(http.MethodGet, "/api/v1/opinions", nil, 200).json(t, &page)
	if page.Total != 0 {
		t.Fatalf("a refused list was stored: %d", page.Total)
	}
	var out opinionOut
	r = upload(map[string]string{"purpose": "promotion", "document_no": "云组函〔2026〕21号", "due_on": "2026-12-04"},
		"\ufeff姓名,身份证号码\n测试人员,"+idA+"\n")
	if r.Status != 201 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	r.json(t, &out)
	if len(out.Candidates) != 1 || out.Candidates[0].OfficialID == nil || *out.Candidates[0].OfficialID != w.inA || out.Request.DueOn != "2026-12-04" {
		t.Fatalf("sent from a file: %+v", out)
	}
}

// TestLateOpinionRequestsWarnTheCommission: the inbox the commission polls
// counts its requests still to answer, and the late ones, in its scope.
func TestLateOpinionRequestsWarnTheCommission(t *testing.T) {
	w := newOpinionWorld(t)
	w.send(t, "hr1", []int64{w.inA})
	type due struct {
		Opinions struct{ Open, Overdue int } `json:"opinions"`
	}
	inbox := func(user string) due {
		t.Helper()
		var d due
		w.mustLogin(t, user).must(http.MethodGet, "/api/v1/lookups/inbox", nil, 200).json(t, &d)
		return d
	}
	if d := inbox("jw2"); d.Opinions.Open != 1 || d.Opinions.Overdue != 0 {
		t.Fatalf("a request just sent: %+v", d)
	}
	if d := inbox("jw1"); d.Opinions.Open != 0 {
		t.Fatalf("staff outside the requester's district: %+v", d)
	}
	w.clock.add(15 * 24 * time.Hour)
	if d := inbox("jw2"); d.Opinions.Open != 1 || d.Opinions.Overdue != 1 {
		t.Fatalf("past its due day: %+v", d)
	}
	if d := inbox("approver1"); d.Opinions.Overdue != 1 {
		t.Fatalf("the leaders see it too: %+v", d)
	}
}

// TestOneSignatureWhenThePolicyAsksForOne: a deployment whose policy asks
// for one signature sends the reply at the first leader's, numbered; the
// drafter still cannot sign it.
func TestOneSignatureWhenThePolicyAsksForOne(t *testing.T) {
	w := newOpinionWorld(t)
	b, err := fs.ReadFile(policies.FS, "opinions.yaml")
	if err != nil {
		t.Fatal(err)
	}
	one, err := opinion.Parse(bytes.Replace(b, []byte("signatures: 2"), []byte("signatures: 1"), 1))
	if err != nil || one.Signatures != 1 {
		t.Fatalf("%v %+v", err, one)
	}
	w.ts.app.OpinionRules = one
	var cfg struct {
		Signatures int `json:"signatures"`
	}
	w.mustLogin(t, "hr1").must(http.MethodGet, "/api/v1/opinions/config", nil, 200).json(t, &cfg)
	if cfg.Signatures != 1 {
		t.Fatalf("the config says %d signatures", cfg.Signatures)
	}
	id := w.send(t, "hr1", []int64{w.clean}).Request.ID
	lead := w.mustLogin(t, "lead1")
	lead.must(http.MethodPost, fmt.Sprintf("/api/v1/opinions/%d/draft", id), map[string]any{}, 200)
	wantProblem(t, "the drafter signs", lead.do(http.MethodPost, fmt.Sprintf("/api/v1/opinions/%d/sign", id), map[string]any{}), 403, domain.EFORBIDDEN, "")
	var signed struct {
		State   string   `json:"state"`
		Signers []string `json:"signers"`
		ReplyNo string   `json:"reply_no"`
	}
	w.mustLogin(t, "approver1").must(http.MethodPost, fmt.Sprintf("/api/v1/opinions/%d/sign", id), map[string]any{}, 200).json(t, &signed)
	if signed.State != domain.OpinionReplied || signed.ReplyNo != "纪廉复〔2026〕1号" || len(signed.Signers) != 1 {
		t.Fatalf("one signature sends it: %+v", signed)
	}
	w.mustLogin(t, "approver2").must(http.MethodPost, fmt.Sprintf("/api/v1/opinions/%d/sign", id), map[string]any{}, 409)
}
