import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { FileCategory } from '@/api/records'
import { categoryTone, TONE_COLORS } from '@/components/record/tone'
import { createAppI18n } from '@/i18n'
import FileTimeline from '@/views/file/FileTimeline.vue'
import { catalogue, record } from './fixtures'

const labels: Record<string, string> = { judicial: '司法', traffic: '交通违法', commendation: '表彰奖励', jud_criminal: '刑事判决', jud_dishonest_debtor: '失信被执行人', tr_points: '记分违法', com_citation: '嘉奖' }
const tones = new Map(catalogue.categories.map((category) => [category.key, categoryTone(category)]))

const categories: FileCategory[] = [
  {
    key: 'judicial', zh: '司法', en: 'Judicial',
    records: [
      record({
        id: 1, code: 'jud_criminal', decision_date: '2024-03-05', version: 2, summary: '更正后的情况',
        history: [{
          version: 1, code: 'jud_criminal', decision_date: '2024-03-05', ended_on: null, document_no: '（2024）云01刑初88号',
          authority: '云州市中级人民法院', summary: '原来的情况', state: 'active', state_reason: '', changed_by: 'clerk',
          change_reason: 'corrected by the source', changed_at: '2026-01-03T00:00:00Z',
        }],
      }),
      record({ id: 2, code: 'jud_dishonest_debtor', decision_date: '2023-05-06', state: 'revoked', state_reason: '录入错误' }),
    ],
  },
  { key: 'traffic', zh: '交通违法', en: 'Traffic violation', records: [record({ id: 3, category: 'traffic', code: 'tr_points', decision_date: '2024-07-01', document_no: '' })] },
  { key: 'commendation', zh: '表彰奖励', en: 'Commendation', records: [record({ id: 4, category: 'commendation', code: 'com_citation', decision_date: '2022-12-01' })] },
]

function render(selected = categories.map((category) => category.key)) {
  return mount(FileTimeline, {
    props: {
      categories,
      selected,
      categoryLabel: (key: string) => labels[key] ?? key,
      codeLabel: (key: string) => labels[key] ?? key,
      toneOf: (key: string) => tones.get(key) ?? 'neutral',
    },
    global: { plugins: [createAppI18n()] },
  })
}

describe('FileTimeline', () => {
  it('puts every record on one timeline, newest decision first, grouped by year', () => {
    const wrapper = render()
    expect(wrapper.findAll('[data-testid="file-year"] h3').map((h) => h.text())).toEqual(['2024 年', '2023 年', '2022 年'])
    const codes = wrapper.findAll('[data-testid="file-record-code"]').map((code) => code.text())
    expect(codes).toEqual(['记分违法', '刑事判决', '失信被执行人', '嘉奖'])
  })

  it('colours each record by its category: sanctions red, credit entries amber, commendations green', () => {
    const wrapper = render()
    const records = wrapper.findAll('[data-testid="file-record"]')
    expect(records[0]?.classes()).toContain('tone-credit')
    expect(records[1]?.classes()).toContain('tone-severe')
    expect(records[3]?.classes()).toContain('tone-positive')
    expect(records[3]?.attributes('style')).toContain('border-left-color: rgb(46, 125, 50)')
    expect(TONE_COLORS.severe).toBe('#c8102e')
  })

  it('shows only the chosen categories', () => {
    const wrapper = render(['commendation', 'traffic'])
    expect(wrapper.findAll('[data-testid="file-record-code"]').map((code) => code.text())).toEqual(['记分违法', '嘉奖'])
    expect(render([]).text()).toContain('没有所选类别的记录')
  })

  it('strikes a revoked record through and gives the reason', () => {
    const wrapper = render()
    const revoked = wrapper.findAll('[data-testid="file-record"]').filter((item) => item.classes().includes('revoked'))
    expect(revoked).toHaveLength(1)
    expect(revoked[0]?.get('[data-testid="file-record-code"]').text()).toBe('失信被执行人')
    expect(revoked[0]?.get('[data-testid="file-record-revoked"]').text()).toBe('已撤销')
    expect(revoked[0]?.get('[data-testid="file-record-reason"]').text()).toBe('已撤销：录入错误')
    expect(wrapper.findAll('[data-testid="file-record-reason"]')).toHaveLength(1)
  })

  it('opens and closes the earlier versions of a record', async () => {
    const wrapper = render()
    const corrected = wrapper.findAll('[data-testid="file-record"]')[1]!
    expect(corrected.find('[data-testid="file-record-history"]').exists()).toBe(false)
    const toggle = corrected.get('[data-testid="file-record-history-toggle"]')
    expect(toggle.text()).toBe('查看历史版本（1）')
    expect(wrapper.findAll('[data-testid="file-record-history-toggle"]')).toHaveLength(1)

    await toggle.trigger('click')
    const history = corrected.get('[data-testid="file-record-history"]')
    expect(history.text()).toContain('第 1 版')
    expect(history.text()).toContain('原来的情况')
    expect(history.text()).toContain('clerk')
    expect(history.text()).not.toContain('当前版本')

    await toggle.trigger('click')
    expect(corrected.find('[data-testid="file-record-history"]').exists()).toBe(false)
  })
})
