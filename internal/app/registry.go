package app

import (
	"context"
	"encoding/json"
	"time"

	"integrity/internal/audit"
	"strings"

	"integrity/internal/domain"
	"integrity/internal/store"
)

// NewDepartment is a department as an administrator creates it.
type NewDepartment struct {
	ParentID  *int64 `json:"parent_id"`
	Code      string `json:"code"`
	Name      string `json:"name"`
	NameEn    string `json:"name_en"`
	Kind      string `json:"kind"`
	SortOrder int    `json:"sort_order"`
}

func validKind(k string) bool {
	return k == domain.DeptCity || k == domain.DeptDistrict || k == domain.DeptBureau || k == domain.DeptStreet
}

func checkDeptNames(name, nameEn string) error {
	if n := len([]rune(strings.TrimSpace(name))); n == 0 || n > 128 {
		return domain.Invalid("invalid name", domain.FieldError{Field: "name", Message: "1 to 128 characters"})
	}
	if len([]rune(nameEn)) > 128 {
		return domain.Invalid("invalid English name", domain.FieldError{Field: "name_en", Message: "at most 128 characters"})
	}
	return nil
}

// CreateDepartment adds a department to the tree.
func (s *Service) CreateDepartment(ctx context.Context, a Actor, in NewDepartment) (domain.Department, error) {
	d := domain.Department{ParentID: in.ParentID, Code: strings.TrimSpace(in.Code), Name: strings.TrimSpace(in.Name),
		NameEn: strings.TrimSpace(in.NameEn), Kind: in.Kind, SortOrder: in.SortOrder}
	if n := len(d.Code); n == 0 || n > 64 {
		return d, domain.Invalid("invalid code", domain.FieldError{Field: "code", Message: "1 to 64 characters"})
	}
	if err := checkDeptNames(d.Name, d.NameEn); err != nil {
		return d, err
	}
	if !validKind(d.Kind) {
		return d, domain.Invalid("invalid kind", domain.FieldError{Field: "kind", Message: "must be city, district, bureau or street"})
	}
	if d.ParentID == nil {
		return d, domain.Invalid("a department needs a parent", domain.FieldError{Field: "parent_id", Message: "required"})
	}
	err := s.DB.Do(ctx, func(tx *store.Tx) error {
		if _, err := tx.Department(*d.ParentID); err != nil {
			return domain.Invalid("no such parent department", domain.FieldError{Field: "parent_id", Message: "no such department"})
		}
		if err := tx.CreateDepartment(&d); err != nil {
			return codeTaken(err)
		}
		return tx.Audit(a.Entry("department_create", "department", itoa(d.ID), domain.OutcomeSuccess, in))
	})
	return d, err
}

// DepartmentPatch is what may change of a department.
type DepartmentPatch struct {
	ParentID  *int64  `json:"parent_id"`
	Name      *string `json:"name"`
	NameEn    *string `json:"name_en"`
	SortOrder *int    `json:"sort_order"`
}

// UpdateDepartment renames, re-sorts or moves a department.
func (s *Service) UpdateDepartment(ctx context.Context, a Actor, id int64, p DepartmentPatch) (domain.Department, error) {
	var d domain.Department
	err := s.DB.Do(ctx, func(tx *store.Tx) error {
		var err error
		if d, err = tx.Department(id); err != nil {
			return notFoundAs(err, "department")
		}
		setText(&d.Name, p.Name)
		setText(&d.NameEn, p.NameEn)
		if err := checkDeptNames(d.Name, d.NameEn); err != nil {
			return err
		}
		set(&d.SortOrder, p.SortOrder)
		if p.ParentID != nil {
			if d.ParentID == nil {
				return domain.Invalid("the root department cannot move", domain.FieldError{Field: "parent_id", Message: "the root cannot move"})
			}
			d.ParentID = p.ParentID
		}
		if err := tx.UpdateDepartment(&d); err != nil {
			return err
		}
		return tx.Audit(a.Entry("department_update", "department", itoa(d.ID), domain.OutcomeSuccess, p))
	})
	return d, err
}

// Departments returns the whole tree.
func (s *Service) Departments(ctx context.Context) ([]domain.Department, error) {
	return s.DB.Departments(ctx)
}

// OfficialInput is an official's registry data as an administrator writes it.
type OfficialInput struct {
	DepartmentID *int64  `json:"department_id"`
	Name         *string `json:"name"`
	IDNumber     *string `json:"id_number"`
	Post         *string `json:"post"`
	JobRank      *string `json:"job_rank"`
	Category     *string `json:"category"`
	PartyMember  *bool   `json:"party_member"`
	Status       *string `json:"status"`
	// Version is required on update: the version the editor loaded.
	Version *int `json:"version"`
}

