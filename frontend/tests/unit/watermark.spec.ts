import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, ref, type Component } from 'vue'
import type { Role } from '@/auth/roles'
import PageWatermark from '@/components/common/PageWatermark.vue'
import { minuteStamp, watermarkImage, watermarkText } from '@/composables/useWatermark'
import { createAppI18n } from '@/i18n'
import { createAppRouter } from '@/router'
import { useReportsStore } from '@/stores/reports'
import OfficialFileView from '@/views/file/OfficialFileView.vue'
import MeHomeView from '@/views/me/MeHomeView.vue'
import MeReportsView from '@/views/me/MeReportsView.vue'
import OpinionDetailView from '@/views/opinions/OpinionDetailView.vue'
import OpinionReplyView from '@/views/opinions/OpinionReplyView.vue'
import ReportIssuedView from '@/views/reports/ReportIssuedView.vue'
import FormRecordsDrawer from '@/views/statistics/FormRecordsDrawer.vue'
import { catalogue, record } from './fixtures'
import { fakeServer, jsonResponse, mountApp, signIn, waitFor } from './helpers'
import { accessLog, myFile, report } from './meFixtures'

/** 2026-12-05 14:30:10 on the test machine's clock (local time, as the watermark shows it). */
const AT = new Date(2026, 11, 5, 14, 30, 10)
const ME = { display_name: '张三', username: 'jw_staff' }
const STAMP = '张三 jw_staff 2026-12-05 14:30'

const opinion = {
  id: 5, purpose: 'promotion', document_no: '清组函〔2026〕18号', recipient: '清江区委组织部', requester: 'hr_staff', due_on: '2026-12-10', overdue: false,
  state: 'replied', candidates: 1, as_of: '2026-12-05', drafted_by: 'jw_staff', signers: ['jw_approver'], reply_no: '清纪廉〔2026〕3号',
  replied_at: '2026-12-05T06:00:00Z', created_at: '2026-12-04T08:00:00Z',
}

function serve(): void {
  const file = myFile()
  vi.stubGlobal(
    'fetch',
    fakeServer({
      'GET /api/v1/catalogue': () => jsonResponse(200, catalogue),
      'GET /api/v1/officials/9/file': () => jsonResponse(200, { ...file, score: undefined, warnings: [] }),
      'GET /api/v1/me/file': () => jsonResponse(200, file),
      'GET /api/v1/me/access-log': () => jsonResponse(200, { items: accessLog(), total: 2 }),
      'GET /api/v1/me/reports': () => jsonResponse(200, { items: [report()], total: 1 }),
      'GET /api/v1/me/reports/3': () => jsonResponse(200, report()),
      'GET /api/v1/opinions/config': () => jsonResponse(200, { purposes: [{ key: 'promotion', zh: '提拔任用', en: 'Promotion', confidential: false }], max_candidates: 500, due_working_days: 5, signatures: 1 }),
      'GET /api/v1/opinions/5': () => jsonResponse(200, { request: opinion, candidates: [] }),
      'GET /api/v1/opinions/5/reply': () =>
        jsonResponse(200, {
          request: opinion,
          code: 'OPN7Q2',
          content: {
            number: '清纪廉〔2026〕3号', issuer: ['中共清江区纪律检查委员会'], recipient: '清江区委组织部', request_document_no: '清组函〔2026〕18号', purpose: 'promotion',
            purpose_zh: '提拔任用', as_of: '2026-12-05', signers: ['jw_approver'], replied_at: '2026-12-05T06:00:00Z',
            candidates: [{ row: 1, name: '王刚志', input_ref: '11', department: '清江区委组织部', conclusion: '无不良反映。' }],
          },
        }),
      'GET /api/v1/statistics/forms/records': () =>
        jsonResponse(200, { items: [{ ...record({ id: 7 }), record_id: 7, official_name: '张三', department_id: 2, department_name: '清江浦区', form: 3 }], total: 1 }),
    }).fetch,
  )
}

