package httpapi_test

import (
	"fmt"
	"net/http"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// oaSchema is the part of an OpenAPI schema the wrong-type walk reads.
type oaSchema struct {
	Ref        string               `yaml:"$ref"`
	Type       string               `yaml:"type"`
	Properties map[string]*oaSchema `yaml:"properties"`
	AllOf      []*oaSchema          `yaml:"allOf"`
}

type oaDoc struct {
	Paths map[string]map[string]struct {
		RequestBody *struct {
			Content map[string]struct {
				Schema *oaSchema `yaml:"schema"`
			} `yaml:"content"`
		} `yaml:"requestBody"`
	} `yaml:"paths"`
	Components struct {
		Schemas map[string]*oaSchema `yaml:"schemas"`
	} `yaml:"components"`
}

func (d *oaDoc) resolve(s *oaSchema) *oaSchema {
	for s != nil && s.Ref != "" {
		s = d.Components.Schemas[strings.TrimPrefix(s.Ref, "#/components/schemas/")]
	}
	if s != nil && len(s.AllOf) == 1 && s.Type == "" {
		return d.resolve(s.AllOf[0])
	}
	return s
}

// wrongValue is a JSON value of another type than t; nil for a schema
// without one type.
func wrongValue(t string) any {
	switch t {
	case "string":
		return 201
	case "integer", "number":
		return "201"
	case "boolean":
		return "yes"
	case "array", "object":
		return "x"
	}
	return nil
}

var oaPathParam = regexp.MustCompile(`\{[a-z_]+\}`)

// TestAttackWrongTypes: every JSON write route the document describes, sent
// each of its body's properties with a value of the wrong type (a number for
// a text, a text for a number, a list or an object), answers 400 naming that
// property, as its allowed caller, and changes nothing.
func TestAttackWrongTypes(t *testing.T) {
	w := newAttackWorld(t)
	// Routes that find their resource before they read the body (a case
	// outside the caller's source answers 404 whatever the body) are sent
	// to a resource their caller reaches.
	real := map[string][2]string{
		"/api/v1/disputes/{id}/extend":                          {"clerk1", fmt.Sprintf("/api/v1/disputes/%d/extend", w.dispA)},
		"/api/v1/disputes/{id}/resolve":                         {"clerk1", fmt.Sprintf("/api/v1/disputes/%d/resolve", w.dispA)},
		"/api/v1/repairs/{id}/decide":                           {"clerk2", fmt.Sprintf("/api/v1/repairs/%d/decide", w.repA)},
		"/api/v1/eligibility/checks/{id}/results/{row}/outcome": {"hr1", fmt.Sprintf("/api/v1/eligibility/checks/%d/results/1/outcome", w.checkHR1)},
		"/api/v1/policies/{kind}/{version}":                     {"secadmin1", "/api/v1/policies/scoring/1"},
	}
	var doc oaDoc
	raw, err := os.ReadFile("openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	as := func(subject string) *client { return w.as[subject] }
	before := fingerprint(t, w.ts.db.SQL())
	paths := make([]string, 0, len(doc.Paths))
	for p := range doc.Paths {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	checked := 0
	for _, p := range paths {
		for method, op := range doc.Paths[p] {
			if op.RequestBody == nil {
				continue
			}
			media, ok := op.RequestBody.Content["application/json"]
			if !ok {
				continue
			}
			schema := doc.resolve(media.Schema)
			if schema == nil || schema.Type != "object" {
				continue
			}
			route := strings.ToUpper(method) + " " + oaPathParam.ReplaceAllStringFunc(p, func(s string) string { return ":" + strings.Trim(s, "{}") })
			subject := ""
			for _, who := range expectations[route] {
				switch who {
				case everyone:
					subject = "anonymous"
				case signedIn:
					subject = "hr1"
				case "client":
					continue
				default:
					subject = who
				}
				break
			}
			if subject == "" {
				t.Errorf("%s: no subject may call it", route)
				continue
			}
			url := oaPathParam.ReplaceAllString(p, "1")
			if r, ok := real[p]; ok {
				subject, url = r[0], r[1]
			}
			names := make([]string, 0, len(schema.Properties))
			for name := range schema.Properties {
				names = append(names, name)
			}
			sort.Strings(names)
			for _, name := range names {
				prop := doc.resolve(schema.Properties[name])
				bad := wrongValue(prop.Type)
				if bad == nil {
					continue
				}
				c := as(subject)
				c.t = t
				r := c.do(strings.ToUpper(method), url, map[string]any{name: bad})
				p := problemOf(t, r)
				if r.Status != http.StatusBadRequest || len(p.Errors) == 0 || !strings.HasPrefix(p.Errors[0].Field, name) {
					t.Errorf("%s as %s with %s = %#v: %d %s, want 400 naming %s", route, subject, name, bad, r.Status, r.Body, name)
				}
				checked++
			}
		}
	}
	if checked < 60 {
		t.Fatalf("only %d wrong-typed fields were sent", checked)
	}
	if after := fingerprint(t, w.ts.db.SQL()); after != before {
		t.Errorf("wrong types changed the data:\n%s\n%s", before, after)
	}
	t.Logf("%d wrong-typed fields refused", checked)
}
