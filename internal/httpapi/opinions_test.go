package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"integrity/internal/app"
	"integrity/internal/domain"
	"integrity/internal/ingest"
	"integrity/internal/seed"
)

type opinionOut struct {
	Request struct {
		ID        int64    `json:"id"`
		State     string   `json:"state"`
		DueOn     string   `json:"due_on"`
		Recipient string   `json:"recipient"`
		Signers   []string `json:"signers"`
		ReplyNo   string   `json:"reply_no"`
	} `json:"request"`
	Candidates []struct {
		Row        int    `json:"row"`
		OfficialID *int64 `json:"official_id"`
		Verdict    string `json:"verdict"`
		Proposed   string `json:"proposed"`
		Conclusion string `json:"conclusion"`
		Reason     string `json:"conclusion_reason"`
		Matters    []struct {
			Kind string `json:"kind"`
		} `json:"matters"`
	} `json:"candidates"`
}

// opinionWorld adds to the world: a discipline source, officials in
// district A (one with a running sanction, one clean), the commission's
// staff over district A (jw2), a second approver, and a leader who both
// drafts and signs (lead1).
type opinionWorld struct {
	*world
	sanctioned, clean int64
}

func newOpinionWorld(t *testing.T) *opinionWorld {
	t.Helper()
	w := &opinionWorld{world: newWorld(t)}
	w.addUser(t, account{"jw2", domain.RoleDisciplineStaff, domain.ScopeDeptAndBelow, w.districtA.ID, nil, nil})
	w.addUser(t, account{"approver2", domain.RoleDisciplineApprover, domain.ScopeAll, w.root.ID, nil, nil})
	w.addUser(t, account{"hr2", domain.RolePersonnelStaff, domain.ScopeDeptAndBelow, w.districtB.ID, nil, nil})
	dept := w.root.ID
	if _, err := w.ts.app.CreateUser(context.Background(), app.Actor{Username: "test"}, app.NewUser{Username: "lead1", DepartmentID: &dept,
		Grants:   []app.GrantInput{{Role: domain.RoleDisciplineStaff, Scope: domain.ScopeAll}, {Role: domain.RoleDisciplineApprover, Scope: domain.ScopeAll}},
		Password: w.password, Permanent: true}); err != nil {
		t.Fatal(err)
	}
	sanctionedID := seed.SyntheticIDNumber(700, 2, "01", true)
	w.sanctioned = w.official(t, w.districtA.ID, sanctionedID)
	w.clean = w.official(t, w.districtA.ID, seed.SyntheticIDNumber(701, 2, "01", false))
	src := domain.Source{Code: "jiwei", Name: "纪委", Categories: "gov_sanction,party_sanction"}
	w.addSource(t, &src)
	w.submitAs(t, src, ingest.RecordInput{IDNumber: sanctionedID, SourceRef: "S-1", Category: "gov_sanction", Code: "gov_demerit",
		DecisionDate: "2026-06-10", DocumentNo: "云纪〔2026〕12号", Authority: "云州市纪委监委"})
	return w
}

func (w *opinionWorld) send(t *testing.T, as string, ids []int64, extra ...map[string]string) opinionOut {
	t.Helper()
	var out opinionOut
	w.mustLogin(t, as).must(http.MethodPost, "/api/v1/opinions", map[string]any{"purpose": "promotion", "document_no": "云组函〔2026〕8号",
		"official_ids": ids, "candidates": extra}, 201).json(t, &out)
	return out
}

