import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it, vi } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import { createAppI18n } from '@/i18n'
import { createAppRouter } from '@/router'
import { useReportsStore } from '@/stores/reports'
import OfficialFileView from '@/views/file/OfficialFileView.vue'
import { catalogue, lookup, lookupPolicy, record, scoreDetail } from './fixtures'
import { fakeServer, jsonResponse, signIn, waitFor } from './helpers'
import { report } from './meFixtures'

/** A file a lookup opens whole (every module): it carries the score. */
function wholeFile(withScore: boolean) {
  return {
    official: { id: 9, name: '陈诚信', id_number_masked: '320102********1239', department_id: 20, department_name: '云州市住房和城乡建设局', post: '科员', job_rank: '一级主任科员' },
    categories: [{ key: 'judicial', zh: '司法', en: 'Judicial', records: [record({ id: 1 })] }],
    record_count: 1,
    modules: ['basic', 'judicial'],
    lookup: lookup({ state: 'approved', granted: ['basic', 'judicial'], seconds_left: 86_400, access_until: '2026-12-04T08:00:00Z' }),
    warnings: [],
    ...(withScore ? { score: scoreDetail() } : {}),
  }
}

async function openFile(withScore: boolean) {
  const server = fakeServer({
    'GET /api/v1/officials/9/file': () => jsonResponse(200, wholeFile(withScore)),
    'GET /api/v1/catalogue': () => jsonResponse(200, catalogue),
    'GET /api/v1/lookups/config': () => jsonResponse(200, lookupPolicy()),
    'GET /api/v1/warnings/rules': () => jsonResponse(200, { version: 1, name: '', rules: [] }),
    'POST /api/v1/officials/9/reports': () => jsonResponse(201, report({ via: 'lookup', issued_by: 'jw_staff' })),
  })
  vi.stubGlobal('fetch', server.fetch)
  const pinia = createPinia()
  setActivePinia(pinia)
  signIn(['discipline_staff'], { username: 'jw_staff' })
  const router = createAppRouter(createMemoryHistory())
  await router.push('/officials/9/file?lookup_id=12')
  const wrapper = mount(OfficialFileView, {
    global: { plugins: [pinia, createAppI18n(), router], stubs: { ScoreHistoryChart: true, FileChart: true } },
    attachTo: document.body,
  })
  await flushPromises()
  return { wrapper, server, router }
}

describe('a report issued inside a lookup', () => {
  it('is offered on a file that carries a score, confirmed, sent with the lookup and opened for print', async () => {
    const { wrapper, server, router } = await openFile(true)
    await wrapper.get('[data-testid="file-issue-report"]').trigger('click')
    await flushPromises()
    expect(document.body.querySelector('.el-message-box')?.textContent).toContain('出具将记入审计日志')
    document.body.querySelector<HTMLElement>('.el-message-box__btns .el-button--primary')?.click()
    await waitFor(() => expect(server.count('POST /api/v1/officials/9/reports')).toBe(1))
    await flushPromises()
    expect(server.calls.find((call) => call.path === '/api/v1/officials/9/reports')?.body).toEqual({ lookup_id: 12 })
    await waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/reports/3'))
    expect(useReportsStore().get(3)?.code).toBe('UMWRPYQ5OBIZLGZEF6F40331')
  })

  it('is not offered when the file carries no score (the lookup opens part of it)', async () => {
    const { wrapper } = await openFile(false)
    expect(wrapper.find('[data-testid="file-header"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="file-issue-report"]').exists()).toBe(false)
  })
})
