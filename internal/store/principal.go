package store

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"strings"
	"sync"

	"gorm.io/gorm/schema"

	"integrity/internal/domain"
)

// LoadPrincipal reads the user, the session and the grants behind an access
// token, fresh on every request, so that logout, disabling and role changes
// take effect at once in every process. It is one query, a row per grant
// (one row with no grant when the user holds none): it runs before every
// request, and three queries cost a file view on SQLite about a tenth of
// its time.
func (db *DB) LoadPrincipal(ctx context.Context, sessionID string, userID int64) (domain.Principal, error) {
	var p domain.Principal
	shape, err := principalShapeOf()
	if err != nil {
		return p, err
	}
	rows, err := db.hotQuery(ctx, shape.query, sessionID, userID)
	if err != nil {
		return p, translate(err)
	}
	defer rows.Close()
	var (
		role, scope sql.NullString
		deptID      sql.NullInt64
		deptPath    string
	)
	dest := scanTargets(&p.Session, shape.session, nil)
	dest = scanTargets(&p.User, shape.user, dest)
	dest = append(dest, &role, &scope, &deptID, &deptPath)
	found := false
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return domain.Principal{}, translate(err)
		}
		found = true
		if !role.Valid {
			continue
		}
		g := domain.GrantInfo{Role: role.String, Scope: scope.String, DeptPath: deptPath}
		if deptID.Valid {
			id := deptID.Int64
			g.DepartmentID = &id
		}
		p.Grants = append(p.Grants, g)
	}
	if err := rows.Err(); err != nil {
		return domain.Principal{}, translate(err)
	}
	if !found {
		return domain.Principal{}, domain.NotFound("resource")
	}
	return p, nil
}

// principalShape is LoadPrincipal's query, with the session's and the
// user's columns as GORM maps their structs, so a column added to either
// struct is read without another list to keep in step.
type principalShape struct {
	query         string
	session, user []*schema.Field
}

var principalShapeOf = sync.OnceValues(func() (principalShape, error) {
	var sh principalShape
	var cols []string
	for _, part := range []struct {
		model  any
		alias  string
		fields *[]*schema.Field
	}{{&domain.Session{}, "s", &sh.session}, {&domain.User{}, "u", &sh.user}} {
		fields, err := columnsOf(part.model)
		if err != nil {
			return sh, err
		}
		*part.fields = fields
		for _, f := range fields {
			cols = append(cols, part.alias+"."+f.DBName)
		}
	}
	sh.query = "SELECT " + strings.Join(cols, ", ") + ", g.role, g.scope, g.department_id, COALESCE(d.path, '')" +
		" FROM sessions s JOIN users u ON u.id = s.user_id" +
		" LEFT JOIN role_grants g ON g.user_id = u.id LEFT JOIN departments d ON d.id = g.department_id" +
		" WHERE s.id = ? AND s.user_id = ? ORDER BY g.role"
	return sh, nil
})

// columnsOf returns the fields of model that GORM maps to columns, in the
// struct's order (an embedded struct's fields in its place), for a
// hand-written query that scans its rows without GORM's reflection per row.
func columnsOf(model any) ([]*schema.Field, error) {
	sch, err := schema.Parse(model, &sync.Map{}, schema.NamingStrategy{})
	if err != nil {
		return nil, fmt.Errorf("the columns of %T: %w", model, err)
	}
	var out []*schema.Field
	for _, f := range sch.Fields {
		if f.DBName != "" {
			out = append(out, f)
		}
	}
	return out, nil
}

// scanTargets appends to dest the addresses of ptr's fields, in the order
// of fields (from columnsOf of ptr's type).
func scanTargets(ptr any, fields []*schema.Field, dest []any) []any {
	v := reflect.ValueOf(ptr).Elem()
	for _, f := range fields {
		dest = append(dest, v.FieldByIndex(f.StructField.Index).Addr().Interface())
	}
	return dest
}
