import { describe, expect, it, vi } from 'vitest'
import type { OpinionCandidate, OpinionDetail, OpinionRequest } from '@/api/opinions'
import OpinionDetailView from '@/views/opinions/OpinionDetailView.vue'
import OpinionsView from '@/views/opinions/OpinionsView.vue'
import { fakeServer, jsonResponse, mountApp, waitFor } from './helpers'

const request = (overrides: Partial<OpinionRequest> = {}): OpinionRequest => ({
  id: 5, purpose: 'promotion', document_no: '清组函〔2026〕18号', recipient: '清江区委组织部', requester: 'hr_staff', due_on: '2026-12-10',
  overdue: false, state: 'drafted', candidates: 2, as_of: '2026-12-05', drafted_by: 'jw_staff', signers: [], reply_no: '', replied_at: null,
  created_at: '2026-12-05T08:00:00Z', ...overrides,
})
const candidate = (row: number, overrides: Partial<OpinionCandidate> = {}): OpinionCandidate => ({
  row, official_id: 10 + row, input: `${10 + row}`, name: row === 1 ? '王刚志' : '于俊', department_name: '清江区委组织部', verdict: 'eligible',
  reasons: [], matters: [], proposed: '无不良反映', conclusion: '无不良反映', conclusion_reason: '', edited_by: '', edited_at: null, ...overrides,
})
const config = { purposes: [{ key: 'promotion', zh: '提拔任用', en: 'Promotion', confidential: true }], max_candidates: 500, due_working_days: 5, signatures: 2 }

function serve(detail: OpinionDetail) {
  return fakeServer({
    'GET /api/v1/opinions/config': () => jsonResponse(200, config),
    'GET /api/v1/opinions/5': () => jsonResponse(200, detail),
    'POST /api/v1/opinions/5/sign': () => jsonResponse(200, { ...detail.request, state: 'signing', signers: ['jw_approver'] }),
    'GET /api/v1/opinions': () => jsonResponse(200, { items: [detail.request], total: 1 }),
    'POST /api/v1/opinions': ({ body }) => jsonResponse(201, { request: request({ state: 'sent', ...(body as object) }), candidates: [] }),
  })
}

describe('a request for integrity opinions', () => {
  it('shows the commission staff the drafts, with a change for each and no signature', async () => {
    const detail = { request: request(), candidates: [candidate(1, { verdict: 'ineligible', proposed: '有以下情况：1. 2026-06-10 受到记过。', conclusion: '不宜提拔。',
      conclusion_reason: '统一表述', edited_by: 'jw_staff' }), candidate(2)] }
    vi.stubGlobal('fetch', serve(detail).fetch)
    const { wrapper } = await mountApp(OpinionDetailView, { path: '/opinions/5', roles: ['discipline_staff'] })
    await waitFor(() => expect(wrapper.findAll('[data-testid="opinion-conclusion"]')).toHaveLength(2))
    const table = wrapper.get('[data-testid="opinion-candidates-table"]').text()
    expect(table).toContain('受到记过')
    expect(table).toContain('已由 jw_staff 修改：统一表述')
    expect(table).toContain('不符合')
    expect(wrapper.find('[data-testid="opinion-draft"]').text()).toBe('重新拟稿')
    expect(wrapper.findAll('[data-testid="opinion-edit"]')).toHaveLength(2)
    expect(wrapper.find('[data-testid="opinion-sign"]').exists()).toBe(false)
  })

  it('lets a leader sign after confirming, and changes nothing else', async () => {
    const fake = serve({ request: request(), candidates: [candidate(1)] })
    vi.stubGlobal('fetch', fake.fetch)
    const { wrapper } = await mountApp(OpinionDetailView, { path: '/opinions/5', roles: ['discipline_approver'] })
    await waitFor(() => expect(wrapper.find('[data-testid="opinion-sign"]').exists()).toBe(true))
    expect(wrapper.find('[data-testid="opinion-edit"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="opinion-draft"]').exists()).toBe(false)
    await wrapper.get('[data-testid="opinion-sign"]').trigger('click')
    await waitFor(() => expect(document.querySelector('.el-message-box')).not.toBeNull())
    ;document.body.querySelector<HTMLButtonElement>('.el-message-box .el-button--primary')!.click()
    await waitFor(() => expect(fake.count('POST /api/v1/opinions/5/sign')).toBe(1))
  })

  it('shows the requester only whom they named until the reply, and sends a new request from pasted lines', async () => {
    const fake = serve({ request: request({ state: 'sent', as_of: null, drafted_by: '' }), candidates: [candidate(1, { proposed: '', conclusion: '', verdict: '' })] })
    vi.stubGlobal('fetch', fake.fetch)
    const detail = await mountApp(OpinionDetailView, { path: '/opinions/5', roles: ['personnel_staff'] })
    await waitFor(() => expect(detail.wrapper.text()).toContain('纪委监委正在办理'))
    expect(detail.wrapper.find('[data-testid="opinion-conclusion"]').exists()).toBe(false)
    detail.wrapper.unmount()

    const list = await mountApp(OpinionsView, { path: '/opinions', roles: ['personnel_staff'] })
    await waitFor(() => expect(list.wrapper.text()).toContain('清组函〔2026〕18号'))
    await list.wrapper.get('[data-testid="opinion-new"]').trigger('click')
    // Element Plus puts the test id on the textarea and the input themselves.
    await waitFor(() => expect(document.querySelector('textarea[data-testid="opinion-candidates"]')).not.toBeNull())
    const textarea = document.querySelector('textarea[data-testid="opinion-candidates"]') as HTMLTextAreaElement
    textarea.value = '11\n王刚志 110101199003071233\n'
    textarea.dispatchEvent(new Event('input'))
    const doc = document.querySelector('input[data-testid="opinion-document-no"]') as HTMLInputElement
    doc.value = '清组函〔2026〕19号'
    doc.dispatchEvent(new Event('input'))
    await waitFor(() => expect(document.querySelector('[data-testid="opinion-count"]')?.textContent).toBe('已识别 2 人'))
    ;(document.querySelector('[data-testid="opinion-send"]') as HTMLButtonElement).click()
    await waitFor(() => expect(fake.count('POST /api/v1/opinions')).toBe(1))
    const sent = fake.calls.find((c) => c.method === 'POST' && c.path === '/api/v1/opinions')?.body
    expect(sent).toEqual({ purpose: 'promotion', document_no: '清组函〔2026〕19号', official_ids: [11], candidates: [{ id_number: '110101199003071233' }] })
  })

  it('shows the state the address names first (a home page’s to-do links so)', async () => {
    const fake = serve({ request: request(), candidates: [] })
    vi.stubGlobal('fetch', fake.fetch)
    await mountApp(OpinionsView, { path: '/opinions?state=drafted', roles: ['discipline_approver'] })
    await waitFor(() => expect(fake.count('GET /api/v1/opinions')).toBe(1))
    expect(fake.calls.find((call) => call.path === '/api/v1/opinions')?.url).toContain('state=drafted')
  })
})
