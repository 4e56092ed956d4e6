import type { Component } from 'vue'
import type { RouteRecordRaw } from 'vue-router'
import { Finished, Files, Lock, Setting } from '@element-plus/icons-vue'
import type { Permission } from '@/auth/permissions'

/** The groups of the side menu; a group shows while one of its pages does. */
export const MENU_GROUPS = {
  lookups: { titleKey: 'nav.lookups', icon: Lock },
  eligibility: { titleKey: 'nav.eligibility', icon: Finished },
  admin: { titleKey: 'nav.admin', icon: Setting },
  records: { titleKey: 'nav.records', icon: Files },
} as const

export type MenuGroup = keyof typeof MENU_GROUPS

/** A route's entry in the side menu (route meta `menu`). */
export interface MenuMeta {
  icon: Component
  /** Position in the menu; a group stands where its first page would. */
  order: number
  group?: MenuGroup
  /** Left out for a user who may make any of these calls (their own landing page replaces it). */
  hideWhen?: readonly Permission[]
}

export interface MenuEntry {
  /** Route path, or a group key when the entry has children. */
  path: string
  /** i18n key of the label, e.g. `nav.home`. */
  titleKey: string
  icon: Component
  children?: MenuEntry[]
}

/** Every route of the table, children included. */
function flatten(routes: readonly RouteRecordRaw[]): RouteRecordRaw[] {
  return routes.flatMap((r) => [r, ...flatten(r.children ?? [])])
}

/**
 * The side menu of a user who may make the calls `can` admits: the routes
 * whose meta has a `menu` entry and whose page the user may open, in their
 * order, grouped. There is no second list of pages or roles: the route table
 * and the server's permissions decide.
 */
export function menuFor(routes: readonly RouteRecordRaw[], can: (api: Permission | undefined) => boolean): MenuEntry[] {
  const pages = flatten(routes)
    .filter((r) => r.meta?.menu && r.meta.titleKey && can(r.meta.api) && !r.meta.menu.hideWhen?.some((api) => can(api)))
    .sort((a, b) => a.meta!.menu!.order - b.meta!.menu!.order)
  const out: MenuEntry[] = []
  const groups = new Map<MenuGroup, MenuEntry>()
  for (const r of pages) {
    const menu = r.meta!.menu!
    const entry: MenuEntry = { path: r.path, titleKey: r.meta!.titleKey!, icon: menu.icon }
    if (!menu.group) {
      out.push(entry)
      continue
    }
    let group = groups.get(menu.group)
    if (!group) {
      group = { path: menu.group, ...MENU_GROUPS[menu.group], children: [] }
      groups.set(menu.group, group)
      out.push(group)
    }
    group.children!.push(entry)
  }
  return out
}
