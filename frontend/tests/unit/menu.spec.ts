import { Document, HomeFilled } from '@element-plus/icons-vue'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { defineComponent, nextTick } from 'vue'
import { createMemoryHistory } from 'vue-router'
import { allows } from '@/auth/roles'
import { usePermission } from '@/composables/usePermission'
import { createAppRouter } from '@/router'
import { filterMenu, menu, type MenuEntry } from '@/router/menu'
import { useSessionStore } from '@/stores/session'
import { mountApp, signIn } from './helpers'

const sample: MenuEntry[] = [
  { path: '/', titleKey: 'nav.home', icon: HomeFilled, roles: ['*'] },
  { path: '/lookups', titleKey: 'x.lookups', icon: Document, roles: ['discipline_staff', 'discipline_approver'] },
  {
    path: 'admin',
    titleKey: 'x.admin',
    icon: Document,
    roles: ['admin', 'auditor'],
    children: [
      { path: '/admin/users', titleKey: 'x.users', icon: Document, roles: ['admin'] },
      { path: '/admin/policies', titleKey: 'x.policies', icon: Document, roles: ['admin'] },
    ],
  },
  { path: '/nobody', titleKey: 'x.nobody', icon: Document, roles: [] },
]

const paths = (entries: MenuEntry[]): string[] =>
  entries.flatMap((entry) => [entry.path, ...paths([...(entry.children ?? [])])])

describe('allows', () => {
  it('lets anyone through a public requirement and no one through an empty one', () => {
    expect(allows([], ['*'])).toBe(true)
    expect(allows(['admin'], [])).toBe(false)
    expect(allows(['official'], ['admin', 'official'])).toBe(true)
    expect(allows(['official'], ['admin'])).toBe(false)
  })
})

describe('filterMenu', () => {
  it('shows only public entries to a user without roles', () => {
    expect(paths(filterMenu(sample, []))).toEqual(['/'])
  })

  it('shows the entries of any role the user holds', () => {
    expect(paths(filterMenu(sample, ['discipline_approver']))).toEqual(['/', '/lookups'])
    expect(paths(filterMenu(sample, ['admin']))).toEqual([
      '/',
      'admin',
      '/admin/users',
      '/admin/policies',
    ])
  })

  it('leaves out an entry hidden for a role the user holds', () => {
    const entries: MenuEntry[] = [
      { path: '/', titleKey: 'nav.home', icon: HomeFilled, roles: ['*'], hiddenFor: ['discipline_staff'] },
      { path: '/discipline', titleKey: 'x.dashboard', icon: Document, roles: ['discipline_staff'] },
    ]
    expect(paths(filterMenu(entries, ['discipline_staff']))).toEqual(['/discipline'])
    expect(paths(filterMenu(entries, ['auditor']))).toEqual(['/'])
  })

  it('drops a group whose children the user may not see', () => {
    expect(paths(filterMenu(sample, ['auditor']))).toEqual(['/'])
  })

  it('keeps the real menu public for a signed-out user', () => {
    expect(filterMenu(menu, []).length).toBeGreaterThan(0)
    expect(filterMenu(menu, []).every((entry) => entry.roles.includes('*'))).toBe(true)
  })

  it('gives each role of the real menu its own entries', () => {
    const labels = (roles: Parameters<typeof filterMenu>[1]) =>
      filterMenu(menu, roles).flatMap((entry) => [entry.titleKey, ...(entry.children ?? []).map((child) => child.titleKey)])

    expect(labels(['admin'])).toEqual([
      'nav.home',
      'nav.admin',
      'nav.users',
      'nav.departments',
      'nav.officials',
      'nav.sources',
      'nav.catalogue',
      'nav.scoringPolicy',
      'nav.eligibilityPolicy',
      'nav.clients',
    ])
    expect(labels(['auditor'])).toEqual(['nav.home', 'nav.audit'])
    expect(labels(['personnel_staff'])).toEqual([
      'nav.home',
      'nav.officials',
      'nav.eligibility',
      'nav.eligibilityCheck',
      'nav.eligibilityHistory',
      'nav.eligibilityOutcomes',
    ])
    // The discipline roles land on their dashboard instead of the generic home.
    expect(labels(['discipline_staff'])).toEqual([
      'nav.disciplineDashboard',
      'nav.officials',
      'nav.lookups',
      'nav.lookupRequest',
      'nav.lookupsMine',
      'nav.warnings',
    ])
    expect(labels(['discipline_approver'])).toEqual(['nav.disciplineDashboard', 'nav.officials', 'nav.lookups', 'nav.lookupsQueue', 'nav.warnings'])
    // Officials' self-service: an official's own file replaces 首页; the clerk decides disputes and repairs.
    expect(labels(['official'])).toEqual(['nav.meHome', 'nav.meCases', 'nav.meReports'])
    // The clerk also registers reviews and appeals of the source's sanctions and their outcomes.
    expect(labels(['data_clerk'])).toEqual(['nav.home', 'nav.records', 'nav.recordsSubmit', 'nav.recordsImport', 'nav.recordsList', 'nav.disputeQueue', 'nav.appeals'])
  })
})

describe('usePermission and v-role', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('hasRole follows the session roles', () => {
    const { hasRole } = usePermission()
    expect(hasRole('admin')).toBe(false)

    useSessionStore().roles = ['auditor']
    expect(hasRole('admin', 'auditor')).toBe(true)
    expect(hasRole('admin')).toBe(false)
  })

  it('v-role shows an element only while the user holds the role', async () => {
    const Probe = defineComponent({
      template: `<div><button data-testid="admin-only" v-role="'admin'">x</button>
        <button data-testid="staff" v-role="['discipline_staff', 'discipline_approver']">y</button></div>`,
    })
    const { wrapper } = await mountApp(Probe)
    const visible = (id: string) => wrapper.get(`[data-testid="${id}"]`).element.getAttribute('style') !== 'display: none;'

    expect(visible('admin-only')).toBe(false)
    expect(visible('staff')).toBe(false)

    useSessionStore().roles = ['discipline_approver']
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

    useSessionStore().roles = ['auditor']
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

describe('role guard', () => {
  it('shows the not-found page for a route the user may not open', async () => {
    setActivePinia(createPinia())
    signIn(['personnel_staff'])
    const router = createAppRouter(createMemoryHistory())
    router.addRoute({ path: '/probe', component: { template: '<p/>' }, meta: { roles: ['auditor'] } })

    await router.push('/probe')
    expect(router.currentRoute.value.name).toBe('not-found')
    expect(router.currentRoute.value.fullPath).toBe('/probe')

    useSessionStore().roles = ['auditor']
    await router.push('/probe?again=1')
    expect(router.currentRoute.value.path).toBe('/probe')
    expect(router.currentRoute.value.name).toBeUndefined()
  })
})
