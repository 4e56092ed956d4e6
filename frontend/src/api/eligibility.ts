import type { Page, PageQuery } from './paging'
import { policyVersionsApi } from './policies'
import { request, requestBlob, type Download } from './request'
import type { components } from '@api-schema'

type Schemas = components['schemas']

export type Verdict = 'eligible' | 'ineligible' | 'needs_review' | 'not_found'
export type Outcome = 'candidate_removed' | 'promotion_postponed' | 'commendation_withdrawn' | 'qualification_revoked' | 'proceeded' | 'other'
export type BarPeriod = 'record' | 'fixed' | 'calendar_year' | 'open' | 'permanent' | 'assessment_window'

/** In the order the UI lists them: the ones to act on first. */
export const VERDICTS: readonly Verdict[] = ['ineligible', 'needs_review', 'eligible', 'not_found']
export const OUTCOMES: readonly Outcome[] = ['candidate_removed', 'promotion_postponed', 'commendation_withdrawn', 'qualification_revoked', 'proceeded', 'other']
export const BAR_PERIODS: readonly BarPeriod[] = ['record', 'fixed', 'calendar_year', 'open', 'permanent', 'assessment_window']
/** The most candidates one check may name. */
export const MAX_CANDIDATES = 10_000

/** A reason code with its labels. */
export interface ReasonLabel {
  key: string
  zh: string
  en: string
}

/** The influence period (影响期) of one code: months, or permanent. */
export interface InfluencePeriod {
  code: string
  months: number
  permanent: boolean
}

/** One thing that bars a purpose: records of these codes or categories, for how long. */
export interface Bar {
  /** The rule's id, which a verdict's reasons name. */
  id?: string
  reason: string
  codes: string[] | null
  categories: string[] | null
  period: BarPeriod
  /** For `fixed`. */
  months?: number
  /** For `calendar_year`: 2 for "that year or the next"; for `assessment_window`: how many assessment years. */
  years?: number
  /** The rule's legal source. */
  source?: string
  /** Only officials of these categories; none: every official. */
  official_categories?: string[] | null
}

/** A personnel decision and what bars it. */
export interface Purpose {
  key: string
  zh: string
  en: string
  bars: Bar[] | null
  /** A grade key of the scoring policy the official must reach. */
  min_grade?: string
  min_score?: number | null
  /** Judged for an assessment year, not the day of the check (年度考核优秀, 评先评优). */
  assessment_year?: boolean
  /** A check for it stays out of the candidate's access log (a cadre selection). */
  confidential?: boolean
  official_categories?: string[] | null
}

/** How records combine, each rule with its label and legal source. */
export type CombiningRule = Schemas['CombiningRule']

export interface Combining {
  one_act: CombiningRule
  one_decision: CombiningRule
  during_period: CombiningRule & { categories: string[] | null; max_months: number }
}

/** A version of the eligibility policy. */
export interface EligibilityPolicy {
  version: number
  name: string
  combining: Combining
  reasons: ReasonLabel[] | null
  periods: InfluencePeriod[] | null
  purposes: Purpose[] | null
}

/** A stored check: what was asked, under which policy versions, and the counts. */
export type EligibilityCheck = Schemas['EligibilityCheck']

/** Why a candidate is barred: the record behind it (by code and dates only) and when the bar ends. */
export interface Reason {
  code: string
  /** The id of the bar that decided, and its legal source. */
  rule?: string
  source?: string
  /** The governing record. */
  record_id?: number
  effective_on?: string
  /** Other records of the same act or decision, running side by side; they do not govern. */
  linked_record_ids?: number[]
  /** The combining rule that set `until`. */
  combined_by?: 'one_act' | 'one_decision' | 'during_period'
  combined_source?: string
  assessment_year?: number
  category?: string
  record_code?: string
  decided_on?: string
  /** The first day the bar no longer holds; absent when permanent or open-ended. */
  until?: string
  permanent?: boolean
  open_ended?: boolean
  disputed?: boolean
  combined?: boolean
  grade?: string
  min_grade?: string
  score?: number
  min_score?: number
}

