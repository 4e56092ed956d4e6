import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it, vi } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import type { Job } from '@/api/jobs'
import type { PolicyImpact } from '@/api/policies'
import { createAppI18n } from '@/i18n'
import { createAppRouter } from '@/router'
import ScoringPolicyView from '@/views/admin/ScoringPolicyView.vue'
import PolicyImpactView from '@/views/admin/policies/PolicyImpactView.vue'
import { catalogue, policyVersion } from './fixtures'
import { fakeServer, jsonResponse, signIn, waitFor } from './helpers'

const labels: Record<string, string> = { tr_points: '记分违法', com_citation: '嘉奖', jud_criminal: '刑事判决' }
const grades: Record<string, string> = { excellent: '优秀', good: '良好', fair: '一般', poor: '较差' }

const impact: PolicyImpact = {
  from_version: 1,
  to_version: 2,
  officials: 50,
  grades: ['excellent', 'good', 'fair', 'poor'],
  matrix: { excellent: { excellent: 36, good: 1 }, good: { good: 1 }, fair: { fair: 3, excellent: 1 }, poor: { poor: 8 } },
  distribution: [
    { label: '< -20', lo: -1e9, hi: -20, count: 0 },
    { label: '-20 – -10', lo: -20, hi: -10, count: 0 },
    { label: '-10 – -5', lo: -10, hi: -5, count: 1 },
    { label: '-5 – 0', lo: -5, hi: -0.005, count: 6 },
    { label: '0', lo: -0.005, hi: 0.005, count: 39 },
    { label: '0 – 5', lo: 0.005, hi: 5, count: 3 },
    { label: '5 – 10', lo: 5, hi: 10, count: 0 },
    { label: '10 – 20', lo: 10, hi: 20, count: 1 },
    { label: '> 20', lo: 20, hi: 1e9, count: 0 },
  ],
  movers: [
    { official_id: 33, name: '李明', from_score: 80, to_score: 95, from_grade: 'fair', to_grade: 'excellent', reasons: ['com_citation +2.00 → +8.00', 'com_citation now counts +8.00'] },
    { official_id: 4, name: '刘林', from_score: 98, to_score: 90, from_grade: 'excellent', to_grade: 'good', reasons: ['tr_points -1.00 → -5.00', 'tr_points -1.00 → -5.00'] },
    { official_id: 9, name: '郭涛', from_score: 99, to_score: 95, from_grade: 'excellent', to_grade: 'excellent', reasons: ['jud_criminal no longer counts (was -4.00)', 'cap -2.00'] },
  ],
}

async function renderImpact() {
  setActivePinia(createPinia())
  signIn(['admin'])
  const wrapper = mount(PolicyImpactView, {
    props: { impact, gradeLabel: (key: string) => grades[key] ?? key, codeLabel: (key: string) => labels[key] ?? key },
    global: { plugins: [createAppI18n(), createAppRouter(createMemoryHistory())], stubs: { ImpactHistogram: true } },
    attachTo: document.body,
  })
  await flushPromises() // the tables lay out their rows after mounting
  return wrapper
}

const cells = (row: { findAll: (selector: string) => { text: () => string }[] }) => row.findAll('td').map((cell) => cell.text().trim())

