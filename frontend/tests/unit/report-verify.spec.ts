import { flushPromises } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import MeReportsView from '@/views/me/MeReportsView.vue'
import VerifyView from '@/views/verify/VerifyView.vue'
import { catalogue } from './fixtures'
import { fakeServer, jsonResponse, mountApp, waitFor } from './helpers'
import { report } from './meFixtures'

const CODE = 'UMWRPYQ5OBIZLGZEF6F40331'

describe('the official’s report page', () => {
  it('issues a report and shows it for print: the official, score, grade, policy, records, the code and its QR code', async () => {
    const { content: _content, ...listed } = report()
    const server = fakeServer({
      'GET /api/v1/catalogue': () => jsonResponse(200, catalogue),
      'GET /api/v1/me/reports': () => jsonResponse(200, { items: [listed], total: 1 }),
      'POST /api/v1/me/reports': () => jsonResponse(201, report()),
    })
    vi.stubGlobal('fetch', server.fetch)
    const { wrapper, router } = await mountApp(MeReportsView, { path: '/me/reports', roles: ['official'] })
    expect(wrapper.findAll('[data-testid="report-list"] .el-table__body tr')[0]?.text()).toContain(CODE)
    expect(wrapper.find('[data-testid="report-sheet"]').exists()).toBe(false)

    await wrapper.get('[data-testid="report-issue"]').trigger('click')
    await flushPromises()
    const sheet = wrapper.get('[data-testid="report-sheet"]')
    expect(sheet.text()).toContain('诚信档案报告')
    expect(sheet.get('[data-testid="report-official"]').text()).toContain('陈诚信')
    expect(sheet.get('[data-testid="report-official"]').text()).toContain('320102********1239')
    expect(sheet.get('[data-testid="report-score"]').text()).toBe('87')
    expect(sheet.get('[data-testid="report-grade"]').text()).toBe('较差')
    expect(sheet.get('[data-testid="report-policy"]').text()).toBe('第 1 版积分政策')
    expect(sheet.get('[data-testid="report-records"]').text()).toContain('刑事判决')
    expect(sheet.get('[data-testid="report-code"]').text()).toBe(CODE)
    expect(sheet.text()).toContain(`${window.location.origin}/verify/${CODE}`)
    // The QR code, drawn as an image of the verification address.
    await waitFor(() => expect(sheet.find('img[data-testid="report-qr"]').exists()).toBe(true))
    const src = sheet.get('img[data-testid="report-qr"]').attributes('src') ?? ''
    expect(src.startsWith('data:image/svg+xml')).toBe(true)
    expect(decodeURIComponent(src)).toContain('<svg')
    expect(router.currentRoute.value.query.id).toBe('3')

    const print = vi.spyOn(window, 'print').mockImplementation(() => undefined)
    await wrapper.get('[data-testid="report-print"]').trigger('click')
    expect(print).toHaveBeenCalledOnce()
  })

  it('opens a report issued before from the list', async () => {
    const { content: _content, ...listed } = report()
    const server = fakeServer({
      'GET /api/v1/catalogue': () => jsonResponse(200, catalogue),
      'GET /api/v1/me/reports': () => jsonResponse(200, { items: [listed], total: 1 }),
      'GET /api/v1/me/reports/3': () => jsonResponse(200, report()),
    })
    vi.stubGlobal('fetch', server.fetch)
    const { wrapper } = await mountApp(MeReportsView, { path: '/me/reports', roles: ['official'] })
    await wrapper.get('[data-testid="report-open"]').trigger('click')
    await flushPromises()
    expect(server.count('GET /api/v1/me/reports/3')).toBe(1)
    expect(wrapper.get('[data-testid="report-code"]').text()).toBe(CODE)
  })
})

describe('the public verification page', () => {
  function serve(genuine: boolean) {
    const server = fakeServer({
      [`GET /api/v1/reports/verify/${CODE}`]: () =>
        jsonResponse(200, genuine ? { genuine: true, issued_at: '2026-12-01T08:32:43Z', name_masked: '陈*' } : { genuine: false }),
      'GET /api/v1/reports/verify/AAAAAAAAAAAAAAAAAAAAAAAA': () => jsonResponse(200, { genuine: false }),
    })
    vi.stubGlobal('fetch', server.fetch)
    return server
  }

  it('says a genuine report is genuine, with its issue time and the masked name, without signing in', async () => {
    const server = serve(true)
    const { wrapper } = await mountApp(VerifyView, { path: `/verify/${CODE}`, signedOut: true })
    const genuine = wrapper.get('[data-testid="verify-genuine"]')
    expect(genuine.text()).toContain('报告真实有效')
    expect(genuine.get('[data-testid="verify-name"]').text()).toBe('当事人：陈*')
    expect(genuine.get('[data-testid="verify-issued-at"]').text()).toMatch(/^出具时间：2026/)
    expect(wrapper.find('[data-testid="verify-not-genuine"]').exists()).toBe(false)
    expect(server.calls[0]?.headers.get('Authorization')).toBeNull()
  })

  it('says a made-up code is not genuine, and checks a code typed in', async () => {
    serve(false)
    const { wrapper, router } = await mountApp(VerifyView, { path: `/verify/${CODE}`, signedOut: true })
    expect(wrapper.get('[data-testid="verify-not-genuine"]').text()).toContain('未能验证')
    expect(wrapper.find('[data-testid="verify-genuine"]').exists()).toBe(false)

    await wrapper.get('[data-testid="verify-code"]').setValue(' aaaaaaaaaaaaaaaaaaaaaaaa ')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/verify/AAAAAAAAAAAAAAAAAAAAAAAA')
  })
})