/** Mounts `page` at `path` for ME holding `roles`, the charts stubbed (jsdom draws none). */
async function mountPage(page: Component, path: string, roles: Role[]) {
  const pinia = createPinia()
  setActivePinia(pinia)
  signIn(roles, ME)
  const router = createAppRouter(createMemoryHistory())
  await router.push(path)
  const wrapper = mount(page, {
    global: { plugins: [pinia, createAppI18n(), router], stubs: { ScoreHistoryChart: true, MeAccessChart: true, FileChart: true } },
    attachTo: document.body,
  })
  await flushPromises()
  return wrapper
}

/** The watermark on the page: what it says and how it lies over the page. */
function watermark() {
  const layer = document.body.querySelector<HTMLElement>('[data-testid="watermark"]')
  if (!layer) throw new Error('no watermark')
  return { text: layer.dataset.watermark, hidden: layer.getAttribute('aria-hidden'), image: layer.style.backgroundImage }
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(AT)
})

afterEach(() => {
  vi.useRealTimers()
})

describe('the watermark', () => {
  it('names the viewer and the time to the minute, the username once when it is the name too', () => {
    expect(minuteStamp(new Date(2026, 0, 2, 3, 4, 59).getTime())).toBe('2026-01-02 03:04')
    expect(watermarkText('张三', 'jw_staff', AT.getTime())).toBe(STAMP)
    expect(watermarkText('admin', 'admin', AT.getTime())).toBe('admin 2026-12-05 14:30')
    expect(watermarkText('', 'clerk', AT.getTime())).toBe('clerk 2026-12-05 14:30')
  })

  it('is an SVG tile drawn with the text (escaped), as a CSS background', () => {
    const image = watermarkImage('A&B <c> 2026-12-05 14:30')
    expect(image.startsWith('url("data:image/svg+xml;charset=utf-8,')).toBe(true)
    const svg = decodeURIComponent(image.slice('url("data:image/svg+xml;charset=utf-8,'.length, -2))
    expect(svg).toContain('>A&amp;B &lt;c&gt; 2026-12-05 14:30</text>')
    expect(svg).toContain('rotate(-25')
  })

  it('lies over the page for nobody to click or read aloud, and moves on with the clock', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] })
    vi.setSystemTime(AT)
    const { wrapper } = await mountApp(PageWatermark, { me: ME })
    expect(watermark().text).toBe(STAMP)
    expect(watermark().hidden).toBe('true')
    expect(decodeURIComponent(watermark().image)).toContain(`${STAMP}</text>`)
    vi.advanceTimersByTime(60_000)
    await flushPromises()
    expect(watermark().text).toBe('张三 jw_staff 2026-12-05 14:31')
    wrapper.unmount()
  })
})

describe('the pages that show a file, a report or an opinion reply carry it', () => {
  const pages: [string, Component, string][] = [
    ['an official’s file (an administrator’s or a lookup’s)', OfficialFileView, '/officials/9/file'],
    ['the official’s own file', MeHomeView, '/me'],
    ['a report issued in a lookup', ReportIssuedView, '/reports/3'],
    ['the official’s reports', MeReportsView, '/me/reports?id=3'],
    ['a request for integrity opinions', OpinionDetailView, '/opinions/5'],
    ['the signed reply', OpinionReplyView, '/opinions/5/reply'],
  ]

  it.each(pages)('%s', async (_, page, path) => {
    serve()
    const wrapper = await mountPage(page, path, ['admin', 'official', 'personnel_staff', 'discipline_staff'])
    if (page === ReportIssuedView) useReportsStore().keep(report({ via: 'lookup' }))
    await waitFor(() => expect(watermark().text).toBe(STAMP))
    wrapper.unmount()
  })

  it('the records behind a figure of the four forms, while the drawer is open', async () => {
    serve()
    const open = ref(false)
    const Host = defineComponent(() => () => h(FormRecordsDrawer, { modelValue: open.value, 'onUpdate:modelValue': (value: boolean) => (open.value = value), query: { form: 3, from: '2026-01-01', to: '2027-01-01', group: 'quarter' as const }, title: '第三种形态' }))
    const wrapper = await mountPage(Host, '/statistics/forms', ['discipline_approver'])
    expect(document.body.querySelector('[data-testid="watermark"]')).toBeNull()
    open.value = true
    await waitFor(() => expect(document.body.textContent).toContain('（2024）云01刑初88号'))
    expect(watermark().text).toBe(STAMP)
    wrapper.unmount()
  })
})
