import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { defineComponent, nextTick } from 'vue'
import { createMemoryHistory } from 'vue-router'
import { can } from '@/auth/permissions'
import type { Role } from '@/auth/roles'
import { usePermission } from '@/composables/usePermission'
import { createAppRouter, routes } from '@/router'
import { menuFor, type MenuEntry } from '@/router/menu'
import { useSessionStore } from '@/stores/session'
import { mountApp, signIn } from './helpers'
import { permissionsOf } from './policy'

/** The side menu of a user holding `roles`, as the server's policy lets them in. */
function menuOf(roles: Role[]): MenuEntry[] {
  const permissions = permissionsOf(roles)
  return menuFor(routes, (api) => can(permissions, api))
}

const labels = (roles: Role[]) =>
  menuOf(roles).flatMap((entry) => [entry.titleKey, ...(entry.children ?? []).map((child) => child.titleKey)])

describe('can', () => {
  it('admits a listed call and nothing else; no call named admits nobody', () => {
    expect(can(['GET /api/v1/audit'], 'GET /api/v1/audit')).toBe(true)
    expect(can(['GET /api/v1/audit'], 'GET /api/v1/audit/verify')).toBe(false)
    expect(can(['GET /api/v1/audit'], undefined)).toBe(false)
  })
})

describe('the side menu, from the route table and the server policy', () => {
  it('shows nothing to a user without permissions', () => {
    expect(menuFor(routes, () => false)).toEqual([])
  })

  it('gives each role its own entries, from policies/policy.csv', () => {
    // The three administrators: accounts and the registry; roles, grant
    // approvals and policies; the audit trail.
    expect(labels(['admin'])).toEqual([
      'nav.home',
      'nav.admin',
      'nav.users',
      'nav.departments',
      'nav.officials',
      'nav.sources',
      'nav.catalogue',
      'nav.clients',
    ])
    expect(labels(['security_admin'])).toEqual([
      'nav.home',
      'nav.admin',
      'nav.users',
      'nav.grantRequests',
      'nav.scoringPolicy',
      'nav.eligibilityPolicy',
    ])
    expect(labels(['auditor'])).toEqual(['nav.home', 'nav.audit'])
    expect(labels(['personnel_staff'])).toEqual([
      'nav.home',
      'nav.opinions',
      'nav.officials',
      'nav.eligibility',
      'nav.eligibilityCheck',
      'nav.eligibilityHistory',
      'nav.eligibilityOutcomes',
    ])
    // The discipline roles land on their dashboard instead of the generic home.
    expect(labels(['discipline_staff'])).toEqual([
      'nav.disciplineDashboard',
      'nav.fourForms',
      'nav.opinions',
      'nav.officials',
      'nav.lookups',
      'nav.lookupRequest',
      'nav.lookupsMine',
      'nav.warnings',
    ])
    expect(labels(['discipline_approver'])).toEqual(['nav.disciplineDashboard', 'nav.fourForms', 'nav.opinions', 'nav.officials', 'nav.lookups', 'nav.lookupsQueue', 'nav.warnings'])
    // Officials' self-service: an official's own file replaces 首页; the clerk decides disputes and repairs.
    expect(labels(['official'])).toEqual(['nav.meHome', 'nav.meCases', 'nav.meReports'])
    // The clerk also registers reviews and appeals of the source's sanctions and their outcomes.
    expect(labels(['data_clerk'])).toEqual(['nav.home', 'nav.records', 'nav.recordsSubmit', 'nav.recordsImport', 'nav.recordsList', 'nav.disputeQueue', 'nav.appeals'])
  })

  it('merges the entries of several roles without repeating a group', () => {
    const menu = menuOf(['discipline_staff', 'discipline_approver'])
    expect(menu.filter((entry) => entry.path === 'lookups')).toHaveLength(1)
    expect(labels(['discipline_staff', 'discipline_approver'])).toContain('nav.lookupsQueue')
  })

  it('names, for every page, a call that some role may make', () => {
    const roles: Role[] = ['admin', 'security_admin', 'auditor', 'personnel_staff', 'discipline_staff', 'discipline_approver', 'official', 'data_clerk']
    const anyRole = new Set(roles.flatMap((role) => permissionsOf([role])))
    const pages = routes.flatMap((route) => [route, ...(route.children ?? [])]).filter((route) => route.meta?.titleKey && !route.meta.anonymous)
    for (const page of pages) expect(anyRole.has(page.meta?.api ?? ''), `${page.path} names ${page.meta?.api}`).toBe(true)
  })
})

