import { useLocaleStore } from '@/stores/locale'
import { useSessionStore } from '@/stores/session'
import { ApiError, isProblemDetails } from './errors'

export { ApiError } from './errors'
export type { FieldError, ProblemDetails } from './errors'

export const API_BASE = '/api/v1'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
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
 */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await sendWithRefresh(path, options)
  const data = await readBody(response)
  if (!response.ok) throw problemOf(response, data)
  return data as T
}

/** A file the server sent as an attachment. */
export interface Download {
  blob: Blob
  /** From Content-Disposition; '' when the server named none. */
  filename: string
}

/**
 * Like `request`, for a file download (XLSX template, error report): the
 * same token, refresh and problem+json handling, but the body is kept as a
 * Blob. Save it with `saveDownload` (src/api/download.ts).
 */
export async function requestBlob(path: string, options: RequestOptions = {}): Promise<Download> {
  const response = await sendWithRefresh(path, options)
  if (!response.ok) throw problemOf(response, await readBody(response))
  return { blob: await response.blob(), filename: filenameOf(response.headers.get('Content-Disposition')) }
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

function problemOf(response: Response, data: unknown): ApiError {
  return ApiError.fromProblem(
    response.status,
    response.statusText,
    isProblemDetails(data) ? data : null,
    response.headers,
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
    throw ApiError.network(error)
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
