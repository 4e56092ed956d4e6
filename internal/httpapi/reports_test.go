package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"integrity/internal/domain"
)

// TestAReportIsValidForAPeriodAndItsIssuerMayRevokeIt: a report marks the
// records under dispute and says until when it is valid; the public
// verification shows the validity, the grade and the digest the paper
// prints; past its day it verifies as expired, and once its issuer revokes
// it (with a reason; nobody else may), as revoked.
func TestAReportIsValidForAPeriodAndItsIssuerMayRevokeIt(t *testing.T) {
	w := newSelfWorld(t)
	w.me.must(http.MethodPost, "/api/v1/disputes", map[string]any{"record_id": w.judicial, "ground": "wrong_content", "reason": "该判决已于2026年7月履行完毕"}, 201)
	var rep struct {
		ID         int64  `json:"id"`
		Code       string `json:"code"`
		Digest     string `json:"digest"`
		ValidUntil string `json:"valid_until"`
		Content    struct {
			ValidUntil string `json:"valid_until"`
			Records    []struct {
				DocumentNo   string `json:"document_no"`
				UnderDispute bool   `json:"under_dispute"`
			} `json:"records"`
		} `json:"content"`
	}
	w.me.must(http.MethodPost, "/api/v1/me/reports", nil, 201).json(t, &rep)
	if rep.ValidUntil != "2027-02-23" || rep.Content.ValidUntil != rep.ValidUntil {
		t.Fatalf("valid for 90 days from 2026-11-25: %q / %q", rep.ValidUntil, rep.Content.ValidUntil)
	}
	disputed := ""
	for _, r := range rep.Content.Records {
		if r.UnderDispute {
			disputed += r.DocumentNo
		}
	}
	if disputed != "（2026）云01民初5号" {
		t.Fatalf("the disputed record is marked, and only it: %q", disputed)
	}

	type verification struct {
		Genuine    bool   `json:"genuine"`
		ValidUntil string `json:"valid_until"`
		Expired    bool   `json:"expired"`
		Revoked    bool   `json:"revoked"`
		Grade      string `json:"grade"`
		GradeZh    string `json:"grade_zh"`
		AsOf       string `json:"as_of"`
		Digest     string `json:"digest"`
	}
	verify := func() verification {
		var v verification
		w.ts.anon(t).must(http.MethodGet, "/api/v1/reports/verify/"+rep.Code, nil, 200).json(t, &v)
		return v
	}
	if v := verify(); !v.Genuine || v.Expired || v.Revoked || v.ValidUntil != "2027-02-23" || v.GradeZh == "" || v.AsOf != "2026-11-25" || v.Digest != rep.Digest {
		t.Fatalf("a fresh report: %+v", v)
	}

	// Only its issuer revokes it, with a reason.
	path := fmt.Sprintf("/api/v1/me/issued-reports/%d/revoke", rep.ID)
	wantProblem(t, "another official", w.other.do(http.MethodPost, path, map[string]string{"reason": "不是我的"}), 404, domain.ENOTFOUND, "")
	wantProblem(t, "no reason", w.me.do(http.MethodPost, path, map[string]string{"reason": " "}), 400, domain.EINVALID, "reason")
	var revoked struct {
		RevokedAt    *time.Time `json:"revoked_at"`
		RevokeReason string     `json:"revoke_reason"`
	}
	w.me.must(http.MethodPost, path, map[string]string{"reason": "异议处理后重新开具"}, 200).json(t, &revoked)
	if revoked.RevokedAt == nil || revoked.RevokeReason != "异议处理后重新开具" {
		t.Fatalf("revoked: %+v", revoked)
	}
	wantProblem(t, "twice", w.me.do(http.MethodPost, path, map[string]string{"reason": "再次撤销"}), 409, domain.ECONFLICT, "")
	if v := verify(); !v.Genuine || !v.Revoked {
		t.Fatalf("a revoked report still verifies as genuine, and revoked: %+v", v)
	}
	var list struct {
		Items []struct {
			ID        int64      `json:"id"`
			RevokedAt *time.Time `json:"revoked_at"`
		} `json:"items"`
	}
	w.me.must(http.MethodGet, "/api/v1/me/reports", nil, 200).json(t, &list)
	if len(list.Items) != 1 || list.Items[0].RevokedAt == nil {
		t.Fatalf("the list shows the revocation: %+v", list)
	}

	// Past its last day, another report verifies as expired.
	var second struct {
		Code string `json:"code"`
	}
	w.me.must(http.MethodPost, "/api/v1/me/reports", nil, 201).json(t, &second)
	w.clock.add(92 * 24 * time.Hour)
	var v verification
	got := w.ts.anon(t).must(http.MethodGet, "/api/v1/reports/verify/"+second.Code, nil, 200)
	got.json(t, &v)
	if !v.Genuine || !v.Expired || v.Revoked {
		t.Fatalf("an expired report: %+v", v)
	}
	if strings.Contains(got.Body, "测试人员") || strings.Contains(got.Body, `"score"`) || strings.Contains(got.Body, "（2026）云01民初5号") {
		t.Fatalf("the verification names the official, the score or a record: %s", got.Body)
	}
}
