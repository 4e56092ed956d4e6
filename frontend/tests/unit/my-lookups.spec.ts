import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import type { Lookup } from '@/api/lookups'
import MyLookupsView from '@/views/lookups/MyLookupsView.vue'
import { lookup, lookupPolicy } from './fixtures'
import { fakeServer, jsonResponse, mountApp, problemResponse, type FakeHandler, waitFor } from './helpers'

const approved = lookup({
  id: 12, state: 'approved', granted: ['judicial'], seconds_left: 3_600 + 62, access_from: '2026-12-01T08:00:00Z', access_until: '2026-12-01T09:01:02Z',
  decided_by: 'jw_approver', approvals: [{ approver: 'jw_approver', modules: ['judicial'], days: 3, note: '同意', created_at: '2026-12-01T08:00:00Z' }],
})
const pending = lookup({ id: 13 })

function serve(items: Lookup[], revoke: FakeHandler = () => jsonResponse(200, { ...approved, state: 'revoked' })) {
  const server = fakeServer({
    'GET /api/v1/lookups/config': () => jsonResponse(200, lookupPolicy()),
    'GET /api/v1/lookups': () => jsonResponse(200, { items, total: items.length }),
    'POST /api/v1/lookups/12/revoke': revoke,
  })
  vi.stubGlobal('fetch', server.fetch)
  return server
}

async function mountPage() {
  const mounted = await mountApp(MyLookupsView, { path: '/lookups/mine', roles: ['discipline_staff'] })
  await flushPromises()
  return mounted
}

const rows = (wrapper: VueWrapper) => wrapper.findAll('[data-testid="my-lookups-table"] .el-table__body-wrapper tr')
const dialog = () => document.body.querySelector<HTMLElement>('[data-testid="lookup-revoke-dialog"]')

async function giveUp(wrapper: VueWrapper, reason: string): Promise<void> {
  await wrapper.get('[data-testid="lookup-give-up"]').trigger('click')
  await flushPromises()
  const note = dialog()?.querySelector<HTMLTextAreaElement>('[data-testid="lookup-revoke-note"]')
  if (!note) throw new Error('no reason field')
  note.value = reason
  note.dispatchEvent(new Event('input'))
  await flushPromises()
  dialog()?.querySelector<HTMLElement>('[data-testid="lookup-revoke-confirm"]')?.click()
  await flushPromises()
  await flushPromises()
}

describe('my lookups', () => {
  it('shows the state, the modules granted, the time left and the way to the file of an approved lookup', async () => {
    serve([approved, pending])
    const { wrapper, router } = await mountPage()
    const [first, second] = rows(wrapper)
    expect(first?.text()).toContain('已批准')
    expect(first?.text()).toContain('司法信息')
    expect(first?.get('[data-testid="time-left"]').text()).toMatch(/^剩余 01:01:0[12]$/)
    expect(second?.text()).toContain('待审批')
    expect(second?.find('[data-testid="lookup-open-file"]').exists()).toBe(false)

    await first?.get('[data-testid="lookup-open-file"]').trigger('click')
    await waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/officials/9/file?lookup_id=12'))
  })

  it('gives up access with a reason, and reloads', async () => {
    const server = serve([approved])
    const { wrapper } = await mountPage()
    await giveUp(wrapper, '核查已完成')
    expect(server.calls.find((call) => call.method === 'POST')).toMatchObject({ path: '/api/v1/lookups/12/revoke', body: { reason: '核查已完成' } })
    expect(server.count('GET /api/v1/lookups')).toBe(2)
  })

  it('says so when the lookup is no longer open', async () => {
    const server = serve([approved], () => problemResponse(409, 'conflict'))
    const { wrapper } = await mountPage()
    await giveUp(wrapper, '核查已完成')
    expect(dialog()?.querySelector('[data-testid="lookup-revoke-error"]')?.textContent).toContain('该查阅已不在授权期内')
    expect(server.count('GET /api/v1/lookups')).toBe(2)
  })
})
