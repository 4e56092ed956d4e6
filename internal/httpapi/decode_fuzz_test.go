package httpapi

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"

	"integrity/internal/app"
	"integrity/internal/catalogue"
	"integrity/internal/domain"
)

// writeBodies are the request types of every write endpoint.
func writeBodies() []func() any {
	return []func() any{
		func() any { return &loginRequest{} }, func() any { return &refreshRequest{} }, func() any { return &passwordRequest{} },
		func() any { return &totpEnableRequest{} }, func() any { return &clientRequest{} }, func() any { return &keyRequest{} },
		func() any { return &checkRequest{} }, func() any { return &outcomeRequest{} }, func() any { return &lookupRequest{} },
		func() any { return &decisionRequest{} }, func() any { return &revokeRequest{} }, func() any { return &draftRequest{} },
		func() any { return &updateDraftRequest{} }, func() any { return &recordsRequest{} }, func() any { return &app.NewDepartment{} },
		func() any { return &app.DepartmentPatch{} }, func() any { return &app.OfficialInput{} }, func() any { return &lookupReportRequest{} },
		func() any { return &extendRequest{} }, func() any { return &resolveRequest{} }, func() any { return &decideRepairRequest{} },
		func() any { return &app.SourceInput{} }, func() any { return &createUserRequest{} }, func() any { return &app.UserPatch{} },
		func() any { return &rolesRequest{} }, func() any { return &warningDecision{} }, func() any { return &catalogue.Code{} },
		func() any { return &map[string]any{} },
	}
}

// FuzzDecodeWriteBodies feeds arbitrary bodies to the JSON decoding of
// every write endpoint's request type: each is accepted, or refused as a
// client error (invalid, or too large) that names a field; never a panic
// or an internal error.
func FuzzDecodeWriteBodies(f *testing.F) {
	for i, s := range []string{`{}`, `{"username":"a","password":"b"}`, `{"records":[{"id_number":1}]}`, `{"role":"admin","grants":[{"scope":null}]}`,
		`[]`, `{"a":1}{"b":2}`, `{"official_ids":[1e400]}`, "\xff", `{"policy":{"rules":[{"points":"x"}]}}`, `{"correction":{"code":{}}}`} {
		f.Add(uint8(i), []byte(s))
	}
	e := echo.New()
	kinds := writeBodies()
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
		req.Header.Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
		rec := httptest.NewRecorder()
		req.Body = http.MaxBytesReader(rec, req.Body, 2<<20)
		c := e.NewContext(req, rec)
		err := decode(c, kinds[int(which)%len(kinds)]())
		if err == nil {
			return
		}
		var de *domain.Error
		if !errors.As(err, &de) || (de.Code != domain.EINVALID && de.Code != domain.ETOOLARGE) {
			t.Fatalf("type %d, body %q: %v is not a client error", int(which)%len(kinds), body, err)
		}
		if de.Code == domain.EINVALID && (len(de.Fields) == 0 || de.Fields[0].Field == "") {
			t.Fatalf("type %d, body %q: an error without a field: %+v", int(which)%len(kinds), body, de)
		}
	})
}
