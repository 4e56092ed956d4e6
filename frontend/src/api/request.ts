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
}

/**
 * The one HTTP client. It sends the locale and the bearer token, unwraps
 * JSON, and turns every failure into an ApiError: a problem+json body keeps
 * its title, detail and field errors; no response at all becomes status 0.
 * A request cancelled through `signal` rejects with the AbortError as is.
 */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', query, body, signal, base = API_BASE } = options
  const headers = new Headers({ Accept: 'application/json, application/problem+json' })
  headers.set('Accept-Language', useLocaleStore().locale)
  const token = useSessionStore().accessToken
  if (token) headers.set('Authorization', `Bearer ${token}`)

  let payload: BodyInit | undefined
  if (body instanceof FormData) {
    payload = body
  } else if (body !== undefined) {
    headers.set('Content-Type', 'application/json')
    payload = JSON.stringify(body)
  }

  let response: Response
  try {
    response = await fetch(base + path + queryString(query), { method, headers, body: payload, signal })
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error
    throw ApiError.network(error)
  }

  const data = await readBody(response)
  if (!response.ok) {
    throw ApiError.fromProblem(response.status, response.statusText, isProblemDetails(data) ? data : null)
  }
  return data as T
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
