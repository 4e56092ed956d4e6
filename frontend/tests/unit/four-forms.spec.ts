import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it, vi } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import type { Role } from '@/auth/roles'
import { createAppI18n } from '@/i18n'
import { createAppRouter } from '@/router'
import type { FourForms } from '@/api/statistics'
import { periodRange, stepRange, thisYear } from '@/views/statistics/period'
import FourFormsView from '@/views/statistics/FourFormsView.vue'
import { trendOption, unitsOption } from '@/views/statistics/formsOptions'
import { fakeServer, jsonResponse, signIn, waitFor } from './helpers'

const department = (id: number, parent: number | null, name: string, path: string) => ({
  id, parent_id: parent, code: `d${id}`, name, name_en: `${name} (en)`, kind: 'district' as const, path, depth: path.split('/').length - 3, sort_order: id,
})

const figures: FourForms = {
  unit: department(1, null, '淮安市', '/1/'),
  from: '2026-01-01',
  to: '2027-01-01',
  group: 'quarter',
  forms: [
    { form: 1, handlings: 60, people: 55, share: 66.7 },
    { form: 2, handlings: 20, people: 19, share: 22.2 },
    { form: 3, handlings: 8, people: 8, share: 8.9 },
    { form: 4, handlings: 2, people: 2, share: 2.2 },
  ],
  handlings: 90,
  people: 80,
  trend: [
    { period: '2026-Q1', handlings: [10, 5, 2, 0] },
    { period: '2026-Q2', handlings: [20, 5, 2, 1] },
    { period: '2026-Q3', handlings: [20, 5, 2, 1] },
    { period: '2026-Q4', handlings: [10, 5, 2, 0] },
  ],
  units: [
    { id: 1, name: '淮安市', name_en: '', own: true, handlings: [5, 1, 0, 0], total: 6 },
    { id: 2, name: '清江浦区', name_en: '', own: false, handlings: [55, 19, 8, 2], total: 84 },
  ],
}

describe('the period of a statistics page', () => {
  it('gives [from, to) for a year, a quarter, a month and any days', () => {
    const base = thisYear(new Date(2026, 10, 20))
    expect(base).toMatchObject({ kind: 'year', year: 2026, quarter: 4, month: 11 })
    expect(periodRange(base)).toEqual({ from: '2026-01-01', to: '2027-01-01' })
    expect(periodRange({ ...base, kind: 'quarter', quarter: 2 })).toEqual({ from: '2026-04-01', to: '2026-07-01' })
    expect(periodRange({ ...base, kind: 'quarter', quarter: 4 })).toEqual({ from: '2026-10-01', to: '2027-01-01' })
    expect(periodRange({ ...base, kind: 'month', month: 12 })).toEqual({ from: '2026-12-01', to: '2027-01-01' })
    expect(periodRange({ ...base, kind: 'custom', days: ['2026-02-10', '2026-02-28'] })).toEqual({ from: '2026-02-10', to: '2026-03-01' })
  })

  it('turns a step of the trend back into its days', () => {
    expect(stepRange('2025-Q3')).toEqual({ from: '2025-07-01', to: '2025-10-01' })
    expect(stepRange('2025-12')).toEqual({ from: '2025-12-01', to: '2026-01-01' })
    expect(stepRange('2024')).toEqual({ from: '2024-01-01', to: '2025-01-01' })
  })
})

