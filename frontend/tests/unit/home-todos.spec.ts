import type { VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Role } from '@/auth/roles'
import TodoCard from '@/components/home/TodoCard.vue'
import { useInboxStore } from '@/stores/inbox'
import { fakeServer, jsonResponse, mountApp, problemResponse, type FakeHandler, waitFor } from './helpers'

/** The test machine's clock: Saturday 5 December 2026, 14:30 local time. */
const NOW = new Date(2026, 11, 5, 14, 30)

const page = (items: unknown[], total = items.length) => jsonResponse(200, { items, total })
const param = (url: string, name: string) => new URL(url, 'http://x').searchParams.get(name)

/** A list answering `totals[value]` for ?<name>= (state by default); no such parameter, `all`. */
const by = (totals: Record<string, number>, name = 'state', all = 99): FakeHandler => ({ url }) => {
  const value = param(url, name)
  return page([], value === null ? all : (totals[value] ?? 0))
}
const byState = (totals: Record<string, number>) => by(totals)

/** What the calls to `path` asked for: the parameters `names` of each. */
const asked = (server: { calls: { path: string; url: string }[] }, path: string, names: string[]) =>
  server.calls.filter((call) => call.path === path).map((call) => names.map((name) => param(call.url, name)))

async function openTodos(roles: Role[], routes: Record<string, FakeHandler>) {
  const server = fakeServer(routes)
  vi.stubGlobal('fetch', server.fetch)
  const { wrapper } = await mountApp(TodoCard, { roles })
  return { wrapper, server }
}

/** What a tile says and where it leads (no link: null). */
function tile(wrapper: VueWrapper, key: string) {
  const found = wrapper.get(`[data-testid="todo-${key}"]`)
  return { count: found.get(`[data-testid="todo-${key}-count"]`).text(), href: found.attributes('href') ?? null, text: found.text() }
}

const tiles = (wrapper: VueWrapper) => wrapper.findAll('[data-testid^="todo-"][class*="tile"]').map((item) => item.attributes('data-testid'))
const shortcuts = (wrapper: VueWrapper) => wrapper.findAll('[data-testid^="todo-shortcut-"]').map((button) => button.text())

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(NOW)
})

afterEach(() => {
  useInboxStore().stop()
  vi.useRealTimers()
})

