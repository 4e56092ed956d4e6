import { ApiError, request } from './request'

export interface Readiness {
  ready: boolean
  /** HTTP status of the probe, 0 when the server could not be reached. */
  status: number
  /** The server's problem detail when it is not ready. */
  detail: string
}

/**
 * `GET /readyz`: 200 `{"status":"ok"}` when the server can serve (database
 * reachable), 503 problem+json when not. Never throws an ApiError: a failed
 * probe is an answer, not an error.
 */
export async function getReadiness(signal?: AbortSignal): Promise<Readiness> {
  try {
    const body = await request<{ status?: string }>('/readyz', { base: '', signal })
    return { ready: body?.status === 'ok', status: 200, detail: '' }
  } catch (error) {
    if (!(error instanceof ApiError)) throw error
    return { ready: false, status: error.status, detail: error.detail || error.title }
  }
}
