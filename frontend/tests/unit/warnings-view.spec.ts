import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import type { Warning } from '@/api/warnings'
import WarningsView from '@/views/warnings/WarningsView.vue'
import { catalogue, warning, warningPolicy } from './fixtures'
import { fakeServer, jsonResponse, mountApp, problemResponse, type FakeHandler } from './helpers'

function serve(items: Warning[], routes: Record<string, FakeHandler> = {}) {
  const server = fakeServer({
    'GET /api/v1/warnings': () => jsonResponse(200, { items, total: items.length }),
    'GET /api/v1/warnings/rules': () => jsonResponse(200, warningPolicy()),
    'GET /api/v1/catalogue': () => jsonResponse(200, catalogue),
    'POST /api/v1/warnings/36/ack': () => jsonResponse(200, warning({ state: 'acknowledged', acked_by: 'jw_approver' })),
    'POST /api/v1/warnings/36/resolve': ({ body }) => jsonResponse(200, warning({ state: 'resolved', resolution_note: (body as { note: string }).note })),
    ...routes,
  })
  vi.stubGlobal('fetch', server.fetch)
  return server
}

async function mountPage(): Promise<VueWrapper> {
  const { wrapper } = await mountApp(WarningsView, { path: '/warnings', roles: ['discipline_approver'] })
  await flushPromises()
  return wrapper
}

const settle = async () => {
  await flushPromises()
  await flushPromises()
  await new Promise((resolve) => setTimeout(resolve, 150))
}
const dialog = () => document.body.querySelector<HTMLElement>('[data-testid="warning-resolve-dialog"]')

describe('warnings page', () => {
  it('lists the official, the rule’s label, the level, the records by code and the state', async () => {
    serve([warning(), warning({ id: 40, rule: 'score_below', level: 'medium', records: [], detail: { score: 62, threshold: 70 }, state: 'acknowledged', acked_by: 'jw_staff', acked_at: '2026-12-01T09:00:00Z' })])
    const wrapper = await mountPage()
    const rows = wrapper.findAll('[data-testid="warnings-table"] .el-table__body-wrapper tr')
    expect(rows).toHaveLength(2)
    const first = rows[0]?.text() ?? ''
    for (const text of ['陈诚信', '320102********1239', '新增严重记录', '高', '刑事判决', '2026-10-06', '未处理']) expect(first).toContain(text)
    expect(rows[0]?.get('[data-testid="warning-level"]').classes()).toContain('el-tag--danger')
    const second = rows[1]?.text() ?? ''
    expect(second).toContain('积分低于70分')
    expect(second).toContain('积分 62，低于 70')
    expect(second).toContain('jw_staff 确认于')
    expect(rows[1]?.find('[data-testid="warning-ack"]').exists()).toBe(false) // acknowledged already
    expect(rows[1]?.find('[data-testid="warning-resolve"]').exists()).toBe(true)
  })

  it('filters by state, level and rule', async () => {
    const server = serve([warning()])
    const wrapper = await mountPage()
    expect(server.calls.find((call) => call.path === '/api/v1/warnings')?.url).toBe('/api/v1/warnings?page=1&page_size=20')
    const pick = async (testId: string, label: string) => {
      await wrapper.get(`[data-testid="${testId}"]`).trigger('click')
      const option = [...document.body.querySelectorAll<HTMLElement>('.el-select-dropdown__item')].find((item) => item.textContent?.trim() === label)
      if (!option) throw new Error(`no option ${label}`)
      option.click()
      await flushPromises()
    }
    await pick('warnings-filter-state', '已处理')
    await pick('warnings-filter-level', '高')
    await pick('warnings-filter-rule', '新增严重记录')
    await wrapper.get('[data-testid="warnings-page"] form').trigger('submit')
    await flushPromises()
    const last = server.calls.filter((call) => call.path === '/api/v1/warnings').at(-1)
    expect(last?.url).toBe('/api/v1/warnings?state=resolved&level=high&rule=serious_record&page=1&page_size=20')
  })

  it('acknowledges an open warning and reloads the list', async () => {
    const server = serve([warning()])
    const wrapper = await mountPage()
    await wrapper.get('[data-testid="warning-ack"]').trigger('click')
    await settle()
    expect(server.calls.find((call) => call.method === 'POST')).toMatchObject({ path: '/api/v1/warnings/36/ack', body: {} })
    expect(server.count('GET /api/v1/warnings')).toBe(2)
  })

  it('says so when someone else handled the warning first', async () => {
    const server = serve([warning()], { 'POST /api/v1/warnings/36/ack': () => problemResponse(409, 'conflict') })
    const wrapper = await mountPage()
    await wrapper.get('[data-testid="warning-ack"]').trigger('click')
    await settle()
    expect(document.body.textContent).toContain('该预警已被他人处理，列表已刷新。')
    expect(server.count('GET /api/v1/warnings')).toBe(2)
  })

  it('resolves a warning only with a note saying what was done', async () => {
    const server = serve([warning()])
    const wrapper = await mountPage()
    await wrapper.get('[data-testid="warning-resolve"]').trigger('click')
    await flushPromises()
    expect(dialog()?.textContent).toContain('陈诚信：新增严重记录')

    dialog()?.querySelector<HTMLElement>('[data-testid="warning-resolve-confirm"]')?.click()
    await settle()
    expect(server.count('POST /api/v1/warnings/36/resolve')).toBe(0)
    expect(dialog()?.querySelector('.el-form-item__error')?.textContent?.trim()).toBe('请填写处理情况（不少于 2 个字）')

    const note = dialog()?.querySelector<HTMLTextAreaElement>('[data-testid="warning-resolve-note"]')
    if (!note) throw new Error('no note')
    note.value = '已约谈本人，情况属实，已移送审查'
    note.dispatchEvent(new Event('input'))
    await flushPromises()
    dialog()?.querySelector<HTMLElement>('[data-testid="warning-resolve-confirm"]')?.click()
    await settle()
    expect(server.calls.find((call) => call.method === 'POST')).toMatchObject({
      path: '/api/v1/warnings/36/resolve',
      body: { note: '已约谈本人，情况属实，已移送审查' },
    })
    expect(server.count('GET /api/v1/warnings')).toBe(2)
  })
})
