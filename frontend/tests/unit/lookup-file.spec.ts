import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it, vi } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import type { Role } from '@/auth/roles'
import { createAppI18n } from '@/i18n'
import { createAppRouter } from '@/router'
import { useInboxStore } from '@/stores/inbox'
import OfficialFileView from '@/views/file/OfficialFileView.vue'
import { catalogue, lookup, lookupPolicy, record, scoreDetail, warning, warningPolicy } from './fixtures'
import { fakeServer, jsonResponse, problemResponse, signIn, type FakeHandler, waitFor } from './helpers'

const LEFT = 2 * 86_400 + 3 * 3_600 + 4 * 60 + 5 // 2 days 03:04:05

/** The file as a lookup granting the judicial module only shows it: the official only named, no score. */
function lookupFile(secondsLeft = LEFT) {
  return {
    official: { id: 9, name: '陈诚信', id_number_masked: '320102********1239', department_id: 20, department_name: '云州市住房和城乡建设局' },
    categories: [{ key: 'judicial', zh: '司法', en: 'Judicial', records: [record({ id: 1 })] }],
    record_count: 1,
    modules: ['judicial'],
    lookup: lookup({ state: 'approved', granted: ['judicial'], seconds_left: secondsLeft, access_until: '2026-12-04T08:00:00Z', officials: [] }),
    warnings: [warning(), warning({ id: 37, rule: 'score_below', level: 'medium', records: [], detail: { score: 62, threshold: 70 } })],
  }
}

async function openFile(roles: Role[], file: FakeHandler, extra: Record<string, FakeHandler> = {}, path = '/officials/9/file') {
  const server = fakeServer({
    'GET /api/v1/officials/9/file': file,
    'GET /api/v1/catalogue': () => jsonResponse(200, catalogue),
    'GET /api/v1/lookups/config': () => jsonResponse(200, lookupPolicy()),
    'GET /api/v1/warnings/rules': () => jsonResponse(200, warningPolicy()),
    ...extra,
  })
  vi.stubGlobal('fetch', server.fetch)
  const pinia = createPinia()
  setActivePinia(pinia)
  signIn(roles)
  const router = createAppRouter(createMemoryHistory())
  await router.push(path)
  const wrapper = mount(OfficialFileView, {
    global: { plugins: [pinia, createAppI18n(), router], stubs: { ScoreHistoryChart: true, FileChart: true } },
    attachTo: document.body,
  })
  await flushPromises()
  return { wrapper, server }
}

