import type { Official } from './officials'
import type { Page, PageQuery } from './paging'
import { request } from './request'
import type { ScoreDetail } from './scores'

export type RecordState = 'active' | 'revoked'
export type WriteOutcome = 'created' | 'updated' | 'unchanged'

export const RECORD_STATES: readonly RecordState[] = ['active', 'revoked']
export const WRITE_OUTCOMES: readonly WriteOutcome[] = ['created', 'updated', 'unchanged']

/** The fields of a submitted record, as the server names them in errors. */
export const RECORD_FIELDS = [
  'id_number',
  'name',
  'source_ref',
  'category',
  'code',
  'decision_date',
  'ended_on',
  'document_no',
  'authority',
  'summary',
] as const

export type RecordField = (typeof RECORD_FIELDS)[number]

/** One record as a clerk submits it; every field is a string. */
export interface RecordInput {
  id_number: string
  name?: string
  source_ref: string
  category?: string
  code: string
  decision_date: string
  ended_on?: string
  document_no?: string
  authority?: string
  summary?: string
}

export interface RecordWriteResult {
  source_ref: string
  id: number
  outcome: WriteOutcome
  /** The record's version now. */
  version: number
}

/** A superseded version of a record. */
export interface RecordVersion {
  version: number
  code: string
  decision_date: string
  ended_on: string | null
  document_no: string
  authority: string
  summary: string
  state: RecordState
  state_reason: string
  changed_by: string
  change_reason: string
  changed_at: string
}

/** One entry of an integrity file (named so as not to shadow TS's Record). */
export interface IntegrityRecord {
  id: number
  official_id: number
  official_name: string
  id_number_masked: string
  source_id: number
  source_name: string
  source_ref: string
  category: string
  code: string
  decision_date: string
  ended_on: string | null
  document_no: string
  authority: string
  summary: string
  state: RecordState
  state_reason: string
  under_dispute: boolean
  repaired_on: string | null
  version: number
  created_at: string
  updated_at: string
  /** Earlier versions, newest first; absent in lists and when there are none. */
  history?: RecordVersion[]
}

export interface RecordQuery extends PageQuery {
  official_id?: number
  category?: string
  code?: string
  state?: RecordState
  source_ref?: string
}

export interface FileCategory {
  key: string
  zh: string
  en: string
  /** Newest decision first, each with its history. */
  records: IntegrityRecord[]
}

/** An official's integrity file as the caller may see it. */
export interface OfficialFile {
  official: Official
  categories: FileCategory[]
  record_count: number
  /**
   * Today's score with its explanation, only for a reader of the whole file
   * (an administrator); absent from a source's partial view, which would
   * misstate it.
   */
  score?: ScoreDetail
}

/**
 * All or nothing: a 400 lists every problem (row = the 1-based item).
 * 201 when a record was created, 200 otherwise, one result per record.
 */
export function submitRecords(records: RecordInput[]): Promise<{ results: RecordWriteResult[] }> {
  return request('/records', { method: 'POST', body: { records } })
}

/** Newest decision first, without history. A clerk sees their source's records only. */
export function listRecords(query: RecordQuery, signal?: AbortSignal): Promise<Page<IntegrityRecord>> {
  return request<Page<IntegrityRecord>>('/records', { query: { ...query }, signal })
}

export function getRecord(id: number): Promise<IntegrityRecord> {
  return request<IntegrityRecord>(`/records/${id}`)
}

/** 409 when it is revoked already. */
export function revokeRecord(id: number, reason: string): Promise<IntegrityRecord> {
  return request<IntegrityRecord>(`/records/${id}/revoke`, { method: 'POST', body: { reason } })
}

/** Never cached: the server answers no-store and every read is audited. */
export function getOfficialFile(officialId: number, signal?: AbortSignal): Promise<OfficialFile> {
  return request<OfficialFile>(`/officials/${officialId}/file`, { signal })
}
