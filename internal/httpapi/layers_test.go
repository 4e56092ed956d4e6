package httpapi_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestHTTPLayerHasNoDatabase keeps app the only door to personal data: no
// file of the HTTP layer imports the store (its tests may, to set up a
// world), so every read goes through a use case that scopes and audits it.
func TestHTTPLayerHasNoDatabase(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		ast, err := parser.ParseFile(token.NewFileSet(), f, src, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		for _, imp := range ast.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if path == "integrity/internal/store" || strings.HasPrefix(path, "gorm.io/") || path == "database/sql" {
				t.Errorf("%s imports %s: the HTTP layer reaches data only through internal/app", f, path)
			}
		}
	}
	if checked < 10 {
		t.Fatalf("only %d files checked: is the test running in internal/httpapi?", checked)
	}
}