func TestAnIntegrityOpinionFromRequestToSignedReply(t *testing.T) {
	w := newOpinionWorld(t)
	unknown := seed.SyntheticIDNumber(702, 2, "01", true)
	sent := w.send(t, "hr1", []int64{w.sanctioned, w.clean}, map[string]string{"name": "查无此人", "id_number": unknown})
	id := sent.Request.ID
	if sent.Request.State != domain.OpinionSent || sent.Request.DueOn <= "2026-11-25" || sent.Request.Recipient != "district-a" || len(sent.Candidates) != 3 {
		t.Fatalf("sent: %+v", sent)
	}
	if sent.Candidates[2].OfficialID != nil || sent.Candidates[0].Conclusion != "" {
		t.Fatalf("an unknown candidate stays as named; nothing is concluded yet: %+v", sent.Candidates)
	}
	// Outside the request: another personnel user, and commission staff whose scope misses district A.
	w.mustLogin(t, "hr2").must(http.MethodGet, fmt.Sprintf("/api/v1/opinions/%d", id), nil, 404)
	w.mustLogin(t, "jw1").must(http.MethodGet, fmt.Sprintf("/api/v1/opinions/%d", id), nil, 404)
	w.mustLogin(t, "jw1").must(http.MethodPost, fmt.Sprintf("/api/v1/opinions/%d/draft", id), map[string]any{}, 404)
	var page struct{ Total int }
	w.mustLogin(t, "hr2").must(http.MethodGet, "/api/v1/opinions", nil, 200).json(t, &page)
	if page.Total != 0 {
		t.Fatalf("hr2 lists %d requests", page.Total)
	}
	// Nothing to sign before a draft.
	w.mustLogin(t, "approver1").must(http.MethodPost, fmt.Sprintf("/api/v1/opinions/%d/sign", id), map[string]any{}, 409)

	jw := w.mustLogin(t, "jw2")
	var drafted opinionOut
	jw.must(http.MethodPost, fmt.Sprintf("/api/v1/opinions/%d/draft", id), map[string]any{}, 200).json(t, &drafted)
	s, c := drafted.Candidates[0], drafted.Candidates[1]
	if drafted.Request.State != domain.OpinionDrafted || !strings.Contains(s.Proposed, "2026-06-10 受到记过（云纪〔2026〕12号）") ||
		s.Verdict != "ineligible" || c.Proposed != "无不良反映" || c.Conclusion != c.Proposed {
		t.Fatalf("drafts: %+v", drafted.Candidates)
	}
	// The requester does not see the drafts before the reply.
	var asHR opinionOut
	w.mustLogin(t, "hr1").must(http.MethodGet, fmt.Sprintf("/api/v1/opinions/%d", id), nil, 200).json(t, &asHR)
	if asHR.Candidates[0].Proposed != "" || asHR.Candidates[0].Conclusion != "" {
		t.Fatalf("the requester sees a draft: %+v", asHR.Candidates[0])
	}
	// A conclusion changes only with a reason; the proposal stays.
	jw.must(http.MethodPut, fmt.Sprintf("/api/v1/opinions/%d/candidates/1", id), map[string]any{"conclusion": "有记过处分，影响期内不宜提拔。", "reason": ""}, 400)
	jw.must(http.MethodPut, fmt.Sprintf("/api/v1/opinions/%d/candidates/3", id), map[string]any{"conclusion": "x", "reason": "查无此人"}, 404)
	jw.must(http.MethodPut, fmt.Sprintf("/api/v1/opinions/%d/candidates/1", id), map[string]any{"conclusion": "有记过处分，影响期内不宜提拔。",
		"reason": "按常委会意见统一表述"}, 200)

	// The drafter cannot sign (a leader who also drafts), two different leaders sign.
	lead := w.mustLogin(t, "lead1")
	var other opinionOut
	lead.must(http.MethodPost, fmt.Sprintf("/api/v1/opinions/%d/draft", w.send(t, "hr1", []int64{w.clean}).Request.ID), map[string]any{}, 200).json(t, &other)
	wantProblem(t, "the drafter signs", lead.do(http.MethodPost, fmt.Sprintf("/api/v1/opinions/%d/sign", other.Request.ID), map[string]any{}), 403, domain.EFORBIDDEN, "")
	a1, a2 := w.mustLogin(t, "approver1"), w.mustLogin(t, "approver2")
	var signed struct {
		State   string   `json:"state"`
		Signers []string `json:"signers"`
		ReplyNo string   `json:"reply_no"`
	}
	a1.must(http.MethodPost, fmt.Sprintf("/api/v1/opinions/%d/sign", id), map[string]any{}, 200).json(t, &signed)
	if signed.State != domain.OpinionSigning || signed.ReplyNo != "" {
		t.Fatalf("one signature of two: %+v", signed)
	}
	wantProblem(t, "the first signer signs again", a1.do(http.MethodPost, fmt.Sprintf("/api/v1/opinions/%d/sign", id), map[string]any{}), 403, domain.EFORBIDDEN, "")
	jw.must(http.MethodPut, fmt.Sprintf("/api/v1/opinions/%d/candidates/2", id), map[string]any{"conclusion": "改", "reason": "签发后不得修改"}, 409)
	a2.must(http.MethodPost, fmt.Sprintf("/api/v1/opinions/%d/sign", id), map[string]any{}, 200).json(t, &signed)
	if signed.State != domain.OpinionReplied || signed.ReplyNo != "纪廉复〔2026〕1号" || !slices.Equal(signed.Signers, []string{"approver1", "approver2"}) {
		t.Fatalf("replied: %+v", signed)
	}
	wantProblem(t, "a signature on a sent reply", lead.do(http.MethodPost, fmt.Sprintf("/api/v1/opinions/%d/sign", id), map[string]any{}), 409, domain.ECONFLICT, "")
	jw.must(http.MethodPost, fmt.Sprintf("/api/v1/opinions/%d/draft", id), map[string]any{}, 409)

	// The requester reads the reply; its code verifies publicly.
	var reply struct {
		Code    string `json:"code"`
		Content struct {
			Number     string `json:"number"`
			Candidates []struct {
				Conclusion string `json:"conclusion"`
			} `json:"candidates"`
		} `json:"content"`
	}
	w.mustLogin(t, "hr1").must(http.MethodGet, fmt.Sprintf("/api/v1/opinions/%d/reply", id), nil, 200).json(t, &reply)
	if reply.Content.Number != "纪廉复〔2026〕1号" || len(reply.Content.Candidates) != 3 || reply.Content.Candidates[0].Conclusion != "有记过处分，影响期内不宜提拔。" ||
		reply.Content.Candidates[1].Conclusion != "无不良反映" || !strings.Contains(reply.Content.Candidates[2].Conclusion, "未能在登记库中找到此人") {
		t.Fatalf("reply: %+v", reply.Content)
	}
	var v struct {
		Genuine    bool   `json:"genuine"`
		Kind       string `json:"kind"`
		DocumentNo string `json:"document_no"`
	}
	w.ts.anon(t).must(http.MethodGet, "/api/v1/reports/verify/"+reply.Code, nil, 200).json(t, &v)
	if !v.Genuine || v.Kind != "opinion_reply" || v.DocumentNo != "纪廉复〔2026〕1号" {
		t.Fatalf("verification: %+v", v)
	}
	tampered := reply.Code[:len(reply.Code)-1] + string("ABCDEFGHJK"[(strings.IndexByte("ABCDEFGHJK", reply.Code[len(reply.Code)-1])+1)%10])
	w.ts.anon(t).must(http.MethodGet, "/api/v1/reports/verify/"+tampered, nil, 200).json(t, &v)
	if v.Genuine {
		t.Fatal("an altered code verified")
	}
	// The reply to the other request is not readable before it is sent.
	w.mustLogin(t, "hr1").must(http.MethodGet, fmt.Sprintf("/api/v1/opinions/%d/reply", other.Request.ID), nil, 409)

	// The requester's home counts the replies since a day.
	var since struct {
		Items []struct{ ID int64 } `json:"items"`
		Total int                  `json:"total"`
	}
	w.mustLogin(t, "hr1").must(http.MethodGet, "/api/v1/opinions?replied_since=2026-11-25", nil, 200).json(t, &since)
	if since.Total != 1 || since.Items[0].ID != id {
		t.Fatalf("replied since the day of the reply: %+v", since)
	}
	w.mustLogin(t, "hr1").must(http.MethodGet, "/api/v1/opinions?replied_since=2026-11-26", nil, 200).json(t, &since)
	if since.Total != 0 {
		t.Fatalf("replied since the next day: %+v", since)
	}
	r := w.mustLogin(t, "hr1").do(http.MethodGet, "/api/v1/opinions?replied_since=last-week", nil)
	if p := problemOf(t, r); r.Status != 400 || len(p.Errors) == 0 || p.Errors[0].Field != "replied_since" {
		t.Fatalf("a bad day: %d %s", r.Status, r.Body)
	}
}

