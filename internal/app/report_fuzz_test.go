package app_test

import (
	"context"
	"strings"
	"testing"

	"integrity/internal/app"
	"integrity/internal/domain"
)

// FuzzVerifyReport: the public verification of a report code never fails
// and never panics, whatever it is given, and answers genuine for the
// genuine code only (as the page normalises it: spaces around it trimmed,
// letters upper-cased). A code that is not genuine reveals nothing: no
// date, no name.
func FuzzVerifyReport(f *testing.F) {
	s := service(f)
	ctx := context.Background()
	dept := domain.Department{Code: "d", Name: "d", Kind: domain.DeptDistrict}
	if err := s.DB.CreateDepartment(ctx, &dept); err != nil {
		f.Fatal(err)
	}
	name, id, cat, status := "测试人员", "320102199003071239", domain.CategoryCivilServant, domain.OfficialActive
	o, err := s.CreateOfficial(ctx, app.Actor{Username: "t"}, app.OfficialInput{DepartmentID: &dept.ID, Name: &name, IDNumber: &id, Category: &cat, Status: &status})
	if err != nil {
		f.Fatal(err)
	}
	r, _, err := s.IssueOwnReport(ctx, app.Actor{Username: "t"}, o.ID)
	if err != nil {
		f.Fatal(err)
	}
	genuine := r.Code
	if len(genuine) != 24 || strings.ToUpper(genuine) != genuine {
		f.Fatalf("a code %q", genuine)
	}
	flip := func(i int) string {
		b := []byte(genuine)
		b[i] ^= 1
		return string(b)
	}
	for _, seed := range []string{genuine, strings.ToLower(genuine), " " + genuine + "\n", "\t" + strings.ToLower(genuine) + " ",
		flip(0), flip(15), flip(16), flip(23), genuine[:23], genuine + "A", genuine[:16] + "AAAAAAAA", "", " ", strings.Repeat("A", 24),
		"../../etc/passwd", "' OR '1'='1' --", "测试人员测试人员测试人员测试人员测试人员测试人员", genuine[:22] + "é", "\x00" + genuine[1:],
		"\u0131" + genuine[1:], "\u0131" + strings.ToLower(genuine[1:]), "\u017f" + genuine[1:], "\xff\xfe", strings.Repeat("Z", 10000)} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, code string) {
		v, err := s.VerifyReport(ctx, code)
		if err != nil {
			t.Fatalf("%q: %v", code, err)
		}
		// Genuine only for the code itself, trimmed, in either ASCII case:
		// no Unicode folding (a dotless ı is not an I).
		trimmed := strings.TrimSpace(code)
		ascii := !strings.ContainsFunc(trimmed, func(r rune) bool { return r >= 0x80 })
		want := ascii && strings.ToUpper(trimmed) == genuine
		if v.Genuine != want {
			t.Fatalf("%q verified %v, want %v", code, v.Genuine, want)
		}
		if !v.Genuine && (v.IssuedAt != nil || v.NameMasked != "") {
			t.Fatalf("%q is not genuine, yet it tells %+v", code, v)
		}
		if v.Genuine && (v.IssuedAt == nil || v.NameMasked != "测***") {
			t.Fatalf("the genuine code tells %+v", v)
		}
	})
}
