import { ApiError, request } from './request'

export interface Readiness {
  ready: boolean
  /** HTTP status of the probe, 0 when the server could not be reached. */
  status: number
  /** The server's problem detail when it is not ready. */
  detail: string
  /** Seconds the server asks us to wait before asking again (Retry-After), null when it did not say. */
  retryAfter: number | null
}

/**
 * `GET /readyz`: 200 `{"status":"ok"}` when the server can serve (database
 * reachable), 503 problem+json when not. Never throws an ApiError: a failed
 * probe is an answer, not an error. It is a probe: sent once, and a 503 is
 * not reported as an outage (the availability store asks it whether one
 * is over).
 */
export async function getReadiness(signal?: AbortSignal): Promise<Readiness> {
  try {
    const body = await request<{ status?: string }>('/readyz', { base: '', signal, probe: true })
    return { ready: body?.status === 'ok', status: 200, detail: '', retryAfter: null }
  } catch (error) {
    if (!(error instanceof ApiError)) throw error
    return { ready: false, status: error.status, detail: error.detail || error.title, retryAfter: error.retryAfter }
  }
}