// TestAConfidentialOpinionShowsInTheAccessLogOnceClosed: a promotion is a
// confidential purpose; the commission's read of the file for it shows in
// the official's access log only after the reply is sent.
func TestAConfidentialOpinionShowsInTheAccessLogOnceClosed(t *testing.T) {
	w := newOpinionWorld(t)
	id := w.send(t, "hr1", []int64{w.inA}).Request.ID
	w.mustLogin(t, "jw2").must(http.MethodPost, fmt.Sprintf("/api/v1/opinions/%d/draft", id), map[string]any{}, 200)
	kinds := func() []string {
		var log struct {
			Items []struct {
				Kind string `json:"kind"`
			} `json:"items"`
		}
		w.mustLogin(t, "official1").must(http.MethodGet, "/api/v1/me/access-log", nil, 200).json(t, &log)
		var out []string
		for _, e := range log.Items {
			out = append(out, e.Kind)
		}
		return out
	}
	if slices.Contains(kinds(), "opinion_file_read") {
		t.Fatal("the read for an open confidential request shows")
	}
	w.mustLogin(t, "approver1").must(http.MethodPost, fmt.Sprintf("/api/v1/opinions/%d/sign", id), map[string]any{}, 200)
	w.mustLogin(t, "approver2").must(http.MethodPost, fmt.Sprintf("/api/v1/opinions/%d/sign", id), map[string]any{}, 200)
	if !slices.Contains(kinds(), "opinion_file_read") {
		t.Fatal("the read does not show once the request is closed")
	}
}

