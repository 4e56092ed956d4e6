import type { Page, PageQuery } from './paging'
import { request, requestBlob, type Download } from './request'
import type { components, operations } from '@api-schema'

type Schemas = components['schemas']

export type OfficialCategory = 'civil_servant' | 'public_institution'
export type OfficialStatus = 'active' | 'retired' | 'left'

export const OFFICIAL_CATEGORIES: readonly OfficialCategory[] = ['civil_servant', 'public_institution']
export const OFFICIAL_STATUSES: readonly OfficialStatus[] = ['active', 'retired', 'left']

/** The registry entry. The full ID number never leaves the server. */
export type Official = Schemas['Official']

export interface OfficialQuery extends PageQuery {
  name?: string
  department_id?: number
  /** The full 18-character number; the server matches it exactly. */
  id_number?: string
  status?: OfficialStatus
  /** A grade key; only for those who may read scores (400 otherwise). */
  grade?: string
}

export interface CreateOfficialInput {
  department_id: number
  name: string
  id_number: string
  post?: string
  job_rank?: string
  category: OfficialCategory
  party_member?: boolean
  status?: OfficialStatus
}

export interface UpdateOfficialInput {
  /** The version that was loaded; 409 `conflict` when someone changed it since. */
  version: number
  department_id?: number
  name?: string
  post?: string
  job_rank?: string
  category?: OfficialCategory
  party_member?: boolean
  status?: OfficialStatus
}

export interface OfficialVersion {
  version: number
  snapshot: Record<string, unknown>
  changed_by: string
  created_at: string
}

/** A page of officials; for those who may read scores, also the scoring policy's grades, best first. */
export type OfficialList = Page<Official> & Pick<Schemas['OfficialList'], 'grades'>

export function listOfficials(query: OfficialQuery, signal?: AbortSignal): Promise<OfficialList> {
  return request<OfficialList>('/officials', { query: { ...query }, signal })
}

export function getOfficial(id: number): Promise<Official> {
  return request<Official>(`/officials/${id}`)
}

/** 400 with field errors (e.g. `id_number`), 409 when the ID number is registered. */
export function createOfficial(input: CreateOfficialInput): Promise<Official> {
  return request<Official>('/officials', { method: 'POST', body: input })
}

export function updateOfficial(id: number, input: UpdateOfficialInput): Promise<Official> {
  return request<Official>(`/officials/${id}`, { method: 'PATCH', body: input })
}

export function getOfficialHistory(id: number): Promise<Page<OfficialVersion>> {
  return request<Page<OfficialVersion>>(`/officials/${id}/history`)
}

/** What a roster did, or in a dry run would do. */
export type RosterResult = operations['importOfficials']['responses']['200']['content']['application/json']

/**
 * The roster's columns, as its problems name them (`errors[].field`), in
 * the template's order; `file` is the file as a whole.
 */
export const ROSTER_FIELDS = ['id_number', 'name', 'department', 'post', 'job_rank', 'category', 'party_member', 'status', 'file'] as const

/**
 * Uploads a roster of officials (CSV or XLSX), matched to the registry by
 * ID number. All or nothing: a roster with problems is a 400 whose field
 * errors name every bad row (`ApiError.problems`), and nothing is written.
 * The dry_run part goes before the file part, as the server reads it only
 * then.
 */
export function importRoster(file: File, dryRun: boolean): Promise<RosterResult> {
  const form = new FormData()
  form.append('dry_run', dryRun ? 'true' : 'false')
  form.append('file', file, file.name)
  return request<RosterResult>('/officials/import', { method: 'POST', body: form })
}

/** The roster workbook to fill in, with a sheet explaining each column. */
export function downloadRosterTemplate(): Promise<Download> {
  return requestBlob('/officials/import/template')
}
