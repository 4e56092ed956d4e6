import type { RouteLocationRaw } from 'vue-router'
import { listAudit } from '@/api/audit'
import { listDepartments } from '@/api/departments'
import { listDisputes, type CaseBase } from '@/api/disputes'
import { listChecks } from '@/api/eligibility'
import { listImports } from '@/api/imports'
import { listLookups } from '@/api/lookups'
import { listOfficials } from '@/api/officials'
import { listOpinions, type OpinionState } from '@/api/opinions'
import { MAX_PAGE_SIZE, type Page } from '@/api/paging'
import { listRepairs } from '@/api/repairs'
import { listGrantRequests, listUsers, type UserState } from '@/api/users'
import type { Permission } from '@/auth/permissions'

/** What one tile of the to-do block shows. */
export interface TodoValue {
  /** How many; null while not known (the first poll, a read under way or failed). */
  count: number | null
  /** Of them, those past their due day. */
  overdue?: number
  /** Counted among only this many of a longer list (one the API cannot filter for it). */
  among?: number
}

/** What the header's inbox polls for the commission (the approver's queue, the opinions to answer). */
export interface InboxFigures {
  /** The inbox has answered at least once. */
  known: boolean
  awaiting: number
  opinionsOpen: number
  opinionsOverdue: number
}

/** What a source reads with. */
export interface TodoContext {
  signal: AbortSignal
  /** The time of the read (ms), for "today" and "recently". */
  now: number
}

/** One count on a home page: what waits for the user, or a figure of what they look after. */
export interface TodoSource {
  /** The tile's name: its label (home.todo.items.<key>) and test id (todo-<key>). */
  key: string
  /** Shown only to a user who may make this call; a user with several roles sees all theirs. */
  need: Permission
  /**
   * Where the work is done: a link when the user may open that page; one
   * that narrows by the time of the read (as the count did) is made from it.
   */
  to?: RouteLocationRaw | ((now: number) => RouteLocationRaw)
  /** Read when the home page opens (and on refresh)… */
  read?: (context: TodoContext) => Promise<TodoValue>
  /** …or follows the inbox the header polls. */
  live?: (inbox: InboxFigures) => TodoValue
  /** A figure (departments, officials), not work waiting. */
  figure?: boolean
}

/** The opinions replied this many days back count as replied recently. */
export const RECENT_DAYS = 7

/** How many of the latest eligibility checks are looked at. */
export const LATEST = 20

const ONE = { page: 1, page_size: 1 } as const
const DAY_MS = 86_400_000

async function total(read: Promise<Page<unknown>>): Promise<TodoValue> {
  return { count: (await read).total ?? 0 }
}

/** `among` when the page held only part of the list. */
function among(page: Page<unknown>): number | undefined {
  const items = page.items ?? []
  return (page.total ?? 0) > items.length ? items.length : undefined
}

/** Undecided cases first by due day (the server's order): how many, and how many are late. */
async function openCases(read: Promise<Page<CaseBase>>): Promise<TodoValue> {
  const page = await read
  return { count: page.total ?? 0, overdue: (page.items ?? []).filter((item) => item.overdue).length }
}

/** The accounts in `state` that need an administrator, and the users page showing just those. */
function usersIn(state: UserState): Pick<TodoSource, 'to' | 'read'> {
  return { to: { path: '/admin/users', query: { state } }, read: ({ signal }) => total(listUsers({ ...ONE, state }, signal)) }
}

async function opinionsIn(states: OpinionState[], signal: AbortSignal): Promise<TodoValue> {
  const pages = await Promise.all(states.map((state) => listOpinions({ ...ONE, state }, signal)))
  return { count: pages.reduce((sum, page) => sum + (page.total ?? 0), 0) }
}

/** Midnight today on the user's clock, as the time the audit trail filters from. */
export function startOfDay(now: number): string {
  const day = new Date(now)
  return new Date(day.getFullYear(), day.getMonth(), day.getDate()).toISOString()
}

/** Since when a reply counts as recent: today and the days before it, from midnight on the user's clock. */
function recentSince(now: number): string {
  return startOfDay(now - (RECENT_DAYS - 1) * DAY_MS)
}

/**
 * Every count a home page may show, in the order shown: the commission's
 * approver and staff, the organisation department, the data clerk, the
 * security administrator, the system administrator, the auditor, the
 * official. Each names the call that admits it, so a user sees what their
 * roles may do, as the server's route policy says.
 */
