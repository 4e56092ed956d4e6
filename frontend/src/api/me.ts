import type { Reason } from './eligibility'
import type { OfficialFile } from './records'
import { request } from './request'

export type Verdict = 'eligible' | 'ineligible' | 'needs_review'

export const MY_VERDICTS: readonly Verdict[] = ['eligible', 'ineligible', 'needs_review']

/** Why a purpose is barred: the same reasons an eligibility check gives. */
export type EligibilityReason = Reason

/** Today's answer for one purpose of the eligibility policy. */
export interface EligibilityVerdict {
  purpose: string
  verdict: Verdict
  reasons: EligibilityReason[]
  /** The earliest day every bar has ended, when each of them ends. */
  eligible_from?: string
  score: number
  grade: string
  as_of: string
}

/**
 * The official's own file: what their view shows (open investigations left
 * out), today's score with its explanation, the open warnings about them and
 * today's eligibility for every purpose.
 */
export interface MyFile extends OfficialFile {
  eligibility: EligibilityVerdict[]
}

export type AccessKind = 'file_read' | 'score_read' | 'report_issue' | 'eligibility_check' | 'opinion_file_read'

export const ACCESS_KINDS: readonly AccessKind[] = ['file_read', 'score_read', 'report_issue', 'eligibility_check', 'opinion_file_read']

/** One look at the official's file by someone else. */
export interface AccessEntry {
  at: string
  kind: AccessKind
  role: string
  department: string
  /** The user; absent for discipline staff (unless the policy shows their names). */
  actor?: string
  /** The lookup's purpose, or the eligibility check's. */
  purpose?: string
}

/** Official. Never cached (no-store); audited. 404 for an account linked to no official. */
export function getMyFile(signal?: AbortSignal): Promise<MyFile> {
  return request<MyFile>('/me/file', { signal })
}

/** Official. Newest first; reads under a confidential lookup never show. Audited. */
export function getAccessLog(signal?: AbortSignal): Promise<{ items: AccessEntry[]; total: number }> {
  return request<{ items: AccessEntry[]; total: number }>('/me/access-log', { signal })
}
