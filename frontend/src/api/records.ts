import type { Lookup } from './lookups'
import type { Official } from './officials'
import type { Page, PageQuery } from './paging'
import { request } from './request'
import type { ScoreDetail } from './scores'
import type { Warning } from './warnings'
import type { components } from '@api-schema'

type Schemas = components['schemas']

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
  'effective_date',
  'period_months',
  'ended_on',
  'act_ref',
  'assessment_year',
  'document_no',
  'authority',
  'summary',
] as const

export type RecordField = (typeof RECORD_FIELDS)[number]

/** One record as a clerk submits it; every field is a string. */
export type RecordInput = Schemas['RecordInput']

export type RecordWriteResult = Schemas['RecordWriteResult']

/** A superseded version of a record. */
export type RecordVersion = Schemas['RecordVersion']

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
  /** 生效日期: the record has its legal effect from this day. */
  effective_date?: string
  /** The period the decision states; null: the standard period. */
  period_months?: number | null
  ended_on: string | null
  /** 案件编号: records sharing one are of the same act. */
  act_ref?: string
  assessment_year?: number | null
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

export type FileCategory = Schemas['FileCategory']

/**
 * The official a file names. Inside a lookup without the basic module only
 * id, name, masked ID number and department come; the rest is absent.
 */
export type FileOfficial = Pick<Official, 'id' | 'name' | 'id_number_masked' | 'department_id' | 'department_name'> &
  Partial<Omit<Official, 'id' | 'name' | 'id_number_masked' | 'department_id' | 'department_name'>>

/** An official's integrity file as the caller may see it. */
export interface OfficialFile {
  official: FileOfficial
  categories: FileCategory[]
  record_count: number
  /**
   * Today's score with its explanation, only for a reader of the whole file
   * (an administrator); absent from a source's partial view, which would
   * misstate it.
   */
  score?: ScoreDetail
  /** Discipline staff: the approved lookup the file is read under (seconds_left counts down). */
  lookup?: Lookup
  /** Discipline staff: the modules the lookup grants. */
  modules?: string[]
  /** The official's open and acknowledged warnings, most urgent first (an administrator, or inside a lookup). */
  warnings?: Warning[]
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

/**
 * Never cached: the server answers no-store and every read is audited.
 * Discipline staff read it only inside an open approved lookup (`lookupId`
 * picks one; default the one ending last), and meet 404 otherwise.
 */
export function getOfficialFile(officialId: number, signal?: AbortSignal, lookupId?: number): Promise<OfficialFile> {
  return request<OfficialFile>(`/officials/${officialId}/file`, { signal, query: { lookup_id: lookupId } })
}
