package jsonpath

import (
	"strings"
	"testing"
)

func TestJSONPlaces(t *testing.T) {
	body := `{"records":[{"code":"x"},{"a":[1,2]},{"decision_date":20240101,"summary":{}}]}`
	for _, tc := range []struct{ after, want string }{
		{`"x"`, "records[0].code"},
		{`2`, "records[1].a[1]"},
		{`20240101`, "records[2].decision_date"},
		{`"summary":{`, "records[2].summary"}, // an object where a string belongs: the decoder stops just inside it
	} {
		end := int64(strings.Index(body, tc.after) + len(tc.after))
		if got := At([]byte(body), end); got != tc.want {
			t.Errorf("the value ending at %d (%s): %q, want %q", end, tc.after, got, tc.want)
		}
	}
	if got := OfKey([]byte(`{"a":{"b":[{"c":1},{"colour":2}]}}`), "colour"); got != "a.b[1].colour" {
		t.Errorf("the unknown key: %q", got)
	}
	// Deeper than any request type goes, the walk gives up (the decoder's
	// own path names the field) instead of spending time on a hostile body.
	deep := strings.Repeat(`{"a":`, maxPathDepth+5) + `1` + strings.Repeat(`}`, maxPathDepth+5)
	if got := At([]byte(deep), int64(len(deep))); got != "" {
		t.Errorf("a body nested past the bound: %q", got)
	}
}