describe('PolicyImpactView', () => {
  it('shows the grade matrix: from each grade (rows) to each grade (columns), with totals', async () => {
    const wrapper = await renderImpact()
    expect(wrapper.get('[data-testid="impact-summary"]').text()).toBe('按现行第 1 版与第 2 版分别计算 50 人：2 人等级变化，11 人分数变化。')
    const matrix = wrapper.get('[data-testid="impact-matrix"]')
    expect(matrix.findAll('.el-table__header th').map((th) => th.text().trim())).toEqual(['现行等级 \\ 新等级', '优秀', '良好', '一般', '较差', '合计'])
    const rows = matrix.findAll('.el-table__body tr').map(cells)
    expect(rows).toEqual([
      ['优秀', '36', '1', '0', '0', '37'],
      ['良好', '0', '1', '0', '0', '1'],
      ['一般', '1', '0', '3', '0', '4'],
      ['较差', '0', '0', '0', '8', '8'],
    ])
    expect(matrix.findAll('.el-table__footer td').map((td) => td.text().trim())).toEqual(['合计', '37', '2', '3', '8', '50'])
    const body = matrix.findAll('.el-table__body tr')
    expect(body[0]?.findAll('td')[2]?.classes()).toContain('worse') // 优秀 → 良好
    expect(body[2]?.findAll('td')[1]?.classes()).toContain('better') // 一般 → 优秀
    expect(body[3]?.findAll('td')[4]?.classes()).toContain('same')
    expect(wrapper.findComponent({ name: 'ImpactHistogram' }).props('buckets')).toHaveLength(9)
  })

  it('lists the movers, largest first, with their reasons in words', async () => {
    const wrapper = await renderImpact()
    const rows = wrapper.findAll('[data-testid="impact-movers"] .el-table__body tr')
    expect(rows).toHaveLength(3)
    expect(cells(rows[0]!).slice(0, 4)).toEqual(['李明', '80 → 95', '+15', '一般 → 优秀'])
    expect(cells(rows[1]!).slice(0, 4)).toEqual(['刘林', '98 → 90', '-8', '优秀 → 良好'])
    expect(cells(rows[2]!)[3]).toBe('优秀') // the grade holds
    expect(rows[0]!.findAll('li').map((li) => li.text())).toEqual(['嘉奖 由 +2 变为 +8', '嘉奖 新计入 +8'])
    expect(rows[2]!.findAll('li').map((li) => li.text())).toEqual(['刑事判决 不再计入（原 -4）', '类别上限调整 -2'])
    expect(rows[1]!.get('a').attributes('href')).toBe('/officials/4/file')
  })
})

describe('ScoringPolicyView', () => {
  function jobAt(overrides: Partial<Job<PolicyImpact>>): Job<PolicyImpact> {
    return { id: 8, kind: 'preview', status: 'running', param: 'scoring:2', total: 50, done: 20, progress: 0.4, message: '', created_by: 'admin', created_at: '2026-12-01T07:00:00Z', finished_at: null, ...overrides }
  }

  it('previews the draft: the preview job is polled until done, then its matrix and movers show', async () => {
    let polls = 0
    const server = fakeServer({
      'GET /api/v1/catalogue': () => jsonResponse(200, catalogue),
      'GET /api/v1/policies/scoring': () =>
        jsonResponse(200, { items: [policyVersion(), policyVersion({ version: 1, status: 'published', published_by: 'system', published_at: '2026-12-01T06:00:00Z' })], total: 2 }),
      'POST /api/v1/policies/scoring/2/preview': () => jsonResponse(202, jobAt({ status: 'queued', done: 0, progress: 0, total: 0 })),
      'GET /api/v1/jobs/8': () => jsonResponse(200, polls++ === 0 ? jobAt({}) : jobAt({ status: 'done', done: 50, progress: 1, result: impact })),
    })
    vi.stubGlobal('fetch', server.fetch)
    const pinia = createPinia()
    setActivePinia(pinia)
    signIn(['admin'])
    const wrapper = mount(ScoringPolicyView, {
      global: { plugins: [pinia, createAppI18n(), createAppRouter(createMemoryHistory())], stubs: { ImpactHistogram: true } },
      attachTo: document.body,
    })
    await flushPromises()
    // The draft is open for editing; the published version is listed.
    expect(wrapper.get('[data-testid="policy-status"]').text()).toBe('草稿')
    expect(wrapper.findAll('[data-testid="policy-versions"] .el-table__body tr')).toHaveLength(2)
    expect(wrapper.get('[data-testid="policy-new-draft"]').attributes('disabled')).toBeDefined()

    await wrapper.get('[data-testid="policy-preview"]').trigger('click')
    await flushPromises()
    expect(server.count('POST /api/v1/policies/scoring/2/preview')).toBe(1)
    await waitFor(() => expect(wrapper.find('[data-testid="policy-impact"]').exists()).toBe(true))
    expect(wrapper.get('[data-testid="policy-preview-panel"] [data-testid="job-status"]').text()).toBe('已完成')
    expect(wrapper.get('[data-testid="impact-matrix"]').text()).toContain('现行等级 \\ 新等级')
    expect(wrapper.findAll('[data-testid="impact-movers"] .el-table__body tr')).toHaveLength(3)
  })
})
