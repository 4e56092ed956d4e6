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

  it('marks a disputed record and prints until when the report is valid and the start of its digest', async () => {
    const { content: _content, ...listed } = report()
    vi.stubGlobal('fetch', fakeServer({
      'GET /api/v1/catalogue': () => jsonResponse(200, catalogue),
      'GET /api/v1/me/reports': () => jsonResponse(200, { items: [listed], total: 1 }),
      'GET /api/v1/me/reports/3': () => jsonResponse(200, report()),
    }).fetch)
    const { wrapper } = await mountApp(MeReportsView, { path: '/me/reports?id=3', roles: ['official'] })
    await waitFor(() => expect(wrapper.find('[data-testid="report-sheet"]').exists()).toBe(true))
    const rows = wrapper.findAll('[data-testid="report-records"] .el-table__body tr')
    expect(rows[0]?.find('[data-testid="report-disputed"]').exists()).toBe(false)
    expect(rows[1]?.get('[data-testid="report-disputed"]').text()).toBe('异议中')
    expect(wrapper.get('[data-testid="report-valid-until"]').text()).toBe('有效期至：2099-03-01')
    expect(wrapper.get('[data-testid="report-digest"]').text()).toBe('内容摘要：EAFA 688B 6DF9 A998')
    expect(wrapper.get('[data-testid="report-state"]').text()).toBe('有效')
  })

  it('revokes a report the official issued only with a reason, and lists it as revoked', async () => {
    const { content: _content, ...listed } = report()
    let revoked = false
    const server = fakeServer({
      'GET /api/v1/catalogue': () => jsonResponse(200, catalogue),
      'GET /api/v1/me/reports': () =>
        jsonResponse(200, { items: [{ ...listed, revoked_at: revoked ? '2026-12-05T08:00:00Z' : null, revoke_reason: revoked ? '信息有误' : '' }], total: 1 }),
      'POST /api/v1/me/issued-reports/3/revoke': ({ body }) => {
        revoked = true
        return jsonResponse(200, { ...listed, revoked_at: '2026-12-05T08:00:00Z', revoke_reason: (body as { reason: string }).reason })
      },
    })
    vi.stubGlobal('fetch', server.fetch)
    const { wrapper } = await mountApp(MeReportsView, { path: '/me/reports', roles: ['official'] })
    await wrapper.get('[data-testid="report-revoke"]').trigger('click')
    const box = () => document.body.querySelector<HTMLElement>('.el-message-box')
    await waitFor(() => expect(box()?.querySelector('input')).not.toBeNull())
    box()?.querySelector<HTMLButtonElement>('.el-button--primary')?.click()
    await flushPromises()
    expect(server.count('POST /api/v1/me/issued-reports/3/revoke')).toBe(0)
    const field = box()!.querySelector<HTMLInputElement>('input')!
    field.value = '信息有误'
    field.dispatchEvent(new Event('input'))
    await flushPromises()
    box()?.querySelector<HTMLButtonElement>('.el-button--primary')?.click()
    await waitFor(() => expect(server.count('POST /api/v1/me/issued-reports/3/revoke')).toBe(1))
    expect(server.calls.find((c) => c.path === '/api/v1/me/issued-reports/3/revoke')?.body).toEqual({ reason: '信息有误' })
    await waitFor(() => expect(wrapper.get('[data-testid="report-state"]').text()).toBe('已撤销'))
    expect(wrapper.find('[data-testid="report-revoke"]').exists()).toBe(false)
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

  it('shows until when a report is valid, the grade it states and its digest, and says when it expired or was revoked', async () => {
    const facts = { genuine: true, kind: 'report', issued_at: '2026-12-01T08:32:43Z', name_masked: '陈*', valid_until: '2027-03-01', grade: 'good',
      grade_zh: '良好', grade_en: 'Good', as_of: '2026-12-01', digest: 'eafa688b6df9a9986786116cfa5258fbfbdbbf7624e5dd7ce60aa50411871e58' }
    let answer: Record<string, unknown> = facts
    vi.stubGlobal('fetch', fakeServer({ [`GET /api/v1/reports/verify/${CODE}`]: () => jsonResponse(200, answer) }).fetch)
    const { wrapper, router } = await mountApp(VerifyView, { path: `/verify/${CODE}`, signedOut: true })
    expect(wrapper.get('[data-testid="verify-valid-until"]').text()).toBe('有效期至：2027-03-01')
    expect(wrapper.get('[data-testid="verify-grade"]').text()).toBe('等次：良好（数据截至 2026-12-01）')
    expect(wrapper.get('[data-testid="verify-digest"]').text()).toContain('EAFA 688B 6DF9 A998')
    expect(wrapper.text()).not.toContain('87')
    expect(wrapper.find('[data-testid="verify-expired"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="verify-revoked"]').exists()).toBe(false)

    answer = { ...facts, expired: true }
    await wrapper.get('form').trigger('submit')
    await waitFor(() => expect(wrapper.find('[data-testid="verify-expired"]').exists()).toBe(true))
    expect(wrapper.get('[data-testid="verify-expired"]').text()).toContain('报告已超过有效期')

    answer = { ...facts, revoked: true, revoked_at: '2026-12-03T02:00:00Z' }
    await wrapper.get('form').trigger('submit')
    await waitFor(() => expect(wrapper.find('[data-testid="verify-revoked"]').exists()).toBe(true))
    expect(wrapper.get('[data-testid="verify-revoked"]').text()).toContain('报告已被出具人撤销')
    expect(router.currentRoute.value.path).toBe(`/verify/${CODE}`)
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
