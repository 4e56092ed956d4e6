import type { Page, PageQuery } from './paging'
import { request } from './request'

/** A record as a report lists it. */
export interface ReportRecord {
  category: string
  code: string
  decision_date: string
  document_no: string
  authority: string
  state: string
  /** Counts in the score on the report's day. */
  counts: boolean
  /** The official disputes it and its source has not decided yet. */
  under_dispute?: boolean
}

/** What a report states, as issued (bound to its digest). */
export interface ReportContent {
  official: { name: string; id_number_masked: string; department: string; post?: string }
  score: number
  grade: { key: string; zh: string; en: string }
  policy_version: number
  as_of: string
  /** A lookup's report: the modules it covers and the lookup's purpose. */
  modules?: string[]
  purpose?: string
  records: ReportRecord[]
  issued_by: string
  issued_at: string
  /** The last day the report is valid (absent on reports issued before validity periods). */
  valid_until?: string
}

export interface Report {
  id: number
  /** The verification code (24 characters). */
  code: string
  /** The public page that verifies it: /verify/{code}. */
  verify_path: string
  via: 'self' | 'lookup'
  issued_by: string
  issued_at: string
  /** SHA-256 of the content, in hex: the paper prints its start for comparison with the public verification. */
  digest: string
  /** The last day it is valid; null for reports issued before validity periods. */
  valid_until?: string | null
  /** When its issuer revoked it; null while it stands. */
  revoked_at?: string | null
  revoke_reason?: string
  /** Absent in lists. */
  content?: ReportContent
}

/** All the public learns of a code. */
export interface Verification {
  genuine: boolean
  issued_at?: string
  name_masked?: string
  /** What the code vouches for: an integrity report, or a reply of integrity opinions with its number. */
  kind?: 'report' | 'opinion_reply'
  document_no?: string
  /** A report's last valid day, and whether it has passed. */
  valid_until?: string
  expired?: boolean
  /** Its issuer revoked it. */
  revoked?: boolean
  revoked_at?: string
  /** The grade it states (never the score or a record), as of its day. */
  grade?: string
  grade_zh?: string
  grade_en?: string
  as_of?: string
  /** SHA-256 of its content, as the paper prints it. */
  digest?: string
}

/** The first characters of a digest, grouped in fours, as the paper prints them. */
export function digestPrefix(digest: string): string {
  return (digest.slice(0, 16).match(/.{1,4}/g) ?? []).join(' ').toUpperCase()
}

/** Official. A report of what their own view shows; audited. */
export function issueMyReport(): Promise<Report> {
  return request<Report>('/me/reports', { method: 'POST', body: {} })
}

/** Official. Newest first, without their content. */
export function listMyReports(query: PageQuery = {}, signal?: AbortSignal): Promise<Page<Report>> {
  return request<Page<Report>>('/me/reports', { query: { ...query }, signal })
}

/** Official. The report as issued; 404 for another official's. */
export function getMyReport(id: number, signal?: AbortSignal): Promise<Report> {
  return request<Report>(`/me/reports/${id}`, { signal })
}

/**
 * Discipline staff, inside an open lookup that opens the whole file (400 on
 * `lookup_id` otherwise; 404 outside a lookup).
 */
export function issueLookupReport(officialId: number, lookupId?: number): Promise<Report> {
  return request<Report>(`/officials/${officialId}/reports`, { method: 'POST', body: lookupId ? { lookup_id: lookupId } : {} })
}

/** The issuer (an official their own report, discipline staff a lookup's) revokes a report with a reason; 404 for another's, 409 once revoked. */
export function revokeReport(id: number, reason: string): Promise<Report> {
  return request<Report>(`/me/issued-reports/${id}/revoke`, { method: 'POST', body: { reason } })
}

/** Public, no sign-in: an unknown or altered code answers genuine: false. */
export function verifyReport(code: string, signal?: AbortSignal): Promise<Verification> {
  return request<Verification>(`/reports/verify/${encodeURIComponent(code)}`, { anonymous: true, signal })
}
