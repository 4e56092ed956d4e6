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
  digest: string
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

/** Public, no sign-in: an unknown or altered code answers genuine: false. */
export function verifyReport(code: string, signal?: AbortSignal): Promise<Verification> {
  return request<Verification>(`/reports/verify/${encodeURIComponent(code)}`, { anonymous: true, signal })
}
