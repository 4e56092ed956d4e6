import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import type { Job } from '@/api/jobs'
import JobProgress from '@/components/job/JobProgress.vue'
import { usePolling } from '@/composables/usePolling'
import { createAppI18n } from '@/i18n'
import { fakeServer, jsonResponse, signIn, waitFor } from './helpers'

function jobAt(overrides: Partial<Job>): Job {
  return {
    id: 5, kind: 'recompute', status: 'queued', param: 'publish scoring:2', total: 0, done: 0, progress: 0,
    message: '', created_by: 'admin', created_at: '2026-12-01T07:00:00Z', finished_at: null, ...overrides,
  }
}

const running = jobAt({ status: 'running', total: 50, done: 20, progress: 0.4 })
const done = jobAt({ status: 'done', total: 50, done: 50, progress: 1, message: 'policy version 2', finished_at: '2026-12-01T07:00:03Z' })

/** Answers each poll with the next state; the last one repeats. */
function serve(states: Job[]) {
  let next = 0
  const server = fakeServer({ 'GET /api/v1/jobs/5': () => jsonResponse(200, states[Math.min(next++, states.length - 1)]) })
  vi.stubGlobal('fetch', server.fetch)
  return server
}

function render(intervalMs = 20) {
  setActivePinia(createPinia())
  signIn(['admin'])
  return mount(JobProgress, { props: { jobId: 5, intervalMs }, global: { plugins: [createAppI18n()] }, attachTo: document.body })
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('JobProgress', () => {
  it('polls a recompute until it is done: queued, running at 40%, then 100%', async () => {
    const server = serve([jobAt({}), running, done])
    const wrapper = render(250)
    await flushPromises()
    expect(wrapper.get('[data-testid="job-status"]').text()).toBe('排队中')
    expect(wrapper.get('[data-testid="job-counts"]').text()).toBe('正在统计人数…')
    expect(wrapper.text()).toContain('积分重算')

    await waitFor(() => expect(wrapper.get('[data-testid="job-status"]').text()).toBe('进行中'))
    expect(wrapper.get('[data-testid="job-bar"]').text()).toContain('40%')
    expect(wrapper.get('[data-testid="job-counts"]').text()).toBe('已处理 20 / 50 人')

    await waitFor(() => expect(wrapper.get('[data-testid="job-status"]').text()).toBe('已完成'))
    expect(wrapper.get('[data-testid="job-bar"]').text()).toContain('100%')
    expect(wrapper.get('[data-testid="job-counts"]').text()).toBe('已处理 50 / 50 人')
    expect(wrapper.emitted('finished')).toEqual([[done]])

    const calls = server.count('GET /api/v1/jobs/5')
    expect(calls).toBe(3)
    await wait(400)
    expect(server.count('GET /api/v1/jobs/5')).toBe(calls) // stopped polling
  })

  it('shows why a job failed and stops', async () => {
    const server = serve([jobAt({ status: 'failed', total: 50, done: 12, progress: 0.24, message: 'database is locked' })])
    const wrapper = render()
    await waitFor(() => expect(wrapper.find('[data-testid="job-failed"]').exists()).toBe(true))
    expect(wrapper.get('[data-testid="job-failed"]').text()).toContain('database is locked')
    expect(wrapper.get('[data-testid="job-status"]').text()).toBe('失败')
    await wait(100)
    expect(server.count('GET /api/v1/jobs/5')).toBe(1)
  })

  it('stops polling when it is unmounted', async () => {
    const server = serve([running])
    const wrapper = render()
    await waitFor(() => expect(server.count('GET /api/v1/jobs/5')).toBeGreaterThanOrEqual(2))
    wrapper.unmount()
    const calls = server.count('GET /api/v1/jobs/5')
    await wait(100)
    expect(server.count('GET /api/v1/jobs/5')).toBe(calls)
  })
})

describe('usePolling', () => {
  it('reads one at a time, drops an answer that comes after stop(), and keeps the error of a failed read', async () => {
    let calls = 0
    let fail = false
    const scope = effectScope()
    const polling = scope.run(() =>
      usePolling<number>({
        read: async () => {
          calls++
          await wait(5)
          if (fail) throw new Error('offline')
          return calls
        },
        finished: (value) => value >= 3,
        intervalMs: () => 1,
      }),
    )!
    polling.start()
    await waitFor(() => expect(polling.value.value).toBe(3))
    expect(polling.active.value).toBe(false)
    expect(calls).toBe(3)

    fail = true
    polling.start(true)
    expect(polling.value.value).toBeNull()
    await waitFor(() => expect(polling.error.value?.status).toBe(0))
    expect(polling.active.value).toBe(false)

    fail = false
    polling.start()
    polling.stop()
    await wait(20)
    expect(polling.value.value).toBeNull() // the read in flight was dropped
    scope.stop()
  })
})
