package store_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"integrity/internal/domain"
	"integrity/internal/store"
	"integrity/internal/store/storetest"
)

func mustDept(t *testing.T, db *store.DB, parent *domain.Department, code string) domain.Department {
	t.Helper()
	d := domain.Department{Code: code, Name: code, Kind: domain.DeptBureau}
	if parent != nil {
		d.ParentID = &parent.ID
	}
	if err := db.CreateDepartment(context.Background(), &d); err != nil {
		t.Fatal(err)
	}
	return d
}

// newOfficial is an active civil servant of the department, for a test
// that needs one more official; hash is their ID number's hash, which
// must differ from every other official's.
func newOfficial(deptID int64, name, hash string, birth time.Time) domain.Official {
	return domain.Official{DepartmentID: deptID, Name: name, Gender: "M", BirthDate: birth, IDNumberEnc: []byte(hash), IDNumberHash: hash,
		IDNumberMasked: "320102********1239", Category: domain.CategoryCivilServant, Status: domain.OfficialActive, Version: 1}
}

// mustOfficials inserts officials and returns them with their ids.
func mustOfficials(t *testing.T, db *store.DB, officials ...domain.Official) []domain.Official {
	t.Helper()
	if err := db.InsertOfficials(context.Background(), officials); err != nil {
		t.Fatal(err)
	}
	return officials
}

func TestDepartmentTree(t *testing.T) {
	ctx := context.Background()
	db := storetest.MustOpenDB(t)
	root := mustDept(t, db, nil, "city")
	child := mustDept(t, db, &root, "district")
	leaf := mustDept(t, db, &child, "bureau")
	if root.Path != "/"+itoa(root.ID)+"/" || root.Depth != 0 {
		t.Fatalf("root = %+v", root)
	}
	if leaf.Path != root.Path+itoa(child.ID)+"/"+itoa(leaf.ID)+"/" || leaf.Depth != 2 {
		t.Fatalf("leaf path %q depth %d", leaf.Path, leaf.Depth)
	}
	all, err := db.Departments(ctx)
	if err != nil || len(all) != 3 || all[2].Path != leaf.Path {
		t.Fatalf("Departments = %+v, %v", all, err)
	}

	t.Run("ErrDuplicateCode", func(t *testing.T) {
		d := domain.Department{Code: "city", Name: "again", Kind: domain.DeptCity}
		if err := db.CreateDepartment(ctx, &d); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("duplicate code: %v", err)
		}
	})
	t.Run("ErrNoParent", func(t *testing.T) {
		missing := int64(99999)
		d := domain.Department{Code: "orphan", Name: "orphan", Kind: domain.DeptBureau, ParentID: &missing}
		if err := db.CreateDepartment(ctx, &d); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("missing parent: %v", err)
		}
		if n, _ := db.Count(ctx); n.Departments != 3 {
			t.Fatalf("a failed create left %d departments", n.Departments)
		}
	})
}

func TestOfficialsAndRecords(t *testing.T) {
	ctx := context.Background()
	db := storetest.MustOpenDB(t)
	if empty, err := db.Empty(ctx); err != nil || !empty {
		t.Fatalf("Empty on a new database = %v, %v", empty, err)
	}
	dept := mustDept(t, db, nil, "city")
	src := domain.Source{Code: "court", Name: "法院", Categories: "judicial"}
	if err := db.UpsertSource(ctx, &src); err != nil || src.ID == 0 {
		t.Fatal(err)
	}
	again := domain.Source{Code: "court", Name: "other name"}
	if err := db.UpsertSource(ctx, &again); err != nil || again.ID != src.ID || again.Name != "法院" {
		t.Fatalf("upsert of an existing source = %+v, %v", again, err)
	}
	off := func(hash string) domain.Official {
		return newOfficial(dept.ID, "张三", hash, time.Date(1990, 3, 7, 0, 0, 0, 0, time.UTC))
	}
	batch := []domain.Official{off("h1"), off("h2")}
	if err := db.InsertOfficials(ctx, batch); err != nil {
		t.Fatal(err)
	}
	if batch[0].ID == 0 || batch[1].ID != batch[0].ID+1 {
		t.Fatalf("ids not set: %d %d", batch[0].ID, batch[1].ID)
	}
	got, err := db.OfficialByIDHash(ctx, "h2")
	if err != nil || got.ID != batch[1].ID || !got.BirthDate.Equal(batch[1].BirthDate) {
		t.Fatalf("OfficialByIDHash = %+v, %v", got, err)
	}
	if _, err := db.Official(ctx, 424242); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("missing official: %v", err)
	}

	t.Run("ErrDuplicateIDNumberWritesNothing", func(t *testing.T) {
		err := db.InsertOfficials(ctx, []domain.Official{off("h3"), off("h1")})
		if domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("duplicate ID number: %v", err)
		}
		if _, err := db.OfficialByIDHash(ctx, "h3"); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatal("half of a failed batch was written")
		}
	})

	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	recs := []domain.Record{
		{OfficialID: batch[0].ID, SourceID: src.ID, SourceRef: "r1", Category: "judicial", Code: "jud_criminal", DecisionDate: day("2024-03-05"), State: domain.RecordActive, Version: 1},
		{OfficialID: batch[0].ID, SourceID: src.ID, SourceRef: "r2", Category: "judicial", Code: "jud_civil_unperformed", DecisionDate: day("2025-01-02"), State: domain.RecordActive, Version: 1},
	}
	if err := db.InsertRecords(ctx, recs); err != nil {
		t.Fatal(err)
	}
	list, err := db.RecordsOf(ctx, batch[0].ID)
	if err != nil || len(list) != 2 || list[0].SourceRef != "r2" || !list[1].DecisionDate.Equal(day("2024-03-05")) {
		t.Fatalf("RecordsOf = %+v, %v", list, err)
	}
	t.Run("ErrSameSourceRef", func(t *testing.T) {
		dup := recs[0]
		dup.ID = 0
		if err := db.InsertRecords(ctx, []domain.Record{dup}); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("same (source, source_ref): %v", err)
		}
	})
	n, err := db.Count(ctx)
	if err != nil || n != (store.Counts{Departments: 1, Officials: 2, Sources: 1, Records: 2}) {
		t.Fatalf("Count = %+v, %v", n, err)
	}
	if empty, _ := db.Empty(ctx); empty {
		t.Fatal("Empty after inserts")
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
