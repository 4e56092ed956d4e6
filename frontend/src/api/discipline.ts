import { request } from './request'
import type { components } from '@api-schema'

type Schemas = components['schemas']

/** A count under one key (a state, a purpose, a rule, a level, a department id, a month YYYY-MM). */
export type Count = Schemas['Count']

export interface DistrictCount {
  id: number
  name: string
  count: number
}

/** The discipline dashboard's figures for [from, to). */
export interface DisciplineDashboard {
  from: string
  to: string
  lookups: {
    requested: number
    file_views: number
    by_state: Count[]
    by_purpose: Count[]
  }
  warnings: {
    raised: number
    still_open: number
    by_rule: Count[]
    by_level: Count[]
    by_department: Count[]
    /** Oldest month first. */
    by_month: Count[]
  }
  /** Rolled up to the districts and bureaus below the root, most first. */
  warnings_by_district: DistrictCount[]
}

/** `from` and `to` are dates (YYYY-MM-DD), `to` exclusive; default the 90 days up to today. */
export function getDisciplineDashboard(period: { from?: string; to?: string }, signal?: AbortSignal): Promise<DisciplineDashboard> {
  return request<DisciplineDashboard>('/discipline/dashboard', { query: { ...period }, signal })
}
