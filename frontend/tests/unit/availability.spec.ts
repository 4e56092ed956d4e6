import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { request } from '@/api/request'
import { FIRST_CHECK_S, MAX_CHECK_S, RECOVERED_SHOW_MS, useAvailabilityStore } from '@/stores/availability'
import { fakeServer, jsonResponse, problemResponse } from './helpers'

/** /readyz answers from `answers` in turn (the last one repeats): 'down' is a 503, a number a 503 with that Retry-After, 'up' is ready. */
function readyz(answers: ('down' | 'up' | number)[]) {
  let next = 0
  const server = fakeServer({
    'GET /readyz': () => {
      const answer = answers[Math.min(next++, answers.length - 1)]
      if (answer === 'up') return jsonResponse(200, { status: 'ok', schema_version: 12 })
      return problemResponse(503, 'unavailable', {
        detail: 'the database is not reachable',
        headers: typeof answer === 'number' ? { 'Retry-After': String(answer) } : {},
      })
    },
    'POST /api/v1/records': () => problemResponse(503, 'unavailable', { headers: { 'Retry-After': '3' } }),
  })
  vi.stubGlobal('fetch', server.fetch)
  return { ...server, checks: () => server.count('GET /readyz') }
}

let store: ReturnType<typeof useAvailabilityStore>

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  setActivePinia(createPinia())
  store = useAvailabilityStore()
})

afterEach(() => {
  store.stop()
  vi.useRealTimers()
})

/** Moves the clock on by `seconds`, letting the checks due answer. */
const wait = (seconds: number) => vi.advanceTimersByTimeAsync(seconds * 1000)

describe('the availability store', () => {
  it('is set by a request that meets a 503, and its first check waits for the Retry-After', async () => {
    const server = readyz(['up'])
    store.start()
    await request('/records', { method: 'POST', body: {} }).catch(() => undefined)

    expect(store.unavailable).toBe(true)
    expect(store.nextCheckAt).toBe(Date.now() + 3_000)
    await wait(2.9)
    expect(server.checks()).toBe(0)
    await wait(0.1)
    expect(server.checks()).toBe(1)
    expect(store.unavailable).toBe(false)
  })

  it('is set by a request that got no answer', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')))
    await request('/me', { method: 'DELETE' }).catch(() => undefined)
    expect(store.unavailable).toBe(true)
  })

  it('asks /readyz with backoff, 2 s, 4 s, 8 s … capped at 30 s, while the server names no wait', async () => {
    const server = readyz(['down'])
    store.start()
    store.report(null)

    const checkTimes: number[] = []
    const start = Date.now()
    for (let second = 1; second <= 120; second++) {
      const before = server.checks()
      await wait(1)
      if (server.checks() > before) checkTimes.push((Date.now() - start) / 1000)
    }
    expect(FIRST_CHECK_S).toBe(2)
    expect(MAX_CHECK_S).toBe(30)
    // 2, +4, +8, +16, +30, +30, +30
    expect(checkTimes).toEqual([2, 6, 14, 30, 60, 90, 120])
    expect(store.unavailable).toBe(true)
  })

  it('waits as long as the server says (Retry-After), at most 30 s', async () => {
    const server = readyz([5, 120, 'up'])
    store.start()
    store.report(1)

    await wait(1)
    expect(server.checks()).toBe(1) // the report's Retry-After
    await wait(4.9)
    expect(server.checks()).toBe(1)
    await wait(0.1)
    expect(server.checks()).toBe(2) // readyz's Retry-After: 5
    await wait(29.9)
    expect(server.checks()).toBe(2)
    await wait(0.1)
    expect(server.checks()).toBe(3) // 120 capped at 30
    expect(store.unavailable).toBe(false)
  })

  it('clears when readiness answers ready, says so for a few seconds, and polls no more', async () => {
    const server = readyz(['down', 'up'])
    store.start()
    store.report(null)

    await wait(2)
    expect(store.unavailable).toBe(true)
    await wait(4)
    expect(store.unavailable).toBe(false)
    expect(store.recovered).toBe(true)
    expect(store.nextCheckAt).toBeNull()

    await vi.advanceTimersByTimeAsync(RECOVERED_SHOW_MS)
    expect(store.recovered).toBe(false)
    await wait(120)
    expect(server.checks()).toBe(2)
  })

  it('runs one poller however many requests fail, and "retry now" sends no second check while one is out', async () => {
    let answer: (response: Response) => void = () => undefined
    const fetchStub = vi.fn(() => new Promise<Response>((resolve) => (answer = resolve)))
    vi.stubGlobal('fetch', fetchStub)
    store.start()
    store.start()
    store.report(2)
    store.report(null)
    store.report(1)

    await wait(1.9)
    expect(fetchStub).not.toHaveBeenCalled()
    await wait(0.1)
    expect(fetchStub).toHaveBeenCalledTimes(1)
    expect(store.checking).toBe(true)
    store.checkNow()
    store.report(null)
    await wait(60)
    expect(fetchStub).toHaveBeenCalledTimes(1)

    answer(jsonResponse(200, { status: 'ok' }))
    await wait(0)
    expect(store.unavailable).toBe(false)
    expect(fetchStub).toHaveBeenCalledTimes(1)
  })

  it('checks at once on "retry now", and goes on with the backoff after', async () => {
    const server = readyz(['down'])
    store.start()
    store.report(null)

    store.checkNow()
    await wait(0)
    expect(server.checks()).toBe(1)
    expect(store.nextCheckAt).toBe(Date.now() + 4_000)
    await wait(4)
    expect(server.checks()).toBe(2)
  })

  it('notes an outage but polls only while started; stop() ends the polling and a check on the wire', async () => {
    const server = readyz(['down'])
    store.report(null)
    await wait(60)
    expect(server.checks()).toBe(0)
    expect(store.unavailable).toBe(true)

    store.start()
    await wait(2)
    expect(server.checks()).toBe(1)
    store.stop()
    await wait(120)
    expect(server.checks()).toBe(1)
    expect(store.nextCheckAt).toBeNull()

    let signal: AbortSignal | undefined
    vi.stubGlobal('fetch', (_url: string, init: RequestInit) => {
      signal = init.signal ?? undefined
      return new Promise<Response>(() => undefined)
    })
    store.start()
    await wait(4) // the backoff goes on where it was
    expect(signal?.aborted).toBe(false)
    store.stop()
    expect(signal?.aborted).toBe(true)
    expect(store.checking).toBe(false)
  })

  it('starts again after a new 503 once recovered', async () => {
    const server = readyz(['up'])
    store.start()
    store.report(null)
    await wait(2)
    expect(store.recovered).toBe(true)

    store.report(4)
    expect(store.recovered).toBe(false)
    expect(store.unavailable).toBe(true)
    await wait(4)
    expect(server.checks()).toBe(2)
    expect(store.unavailable).toBe(false)
  })
})