/** The page as a signed-in user holding `roles` sees it, charts stubbed (they draw on a canvas). */
async function open(roles: Role[]) {
  const pinia = createPinia()
  setActivePinia(pinia)
  signIn(roles)
  const router = createAppRouter(createMemoryHistory())
  await router.push('/statistics/forms')
  const wrapper = mount(FourFormsView, { global: { plugins: [pinia, createAppI18n(), router], stubs: { DashboardChart: true } }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

describe('the charts of the four forms', () => {
  it('stack one series a form, told apart by colour and pattern, over the steps or the units', () => {
    const names = ['一', '二', '三', '四']
    const trend = trendOption(['2026-Q1', '2026-Q2'], [[1, 2, 3, 4], [5, 6, 7, 8]], names) as Record<string, any>
    expect(trend.xAxis.data).toEqual(['2026-Q1', '2026-Q2'])
    expect(trend.series.map((s: { name: string; stack: string; data: number[] }) => [s.name, s.stack, s.data])).toEqual([
      ['一', 'forms', [1, 5]], ['二', 'forms', [2, 6]], ['三', 'forms', [3, 7]], ['四', 'forms', [4, 8]],
    ])
    expect(new Set(trend.series.map((s: { itemStyle: { decal: unknown } }) => JSON.stringify(s.itemStyle.decal))).size).toBe(4)
    const units = unitsOption(['清江浦区'], [[1, 0, 0, 2]], names) as Record<string, any>
    expect(units.yAxis).toMatchObject({ type: 'category', data: ['清江浦区'], inverse: true })
    expect(units.xAxis).toMatchObject({ type: 'value' })
  })
})

describe('the four forms page', () => {
  function server() {
    return fakeServer({
      'GET /api/v1/statistics/forms': () => jsonResponse(200, figures),
      'GET /api/v1/departments': () => jsonResponse(200, { items: [figures.unit, department(2, 1, '清江浦区', '/1/2/')], total: 2 }),
      'GET /api/v1/statistics/forms/records': () =>
        jsonResponse(200, {
          items: [{ record_id: 7, official_id: 3, official_name: '张三', id_number_masked: '3208************12', department_id: 2, department_name: '清江浦区',
            category: 'gov_sanction', code: 'gov_demotion', form: 3, decision_date: '2026-03-02', document_no: '淮纪〔2026〕3号', authority: '淮安市纪委' }],
          total: 1,
        }),
      'GET /api/v1/catalogue': () => jsonResponse(200, { version: 1, categories: [] }),
    })
  }

  it('shows each form with its handlings, people and share, and the units side by side', async () => {
    const fake = server()
    vi.stubGlobal('fetch', fake.fetch)
    const wrapper = await open(['discipline_staff'])
    await waitFor(() => expect(wrapper.get('[data-testid="stats-summary"]').text()).toContain('90 人次（80 人），第一种形态占 66.7%'))
    expect(wrapper.get('[data-testid="stats-form-1"]').text()).toContain('60')
    expect(wrapper.get('[data-testid="stats-form-3"]').text()).toContain('8.9%')
    const rows = wrapper.findAll('[data-testid="stats-units"] tbody tr').map((row) => row.text())
    expect(rows[0]).toContain('淮安市（本级）')
    expect(rows[1]).toContain('清江浦区')
    expect(rows[1]).toContain('84')
    // Discipline staff see numbers only: nothing to click through to records.
    expect(wrapper.find('[data-testid="stats-form-1"]').element.tagName).toBe('DIV')
    expect(wrapper.find('.link-number').exists()).toBe(false)
    const url = new URL(fake.calls.find((call) => call.path === '/api/v1/statistics/forms')?.url ?? '', 'http://x')
    expect(url.searchParams.get('group')).toBe('quarter')
    expect(url.searchParams.get('from')?.endsWith('-01-01')).toBe(true)
  })

  it('lets a commission leader open the records behind a number', async () => {
    const fake = server()
    vi.stubGlobal('fetch', fake.fetch)
    const wrapper = await open(['discipline_approver'])
    await waitFor(() => expect(wrapper.get('[data-testid="stats-form-3"]').element.tagName).toBe('BUTTON'))
    await wrapper.findAll('.link-number').find((b) => b.text() === '8')?.trigger('click')
    await waitFor(() => expect(document.body.textContent).toContain('淮纪〔2026〕3号'))
    const call = fake.calls.find((c) => c.path === '/api/v1/statistics/forms/records')
    const url = new URL(call?.url ?? '', 'http://x')
    expect(url.searchParams.get('form')).toBe('3')
    expect(url.searchParams.get('within')).toBe('2')
    expect(document.body.textContent).toContain('清江浦区 · 第三种形态')
  })
})
