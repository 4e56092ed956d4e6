import { request } from './request'

export type JobStatus = 'queued' | 'running' | 'done' | 'failed'
export type JobKind = 'recompute' | 'preview'

export const JOB_STATUSES: readonly JobStatus[] = ['queued', 'running', 'done', 'failed']
export const JOB_KINDS: readonly JobKind[] = ['recompute', 'preview']

/**
 * Long work in the background (a recompute of every score snapshot, an
 * impact preview), polled at GET /jobs/{id} until done or failed. R is the
 * result a finished job carries (a preview's impact); absent otherwise.
 */
export interface Job<R = unknown> {
  id: number
  kind: JobKind
  status: JobStatus
  /** What it is for: "requested in the UI", "publish scoring:2", "scoring:2". */
  param: string
  /** Officials to process; 0 until the job has counted them. */
  total: number
  done: number
  /** done / total, 0..1; 1 once done. */
  progress: number
  /** Why it failed; for a recompute the policy version it applies. */
  message: string
  created_by: string
  created_at: string
  finished_at: string | null
  result?: R
}

export function isJobFinished(status: JobStatus): boolean {
  return status === 'done' || status === 'failed'
}

/** Admin. 404 when the job does not exist. */
export function getJob<R = unknown>(id: number, signal?: AbortSignal): Promise<Job<R>> {
  return request<Job<R>>(`/jobs/${id}`, { signal })
}

/** Admin. Queues a recompute of every official's score under the policy in force; 202 with the job. */
export function startRecompute(): Promise<Job> {
  return request<Job>('/recompute', { method: 'POST' })
}
