package httpapi

import (
	_ "embed"
	"encoding/json"
	"fmt"

	"gopkg.in/yaml.v3"
)

// The OpenAPI document is kept as YAML beside the code and served as JSON.
// A test checks that every registered route is described in it.
//
//go:embed openapi.yaml
var openAPIYAML []byte

func openAPIDocument() ([]byte, error) {
	var doc map[string]any
	if err := yaml.Unmarshal(openAPIYAML, &doc); err != nil {
		return nil, fmt.Errorf("openapi.yaml: %w", err)
	}
	return json.Marshal(doc)
}
