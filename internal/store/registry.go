package store

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"integrity/internal/domain"
)

// CreateDepartment inserts d under its parent (nil for a root) and sets its
// id, path and depth. It returns ENOTFOUND if the parent does not exist and
// ECONFLICT if the code is taken.
func (db *DB) CreateDepartment(ctx context.Context, d *domain.Department) error {
	return db.tx(ctx, func(tx *gorm.DB) error { return createDepartment(tx, d) })
}

func createDepartment(tx *gorm.DB, d *domain.Department) error {
	parentPath, depth := "/", 0
	if d.ParentID != nil {
		var parent domain.Department
		if err := tx.Take(&parent, *d.ParentID).Error; err != nil {
			return translate(err)
		}
		parentPath, depth = parent.Path, parent.Depth+1
	}
	d.Path, d.Depth = parentPath, depth // a placeholder until the id is known
	if err := tx.Create(d).Error; err != nil {
		return translate(err)
	}
	d.Path = fmt.Sprintf("%s%d/", parentPath, d.ID)
	return tx.Model(d).Update("path", d.Path).Error
}

// Departments returns the whole department tree in path order. The tree is
// small (hundreds to a few thousand rows) even for a province.
func (db *DB) Departments(ctx context.Context) ([]domain.Department, error) {
	var out []domain.Department
	err := db.gorm.WithContext(ctx).Order("path").Find(&out).Error
	return out, translate(err)
}

// UpsertSource inserts s or, when its code exists, loads the existing row
// into s.
func (db *DB) UpsertSource(ctx context.Context, s *domain.Source) error {
	return db.tx(ctx, func(tx *gorm.DB) error {
		var existing domain.Source
		err := tx.Where("code = ?", s.Code).Take(&existing).Error
		if err == nil {
			*s = existing
			return nil
		}
		if err != gorm.ErrRecordNotFound {
			return err
		}
		return tx.Create(s).Error
	})
}

// InsertOfficials inserts a batch of new officials in one transaction and
// sets their ids. It returns ECONFLICT if an ID number is already registered.
func (db *DB) InsertOfficials(ctx context.Context, batch []domain.Official) error {
	if len(batch) == 0 {
		return nil
	}
	return db.tx(ctx, func(tx *gorm.DB) error {
		return tx.CreateInBatches(batch, 500).Error
	})
}

// InsertRecords inserts a batch of new records in one transaction and sets
// their ids. It returns ECONFLICT if a (source, source_ref) pair exists.
func (db *DB) InsertRecords(ctx context.Context, batch []domain.Record) error {
	if len(batch) == 0 {
		return nil
	}
	return db.tx(ctx, func(tx *gorm.DB) error {
		return tx.CreateInBatches(batch, 500).Error
	})
}

// Counts holds the number of rows of the main tables.
type Counts struct {
	Departments int64 `json:"departments"`
	Officials   int64 `json:"officials"`
	Sources     int64 `json:"sources"`
	Records     int64 `json:"records"`
}

// Count returns the row counts of the main tables.
func (db *DB) Count(ctx context.Context) (Counts, error) {
	var c Counts
	g := db.gorm.WithContext(ctx)
	for _, q := range []struct {
		model any
		n     *int64
	}{
		{&domain.Department{}, &c.Departments},
		{&domain.Official{}, &c.Officials},
		{&domain.Source{}, &c.Sources},
		{&domain.Record{}, &c.Records},
	} {
		if err := g.Model(q.model).Count(q.n).Error; err != nil {
			return c, translate(err)
		}
	}
	return c, nil
}

// Empty reports whether the database holds no departments yet, which is how
// `serve` in demo mode knows to load the demo data.
func (db *DB) Empty(ctx context.Context) (bool, error) {
	var n int64
	err := db.gorm.WithContext(ctx).Model(&domain.Department{}).Limit(1).Count(&n).Error
	return n == 0, translate(err)
}

// Official returns one official. It returns ENOTFOUND if there is none.
func (db *DB) Official(ctx context.Context, id int64) (domain.Official, error) {
	var o domain.Official
	err := db.gorm.WithContext(ctx).Take(&o, id).Error
	if err != nil {
		return o, translate(err)
	}
	return o, nil
}

// OfficialByIDHash finds an official by the blind index of their ID number.
// It returns ENOTFOUND if there is none.
func (db *DB) OfficialByIDHash(ctx context.Context, hash string) (domain.Official, error) {
	var o domain.Official
	err := db.gorm.WithContext(ctx).Where("id_number_hash = ?", hash).Take(&o).Error
	return o, translate(err)
}

// RecordsOf returns the records of one official, newest decision first.
func (db *DB) RecordsOf(ctx context.Context, officialID int64) ([]domain.Record, error) {
	var out []domain.Record
	err := db.gorm.WithContext(ctx).Where("official_id = ?", officialID).
		Order("decision_date DESC, id DESC").Find(&out).Error
	return out, translate(err)
}

// OfficialsByIDHash finds the officials whose ID numbers have these blind
// indexes, in chunks, keyed by the index.
func (db *DB) OfficialsByIDHash(ctx context.Context, hashes []string) (map[string]domain.Official, error) {
	out := make(map[string]domain.Official, len(hashes))
	for start := 0; start < len(hashes); start += 500 {
		var batch []domain.Official
		chunk := hashes[start:min(start+500, len(hashes))]
		if err := db.gorm.WithContext(ctx).Where("id_number_hash IN ?", chunk).Find(&batch).Error; err != nil {
			return nil, translate(err)
		}
		for _, o := range batch {
			out[o.IDNumberHash] = o
		}
	}
	return out, nil
}

// DepartmentIDsByCode maps the departments' codes to their ids (a
// province has some thousands of units).
func (db *DB) DepartmentIDsByCode(ctx context.Context) (map[string]int64, error) {
	var rows []struct {
		ID   int64
		Code string
	}
	if err := db.gorm.WithContext(ctx).Table("departments").Select("id, code").Scan(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make(map[string]int64, len(rows))
	for _, r := range rows {
		out[r.Code] = r.ID
	}
	return out, nil
}
