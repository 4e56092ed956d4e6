import { effectScope } from 'vue'
import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/request'
import { toApiError, useLatestRequest } from '@/composables/useLatestRequest'
import { waitFor } from './helpers'

/** A request held open until the test answers it; it rejects when aborted, as fetch does. */
function held<T>() {
  const calls: { signal: AbortSignal; answer: (value: T) => void; fail: (error: unknown) => void }[] = []
  const fetch = (signal: AbortSignal) =>
    new Promise<T>((resolve, reject) => {
      signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))
      calls.push({ signal, answer: resolve, fail: reject })
    })
  return { calls, fetch }
}

describe('useLatestRequest', () => {
  it('hands the newest answer on, drops one overtaken by a newer run, and loads until the newest answered', async () => {
    const request = useLatestRequest()
    const { calls, fetch } = held<string>()
    const applied: string[] = []

    const first = request.run(fetch, (value) => applied.push(value))
    const second = request.run(fetch, (value) => applied.push(value))
    expect(calls[0]?.signal.aborted).toBe(true)
    expect(request.loading.value).toBe(true)

    calls[1]?.answer('second')
    await Promise.all([first, second])
    expect(applied).toEqual(['second'])
    expect(request.loading.value).toBe(false)
    expect(request.error.value).toBeNull()
  })

  it('keeps a failure as an ApiError for the page, tells `failed`, and clears it on the next answer', async () => {
    const request = useLatestRequest()
    const { calls, fetch } = held<number>()
    const failures: number[] = []

    const failing = request.run(fetch, () => {}, (error) => failures.push(error.status))
    calls[0]?.fail(new ApiError({ status: 409, title: 'Conflict', code: 'conflict' }))
    await failing
    expect(request.error.value?.status).toBe(409)
    expect(failures).toEqual([409])

    let shown = 0
    const next = request.run(fetch, (value) => (shown = value))
    calls[1]?.answer(7)
    await next
    expect(shown).toBe(7)
    expect(request.error.value).toBeNull()
  })

  it('makes a network error of anything else a request throws', async () => {
    expect(toApiError(new TypeError('Failed to fetch')).isNetworkError).toBe(true)
    const request = useLatestRequest()
    await request.run(() => Promise.reject(new TypeError('Failed to fetch')), () => {})
    expect(request.error.value?.isNetworkError).toBe(true)
  })

  it('drops the request in flight on abort() and when its scope ends', async () => {
    const scope = effectScope()
    const request = scope.run(() => useLatestRequest())!
    const { calls, fetch } = held<string>()
    const applied: string[] = []

    const aborted = request.run(fetch, (value) => applied.push(value))
    request.abort()
    await aborted
    expect(request.loading.value).toBe(false)

    void request.run(fetch, (value) => applied.push(value))
    scope.stop()
    await waitFor(() => expect(calls[1]?.signal.aborted).toBe(true))
    await waitFor(() => expect(request.loading.value).toBe(false))
    expect(applied).toEqual([])
    expect(request.error.value).toBeNull()
  })
})
