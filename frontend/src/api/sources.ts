import type { Page } from './paging'
import { request } from './request'
import type { components } from '@api-schema'

type Schemas = components['schemas']

/** A system or department that submits records. */
export type Source = Schemas['Source']

export type SourceInput = Schemas['SourceInput']

/** An API key by name and prefix; never the key itself. */
export type SourceKey = Schemas['SourceKey']

/** The answer to issuing a key: the whole key, shown only this once. */
export interface CreatedSourceKey extends SourceKey {
  key: string
}

/** Every source, not paged. Admin. */
export function listSources(signal?: AbortSignal): Promise<Page<Source>> {
  return request<Page<Source>>('/sources', { signal })
}

/** 409 (field code) when the code is taken. */
export function createSource(input: SourceInput): Promise<Source> {
  return request<Source>('/sources', { method: 'POST', body: input })
}

/** Absent fields stay as they are; the code cannot change. */
export function updateSource(id: number, input: SourceInput): Promise<Source> {
  return request<Source>(`/sources/${id}`, { method: 'PATCH', body: input })
}

/** Newest first, revoked ones included. */
export function listSourceKeys(sourceId: number): Promise<Page<SourceKey>> {
  return request<Page<SourceKey>>(`/sources/${sourceId}/keys`)
}

export function createSourceKey(sourceId: number, name: string): Promise<CreatedSourceKey> {
  return request<CreatedSourceKey>(`/sources/${sourceId}/keys`, { method: 'POST', body: { name } })
}

/** Revoking a revoked key answers it as it is. */
export function revokeSourceKey(sourceId: number, keyId: number): Promise<SourceKey> {
  return request<SourceKey>(`/sources/${sourceId}/keys/${keyId}/revoke`, { method: 'POST' })
}