describe('the home page’s to-dos, by the roles the user holds', () => {
  it('personnel staff: their requests awaiting the reply, the replies of the last 7 days, candidates to review; the way to ask and to check', async () => {
    const { wrapper, server } = await openTodos(['personnel_staff'], {
      'GET /api/v1/opinions': ({ url }) =>
        param(url, 'replied_since') !== null ? page([], 2) : byState({ sent: 2, drafted: 1, signing: 1 })({ url, body: null, headers: new Headers() }),
      'GET /api/v1/eligibility/checks': () => page([{ id: 9, needs_review: 2 }, { id: 8, needs_review: 0 }, { id: 7, needs_review: 1 }], 31),
    })
    await waitFor(() => expect(tile(wrapper, 'checksNeedReview').count).toBe('3'))
    expect(tiles(wrapper)).toEqual(['todo-opinionsAwaitingReply', 'todo-opinionsReplied', 'todo-checksNeedReview'])
    expect(tile(wrapper, 'opinionsAwaitingReply')).toMatchObject({ count: '4', href: '/opinions' })
    // The tile leads to the replies it counted: since the same instant.
    const since = new Date(2026, 10, 29).toISOString()
    expect(tile(wrapper, 'opinionsReplied')).toMatchObject({ count: '2' })
    const link = new URL(tile(wrapper, 'opinionsReplied').href ?? '', 'http://x')
    expect([link.pathname, link.searchParams.get('state'), link.searchParams.get('replied_since')]).toEqual(['/opinions', 'replied', since])
    expect(tile(wrapper, 'opinionsReplied').text).toContain('近 7 日已回复的廉政意见')
    expect(tile(wrapper, 'checksNeedReview')).toMatchObject({ href: '/eligibility/history' })
    expect(tile(wrapper, 'checksNeedReview').text).toContain('（统计了其中 3 条）') // the latest checks only
    expect(shortcuts(wrapper)).toEqual(['廉政意见', '发起审查'])
    // Counts only: one item a page. The replies since midnight six days back on the user's clock: today and the 6 days before.
    expect(asked(server, '/api/v1/opinions', ['state', 'replied_since', 'page_size'])).toEqual([
      ['sent', null, '1'],
      ['drafted', null, '1'],
      ['signing', null, '1'],
      [null, since, '1'],
    ])
  })

  it('a data clerk: the disputes and repairs of the source to decide, the late ones, and the imports that failed, linking to just those', async () => {
    const { wrapper, server } = await openTodos(['data_clerk'], {
      'GET /api/v1/disputes': () => page([{ id: 1, overdue: true }, { id: 2, overdue: true }, { id: 3, overdue: false }], 3),
      'GET /api/v1/repairs': () => page([{ id: 4, overdue: false }], 1),
      'GET /api/v1/imports': by({ failed: 2 }, 'status'),
    })
    await waitFor(() => expect(tile(wrapper, 'importsFailed').count).toBe('2'))
    expect(tile(wrapper, 'disputesOpen')).toMatchObject({ count: '3', href: '/disputes' })
    expect(wrapper.get('[data-testid="todo-disputesOpen-overdue"]').text()).toBe('其中超期 2 件')
    expect(tile(wrapper, 'repairsPending')).toMatchObject({ count: '1', href: '/disputes?tab=repair' })
    expect(wrapper.find('[data-testid="todo-repairsPending-overdue"]').exists()).toBe(false)
    expect(tile(wrapper, 'importsFailed')).toMatchObject({ count: '2', href: '/records/import?status=failed' })
    expect(tile(wrapper, 'importsFailed').text).toContain('失败的批量导入')
    expect(tile(wrapper, 'importsFailed').text).not.toContain('统计了其中') // the server counted them all
    expect(asked(server, '/api/v1/imports', ['status', 'page_size'])).toEqual([['failed', '1']])
    expect(shortcuts(wrapper)).toEqual(['报送记录', '批量导入', '异议与修复办理', '复审复核申诉'])
  })

  it('a security administrator: the grant requests to approve and the accounts awaiting their half of the code', async () => {
    const { wrapper, server } = await openTodos(['security_admin'], {
      'GET /api/v1/grant-requests': () => page([], 4),
      'GET /api/v1/users': byState({ awaiting_activation: 3 }),
    })
    await waitFor(() => expect(tile(wrapper, 'usersAwaitingActivation').count).toBe('3'))
    expect(tiles(wrapper)).toEqual(['todo-grantRequests', 'todo-usersAwaitingActivation'])
    expect(tile(wrapper, 'grantRequests')).toMatchObject({ count: '4', href: '/admin/grant-requests' })
    expect(param(server.calls.find((call) => call.path === '/api/v1/grant-requests')?.url ?? '', 'state')).toBe('pending')
    expect(tile(wrapper, 'usersAwaitingActivation').href).toBe('/admin/users?state=awaiting_activation')
    expect(asked(server, '/api/v1/users', ['state', 'page_size'])).toEqual([['awaiting_activation', '1']])
    expect(shortcuts(wrapper)).toEqual(['授权审批', '用户管理', '积分政策'])
  })

  it('the administrator: locked accounts and those without a second factor, each linking to just those, the registry’s figures, the failed imports without a page to open', async () => {
    const { wrapper, server } = await openTodos(['admin'], {
      'GET /api/v1/users': byState({ locked: 1, no_totp: 2 }),
      'GET /api/v1/departments': () => page([], 12),
      'GET /api/v1/officials': () => page([], 500),
      'GET /api/v1/imports': by({ failed: 2 }, 'status'),
    })
    await waitFor(() => expect(tile(wrapper, 'officials').count).toBe('500'))
    await waitFor(() => expect(tile(wrapper, 'usersWithoutTotp').count).toBe('2'))
    expect(tiles(wrapper)).toEqual(['todo-importsFailed', 'todo-usersLocked', 'todo-usersWithoutTotp', 'todo-departments', 'todo-officials'])
    expect(tile(wrapper, 'usersLocked')).toMatchObject({ count: '1', href: '/admin/users?state=locked' })
    expect(tile(wrapper, 'usersWithoutTotp')).toMatchObject({ count: '2', href: '/admin/users?state=no_totp' })
    expect(tile(wrapper, 'usersWithoutTotp').text).not.toContain('统计了其中') // the server counted them all
    // One count each: a page of one account.
    expect(asked(server, '/api/v1/users', ['state', 'page_size']).sort()).toEqual([['locked', '1'], ['no_totp', '1']])
    expect(tile(wrapper, 'departments')).toMatchObject({ count: '12', href: '/admin/departments' })
    expect(tile(wrapper, 'officials').href).toBe('/admin/officials')
    expect(tile(wrapper, 'importsFailed')).toMatchObject({ count: '2', href: null }) // no page lists imports for an administrator
    expect(shortcuts(wrapper)).toEqual(['用户管理', '部门管理', '公职人员'])
  })

  it('the auditor: today’s entries, from midnight on the user’s clock, and no check of the whole chain on opening (its card shows the last one)', async () => {
    const { wrapper, server } = await openTodos(['auditor'], {
      'GET /api/v1/audit/verify': () => jsonResponse(200, { ok: true, checked: 1234, checkpoints: 3, anchored_to: 1200 }),
      'GET /api/v1/audit': () => page([], 57),
    })
    await waitFor(() => expect(tile(wrapper, 'auditToday').count).toBe('57'))
    expect(tiles(wrapper)).toEqual(['todo-auditToday'])
    expect(tile(wrapper, 'auditToday').href).toBe('/audit')
    expect(param(server.calls.find((call) => call.path === '/api/v1/audit')?.url ?? '', 'from')).toBe(new Date(2026, 11, 5).toISOString())
    expect(server.count('GET /api/v1/audit/verify')).toBe(0)
    expect(shortcuts(wrapper)).toEqual(['审计日志'])
  })

  it('a commission leader: the requests awaiting the decision (from the inbox) and the replies to sign', async () => {
    const { wrapper } = await openTodos(['discipline_approver'], {
      'GET /api/v1/lookups/inbox': () => jsonResponse(200, { server_time: '2026-12-05T06:30:00Z', awaiting_my_decision: 2, decided: [] }),
      'GET /api/v1/opinions': byState({ drafted: 1, signing: 3 }),
    })
    await waitFor(() => expect(tile(wrapper, 'lookupsAwaiting').count).toBe('2'))
    expect(tiles(wrapper)).toEqual(['todo-lookupsAwaiting', 'todo-opinionsDrafted', 'todo-opinionsSigning'])
    expect(tile(wrapper, 'lookupsAwaiting').href).toBe('/lookups/queue')
    await waitFor(() => expect(tile(wrapper, 'opinionsSigning').count).toBe('3'))
    expect(tile(wrapper, 'opinionsDrafted')).toMatchObject({ count: '1', href: '/opinions?state=drafted' })
    expect(tile(wrapper, 'opinionsSigning').href).toBe('/opinions?state=signing')
    expect(shortcuts(wrapper)).toEqual(['审批队列', '廉政意见', '预警提醒'])
  })

  it('commission staff: their open lookups, and the requests for opinions to answer with the late ones', async () => {
    const { wrapper, server } = await openTodos(['discipline_staff'], {
      'GET /api/v1/lookups/inbox': () => jsonResponse(200, { server_time: '2026-12-05T06:30:00Z', awaiting_my_decision: 0, decided: [], opinions: { open: 5, overdue: 2 } }),
      'GET /api/v1/lookups': () => page([], 2),
    })
    await waitFor(() => expect(tile(wrapper, 'opinionsToAnswer').count).toBe('5'))
    expect(tile(wrapper, 'opinionsToAnswer').href).toBe('/opinions')
    expect(wrapper.get('[data-testid="todo-opinionsToAnswer-overdue"]').text()).toBe('其中超期 2 件')
    expect(tile(wrapper, 'lookupsOpen')).toMatchObject({ count: '2', href: '/lookups/mine' })
    const asked = server.calls.find((call) => call.path === '/api/v1/lookups')?.url ?? ''
    expect([param(asked, 'state'), param(asked, 'mine')]).toEqual(['approved', 'true'])
    expect(shortcuts(wrapper)).toEqual(['申请查阅', '廉政意见', '预警提醒'])
  })

  it('an official: their disputes and repair applications awaiting a decision', async () => {
    const { wrapper } = await openTodos(['official'], {
      'GET /api/v1/disputes': byState({ open: 1 }),
      'GET /api/v1/repairs': byState({ pending: 0 }),
    })
    await waitFor(() => expect(tile(wrapper, 'myDisputes').count).toBe('1'))
    expect(tile(wrapper, 'myDisputes').href).toBe('/me/cases')
    expect(tile(wrapper, 'myRepairs')).toMatchObject({ count: '0', href: '/me/cases' })
    expect(shortcuts(wrapper)).toEqual(['我的异议与修复', '诚信报告'])
  })

  it('a user with two roles sees both; a count that fails says so and leaves the others', async () => {
    const { wrapper } = await openTodos(['data_clerk', 'personnel_staff'], {
      'GET /api/v1/disputes': () => problemResponse(500, 'internal', { detail: 'boom' }),
      'GET /api/v1/repairs': () => page([], 0),
      'GET /api/v1/imports': () => page([]),
      'GET /api/v1/opinions': by({ sent: 1 }, 'state', 0),
      'GET /api/v1/eligibility/checks': () => page([]),
    })
    await waitFor(() => expect(wrapper.find('[data-testid="todo-disputesOpen-error"]').exists()).toBe(true))
    expect(tile(wrapper, 'disputesOpen').count).toBe('—')
    expect(tile(wrapper, 'repairsPending').count).toBe('0')
    expect(tile(wrapper, 'opinionsAwaitingReply').count).toBe('1')
    expect(shortcuts(wrapper)).toEqual(['廉政意见', '发起审查', '报送记录', '批量导入', '异议与修复办理', '复审复核申诉'])
  })

  it('reads again on refresh', async () => {
    let waiting = 1
    const { wrapper } = await openTodos(['security_admin'], { 'GET /api/v1/grant-requests': () => page([], waiting), 'GET /api/v1/users': () => page([], 0) })
    await waitFor(() => expect(tile(wrapper, 'grantRequests').count).toBe('1'))
    waiting = 0
    await wrapper.get('[data-testid="todo-refresh"]').trigger('click')
    await waitFor(() => expect(tile(wrapper, 'grantRequests').count).toBe('0'))
  })

  it('shows no block to a user with nothing to do and nowhere to go', async () => {
    const { wrapper } = await openTodos([], {})
    expect(wrapper.find('[data-testid="todo-card"]').exists()).toBe(false)
  })
})
