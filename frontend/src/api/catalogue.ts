import { request } from './request'
import type { components } from '@api-schema'

type Schemas = components['schemas']

export type Severity = 'minor' | 'general' | 'serious'

export const SEVERITIES: readonly Severity[] = ['minor', 'general', 'serious']

/** One kind of record within a category. */
export type CatalogueCode = Schemas['CatalogueCode']

export type CatalogueCategory = Schemas['CatalogueCategory']

export type Catalogue = Schemas['Catalogue']

export type NewCatalogueCode = Schemas['NewCatalogueCode']

/** Every category with its codes, in catalogue order. Any signed-in user. */
export function getCatalogue(signal?: AbortSignal): Promise<Catalogue> {
  return request<Catalogue>('/catalogue', { signal })
}

/** Admin. 400 on a bad field or unknown category; 409 (field key) when the key is taken. */
export function addCatalogueCode(input: NewCatalogueCode): Promise<CatalogueCode> {
  return request<CatalogueCode>('/catalogue/codes', { method: 'POST', body: input })
}
