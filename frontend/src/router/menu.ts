import type { Component } from 'vue'
import { HomeFilled } from '@element-plus/icons-vue'
import { allows, type Role, type RoleRequirement } from '@/auth/roles'

export interface MenuEntry {
  /** Route path, or a group key when the entry has children. */
  path: string
  /** i18n key of the label, e.g. `nav.home`. */
  titleKey: string
  icon: Component
  /** Who sees the entry: any one of these roles, or PUBLIC ('*'). */
  roles: readonly RoleRequirement[]
  children?: readonly MenuEntry[]
}

/**
 * The side menu. Role areas (admin, discipline, personnel, clerk, official,
 * auditor) add their entries here as their pages land; the routes they
 * point at carry the same `roles` in their meta.
 */
export const menu: readonly MenuEntry[] = [
  { path: '/', titleKey: 'nav.home', icon: HomeFilled, roles: ['*'] },
]

/**
 * The entries a user holding `userRoles` may see. A group stays only when
 * the user may see it and at least one of its children.
 */
export function filterMenu(entries: readonly MenuEntry[], userRoles: readonly Role[]): MenuEntry[] {
  const visible: MenuEntry[] = []
  for (const entry of entries) {
    if (!allows(userRoles, entry.roles)) continue
    if (!entry.children) {
      visible.push(entry)
      continue
    }
    const children = filterMenu(entry.children, userRoles)
    if (children.length > 0) visible.push({ ...entry, children })
  }
  return visible
}