/** The verdict about one candidate. */
export interface EligibilityResult {
  row: number
  official_id: number | null
  /** The candidate as named: an official id, or the ID number masked. */
  input: string
  name: string
  department_name: string
  verdict: Verdict
  reasons: Reason[]
  eligible_from: string | null
  /** A year-judged check: the first assessment year no bar holds. */
  eligible_from_year?: number | null
  grade: string
  outcome: Outcome | ''
  outcome_note: string
  outcome_by: string
  outcome_at: string | null
}

export interface CheckInput {
  purpose: string
  as_of?: string
  assessment_year?: number
  official_ids?: number[]
  id_numbers?: string[]
}

export interface CheckCreated {
  check: EligibilityCheck
  results: EligibilityResult[]
}

export interface CheckPage extends CheckCreated {
  total: number
}

export interface CheckQuery extends PageQuery {
  verdict?: Verdict | ''
}

export interface RerunDifference {
  row: number
  was: string
  now: string
  /** What differs, comma-separated: verdict, reasons, eligible_from. */
  what: string
}

export interface Rerun {
  compared: number
  same: boolean
  digest_same: boolean
  differences: RerunDifference[]
}

export interface OutcomeCount {
  purpose: string
  verdict: Verdict
  outcome: Outcome
  count: number
}

export interface OutcomeReport {
  from: string
  to: string
  outcomes: Outcome[]
  counts: OutcomeCount[] | null
}

/** The eligibility policy's versions (admin), through the generic policy API; no preview, and publishing recomputes nothing. */
export const eligibilityPolicies = policyVersionsApi<EligibilityPolicy>('eligibility')

/** The eligibility policy in force: purposes, reasons' labels, periods. Personnel staff. */
export function getEligibilityPolicy(signal?: AbortSignal): Promise<EligibilityPolicy> {
  return request<EligibilityPolicy>('/eligibility/purposes', { signal })
}

/** Checks candidates named by official id or ID number; 400 names a bad ID number's row in `id_numbers`. */
export function createCheck(input: CheckInput): Promise<CheckCreated> {
  return request<CheckCreated>('/eligibility/checks', { method: 'POST', body: input })
}

/**
 * Checks an uploaded candidate list (CSV or XLSX with 姓名 and 身份证号码).
 * The purpose and as_of parts go before the file, as the server reads the
 * file as it streams; a bad row is a 400 naming it.
 */
export function uploadCheck(purpose: string, asOf: string, file: File, assessmentYear?: number): Promise<CheckCreated> {
  const form = new FormData()
  form.append('purpose', purpose)
  if (asOf) form.append('as_of', asOf)
  if (assessmentYear) form.append('assessment_year', String(assessmentYear))
  form.append('file', file, file.name)
  return request<CheckCreated>('/eligibility/checks', { method: 'POST', body: form })
}

/** The caller's checks, newest first. */
export function listChecks(query: PageQuery & { purpose?: string }, signal?: AbortSignal): Promise<Page<EligibilityCheck>> {
  return request<Page<EligibilityCheck>>('/eligibility/checks', { query: { ...query, purpose: query.purpose || undefined }, signal })
}

/** A stored check with a page of its results, optionally of one verdict. */
export function getCheck(id: number, query: CheckQuery = {}, signal?: AbortSignal): Promise<CheckPage> {
  return request<CheckPage>(`/eligibility/checks/${id}`, { query: { ...query, verdict: query.verdict || undefined }, signal })
}

/** The verdicts as a workbook with Chinese headers. */
export function exportCheck(id: number): Promise<Download> {
  return requestBlob(`/eligibility/checks/${id}/export`)
}

/** Runs a stored check again on its stored inputs and compares. */
export function rerunCheck(id: number): Promise<Rerun> {
  return request<Rerun>(`/eligibility/checks/${id}/rerun`, { method: 'POST' })
}

/** Notes what was done with one verdict; 404 for a row that named nobody found. */
export function recordOutcome(id: number, row: number, outcome: Outcome, note: string): Promise<EligibilityResult> {
  return request<EligibilityResult>(`/eligibility/checks/${id}/results/${row}/outcome`, { method: 'POST', body: { outcome, note } })
}

/** Recorded outcomes of checks made in [from, to), by purpose, verdict and outcome. */
export function getOutcomes(query: { from?: string; to?: string }, signal?: AbortSignal): Promise<OutcomeReport> {
  return request<OutcomeReport>('/eligibility/outcomes', { query, signal })
}
