import type { Job } from './jobs'
import type { Page } from './paging'
import { request } from './request'
import type { components } from '@api-schema'

type Schemas = components['schemas']

export type PolicyStatus = 'draft' | 'published' | 'archived'
export type PolicyFade = 'none' | 'linear'
export type PolicyDisputed = 'count' | 'suspend'

export const POLICY_STATUSES: readonly PolicyStatus[] = ['draft', 'published', 'archived']
export const POLICY_FADES: readonly PolicyFade[] = ['none', 'linear']
export const POLICY_DISPUTED: readonly PolicyDisputed[] = ['count', 'suspend']

/** A band of the score; the lowest has no minimum. */
export type PolicyGrade = Schemas['PolicyGrade']

/** Limits the sum of one category's items (max, min or both). */
export type PolicyCap = Schemas['PolicyCap']

/** How one code scores. */
export type PolicyRule = Schemas['PolicyRule']

export type ScoringPolicy = Schemas['ScoringPolicy']

/** The kinds of policy the UI edits through the generic version API. */
export type PolicyKind = 'scoring' | 'eligibility'

/** One version of a policy of some kind; P is its parsed policy. */
export interface PolicyVersion<P = ScoringPolicy> {
  kind: PolicyKind
  version: number
  status: PolicyStatus
  note: string
  created_by: string
  created_at: string
  updated_at: string
  published_by: string
  published_at: string | null
  /** Names this state of the version; an edit sends it back so it applies only to the state it was made from. */
  revision: string
  policy: P
}

/** How many officials' scores change by how much, in one of nine fixed buckets. */
export interface ImpactBucket {
  label: string
  lo: number
  hi: number
  count: number
}

export interface ImpactMover {
  official_id: number
  name: string
  from_score: number
  to_score: number
  from_grade: string
  to_grade: string
  /** One line each, in the server's words ("party_warning -10.00 → -5.00"). */
  reasons: string[] | null
}

/** What a version would do to the population, against the version in force. */
export type PolicyImpact = Schemas['PolicyImpact']

export interface PublishResult {
  version: number
  /** The recompute of every score snapshot the publication queued; null for a kind that shapes no stored state (eligibility). */
  recompute: Job | null
}

/** The version API of one policy kind (admin): list, draft, edit, publish. */
export interface PolicyVersionsApi<P> {
  /** Every version, newest first. */
  list(signal?: AbortSignal): Promise<Page<PolicyVersion<P>>>
  get(version: number, signal?: AbortSignal): Promise<PolicyVersion<P>>
  /** A draft copied from the version in force; 409 when a draft exists already. */
  createDraft(note: string): Promise<PolicyVersion<P>>
  /**
   * Replaces a draft's whole policy. 400 names every invalid field relative
   * to the policy (`grades[1].min`, `purposes[3].bars[0].period`, …); 409
   * for a version that is not a draft, and (field `revision`) when
   * `revision` is given and the draft was saved by someone else since.
   */
  update(version: number, policy: P, note?: string, revision?: string): Promise<PolicyVersion<P>>
  /** Puts a draft in force; 409 when it is not a draft. */
  publish(version: number): Promise<PublishResult>
}

export function policyVersionsApi<P>(kind: PolicyKind): PolicyVersionsApi<P> {
  const base = `/policies/${kind}`
  return {
    list: (signal) => request<Page<PolicyVersion<P>>>(base, { signal }),
    get: (version, signal) => request<PolicyVersion<P>>(`${base}/${version}`, { signal }),
    createDraft: (note) => request<PolicyVersion<P>>(base, { method: 'POST', body: { note } }),
    update: (version, policy, note, revision) =>
      request<PolicyVersion<P>>(`${base}/${version}`, { method: 'PUT', body: { policy, note, revision } }),
    publish: (version) => request<PublishResult>(`${base}/${version}/publish`, { method: 'POST' }),
  }
}

/** The scoring policy's versions. */
export const scoringPolicies = policyVersionsApi<ScoringPolicy>('scoring')

/** Admin. Every version, newest first. */
export function listScoringPolicies(signal?: AbortSignal): Promise<Page<PolicyVersion>> {
  return scoringPolicies.list(signal)
}

export function getScoringPolicy(version: number, signal?: AbortSignal): Promise<PolicyVersion> {
  return scoringPolicies.get(version, signal)
}

/** A draft copied from the version in force; 409 when a draft exists already. */
export function createScoringDraft(note: string): Promise<PolicyVersion> {
  return scoringPolicies.createDraft(note)
}

/**
 * Replaces a draft's whole policy. 400 names every invalid field relative to
 * the policy (`grades[1].min`, `rules[3].months`, …); 409 for a version that
 * is not a draft.
 */
export function updateScoringDraft(version: number, policy: ScoringPolicy, note?: string, revision?: string): Promise<PolicyVersion> {
  return scoringPolicies.update(version, policy, note, revision)
}

/** Queues the impact preview (scoring only); poll the job for its result. */
export function previewScoringPolicy(version: number): Promise<Job<PolicyImpact>> {
  return request<Job<PolicyImpact>>(`/policies/scoring/${version}/preview`, { method: 'POST' })
}

/** Puts a draft in force and queues the recompute; 409 when it is not a draft. */
export function publishScoringPolicy(version: number): Promise<PublishResult> {
  return scoringPolicies.publish(version)
}