export const WORK_SOURCES: readonly TodoSource[] = [
  // discipline_approver
  { key: 'lookupsAwaiting', need: 'POST /api/v1/lookups/:id/approve', to: '/lookups/queue', live: (inbox) => ({ count: inbox.known ? inbox.awaiting : null }) },
  {
    key: 'opinionsDrafted',
    need: 'POST /api/v1/opinions/:id/sign',
    to: { path: '/opinions', query: { state: 'drafted' } },
    read: ({ signal }) => opinionsIn(['drafted'], signal),
  },
  {
    key: 'opinionsSigning',
    need: 'POST /api/v1/opinions/:id/sign',
    to: { path: '/opinions', query: { state: 'signing' } },
    read: ({ signal }) => opinionsIn(['signing'], signal),
  },
  // discipline_staff
  { key: 'lookupsOpen', need: 'POST /api/v1/lookups', to: '/lookups/mine', read: ({ signal }) => total(listLookups({ ...ONE, state: 'approved', mine: true }, signal)) },
  {
    key: 'opinionsToAnswer',
    need: 'POST /api/v1/opinions/:id/draft',
    to: '/opinions',
    live: (inbox) => ({ count: inbox.known ? inbox.opinionsOpen : null, overdue: inbox.opinionsOverdue }),
  },
  // personnel_staff
  { key: 'opinionsAwaitingReply', need: 'POST /api/v1/opinions', to: '/opinions', read: ({ signal }) => opinionsIn(['sent', 'drafted', 'signing'], signal) },
  {
    key: 'opinionsReplied',
    need: 'POST /api/v1/opinions',
    // The list shows the replies the tile counted: those since the same instant.
    to: (now) => ({ path: '/opinions', query: { state: 'replied', replied_since: recentSince(now) } }),
    read: ({ signal, now }) => total(listOpinions({ ...ONE, replied_since: recentSince(now) }, signal)),
  },
  {
    key: 'checksNeedReview',
    need: 'POST /api/v1/eligibility/checks',
    to: '/eligibility/history',
    read: async ({ signal }) => {
      const page = await listChecks({ page: 1, page_size: LATEST }, signal)
      return { count: (page.items ?? []).reduce((sum, check) => sum + check.needs_review, 0), among: among(page) }
    },
  },
  // data_clerk
  { key: 'disputesOpen', need: 'POST /api/v1/disputes/:id/resolve', to: '/disputes', read: ({ signal }) => openCases(listDisputes({ page: 1, page_size: MAX_PAGE_SIZE, state: 'open' }, signal)) },
  {
    key: 'repairsPending',
    need: 'POST /api/v1/repairs/:id/decide',
    to: { path: '/disputes', query: { tab: 'repair' } },
    read: ({ signal }) => openCases(listRepairs({ page: 1, page_size: MAX_PAGE_SIZE, state: 'pending' }, signal)),
  },
  {
    key: 'importsFailed',
    need: 'GET /api/v1/imports',
    to: { path: '/records/import', query: { status: 'failed' } },
    read: ({ signal }) => total(listImports({ ...ONE, status: 'failed' }, signal)),
  },
  // security_admin
  { key: 'grantRequests', need: 'POST /api/v1/grant-requests/:id/approve', to: '/admin/grant-requests', read: ({ signal }) => total(listGrantRequests({ ...ONE, state: 'pending' }, signal)) },
  { key: 'usersAwaitingActivation', need: 'POST /api/v1/users/:id/activation', ...usersIn('awaiting_activation') },
  // admin
  { key: 'usersLocked', need: 'POST /api/v1/users/:id/unlock', ...usersIn('locked') },
  { key: 'usersWithoutTotp', need: 'POST /api/v1/users/:id/unlock', ...usersIn('no_totp') },
  { key: 'departments', need: 'POST /api/v1/departments', to: '/admin/departments', figure: true, read: ({ signal }) => total(listDepartments(signal)) },
  { key: 'officials', need: 'POST /api/v1/officials', to: '/admin/officials', figure: true, read: ({ signal }) => total(listOfficials({ ...ONE }, signal)) },
  // auditor (the chain's last verification has a card of its own: AuditChainCard)
  { key: 'auditToday', need: 'GET /api/v1/audit', to: '/audit', read: ({ signal, now }) => total(listAudit({ ...ONE, from: startOfDay(now) }, signal)) },
  // official
  { key: 'myDisputes', need: 'POST /api/v1/disputes', to: '/me/cases', read: ({ signal }) => total(listDisputes({ ...ONE, state: 'open' }, signal)) },
  { key: 'myRepairs', need: 'POST /api/v1/repairs', to: '/me/cases', read: ({ signal }) => total(listRepairs({ ...ONE, state: 'pending' }, signal)) },
]

/** The pages of each role's main flow, by route name: a shortcut shows when the user may open it. */
export const SHORTCUTS: readonly string[] = [
  'lookups-queue',
  'lookup-request',
  'opinions',
  'warnings',
  'eligibility-check',
  'records-submit',
  'records-import',
  'dispute-queue',
  'appeals',
  'admin-grant-requests',
  'admin-users',
  'admin-scoring-policy',
  'admin-departments',
  'admin-officials',
  'audit',
  'me-cases',
  'me-reports',
]
