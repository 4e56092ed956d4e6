import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import type { DisciplineDashboard } from '@/api/discipline'
import { createAppI18n } from '@/i18n'
import { createAppRouter } from '@/router'
import { useInboxStore } from '@/stores/inbox'
import DisciplineDashboardView from '@/views/discipline/DisciplineDashboardView.vue'
import { barHeight, barOption, fillMonths } from '@/views/discipline/dashboardOptions'
import { lookup, lookupPolicy, warningPolicy } from './fixtures'
import { fakeServer, jsonResponse, signIn, waitFor } from './helpers'

const figures: DisciplineDashboard = {
  from: '2026-09-03T00:00:00Z',
  to: '2026-12-02T00:00:00Z',
  lookups: { requested: 3, file_views: 5, by_state: [{ key: 'approved', count: 2 }, { key: 'pending', count: 1 }], by_purpose: [{ key: 'clue_disposal', count: 3 }] },
  warnings: {
    raised: 41,
    still_open: 40,
    by_rule: [{ key: 'serious_record', count: 2 }, { key: 'score_below', count: 8 }],
    by_level: [{ key: 'high', count: 10 }],
    by_department: [{ key: '20', count: 4 }],
    by_month: [{ key: '2026-12', count: 41 }],
  },
  warnings_by_district: [{ id: 2, name: '清江区', count: 30 }, { id: 3, name: '云阳区', count: 11 }],
}

describe('the bar charts', () => {
  it('show every unit’s label, growing with the number of units', () => {
    const units = Array.from({ length: 24 }, (_, i) => ({ label: `单位${i + 1}`, value: i }))
    const option = barOption(units, '预警') as { yAxis: { data: string[]; axisLabel: { interval: number } } }
    expect(option.yAxis.data).toHaveLength(24)
    expect(option.yAxis.axisLabel.interval).toBe(0)
    expect(barHeight(24)).toBeGreaterThanOrEqual(24 * 24)
    expect(barHeight(3)).toBe(260)
  })
})

describe('fillMonths', () => {
  it('gives every month of the period, zero where nothing was raised', () => {
    expect(fillMonths('2026-09-03', '2026-12-01', [{ key: '2026-12', count: 41 }, { key: '2026-10', count: 2 }])).toEqual([
      { label: '2026-09', value: 0 },
      { label: '2026-10', value: 2 },
      { label: '2026-11', value: 0 },
      { label: '2026-12', value: 41 },
    ])
    expect(fillMonths('2025-12-20', '2026-01-05', []).map((datum) => datum.label)).toEqual(['2025-12', '2026-01'])
  })
})

describe('the discipline dashboard', () => {
  afterEach(() => useInboxStore().stop()) // the to-dos started the inbox the header would poll
  async function open() {
    const server = fakeServer({
      'GET /api/v1/discipline/dashboard': () => jsonResponse(200, figures),
      'GET /api/v1/lookups/config': () => jsonResponse(200, lookupPolicy()),
      'GET /api/v1/warnings/rules': () => jsonResponse(200, warningPolicy()),
      'GET /api/v1/lookups': () => jsonResponse(200, { items: [lookup({ state: 'approved', seconds_left: 86_400 + 5 })], total: 1 }),
      'GET /api/v1/lookups/inbox': () => jsonResponse(200, { server_time: '2026-12-01T08:00:00Z', awaiting_my_decision: 3, decided: [], opinions: { open: 4, overdue: 1 } }),
      'GET /api/v1/opinions': ({ url }) => jsonResponse(200, { items: [], total: url.includes('state=drafted') ? 2 : 0 }),
    })
    vi.stubGlobal('fetch', server.fetch)
    const pinia = createPinia()
    setActivePinia(pinia)
    signIn(['discipline_staff', 'discipline_approver'])
    const router = createAppRouter(createMemoryHistory())
    await router.push('/discipline')
    const wrapper = mount(DisciplineDashboardView, {
      global: { plugins: [pinia, createAppI18n(), router], stubs: { DashboardChart: true } },
      attachTo: document.body,
    })
    await flushPromises()
    return { wrapper, server }
  }

  it('asks for the last 90 days by default, the last day included', async () => {
    const { server } = await open()
    const url = new URL(server.calls.find((call) => call.path === '/api/v1/discipline/dashboard')?.url ?? '', 'http://x')
    const from = new Date(`${url.searchParams.get('from')}T00:00:00`)
    const to = new Date(`${url.searchParams.get('to')}T00:00:00`)
    expect(Math.round((to.getTime() - from.getTime()) / 86_400_000)).toBe(90)
  })

  it('shows the totals and draws the charts from the figures', async () => {
    const { wrapper } = await open()
    const total = (key: string) => wrapper.get(`[data-testid="dashboard-total-${key}"]`).text()
    expect(total('requested')).toContain('查阅申请')
    expect(total('requested')).toContain('3')
    expect(total('fileViews')).toContain('5')
    expect(total('raised')).toContain('41')
    expect(total('stillOpen')).toContain('40')

    const charts = wrapper.findAllComponents({ name: 'DashboardChart' })
    expect(charts).toHaveLength(5)
    const option = (index: number) => charts[index]?.props('option') as { yAxis?: { data: string[] }; series: { data: unknown[] }[] }
    expect(option(0).yAxis?.data).toEqual(['新增严重记录', '积分低于70分']) // rule labels
    expect(option(1).yAxis?.data).toEqual(['清江区', '云阳区'])
    expect(option(4).yAxis?.data).toEqual(['线索处置'])
    expect((option(3).series[0]?.data as { name: string }[]).map((slice) => slice.name)).toEqual(['已批准', '待审批'])
  })

  it('gives staff their open lookups with the time left, and approvers the way to the queue', async () => {
    const { wrapper } = await open()
    expect(wrapper.get('[data-testid="active-lookup"]').text()).toContain('#12 线索处置')
    expect(wrapper.get('[data-testid="active-lookup"] [data-testid="time-left"]').text()).toMatch(/^剩余 1 天 00:00:0[45]$/)
    expect(wrapper.get('[data-testid="todo-lookupsAwaiting"]').attributes('href')).toBe('/lookups/queue')
  })

  it('puts what waits for an approver who is also staff first: requests to decide, replies to sign, open lookups, opinions to answer', async () => {
    const { wrapper } = await open()
    const count = (key: string) => wrapper.get(`[data-testid="todo-${key}-count"]`).text()
    await waitFor(() => expect(count('lookupsAwaiting')).toBe('3'))
    expect(count('opinionsDrafted')).toBe('2')
    expect(wrapper.get('[data-testid="todo-opinionsDrafted"]').attributes('href')).toBe('/opinions?state=drafted')
    expect(count('opinionsSigning')).toBe('0')
    expect(count('lookupsOpen')).toBe('1')
    expect(wrapper.get('[data-testid="todo-lookupsOpen"]').attributes('href')).toBe('/lookups/mine')
    expect(count('opinionsToAnswer')).toBe('4')
    expect(wrapper.get('[data-testid="todo-opinionsToAnswer-overdue"]').text()).toBe('其中超期 1 件')
  })
})
