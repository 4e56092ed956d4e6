package domain

// Principal is the signed-in caller as the database knows them right now.
type Principal struct {
	User    User
	Session Session
	Grants  []GrantInfo
}

// GrantInfo is a role grant with the path of its anchor department, which a
// data-scope filter needs.
type GrantInfo struct {
	Role         string `json:"role"`
	Scope        string `json:"scope"`
	DepartmentID *int64 `json:"department_id"`
	DeptPath     string `json:"-"`
}

// ClientGrant is a client with the department path its scope hangs from.
type ClientGrant struct {
	APIClient
	DeptPath string
}

// Scope is the client's data scope, failing closed on an unknown kind.
func (c ClientGrant) Scope() Scope {
	id := c.DepartmentID
	return ScopeOf([]GrantInfo{{Role: c.Role, Scope: c.APIClient.Scope, DepartmentID: &id, DeptPath: c.DeptPath}}, map[string]bool{c.Role: true}, nil)
}

// Scope is the part of the official registry a caller may see: the union of
// the data scopes of the grants that allowed the request. The zero Scope
// sees nothing, so a missing or unknown scope fails closed.
type Scope struct {
	All         bool
	DeptPaths   []string // dept_and_below: every department under these paths
	DeptIDs     []int64  // dept: exactly these departments
	OfficialIDs []int64  // self: these officials
}

// ScopeOf builds the scope of the grants whose role is in roles. selfID is
// the official the user is linked to, for the self scope.
func ScopeOf(grants []GrantInfo, roles map[string]bool, selfID *int64) Scope {
	var s Scope
	for _, g := range grants {
		if !roles[g.Role] {
			continue
		}
		switch g.Scope {
		case ScopeAll:
			s.All = true
		case ScopeDeptAndBelow:
			if g.DeptPath != "" {
				s.DeptPaths = append(s.DeptPaths, g.DeptPath)
			}
		case ScopeDept:
			if g.DepartmentID != nil {
				s.DeptIDs = append(s.DeptIDs, *g.DepartmentID)
			}
		case ScopeSelf:
			if selfID != nil {
				s.OfficialIDs = append(s.OfficialIDs, *selfID)
			}
		}
	}
	return s
}

// CheckOwner names whose checks a caller sees: a user's or a client's.
type CheckOwner struct {
	UserID   int64
	ClientID int64
}

// Page is a 1-based page of a listing.
type Page struct {
	Number int
	Size   int
	// Sort is the list's sort key as the caller chose it from the keys the
	// list offers ("-" first: descending); "" for the list's own order.
	Sort string
}

// Offset returns the number of rows before the page.
func (p Page) Offset() int { return (p.Number - 1) * p.Size }