// TestReplyNumbersRunWithoutGapsUnderConcurrentSigning signs ten replies at
// once: the numbers are 1 to 10, each once.
func TestReplyNumbersRunWithoutGapsUnderConcurrentSigning(t *testing.T) {
	w := newOpinionWorld(t)
	a1, a2, jw := w.mustLogin(t, "approver1"), w.mustLogin(t, "approver2"), w.mustLogin(t, "jw2")
	var ids []int64
	for range 10 {
		id := w.send(t, "hr1", []int64{w.clean}).Request.ID
		jw.must(http.MethodPost, fmt.Sprintf("/api/v1/opinions/%d/draft", id), map[string]any{}, 200)
		a1.must(http.MethodPost, fmt.Sprintf("/api/v1/opinions/%d/sign", id), map[string]any{}, 200)
		ids = append(ids, id)
	}
	numbers := make([]string, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := a2.do(http.MethodPost, fmt.Sprintf("/api/v1/opinions/%d/sign", id), map[string]any{})
			if r.Status == 200 {
				var out struct {
					ReplyNo string `json:"reply_no"`
				}
				r.json(t, &out)
				numbers[i] = out.ReplyNo
			}
		}()
	}
	wg.Wait()
	slices.Sort(numbers)
	var want []string
	for n := 1; n <= 10; n++ {
		want = append(want, fmt.Sprintf("纪廉复〔2026〕%d号", n))
	}
	slices.Sort(want)
	if !slices.Equal(numbers, want) {
		t.Fatalf("numbers %v, want %v", numbers, want)
	}
}

func TestAnOpinionRequestRefusesBadInput(t *testing.T) {
	w := newOpinionWorld(t)
	hr := w.mustLogin(t, "hr1")
	for _, c := range []struct {
		body  any
		field string
	}{
		{map[string]any{"purpose": "recruitment", "document_no": "x", "official_ids": []int64{w.clean}}, "purpose"},
		{map[string]any{"purpose": "promotion", "document_no": " ", "official_ids": []int64{w.clean}}, "document_no"},
		{map[string]any{"purpose": "promotion", "document_no": "x"}, "candidates"},
		{map[string]any{"purpose": "promotion", "document_no": "x", "official_ids": []int64{w.clean}, "due_on": "2020-01-01"}, "due_on"},
		{map[string]any{"purpose": "promotion", "document_no": "x", "official_ids": []int64{w.clean}, "due_on": "soon"}, "due_on"},
		{map[string]any{"purpose": "promotion", "document_no": "x", "candidates": []map[string]string{{"id_number": "123"}}}, "candidates.id_number"},
		{map[string]any{"purpose": "promotion", "document_no": "x", "official_ids": make([]int64, 501)}, "candidates"},
		{map[string]any{"purpose": "promotion", "document_no": "x", "official_ids": []int64{w.clean}, "role": "admin"}, "role"},
	} {
		wantProblem(t, fmt.Sprint(c.body), hr.do(http.MethodPost, "/api/v1/opinions", c.body), 400, domain.EINVALID, c.field)
	}
	var page struct{ Total int }
	hr.must(http.MethodGet, "/api/v1/opinions", nil, 200).json(t, &page)
	if page.Total != 0 {
		t.Fatalf("a refused request was stored: %d", page.Total)
	}
}
