import { config, flushPromises } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import type { Rerun } from '@/api/eligibility'
import CheckDetailView from '@/views/eligibility/CheckDetailView.vue'
import CheckHistoryView from '@/views/eligibility/CheckHistoryView.vue'
import { catalogue, eligibilityCheck, eligibilityPolicy, eligibilityResults } from './fixtures'
import { fakeServer, jsonResponse, mountApp } from './helpers'

// ECharts needs a canvas and ResizeObserver, which jsdom lacks.
config.global.stubs = { DashboardChart: true }

function serve(rerun: Rerun) {
  const server = fakeServer({
    'GET /api/v1/eligibility/purposes': () => jsonResponse(200, eligibilityPolicy()),
    'GET /api/v1/catalogue': () => jsonResponse(200, catalogue),
    'GET /api/v1/eligibility/checks': () =>
      jsonResponse(200, { items: [eligibilityCheck(), eligibilityCheck({ id: 4, purpose: 'rank_promotion', origin: 'file', filename: '候选人.xlsx' })], total: 2 }),
    'GET /api/v1/eligibility/checks/5': () => jsonResponse(200, { check: eligibilityCheck(), results: eligibilityResults(), total: 4 }),
    'POST /api/v1/eligibility/checks/5/rerun': () => jsonResponse(200, rerun),
  })
  vi.stubGlobal('fetch', server.fetch)
  return server
}

describe('the check history', () => {
  it('lists the checks with their purpose, source and counts, and opens one', async () => {
    serve({ compared: 3, same: true, digest_same: true, differences: [] })
    const { wrapper, router } = await mountApp(CheckHistoryView, { path: '/eligibility/history', roles: ['personnel_staff'] })
    await flushPromises()
    const rows = wrapper.findAll('[data-testid="history-table"] .el-table__body tr')
    expect(rows).toHaveLength(2)
    expect(rows[0]!.text()).toContain('提拔任用')
    expect(rows[0]!.text()).toContain('粘贴名单')
    expect(rows[0]!.text()).toContain('不符合 1')
    expect(rows[1]!.text()).toContain('晋升职级')
    expect(rows[1]!.text()).toContain('候选人.xlsx')
    await wrapper.get('[data-testid="history-open-5"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/eligibility/checks/5')
  })

  it('re-runs a stored check and says the result is the same', async () => {
    const server = serve({ compared: 3, same: true, digest_same: true, differences: [] })
    const { wrapper } = await mountApp(CheckDetailView, { path: '/eligibility/checks/5', roles: ['personnel_staff'] })
    await flushPromises()
    expect(wrapper.findAll('[data-testid="results-table"] .el-table__body tr.result-row')).toHaveLength(4)
    await wrapper.get('[data-testid="check-rerun"]').trigger('click')
    await flushPromises()
    expect(server.count('POST /api/v1/eligibility/checks/5/rerun')).toBe(1)
    expect(wrapper.get('[data-testid="rerun-same"]').text()).toContain('结果一致：3 名人选的结论、原因和日期与原审查相同')
    expect(wrapper.get('[data-testid="rerun-digest"]').text()).toBe('输入摘要一致：所用记录和规则未被改动')
    expect(wrapper.find('[data-testid="rerun-different"]').exists()).toBe(false)
  })

  it('lists the rows that came out differently', async () => {
    serve({ compared: 3, same: false, digest_same: false, differences: [{ row: 3, was: 'needs_review', now: 'ineligible', what: 'verdict,reasons' }] })
    const { wrapper } = await mountApp(CheckDetailView, { path: '/eligibility/checks/5', roles: ['personnel_staff'] })
    await flushPromises()
    await wrapper.get('[data-testid="check-rerun"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="rerun-different"]').text()).toContain('1 行与原审查不同（共核对 3 人）')
    const cells = wrapper.findAll('[data-testid="rerun-differences"] .el-table__body td').map((cell) => cell.text().trim())
    expect(cells).toEqual(['3', '需人工复核', '不符合', '结论、原因'])
    expect(wrapper.get('[data-testid="rerun-digest"]').text()).toContain('输入摘要不一致')
  })
})
