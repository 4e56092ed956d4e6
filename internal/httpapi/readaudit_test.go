package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"integrity/internal/domain"
)

// notPersonal are the GET routes that read no one's personal data, each
// with the reason. Every other GET route reads personal data and must leave
// an audit entry naming the reader: a new route is personal until it is
// listed here.
var notPersonal = map[string]string{
	"GET /*":                                "the app shell",
	"GET /healthz":                          "probe",
	"GET /readyz":                           "probe",
	"GET /metrics":                          "counters",
	"GET /api/openapi.json":                 "the API description",
	"GET /api/v1/meta":                      "the platform's version",
	"GET /api/v1/me":                        "the caller's own account",
	"GET /api/v1/departments":               "the organisation tree",
	"GET /api/v1/catalogue":                 "the record catalogue",
	"GET /api/v1/sources":                   "source systems",
	"GET /api/v1/sources/:id/keys":          "key names and prefixes",
	"GET /api/v1/clients":                   "API clients",
	"GET /api/v1/clients/:id/keys":          "key names and prefixes",
	"GET /api/v1/imports":                   "upload progress and counts",
	"GET /api/v1/imports/template":          "an empty spreadsheet",
	"GET /api/v1/officials/import/template": "an empty spreadsheet",
	"GET /api/v1/imports/:id":               "upload progress and field messages (no values)",
	"GET /api/v1/imports/:id/errors":        "field messages (no values)",
	"GET /api/v1/policies/:kind":            "policy versions",
	"GET /api/v1/policies/:kind/:version":   "a policy",
	"GET /api/v1/jobs/:id":                  "job progress",
	"GET /api/v1/lookups/config":            "the lookup policy",
	"GET /api/v1/warnings/rules":            "the warning rules",
	"GET /api/v1/eligibility/purposes":      "the eligibility purposes",
	"GET /api/v1/eligibility/outcomes":      "counts by purpose and verdict",
	"GET /api/v1/discipline/dashboard":      "counts of lookups and warnings",
	"GET /api/v1/opinions/config":           "the opinion policy's purposes and limits",
	"GET /api/v1/audit/verify":              "the chain's integrity (audited itself)",
	"GET /api/v1/audit/verify/last":         "when the chain was last verified (a status)",
}

