import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it, vi } from 'vitest'
import type { ImportDetail } from '@/api/imports'
import { createAppI18n } from '@/i18n'
import ImportProgress from '@/views/records/ImportProgress.vue'
import { fakeServer, jsonResponse, signIn, waitFor } from './helpers'

function importAt(overrides: Partial<ImportDetail>): ImportDetail {
  return {
    id: 7, source_id: 4, filename: 'records.csv', format: 'csv', dry_run: true, status: 'running',
    total: 0, accepted: 0, rejected: 0, created: 0, updated: 0, unchanged: 0, progress: 0,
    message: '', created_by: 'clerk', created_at: '2026-01-02T03:04:05Z', finished_at: null,
    errors: [], error_count: 0, ...overrides,
  }
}

const running = importAt({ status: 'running', progress: 0.42, total: 420, accepted: 418, rejected: 2 })
const done = importAt({
  status: 'done', progress: 1, total: 1000, accepted: 988, rejected: 12, finished_at: '2026-01-02T03:05:00Z',
  errors: Array.from({ length: 12 }, (_, i) => ({ row: i + 3, field: i % 2 ? 'decision_date' : 'id_number', message: i % 2 ? 'is in the future' : 'must have 18 characters' })),
  error_count: 12,
})

/** Answers each poll with the next state; the last one repeats. */
function serve(states: ImportDetail[]) {
  let next = 0
  const server = fakeServer({
    'GET /api/v1/imports/7': () => jsonResponse(200, states[Math.min(next++, states.length - 1)]),
  })
  vi.stubGlobal('fetch', server.fetch)
  return server
}

function render(props: { canRunForReal?: boolean; intervalMs?: number } = {}) {
  setActivePinia(createPinia())
  signIn(['data_clerk'])
  return mount(ImportProgress, {
    props: { importId: 7, intervalMs: 20, ...props },
    global: { plugins: [createAppI18n()] },
    attachTo: document.body,
  })
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('ImportProgress', () => {
  it('polls while the import runs, showing the progress and the counts', async () => {
    const server = serve([importAt({ status: 'queued' }), running, done])
    const wrapper = render({ intervalMs: 300 })
    await flushPromises()
    expect(wrapper.get('[data-testid="import-status"]').text()).toBe('排队中')

    await waitFor(() => expect(wrapper.get('[data-testid="import-status"]').text()).toBe('处理中'))
    expect(wrapper.get('[data-testid="import-bar"]').text()).toContain('42%')
    expect(wrapper.get('[data-testid="import-counts"]').text()).toBe('已读取 420 行：通过 418 行，有问题 2 行')
    expect(wrapper.find('[data-testid="import-totals"]').exists()).toBe(false)

    await waitFor(() => expect(wrapper.get('[data-testid="import-status"]').text()).toBe('已完成'))
    expect(server.count('GET /api/v1/imports/7')).toBe(3)
    expect(wrapper.emitted('finished')).toHaveLength(1)
  })

  it('stops polling when the import is done, and shows the totals and the rows with problems', async () => {
    const server = serve([running, done])
    const wrapper = render()
    await waitFor(() => expect(wrapper.find('[data-testid="import-totals"]').exists()).toBe(true))
    const calls = server.count('GET /api/v1/imports/7')
    await wait(150)
    expect(server.count('GET /api/v1/imports/7')).toBe(calls)

    const total = (key: string) => wrapper.get(`[data-testid="import-total-${key}"]`).text()
    expect([total('total'), total('accepted'), total('rejected'), total('created')]).toEqual(['1000', '988', '12', '0'])
    expect(wrapper.find('[data-testid="import-counts"]').exists()).toBe(false)

    const rows = wrapper.findAll('[data-testid="import-errors-table"] .el-table__body tr').map((row) => row.text())
    expect(rows).toHaveLength(10) // one page
    expect(rows[0]).toContain('行 3')
    expect(rows[0]).toContain('身份证号码')
    expect(rows[0]).toContain('must have 18 characters')
    expect(rows[1]).toContain('行 4')
    expect(rows[1]).toContain('决定日期')
    expect(wrapper.find('[data-testid="import-download-errors"]').exists()).toBe(true)
  })

  it('stops polling when it is unmounted', async () => {
    const server = serve([running])
    const wrapper = render()
    await waitFor(() => expect(server.count('GET /api/v1/imports/7')).toBeGreaterThanOrEqual(2))
    wrapper.unmount()
    const calls = server.count('GET /api/v1/imports/7')
    await wait(100)
    expect(server.count('GET /api/v1/imports/7')).toBe(calls)
  })

  it('offers a finished dry run for real, only when the file is still at hand', async () => {
    serve([done])
    const wrapper = render({ canRunForReal: true })
    await waitFor(() => expect(wrapper.find('[data-testid="import-run-real"]').exists()).toBe(true))
    await wrapper.get('[data-testid="import-run-real"]').trigger('click')
    expect(wrapper.emitted('runForReal')).toHaveLength(1)

    serve([done])
    const past = render({ canRunForReal: false })
    await waitFor(() => expect(past.find('[data-testid="import-totals"]').exists()).toBe(true))
    expect(past.find('[data-testid="import-run-real"]').exists()).toBe(false)
  })

  it('shows why a failed import failed', async () => {
    serve([importAt({ status: 'failed', progress: 0.1, message: 'the header has no column for id_number' })])
    const wrapper = render()
    await waitFor(() => expect(wrapper.find('[data-testid="import-failed"]').exists()).toBe(true))
    expect(wrapper.get('[data-testid="import-failed"]').text()).toContain('the header has no column for id_number')
    expect(wrapper.get('[data-testid="import-status"]').text()).toBe('失败')
  })
})
