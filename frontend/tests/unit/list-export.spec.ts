import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import RecordsView from '@/views/records/RecordsView.vue'
import { catalogue } from './fixtures'
import { fakeServer, jsonResponse, mountApp, waitFor } from './helpers'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

function serve(exportAnswer: () => Response) {
  const server = fakeServer({
    'GET /api/v1/catalogue': () => jsonResponse(200, catalogue),
    'GET /api/v1/records': () => jsonResponse(200, { items: [], total: 0 }),
    'GET /api/v1/records/export': exportAnswer,
  })
  vi.stubGlobal('fetch', server.fetch)
  return server
}

describe('exporting a list', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('asks the list’s export (not a page of it), saves the workbook and says how many rows it holds', async () => {
    const server = serve(
      () =>
        new Response(new Uint8Array([80, 75, 3, 4]), {
          status: 200,
          headers: { 'Content-Type': XLSX, 'Content-Disposition': 'attachment; filename="records-20261205.xlsx"', 'X-Export-Rows': '42' },
        }),
    )
    const created = vi.fn(() => 'blob:saved')
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: created, revokeObjectURL: vi.fn() }))
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined)
    const { wrapper } = await mountApp(RecordsView, { path: '/records', roles: ['data_clerk'] })
    await flushPromises()
    await wrapper.get('[data-testid="list-export"]').trigger('click')
    await waitFor(() => expect(server.count('GET /api/v1/records/export')).toBe(1))
    await waitFor(() => expect(clicked).toHaveBeenCalledOnce())
    expect(created).toHaveBeenCalledOnce()
    await waitFor(() => expect(document.body.textContent).toContain('已导出 42 行'))
    // The page and its size are the list's, not the export's.
    const url = server.calls.find((c) => c.path === '/api/v1/records/export')?.url ?? ''
    expect(url).not.toContain('page')
  })

  it('says why an export is refused', async () => {
    serve(() =>
      jsonResponse(
        400,
        { type: 'urn:integrity:problem:invalid', title: 'Invalid request', status: 400, detail: 'too many rows to export', code: 'invalid',
          errors: [{ field: 'export', message: 'the filters select 120000 rows; at most 100000 are exported at once: narrow them' }] },
        'application/problem+json',
      ),
    )
    const { wrapper } = await mountApp(RecordsView, { path: '/records', roles: ['data_clerk'] })
    await flushPromises()
    await wrapper.get('[data-testid="list-export"]').trigger('click')
    await waitFor(() => expect(document.body.querySelector('.el-message--error')).not.toBeNull())
    expect(wrapper.get('[data-testid="list-export"]').text()).toBe('导出 Excel')
  })

  it('sorts a list on the server by the column clicked, either way, and exports in that order', async () => {
    const server = serve(() => new Response(new Uint8Array([80, 75, 3, 4]), { status: 200, headers: { 'Content-Type': XLSX, 'X-Export-Rows': '0' } }))
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:saved'), revokeObjectURL: vi.fn() }))
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined)
    const { wrapper } = await mountApp(RecordsView, { path: '/records', roles: ['data_clerk'] })
    await flushPromises()
    const header = () => wrapper.findAll('[data-testid="records-table"] th').find((th) => th.text().includes('决定日期'))!
    await header().get('.caret-wrapper .descending').trigger('click')
    await waitFor(() => expect(server.calls.some((c) => c.path === '/api/v1/records' && c.url.includes('sort=-decision_date'))).toBe(true))
    await header().get('.caret-wrapper .ascending').trigger('click')
    await waitFor(() => expect(server.calls.some((c) => c.path === '/api/v1/records' && /sort=decision_date(&|$)/.test(c.url))).toBe(true))
    await wrapper.get('[data-testid="list-export"]').trigger('click')
    await waitFor(() => expect(server.count('GET /api/v1/records/export')).toBe(1))
    expect(server.calls.find((c) => c.path === '/api/v1/records/export')?.url).toMatch(/sort=decision_date(&|$)/)
  })
})
