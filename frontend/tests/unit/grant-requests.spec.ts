import { flushPromises } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import type { GrantRequest } from '@/api/users'
import GrantRequestsView from '@/views/admin/GrantRequestsView.vue'
import { fakeServer, jsonResponse, mountApp, waitFor } from './helpers'

function request(overrides: Partial<GrantRequest> = {}): GrantRequest {
  return {
    id: 7,
    user_id: 20,
    username: 'newjw',
    display_name: '李纪检',
    grants: [{ role: 'discipline_staff', scope: 'dept_and_below', department_id: null }],
    needs: ['discipline_staff'],
    state: 'pending',
    requested_by: 3,
    requested_by_name: 'admin',
    requested_at: '2026-12-01T09:00:00Z',
    decided_by: null,
    decided_by_name: '',
    decided_at: null,
    reason: '',
    ...overrides,
  }
}

function serve(items: GrantRequest[]) {
  const server = fakeServer({
    'GET /api/v1/grant-requests': () => jsonResponse(200, { items, total: items.length }),
    'POST /api/v1/grant-requests/7/approve': () => jsonResponse(200, request({ state: 'approved' })),
    'POST /api/v1/grant-requests/8/approve': () => jsonResponse(200, request({ id: 8, state: 'approved' })),
    'POST /api/v1/grant-requests/7/reject': ({ body }) => jsonResponse(200, request({ state: 'rejected', reason: (body as { reason: string }).reason })),
  })
  vi.stubGlobal('fetch', server.fetch)
  return server
}

async function mountPage() {
  // The signed-in security administrator is user 3.
  const { wrapper } = await mountApp(GrantRequestsView, { path: '/admin/grant-requests', roles: ['security_admin'], me: { id: 3, username: 'security' } })
  await flushPromises()
  return wrapper
}

const buttons = (wrapper: Awaited<ReturnType<typeof mountPage>>, id: string) => wrapper.findAll(`[data-testid="${id}"]`)
const messageBox = () => document.body.querySelector<HTMLElement>('.el-message-box')

describe('grant approvals', () => {
  it('lists the pending requests with what they grant and who proposed them, and asks only for pending ones', async () => {
    const server = serve([request(), request({ id: 8, requested_by: 4, requested_by_name: 'security2', needs: ['auditor'], grants: [{ role: 'auditor', scope: 'all', department_id: null }] })])
    const wrapper = await mountPage()
    expect(server.calls[0]?.url).toContain('state=pending')
    const text = wrapper.get('[data-testid="grant-requests-table"]').text()
    expect(text).toContain('李纪检 (newjw)')
    expect(text).toContain('纪检监察工作人员 · ')
    expect(text).toContain('审计管理员')
    expect(text).toContain('security2')
    // The first was proposed by the signed-in administrator (user 3): another must approve it.
    const approve = buttons(wrapper, 'grant-approve')
    expect(approve).toHaveLength(2)
    expect(approve[0]?.attributes('disabled')).toBeDefined()
    expect(approve[1]?.attributes('disabled')).toBeUndefined()
    // The proposer may still withdraw (reject) their own request.
    expect(buttons(wrapper, 'grant-reject')[0]?.attributes('disabled')).toBeUndefined()
  })

  it('approves after a confirmation that names what the account will hold', async () => {
    const server = serve([request({ id: 8, requested_by: 4 })])
    const wrapper = await mountPage()
    await buttons(wrapper, 'grant-approve')[0]?.trigger('click')
    await waitFor(() => expect(messageBox()?.textContent).toContain('newjw 将获得：纪检监察工作人员'))
    messageBox()?.querySelector<HTMLButtonElement>('.el-button--primary')?.click()
    await waitFor(() => expect(server.count('POST /api/v1/grant-requests/8/approve')).toBe(1))
    await waitFor(() => expect(server.count('GET /api/v1/grant-requests')).toBe(2))
  })

  it('rejects only with a reason, and sends it', async () => {
    const server = serve([request()])
    const wrapper = await mountPage()
    await buttons(wrapper, 'grant-reject')[0]?.trigger('click')
    await waitFor(() => expect(messageBox()?.querySelector('input')).not.toBeNull())
    const field = messageBox()?.querySelector<HTMLInputElement>('input')
    messageBox()?.querySelector<HTMLButtonElement>('.el-button--primary')?.click()
    await waitFor(() => expect(messageBox()?.textContent).toContain('请填写驳回理由'))
    expect(server.count('POST /api/v1/grant-requests/7/reject')).toBe(0)
    if (!field) throw new Error('no reason field')
    field.value = '纪检岗位另有安排'
    field.dispatchEvent(new Event('input'))
    await flushPromises()
    messageBox()?.querySelector<HTMLButtonElement>('.el-button--primary')?.click()
    await waitFor(() => expect(server.count('POST /api/v1/grant-requests/7/reject')).toBe(1))
    expect(server.calls.find((c) => c.path === '/api/v1/grant-requests/7/reject')?.body).toEqual({ reason: '纪检岗位另有安排' })
  })
})
