package ingest_test

import (
	"strings"
	"testing"

	"integrity/internal/ingest"
)

// FuzzCandidates feeds arbitrary files to the candidate-list reader:
// nothing may panic or hang, every problem names its row and field, and
// every candidate it returns has a valid ID number.
func FuzzCandidates(f *testing.F) {
	f.Add("姓名,身份证号码\n张三,320102199003071239\n")
	f.Add("\ufeffname,id_number\n,3.20102199003071239E+17\n")
	f.Add("PK\x03\x04garbage")
	f.Add("身份证号\n\"320102199003071239\n")
	f.Fuzz(func(t *testing.T, data string) {
		cands, probs, err := ingest.ReadCandidates(strings.NewReader(data), "list.csv", 100, asOf)
		if err != nil {
			return
		}
		for _, p := range probs {
			if p.Row < 1 || p.Field == "" || p.Message == "" {
				t.Fatalf("a problem without row or field: %+v", p)
			}
		}
		for _, c := range cands {
			if len(c.IDNumber) != 18 || c.Row < 2 {
				t.Fatalf("a candidate %+v", c)
			}
		}
	})
}