// apply copies the given fields onto o and checks them.
func (in OfficialInput) apply(o *domain.Official) error {
	set(&o.DepartmentID, in.DepartmentID)
	setText(&o.Name, in.Name)
	setText(&o.Post, in.Post)
	setText(&o.JobRank, in.JobRank)
	set(&o.Category, in.Category)
	set(&o.PartyMember, in.PartyMember)
	set(&o.Status, in.Status)
	var fields []domain.FieldError
	if o.DepartmentID == 0 {
		fields = append(fields, domain.FieldError{Field: "department_id", Message: "required"})
	}
	if n := len([]rune(o.Name)); n == 0 || n > 64 {
		fields = append(fields, domain.FieldError{Field: "name", Message: "1 to 64 characters"})
	}
	if len([]rune(o.Post)) > 128 {
		fields = append(fields, domain.FieldError{Field: "post", Message: "at most 128 characters"})
	}
	if len([]rune(o.JobRank)) > 64 {
		fields = append(fields, domain.FieldError{Field: "job_rank", Message: "at most 64 characters"})
	}
	if o.Category != domain.CategoryCivilServant && o.Category != domain.CategoryPublicInstitution {
		fields = append(fields, domain.FieldError{Field: "category", Message: "must be civil_servant or public_institution"})
	}
	if o.Status != domain.OfficialActive && o.Status != domain.OfficialRetired && o.Status != domain.OfficialLeft {
		fields = append(fields, domain.FieldError{Field: "status", Message: "must be active, retired or left"})
	}
	if len(fields) > 0 {
		return domain.Invalid("the official's data is invalid", fields...)
	}
	return nil
}

// newOfficial is an active official with a valid ID number: its birth
// date and gender read from it, the number encrypted, indexed and masked.
func (s *Service) newOfficial(id string) domain.Official {
	o := domain.Official{Status: domain.OfficialActive}
	birth, _ := domain.IDBirthDate(id)
	o.BirthDate, o.Gender = birth, "F"
	if (id[16]-'0')%2 == 1 {
		o.Gender = "M"
	}
	o.IDNumberEnc, o.IDNumberHash, o.IDNumberMasked = s.Keys.Encrypt(id, domain.IDNumberAD), s.Keys.BlindIndex(id), domain.MaskIDNumber(id)
	return o
}

// CreateOfficial registers an official. The ID number is validated,
// encrypted, indexed and masked; it is never stored or returned in clear.
func (s *Service) CreateOfficial(ctx context.Context, a Actor, in OfficialInput) (domain.OfficialRow, error) {
	if in.IDNumber == nil {
		return domain.OfficialRow{}, domain.Invalid("the ID number is required", domain.FieldError{Field: "id_number", Message: "required"})
	}
	id, err := domain.ValidateIDNumber(*in.IDNumber, s.now())
	if err != nil {
		return domain.OfficialRow{}, err
	}
	o := s.newOfficial(id)
	if err := in.apply(&o); err != nil {
		return domain.OfficialRow{}, err
	}
	err = s.DB.Do(ctx, func(tx *store.Tx) error {
		if err := tx.CreateOfficial(&o); err != nil {
			if domain.ErrorCode(err) == domain.ECONFLICT {
				return &domain.Error{Code: domain.ECONFLICT, Message: "an official with this ID number is registered already", Fields: []domain.FieldError{{Field: "id_number", Message: "is registered already"}}}
			}
			return err
		}
		return tx.Audit(a.Entry("official_create", "official", itoa(o.ID), domain.OutcomeSuccess, map[string]any{"name": o.Name, "id_number": o.IDNumberMasked}))
	})
	if err != nil {
		return domain.OfficialRow{}, err
	}
	return s.DB.OfficialInScope(ctx, domain.Scope{All: true}, o.ID)
}

