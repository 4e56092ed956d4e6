package httpapi_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestMeNamesThePermissionsOfTheRoutePolicy: /me lists exactly the API
// calls the route policy lets the user's roles make, which the UI's pages
// and menus follow (one source of who may do what).
func TestMeNamesThePermissionsOfTheRoutePolicy(t *testing.T) {
	w := newWorld(t)
	for _, subject := range []string{"admin1", "hr1", "jw1", "approver1", "clerk1", "official1", "auditor1"} {
		var me struct {
			Permissions []string `json:"permissions"`
		}
		w.mustLogin(t, subject).must(http.MethodGet, "/api/v1/me", nil, 200).json(t, &me)
		if !slices.Contains(me.Permissions, "GET /api/v1/me") {
			t.Errorf("%s: every signed-in user may read their account: %v", subject, me.Permissions)
		}
		for _, p := range me.Permissions {
			method, route, _ := strings.Cut(p, " ")
			if !allowed(method+" "+route, subject) {
				t.Errorf("%s is told it may call %s, which the matrix refuses it", subject, p)
			}
		}
		for route := range expectations {
			if strings.HasPrefix(strings.SplitN(route, " ", 2)[1], "/api/v1/") && allowed(route, subject) &&
				!strings.HasPrefix(route, "GET /api/v1/meta") && !strings.Contains(route, "/auth/") &&
				!strings.Contains(route, "/reports/verify/") && !slices.Contains(me.Permissions, route) {
				t.Errorf("%s may call %s but /me does not say so", subject, route)
			}
		}
	}
}
