package store

import (
	"context"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"

	"integrity/internal/domain"
)

// CreateLookup writes a new lookup and the officials it names.
func (tx *Tx) CreateLookup(l *domain.Lookup, officialIDs []int64) error {
	now := tx.Now()
	l.CreatedAt, l.UpdatedAt, l.Version = now, now, 1
	if err := tx.g.Create(l).Error; err != nil {
		return translate(err)
	}
	rows := make([]domain.LookupOfficial, len(officialIDs))
	for i, id := range officialIDs {
		rows[i] = domain.LookupOfficial{LookupID: l.ID, OfficialID: id}
	}
	return translate(tx.g.Create(&rows).Error)
}

// UpdateLookup writes a decision, revocation or expiry of l, which was read
// at version from. ECONFLICT if someone else changed it since: of two
// concurrent decisions exactly one wins.
func (tx *Tx) UpdateLookup(l *domain.Lookup, from int) error {
	l.Version, l.UpdatedAt = from+1, tx.Now()
	res := tx.g.Model(&domain.Lookup{}).Where("id = ? AND version = ?", l.ID, from).Select("*").Omit("id", "created_at", "views", "last_viewed_at").Updates(l)
	if res.Error != nil {
		return translate(res.Error)
	}
	if res.RowsAffected == 0 {
		return &domain.Error{Code: domain.ECONFLICT, Message: "the request was decided or changed by someone else just now; reload it"}
	}
	return nil
}

// AddLookupApproval records one approver's approval. ECONFLICT if the
// approver approved already.
func (tx *Tx) AddLookupApproval(a *domain.LookupApproval) error {
	a.CreatedAt = tx.Now()
	return translate(tx.g.Create(a).Error)
}

// Lookup returns one lookup with its officials and approvals; ENOTFOUND if
// there is none.
func (db *DB) Lookup(ctx context.Context, id int64) (domain.LookupRow, error) {
	var l domain.Lookup
	if err := db.gorm.WithContext(ctx).Take(&l, id).Error; err != nil {
		return domain.LookupRow{}, notFound(err, "lookup")
	}
	rows, err := db.withLookupDetails(ctx, []domain.Lookup{l})
	if err != nil {
		return domain.LookupRow{}, err
	}
	return rows[0], nil
}

// Lookups lists lookups, newest first.
func (db *DB) Lookups(ctx context.Context, f domain.LookupFilter) ([]domain.LookupRow, int64, error) {
	q := db.gorm.WithContext(ctx).Model(&domain.Lookup{})
	if f.RequesterID != 0 {
		q = q.Where("requester_id = ?", f.RequesterID)
	} else {
		q = scopeLookups(q, f.Scope)
	}
	if f.State != "" {
		q = q.Where("state = ?", f.State)
	}
	if f.OfficialID != 0 {
		q = q.Where("EXISTS (SELECT 1 FROM lookup_officials lo WHERE lo.lookup_id = lookups.id AND lo.official_id = ?)", f.OfficialID)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, translate(err)
	}
	var ls []domain.Lookup
	if err := q.Order("id DESC").Limit(f.Page.Size).Offset(f.Page.Offset()).Find(&ls).Error; err != nil {
		return nil, 0, translate(err)
	}
	rows, err := db.withLookupDetails(ctx, ls)
	return rows, total, err
}

// scopeLookups keeps the lookups none of whose officials lies outside the
// scope; an empty scope keeps none.
func scopeLookups(q *gorm.DB, s domain.Scope) *gorm.DB {
	if s.All {
		return q
	}
	cond, args := scopeCond(s)
	return q.Where(`NOT EXISTS (SELECT 1 FROM lookup_officials lo JOIN officials o ON o.id = lo.official_id
		JOIN departments d ON d.id = o.department_id WHERE lo.lookup_id = lookups.id AND NOT `+cond+`)`, args...)
}

