import type { Page, PageQuery } from './paging'
import { request } from './request'

export type LookupState = 'pending' | 'approved' | 'rejected' | 'expired' | 'revoked'

export const LOOKUP_STATES: readonly LookupState[] = ['pending', 'approved', 'rejected', 'expired', 'revoked']

/** What a lookup may be for. A confidential purpose stays out of the official's own access log. */
export interface LookupPurpose {
  key: string
  zh: string
  en: string
  confidential: boolean
}

/** A part of a file a lookup may open, with the record categories it shows. */
export interface LookupModule {
  key: string
  zh: string
  en: string
  categories: string[]
  sensitive: boolean
  /** Granted only when two different approvers approve (property, problem leads). */
  two_approvers: boolean
  /** Its categories score nothing (problem leads): the score shows without it. */
  not_scored?: boolean
}

/** The lookup policy in force (GET /lookups/config). */
export interface LookupPolicy {
  version: number
  name: string
  /** A request no one decides within this time expires. */
  pending_hours: number
  default_days: number
  max_days: number
  max_officials: number
  purposes: LookupPurpose[]
  modules: LookupModule[]
}

/** An official a lookup names: never more than the masked ID number. */
export interface LookupOfficial {
  id: number
  name: string
  id_number_masked: string
  department_id: number
  department_name: string
}

export interface LookupApproval {
  approver: string
  modules: string[]
  days: number
  note: string
  created_at: string
}

export interface Lookup {
  id: number
  requester: string
  purpose: string
  confidential: boolean
  reason: string
  legal_basis: string
  /** The modules requested. */
  modules: string[]
  requested_days: number
  /** The modules granted (empty until approved). */
  granted: string[]
  /** The effective state: a request nobody decided in time, or a closed window, is expired. */
  state: LookupState
  pending_until: string
  access_from: string | null
  access_until: string | null
  /** Approved: seconds until the window closes. Pending: until the request expires. */
  seconds_left: number
  /** The approvers, comma-separated. */
  decided_by: string
  decided_at: string | null
  decision_note: string
  revoked_by: string
  revoked_at: string | null
  revoke_reason: string
  /** Pending after a first approval of a module that needs two approvers. */
  awaiting_second: boolean
  policy_version: number
  created_at: string
  officials: LookupOfficial[]
  approvals: LookupApproval[]
}

export interface LookupQuery extends PageQuery {
  state?: LookupState
  official_id?: number
  /** An approver's own requests instead of the queue. */
  mine?: boolean
}

/** The request fields, as the server names them in field errors. */
export interface LookupRequestInput {
  official_ids: number[]
  purpose: string
  reason: string
  legal_basis?: string
  modules: string[]
  /** Absent: the policy's default window. */
  days?: number
}

export interface LookupDecisionInput {
  /** Approve: a subset of the requested modules. */
  modules?: string[]
  /** Approve: the window in days, at most max_days. */
  days?: number
  /** Required for a rejection. */
  note?: string
}

/** What awaits the caller (GET /lookups/inbox). */
export interface LookupInbox {
  /** The `since` of the next poll. */
  server_time: string
  /** Approvers: pending requests in scope neither made nor approved by them. */
  awaiting_my_decision: number
  /** The caller's own requests decided, revoked or expired since `since`, newest first. */
  decided: Lookup[]
  /**
   * The commission's requests for integrity opinions in the caller's scope
   * still to answer (open), and of them those past their due day (overdue);
   * zero for roles that do not answer them.
   */
  opinions?: { open: number; overdue: number }
}

export function getLookupConfig(): Promise<LookupPolicy> {
  return request<LookupPolicy>('/lookups/config')
}

/** Newest first: an approver's queue in scope (or `mine`), a staff member's own requests. */
export function listLookups(query: LookupQuery, signal?: AbortSignal): Promise<Page<Lookup>> {
  const { mine, ...rest } = query
  return request<Page<Lookup>>('/lookups', { query: { ...rest, mine: mine ? 'true' : undefined }, signal })
}

export function getLookup(id: number): Promise<Lookup> {
  return request<Lookup>(`/lookups/${id}`)
}

/** 201 with the pending request; 400 with field errors (official_ids, purpose, reason, modules, days). */
export function createLookup(input: LookupRequestInput): Promise<Lookup> {
  return request<Lookup>('/lookups', { method: 'POST', body: input })
}

/** 403 for one's own request; 409 when it is no longer pending or this approver approved already. */
export function approveLookup(id: number, decision: LookupDecisionInput): Promise<Lookup> {
  return request<Lookup>(`/lookups/${id}/approve`, { method: 'POST', body: decision })
}

/** The same 403 and 409 as approval; 400 on `note` without a reason. */
export function rejectLookup(id: number, note: string): Promise<Lookup> {
  return request<Lookup>(`/lookups/${id}/reject`, { method: 'POST', body: { note } })
}

/** 409 when the lookup is not approved and open. */
export function revokeLookup(id: number, reason: string): Promise<Lookup> {
  return request<Lookup>(`/lookups/${id}/revoke`, { method: 'POST', body: { reason } })
}

export function getLookupInbox(since?: string, signal?: AbortSignal): Promise<LookupInbox> {
  return request<LookupInbox>('/lookups/inbox', { query: { since }, signal })
}
