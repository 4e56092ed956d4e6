import type { LookupOfficial } from './lookups'
import type { Page, PageQuery } from './paging'
import { request } from './request'

/** From the most urgent. */
export type WarningLevel = 'high' | 'medium' | 'low' | 'info'
export type WarningState = 'open' | 'acknowledged' | 'resolved'

export const WARNING_LEVELS: readonly WarningLevel[] = ['high', 'medium', 'low', 'info']
export const WARNING_STATES: readonly WarningState[] = ['open', 'acknowledged', 'resolved']

/** A record that raised a warning: never its text. */
export interface WarningRecord {
  id: number
  category: string
  code: string
  decision_date: string
  state: string
}

/** What a rule found: score and threshold, from and to grades, count, ends_on. */
export interface WarningDetail {
  score?: number
  threshold?: number
  from?: string
  to?: string
  count?: number
  ends_on?: string
  [key: string]: unknown
}

export interface Warning {
  id: number
  official: LookupOfficial
  rule: string
  level: WarningLevel
  state: WarningState
  records: WarningRecord[]
  detail: WarningDetail
  policy_version: number
  raised_at: string
  updated_at: string
  acked_by: string
  acked_at: string | null
  /** A username, or `system` when the condition cleared. */
  resolved_by: string
  resolved_at: string | null
  resolution_note: string
}

export interface WarningRule {
  key: string
  kind: string
  level: WarningLevel
  zh: string
  en: string
}

export interface WarningPolicy {
  version: number
  name: string
  rules: WarningRule[]
}

export interface WarningQuery extends PageQuery {
  /** Default: open and acknowledged. */
  state?: WarningState | 'all'
  level?: WarningLevel
  rule?: string
  official_id?: number
}

export function getWarningRules(): Promise<WarningPolicy> {
  return request<WarningPolicy>('/warnings/rules')
}

/** In the caller's scope, the most urgent level first, then the newest. */
export function listWarnings(query: WarningQuery, signal?: AbortSignal): Promise<Page<Warning>> {
  return request<Page<Warning>>('/warnings', { query: { ...query }, signal })
}

/** 409 when it is not open. */
export function ackWarning(id: number): Promise<Warning> {
  return request<Warning>(`/warnings/${id}/ack`, { method: 'POST', body: {} })
}

/** 409 when resolved already; 400 on `note` (2 to 1000 characters). */
export function resolveWarning(id: number, note: string): Promise<Warning> {
  return request<Warning>(`/warnings/${id}/resolve`, { method: 'POST', body: { note } })
}