// TestEveryPersonalReadIsAudited walks the router: each GET route that reads
// personal data, called by a subject the policy allows on a resource it
// sees, answers 200 and adds an audit entry with the caller's name.
func TestEveryPersonalReadIsAudited(t *testing.T) {
	w := newAttackWorld(t)
	f := fmt.Sprintf
	reads := map[string][2]string{ // route → subject, path
		"GET /api/v1/users":                            {"admin1", "/api/v1/users"},
		"GET /api/v1/users/:id":                        {"admin1", "/api/v1/users/1"},
		"GET /api/v1/officials":                        {"hr1", "/api/v1/officials"},
		"GET /api/v1/officials/:id":                    {"hr1", f("/api/v1/officials/%d", w.inA)},
		"GET /api/v1/officials/:id/history":            {"admin1", f("/api/v1/officials/%d/history", w.inA)},
		"GET /api/v1/officials/:id/file":               {"admin1", f("/api/v1/officials/%d/file", w.inA)},
		"GET /api/v1/officials/:id/score":              {"admin1", f("/api/v1/officials/%d/score", w.inA)},
		"GET /api/v1/records":                          {"clerk1", "/api/v1/records"},
		"GET /api/v1/records/:id":                      {"clerk1", f("/api/v1/records/%d", w.recCourtA)},
		"GET /api/v1/lookups/inbox":                    {"approver1", "/api/v1/lookups/inbox"},
		"GET /api/v1/lookups":                          {"jw1", "/api/v1/lookups"},
		"GET /api/v1/lookups/:id":                      {"jw1", f("/api/v1/lookups/%d", w.lookupJW1)},
		"GET /api/v1/warnings":                         {"approver1", "/api/v1/warnings"},
		"GET /api/v1/warnings/:id":                     {"approver1", f("/api/v1/warnings/%d", w.warnA)},
		"GET /api/v1/eligibility/checks":               {"hr1", "/api/v1/eligibility/checks"},
		"GET /api/v1/eligibility/checks/:id":           {"hr1", f("/api/v1/eligibility/checks/%d", w.checkHR1)},
		"GET /api/v1/eligibility/checks/:id/export":    {"hr1", f("/api/v1/eligibility/checks/%d/export", w.checkHR1)},
		"GET /api/v1/me/file":                          {"official1", "/api/v1/me/file"},
		"GET /api/v1/me/access-log":                    {"official1", "/api/v1/me/access-log"},
		"GET /api/v1/me/reports":                       {"official1", "/api/v1/me/reports"},
		"GET /api/v1/me/reports/:id":                   {"official1", f("/api/v1/me/reports/%d", w.reportA)},
		"GET /api/v1/me/appeals":                       {"official1", "/api/v1/me/appeals"},
		"GET /api/v1/reports/verify/:code":             {"anonymous", "/api/v1/reports/verify/" + w.codeA},
		"GET /api/v1/disputes":                         {"clerk1", "/api/v1/disputes"},
		"GET /api/v1/disputes/:id":                     {"clerk1", f("/api/v1/disputes/%d", w.dispA)},
		"GET /api/v1/disputes/:id/attachments/:att_id": {"clerk1", f("/api/v1/disputes/%d/attachments/%d", w.dispA, w.dispAAtt)},
		"GET /api/v1/repairs":                          {"clerk2", "/api/v1/repairs"},
		"GET /api/v1/repairs/:id":                      {"clerk2", f("/api/v1/repairs/%d", w.repA)},
		"GET /api/v1/repairs/:id/attachments/:att_id":  {"clerk2", f("/api/v1/repairs/%d/attachments/%d", w.repA, w.repAAtt)},
		"GET /api/v1/appeals":                          {"clerk1", "/api/v1/appeals"},
		"GET /api/v1/appeals/:id":                      {"clerk1", f("/api/v1/appeals/%d", w.appealA)},
		"GET /api/v1/audit":                            {"auditor1", "/api/v1/audit"},
		"GET /api/v1/grant-requests":                   {"secadmin1", "/api/v1/grant-requests"},
		"GET /api/v1/statistics/forms":                 {"jw1", "/api/v1/statistics/forms"},
		"GET /api/v1/opinions":                         {"hr1", "/api/v1/opinions"},
		"GET /api/v1/opinions/:id":                     {"jw2", f("/api/v1/opinions/%d", w.opinionA)},
		"GET /api/v1/opinions/:id/reply":               {"hr1", f("/api/v1/opinions/%d/reply", w.opinionA)},
		"GET /api/v1/statistics/forms/export":          {"approver1", "/api/v1/statistics/forms/export"},
		"GET /api/v1/statistics/forms/records":         {"approver1", "/api/v1/statistics/forms/records"},
		"GET /api/v1/statistics/units/:id":             {"approver1", f("/api/v1/statistics/units/%d", w.districtA.ID)},
		"GET /api/v1/officials/export":                 {"hr1", "/api/v1/officials/export"},
		"GET /api/v1/records/export":                   {"clerk1", "/api/v1/records/export"},
		"GET /api/v1/lookups/export":                   {"jw1", "/api/v1/lookups/export"},
		"GET /api/v1/warnings/export":                  {"approver1", "/api/v1/warnings/export"},
		"GET /api/v1/audit/export":                     {"auditor1", "/api/v1/audit/export"},
	}
	for _, r := range w.ts.routes(func(r route) bool { return gets(r) && !catchAll(r.Method, r.Path) }) {
		key := r.String()
		if _, ok := notPersonal[key]; ok {
			continue
		}
		probe, ok := reads[key]
		if !ok {
			t.Errorf("%s reads personal data (it is not in notPersonal) but the audit walk has no probe for it", key)
			continue
		}
		if !allowedAs(key, probe[0]) {
			t.Errorf("%s: the probe's subject %s is not allowed the route", key, probe[0])
			continue
		}
		before := auditCount(t, w)
		res := w.as[probe[0]].do(http.MethodGet, probe[1], nil)
		if res.Status != http.StatusOK {
			t.Errorf("%s as %s: %d %s", probe[1], probe[0], res.Status, res.Body)
			continue
		}
		w.drain(t)
		if after := auditCount(t, w); after <= before {
			t.Errorf("%s as %s read personal data and left no audit entry", probe[1], probe[0])
		}
	}
	for key := range reads {
		if _, ok := notPersonal[key]; ok {
			t.Errorf("%s is both a personal read and not personal", key)
		}
	}
}

func auditCount(t *testing.T, w *attackWorld) int64 {
	t.Helper()
	_, total, err := w.ts.db.AuditEntries(context.Background(), domain.AuditFilter{Page: domain.Page{Number: 1, Size: 1}})
	if err != nil {
		t.Fatal(err)
	}
	return total
}
