import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { h } from 'vue'
import type { FileCategory } from '@/api/records'
import { createAppI18n } from '@/i18n'
import MyFileRecords from '@/views/me/MyFileRecords.vue'
import { record } from './fixtures'

const LABELS: Record<string, string> = { judicial: '司法', traffic: '交通违法', commendation: '表彰奖励' }
const CODES: Record<string, string> = { jud_criminal: '刑事判决', tr_points: '记分违法', com_citation: '嘉奖' }

/** A file of 14 records: 2 judicial, 10 traffic (one a year from 2020 to 2024, five in 2025), 2 commendations. */
function bigFile(): FileCategory[] {
  const traffic = Array.from({ length: 10 }, (_, i) => {
    const year = Math.min(2020 + i, 2025)
    return record({ id: 100 + i, category: 'traffic', code: 'tr_points', decision_date: `${year}-0${(i % 9) + 1}-10`, document_no: `云公交决字〔${year}〕${i + 1}号` })
  })
  return [
    { key: 'judicial', zh: '司法', en: 'Judicial', records: [record({ id: 1 }), record({ id: 2, decision_date: '2022-05-06', document_no: '（2022）云01执12号' })] },
    { key: 'traffic', zh: '交通违法', en: 'Traffic violation', records: traffic },
    { key: 'commendation', zh: '表彰奖励', en: 'Commendation', records: [record({ id: 50, category: 'commendation', code: 'com_citation', decision_date: '2025-01-02', document_no: '云人奖〔2025〕3号' }), record({ id: 51, category: 'commendation', code: 'com_citation', decision_date: '2023-01-02', document_no: '' })] },
  ]
}

function mountRecords(categories: FileCategory[]) {
  return mount(MyFileRecords, {
    props: { categories, categoryLabel: (key: string) => LABELS[key] ?? key, codeLabel: (key: string) => CODES[key] ?? key, toneOf: () => 'severe' as const },
    slots: { actions: ({ record: shown }: { record: { id: number } }) => h('button', { 'data-testid': 'record-action' }, `act ${shown.id}`) },
    global: { plugins: [createAppI18n()] },
    attachTo: document.body,
  })
}

const sections = (wrapper: VueWrapper) =>
  wrapper.findAll('[data-testid="me-file-section"]').map((section) => ({
    title: section.get('[data-testid="me-file-section-title"]').text(),
    open: section.classes().includes('is-active'),
    codes: section.findAll('[data-testid="file-record"]').map((card) => card.get('[data-testid="file-record-document"]').text()),
  }))

async function pick(testId: string, label: string): Promise<void> {
  const select = document.body.querySelector<HTMLElement>(`[data-testid="${testId}"]`)
  select?.click()
  await flushPromises()
  const option = [...document.body.querySelectorAll<HTMLElement>('.el-select-dropdown__item')].find((item) => item.textContent?.trim() === label)
  if (!option) throw new Error(`no option ${label}`)
  option.click()
  await flushPromises()
}

describe('the official’s own file, grouped by category', () => {
  it('opens a small file whole: one section a category with its count, the newest record first, each with its actions', async () => {
    const wrapper = mountRecords(bigFile().slice(0, 1))
    await flushPromises()
    expect(sections(wrapper)).toEqual([{ title: '司法（2）', open: true, codes: ['（2024）云01刑初88号', '（2022）云01执12号'] }])
    expect(wrapper.findAll('[data-testid="record-action"]').map((button) => button.text())).toEqual(['act 1', 'act 2'])
    expect(wrapper.get('[data-testid="me-file-shown"]').text()).toBe('显示 2 / 共 2 条')
  })

  it('folds a large file into its categories, and opens and folds them all on demand', async () => {
    const wrapper = mountRecords(bigFile())
    await flushPromises()
    expect(sections(wrapper).map(({ title, open }) => [title, open])).toEqual([
      ['司法（2）', false],
      ['交通违法（10）', false],
      ['表彰奖励（2）', false],
    ])
    await wrapper.get('[data-testid="me-file-open-all"]').trigger('click')
    expect(sections(wrapper).every((section) => section.open)).toBe(true)
    await wrapper.get('[data-testid="me-file-close-all"]').trigger('click')
    expect(sections(wrapper).some((section) => section.open)).toBe(false)
  })

  it('narrows to a category and to a year of decision, opening what it finds, with the counts shown of each', async () => {
    const wrapper = mountRecords(bigFile())
    await flushPromises()
    await pick('me-file-year', '2025 年')
    expect(sections(wrapper)).toEqual([
      { title: '交通违法（5 / 10）', open: true, codes: ['云公交决字〔2025〕9号', '云公交决字〔2025〕8号', '云公交决字〔2025〕7号', '云公交决字〔2025〕6号', '云公交决字〔2025〕10号'] },
      { title: '表彰奖励（1 / 2）', open: true, codes: ['云人奖〔2025〕3号'] },
    ])
    expect(wrapper.get('[data-testid="me-file-shown"]').text()).toBe('显示 6 / 共 14 条')

    await pick('me-file-category', '表彰奖励')
    expect(sections(wrapper).map((section) => section.title)).toEqual(['表彰奖励（1 / 2）'])

    await wrapper.get('[data-testid="me-file-reset"]').trigger('click')
    expect(sections(wrapper).map((section) => section.title)).toEqual(['司法（2）', '交通违法（10）', '表彰奖励（2）'])
  })

  it('finds records by a part of the document number, spaces and case aside, and says when nothing matches', async () => {
    const wrapper = mountRecords(bigFile())
    await flushPromises()
    await wrapper.get('[data-testid="me-file-search"]').setValue('云01 执')
    expect(sections(wrapper)).toEqual([{ title: '司法（1 / 2）', open: true, codes: ['（2022）云01执12号'] }])

    await wrapper.get('[data-testid="me-file-search"]').setValue('〔2021〕')
    expect(sections(wrapper)).toEqual([{ title: '交通违法（1 / 10）', open: true, codes: ['云公交决字〔2021〕2号'] }])

    await wrapper.get('[data-testid="me-file-search"]').setValue('no such number')
    expect(wrapper.find('[data-testid="me-file-section"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="me-file-empty"]').text()).toContain('没有符合条件的记录')
  })
})
