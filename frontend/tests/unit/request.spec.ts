import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { getReadiness } from '@/api/health'
import { getMeta } from '@/api/meta'
import { startImport } from '@/api/imports'
import { ApiError, filenameOf, request, requestBlob } from '@/api/request'
import { useAvailabilityStore } from '@/stores/availability'
import { useLocaleStore } from '@/stores/locale'
import { useSessionStore } from '@/stores/session'
import { jsonResponse, problemResponse } from './helpers'

const fetchMock = vi.fn<typeof fetch>()

function sentHeaders(call = 0): Headers {
  const init = fetchMock.mock.calls[call]?.[1]
  return new Headers(init?.headers)
}

beforeEach(() => {
  setActivePinia(createPinia())
  fetchMock.mockReset()
  vi.stubGlobal('fetch', fetchMock)
})

afterEach(() => {
  vi.useRealTimers()
})

/** Timers the retry waits on, faked; promises and the rest stay real. */
function fakeTimers(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
}

/** A 503 as the server sends it while its database is down. */
function unavailable(retryAfter?: string): Response {
  return problemResponse(503, 'unavailable', {
    detail: 'the database is unavailable',
    headers: retryAfter === undefined ? {} : { 'Retry-After': retryAfter },
  })
}

describe('request', () => {
  it('returns the JSON body of a success under /api/v1', async () => {
    const meta = { name: 'integrity', version: '0.1.0', environment: 'development', demo: true }
    fetchMock.mockResolvedValue(jsonResponse(200, meta))

    await expect(getMeta()).resolves.toEqual(meta)
    expect(fetchMock.mock.calls[0]?.[0]).toBe('/api/v1/meta')
  })

  it('turns a problem+json body into an ApiError with field errors', async () => {
    fetchMock.mockResolvedValue(
      jsonResponse(
        422,
        {
          type: 'https://integrity.example/problems/invalid',
          title: 'Invalid request',
          status: 422,
          detail: 'Two fields are wrong.',
          errors: [
            { field: 'id_number', message: 'bad checksum' },
            { field: 'name', message: 'required' },
            { field: 'name', message: 'too long' },
          ],
        },
        'application/problem+json',
      ),
    )

    const error = await request('/officials', { method: 'POST', body: { name: '' } }).catch((e: unknown) => e)

    expect(error).toBeInstanceOf(ApiError)
    const apiError = error as ApiError
    expect(apiError.status).toBe(422)
    expect(apiError.title).toBe('Invalid request')
    expect(apiError.detail).toBe('Two fields are wrong.')
    expect(apiError.type).toBe('https://integrity.example/problems/invalid')
    expect(apiError.fieldErrors).toEqual({ id_number: 'bad checksum', name: 'required; too long' })
    expect(apiError.isNetworkError).toBe(false)
  })

  it('keeps the status of an error that has no problem body', async () => {
    fetchMock.mockResolvedValue(new Response('upstream down', { status: 502, statusText: 'Bad Gateway' }))

    const error = (await request('/meta').catch((e: unknown) => e)) as ApiError

    expect(error).toBeInstanceOf(ApiError)
    expect(error.status).toBe(502)
    expect(error.title).toBe('Bad Gateway')
    expect(error.fieldErrors).toEqual({})
  })

  it('turns a network failure into an ApiError with status 0', async () => {
    fakeTimers()
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'))

    const pending = request('/meta').catch((e: unknown) => e)
    await vi.runAllTimersAsync() // the two retries a read gets
    const error = (await pending) as ApiError

    expect(error).toBeInstanceOf(ApiError)
    expect(error.status).toBe(0)
    expect(error.isNetworkError).toBe(true)
    expect(error.cause).toBeInstanceOf(TypeError)
  })

  it('lets a cancelled request reject with the AbortError', async () => {
    fetchMock.mockRejectedValue(new DOMException('aborted', 'AbortError'))

    await expect(request('/meta')).rejects.toMatchObject({ name: 'AbortError' })
  })

  it('sends no Authorization header without a token', async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, {}))

    await request('/meta')

    expect(sentHeaders().has('Authorization')).toBe(false)
  })

  it('sends the bearer token when the session has one', async () => {
    useSessionStore().accessToken = 'token-123'
    fetchMock.mockResolvedValue(jsonResponse(200, {}))

    await request('/me')

    expect(sentHeaders().get('Authorization')).toBe('Bearer token-123')
  })

  it('sends the current locale as Accept-Language', async () => {
    fetchMock.mockImplementation(() => Promise.resolve(jsonResponse(200, {})))
    await request('/meta')
    expect(sentHeaders(0).get('Accept-Language')).toBe('zh-CN')

    useLocaleStore().setLocale('en')
    await request('/meta')
    expect(sentHeaders(1).get('Accept-Language')).toBe('en')
  })

  it('encodes JSON bodies and query parameters', async () => {
    fetchMock.mockResolvedValue(new Response(null, { status: 204 }))

    const result = await request('/officials', {
      method: 'POST',
      query: { page: 2, page_size: 50, q: undefined },
      body: { name: '张三' },
    })

    expect(result).toBeUndefined()
    const [url, init] = fetchMock.mock.calls[0] ?? []
    expect(url).toBe('/api/v1/officials?page=2&page_size=50')
    expect(init?.body).toBe('{"name":"张三"}')
    expect(sentHeaders().get('Content-Type')).toBe('application/json')
  })
})