// UpdateOfficial changes an official's registry data, keeping the previous
// version. The caller must send the version they loaded: ECONFLICT when it is
// stale. The ID number cannot change (a wrong one is a new registration).
func (s *Service) UpdateOfficial(ctx context.Context, a Actor, scope domain.Scope, id int64, in OfficialInput) (domain.OfficialRow, error) {
	if in.Version == nil {
		return domain.OfficialRow{}, domain.Invalid("the version is required", domain.FieldError{Field: "version", Message: "required: the version you loaded"})
	}
	if in.IDNumber != nil {
		return domain.OfficialRow{}, domain.Invalid("the ID number cannot change", domain.FieldError{Field: "id_number", Message: "cannot change"})
	}
	cur, err := s.DB.OfficialInScope(ctx, scope, id)
	if err != nil {
		return domain.OfficialRow{}, err
	}
	o := cur.Official
	if err := in.apply(&o); err != nil {
		return domain.OfficialRow{}, err
	}
	err = s.DB.Do(ctx, func(tx *store.Tx) error {
		if err := tx.UpdateOfficial(&o, *in.Version, a.Username); err != nil {
			return err
		}
		in.Version = nil
		return tx.Audit(a.Entry("official_update", "official", itoa(o.ID), domain.OutcomeSuccess, in))
	})
	if err != nil {
		return domain.OfficialRow{}, err
	}
	return s.DB.OfficialInScope(ctx, scope, id)
}

// ReadOfficial returns one official in scope and audits the read.
func (s *Service) ReadOfficial(ctx context.Context, a Actor, scope domain.Scope, id int64) (domain.OfficialRow, error) {
	o, err := s.DB.OfficialInScope(ctx, scope, id)
	if err != nil {
		return o, err
	}
	return o, s.DB.Audit(ctx, a.Entry("official_read", "official", itoa(id), domain.OutcomeSuccess, nil))
}

// ListOfficials searches the registry in scope and audits the search (its
// criteria and how many it found; an ID number only as its blind index).
func (s *Service) ListOfficials(ctx context.Context, a Actor, scope domain.Scope, f domain.OfficialFilter, idNumber string) ([]domain.OfficialRow, int64, error) {
	if idNumber != "" {
		id, err := domain.ValidateIDNumber(idNumber, s.now())
		if err != nil {
			return nil, 0, err
		}
		f.IDHash = s.Keys.BlindIndex(id)
	}
	rows, total, err := s.DB.Officials(ctx, scope, f)
	if err != nil {
		return nil, 0, err
	}
	detail := map[string]any{"name": f.Name, "department_id": f.DepartmentID, "by_id_number": f.IDHash != "", "status": f.Status, "page": f.Page.Number, "total": total,
		"with_scores": f.WithScores, "grade": f.Grade}
	return rows, total, s.DB.Audit(ctx, a.Entry("official_list", "official", "", domain.OutcomeSuccess, detail))
}

// OfficialHistory returns an official's earlier versions, for admins.
func (s *Service) OfficialHistory(ctx context.Context, a Actor, scope domain.Scope, id int64) ([]domain.OfficialVersion, error) {
	if _, err := s.DB.OfficialInScope(ctx, scope, id); err != nil {
		return nil, err
	}
	h, err := s.DB.OfficialHistory(ctx, id)
	if err != nil {
		return nil, err
	}
	return h, s.DB.Audit(ctx, a.Entry("official_read", "official", itoa(id), domain.OutcomeSuccess, "history"))
}

// AuditNames are the names of a page of audit entries' actors and targets
// (store.AuditNames); the page's reading is audited by AuditTrail.
func (s *Service) AuditNames(ctx context.Context, entries []domain.AuditEntry) (map[string]string, error) {
	return s.DB.AuditNames(ctx, entries)
}

// AuditVerification is a verification of the chain through the API: when,
// by whom, and what it found.
type AuditVerification struct {
	At     time.Time    `json:"at"`
	Actor  string       `json:"actor"`
	Result audit.Result `json:"result"`
}

// LastAuditVerification is the newest verification of the chain, or nil
// when there was none. It reads one entry of the chain, whose own check
// vouches for it; a status, not personal data, so it is not audited.
func (s *Service) LastAuditVerification(ctx context.Context) (*AuditVerification, error) {
	e, err := s.DB.LastAuditVerification(ctx)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	v := AuditVerification{At: e.At, Actor: e.Actor}
	if err := json.Unmarshal([]byte(e.Detail), &v.Result); err != nil {
		v.Result = audit.Result{OK: false, Reason: "the verification's entry cannot be read"}
	}
	return &v, nil
}

// AuditTrail lists audit entries for an auditor, and audits the reading.
func (s *Service) AuditTrail(ctx context.Context, a Actor, f domain.AuditFilter) ([]domain.AuditEntry, int64, error) {
	items, total, err := s.DB.AuditEntries(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	return items, total, s.DB.Audit(ctx, a.Entry("audit_read", "audit", "", domain.OutcomeSuccess, map[string]any{"actor": f.Actor, "action": f.Action, "page": f.Page.Number}))
}
