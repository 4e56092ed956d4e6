import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import ImportView from '@/views/records/ImportView.vue'
import UsersView from '@/views/admin/UsersView.vue'
import OpinionsView from '@/views/opinions/OpinionsView.vue'
import { fakeServer, jsonResponse, mountApp, waitFor } from './helpers'

/** The pages a home page's to-do tiles link to, showing just what the tile counted. */

const param = (url: string, name: string) => new URL(url, 'http://x').searchParams.get(name)
const page = (items: unknown[]) => jsonResponse(200, { items, total: items.length })

const user = (id: number, username: string, overrides: object = {}) => ({
  id, username, display_name: username, department_id: null, department_name: '', official_id: null, source_id: null, enabled: true,
  must_change_password: false, totp_enabled: true, locked_until: null, last_login_at: null, awaiting_activation: false, grants: [], version: 1,
  created_at: '2026-01-01T00:00:00Z', ...overrides,
})

const imported = (id: number, status: string) => ({
  id, source_id: 4, filename: `batch-${id}.csv`, format: 'csv', dry_run: false, status, total: 10, accepted: 0, rejected: 10, created: 0, updated: 0,
  unchanged: 0, progress: 1, message: '', created_by: 'clerk', created_at: '2026-12-01T08:00:00Z', finished_at: '2026-12-01T08:01:00Z', error_count: 0,
})

const opinion = (id: number, documentNo: string, repliedAt: string) => ({
  id, purpose: 'promotion', document_no: documentNo, recipient: '清江区委组织部', requester: 'hr_staff', due_on: '2026-12-10', overdue: false,
  state: 'replied', candidates: 1, as_of: '2026-12-01', drafted_by: 'jw_staff', signers: ['jw_approver'], reply_no: `清纪廉〔2026〕${id}号`,
  replied_at: repliedAt, created_at: '2026-11-01T08:00:00Z',
})

/** The text the select `testId` shows (its chosen option). */
const chosen = (wrapper: VueWrapper, testId: string) => wrapper.get(`[data-testid="${testId}"]`).element.closest('.el-select')?.textContent?.trim() ?? ''

afterEach(() => vi.unstubAllGlobals())

