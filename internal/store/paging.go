package store

import (
	"strings"

	"gorm.io/gorm"

	"integrity/internal/domain"
)

// paged counts the rows q matches and reads one page of them in order:
// scanned with columns when set (a joined read model), found as the model
// otherwise. An empty page is an empty slice, never nil.
func paged[T any](q *gorm.DB, p domain.Page, order, columns string) ([]T, int64, error) {
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, translate(err)
	}
	out := []T{}
	q = q.Order(order).Limit(p.Size).Offset(p.Offset())
	var err error
	if columns != "" {
		err = q.Select(columns).Scan(&out).Error
	} else {
		err = q.Find(&out).Error
	}
	return out, total, translate(err)
}

// first reads the one row a joined query (with its columns) finds;
// ENOTFOUND naming kind when there is none.
func first[T any](q *gorm.DB, columns, kind string) (T, error) {
	var out []T
	var zero T
	if err := q.Select(columns).Limit(1).Scan(&out).Error; err != nil {
		return zero, translate(err)
	}
	if len(out) == 0 {
		return zero, domain.NotFound(kind)
	}
	return out[0], nil
}

// batch is how many rows a stream reads at a time.
const batch = 1000

// stream reads the rows of after(last) in key order, a batch at a time, so
// a million rows never sit in memory at once, calling fn on each until it
// returns false. after builds the query of the rows past a key.
func stream[T any](after func(last int64) *gorm.DB, key func(T) int64, fn func(T) bool) error {
	var last int64
	for {
		var rows []T
		if err := after(last).Limit(batch).Find(&rows).Error; err != nil {
			return translate(err)
		}
		for _, r := range rows {
			if !fn(r) {
				return nil
			}
		}
		if len(rows) < batch {
			return nil
		}
		last = key(rows[len(rows)-1])
	}
}

// sortOrder is the ORDER BY of a page sorted by the caller: its Sort key
// ("-" first: descending) mapped by columns to an indexed column, then tie
// in the same direction; def when the page names no key the list offers.
func sortOrder(p domain.Page, columns map[string]string, tie, def string) string {
	key, desc := strings.CutPrefix(p.Sort, "-")
	col, ok := columns[key]
	if !ok {
		return def
	}
	dir := " ASC"
	if desc {
		dir = " DESC"
	}
	return col + dir + ", " + tie + dir
}
