package app

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
	"unicode/utf8"
)

// TestInputsEncodeAsEncodingJSON shows that a check's inputs are written
// byte for byte as encoding/json writes the same values (a stored check's
// digest hashes these bytes, and checks stored before were written by
// encoding/json), whatever the text holds, and that they read back.
func TestInputsEncodeAsEncodingJSON(t *testing.T) {
	texts := []string{"", "gov_warning", "（2024）苏01民初12号", `a"b\c`, "<b>&amp;</b>", "line\nbreak\ttab\x00nul\x1f",
		"\u2028\u2029", "bad \xff\xfe utf-8", "emoji 🙂", "del\x7f", "é"}
	reference := func(o officialInputs) []byte {
		recs := []any{}
		for _, r := range o.Records {
			recs = append(recs, []any{r.ID, r.Category, r.Code, r.DecisionDate, r.EndedOn, r.RepairedOn, r.State, r.UnderDispute,
				r.EffectiveDate, r.PeriodMonths, r.ActRef, r.DocumentNo, r.AssessmentYear})
		}
		var rs any = recs
		if o.Records == nil {
			rs = nil
		}
		b, err := json.Marshal(map[string]any{"category": o.Category, "records": rs})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func() string { return texts[rng.IntN(len(texts))] }
	cases := []officialInputs{{}, {Category: "公务员", Records: []recordInput{}}}
	for range 300 {
		o := officialInputs{Category: pick()}
		for range rng.IntN(4) {
			o.Records = append(o.Records, recordInput{ID: rng.Int64N(1 << 40), Category: pick(), Code: pick(), DecisionDate: "2024-03-07",
				EndedOn: pick(), RepairedOn: pick(), State: pick(), UnderDispute: rng.IntN(2) == 1, EffectiveDate: pick(),
				PeriodMonths: rng.IntN(49) - 1, ActRef: pick(), DocumentNo: pick(), AssessmentYear: rng.IntN(3000)})
		}
		cases = append(cases, o)
	}
	for _, o := range cases {
		got, want := o.appendJSON(nil), reference(o)
		if string(got) != string(want) {
			t.Fatalf("inputs %+v:\n got %s\nwant %s", o, got, want)
		}
		if viaMarshal, _ := json.Marshal(o); string(viaMarshal) != string(want) {
			t.Fatalf("json.Marshal of %+v:\n got %s\nwant %s", o, viaMarshal, want)
		}
		var back officialInputs
		// (bytes that are not UTF-8 come back as U+FFFD, as encoding/json writes them)
		if err := json.Unmarshal(got, &back); err != nil || back.Category != o.Category && utf8.ValidString(o.Category) {
			t.Fatalf("read back %s: %+v, %v", got, back, err)
		}
		if len(back.Records) != len(o.Records) {
			t.Fatalf("read back %s: %d records, want %d", got, len(back.Records), len(o.Records))
		}
	}
}
