import { useAvailabilityStore } from '@/stores/availability'
import { useLocaleStore } from '@/stores/locale'
import { useSessionStore } from '@/stores/session'
import { ApiError, isProblemDetails, isReadMethod, parseRetryAfter } from './errors'

export { ApiError } from './errors'
export type { FieldError, ProblemDetails } from './errors'

export const API_BASE = '/api/v1'

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** How often a read that met a 503 or no answer is sent again. */
export const READ_RETRIES = 2
/** The wait before sending a read again when the server named none (no Retry-After). */
export const DEFAULT_RETRY_AFTER_S = 2
/** The longest wait before sending a read again, whatever Retry-After says. */
export const MAX_RETRY_AFTER_S = 30
export type QueryValue = string | number | boolean | null | undefined

export interface RequestOptions {
  method?: HttpMethod
  /** Appended as a query string; null and undefined values are left out. */
  query?: Record<string, QueryValue>
  /** Sent as JSON, or as is when it is FormData (file uploads). */
  body?: unknown
  signal?: AbortSignal
  /** Prefix for `path`; '' for the probes outside the API (/readyz). */
  base?: string
  /** Send no bearer token (login, refresh). Such a request never triggers a refresh. */
  anonymous?: boolean
  /**
   * On a 401, refresh the session once and retry (default true). Logout
   * turns it off: an expired token there needs no new one.
   */
  refreshOnUnauthorized?: boolean
  /**
   * A probe of the server's state (/readyz): a 503 or a network failure is
   * its answer, so it is neither sent again nor reported as an outage.
   */
  probe?: boolean
}

/**
 * The one HTTP client. It sends the locale and the bearer token, unwraps
 * JSON, and turns every failure into an ApiError: a problem+json body keeps
 * its title, detail, code and field errors; no response at all becomes
 * status 0. A request cancelled through `signal` rejects with the AbortError
 * as is.
 *
 * A 401 on a request that carried a token refreshes the session once and
 * retries. Concurrent 401s share one refresh (the session store makes it
 * single-flight); when the refresh fails the session store ends the session
 * and the 401 is thrown.
 *
 * A 503 or no answer at all is reported to the availability store (the
 * outage banner). A read (GET, HEAD) that met one is sent again after the
 * server's Retry-After (see `sendWithRetry`); a write never is, since it may
 * have been applied.
 */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await sendWithRetry(path, options)
  const data = await readBody(response)
  if (!response.ok) throw problemOf(response, data, options)
  return data as T
}

/** A file the server sent as an attachment. */
export interface Download {
  blob: Blob
  /** From Content-Disposition; '' when the server named none. */
  filename: string
  /** A list export's X-Export-Rows: how many rows the file holds. */
  rows?: number
}

/** How much of a download's body has arrived. */
export interface DownloadProgress {
  /** Bytes read so far. */
  received: number
  /** The body's Content-Length; null when the server sent none. */
  total: number | null
}

export interface BlobRequestOptions extends RequestOptions {
  /**
   * Follows the download: called once the answer's headers are in
   * (received 0), then after each chunk of the body, which is read through
   * its stream. Aborting `signal` while it is read stops it with an
   * AbortError.
   */
  onProgress?: (progress: DownloadProgress) => void
}

/**
 * Like `request`, for a file download (XLSX template, error report, list
 * export): the same token, refresh and problem+json handling, but the body
 * is kept as a Blob. Save it with `saveDownload` (src/api/download.ts).
 */
export async function requestBlob(path: string, options: BlobRequestOptions = {}): Promise<Download> {
  const response = await sendWithRetry(path, options)
  if (!response.ok) throw problemOf(response, await readBody(response), options)
  const rows = response.headers.get('X-Export-Rows')
  const blob = options.onProgress ? await readWithProgress(response, options.onProgress, options.signal) : await response.blob()
  return { blob, filename: filenameOf(response.headers.get('Content-Disposition')), ...(rows ? { rows: Number(rows) } : {}) }
}

/** The body of `response` read chunk by chunk, saying how much arrived after each. */
async function readWithProgress(response: Response, onProgress: (progress: DownloadProgress) => void, signal?: AbortSignal): Promise<Blob> {
  const length = Number(response.headers.get('Content-Length') ?? '')
  const total = Number.isFinite(length) && length > 0 ? length : null
  const type = response.headers.get('Content-Type') ?? ''
  onProgress({ received: 0, total })
  if (!response.body) {
    const blob = await response.blob()
    onProgress({ received: blob.size, total })
    return blob
  }
  const reader = response.body.getReader()
  // A body the browser reads fails by itself when the request is aborted;
  // cancelling the reader stops any other stream too.
  const stop = () => void reader.cancel().catch(() => undefined)
  signal?.addEventListener('abort', stop, { once: true })
  const chunks: BlobPart[] = []
  let received = 0
  try {
    for (;;) {
      if (signal?.aborted) throw abortError()
      const { done, value } = await reader.read()
      if (signal?.aborted) throw abortError()
      if (done) break
      chunks.push(value)
      received += value.byteLength
      onProgress({ received, total })
    }
  } catch (error) {
    stop()
    throw error
  } finally {
    signal?.removeEventListener('abort', stop)
  }
  return new Blob(chunks, { type })
}

