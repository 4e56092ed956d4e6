import { request, requestBlob, type Download } from './request'
import type { Page, PageQuery } from './paging'
import type { components } from '@api-schema'

type Schemas = components['schemas']

/** The four forms in numbers (四种形态统计) of a unit and period. */
export type FourForms = Schemas['FourForms']
/** One form's handlings (人次), people (人数) and share in percent. */
export type FormFigure = Schemas['FormFigure']
/** A record behind a figure. */
export type FormRecord = Schemas['FormRecord']
/** What a unit's picture (单位画像) shows of one unit. */
export type UnitSide = Schemas['UnitSide']

export type Grouping = 'quarter' | 'month' | 'year'
export const FORMS = [1, 2, 3, 4] as const

/** A unit (absent: the widest the caller's scope reaches) and a period: `from` and `to` dates, `to` exclusive. */
export interface FormsQuery {
  department_id?: number
  from: string
  to: string
  group: Grouping
}

export interface FormRecordsQuery extends FormsQuery, PageQuery {
  form?: number
  /** A department below the unit. */
  within?: number
}

export interface UnitPicture {
  unit: UnitSide
  parent: UnitSide | null
  forms: FourForms
}

export function getFourForms(query: FormsQuery, signal?: AbortSignal): Promise<FourForms> {
  return request<FourForms>('/statistics/forms', { query: { ...query }, signal })
}

export function exportFourForms(query: FormsQuery): Promise<Download> {
  return requestBlob('/statistics/forms/export', { query: { ...query } })
}

export function listFormRecords(query: FormRecordsQuery, signal?: AbortSignal): Promise<Page<FormRecord>> {
  return request<Page<FormRecord>>('/statistics/forms/records', { query: { ...query }, signal })
}

export function getUnitPicture(id: number, query: Omit<FormsQuery, 'department_id'>, signal?: AbortSignal): Promise<UnitPicture> {
  return request<UnitPicture>(`/statistics/units/${id}`, { query: { ...query }, signal })
}
