import { flushPromises, mount } from '@vue/test-utils'
import { ElDatePicker } from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it, vi } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import type { Role } from '@/auth/roles'
import ScoreCard from '@/components/score/ScoreCard.vue'
import { historyOption } from '@/components/score/historyOption'
import { createAppI18n } from '@/i18n'
import { createAppRouter } from '@/router'
import OfficialFileView from '@/views/file/OfficialFileView.vue'
import { catalogue, record, scoreDetail } from './fixtures'
import { fakeServer, jsonResponse, signIn } from './helpers'

const labels: Record<string, string> = {
  judicial: '司法', traffic: '交通违法', commendation: '表彰奖励',
  jud_criminal: '刑事判决', jud_dishonest_debtor: '失信被执行人', tr_points: '记分违法', com_citation: '嘉奖',
}
const records = [
  record({ id: 1, code: 'jud_criminal', document_no: '（2024）云01刑初88号', decision_date: '2024-03-05' }),
  record({ id: 3, category: 'traffic', code: 'tr_points', document_no: '', decision_date: '2026-07-01', under_dispute: true }),
]

/** As the file view mounts it: with the file's score unless `initial` is null. */
function render(props: { initial?: ReturnType<typeof scoreDetail> | null; canPickDay?: boolean } = {}) {
  const server = fakeServer({ 'GET /api/v1/officials/9/score': () => jsonResponse(200, scoreDetail()) })
  vi.stubGlobal('fetch', server.fetch)
  setActivePinia(createPinia())
  signIn(['admin'])
  const wrapper = mount(ScoreCard, {
    props: {
      officialId: 9, initial: scoreDetail(), records,
      codeLabel: (key: string) => labels[key] ?? key, categoryLabel: (key: string) => labels[key] ?? key, ...props,
    },
    global: { plugins: [createAppI18n()], stubs: { ScoreHistoryChart: true } },
    attachTo: document.body,
  })
  return { wrapper, server }
}

const rowsOf = (wrapper: ReturnType<typeof render>['wrapper'], testid: string) =>
  wrapper
    .findAll(`[data-testid="${testid}"] .el-table__body tr`)
    .map((row) => row.findAll('td').map((cell) => cell.text().trim()).join(' | '))

describe('ScoreCard', () => {
  it('shows the score, its grade in the grade colour, the policy version and why the grade is forced', async () => {
    const { wrapper, server } = render()
    await flushPromises()
    expect(server.calls).toHaveLength(0) // the file brought it
    expect(wrapper.get('[data-testid="score-value"]').text()).toBe('87')
    const grade = wrapper.get('[data-testid="score-grade"]')
    expect(grade.text()).toBe('较差')
    expect(grade.classes()).toContain('el-tag--danger')
    expect(wrapper.get('[data-testid="score-value"]').attributes('style')).toContain('color: rgb(200, 16, 46)')
    expect(wrapper.get('[data-testid="score-policy-version"]').text()).toBe('第 1 版积分政策')
    expect(wrapper.get('[data-testid="score-day"]').text()).toBe('2026-12-01')
    expect(wrapper.get('[data-testid="score-forced"]').text()).toContain('等级被强制为“较差”：刑事判决在影响期内（按分数本应为“良好”）')
    expect(wrapper.findComponent({ name: 'ScoreHistoryChart' }).props('history')).toHaveLength(4)
  })

  it('explains every item: record, rule, points, counted from and until; the adjustments; the dispute flag', async () => {
    const { wrapper } = render()
    await flushPromises()
    expect(wrapper.get('[data-testid="score-formula"]').text()).toBe('基础分 100，计入 3 条记录、1 项调整，得分 87')
    const rows = rowsOf(wrapper, 'score-items')
    expect(rows).toHaveLength(4)
    expect(rows[0]).toContain('刑事判决')
    expect(rows[0]).toContain('（2024）云01刑初88号 · 决定日期 2024-03-05')
    expect(rows[0]).toContain('强制为较差')
    expect(rows[0]).toMatch(/ \| 司法 \| -22 \| -22 \| 2024-03-05 \| 2029-03-05$/)
    expect(rows[1]).toContain('记分违法')
    expect(rows[1]).toContain('记录 #3 · 决定日期 2026-07-01') // no document number
    expect(rows[1]).toContain('异议中')
    expect(rows[2]).toMatch(/^嘉奖.* \| 表彰奖励 \| \+12 \| \+12 \| 2026-01-02 \| 2027-01-02$/)
    expect(rows[3]).toBe('类别上限调整：表彰奖励 | 表彰奖励 | — | -2 | — | —')
    expect(wrapper.findAll('[data-testid="score-item-disputed"]')).toHaveLength(1)
  })

  it('lists the records that no longer count, with the reason', async () => {
    const { wrapper } = render()
    await flushPromises()
    expect(wrapper.text()).toContain('不再计入的记录（3）')
    const rows = rowsOf(wrapper, 'score-not-counting')
    expect(rows).toHaveLength(3)
    expect(rows[0]).toBe('记分违法记录 #5 | 交通违法 | -1 | 2022-05-18 | 2023-05-18 | 已过影响期')
    expect(rows[1]).toMatch(/^失信被执行人.* \| -20 \| 2023-05-06 \| 直至移除 \| 已撤销$/)
    expect(rows[2]).toMatch(/ \| 2025-01-10 \| 2025-03-01 \| 已信用修复$/)
  })

  it('asks the server for the day picked as of', async () => {
    const { wrapper, server } = render()
    await flushPromises()
    expect(server.calls).toHaveLength(0)
    // What Element Plus's picker emits when a day is picked.
    const picker = wrapper.findComponent(ElDatePicker).findComponent({ name: 'Picker' })
    picker.vm.$emit('update:modelValue', '2025-01-01')
    picker.vm.$emit('change', '2025-01-01')
    await flushPromises()
    expect(wrapper.findComponent(ElDatePicker).props('modelValue')).toBe('2025-01-01')
    expect(server.count('GET /api/v1/officials/9/score')).toBe(1)
    expect(server.calls[0]?.url).toBe('/api/v1/officials/9/score?as_of=2025-01-01')
  })

  it('reads today’s score itself when the file brought none', async () => {
    const { wrapper, server } = render({ initial: null })
    await flushPromises()
    expect(server.calls.map((call) => call.url)).toEqual(['/api/v1/officials/9/score'])
    expect(wrapper.get('[data-testid="score-value"]').text()).toBe('87')
  })

  it('offers no other day to a reader who may not ask for one', async () => {
    const { wrapper } = render({ canPickDay: false })
    await flushPromises()
    expect(wrapper.find('[data-testid="score-as-of"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="score-value"]').text()).toBe('87')
  })
})

