package catalogue_test

import (
	"errors"
	"strings"
	"testing"

	"integrity/internal/catalogue"
	"integrity/internal/domain"
	"integrity/policies"
)

func TestDefaultCatalogueHasEveryCategoryOfTheDomain(t *testing.T) {
	c, err := catalogue.Default(policies.FS)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{ // category → number of codes, from DOMAIN.md
		"party_sanction": 6, "gov_sanction": 6, "org_handling": 5, "first_form": 4,
		"accountability": 2, "judicial": 4, "admin_penalty": 3, "traffic": 2,
		"arrears": 2, "personal_report": 2, "commendation": 6, "investigation": 1,
		"annual_assessment": 5, // 优秀, 称职, 基本称职, 不称职, 不确定等次
		"lead":              5, // 受理, 初核, 谈话函询, 了结, 立案
	}
	if len(c.Categories) != len(want) {
		t.Fatalf("%d categories, want %d", len(c.Categories), len(want))
	}
	for _, cat := range c.Categories {
		if len(cat.Codes) != want[cat.Key] {
			t.Errorf("%s has %d codes, want %d", cat.Key, len(cat.Codes), want[cat.Key])
		}
	}
	// Repair applies only to credit-type entries, never to sanctions, nor
	// to a drunk-driving conviction (a crime) or a dishonest-debtor listing
	// (it ends on the court's removal).
	for _, cat := range c.Categories {
		for _, code := range cat.Codes {
			credit := cat.Key == "arrears" || cat.Key == "admin_penalty" || cat.Key == "traffic" && code.Key != "tr_drunk_driving"
			if code.Repairable != credit {
				t.Errorf("%s repairable = %v", code.Key, code.Repairable)
			}
		}
	}
	if code, ok := c.Code("party_expulsion"); !ok || code.Zh != "开除党籍" || code.Form != 3 || code.Category != "party_sanction" {
		t.Fatalf("party_expulsion = %+v", code)
	}
	if code, _ := c.Code("inv_case_opened"); !code.OpenEnded {
		t.Fatal("an investigation is open-ended")
	}
}

func TestParseErrorsNameTheEntry(t *testing.T) {
	for _, tc := range []struct{ name, yaml, field string }{
		{"ErrUnknownField", "version: 1\ncolour: red\n", "catalogue"},
		{"ErrDuplicateCode", "categories:\n- {key: a, zh: 甲, en: A, codes: [{key: x, zh: 一, en: One}]}\n- {key: b, zh: 乙, en: B, codes: [{key: x, zh: 二, en: Two}]}\n", "categories[1].codes[0]"},
		{"ErrNoCodes", "categories:\n- {key: a, zh: 甲, en: A}\n", "categories[0]"},
		{"ErrFormRange", "categories:\n- {key: a, zh: 甲, en: A, codes: [{key: x, zh: 一, en: One, form: 7}]}\n", "categories[0].codes[0].form"},
		{"ErrMissingLabel", "categories:\n- {key: a, zh: 甲, en: A, codes: [{key: x, zh: 一}]}\n", "categories[0].codes[0]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := catalogue.Parse([]byte(tc.yaml))
			var de *domain.Error
			if !errors.As(err, &de) || de.Code != domain.EINVALID || len(de.Fields) == 0 || !strings.HasPrefix(de.Fields[0].Field, tc.field) {
				t.Fatalf("Parse = %v, want invalid naming %s", err, tc.field)
			}
		})
	}
}
