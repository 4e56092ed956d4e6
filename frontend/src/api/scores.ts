import { request } from './request'

/** Why a record does not count in a score. */
export type ScoreReason =
  | 'expired'
  | 'revoked'
  | 'repaired'
  | 'ended'
  | 'not_yet_decided'
  | 'no_rule'
  | 'disputed_suspended'

export const SCORE_REASONS: readonly ScoreReason[] = [
  'expired',
  'revoked',
  'repaired',
  'ended',
  'not_yet_decided',
  'no_rule',
  'disputed_suspended',
]

/** A line of the explanation: a record, or an adjustment (category cap, floor, ceiling). */
export type ScoreItemKind = 'record' | 'cap' | 'floor' | 'ceiling'

export const SCORE_ITEM_KINDS: readonly ScoreItemKind[] = ['record', 'cap', 'floor', 'ceiling']

/** A band of the score, as the policy names it. */
export interface ScoreGrade {
  key: string
  zh: string
  en: string
  /** The lowest score that earns it; null for the lowest grade. */
  min: number | null
}

export interface ScoreItem {
  kind: ScoreItemKind
  record_id?: number
  category?: string
  code?: string
  /** What it adds on the day (0 for what does not count). */
  points: number
  /** What the rule gives before any fade. */
  rule_points: number
  counted_from?: string
  /** Exclusive; absent or null while it counts until removed. */
  counted_until?: string | null
  disputed?: boolean
  reason?: ScoreReason
  /** A grade key the record forces while it counts. */
  forces_grade?: string
}

export interface ScoreResult {
  as_of: string
  policy_version: number
  base: number
  score: number
  grade: ScoreGrade
  /** The grade the points alone earn; differs from grade when a record forces a worse one. */
  score_grade: ScoreGrade
  /** The record forcing the grade. */
  forced_by?: number
  /** What counts, with the adjustments: score = base + the sum of their points. */
  items: ScoreItem[]
  not_counting: ScoreItem[]
}

/** The score on a day it changed. */
export interface ScorePoint {
  date: string
  score: number
  grade: string
}

export interface ScoreDetail {
  result: ScoreResult
  /** Every change in the six years before as_of, oldest first. */
  history: ScorePoint[]
}

/**
 * Admin. The score under the policy in force as of `asOf` (YYYY-MM-DD,
 * default the server's today), explained item by item. Audited; no-store.
 */
export function getOfficialScore(officialId: number, asOf?: string, signal?: AbortSignal): Promise<ScoreDetail> {
  return request<ScoreDetail>(`/officials/${officialId}/score`, { query: { as_of: asOf || undefined }, signal })
}