describe('the file page for discipline staff', () => {
  it('names the lookup it is read under, with the purpose, the modules granted and the time left', async () => {
    const { wrapper, server } = await openFile(['discipline_staff'], () => jsonResponse(200, lookupFile()), {}, '/officials/9/file?lookup_id=12')
    expect(server.calls.find((call) => call.path === '/api/v1/officials/9/file')?.url).toBe('/api/v1/officials/9/file?lookup_id=12')
    const banner = wrapper.get('[data-testid="lookup-banner"]')
    expect(banner.text()).toContain('依查阅授权 #12 查阅')
    expect(banner.get('[data-testid="lookup-banner-purpose"]').text()).toContain('线索处置')
    expect(banner.get('[data-testid="lookup-banner-modules"]').text()).toContain('司法信息')
    expect(banner.get('[data-testid="lookup-time-left"]').text()).toMatch(/^剩余 2 天 03:04:0[45]$/) // counted down from the server's seconds_left
  })

  it('puts the open warnings at the top, in their level’s colour, with the rule and the records’ codes', async () => {
    const { wrapper } = await openFile(['discipline_staff'], () => jsonResponse(200, lookupFile()))
    const alerts = wrapper.findAll('[data-testid="file-warning"]')
    expect(alerts).toHaveLength(2)
    expect(alerts[0]?.get('.el-alert').classes()).toContain('el-alert--error')
    expect(alerts[0]?.text()).toContain('【高】新增严重记录')
    expect(alerts[0]?.get('[data-testid="file-warning-records"]').text()).toBe('相关记录：刑事判决（2026-10-06）')
    expect(alerts[1]?.get('.el-alert').classes()).toContain('el-alert--warning')
    expect(alerts[1]?.text()).toContain('【中】积分低于70分')
    expect(alerts[1]?.text()).toContain('积分 62，低于 70')
    // The warnings come first, before the file itself.
    const html = wrapper.html()
    expect(html.indexOf('data-testid="warnings-banner"')).toBeLessThan(html.indexOf('data-testid="file-header"'))
  })

  it('shows only what the server sent: the granted categories, no score, the official only named', async () => {
    const { wrapper, server } = await openFile(['discipline_staff'], () => jsonResponse(200, lookupFile()))
    const filter = wrapper.get('[data-testid="file-category-filter"]').text()
    expect(filter).toContain('司法（1）')
    expect(filter).not.toContain('交通违法')
    expect(wrapper.find('[data-testid="score-card"]').exists()).toBe(false)
    expect(server.count('GET /api/v1/officials/9/score')).toBe(0)
    expect(wrapper.get('[data-testid="file-header"]').text()).not.toContain('职务')
    expect(wrapper.get('[data-testid="file-basic-hidden"]').text()).toContain('未授权“基本信息”模块')
  })

  it('names the modules not granted, and says why no score is shown', async () => {
    const { wrapper } = await openFile(['discipline_staff'], () => jsonResponse(200, lookupFile()))
    await waitFor(() => expect(wrapper.find('[data-testid="lookup-banner-not-granted"]').exists()).toBe(true))
    const notGranted = wrapper.get('[data-testid="lookup-banner-not-granted"]')
    expect(notGranted.text()).toContain('未授权模块：')
    expect(notGranted.findAll('[data-testid="module-tag"]').map((tag) => tag.text())).toEqual(['基本信息', '信用信息', '个人及家庭财产等有关事项 · 敏感', '问题线索 · 敏感'])
    expect(wrapper.get('[data-testid="lookup-banner-modules"]').text()).not.toContain('基本信息')
    expect(wrapper.find('[data-testid="score-card"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="file-score-withheld"]').text()).toBe('未获授权查看全部模块，不显示积分')
  })

  it('lists no module as withheld, nor the score, when the lookup opens the whole file', async () => {
    const keys = lookupPolicy().modules.map((module) => module.key)
    const whole = { ...lookupFile(), modules: keys, score: scoreDetail(), lookup: lookup({ state: 'approved', granted: keys, seconds_left: LEFT, officials: [] }) }
    const { wrapper } = await openFile(['discipline_staff'], () => jsonResponse(200, whole), { 'POST /api/v1/officials/9/reports': () => jsonResponse(201, {}) })
    await waitFor(() => expect(wrapper.get('[data-testid="lookup-banner-modules"]').findAll('[data-testid="module-tag"]')).toHaveLength(5))
    expect(wrapper.find('[data-testid="lookup-banner-not-granted"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="score-card"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="file-score-withheld"]').exists()).toBe(false)
  })

  it('shows the not-found state on a 404, with no data and the way to ask for a lookup', async () => {
    const { wrapper } = await openFile(['discipline_staff'], () => problemResponse(404, 'not_found'))
    const result = wrapper.get('[data-testid="file-not-found"]')
    expect(result.text()).toContain('没有可查看的档案')
    expect(result.text()).toContain('没有该人员生效中的查阅授权')
    expect(wrapper.find('[data-testid="file-header"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="lookup-banner"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="file-request-lookup"]').exists()).toBe(true)
  })

  it('drops the file when the window closes while the page is open', async () => {
    const { wrapper } = await openFile(['discipline_staff'], () => jsonResponse(200, lookupFile(1)))
    expect(wrapper.find('[data-testid="file-header"]').exists()).toBe(true)
    await waitFor(() => expect(wrapper.find('[data-testid="file-not-found"]').exists()).toBe(true))
    expect(wrapper.get('[data-testid="file-not-found"]').text()).toContain('查阅授权已结束')
    expect(wrapper.find('[data-testid="file-header"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="file-timeline"]').exists()).toBe(false)
  })

  it('drops the file when the inbox brings the lookup’s revocation', async () => {
    const answers = [
      { server_time: '2026-12-01T08:00:00Z', awaiting_my_decision: 0, decided: [] },
      { server_time: '2026-12-01T08:00:15Z', awaiting_my_decision: 0, decided: [lookup({ state: 'revoked', revoked_by: 'jw_approver' })] },
    ]
    const { wrapper } = await openFile(['discipline_staff'], () => jsonResponse(200, lookupFile()), {
      'GET /api/v1/lookups/inbox': () => jsonResponse(200, answers.shift() ?? { server_time: '2026-12-01T08:00:30Z', awaiting_my_decision: 0, decided: [] }),
    })
    const inbox = useInboxStore()
    inbox.intervalMs = 20
    inbox.start()
    await waitFor(() => expect(wrapper.find('[data-testid="file-not-found"]').exists()).toBe(true))
    expect(wrapper.find('[data-testid="file-header"]').exists()).toBe(false)
    inbox.stop()
  })
})

describe('the file page for an administrator', () => {
  it('carries the warnings banner too, named from the rules in force, which the route policy lets administrators read', async () => {
    const file = { ...lookupFile(), lookup: undefined, modules: undefined, score: scoreDetail(), warnings: [warning()] }
    const { wrapper, server } = await openFile(['admin'], () => jsonResponse(200, file))
    expect(wrapper.get('[data-testid="file-warning"]').text()).toContain('【高】新增严重记录')
    expect(wrapper.find('[data-testid="lookup-banner"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="score-card"]').exists()).toBe(true)
    expect(server.count('GET /api/v1/warnings/rules')).toBe(1)
    expect(server.count('GET /api/v1/lookups/config')).toBe(0)
  })
})
