package msgs_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"integrity/internal/msgs"
)

func TestMessagesHaveStableKeysAndParameters(t *testing.T) {
	for in, want := range map[string]msgs.Keyed{
		"the check character does not match":                  {Key: "the_check_character_does_not_match"},
		"at most 128 characters":                              {Key: "at_most_n_characters", Params: []string{"128"}},
		"appears twice in the file: first on row 4":           {Key: "appears_twice_in_the_file_first_on_row_n", Params: []string{"4"}},
		"not an XLSX or CSV file: a PNG image":                {Key: "not_an_xlsx_or_csv_file__a_png_image"},
		"3 problem(s) in the submission; nothing was written": {Key: "n_problem_s_in_the_submission_nothing_was_written", Params: []string{"3"}},
	} {
		got, ok := msgs.Key(in)
		if !ok || got.Key != want.Key || !slices.Equal(got.Params, want.Params) {
			t.Errorf("%q: %+v %v, want %+v", in, got, ok, want)
		}
	}
	if k, ok := msgs.Key("something nobody translated"); ok {
		t.Fatalf("an unknown message has a key: %+v", k)
	}
}

// TestEveryKeyIsOneMessage: no two messages share a key, and every message
// said back through the table with its parameters is the message again.
func TestEveryKeyIsOneMessage(t *testing.T) {
	table := msgs.Table()
	seen := map[string]bool{}
	for key, m := range table {
		if seen[m[0]] {
			t.Errorf("%q has two keys", m[0])
		}
		seen[m[0]] = true
		if strings.Contains(m[0], "{0}") {
			continue
		}
		if got, ok := msgs.Key(m[0]); !ok || got.Key != key {
			t.Errorf("%q: key %q, the table says %q", m[0], got.Key, key)
		}
	}
	if len(table) < 120 {
		t.Fatalf("only %d keys", len(table))
	}
}

// uiMessage escapes what vue-i18n's message syntax would read as syntax,
// keeping the {0} placeholders.
func uiMessage(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '{' && i+2 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' && s[i+2] == '}' {
			b.WriteString(s[i : i+3])
			i += 2
			continue
		}
		if strings.IndexByte("{}@|", c) >= 0 {
			b.WriteString("{'" + string(c) + "'}")
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// TestTheUIProblemsTableIsCurrent: the UI's problems table (one file per
// locale) is this package's table. UPDATE_PROBLEMS=1 writes it.
func TestTheUIProblemsTableIsCurrent(t *testing.T) {
	table := msgs.Table()
	for i, locale := range []string{"en", "zh-CN"} {
		out := map[string]string{}
		for key, m := range table {
			out[key] = uiMessage(m[i])
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("..", "..", "frontend", "src", "locales", locale, "problems.json")
		if os.Getenv("UPDATE_PROBLEMS") == "1" {
			if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		have, err := os.ReadFile(path)
		if err != nil || !bytes.Equal(have, buf.Bytes()) {
			t.Fatalf("%s is not the current table (%v): run UPDATE_PROBLEMS=1 go test ./internal/msgs", path, err)
		}
	}
}
