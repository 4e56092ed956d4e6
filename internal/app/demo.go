package app

import (
	"context"
	"fmt"

	"integrity/internal/domain"
)

// DemoUser is one account of the demo data set.
type DemoUser struct {
	Username, DisplayName, DeptCode, Role, Scope string
	// LinkOfficial links the account to the demo official (one with a court
	// record and a credit-type record).
	LinkOfficial bool
}

// DemoUsers are the accounts `seed --demo` creates, one per role: the three
// administrators (two security administrators, so that one proposes and the
// other approves a grant), and one per business role (two commission
// leaders, for what two must approve or sign; a data clerk for every demo
// source). hr_staff sees one district only, to show data scope at work.
var DemoUsers = []DemoUser{
	{"admin", "系统管理员", "yz", domain.RoleAdmin, domain.ScopeAll, false},
	{"security", "安全管理员", "yz", domain.RoleSecurityAdmin, domain.ScopeAll, false},
	{"security2", "安全管理员（复核）", "yz", domain.RoleSecurityAdmin, domain.ScopeAll, false},
	{"jw_staff", "纪检监察干部", "yz-jw", domain.RoleDisciplineStaff, domain.ScopeAll, false},
	{"jw_approver", "纪委审批领导", "yz-jw", domain.RoleDisciplineApprover, domain.ScopeAll, false},
	{"jw_approver2", "纪委分管领导", "yz-jw", domain.RoleDisciplineApprover, domain.ScopeAll, false},
	{"hr_staff", "组织人事干部", "yz-qj-org", domain.RolePersonnelStaff, domain.ScopeDeptAndBelow, false},
	{"clerk", "数据录入员", "yz-court", domain.RoleDataClerk, domain.ScopeAll, false},
	{"clerk_jw", "案管数据录入员", "yz-jw", domain.RoleDataClerk, domain.ScopeAll, false},
	{"clerk_org", "干部信息录入员", "yz-org", domain.RoleDataClerk, domain.ScopeAll, false},
	{"clerk_hr", "奖惩信息录入员", "yz-hr", domain.RoleDataClerk, domain.ScopeAll, false},
	{"clerk_traffic", "交管数据录入员", "yz-police", domain.RoleDataClerk, domain.ScopeAll, false},
	{"clerk_water", "水费数据录入员", "yz", domain.RoleDataClerk, domain.ScopeAll, false},
	{"clerk_power", "电费数据录入员", "yz", domain.RoleDataClerk, domain.ScopeAll, false},
	{"clerk_enforce", "执法数据录入员", "yz", domain.RoleDataClerk, domain.ScopeAll, false},
	{"auditor", "审计管理员", "yz-audit", domain.RoleAuditor, domain.ScopeAll, false},
	{"official", "公职人员本人", "yz", domain.RoleOfficial, domain.ScopeSelf, true},
}

// demoClerkSources names the source each demo clerk enters records for:
// every demo source has one, so a dispute or a repair of any record reaches
// someone.
var demoClerkSources = map[string]string{
	"clerk": "court", "clerk_jw": "jw_case", "clerk_org": "org_dept", "clerk_hr": "hr_bureau", "clerk_traffic": "traffic_police",
	"clerk_water": "water_utility", "clerk_power": "power_utility", "clerk_enforce": "law_enforcement",
}

// SeedDemoUsers creates the demo accounts with one shared password, which
// need not be changed at first sign-in.
func (s *Service) SeedDemoUsers(ctx context.Context, password string, official int64) error {
	a := Actor{Username: "seed"}
	for _, du := range DemoUsers {
		dept, err := s.DB.DepartmentByCode(ctx, du.DeptCode)
		if err != nil {
			return fmt.Errorf("demo user %s: department %s: %w", du.Username, du.DeptCode, err)
		}
		nu := NewUser{Username: du.Username, DisplayName: du.DisplayName, DepartmentID: &dept.ID,
			Grants: []GrantInput{{Role: du.Role, Scope: du.Scope}}, Password: password, Permanent: true}
		if du.Role == domain.RolePersonnelStaff {
			// hr_staff works in a district's organisation department and
			// sees the whole district.
			if dept.ParentID != nil {
				nu.Grants[0].DepartmentID = dept.ParentID
			}
		}
		if code := demoClerkSources[du.Username]; code != "" {
			src, err := s.DB.SourceByCode(ctx, code)
			if err != nil {
				return fmt.Errorf("demo user %s: source %s: %w", du.Username, code, err)
			}
			nu.SourceID = &src.ID
		}
		if du.LinkOfficial {
			nu.OfficialID = &official
		}
		if _, err := s.CreateUser(ctx, a, nu); err != nil {
			return fmt.Errorf("demo user %s: %w", du.Username, err)
		}
	}
	return nil
}

// SettleDemoWarnings runs the demo's first recompute now, so its warnings
// are raised before anyone signs in, and dates each from the records that
// raised it: the demo's warnings then read as raised over the months its
// records came in, not all in one second.
func (s *Service) SettleDemoWarnings(ctx context.Context) error {
	j, err := s.StartRecompute(ctx, Actor{Username: "seed"}, "demo data loaded")
	if err != nil {
		return err
	}
	if err := s.RunJob(ctx, j.ID); err != nil {
		return err
	}
	_, err = s.DB.BackdateWarnings(ctx)
	return err
}
