package store

import (
	"context"
	"time"

	"gorm.io/gorm"

	"integrity/internal/domain"
)

// RecordsKnownAt returns, in id order, an official's records as they were
// known at the instant at: the records created by then that were the
// official's then, each in the version it had then, with the dispute flag
// it had then. A record_versions row holds the content a change replaced
// and, as its created_at, the time it was replaced, so the content at
// the instant is the lowest version replaced after it, else the current
// row. A record revoked, repaired, corrected, ended, moved to another
// official or disputed after the instant shows as it was before. Two
// queries, through the records' and the versions' official indexes; it
// never reads beyond the official's records.
func (db *DB) RecordsKnownAt(ctx context.Context, officialID int64, at time.Time) ([]domain.Record, error) {
	g := db.gorm.WithContext(ctx)
	// The official's records then: theirs now, or theirs in a version
	// replaced after the instant (a correction moved it since).
	ids := g.Table("records").Select("id").Where("created_at <= ? AND (official_id = ? OR id IN (?))", at, officialID,
		g.Table("record_versions").Select("record_id").Where("official_id = ? AND created_at > ?", officialID, at))
	// A record was under dispute while a dispute on a data ground was open.
	disputed := g.Table("disputes d").Select("1").
		Where("d.record_id = records.id AND d.ground IN ? AND d.created_at <= ? AND (d.decided_at IS NULL OR d.decided_at > ?)",
			dataGrounds(), at, at)
	var rows []struct {
		domain.Record
		DisputedThen bool
	}
	err := g.Table("records").Select("records.*, EXISTS (?) AS disputed_then", disputed).
		Where("id IN (?)", ids).Order("id").Scan(&rows).Error
	if err != nil || len(rows) == 0 {
		return []domain.Record{}, translate(err)
	}
	then, err := versionsAfter(g, ids, at)
	if err != nil {
		return nil, err
	}
	out := make([]domain.Record, 0, len(rows))
	for i := range rows {
		r := rows[i].Record
		if v, changed := then[r.ID]; changed {
			asVersion(&r, v)
		}
		r.UnderDispute = rows[i].DisputedThen
		if r.OfficialID == officialID {
			out = append(out, r)
		}
	}
	return out, nil
}

// versionsAfter returns, by record, the first version of the records ids
// selects that was replaced after the instant: the content at the instant.
func versionsAfter(g *gorm.DB, ids *gorm.DB, at time.Time) (map[int64]domain.RecordVersion, error) {
	var later []domain.RecordVersion
	if err := g.Where("record_id IN (?) AND created_at > ?", ids, at).Order("record_id, version").Find(&later).Error; err != nil {
		return nil, translate(err)
	}
	then := make(map[int64]domain.RecordVersion, len(later))
	for _, v := range later {
		if _, seen := then[v.RecordID]; !seen {
			then[v.RecordID] = v
		}
	}
	return then, nil
}

// asVersion gives r the content of one of its versions.
func asVersion(r *domain.Record, v domain.RecordVersion) {
	if v.OfficialID != 0 { // versions kept before records were moved by corrections name no official
		r.OfficialID = v.OfficialID
	}
	r.Version, r.Category, r.Code, r.DecisionDate, r.EffectiveDate = v.Version, v.Category, v.Code, v.DecisionDate, v.EffectiveDate
	r.PeriodMonths, r.EndedOn, r.ActRef, r.AssessmentYear, r.RepairedOn = v.PeriodMonths, v.EndedOn, v.ActRef, v.AssessmentYear, v.RepairedOn
	r.DocumentNo, r.Authority, r.Summary, r.State, r.StateReason = v.DocumentNo, v.Authority, v.Summary, v.State, v.StateReason
}

// dataGrounds are the dispute grounds that question a record's data: only
// an open dispute on one holds the record under dispute.
func dataGrounds() []string {
	var out []string
	for _, g := range domain.DisputeGrounds {
		if domain.IsDataGround(g) {
			out = append(out, g)
		}
	}
	return out
}
