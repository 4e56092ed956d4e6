package httpapi

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// frontendLocale reads one of the frontend's locale files, in the language
// given ("zh-CN" or "en").
func frontendLocale(t *testing.T, lang, name string) map[string]json.RawMessage {
	t.Helper()
	path := filepath.Join("..", "..", "frontend", "src", "locales", lang, name+".json")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]json.RawMessage
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return out
}

// TestAuditLabelsAreTheFrontends: the names the audit export writes are the
// audit page's, code for code and word for word, in Chinese and in English:
// no code the page names is missing here, none is named here that the page
// does not name, and no name differs.
func TestAuditLabelsAreTheFrontends(t *testing.T) {
	tables := []struct {
		file, section string
		names         map[string][2]string
	}{
		{"audit", "actions", auditActions},
		{"audit", "outcomes", auditOutcomes},
		{"audit", "targetTypes", auditTargetTypes},
		{"roles", "", auditRoles},
	}
	for i, lang := range []string{"zh-CN", "en"} {
		for _, tb := range tables {
			where := lang + "/" + tb.file + ".json " + tb.section
			file := frontendLocale(t, lang, tb.file)
			var want map[string]string
			if tb.section == "" {
				want = map[string]string{}
				for k, v := range file {
					var s string
					if err := json.Unmarshal(v, &s); err != nil {
						t.Fatalf("%s: %s is not a string: %v", where, k, err)
					}
					want[k] = s
				}
			} else if err := json.Unmarshal(file[tb.section], &want); err != nil {
				t.Fatalf("%s: %v", where, err)
			}
			if len(want) == 0 {
				t.Fatalf("%s: no names", where)
			}
			for _, code := range slices.Sorted(maps.Keys(want)) {
				got, ok := tb.names[code]
				switch {
				case !ok:
					t.Errorf("%s: %q (%q) is missing from the export's names", where, code, want[code])
				case got[i] != want[code]:
					t.Errorf("%s: %q is %q in the export, %q on the page", where, code, got[i], want[code])
				}
			}
			for code := range tb.names {
				if _, ok := want[code]; !ok {
					t.Errorf("%s: %q is named in the export but not on the page", where, code)
				}
			}
		}
	}
}

// TestAuditNameFallsBackToTheCode: a code with no name is written as it is,
// and an empty one stays empty.
func TestAuditNameFallsBackToTheCode(t *testing.T) {
	for _, tc := range []struct {
		code string
		en   bool
		want string
	}{
		{"record_list", false, "查询记录"},
		{"record_list", true, "Records listed"},
		{"some_new_action", false, "some_new_action"},
		{"some_new_action", true, "some_new_action"},
		{"", false, ""},
	} {
		if got := auditName(auditActions, tc.code, tc.en); got != tc.want {
			t.Errorf("auditName(%q, en=%v) = %q, want %q", tc.code, tc.en, got, tc.want)
		}
	}
}