function abortError(): DOMException {
  return new DOMException('The request was aborted.', 'AbortError')
}

/**
 * Sends the request; a read that meets a 503 or a network failure is sent
 * again after the server's Retry-After (DEFAULT_RETRY_AFTER_S without one,
 * at most MAX_RETRY_AFTER_S), READ_RETRIES times at most; then the last
 * answer (or the network error) is the caller's. Aborting `signal` during a
 * wait rejects with the AbortError at once and sends nothing more.
 */
async function sendWithRetry(path: string, options: RequestOptions): Promise<Response> {
  const method = options.method ?? 'GET'
  const retries = isReadMethod(method) && !options.probe ? READ_RETRIES : 0
  for (let attempt = 0; ; attempt++) {
    let response: Response
    try {
      response = await sendWithRefresh(path, options)
    } catch (error) {
      if (!(error instanceof ApiError) || !error.isNetworkError) throw error
      if (!options.probe) useAvailabilityStore().report(null)
      if (attempt >= retries) throw error
      await waitToRetry(null, options.signal)
      continue
    }
    if (response.status !== 503) return response
    const retryAfter = parseRetryAfter(response.headers.get('Retry-After'))
    if (!options.probe) useAvailabilityStore().report(retryAfter)
    if (attempt >= retries) return response
    void response.body?.cancel().catch(() => undefined)
    await waitToRetry(retryAfter, options.signal)
  }
}

/** Resolves after `retryAfter` seconds (bounded as above); rejects with an AbortError as soon as `signal` aborts. */
function waitToRetry(retryAfter: number | null, signal: AbortSignal | undefined): Promise<void> {
  const ms = Math.min(Math.max(retryAfter ?? DEFAULT_RETRY_AFTER_S, 0), MAX_RETRY_AFTER_S) * 1000
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError())
      return
    }
    const onAbort = () => {
      clearTimeout(timer)
      reject(abortError())
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

async function sendWithRefresh(path: string, options: RequestOptions): Promise<Response> {
  const { anonymous = false, refreshOnUnauthorized = true } = options
  const session = useSessionStore()
  const token = anonymous ? null : session.accessToken

  let response = await send(path, options, token)
  if (response.status === 401 && token !== null && refreshOnUnauthorized) {
    // Another request may have refreshed while this one was on the wire.
    const renewed = session.accessToken !== token || (await session.refreshSession())
    if (renewed && session.accessToken !== null) {
      response = await send(path, options, session.accessToken)
    }
  }
  return response
}

function problemOf(response: Response, data: unknown, options: RequestOptions): ApiError {
  return ApiError.fromProblem(
    response.status,
    response.statusText,
    isProblemDetails(data) ? data : null,
    response.headers,
    options.method ?? 'GET',
  )
}

/** `attachment; filename="x.xlsx"` (or filename*=UTF-8''…) → the name. */
export function filenameOf(disposition: string | null): string {
  if (!disposition) return ''
  const extended = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(disposition)
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim().replace(/^"|"$/g, ''))
    } catch {
      // fall through to the plain form
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(disposition)
  return (plain?.[2] ?? plain?.[1] ?? '').trim()
}

async function send(path: string, options: RequestOptions, token: string | null): Promise<Response> {
  const { method = 'GET', query, body, signal, base = API_BASE } = options
  const headers = new Headers({ Accept: 'application/json, application/problem+json' })
  headers.set('Accept-Language', useLocaleStore().locale)
  if (token) headers.set('Authorization', `Bearer ${token}`)

  let payload: BodyInit | undefined
  if (body instanceof FormData) {
    payload = body
  } else if (body !== undefined) {
    headers.set('Content-Type', 'application/json')
    payload = JSON.stringify(body)
  }

  try {
    return await fetch(base + path + queryString(query), { method, headers, body: payload, signal })
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error
    throw ApiError.network(error, method)
  }
}

function queryString(query: RequestOptions['query']): string {
  if (!query) return ''
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value !== null && value !== undefined) params.append(key, String(value))
  }
  const text = params.toString()
  return text ? `?${text}` : ''
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined
  const text = await response.text()
  if (!text) return undefined
  const type = response.headers.get('Content-Type') ?? ''
  if (!/[/+]json\b/.test(type)) return text
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw new ApiError({ status: response.status, title: 'Invalid JSON in response', cause: error })
  }
}
