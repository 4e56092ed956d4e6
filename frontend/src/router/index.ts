import {
  createRouter,
  createWebHistory,
  type RouteLocationNormalized,
  type RouteLocationRaw,
  type Router,
  type RouterHistory,
  type RouteRecordRaw,
} from 'vue-router'
import {
  Bell,
  ChatLineSquare,
  Checked,
  Collection,
  Connection,
  DataBoard,
  Document,
  DocumentAdd,
  DocumentChecked,
  HomeFilled,
  Histogram,
  Key,
  List,
  Medal,
  Memo,
  OfficeBuilding,
  Postcard,
  Reading,
  Stamp,
  Tickets,
  TrendCharts,
  Upload,
  User,
  UserFilled,
} from '@element-plus/icons-vue'
import { SIGNED_IN, type Permission } from '@/auth/permissions'
import AppLayout from '@/layouts/AppLayout.vue'
import { useSessionStore } from '@/stores/session'
import type { MenuMeta } from './menu'
import { safeRedirect } from './redirect'

export { safeRedirect } from './redirect'

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page name, shown in document.title. */
    titleKey?: string
    /**
     * The API call the page is for, as the server's route policy names it:
     * the page opens only for a user the server lets make it (SIGNED_IN:
     * every signed-in user). None: nobody (deny by default).
     */
    api?: Permission
    /** The page's entry in the side menu, built from the routes. */
    menu?: MenuMeta
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
        meta: { titleKey: 'nav.home', api: SIGNED_IN, menu: { icon: HomeFilled, order: 1, hideWhen: ['GET /api/v1/discipline/dashboard', 'GET /api/v1/me/file'] } },
        beforeEnter: [disciplineLanding, officialLanding],
      },
      {
        path: '/account/password',
        name: 'account-password',
        component: () => import('@/views/account/ChangePasswordView.vue'),
        meta: { titleKey: 'nav.changePassword', api: SIGNED_IN },
      },
      {
        path: '/account/totp',
        name: 'account-totp',
        component: () => import('@/views/account/TotpView.vue'),
        meta: { titleKey: 'nav.totp', api: SIGNED_IN },
      },
      {
        path: '/admin/users',
        name: 'admin-users',
        component: () => import('@/views/admin/UsersView.vue'),
        meta: { titleKey: 'nav.users', api: 'GET /api/v1/users', menu: { icon: UserFilled, order: 100, group: 'admin' } },
      },
      {
        path: '/admin/departments',
        name: 'admin-departments',
        component: () => import('@/views/admin/DepartmentsView.vue'),
        meta: { titleKey: 'nav.departments', api: 'POST /api/v1/departments', menu: { icon: OfficeBuilding, order: 101, group: 'admin' } },
      },
      {
        path: '/admin/officials',
        name: 'admin-officials',
        component: () => import('@/views/officials/OfficialsView.vue'),
        meta: { titleKey: 'nav.officials', api: 'POST /api/v1/officials', menu: { icon: Document, order: 102, group: 'admin' } },
      },
      {
        path: '/officials',
        name: 'officials',
        component: () => import('@/views/officials/OfficialsView.vue'),
        meta: { titleKey: 'nav.officials', api: 'GET /api/v1/officials', menu: { icon: User, order: 6, hideWhen: ['POST /api/v1/officials'] } },
      },
      {
        path: '/admin/sources',
        name: 'admin-sources',
        component: () => import('@/views/admin/SourcesView.vue'),
        meta: { titleKey: 'nav.sources', api: 'POST /api/v1/sources', menu: { icon: Connection, order: 103, group: 'admin' } },
      },
      {
        path: '/admin/catalogue',
        name: 'admin-catalogue',
        component: () => import('@/views/admin/CatalogueView.vue'),
        meta: { titleKey: 'nav.catalogue', api: 'POST /api/v1/catalogue/codes', menu: { icon: Collection, order: 104, group: 'admin' } },
      },
      {
        path: '/admin/policies/scoring',
        name: 'admin-scoring-policy',
        component: () => import('@/views/admin/ScoringPolicyView.vue'),
        meta: { titleKey: 'nav.scoringPolicy', api: 'POST /api/v1/policies/:kind', menu: { icon: TrendCharts, order: 105, group: 'admin' } },
      },
      {
        path: '/officials/:id(\\d+)/file',
        name: 'official-file',
        component: () => import('@/views/file/OfficialFileView.vue'),
        meta: { titleKey: 'nav.file', api: 'GET /api/v1/officials/:id/file' },
      },
      {
        path: '/records/submit',
        name: 'records-submit',
        component: () => import('@/views/records/SubmitRecordView.vue'),
        meta: { titleKey: 'nav.recordsSubmit', api: 'POST /api/v1/records', menu: { icon: DocumentAdd, order: 110, group: 'records' } },
      },
      {
        path: '/records/import',
        name: 'records-import',
        component: () => import('@/views/records/ImportView.vue'),
        meta: { titleKey: 'nav.recordsImport', api: 'POST /api/v1/imports', menu: { icon: Upload, order: 111, group: 'records' } },
      },
      {
        path: '/records',
        name: 'records',
        component: () => import('@/views/records/RecordsView.vue'),
        meta: { titleKey: 'nav.recordsList', api: 'POST /api/v1/records', menu: { icon: List, order: 112, group: 'records' } },
      },
      {
        path: '/discipline',
        name: 'discipline-dashboard',
        component: () => import('@/views/discipline/DisciplineDashboardView.vue'),
        meta: { titleKey: 'nav.disciplineDashboard', api: 'GET /api/v1/discipline/dashboard', menu: { icon: DataBoard, order: 5 } },
      },
      {
        path: '/lookups/new',
        name: 'lookup-request',
        component: () => import('@/views/lookups/LookupRequestView.vue'),
        meta: { titleKey: 'nav.lookupRequest', api: 'POST /api/v1/lookups', menu: { icon: DocumentAdd, order: 70, group: 'lookups' } },
      },
      {
        path: '/lookups/mine',
        name: 'lookups-mine',
        component: () => import('@/views/lookups/MyLookupsView.vue'),
        meta: { titleKey: 'nav.lookupsMine', api: 'POST /api/v1/lookups', menu: { icon: List, order: 71, group: 'lookups' } },
      },
      {
        path: '/lookups/queue',
        name: 'lookups-queue',
        component: () => import('@/views/lookups/ApprovalQueueView.vue'),
        meta: { titleKey: 'nav.lookupsQueue', api: 'POST /api/v1/lookups/:id/approve', menu: { icon: Checked, order: 72, group: 'lookups' } },
      },
      {
        path: '/warnings',
        name: 'warnings',
        component: () => import('@/views/warnings/WarningsView.vue'),
        meta: { titleKey: 'nav.warnings', api: 'GET /api/v1/warnings', menu: { icon: Bell, order: 80 } },
      },
      {
        path: '/audit',
        name: 'audit',
        component: () => import('@/views/audit/AuditView.vue'),
        meta: { titleKey: 'nav.audit', api: 'GET /api/v1/audit', menu: { icon: Tickets, order: 120 } },
      },
      // Officials' self-service: their own file, disputes and repairs, reports;
      // the data clerk's queue of them; a report issued inside a lookup.
      {
        path: '/me',
        name: 'me-home',
        component: () => import('@/views/me/MeHomeView.vue'),
        meta: { titleKey: 'nav.meHome', api: 'GET /api/v1/me/file', menu: { icon: Postcard, order: 2 } },
      },
      {
        path: '/me/cases',
        name: 'me-cases',
        component: () => import('@/views/me/MeCasesView.vue'),
        meta: { titleKey: 'nav.meCases', api: 'POST /api/v1/disputes', menu: { icon: ChatLineSquare, order: 3 } },
      },
      {
        path: '/me/reports',
        name: 'me-reports',
        component: () => import('@/views/me/MeReportsView.vue'),
        meta: { titleKey: 'nav.meReports', api: 'GET /api/v1/me/reports', menu: { icon: Stamp, order: 4 } },
      },
      {
        path: '/disputes',
        name: 'dispute-queue',
        component: () => import('@/views/disputes/DisputeQueueView.vue'),
        meta: { titleKey: 'nav.disputeQueue', api: 'POST /api/v1/disputes/:id/resolve', menu: { icon: Memo, order: 130 } },
      },
      // Review and appeal (复审、复核、申诉) of the source's sanctions; ?record_id= opens the filing for a record.
      {
        path: '/appeals',
        name: 'appeals',
        component: () => import('@/views/appeals/AppealsView.vue'),
        meta: { titleKey: 'nav.appeals', api: 'POST /api/v1/appeals', menu: { icon: DocumentChecked, order: 140 } },
      },
      {
        path: '/reports/:id(\\d+)',
        name: 'report-issued',
        component: () => import('@/views/reports/ReportIssuedView.vue'),
        meta: { titleKey: 'nav.reportIssued', api: 'POST /api/v1/officials/:id/reports' },
      },
      // Eligibility checks: personnel staff check candidates, see the history
      // and the outcomes; the admin edits the policy and the API clients.
      {
        path: '/eligibility',
        name: 'eligibility-check',
        component: () => import('@/views/eligibility/EligibilityCheckView.vue'),
        meta: { titleKey: 'nav.eligibilityCheck', api: 'POST /api/v1/eligibility/checks', menu: { icon: Reading, order: 90, group: 'eligibility' } },
      },
      {
        path: '/eligibility/history',
        name: 'eligibility-history',
        component: () => import('@/views/eligibility/CheckHistoryView.vue'),
        meta: { titleKey: 'nav.eligibilityHistory', api: 'GET /api/v1/eligibility/checks', menu: { icon: List, order: 91, group: 'eligibility' } },
      },
      {
        path: '/eligibility/checks/:id(\\d+)',
        name: 'eligibility-check-detail',
        component: () => import('@/views/eligibility/CheckDetailView.vue'),
        meta: { titleKey: 'nav.eligibilityCheckDetail', api: 'GET /api/v1/eligibility/checks/:id' },
      },
      {
        path: '/eligibility/outcomes',
        name: 'eligibility-outcomes',
        component: () => import('@/views/eligibility/OutcomesReportView.vue'),
        meta: { titleKey: 'nav.eligibilityOutcomes', api: 'GET /api/v1/eligibility/outcomes', menu: { icon: Histogram, order: 92, group: 'eligibility' } },
      },
      {
        path: '/admin/policies/eligibility',
        name: 'admin-eligibility-policy',
        component: () => import('@/views/admin/EligibilityPolicyView.vue'),
        meta: { titleKey: 'nav.eligibilityPolicy', api: 'POST /api/v1/policies/:kind', menu: { icon: Medal, order: 106, group: 'admin' } },
      },
      {
        path: '/admin/clients',
        name: 'admin-clients',
        component: () => import('@/views/admin/ClientsView.vue'),
        meta: { titleKey: 'nav.clients', api: 'POST /api/v1/clients', menu: { icon: Key, order: 107, group: 'admin' } },
      },
      {
        path: '/:pathMatch(.*)*',
        name: 'not-found',
        component: () => import('@/views/NotFoundView.vue'),
        meta: { titleKey: 'nav.notFound', api: SIGNED_IN },
      },
    ],
  },
]

/** The discipline commission lands on its dashboard: it is their home page. */
function disciplineLanding(): true | RouteLocationRaw {
  return useSessionStore().can('GET /api/v1/discipline/dashboard') ? { name: 'discipline-dashboard', replace: true } : true
}

/** An official lands on their own file: it is their home page. */
function officialLanding(): true | RouteLocationRaw {
  return useSessionStore().can('GET /api/v1/me/file') ? { name: 'me-home', replace: true } : true
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
export function permissionGuard(to: RouteLocationNormalized): true | RouteLocationRaw {
  return useSessionStore().can(to.meta.api) ? true : notFound(to)
}

/**
 * Every navigation: restore the session once (refresh token from this tab),
 * send a signed-out user to login with the way back, hold a user who must
 * change the password or enrol TOTP on that page (the server refuses the
 * rest anyway), then check the page's API call against the permissions.
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
  return permissionGuard(to)
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