describe('getReadiness', () => {
  it('is ready when /readyz answers ok', async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, { status: 'ok' }))

    await expect(getReadiness()).resolves.toEqual({ ready: true, status: 200, detail: '', retryAfter: null })
    expect(fetchMock.mock.calls[0]?.[0]).toBe('/readyz')
  })

  it('reports the problem detail and the Retry-After of a 503, asking once and reporting no outage', async () => {
    fetchMock.mockResolvedValue(
      new Response(JSON.stringify({ title: 'Service Unavailable', status: 503, detail: 'database unreachable' }), {
        status: 503,
        headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '5' },
      }),
    )

    await expect(getReadiness()).resolves.toEqual({ ready: false, status: 503, detail: 'database unreachable', retryAfter: 5 })
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(useAvailabilityStore().unavailable).toBe(false)
  })

  it('reports an unreachable server as status 0', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'))

    await expect(getReadiness()).resolves.toMatchObject({ ready: false, status: 0 })
    expect(fetchMock).toHaveBeenCalledTimes(1)
  })
})

describe('downloads and uploads', () => {
  it('fetches a file as a Blob with the bearer token, named by Content-Disposition', async () => {
    useSessionStore().accessToken = 'token-1'
    fetchMock.mockResolvedValue(
      new Response(new Uint8Array([80, 75, 3, 4]), {
        status: 200,
        headers: { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Content-Disposition': 'attachment; filename="import-errors.xlsx"' },
      }),
    )

    const download = await requestBlob('/imports/3/errors')
    expect(download.filename).toBe('import-errors.xlsx')
    expect(download.blob.size).toBe(4)
    expect(sentHeaders().get('Authorization')).toBe('Bearer token-1')
  })

  it('turns a failed download into an ApiError', async () => {
    fetchMock.mockResolvedValue(jsonResponse(404, { title: 'Not found', status: 404, detail: 'no such import', code: 'not_found' }, 'application/problem+json'))
    const error = await requestBlob('/imports/99/errors').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).status).toBe(404)
  })

  it('reads both forms of a Content-Disposition file name', () => {
    expect(filenameOf('attachment; filename="records-template.xlsx"')).toBe('records-template.xlsx')
    expect(filenameOf("attachment; filename*=UTF-8''%E9%94%99%E8%AF%AF.xlsx")).toBe('错误.xlsx')
    expect(filenameOf(null)).toBe('')
  })

  it('sends an import as multipart with the dry_run part before the file', async () => {
    fetchMock.mockResolvedValue(jsonResponse(202, { id: 1, status: 'queued' }))
    await startImport(new File(['a,b\n'], 'records.csv', { type: 'text/csv' }), true)

    const [url, init] = fetchMock.mock.calls[0] ?? []
    expect(url).toBe('/api/v1/imports?dry_run=true')
    const body = init?.body as FormData
    expect([...body.keys()]).toEqual(['dry_run', 'file'])
    expect(body.get('dry_run')).toBe('true')
    expect((body.get('file') as File).name).toBe('records.csv')
    expect(sentHeaders().get('Content-Type')).toBeNull()
  })
})

