// Package opinion drafts integrity opinions (廉政意见回复): for one
// candidate, from their records as of a day and the eligibility verdict for
// the request's purpose, the matters the reply states and a proposed
// conclusion. Pure: no I/O.
package opinion

import (
	"bytes"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"integrity/internal/catalogue"
	"integrity/internal/domain"
	"integrity/internal/eligibility"
)

// Policy is policies/opinions.yaml.
// Its one-word keys are the fields' names in lower case.
type Policy struct {
	Purposes, Matters, Investigations, Leads, Issuer []string
	Signatures                                       int
	MaxCandidates                                    int    `yaml:"max_candidates"`
	DueWorkingDays                                   int    `yaml:"due_working_days"`
	LookBackYears                                    int    `yaml:"look_back_years"`
	NumberPrefix                                     string `yaml:"number_prefix"`
}

// Load reads and checks policies/opinions.yaml.
func Load(fsys fs.FS) (*Policy, error) {
	b, err := fs.ReadFile(fsys, "opinions.yaml")
	if err != nil {
		return nil, err
	}
	return Parse(b)
}

// Parse reads and checks an opinions policy (a deployment's own file, in
// the layout of policies/opinions.yaml).
func Parse(b []byte) (*Policy, error) {
	var p Policy
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("opinions.yaml: %w", err)
	}
	switch {
	case len(p.Purposes) == 0:
		return nil, fmt.Errorf("opinions.yaml: no purposes")
	case p.MaxCandidates < 1 || p.MaxCandidates > 10000:
		return nil, fmt.Errorf("opinions.yaml: max_candidates must be 1 to 10000")
	case p.DueWorkingDays < 1 || p.DueWorkingDays > 60:
		return nil, fmt.Errorf("opinions.yaml: due_working_days must be 1 to 60")
	case p.LookBackYears < 0 || p.LookBackYears > 30:
		return nil, fmt.Errorf("opinions.yaml: look_back_years must be 0 to 30")
	case p.Signatures != 1 && p.Signatures != 2:
		return nil, fmt.Errorf("opinions.yaml: signatures must be 1 or 2")
	case p.NumberPrefix == "":
		return nil, fmt.Errorf("opinions.yaml: number_prefix is required")
	case len(p.Issuer) == 0:
		return nil, fmt.Errorf("opinions.yaml: issuer is required")
	}
	return &p, nil
}

// Matter kinds.
const (
	MatterSanction      = "sanction"      // a sanction or handling in effect or within the look-back
	MatterInvestigation = "investigation" // an open case
	MatterLead          = "lead"          // a lead under verification: no detail
	MatterBar           = "bar"           // the purpose's bar that holds
)

// Matter is one thing the reply states about a candidate.
type Matter struct {
	Kind      string `json:"kind"`
	RecordID  int64  `json:"record_id,omitempty"`
	Category  string `json:"category,omitempty"`
	Code      string `json:"code,omitempty"`
	DecidedOn string `json:"decided_on,omitempty"`
	// Until is the day the matter stops barring the purpose, when a bar
	// names it.
	Until string `json:"until,omitempty"`
	// Text is the matter as the reply words it.
	Text string `json:"text"`
}

// Clean is the conclusion of a candidate the reply states nothing against.
const Clean = "无不良反映"

// Draft is a candidate's part of a reply as the platform proposes it.
type Draft struct {
	Matters    []Matter
	Conclusion string
}

// Make drafts a candidate's part of a reply from their records and the
// verdict for the purpose (purposeZh names it), as of asOf: sanctions and
// organisational handling that still bar the purpose or were decided within
// the look-back years; open investigations; open leads, as "under
// verification" only; and the purpose's bars that hold. Revoked records do
// not count.
func (p *Policy) Make(records []domain.Record, cat *catalogue.Catalogue, v eligibility.Verdict, purposeZh string, asOf time.Time) Draft {
	since := asOf.AddDate(-p.LookBackYears, 0, 0)
	barring := map[int64]eligibility.Reason{}
	for _, r := range v.Reasons {
		if r.RecordID != 0 {
			barring[r.RecordID] = r
		}
	}
	var d Draft
	lead := false
	sorted := slices.Clone(records)
	slices.SortStableFunc(sorted, func(a, b domain.Record) int { return a.DecisionDate.Compare(b.DecisionDate) })
	for _, r := range sorted {
		if r.State != domain.RecordActive || r.DecisionDate.After(asOf) {
			continue
		}
		open := r.EndedOn == nil || r.EndedOn.After(asOf)
		zh := r.Code
		if c, ok := cat.Code(r.Code); ok {
			zh = c.Zh
		}
		day := r.DecisionDate.Format(time.DateOnly)
		switch {
		case slices.Contains(p.Leads, r.Category):
			// A lead's code is its state: 受理, 初核 and 谈话函询 are open
			// (open-ended codes); 了结 and 立案 have closed it.
			c, known := cat.Code(r.Code)
			lead = lead || (open && known && c.OpenEnded)
		case slices.Contains(p.Investigations, r.Category):
			if open {
				d.Matters = append(d.Matters, Matter{Kind: MatterInvestigation, RecordID: r.ID, Category: r.Category, Code: r.Code, DecidedOn: day,
					Text: fmt.Sprintf("%s 起正在接受立案审查调查", day)})
			}
		case slices.Contains(p.Matters, r.Category):
			bar, bars := barring[r.ID]
			if !bars && r.DecisionDate.Before(since) {
				continue
			}
			text := fmt.Sprintf("%s 受到%s", day, zh)
			if r.DocumentNo != "" {
				text += "（" + r.DocumentNo + "）"
			}
			m := Matter{Kind: MatterSanction, RecordID: r.ID, Category: r.Category, Code: r.Code, DecidedOn: day, Text: text}
			if bars {
				m.Until = bar.Until
				switch {
				case bar.Until != "":
					m.Text += "，影响期至 " + lastDay(bar.Until) + " 止"
				case bar.Permanent:
					m.Text += "，长期影响"
				}
			}
			d.Matters = append(d.Matters, m)
		}
	}
	if lead {
		d.Matters = append(d.Matters, Matter{Kind: MatterLead, Text: "有问题线索正在核查"})
	}
	if v.Verdict == eligibility.Ineligible {
		text := fmt.Sprintf("按%s资格条件，目前不符合", purposeZh)
		if v.EligibleFrom != "" {
			text += "，最早可于 " + v.EligibleFrom + " 起"
		}
		d.Matters = append(d.Matters, Matter{Kind: MatterBar, Text: text})
	}
	d.Conclusion = Conclude(d.Matters)
	return d
}

// Conclude words the conclusion of a candidate's matters: no objection when
// there are none, otherwise the matters that stand against them.
func Conclude(ms []Matter) string {
	if len(ms) == 0 {
		return Clean
	}
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = fmt.Sprintf("%d. %s", i+1, m.Text)
	}
	return "有以下情况：" + strings.Join(parts, "；") + "。"
}

// lastDay is the day before until (the first free day): the last day of
// the effect, as a reply words it.
func lastDay(until string) string {
	t, err := time.Parse(time.DateOnly, until)
	if err != nil {
		return until
	}
	return t.AddDate(0, 0, -1).Format(time.DateOnly)
}

// Number is the reply's number in a year: 纪廉复〔2026〕37号.
func (p *Policy) Number(year, seq int) string {
	return fmt.Sprintf("%s〔%d〕%d号", p.NumberPrefix, year, seq)
}
