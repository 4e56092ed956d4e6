import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Role } from '@/auth/roles'
import AuditChainCard from '@/components/home/AuditChainCard.vue'
import HomeView from '@/views/HomeView.vue'
import { fakeServer, jsonResponse, mountApp, problemResponse, type FakeHandler, waitFor } from './helpers'

/** 5 December 2026, 09:15 on the user's clock. */
const AT = new Date(2026, 11, 5, 9, 15).toISOString()
const intact = { at: AT, actor: 'auditor', result: { ok: true, checked: 1234, checkpoints: 3, anchored_to: 1200 } }
const broken = { at: AT, actor: 'auditor2', result: { ok: false, checked: 80, broken_at: 77, reason: 'an edited entry', checkpoints: 1, anchored_to: 60 } }

function serve(routes: Record<string, FakeHandler>) {
  const server = fakeServer(routes)
  vi.stubGlobal('fetch', server.fetch)
  return server
}

const card = async (roles: Role[] = ['auditor']) => (await mountApp(AuditChainCard, { roles })).wrapper
const said = (wrapper: Awaited<ReturnType<typeof card>>, testId: string) => wrapper.get(`[data-testid="${testId}"]`).text()

afterEach(() => vi.unstubAllGlobals())

describe('the audit chain on the auditor’s home page', () => {
  it('shows the last verification, when and by whom, without checking the chain again', async () => {
    const server = serve({ 'GET /api/v1/audit/verify/last': () => jsonResponse(200, { last: intact }) })
    const wrapper = await card()
    await waitFor(() => expect(said(wrapper, 'chain-status')).toBe('完整'))
    expect(said(wrapper, 'chain-at')).toBe('2026/12/05 09:15:00')
    expect(said(wrapper, 'chain-by')).toBe('auditor')
    expect(said(wrapper, 'chain-checked')).toBe('1,234')
    expect(wrapper.text()).toContain('3 个检查点，担保至第 1200 条')
    expect(wrapper.get('[data-testid="chain-log"]').attributes('href')).toBe('/audit')
    expect(server.count('GET /api/v1/audit/verify')).toBe(0)
  })

  it('makes a broken chain stand out, with the entry that breaks it and why', async () => {
    serve({ 'GET /api/v1/audit/verify/last': () => jsonResponse(200, { last: broken }) })
    const wrapper = await card()
    await waitFor(() => expect(said(wrapper, 'chain-status')).toBe('断裂于第 77 条'))
    expect(said(wrapper, 'chain-reason')).toBe('原因：an edited entry')
    expect(said(wrapper, 'chain-by')).toBe('auditor2')
    expect(wrapper.get('[data-testid="chain-card"]').classes()).toContain('broken')
  })

  it('says when the chain was never verified, and verifies it now on request, then shows that check as the last', async () => {
    let last: object | null = null
    const server = serve({
      'GET /api/v1/audit/verify/last': () => jsonResponse(200, { last }),
      'GET /api/v1/audit/verify': () => {
        last = intact
        return jsonResponse(200, intact.result)
      },
    })
    const wrapper = await card()
    await waitFor(() => expect(said(wrapper, 'chain-never')).toContain('审计链尚未校验过'))
    expect(said(wrapper, 'chain-verify')).toBe('立即校验')
    await wrapper.get('[data-testid="chain-verify"]').trigger('click')
    await waitFor(() => expect(said(wrapper, 'chain-status')).toBe('完整'))
    expect(said(wrapper, 'chain-by')).toBe('auditor')
    expect(server.calls.map((call) => call.path)).toEqual(['/api/v1/audit/verify/last', '/api/v1/audit/verify', '/api/v1/audit/verify/last'])
  })

  it('says why a verification could not run, keeping the last one shown', async () => {
    serve({
      'GET /api/v1/audit/verify/last': () => jsonResponse(200, { last: intact }),
      'GET /api/v1/audit/verify': () => problemResponse(500, 'internal', { detail: '校验失败：无法读取检查点' }),
    })
    const wrapper = await card()
    await waitFor(() => expect(said(wrapper, 'chain-status')).toBe('完整'))
    await wrapper.get('[data-testid="chain-verify"]').trigger('click')
    await waitFor(() => expect(said(wrapper, 'chain-error')).toBe('校验失败：无法读取检查点'))
    expect(said(wrapper, 'chain-status')).toBe('完整')
  })

  it('is on the home page of the auditor only', async () => {
    serve({ 'GET /api/v1/audit/verify/last': () => jsonResponse(200, { last: intact }), 'GET /api/v1/audit': () => jsonResponse(200, { items: [], total: 0 }) })
    const { wrapper: auditor } = await mountApp(HomeView, { roles: ['auditor'] })
    await waitFor(() => expect(auditor.find('[data-testid="chain-status"]').exists()).toBe(true))
    auditor.unmount()

    const server = serve({})
    const { wrapper: admin } = await mountApp(HomeView, { roles: ['admin'] })
    expect(admin.find('[data-testid="chain-card"]').exists()).toBe(false)
    expect(server.count('GET /api/v1/audit/verify/last')).toBe(0)
  })
})