describe('the file page', () => {
  async function openFile(roles: Role[], withScore: boolean) {
    const file = {
      official: { id: 9, name: '陈诚信', id_number_masked: '320102********1239', department_name: '云州市住房和城乡建设局', post: '科员', job_rank: '' },
      categories: [{ key: 'judicial', zh: '司法', en: 'Judicial', records: [records[0]] }],
      record_count: 1,
      ...(withScore ? { score: scoreDetail() } : {}),
    }
    const server = fakeServer({
      'GET /api/v1/officials/9/file': () => jsonResponse(200, file),
      'GET /api/v1/catalogue': () => jsonResponse(200, catalogue),
    })
    vi.stubGlobal('fetch', server.fetch)
    const pinia = createPinia()
    setActivePinia(pinia)
    signIn(roles)
    const router = createAppRouter(createMemoryHistory())
    await router.push('/officials/9/file')
    const wrapper = mount(OfficialFileView, {
      global: { plugins: [pinia, createAppI18n(), router], stubs: { ScoreHistoryChart: true, FileChart: true } },
      attachTo: document.body,
    })
    await flushPromises()
    return { wrapper, server }
  }

  it('shows the score the file carries, without asking for it again', async () => {
    const { wrapper, server } = await openFile(['admin'], true)
    expect(wrapper.get('[data-testid="score-card"] [data-testid="score-value"]').text()).toBe('87')
    expect(wrapper.find('[data-testid="score-as-of"]').exists()).toBe(true)
    expect(server.count('GET /api/v1/officials/9/score')).toBe(0)
  })

  it('shows no score card for a source’s partial view, which carries no score', async () => {
    const { wrapper, server } = await openFile(['data_clerk'], false)
    expect(wrapper.get('[data-testid="file-record-count"]').text()).toBe('1')
    expect(wrapper.find('[data-testid="score-card"]').exists()).toBe(false)
    expect(server.count('GET /api/v1/officials/9/score')).toBe(0)
  })
})

describe('historyOption', () => {
  const text = { seriesName: '积分', gradeLabel: (key: string) => key, tooltip: () => '', locale: 'zh-CN' }

  it('draws a step line that holds each score until the next change, carried on to the day asked about', () => {
    const option = historyOption(scoreDetail().history, '2026-12-01', text)
    const series = (Array.isArray(option.series) ? option.series[0] : option.series) as { type: string; step: string; data: { value: [string, number]; itemStyle: { color: string } }[] }
    expect(series.type).toBe('line')
    expect(series.step).toBe('end')
    expect(series.data.map((point) => point.value)).toEqual([
      ['2020-12-01', 100], ['2024-03-05', 78], ['2026-01-02', 88], ['2026-07-01', 87], ['2026-12-01', 87],
    ])
    expect(series.data[0]?.itemStyle.color).toBe('#2e7d32') // excellent
    expect(series.data[1]?.itemStyle.color).toBe('#c8102e') // poor
  })
})
