import {
  createRouter,
  createWebHistory,
  type RouteLocationNormalized,
  type RouteLocationRaw,
  type Router,
  type RouterHistory,
  type RouteRecordRaw,
} from 'vue-router'
import { allows, DISCIPLINE_ROLES, FILE_READERS, OFFICIAL_READERS, type RoleRequirement } from '@/auth/roles'
import AppLayout from '@/layouts/AppLayout.vue'
import { useSessionStore } from '@/stores/session'
import { safeRedirect } from './redirect'

export { safeRedirect } from './redirect'

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page name, shown in document.title. */
    titleKey?: string
    /** Who may open the page (signed in); PUBLIC ('*') is every signed-in user. */
    roles?: readonly RoleRequirement[]
    /** Open without signing in (the login page). */
    anonymous?: boolean
  }
}

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/auth/LoginView.vue'),
    meta: { titleKey: 'auth.login.title', anonymous: true },
  },
  // Officials' self-service: the public verification of a report (no sign-in).
  {
    path: '/verify/:code?',
    name: 'verify',
    component: () => import('@/views/verify/VerifyView.vue'),
    meta: { titleKey: 'nav.verify', anonymous: true },
  },
  {
    path: '/',
    component: AppLayout,
    children: [
      {
        path: '',
        name: 'home',
        component: () => import('@/views/HomeView.vue'),
        meta: { titleKey: 'nav.home', roles: ['*'] },
        beforeEnter: [disciplineLanding, officialLanding],
      },
      {
        path: '/account/password',
        name: 'account-password',
        component: () => import('@/views/account/ChangePasswordView.vue'),
        meta: { titleKey: 'nav.changePassword', roles: ['*'] },
      },
      {
        path: '/account/totp',
        name: 'account-totp',
        component: () => import('@/views/account/TotpView.vue'),
        meta: { titleKey: 'nav.totp', roles: ['*'] },
      },
      {
        path: '/admin/users',
        name: 'admin-users',
        component: () => import('@/views/admin/UsersView.vue'),
        meta: { titleKey: 'nav.users', roles: ['admin'] },
      },
      {
        path: '/admin/departments',
        name: 'admin-departments',
        component: () => import('@/views/admin/DepartmentsView.vue'),
        meta: { titleKey: 'nav.departments', roles: ['admin'] },
      },
      {
        path: '/admin/officials',
        name: 'admin-officials',
        component: () => import('@/views/officials/OfficialsView.vue'),
        meta: { titleKey: 'nav.officials', roles: ['admin'] },
      },
      {
        path: '/officials',
        name: 'officials',
        component: () => import('@/views/officials/OfficialsView.vue'),
        meta: { titleKey: 'nav.officials', roles: ['admin', ...OFFICIAL_READERS] },
      },
      {
        path: '/admin/sources',
        name: 'admin-sources',
        component: () => import('@/views/admin/SourcesView.vue'),
        meta: { titleKey: 'nav.sources', roles: ['admin'] },
      },
      {
        path: '/admin/catalogue',
        name: 'admin-catalogue',
        component: () => import('@/views/admin/CatalogueView.vue'),
        meta: { titleKey: 'nav.catalogue', roles: ['admin'] },
      },
      {
        path: '/admin/policies/scoring',
        name: 'admin-scoring-policy',
        component: () => import('@/views/admin/ScoringPolicyView.vue'),
        meta: { titleKey: 'nav.scoringPolicy', roles: ['admin'] },
      },
      {
        path: '/officials/:id(\\d+)/file',
        name: 'official-file',
        component: () => import('@/views/file/OfficialFileView.vue'),
        meta: { titleKey: 'nav.file', roles: FILE_READERS },
      },
      {
        path: '/records/submit',
        name: 'records-submit',
        component: () => import('@/views/records/SubmitRecordView.vue'),
        meta: { titleKey: 'nav.recordsSubmit', roles: ['data_clerk'] },
      },
      {
        path: '/records/import',
        name: 'records-import',
        component: () => import('@/views/records/ImportView.vue'),
        meta: { titleKey: 'nav.recordsImport', roles: ['data_clerk'] },
      },
      {
        path: '/records',
        name: 'records',
        component: () => import('@/views/records/RecordsView.vue'),
        meta: { titleKey: 'nav.recordsList', roles: ['data_clerk'] },
      },
      {
        path: '/discipline',
        name: 'discipline-dashboard',
        component: () => import('@/views/discipline/DisciplineDashboardView.vue'),
        meta: { titleKey: 'nav.disciplineDashboard', roles: DISCIPLINE_ROLES },
      },
      {
        path: '/lookups/new',
        name: 'lookup-request',
        component: () => import('@/views/lookups/LookupRequestView.vue'),
        meta: { titleKey: 'nav.lookupRequest', roles: ['discipline_staff'] },
      },
      {
        path: '/lookups/mine',
        name: 'lookups-mine',
        component: () => import('@/views/lookups/MyLookupsView.vue'),
        meta: { titleKey: 'nav.lookupsMine', roles: ['discipline_staff'] },
      },
      {
        path: '/lookups/queue',
        name: 'lookups-queue',
        component: () => import('@/views/lookups/ApprovalQueueView.vue'),
        meta: { titleKey: 'nav.lookupsQueue', roles: ['discipline_approver'] },
      },
      {
        path: '/warnings',
        name: 'warnings',
        component: () => import('@/views/warnings/WarningsView.vue'),
        meta: { titleKey: 'nav.warnings', roles: DISCIPLINE_ROLES },
      },
      {
        path: '/audit',
        name: 'audit',
        component: () => import('@/views/audit/AuditView.vue'),
        meta: { titleKey: 'nav.audit', roles: ['auditor'] },
      },
      // Officials' self-service: their own file, disputes and repairs, reports;
      // the data clerk's queue of them; a report issued inside a lookup.
      {
        path: '/me',
        name: 'me-home',
        component: () => import('@/views/me/MeHomeView.vue'),
        meta: { titleKey: 'nav.meHome', roles: ['official'] },
      },
      {
        path: '/me/cases',
        name: 'me-cases',
        component: () => import('@/views/me/MeCasesView.vue'),
        meta: { titleKey: 'nav.meCases', roles: ['official'] },
      },
      {
        path: '/me/reports',
        name: 'me-reports',
        component: () => import('@/views/me/MeReportsView.vue'),
        meta: { titleKey: 'nav.meReports', roles: ['official'] },
      },
      {
        path: '/disputes',
        name: 'dispute-queue',
        component: () => import('@/views/disputes/DisputeQueueView.vue'),
        meta: { titleKey: 'nav.disputeQueue', roles: ['data_clerk'] },
      },
      // Review and appeal (复审、复核、申诉) of the source's sanctions; ?record_id= opens the filing for a record.
      {
        path: '/appeals',
        name: 'appeals',
        component: () => import('@/views/appeals/AppealsView.vue'),
        meta: { titleKey: 'nav.appeals', roles: ['data_clerk'] },
      },
      {
        path: '/reports/:id(\\d+)',
        name: 'report-issued',
        component: () => import('@/views/reports/ReportIssuedView.vue'),
        meta: { titleKey: 'nav.reportIssued', roles: ['discipline_staff'] },
      },
      // Eligibility checks: personnel staff check candidates, see the history
      // and the outcomes; the admin edits the policy and the API clients.
      {
        path: '/eligibility',
        name: 'eligibility-check',
        component: () => import('@/views/eligibility/EligibilityCheckView.vue'),
        meta: { titleKey: 'nav.eligibilityCheck', roles: ['personnel_staff'] },
      },
      {
        path: '/eligibility/history',
        name: 'eligibility-history',
        component: () => import('@/views/eligibility/CheckHistoryView.vue'),
        meta: { titleKey: 'nav.eligibilityHistory', roles: ['personnel_staff'] },
      },
      {
        path: '/eligibility/checks/:id(\\d+)',
        name: 'eligibility-check-detail',
        component: () => import('@/views/eligibility/CheckDetailView.vue'),
        meta: { titleKey: 'nav.eligibilityCheckDetail', roles: ['personnel_staff'] },
      },
      {
        path: '/eligibility/outcomes',
        name: 'eligibility-outcomes',
        component: () => import('@/views/eligibility/OutcomesReportView.vue'),
        meta: { titleKey: 'nav.eligibilityOutcomes', roles: ['personnel_staff'] },
      },
      {
        path: '/admin/policies/eligibility',
        name: 'admin-eligibility-policy',
        component: () => import('@/views/admin/EligibilityPolicyView.vue'),
        meta: { titleKey: 'nav.eligibilityPolicy', roles: ['admin'] },
      },
      {
        path: '/admin/clients',
        name: 'admin-clients',
        component: () => import('@/views/admin/ClientsView.vue'),
        meta: { titleKey: 'nav.clients', roles: ['admin'] },
      },
      {
        path: '/:pathMatch(.*)*',
        name: 'not-found',
        component: () => import('@/views/NotFoundView.vue'),
        meta: { titleKey: 'nav.notFound', roles: ['*'] },
      },
    ],
  },
]

