import {
  createRouter,
  createWebHistory,
  type RouteLocationNormalized,
  type RouteLocationRaw,
  type RouteMeta,
  type Router,
  type RouterHistory,
  type RouteRecordRaw,
  type RouteRecordSingleView,
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
  PieChart,
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
import { useSessionStore } from '@/stores/session'
import LoginView from '@/views/auth/LoginView.vue'
import VerifyView from '@/views/verify/VerifyView.vue'
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

/** A page inside the app's layout: its path, name, view (loaded when first opened) and meta (title, the API call it is for, its menu entry). */
function page(path: string, name: string, component: RouteRecordSingleView['component'], meta: RouteMeta): RouteRecordSingleView {
  return { path, name, component, meta }
}

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    // The first page most visits open: part of the entry, with what it
    // uses of Element Plus; every other page is loaded when first opened.
    component: LoginView,
    meta: { titleKey: 'auth.login.title', anonymous: true },
  },
  // Officials' self-service: the public verification of a report (no sign-in).
  // Often the first page a visit opens (a report's QR code): part of the
  // entry too, as a chunk of its own would import the pieces it shares with
  // the signed-in pages from their shared chunk (vite.config.ts).
  {
    path: '/verify/:code?',
    name: 'verify',
    component: VerifyView,
    meta: { titleKey: 'nav.verify', anonymous: true },
  },
  {
    path: '/',
    component: () => import('@/layouts/AppLayout.vue'),
    children: [
      {
        path: '',
        name: 'home',
        component: () => import('@/views/HomeView.vue'),
        meta: { titleKey: 'nav.home', api: SIGNED_IN, menu: { icon: HomeFilled, order: 1, hideWhen: ['GET /api/v1/discipline/dashboard', 'GET /api/v1/me/file'] } },
        beforeEnter: [disciplineLanding, officialLanding],
      },
      page('/account/password', 'account-password', () => import('@/views/account/ChangePasswordView.vue'), { titleKey: 'nav.changePassword', api: SIGNED_IN }),
      page('/account/totp', 'account-totp', () => import('@/views/account/TotpView.vue'), { titleKey: 'nav.totp', api: SIGNED_IN }),
      page('/admin/users', 'admin-users', () => import('@/views/admin/UsersView.vue'), { titleKey: 'nav.users', api: 'GET /api/v1/users', menu: { icon: UserFilled, order: 100, group: 'admin' } }),
      page('/admin/grant-requests', 'admin-grant-requests', () => import('@/views/admin/GrantRequestsView.vue'), { titleKey: 'nav.grantRequests', api: 'POST /api/v1/grant-requests/:id/approve', menu: { icon: Checked, order: 100.5, group: 'admin' } }),
      page('/admin/departments', 'admin-departments', () => import('@/views/admin/DepartmentsView.vue'), { titleKey: 'nav.departments', api: 'POST /api/v1/departments', menu: { icon: OfficeBuilding, order: 101, group: 'admin' } }),
      page('/admin/officials', 'admin-officials', () => import('@/views/officials/OfficialsView.vue'), { titleKey: 'nav.officials', api: 'POST /api/v1/officials', menu: { icon: Document, order: 102, group: 'admin' } }),
      page('/officials', 'officials', () => import('@/views/officials/OfficialsView.vue'), { titleKey: 'nav.officials', api: 'GET /api/v1/officials', menu: { icon: User, order: 6, hideWhen: ['POST /api/v1/officials'] } }),
      page('/admin/sources', 'admin-sources', () => import('@/views/admin/SourcesView.vue'), { titleKey: 'nav.sources', api: 'POST /api/v1/sources', menu: { icon: Connection, order: 103, group: 'admin' } }),
      page('/admin/catalogue', 'admin-catalogue', () => import('@/views/admin/CatalogueView.vue'), { titleKey: 'nav.catalogue', api: 'POST /api/v1/catalogue/codes', menu: { icon: Collection, order: 104, group: 'admin' } }),
      page('/admin/policies/scoring', 'admin-scoring-policy', () => import('@/views/admin/ScoringPolicyView.vue'), { titleKey: 'nav.scoringPolicy', api: 'POST /api/v1/policies/:kind', menu: { icon: TrendCharts, order: 105, group: 'admin' } }),
      page('/officials/:id(\\d+)/file', 'official-file', () => import('@/views/file/OfficialFileView.vue'), { titleKey: 'nav.file', api: 'GET /api/v1/officials/:id/file' }),
      page('/records/submit', 'records-submit', () => import('@/views/records/SubmitRecordView.vue'), { titleKey: 'nav.recordsSubmit', api: 'POST /api/v1/records', menu: { icon: DocumentAdd, order: 110, group: 'records' } }),
      page('/records/import', 'records-import', () => import('@/views/records/ImportView.vue'), { titleKey: 'nav.recordsImport', api: 'POST /api/v1/imports', menu: { icon: Upload, order: 111, group: 'records' } }),
      page('/records', 'records', () => import('@/views/records/RecordsView.vue'), { titleKey: 'nav.recordsList', api: 'POST /api/v1/records', menu: { icon: List, order: 112, group: 'records' } }),
      page('/discipline', 'discipline-dashboard', () => import('@/views/discipline/DisciplineDashboardView.vue'), { titleKey: 'nav.disciplineDashboard', api: 'GET /api/v1/discipline/dashboard', menu: { icon: DataBoard, order: 5 } }),
      page('/opinions', 'opinions', () => import('@/views/opinions/OpinionsView.vue'), { titleKey: 'nav.opinions', api: 'GET /api/v1/opinions', menu: { icon: Stamp, order: 5.7 } }),
      page('/opinions/:id(\\d+)', 'opinion-detail', () => import('@/views/opinions/OpinionDetailView.vue'), { titleKey: 'nav.opinionDetail', api: 'GET /api/v1/opinions/:id' }),
      page('/opinions/:id(\\d+)/reply', 'opinion-reply', () => import('@/views/opinions/OpinionReplyView.vue'), { titleKey: 'nav.opinionReply', api: 'GET /api/v1/opinions/:id/reply' }),
      page('/statistics/forms', 'four-forms', () => import('@/views/statistics/FourFormsView.vue'), { titleKey: 'nav.fourForms', api: 'GET /api/v1/statistics/forms', menu: { icon: PieChart, order: 5.5 } }),
      page('/lookups/new', 'lookup-request', () => import('@/views/lookups/LookupRequestView.vue'), { titleKey: 'nav.lookupRequest', api: 'POST /api/v1/lookups', menu: { icon: DocumentAdd, order: 70, group: 'lookups' } }),
      page('/lookups/mine', 'lookups-mine', () => import('@/views/lookups/MyLookupsView.vue'), { titleKey: 'nav.lookupsMine', api: 'POST /api/v1/lookups', menu: { icon: List, order: 71, group: 'lookups' } }),
      page('/lookups/queue', 'lookups-queue', () => import('@/views/lookups/ApprovalQueueView.vue'), { titleKey: 'nav.lookupsQueue', api: 'POST /api/v1/lookups/:id/approve', menu: { icon: Checked, order: 72, group: 'lookups' } }),
      page('/warnings', 'warnings', () => import('@/views/warnings/WarningsView.vue'), { titleKey: 'nav.warnings', api: 'GET /api/v1/warnings', menu: { icon: Bell, order: 80 } }),
      page('/audit', 'audit', () => import('@/views/audit/AuditView.vue'), { titleKey: 'nav.audit', api: 'GET /api/v1/audit', menu: { icon: Tickets, order: 120 } }),
      // Officials' self-service: their own file, disputes and repairs, reports;
      // the data clerk's queue of them; a report issued inside a lookup.
      page('/me', 'me-home', () => import('@/views/me/MeHomeView.vue'), { titleKey: 'nav.meHome', api: 'GET /api/v1/me/file', menu: { icon: Postcard, order: 2 } }),
      page('/me/cases', 'me-cases', () => import('@/views/me/MeCasesView.vue'), { titleKey: 'nav.meCases', api: 'POST /api/v1/disputes', menu: { icon: ChatLineSquare, order: 3 } }),
      page('/me/reports', 'me-reports', () => import('@/views/me/MeReportsView.vue'), { titleKey: 'nav.meReports', api: 'GET /api/v1/me/reports', menu: { icon: Stamp, order: 4 } }),
      page('/disputes', 'dispute-queue', () => import('@/views/disputes/DisputeQueueView.vue'), { titleKey: 'nav.disputeQueue', api: 'POST /api/v1/disputes/:id/resolve', menu: { icon: Memo, order: 130 } }),
      // Review and appeal (复审、复核、申诉) of the source's sanctions; ?record_id= opens the filing for a record.
      page('/appeals', 'appeals', () => import('@/views/appeals/AppealsView.vue'), { titleKey: 'nav.appeals', api: 'POST /api/v1/appeals', menu: { icon: DocumentChecked, order: 140 } }),
      page('/reports/:id(\\d+)', 'report-issued', () => import('@/views/reports/ReportIssuedView.vue'), { titleKey: 'nav.reportIssued', api: 'POST /api/v1/officials/:id/reports' }),
      // Eligibility checks: personnel staff check candidates, see the history
      // and the outcomes; the admin edits the policy and the API clients.
      page('/eligibility', 'eligibility-check', () => import('@/views/eligibility/EligibilityCheckView.vue'), { titleKey: 'nav.eligibilityCheck', api: 'POST /api/v1/eligibility/checks', menu: { icon: Reading, order: 90, group: 'eligibility' } }),
      page('/eligibility/history', 'eligibility-history', () => import('@/views/eligibility/CheckHistoryView.vue'), { titleKey: 'nav.eligibilityHistory', api: 'GET /api/v1/eligibility/checks', menu: { icon: List, order: 91, group: 'eligibility' } }),
      page('/eligibility/checks/:id(\\d+)', 'eligibility-check-detail', () => import('@/views/eligibility/CheckDetailView.vue'), { titleKey: 'nav.eligibilityCheckDetail', api: 'GET /api/v1/eligibility/checks/:id' }),
      page('/eligibility/outcomes', 'eligibility-outcomes', () => import('@/views/eligibility/OutcomesReportView.vue'), { titleKey: 'nav.eligibilityOutcomes', api: 'GET /api/v1/eligibility/outcomes', menu: { icon: Histogram, order: 92, group: 'eligibility' } }),
      page('/admin/policies/eligibility', 'admin-eligibility-policy', () => import('@/views/admin/EligibilityPolicyView.vue'), { titleKey: 'nav.eligibilityPolicy', api: 'POST /api/v1/policies/:kind', menu: { icon: Medal, order: 106, group: 'admin' } }),
      page('/admin/clients', 'admin-clients', () => import('@/views/admin/ClientsView.vue'), { titleKey: 'nav.clients', api: 'POST /api/v1/clients', menu: { icon: Key, order: 107, group: 'admin' } }),
      page('/:pathMatch(.*)*', 'not-found', () => import('@/views/NotFoundView.vue'), { titleKey: 'nav.notFound', api: SIGNED_IN }),
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