describe('usePermission and v-can', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('can follows the permissions of the session', () => {
    const { can } = usePermission()
    expect(can('GET /api/v1/audit')).toBe(false)

    signIn(['auditor'])
    expect(can('GET /api/v1/audit')).toBe(true)
    expect(can('GET /api/v1/users')).toBe(false)
  })

  it('can admits nothing while a password change is due', () => {
    signIn(['admin'], { must_change_password: true })
    expect(usePermission().can('GET /api/v1/users')).toBe(false)
  })

  it('v-can shows an element only while the user may make the call', async () => {
    const Probe = defineComponent({
      template: `<div><button data-testid="admin-only" v-can="'POST /api/v1/users'">x</button>
        <button data-testid="staff" v-can="'GET /api/v1/warnings'">y</button></div>`,
    })
    const { wrapper } = await mountApp(Probe)
    const visible = (id: string) => wrapper.get(`[data-testid="${id}"]`).element.getAttribute('style') !== 'display: none;'

    expect(visible('admin-only')).toBe(false)
    expect(visible('staff')).toBe(false)

    useSessionStore().permissions = permissionsOf(['discipline_approver'])
    await nextTick()
    expect(visible('admin-only')).toBe(false)
    expect(visible('staff')).toBe(true)

    useSessionStore().clear()
    await nextTick()
    expect(visible('staff')).toBe(false)
  })
})

describe('the discipline landing page', () => {
  it('sends the discipline roles from / to their dashboard, everyone else stays', async () => {
    setActivePinia(createPinia())
    signIn(['discipline_approver'])
    const router = createAppRouter(createMemoryHistory())
    await router.push('/')
    expect(router.currentRoute.value.name).toBe('discipline-dashboard')

    signIn(['auditor'])
    await router.push('/audit')
    await router.push('/')
    expect(router.currentRoute.value.name).toBe('home')
  })
})

describe('the official landing page (self-service)', () => {
  it('sends an official from / to their own file, and opens /verify without signing in', async () => {
    setActivePinia(createPinia())
    signIn(['official'])
    const router = createAppRouter(createMemoryHistory())
    await router.push('/')
    expect(router.currentRoute.value.name).toBe('me-home')

    useSessionStore().clear()
    await router.push('/verify/ABCDEFGHIJKLMNOPQRSTUVWX')
    expect(router.currentRoute.value.name).toBe('verify')
    await router.push('/me')
    expect(router.currentRoute.value.name).toBe('login')
  })
})

describe('permission guard', () => {
  it('shows the not-found page for a route the user may not open', async () => {
    setActivePinia(createPinia())
    signIn(['personnel_staff'])
    const router = createAppRouter(createMemoryHistory())
    router.addRoute({ path: '/probe', component: { template: '<p/>' }, meta: { api: 'GET /api/v1/audit' } })
    router.addRoute({ path: '/nobody', component: { template: '<p/>' }, meta: {} })

    await router.push('/probe')
    expect(router.currentRoute.value.name).toBe('not-found')
    expect(router.currentRoute.value.fullPath).toBe('/probe')

    signIn(['auditor'])
    await router.push('/probe?again=1')
    expect(router.currentRoute.value.path).toBe('/probe')
    expect(router.currentRoute.value.name).toBeUndefined()

    // A page that names no call opens for nobody (deny by default).
    await router.push('/nobody')
    expect(router.currentRoute.value.name).toBe('not-found')
  })
})