/** The discipline commission lands on its dashboard: it is their home page. */
function disciplineLanding(): true | RouteLocationRaw {
  return allows(useSessionStore().roles, DISCIPLINE_ROLES) ? { name: 'discipline-dashboard', replace: true } : true
}

/** An official lands on their own file: it is their home page. */
function officialLanding(): true | RouteLocationRaw {
  return allows(useSessionStore().roles, ['official']) ? { name: 'me-home', replace: true } : true
}

function notFound(to: RouteLocationNormalized): RouteLocationRaw {
  return {
    name: 'not-found',
    params: { pathMatch: to.path.split('/').filter(Boolean) },
    query: to.query,
    hash: to.hash,
    replace: true,
  }
}

/**
 * A page the user may not open looks like one that does not exist, as the
 * server answers 404 for what the caller may not see.
 */
export function roleGuard(to: RouteLocationNormalized): true | RouteLocationRaw {
  const required = to.meta.roles
  if (!required || allows(useSessionStore().roles, required)) return true
  return notFound(to)
}

/**
 * Every navigation: restore the session once (refresh token from this tab),
 * send a signed-out user to login with the way back, hold a user who must
 * change the password or enrol TOTP on that page (the server refuses the
 * rest anyway), then check the roles.
 */
export async function sessionGuard(to: RouteLocationNormalized): Promise<true | RouteLocationRaw> {
  const session = useSessionStore()
  await session.restore()

  if (to.meta.anonymous) {
    if (to.name === 'login' && session.isAuthenticated) return safeRedirect(to.query.redirect)
    return true
  }
  if (!session.isAuthenticated) {
    return to.fullPath === '/'
      ? { name: 'login' }
      : { name: 'login', query: { redirect: to.fullPath } }
  }
  if (session.mustChangePassword) {
    return to.name === 'account-password' ? true : { name: 'account-password', replace: true }
  }
  if (session.mustEnrolTotp) {
    return to.name === 'account-totp' ? true : { name: 'account-totp', replace: true }
  }
  return roleGuard(to)
}

/** When the server ends the session (refresh refused), go to login and come back here after. */
function followSessionEnd(router: Router): void {
  useSessionStore().onSessionEnd(() => {
    const current = router.currentRoute.value
    if (current.meta.anonymous) return
    void router.replace({ name: 'login', query: { redirect: current.fullPath, expired: '1' } })
  })
}

export function createAppRouter(history: RouterHistory = createWebHistory(import.meta.env.BASE_URL)) {
  const router = createRouter({ history, routes })
  router.beforeEach(sessionGuard)
  followSessionEnd(router)
  return router
}
