import type { Page, PageQuery } from './paging'
import { request } from './request'
import type { components } from '@api-schema'

type Schemas = components['schemas']

/**
 * Review and appeal of a sanction (复审、复核、申诉): a track of its own,
 * apart from the credit-data disputes. The deciding authority decides, the
 * data clerk of the record's source registers the filing and its outcome.
 * The sanction keeps barring while an appeal is open; only an outcome that
 * changes or revokes it changes the record (and the verdicts from its
 * effective date).
 */

/** 复审 review by the deciding body, 复核 recheck by the one above, 申诉 appeal. */
export type AppealKind = 'review' | 'recheck' | 'appeal'
export type AppealState = 'open' | 'decided'
/** 维持 upheld, 变更 changed (the record's next version), 撤销 revoked (it never barred). */
export type AppealOutcome = 'upheld' | 'changed' | 'revoked'

export const APPEAL_KINDS: readonly AppealKind[] = ['review', 'recheck', 'appeal']
export const APPEAL_STATES: readonly AppealState[] = ['open', 'decided']
export const APPEAL_OUTCOMES: readonly AppealOutcome[] = ['upheld', 'changed', 'revoked']

/**
 * The catalogue categories whose records are decisions of an authority that
 * may be reviewed or appealed: party and government sanctions,
 * organisational handling, the first form and accountability.
 */
export const SANCTION_CATEGORIES: readonly string[] = ['party_sanction', 'gov_sanction', 'org_handling', 'first_form', 'accountability']

export function isSanctionCategory(category: string): boolean {
  return SANCTION_CATEGORIES.includes(category)
}

export type Appeal = Schemas['Appeal']

export interface AppealQuery extends PageQuery {
  state?: AppealState
  kind?: AppealKind
  record_id?: number
  official_id?: number
}

export interface FileAppealInput {
  record_id: number
  kind: AppealKind
  filed_on: string
  authority: string
  reason: string
}

export interface DecideAppealInput {
  outcome: AppealOutcome
  decided_on: string
  document_no: string
  note: string
  /** Changed only: a code of the record's category. */
  new_code?: string
  /** Changed only: the period the new decision states. */
  new_period_months?: number
}

/**
 * Data clerk of the record's source. 400 with field errors (`record_id` for
 * a record that is not a sanction, `kind`, `filed_on`, `authority`,
 * `reason`), 404 for a record outside the source, 409 when the record is
 * revoked or an appeal of it is open already.
 */
export function fileAppeal(input: FileAppealInput): Promise<Appeal> {
  return request<Appeal>('/appeals', { method: 'POST', body: input })
}

/** The clerk's source's appeals: open ones first by due day. */
export function listAppeals(query: AppealQuery, signal?: AbortSignal): Promise<Page<Appeal>> {
  return request<Page<Appeal>>('/appeals', { query: { ...query }, signal })
}

export function getAppeal(id: number, signal?: AbortSignal): Promise<Appeal> {
  return request<Appeal>(`/appeals/${id}`, { signal })
}

/**
 * Clerk. 400 on `outcome`, `decided_on`, `document_no`, `note`, `new_code`
 * or `new_period_months` (changed needs one of them); 409 when decided already.
 */
export function decideAppeal(id: number, input: DecideAppealInput): Promise<Appeal> {
  return request<Appeal>(`/appeals/${id}/decide`, { method: 'POST', body: input })
}

/** Official: the appeals of their own records. */
export function listMyAppeals(signal?: AbortSignal): Promise<Page<Appeal>> {
  return request<Page<Appeal>>('/me/appeals', { signal })
}
