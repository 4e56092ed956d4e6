import { request } from './request'

export type Severity = 'minor' | 'general' | 'serious'

export const SEVERITIES: readonly Severity[] = ['minor', 'general', 'serious']

/** One kind of record within a category. */
export interface CatalogueCode {
  key: string
  zh: string
  en: string
  /** Which of the four forms of discipline enforcement (1–4); 0 for none. */
  form: number
  /** A credit-type entry that credit repair may apply to. */
  repairable: boolean
  /** A status that lasts until it is closed (ended_on). */
  open_ended: boolean
  severity?: Severity
  category: string
}

export interface CatalogueCategory {
  key: string
  zh: string
  en: string
  /** Records of this category need a document_no. */
  document_required: boolean
  /** A commendation, not a negative entry. */
  positive: boolean
  codes: CatalogueCode[]
}

export interface Catalogue {
  version: number
  categories: CatalogueCategory[]
}

export interface NewCatalogueCode {
  key: string
  category: string
  zh: string
  en: string
  form?: number
  repairable?: boolean
  open_ended?: boolean
  severity?: Severity | ''
}

/** Every category with its codes, in catalogue order. Any signed-in user. */
export function getCatalogue(signal?: AbortSignal): Promise<Catalogue> {
  return request<Catalogue>('/catalogue', { signal })
}

/** Admin. 400 on a bad field or unknown category; 409 (field key) when the key is taken. */
export function addCatalogueCode(input: NewCatalogueCode): Promise<CatalogueCode> {
  return request<CatalogueCode>('/catalogue/codes', { method: 'POST', body: input })
}
