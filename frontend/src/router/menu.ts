import type { Component } from 'vue'
import {
  Bell,
  Checked,
  Collection,
  Connection,
  DataBoard,
  Document,
  DocumentAdd,
  Files,
  HomeFilled,
  List,
  Lock,
  OfficeBuilding,
  Setting,
  Tickets,
  TrendCharts,
  Upload,
  User,
  UserFilled,
} from '@element-plus/icons-vue'
import { allows, DISCIPLINE_ROLES, OFFICIAL_READERS, type Role, type RoleRequirement } from '@/auth/roles'
// Officials' self-service.
import { ChatLineSquare, Memo, Postcard, Stamp } from '@element-plus/icons-vue'
// Review and appeal of sanctions.
import { DocumentChecked } from '@element-plus/icons-vue'
// Eligibility checks.
import { Finished, Histogram, Key, Medal, Reading } from '@element-plus/icons-vue'

export interface MenuEntry {
  /** Route path, or a group key when the entry has children. */
  path: string
  /** i18n key of the label, e.g. `nav.home`. */
  titleKey: string
  icon: Component
  /** Who sees the entry: any one of these roles, or PUBLIC ('*'). */
  roles: readonly RoleRequirement[]
  /** Left out for a user holding any of these (their own landing page replaces it). */
  hiddenFor?: readonly Role[]
  children?: readonly MenuEntry[]
}

/**
 * The side menu. Role areas add their entries here as their pages land; the
 * routes they point at carry the same `roles` in their meta. The account
 * pages (password, TOTP, sign out) live in the header's user menu.
 */
export const menu: readonly MenuEntry[] = [
  { path: '/', titleKey: 'nav.home', icon: HomeFilled, roles: ['*'], hiddenFor: [...DISCIPLINE_ROLES, 'official'] },
  // Officials' self-service: their own file is their home ('/' leads there).
  { path: '/me', titleKey: 'nav.meHome', icon: Postcard, roles: ['official'] },
  { path: '/me/cases', titleKey: 'nav.meCases', icon: ChatLineSquare, roles: ['official'] },
  { path: '/me/reports', titleKey: 'nav.meReports', icon: Stamp, roles: ['official'] },
  // The discipline commission's home: '/' leads there for them.
  { path: '/discipline', titleKey: 'nav.disciplineDashboard', icon: DataBoard, roles: DISCIPLINE_ROLES },
  { path: '/officials', titleKey: 'nav.officials', icon: User, roles: OFFICIAL_READERS },
  {
    path: 'lookups',
    titleKey: 'nav.lookups',
    icon: Lock,
    roles: DISCIPLINE_ROLES,
    children: [
      { path: '/lookups/new', titleKey: 'nav.lookupRequest', icon: DocumentAdd, roles: ['discipline_staff'] },
      { path: '/lookups/mine', titleKey: 'nav.lookupsMine', icon: List, roles: ['discipline_staff'] },
      { path: '/lookups/queue', titleKey: 'nav.lookupsQueue', icon: Checked, roles: ['discipline_approver'] },
    ],
  },
  { path: '/warnings', titleKey: 'nav.warnings', icon: Bell, roles: DISCIPLINE_ROLES },
  // Eligibility checks for personnel decisions.
  {
    path: 'eligibility',
    titleKey: 'nav.eligibility',
    icon: Finished,
    roles: ['personnel_staff'],
    children: [
      { path: '/eligibility', titleKey: 'nav.eligibilityCheck', icon: Reading, roles: ['personnel_staff'] },
      { path: '/eligibility/history', titleKey: 'nav.eligibilityHistory', icon: List, roles: ['personnel_staff'] },
      { path: '/eligibility/outcomes', titleKey: 'nav.eligibilityOutcomes', icon: Histogram, roles: ['personnel_staff'] },
    ],
  },
  {
    path: 'admin',
    titleKey: 'nav.admin',
    icon: Setting,
    roles: ['admin'],
    children: [
      { path: '/admin/users', titleKey: 'nav.users', icon: UserFilled, roles: ['admin'] },
      { path: '/admin/departments', titleKey: 'nav.departments', icon: OfficeBuilding, roles: ['admin'] },
      { path: '/admin/officials', titleKey: 'nav.officials', icon: Document, roles: ['admin'] },
      { path: '/admin/sources', titleKey: 'nav.sources', icon: Connection, roles: ['admin'] },
      { path: '/admin/catalogue', titleKey: 'nav.catalogue', icon: Collection, roles: ['admin'] },
      { path: '/admin/policies/scoring', titleKey: 'nav.scoringPolicy', icon: TrendCharts, roles: ['admin'] },
      // Eligibility checks: their policy and the other departments' systems that call them.
      { path: '/admin/policies/eligibility', titleKey: 'nav.eligibilityPolicy', icon: Medal, roles: ['admin'] },
      { path: '/admin/clients', titleKey: 'nav.clients', icon: Key, roles: ['admin'] },
    ],
  },
  {
    path: 'records',
    titleKey: 'nav.records',
    icon: Files,
    roles: ['data_clerk'],
    children: [
      { path: '/records/submit', titleKey: 'nav.recordsSubmit', icon: DocumentAdd, roles: ['data_clerk'] },
      { path: '/records/import', titleKey: 'nav.recordsImport', icon: Upload, roles: ['data_clerk'] },
      { path: '/records', titleKey: 'nav.recordsList', icon: List, roles: ['data_clerk'] },
    ],
  },
  { path: '/audit', titleKey: 'nav.audit', icon: Tickets, roles: ['auditor'] },
  // Officials' self-service: the data clerk decides disputes and repairs of the source's records.
  { path: '/disputes', titleKey: 'nav.disputeQueue', icon: Memo, roles: ['data_clerk'] },
  // Review and appeal (复审、复核、申诉) of the source's sanctions: the clerk registers them and their outcomes.
  { path: '/appeals', titleKey: 'nav.appeals', icon: DocumentChecked, roles: ['data_clerk'] },
]

/**
 * The entries a user holding `userRoles` may see. A group stays only when
 * the user may see it and at least one of its children.
 */
export function filterMenu(entries: readonly MenuEntry[], userRoles: readonly Role[]): MenuEntry[] {
  const visible: MenuEntry[] = []
  for (const entry of entries) {
    if (!allows(userRoles, entry.roles)) continue
    if (entry.hiddenFor?.some((role) => userRoles.includes(role))) continue
    if (!entry.children) {
      visible.push(entry)
      continue
    }
    const children = filterMenu(entry.children, userRoles)
    if (children.length > 0) visible.push({ ...entry, children })
  }
  return visible
}