func (db *DB) withLookupDetails(ctx context.Context, ls []domain.Lookup) ([]domain.LookupRow, error) {
	out := make([]domain.LookupRow, len(ls))
	if len(ls) == 0 {
		return out, nil
	}
	ids := make([]int64, len(ls))
	at := map[int64]int{}
	for i, l := range ls {
		ids[i], at[l.ID] = l.ID, i
		out[i].Lookup = l
	}
	var offs []domain.LookupOfficialRow
	err := db.gorm.WithContext(ctx).Table("lookup_officials lo").
		Joins("JOIN officials o ON o.id = lo.official_id").Joins("JOIN departments d ON d.id = o.department_id").
		Select("lo.lookup_id, o.id, o.name, o.id_number_masked, o.department_id, d.name AS department_name").
		Where("lo.lookup_id IN ?", ids).Order("lo.lookup_id, o.id").Scan(&offs).Error
	if err != nil {
		return nil, translate(err)
	}
	for _, o := range offs {
		out[at[o.LookupID]].Officials = append(out[at[o.LookupID]].Officials, o)
	}
	var aps []domain.LookupApproval
	if err := db.gorm.WithContext(ctx).Where("lookup_id IN ?", ids).Order("id").Find(&aps).Error; err != nil {
		return nil, translate(err)
	}
	for _, a := range aps {
		out[at[a.LookupID]].Approvals = append(out[at[a.LookupID]].Approvals, a)
	}
	return out, nil
}

// OfficialsCovered returns how many of the officials the scope covers.
func (db *DB) OfficialsCovered(ctx context.Context, scope domain.Scope, ids []int64) (int, error) {
	var n int64
	err := db.officialsQuery(ctx, scope).Where("o.id IN ?", ids).Count(&n).Error
	return int(n), translate(err)
}

// OpenLookup returns the official, if in scope, and the lookup that opens
// their file to userID at now: the given one (lookupID), or else the one
// whose window ends last; ENOTFOUND when either is missing (the caller
// answers the same for both). One query, whose only row is the official
// with the lookup: the official by the primary key, their lookups by the
// index on official_id, each joined to its row by the primary key, every
// condition in the query. The scope check and the lookup were two round
// trips of the file view, each costing its socket more than its rows.
func (db *DB) OpenLookup(ctx context.Context, scope domain.Scope, userID, officialID, lookupID int64, now time.Time) (domain.OfficialRow, domain.Lookup, error) {
	lcols, err := lookupColumns()
	if err != nil {
		return domain.OfficialRow{}, domain.Lookup{}, err
	}
	g := db.gorm.WithContext(ctx)
	if len(scope.DeptPaths)+len(scope.DeptIDs)+len(scope.OfficialIDs) <= scopeTermsPrepared {
		g = db.hot(ctx)
		scope.DeptIDs, scope.OfficialIDs = padIDs(scope.DeptIDs), padIDs(scope.OfficialIDs)
	}
	// On SQLite the order is forced (CROSS JOIN): without statistics its
	// planner began from the lookups open on the day, by the index on
	// state and window, and probed each for the official, so a view read
	// every open lookup of the commission (with two hundred open, this
	// read fell from 5.8 to 4.8 s of the file view's 21 s of CPU).
	// Elsewhere the planners keep statistics.
	join := "JOIN"
	if db.Dialect == "sqlite" {
		join = "CROSS JOIN"
	}
	q := officialsIn(g, scope).Select("o.*, d.name AS department_name, "+lcols).
		Joins(join+" lookup_officials lo ON lo.official_id = o.id").Joins(join+" lookups l ON l.id = lo.lookup_id").
		Where("o.id = ? AND l.requester_id = ? AND l.state = ? AND l.access_from <= ? AND l.access_until > ?",
			officialID, userID, domain.LookupApproved, now, now)
	if lookupID != 0 {
		q = q.Where("lo.lookup_id = ?", lookupID)
	}
	var found []struct {
		domain.OfficialRow
		Lookup domain.Lookup `gorm:"embedded;embeddedPrefix:l_"`
	}
	if err := q.Order("l.access_until DESC, l.id DESC").Limit(1).Scan(&found).Error; err != nil {
		return domain.OfficialRow{}, domain.Lookup{}, translate(err)
	}
	if len(found) == 0 {
		return domain.OfficialRow{}, domain.Lookup{}, domain.NotFound("lookup")
	}
	return found[0].OfficialRow, found[0].Lookup, nil
}

// scopeTermsPrepared is the most terms of a scope whose OpenLookup is kept
// prepared: a statement's shape follows the number of each kind of term
// (the lists of ids padded), and a scope of more is rare.
const scopeTermsPrepared = 4

// lookupColumns selects every column of lookups l as l_<column>, from the
// model (columnsOf), so a column added to it is read here too.
var lookupColumns = sync.OnceValues(func() (string, error) {
	fields, err := columnsOf(&domain.Lookup{})
	if err != nil {
		return "", err
	}
	cols := make([]string, len(fields))
	for i, f := range fields {
		cols[i] = "l." + f.DBName + " AS l_" + f.DBName
	}
	return strings.Join(cols, ", "), nil
})

