package httpapi_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// The document's promise checked against every answer of the suite: the
// status is declared for the operation, the content type is declared, and
// the body has the declared schema (required properties, types, enums,
// nullability). Answers of paths the document does not describe (the app
// shell, static files) and of the API's 404 catch-all are not checked;
// spreadsheets and files are checked for status and content type only.
var (
	contract     routers.Router
	contractErr  error
	contractOnce sync.Once
	conformed    atomic.Int64
)

func loadContract() (routers.Router, error) {
	contractOnce.Do(func() {
		raw, err := os.ReadFile("openapi.yaml")
		if err != nil {
			contractErr = err
			return
		}
		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromData(raw)
		if err != nil {
			contractErr = err
			return
		}
		doc.Servers = openapi3.Servers{{URL: "/"}}
		if err := doc.Validate(loader.Context); err != nil {
			contractErr = err
			return
		}
		contract, contractErr = gorillamux.NewRouter(doc)
	})
	return contract, contractErr
}

// conformance returns what is wrong with an answer, "" when it keeps the
// contract or the path is not the document's.
func conformance(req *http.Request, status int, header http.Header, body []byte) string {
	router, err := loadContract()
	if err != nil {
		return "the OpenAPI document does not load: " + err.Error()
	}
	probe := req.Clone(context.Background())
	probe.URL.Scheme, probe.URL.Host, probe.Host = "", "", ""
	route, params, err := router.FindRoute(probe)
	if err != nil {
		return "" // not a path of the document
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: probe, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}},
		Status: status,
		Header: header,
		Body:   io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true,
			ExcludeResponseBody: !strings.Contains(header.Get("Content-Type"), "json")},
	}
	conformed.Add(1)
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		return err.Error()
	}
	// The media type, for the answers whose body the validator skips.
	declared := route.Operation.Responses.Status(status)
	if declared == nil {
		declared = route.Operation.Responses.Default()
	}
	mediaType, _, _ := strings.Cut(header.Get("Content-Type"), ";")
	if declared != nil && declared.Value != nil && len(declared.Value.Content) > 0 && len(body) > 0 &&
		declared.Value.Content.Get(strings.TrimSpace(mediaType)) == nil {
		return "the content type " + mediaType + " is not declared for this answer"
	}
	return ""
}

// checkConformance fails the test when an answer breaks the document.
func checkConformance(t *testing.T, req *http.Request, status int, header http.Header, body []byte) {
	t.Helper()
	if why := conformance(req, status, header, body); why != "" {
		t.Errorf("%s %s answered %d against the document: %s", req.Method, req.URL.Path, status, firstLines(why, 6))
	}
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, " | ")
}

// The checker itself finds a broken answer: a user without its required
// username, a status the operation does not declare, a wrong content type.
func TestConformanceCheckFindsBrokenAnswers(t *testing.T) {
	req, _ := http.NewRequest(http.MethodGet, "http://x/api/v1/users/5", nil)
	json := http.Header{"Content-Type": []string{"application/json"}}
	good := `{"id":5,"username":"hr1","display_name":"","department_id":null,"department_name":"","official_id":null,"source_id":null,` +
		`"enabled":true,"must_change_password":false,"totp_enabled":false,"locked_until":null,"last_login_at":null,"awaiting_activation":false,` +
		`"grants":[],"version":1,"created_at":"2026-12-01T09:00:00Z"}`
	if why := conformance(req, 200, json, []byte(good)); why != "" {
		t.Fatalf("a good answer: %s", why)
	}
	for name, c := range map[string]struct {
		status int
		header http.Header
		body   string
	}{
		"MissingRequired": {200, json, strings.Replace(good, `"username":"hr1",`, "", 1)},
		"WrongType":       {200, json, strings.Replace(good, `"version":1`, `"version":"1"`, 1)},
		"UndeclaredCode":  {418, json, `{}`},
		"WrongMediaType":  {200, http.Header{"Content-Type": []string{"text/html"}}, good},
	} {
		if why := conformance(req, c.status, c.header, []byte(c.body)); why == "" {
			t.Errorf("%s: not found", name)
		}
	}
}

// TestMain reports how many answers the suite checked against the document.
func TestMain(m *testing.M) {
	code := m.Run()
	if n := conformed.Load(); n > 0 {
		fmt.Printf("conformance: %d answers checked against openapi.yaml\n", n)
	}
	os.Exit(code)
}
