import { caseForm, type CaseBase, type CaseQuery } from './disputes'
import type { Page } from './paging'
import { request, requestBlob, type Download } from './request'

export type RepairState = 'pending' | 'approved' | 'rejected'

export const REPAIR_STATES: readonly RepairState[] = ['pending', 'approved', 'rejected']

/** A credit repair application. */
export interface Repair extends CaseBase {
  state: RepairState
  statement: string
  commitment: string
  /** Approved: the day the record stops counting. */
  repaired_on?: string
}

export interface DecideRepairInput {
  approve: boolean
  /** Required to reject. */
  note: string
  /** Default the server's today; between the record's decision and today. */
  repaired_on?: string
}

/**
 * Official. A repairable record (credit-type) once its class's minimum
 * period has passed (400 on `record_id` naming the first day), with a
 * statement, a written commitment and at least one proof (`attachments`).
 * 409 when repaired, revoked or pending already.
 */
export function createRepair(recordId: number, statement: string, commitment: string, files: readonly File[]): Promise<Repair> {
  return request<Repair>('/repairs', { method: 'POST', body: caseForm({ record_id: recordId, statement, commitment }, files) })
}

/** An official's own, a clerk's source's; pending ones first by due day. */
export function listRepairs(query: CaseQuery<RepairState>, signal?: AbortSignal): Promise<Page<Repair>> {
  return request<Page<Repair>>('/repairs', { query: { ...query }, signal })
}

/** With its attachments. */
export function getRepair(id: number, signal?: AbortSignal): Promise<Repair> {
  return request<Repair>(`/repairs/${id}`, { signal })
}

/** Clerk. 400 on `note` or `repaired_on`; 409 when decided already. */
export function decideRepair(id: number, input: DecideRepairInput): Promise<Repair> {
  return request<Repair>(`/repairs/${id}/decide`, { method: 'POST', body: input })
}

export function downloadRepairAttachment(id: number, attachmentId: number): Promise<Download> {
  return requestBlob(`/repairs/${id}/attachments/${attachmentId}`)
}