// DueLookups returns up to limit lookups whose stored state has run out at
// now: pending past their deadline, approved past their window.
func (db *DB) DueLookups(ctx context.Context, now time.Time, limit int) ([]domain.Lookup, error) {
	var out []domain.Lookup
	err := db.gorm.WithContext(ctx).
		Where("(state = ? AND pending_until <= ?) OR (state = ? AND access_until <= ?)", domain.LookupPending, now, domain.LookupApproved, now).
		Order("id").Limit(limit).Find(&out).Error
	return out, translate(err)
}

// CountLookupViews counts file views made under lookups, in the order given
// (ascending ids keep concurrent batches from deadlocking): one UPDATE for
// up to 500 lookups. The audit batch that calls it holds the chain's head
// meanwhile, and a statement per lookup kept every other view waiting on
// the round trips.
func (tx *Tx) CountLookupViews(views []LookupViews) error {
	now := tx.Now()
	for len(views) > 0 {
		part := views[:min(len(views), 500)]
		views = views[len(part):]
		var q strings.Builder
		args := make([]any, 0, 3*len(part)+1)
		q.WriteString("UPDATE lookups SET views = views + CASE id")
		for _, v := range part {
			q.WriteString(" WHEN ? THEN ?")
			args = append(args, v.ID, v.Views)
		}
		q.WriteString(" ELSE 0 END, last_viewed_at = ? WHERE id IN (")
		args = append(args, now)
		for i, v := range part {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("?")
			args = append(args, v.ID)
		}
		q.WriteString(")")
		if err := tx.g.Exec(q.String(), args...).Error; err != nil {
			return translate(err)
		}
	}
	return nil
}

// LookupViews is how many times a lookup's file was read.
type LookupViews struct {
	ID    int64
	Views int
}

// AwaitingDecision counts the pending requests in the approver's scope,
// open at now, that the approver neither made nor approved already.
func (db *DB) AwaitingDecision(ctx context.Context, scope domain.Scope, approverID int64, now time.Time) (int64, error) {
	q := scopeLookups(db.gorm.WithContext(ctx).Model(&domain.Lookup{}), scope).
		Where("state = ? AND pending_until > ? AND requester_id <> ?", domain.LookupPending, now, approverID).
		Where("NOT EXISTS (SELECT 1 FROM lookup_approvals a WHERE a.lookup_id = lookups.id AND a.approver_id = ?)", approverID)
	var n int64
	return n, translate(q.Count(&n).Error)
}

// DecidedSince returns the user's own requests decided, revoked or expired
// after since, newest first, at most limit.
func (db *DB) DecidedSince(ctx context.Context, userID int64, since time.Time, limit int) ([]domain.LookupRow, error) {
	var ls []domain.Lookup
	err := db.gorm.WithContext(ctx).Where("requester_id = ? AND state <> ? AND updated_at > ?", userID, domain.LookupPending, since).
		Order("updated_at DESC").Limit(limit).Find(&ls).Error
	if err != nil {
		return nil, translate(err)
	}
	return db.withLookupDetails(ctx, ls)
}

// CountLookups computes LookupStats over the requests of requesterID (when
// set) or those in scope, made in [from, to).
func (db *DB) CountLookups(ctx context.Context, requesterID int64, scope domain.Scope, from, to time.Time) (domain.LookupStats, error) {
	var st domain.LookupStats
	base := func() *gorm.DB {
		q := db.gorm.WithContext(ctx).Model(&domain.Lookup{}).Where("created_at >= ? AND created_at < ?", from, to)
		if requesterID != 0 {
			return q.Where("requester_id = ?", requesterID)
		}
		return scopeLookups(q, scope)
	}
	if err := base().Count(&st.Requested).Error; err != nil {
		return st, translate(err)
	}
	var views struct{ N int64 }
	if err := base().Select("COALESCE(SUM(views), 0) AS n").Scan(&views).Error; err != nil {
		return st, translate(err)
	}
	st.Views = views.N
	for _, g := range []struct {
		col  string
		into *[]domain.WarningCount
	}{{"state", &st.ByState}, {"purpose", &st.ByPurpose}} {
		rows := []domain.WarningCount{}
		if err := base().Select(g.col + " AS " + db.quote("key") + ", COUNT(*) AS n").Group(g.col).Order("n DESC").Scan(&rows).Error; err != nil {
			return st, translate(err)
		}
		*g.into = rows
	}
	return st, nil
}