describe('reads through an outage', () => {
  it.each(['GET', 'HEAD'] as const)('sends a %s that met a 503 again after the Retry-After', async (method) => {
    fakeTimers()
    fetchMock.mockResolvedValueOnce(unavailable('3')).mockResolvedValueOnce(jsonResponse(200, { items: [] }))

    const pending = request('/officials', { method })
    await vi.advanceTimersByTimeAsync(2_999)
    expect(fetchMock).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(fetchMock).toHaveBeenCalledTimes(2)

    await expect(pending).resolves.toEqual({ items: [] })
    expect(fetchMock.mock.calls[1]?.[0]).toBe('/api/v1/officials')
    expect(fetchMock.mock.calls[1]?.[1]?.method).toBe(method)
  })

  it('waits 2 s when the server names no wait, and never more than 30 s', async () => {
    fakeTimers()
    fetchMock
      .mockResolvedValueOnce(unavailable())
      .mockResolvedValueOnce(unavailable('600'))
      .mockResolvedValueOnce(jsonResponse(200, { ok: true }))

    const pending = request('/meta')
    await vi.advanceTimersByTimeAsync(1_999)
    expect(fetchMock).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(fetchMock).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(29_999)
    expect(fetchMock).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(1)
    expect(fetchMock).toHaveBeenCalledTimes(3)
    await expect(pending).resolves.toEqual({ ok: true })
  })

  it('sends a read again twice at most, then throws the last 503', async () => {
    fakeTimers()
    fetchMock.mockImplementation(() => Promise.resolve(unavailable('1')))

    const pending = request('/meta').catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(60_000)
    const error = (await pending) as ApiError

    expect(fetchMock).toHaveBeenCalledTimes(3)
    expect(error).toBeInstanceOf(ApiError)
    expect(error.status).toBe(503)
    expect(error.retryAfter).toBe(1)
    expect(error.isWrite).toBe(false)
  })

  it('sends a read that got no answer again, and throws the network error after the second retry', async () => {
    fakeTimers()
    fetchMock
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockResolvedValueOnce(jsonResponse(200, { ok: 1 }))
    const recovered = request('/meta')
    await vi.advanceTimersByTimeAsync(2_000)
    await expect(recovered).resolves.toEqual({ ok: 1 })
    expect(fetchMock).toHaveBeenCalledTimes(2)

    fetchMock.mockReset()
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'))
    const failed = request('/meta').catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(await failed).toMatchObject({ status: 0 })
    expect(fetchMock).toHaveBeenCalledTimes(3)
  })

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'] as const)('never sends a %s again: it may have been applied', async (method) => {
    fakeTimers()
    fetchMock.mockImplementation(() => Promise.resolve(unavailable('1')))

    const error = (await request('/officials/1', { method, body: { name: '张三' } }).catch((e: unknown) => e)) as ApiError
    expect(error.status).toBe(503)
    expect(error.isWrite).toBe(true)
    expect(error.method).toBe(method)

    fetchMock.mockImplementation(() => Promise.reject(new TypeError('Failed to fetch')))
    await expect(request('/officials/1', { method, body: {} })).rejects.toMatchObject({ status: 0, isWrite: true })
    await vi.advanceTimersByTimeAsync(60_000)
    expect(fetchMock).toHaveBeenCalledTimes(2)
  })

  it('rejects with the AbortError at once when aborted during the wait, and sends nothing more', async () => {
    fakeTimers()
    fetchMock.mockImplementation(() => Promise.resolve(unavailable('10')))
    const controller = new AbortController()

    const pending = request('/meta', { signal: controller.signal }).catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(fetchMock).toHaveBeenCalledTimes(1)
    controller.abort()
    const error = await pending // no timer advanced: the wait ends with the abort

    expect(error).toBeInstanceOf(DOMException)
    expect((error as DOMException).name).toBe('AbortError')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(fetchMock).toHaveBeenCalledTimes(1)
  })

  it('tells the availability store of a 503 or an unanswered request, with the Retry-After', async () => {
    const availability = useAvailabilityStore()
    const report = vi.spyOn(availability, 'report')
    fetchMock.mockResolvedValueOnce(unavailable('7'))
    await request('/officials', { method: 'POST', body: {} }).catch(() => undefined)
    expect(report).toHaveBeenLastCalledWith(7)
    expect(availability.unavailable).toBe(true)

    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'))
    await request('/officials', { method: 'POST', body: {} }).catch(() => undefined)
    expect(report).toHaveBeenLastCalledWith(null)
    expect(report).toHaveBeenCalledTimes(2)
  })
})
