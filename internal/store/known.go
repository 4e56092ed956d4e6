package store

import (
	"context"
	"time"

	"integrity/internal/domain"
)

// RecordsKnownAt returns an official's records as they were known at the
// instant at: the records created by then, each in the version it had
// then (rebuilt from record_versions, whose rows hold the content a change
// replaced and the time it was replaced). A record revoked, repaired,
// corrected or ended after that instant shows as it was before. Two
// queries, both through the official's index.
func (db *DB) RecordsKnownAt(ctx context.Context, officialID int64, at time.Time) ([]domain.Record, error) {
	var recs []domain.Record
	g := db.gorm.WithContext(ctx)
	if err := g.Where("official_id = ? AND created_at <= ?", officialID, at).Order("id").Find(&recs).Error; err != nil {
		return nil, translate(err)
	}
	if len(recs) == 0 {
		return recs, nil
	}
	// The first version replaced after the instant is the content then.
	var later []domain.RecordVersion
	if err := g.Where("official_id = ? AND created_at > ?", officialID, at).Order("record_id, version").Find(&later).Error; err != nil {
		return nil, translate(err)
	}
	then := make(map[int64]domain.RecordVersion, len(later))
	for _, v := range later {
		if _, seen := then[v.RecordID]; !seen {
			then[v.RecordID] = v
		}
	}
	for i := range recs {
		v, changed := then[recs[i].ID]
		if !changed {
			continue
		}
		r := &recs[i]
		r.Version, r.Category, r.Code, r.DecisionDate, r.EffectiveDate = v.Version, v.Category, v.Code, v.DecisionDate, v.EffectiveDate
		r.PeriodMonths, r.EndedOn, r.ActRef, r.AssessmentYear, r.RepairedOn = v.PeriodMonths, v.EndedOn, v.ActRef, v.AssessmentYear, v.RepairedOn
		r.DocumentNo, r.Authority, r.Summary, r.State, r.StateReason = v.DocumentNo, v.Authority, v.Summary, v.State, v.StateReason
		r.UnderDispute = false // the dispute flag is not versioned: a record known in an earlier version is read as undisputed
	}
	return recs, nil
}
