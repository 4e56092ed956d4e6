import type { Page, PageQuery } from './paging'
import { request, requestBlob, type Download } from './request'

/** The record a dispute or repair application is about, as it stood. */
export interface CaseRecord {
  id: number
  category: string
  code: string
  decision_date: string
  document_no: string
  version: number
}

/** A file attached to a dispute or repair application (PDF, PNG or JPEG by content). */
export interface CaseAttachment {
  id: number
  filename: string
  content_type: string
  size: number
}

/** What disputes and repair applications share. */
export interface CaseBase {
  id: number
  record: CaseRecord
  official_name: string
  id_number_masked: string
  source_name: string
  /** The working day the source must decide by (weekends and holidays skipped). */
  due_on: string
  /** Still undecided after due_on. */
  overdue: boolean
  decided_by: string
  decided_at: string | null
  decision_note: string
  created_at: string
  /** Only in the answer for one case (GET …/{id}) and on filing; empty in lists. */
  attachments: CaseAttachment[]
}

export type DisputeState = 'open' | 'corrected' | 'revoked' | 'upheld'
export type DisputeOutcome = Exclude<DisputeState, 'open'>

export const DISPUTE_STATES: readonly DisputeState[] = ['open', 'corrected', 'revoked', 'upheld']
export const DISPUTE_OUTCOMES: readonly DisputeOutcome[] = ['corrected', 'revoked', 'upheld']

/**
 * Why the official disputes a record. The first three question the record's
 * data: the record is flagged under dispute and a verdict resting on it
 * needs review. "other" does not flag it: the merits of a sanction are a
 * matter for review and appeal (复审、复核、申诉), which never suspend it.
 */
export type DisputeGround = 'not_me' | 'wrong_date' | 'wrong_content' | 'other'

export const DISPUTE_GROUNDS: readonly DisputeGround[] = ['not_me', 'wrong_date', 'wrong_content', 'other']

/** A ground that questions whether the record is right (it flags the record under dispute). */
export function isDataGround(ground: string): boolean {
  return ground === 'not_me' || ground === 'wrong_date' || ground === 'wrong_content'
}

export interface Dispute extends CaseBase {
  state: DisputeState
  /** Absent on disputes filed before grounds existed (they read as "other"). */
  ground?: DisputeGround
  reason: string
  /** Extended once already (with extension_reason). */
  extended?: boolean
  extension_reason?: string
  /** Corrected: the record's version the correction wrote. */
  new_version?: number
}

/** The corrected record (outcome corrected); errors come back under correction.<field>. */
export interface DisputeCorrection {
  code: string
  decision_date: string
  ended_on?: string
  document_no?: string
  authority?: string
  summary?: string
}

export interface ResolveDisputeInput {
  outcome: DisputeOutcome
  /** The reasons, required. */
  note: string
  correction?: DisputeCorrection
}

export interface CaseQuery<S extends string> extends PageQuery {
  state?: S
}

/**
 * The form of a dispute or repair application: its fields first, then the
 * files, as the server reads the parts in order.
 */
export function caseForm(fields: Record<string, string | number>, files: readonly File[]): FormData {
  const form = new FormData()
  for (const [name, value] of Object.entries(fields)) form.append(name, String(value))
  for (const file of files) form.append('attachments', file, file.name)
  return form
}

/**
 * Official. On a data ground flags the record under dispute at once. 400
 * with field errors (`ground`, `reason`, `attachments[i]` naming the file),
 * 413 for a file over the limit, 404 for a record outside the official's
 * view, 409 when revoked or under dispute already.
 */
export function createDispute(recordId: number, ground: DisputeGround, reason: string, files: readonly File[]): Promise<Dispute> {
  return request<Dispute>('/disputes', { method: 'POST', body: caseForm({ record_id: recordId, ground, reason }, files) })
}

/** An official's own, a clerk's source's; open ones first by due day. */
export function listDisputes(query: CaseQuery<DisputeState>, signal?: AbortSignal): Promise<Page<Dispute>> {
  return request<Page<Dispute>>('/disputes', { query: { ...query }, signal })
}

/** With its attachments. */
export function getDispute(id: number, signal?: AbortSignal): Promise<Dispute> {
  return request<Dispute>(`/disputes/${id}`, { signal })
}

/** Clerk. Once: `days` working days from the filing in all (more than the default, at most the maximum). 409 when decided or extended. */
export function extendDispute(id: number, days: number, reason: string): Promise<Dispute> {
  return request<Dispute>(`/disputes/${id}/extend`, { method: 'POST', body: { days, reason } })
}

/** Clerk. 400 on `note`, `outcome` or `correction.<field>`; 409 when decided already. */
export function resolveDispute(id: number, input: ResolveDisputeInput): Promise<Dispute> {
  return request<Dispute>(`/disputes/${id}/resolve`, { method: 'POST', body: input })
}

/** The file, with the bearer token; save it with saveDownload. */
export function downloadDisputeAttachment(id: number, attachmentId: number): Promise<Download> {
  return requestBlob(`/disputes/${id}/attachments/${attachmentId}`)
}
