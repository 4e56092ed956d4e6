package store

import (
	"context"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"integrity/internal/domain"
)

// BackdateWarnings dates each open warning that names records from those
// records: the day after the latest of their effective dates, never later
// than now. The demo data set is written at once and its first recompute
// raises every warning in one second; dated this way its warnings read as
// raised over the months their records came in. It reads the open warnings
// a thousand at a time.
func (db *DB) BackdateWarnings(ctx context.Context) (int, error) {
	g := db.gorm.WithContext(ctx)
	now := db.Now()
	done, after := 0, int64(0)
	for {
		var ws []domain.Warning
		if err := g.Select("id, record_ids").Where("state <> ? AND record_ids <> '' AND id > ?", domain.WarningResolved, after).
			Order("id").Limit(1000).Find(&ws).Error; err != nil {
			return done, translate(err)
		}
		if len(ws) == 0 {
			return done, nil
		}
		after = ws[len(ws)-1].ID
		idsOf := map[int64][]int64{}
		var all []int64
		for _, w := range ws {
			for _, f := range strings.Split(w.RecordIDs, ",") {
				if id, err := strconv.ParseInt(strings.TrimSpace(f), 10, 64); err == nil {
					idsOf[w.ID] = append(idsOf[w.ID], id)
					all = append(all, id)
				}
			}
		}
		var recs []domain.Record
		if err := g.Select("id, decision_date, effective_date").Where("id IN ?", all).Find(&recs).Error; err != nil {
			return done, translate(err)
		}
		effective := make(map[int64]time.Time, len(recs))
		for i := range recs {
			effective[recs[i].ID] = recs[i].Effective()
		}
		err := db.tx(ctx, func(tx *gorm.DB) error {
			for _, w := range ws {
				var latest time.Time
				for _, id := range idsOf[w.ID] {
					if e := effective[id]; e.After(latest) {
						latest = e
					}
				}
				if latest.IsZero() {
					continue
				}
				raised := latest.AddDate(0, 0, 1).Add(9 * time.Hour)
				if raised.After(now) {
					raised = now
				}
				if err := tx.Model(&domain.Warning{}).Where("id = ?", w.ID).Updates(map[string]any{"raised_at": raised, "updated_at": raised}).Error; err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return done, translate(err)
		}
		done += len(ws)
	}
}
