import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import type { Lookup } from '@/api/lookups'
import ApprovalQueueView from '@/views/lookups/ApprovalQueueView.vue'
import { lookup, lookupPolicy } from './fixtures'
import { fakeServer, jsonResponse, mountApp, problemResponse, type FakeHandler } from './helpers'

function serve(queue: Lookup[], approve: FakeHandler = ({ body }) => jsonResponse(200, { ...lookup(), state: 'approved', granted: (body as { modules: string[] }).modules })) {
  const server = fakeServer({
    'GET /api/v1/lookups/config': () => jsonResponse(200, lookupPolicy()),
    'GET /api/v1/lookups': () => jsonResponse(200, { items: queue, total: queue.length }),
    'POST /api/v1/lookups/12/approve': approve,
    'POST /api/v1/lookups/12/reject': () => jsonResponse(200, { ...lookup(), state: 'rejected' }),
  })
  vi.stubGlobal('fetch', server.fetch)
  return server
}

async function mountQueue() {
  const { wrapper } = await mountApp(ApprovalQueueView, { path: '/lookups/queue', roles: ['discipline_approver'], me: { username: 'jw_approver' } })
  await flushPromises()
  return wrapper
}

const dialog = () => document.body.querySelector<HTMLElement>('[data-testid="lookup-decision-dialog"]')
const inDialog = (testId: string) => dialog()?.querySelector<HTMLElement>(`[data-testid="${testId}"]`) ?? null

async function openDecision(wrapper: VueWrapper): Promise<void> {
  await wrapper.get('[data-testid="queue-decide"]').trigger('click')
  await flushPromises()
}

async function setChecked(testId: string, checked: boolean): Promise<void> {
  const input = inDialog(testId)?.querySelector<HTMLInputElement>('input')
  if (!input) throw new Error(`no checkbox ${testId}`)
  if (input.checked !== checked) input.click()
  await flushPromises()
}

async function setDays(value: string): Promise<void> {
  const input = inDialog('decision-days')?.querySelector<HTMLInputElement>('input')
  if (!input) throw new Error('no days input')
  input.value = value
  input.dispatchEvent(new Event('input'))
  input.dispatchEvent(new Event('change'))
  input.dispatchEvent(new FocusEvent('blur'))
  await flushPromises()
}

async function confirm(): Promise<void> {
  inDialog('decision-confirm')?.click()
  await flushPromises()
  await flushPromises()
  await new Promise((resolve) => setTimeout(resolve, 150))
}

describe('approval queue', () => {
  it('lists who asks, for whom (masked), why, on what basis and which modules', async () => {
    serve([lookup()])
    const wrapper = await mountQueue()
    const row = wrapper.get('[data-testid="queue-table"] .el-table__body tr').text()
    for (const text of ['jw_staff', '陈诚信', '320102********1239', '线索处置', '核查群众举报线索', '云纪线〔2026〕8号', '基本信息', '司法信息', '待审批']) {
      expect(row).toContain(text)
    }
    expect(row).toMatch(/审批剩余 (3 天 00:00:00|2 天 23:59:5\d)/) // counting down to the pending deadline
  })

  it('offers only the requested modules and sends the narrowed modules and days', async () => {
    const server = serve([lookup()])
    const wrapper = await mountQueue()
    await openDecision(wrapper)

    const offered = [...(dialog()?.querySelectorAll('[data-testid^="decision-module-"]') ?? [])].map((item) => item.getAttribute('data-testid'))
    expect(offered).toEqual(['decision-module-basic', 'decision-module-judicial'])
    expect(inDialog('decision-module-basic')?.querySelector('input')?.checked).toBe(true)
    expect(inDialog('decision-days')?.querySelector('input')?.value).toBe('10') // the days requested

    await setChecked('decision-module-basic', false)
    await setDays('5')
    await confirm()

    expect(server.calls.find((call) => call.method === 'POST')?.body).toEqual({ modules: ['judicial'], days: 5 })
    expect(server.count('GET /api/v1/lookups')).toBe(2) // reloaded
  })

  it('caps the days at the policy’s longest window', async () => {
    const server = serve([lookup()])
    const wrapper = await mountQueue()
    await openDecision(wrapper)
    await setDays('90')
    await confirm()
    expect((server.calls.find((call) => call.method === 'POST')?.body as { days: number }).days).toBe(30)
  })

  it('needs a note to reject', async () => {
    const server = serve([lookup()])
    const wrapper = await mountQueue()
    await openDecision(wrapper)
    inDialog('decision-reject')?.querySelector('input')?.click()
    await flushPromises()
    expect(dialog()?.querySelector('[data-testid="decision-modules"]')).toBeNull()
    await confirm()
    expect(server.count('POST /api/v1/lookups/12/reject')).toBe(0)
    expect(inDialog('decision-note-item')?.querySelector('.el-form-item__error')?.textContent?.trim()).toBe('请填写驳回理由（不少于 2 个字）')

    const note = inDialog('decision-note') as HTMLTextAreaElement | null // Element Plus puts the test id on the textarea
    if (!note) throw new Error('no note')
    note.value = '事由不充分'
    note.dispatchEvent(new Event('input'))
    await flushPromises()
    await confirm()
    expect(server.calls.find((call) => call.path.endsWith('/reject'))?.body).toEqual({ note: '事由不充分' })
  })

  it.each([
    [403, 'forbidden', '不能审批本人提出的查阅申请。'],
    [409, 'conflict', '该申请已由他人处理、已过期，或您已批准过，无法再审批。列表已刷新。'],
  ])('says why a %i refused the decision and reloads', async (status, code, message) => {
    const server = serve([lookup()], () => problemResponse(status, code))
    const wrapper = await mountQueue()
    await openDecision(wrapper)
    await confirm()
    expect(wrapper.get('[data-testid="queue-refusal"]').text()).toContain(message)
    expect(server.count('GET /api/v1/lookups')).toBe(2)
  })

  it('shows a request awaiting a second approver, and the first approver cannot approve again', async () => {
    const first = { approver: 'jw_approver2', modules: ['basic', 'property'], days: 7, note: '', created_at: '2026-12-01T09:00:00Z' }
    serve([lookup({ modules: ['basic', 'property'], awaiting_second: true, approvals: [first] })])
    const wrapper = await mountQueue()
    expect(wrapper.get('[data-testid="lookup-awaiting-second"]').text()).toBe('待第二名审批人')
    await openDecision(wrapper)
    expect(inDialog('decision-first-approval')?.textContent).toContain('jw_approver2 已批准（基本信息、个人及家庭财产等有关事项，7 天）')

    serve([lookup({ modules: ['basic', 'property'], awaiting_second: true, approvals: [{ ...first, approver: 'jw_approver' }] })])
    const mine = await mountQueue()
    expect(mine.find('[data-testid="queue-decide"]').exists()).toBe(false)
    expect(mine.get('[data-testid="queue-awaiting-other"]').text()).toBe('您已批准，待另一名审批人')
  })
})