describe('the pages the to-dos link to', () => {
  it('the users page shows the accounts in the state of ?state=, and all of them after a reset', async () => {
    const server = fakeServer({
      'GET /api/v1/users': ({ url }) => (param(url, 'state') === 'locked' ? page([user(7, 'locked_one', { locked_until: '2099-01-01T00:00:00Z' })]) : page([user(1, 'a'), user(7, 'locked_one')])),
      'GET /api/v1/departments': () => page([]),
    })
    vi.stubGlobal('fetch', server.fetch)
    const { wrapper } = await mountApp(UsersView, { path: '/admin/users?state=locked', roles: ['admin'] })
    await waitFor(() => expect(wrapper.get('[data-testid="users-table"]').text()).toContain('locked_one'))
    expect(chosen(wrapper, 'users-state')).toBe('已锁定')
    expect(server.calls.filter((call) => call.path === '/api/v1/users').map((call) => param(call.url, 'state'))).toEqual(['locked'])

    const reset = wrapper.findAll('button').find((button) => button.text() === '重置')!
    await reset.trigger('click')
    await flushPromises()
    await waitFor(() => expect(server.calls.filter((call) => call.path === '/api/v1/users').map((call) => param(call.url, 'state'))).toEqual(['locked', null]))
    expect(chosen(wrapper, 'users-state')).toBe('全部')
  })

  it('the users page offers the three states by name', async () => {
    vi.stubGlobal('fetch', fakeServer({ 'GET /api/v1/users': () => page([]), 'GET /api/v1/departments': () => page([]) }).fetch)
    const { wrapper } = await mountApp(UsersView, { path: '/admin/users', roles: ['security_admin'] })
    await wrapper.get('[data-testid="users-state"]').trigger('click')
    await flushPromises()
    const options = [...document.body.querySelectorAll('.el-select-dropdown__item')].map((item) => item.textContent?.trim())
    expect(options).toEqual(expect.arrayContaining(['已锁定', '未启用双因素认证', '待激活']))
  })

  it('the opinions page shows the replies since ?replied_since= as a filter the user can remove, and every reply after', async () => {
    const since = new Date(2026, 10, 29).toISOString()
    const recent = opinion(3, '清组函〔2026〕30号', '2026-12-02T08:00:00Z')
    const older = opinion(2, '清组函〔2026〕20号', '2026-11-10T08:00:00Z')
    const server = fakeServer({
      'GET /api/v1/opinions': ({ url }) => (param(url, 'replied_since') === since ? page([recent]) : page([recent, older])),
      'GET /api/v1/opinions/config': () => jsonResponse(200, { purposes: [], max_candidates: 500, due_working_days: 5, signatures: 2 }),
    })
    vi.stubGlobal('fetch', server.fetch)
    const { wrapper, router } = await mountApp(OpinionsView, { path: `/opinions?state=replied&replied_since=${encodeURIComponent(since)}`, roles: ['personnel_staff'] })
    const table = () => wrapper.get('[data-testid="opinions-table"]').text()
    const asked = () => server.calls.filter((call) => call.path === '/api/v1/opinions').map((call) => [param(call.url, 'state'), param(call.url, 'replied_since')])
    await waitFor(() => expect(table()).toContain('清组函〔2026〕30号'))
    expect(table()).not.toContain('清组函〔2026〕20号')
    expect(asked()).toEqual([['replied', since]])
    expect(chosen(wrapper, 'opinion-state-filter')).toBe('已回复')
    // Why the list is narrowed: the filter shows, in the user's words.
    const chip = wrapper.get('[data-testid="opinion-replied-since"]')
    expect(chip.element.closest('.el-form-item')?.textContent).toContain('回复时间')
    expect(chip.text()).toBe('2026/11/29 00:00:00 以来')

    await chip.get('button').trigger('click')
    await waitFor(() => expect(table()).toContain('清组函〔2026〕20号'))
    expect(wrapper.find('[data-testid="opinion-replied-since"]').exists()).toBe(false)
    expect(asked()).toEqual([['replied', since], ['replied', null]])
    await waitFor(() => expect(router.currentRoute.value.query).toEqual({ state: 'replied' }))
  })

  it('the opinions page ignores a ?replied_since= that names no time', async () => {
    const server = fakeServer({
      'GET /api/v1/opinions': () => page([]),
      'GET /api/v1/opinions/config': () => jsonResponse(200, { purposes: [], max_candidates: 500, due_working_days: 5, signatures: 2 }),
    })
    vi.stubGlobal('fetch', server.fetch)
    const { wrapper } = await mountApp(OpinionsView, { path: '/opinions?replied_since=lately', roles: ['personnel_staff'] })
    await waitFor(() => expect(server.count('GET /api/v1/opinions')).toBe(1))
    expect(param(server.calls.find((call) => call.path === '/api/v1/opinions')!.url, 'replied_since')).toBeNull()
    expect(wrapper.find('[data-testid="opinion-replied-since"]').exists()).toBe(false)
  })

  it('the clerk’s import page lists the failed imports for ?status=failed', async () => {
    const server = fakeServer({
      'GET /api/v1/imports': ({ url }) => (param(url, 'status') === 'failed' ? page([imported(3, 'failed')]) : page([imported(4, 'done'), imported(3, 'failed')])),
    })
    vi.stubGlobal('fetch', server.fetch)
    const { wrapper } = await mountApp(ImportView, { path: '/records/import?status=failed', roles: ['data_clerk'] })
    await waitFor(() => expect(wrapper.get('[data-testid="import-history-table"]').text()).toContain('batch-3.csv'))
    expect(wrapper.get('[data-testid="import-history-table"]').text()).not.toContain('batch-4.csv')
    expect(chosen(wrapper, 'import-history-status')).toBe('失败')
    expect(server.calls.map((call) => param(call.url, 'status'))).toEqual(['failed'])
  })
})
