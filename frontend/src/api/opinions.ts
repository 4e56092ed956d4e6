import { request } from './request'
import type { Page, PageQuery } from './paging'
import type { components, operations } from '@api-schema'

type Schemas = components['schemas']

/** A request for integrity opinions (征求廉政意见函) and the state of its reply. */
export type OpinionRequest = Schemas['OpinionRequest']
export type OpinionState = OpinionRequest['state']
/** One candidate: as named, as found, and the commission's draft and conclusion. */
export type OpinionCandidate = Schemas['OpinionCandidate']
export type OpinionMatter = Schemas['OpinionMatter']
export type OpinionDetail = Schemas['OpinionDetail']
export type OpinionConfig = operations['opinionConfig']['responses']['200']['content']['application/json']
/** The signed reply (廉政意见回复) as sent, with its verification code. */
export type OpinionReply = operations['opinionReply']['responses']['200']['content']['application/json']

export const OPINION_STATES: readonly OpinionState[] = ['sent', 'drafted', 'signing', 'replied']

export interface NewOpinion {
  purpose: string
  document_no: string
  due_on?: string
  official_ids?: number[]
  candidates?: { name?: string; id_number: string }[]
}

export function getOpinionConfig(): Promise<OpinionConfig> {
  return request<OpinionConfig>('/opinions/config')
}

export interface OpinionQuery extends PageQuery {
  state?: OpinionState
  /** Only requests replied at or after this instant (RFC 3339) or day (YYYY-MM-DD). */
  replied_since?: string
}

export function listOpinions(query: OpinionQuery, signal?: AbortSignal): Promise<Page<OpinionRequest>> {
  return request<Page<OpinionRequest>>('/opinions', { query: { ...query }, signal })
}

export function createOpinion(body: NewOpinion): Promise<OpinionDetail> {
  return request<OpinionDetail>('/opinions', { method: 'POST', body })
}

/**
 * Sends a request whose candidates come in a CSV or XLSX list (姓名,
 * 身份证号码). The small parts go before the file, as the server reads the
 * file as it streams; a list with bad rows is a 400 naming each row.
 */
export function uploadOpinion(input: Omit<NewOpinion, 'official_ids' | 'candidates'>, file: File): Promise<OpinionDetail> {
  const form = new FormData()
  form.append('purpose', input.purpose)
  form.append('document_no', input.document_no)
  if (input.due_on) form.append('due_on', input.due_on)
  form.append('file', file, file.name)
  return request<OpinionDetail>('/opinions', { method: 'POST', body: form })
}

export function getOpinion(id: number, signal?: AbortSignal): Promise<OpinionDetail> {
  return request<OpinionDetail>(`/opinions/${id}`, { signal })
}

export function draftOpinion(id: number): Promise<OpinionDetail> {
  return request<OpinionDetail>(`/opinions/${id}/draft`, { method: 'POST', body: {} })
}

export function setConclusion(id: number, row: number, conclusion: string, reason: string): Promise<OpinionCandidate> {
  return request<OpinionCandidate>(`/opinions/${id}/candidates/${row}`, { method: 'PUT', body: { conclusion, reason } })
}

export function signOpinion(id: number): Promise<OpinionRequest> {
  return request<OpinionRequest>(`/opinions/${id}/sign`, { method: 'POST', body: {} })
}

export function getOpinionReply(id: number, signal?: AbortSignal): Promise<OpinionReply> {
  return request<OpinionReply>(`/opinions/${id}/reply`, { signal })
}
