package store

import (
	"context"
	"sync"
	"time"

	"gorm.io/gorm"

	"integrity/internal/catalogue"
	"integrity/internal/domain"
)

type categoryRow struct {
	Code             string
	Zh, En           string
	DocumentRequired bool
	Positive         bool
	SortOrder        int
}

func (categoryRow) TableName() string { return "record_categories" }

type codeRow struct {
	Code       string
	Category   string
	Zh, En     string
	Form       int
	Repairable bool
	OpenEnded  bool
	Severity   string
	SortOrder  int
	CreatedAt  time.Time
}

func (codeRow) TableName() string { return "record_codes" }

// SyncCatalogue adds the categories and codes of cat that the database does
// not hold yet. It never changes or removes what is there: once loaded, the
// database is the catalogue, and a deployment edits it there.
func (db *DB) SyncCatalogue(ctx context.Context, cat *catalogue.Catalogue) (added int, err error) {
	defer db.dropCatalogue()
	err = db.tx(ctx, func(tx *gorm.DB) error {
		added = 0 // a retried attempt starts afresh
		for i, c := range cat.Categories {
			var n int64
			if err := tx.Model(&categoryRow{}).Where("code = ?", c.Key).Count(&n).Error; err != nil {
				return err
			}
			if n == 0 {
				row := categoryRow{Code: c.Key, Zh: c.Zh, En: c.En, DocumentRequired: c.DocumentRequired, Positive: c.Positive, SortOrder: i}
				if err := tx.Create(&row).Error; err != nil {
					return err
				}
			}
			for j, k := range c.Codes {
				if err := tx.Model(&codeRow{}).Where("code = ?", k.Key).Count(&n).Error; err != nil {
					return err
				}
				if n > 0 {
					continue
				}
				row := codeRow{Code: k.Key, Category: c.Key, Zh: k.Zh, En: k.En, Form: k.Form, Repairable: k.Repairable,
					OpenEnded: k.OpenEnded, Severity: k.Severity, SortOrder: j}
				if err := tx.Create(&row).Error; err != nil {
					return err
				}
				added++
			}
		}
		return nil
	})
	return added, err
}

// catalogueTTL is how long a read catalogue serves before it is read
// again: a code added through another replica shows within it.
const catalogueTTL = 2 * time.Second

// catalogueCache keeps the last catalogue read; callers share it and must
// not change it.
type catalogueCache struct {
	mu  sync.Mutex
	cat *catalogue.Catalogue
	at  time.Time
}

func (db *DB) dropCatalogue() {
	db.catalogue.mu.Lock()
	db.catalogue.cat = nil
	db.catalogue.mu.Unlock()
}

// Catalogue returns the catalogue, read from the database at most every
// catalogueTTL (and at once after a change through this pool). The result
// is shared: do not change it.
func (db *DB) Catalogue(ctx context.Context) (*catalogue.Catalogue, error) {
	c := &db.catalogue
	c.mu.Lock()
	if c.cat != nil && time.Since(c.at) < catalogueTTL {
		cat := c.cat
		c.mu.Unlock()
		return cat, nil
	}
	c.mu.Unlock()
	cat, err := db.readCatalogue(ctx)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.cat, c.at = cat, time.Now()
	c.mu.Unlock()
	return cat, nil
}

func (db *DB) readCatalogue(ctx context.Context) (*catalogue.Catalogue, error) {
	var cats []categoryRow
	var codes []codeRow
	g := db.gorm.WithContext(ctx)
	if err := g.Order("sort_order, code").Find(&cats).Error; err != nil {
		return nil, translate(err)
	}
	if err := g.Order("category, sort_order, code").Find(&codes).Error; err != nil {
		return nil, translate(err)
	}
	byCat := map[string][]catalogue.Code{}
	for _, k := range codes {
		byCat[k.Category] = append(byCat[k.Category], catalogue.Code{Label: domain.Label{Key: k.Code, Zh: k.Zh, En: k.En}, Form: k.Form,
			Repairable: k.Repairable, OpenEnded: k.OpenEnded, Severity: k.Severity})
	}
	out := &catalogue.Catalogue{Version: 1}
	for _, c := range cats {
		out.Categories = append(out.Categories, catalogue.Category{Label: domain.Label{Key: c.Code, Zh: c.Zh, En: c.En},
			DocumentRequired: c.DocumentRequired, Positive: c.Positive, Codes: byCat[c.Code]})
	}
	return out.Index(), nil
}

// AddCode adds a code to a category of the catalogue. It returns ECONFLICT
// if the code exists and EINVALID if the category does not.
func (tx *Tx) AddCode(k catalogue.Code) error {
	defer tx.db.dropCatalogue()
	var n int64
	if err := tx.g.Model(&categoryRow{}).Where("code = ?", k.Category).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		return domain.Invalid("no such category", domain.FieldError{Field: "category", Message: "no such category"})
	}
	var max struct{ M int }
	tx.g.Model(&codeRow{}).Select("COALESCE(MAX(sort_order), 0) AS m").Where("category = ?", k.Category).Scan(&max)
	row := codeRow{Code: k.Key, Category: k.Category, Zh: k.Zh, En: k.En, Form: k.Form, Repairable: k.Repairable,
		OpenEnded: k.OpenEnded, Severity: k.Severity, SortOrder: max.M + 1}
	if err := tx.g.Create(&row).Error; err != nil {
		if domain.ErrorCode(translate(err)) == domain.ECONFLICT {
			return &domain.Error{Code: domain.ECONFLICT, Message: "the code exists", Fields: []domain.FieldError{{Field: "key", Message: "exists"}}}
		}
		return err
	}
	return nil
}
