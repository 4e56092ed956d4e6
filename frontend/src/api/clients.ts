import type { Page } from './paging'
import { request } from './request'
import type { CreatedSourceKey, SourceKey } from './sources'

export type ClientScope = 'all' | 'dept_and_below' | 'dept'

export const CLIENT_SCOPES: readonly ClientScope[] = ['dept_and_below', 'dept', 'all']

/** Another department's system (a personnel system) that calls the platform with a key. */
export interface ApiClient {
  id: number
  name: string
  role: 'personnel_system'
  department_id: number
  scope: ClientScope
  created_by: string
  created_at: string
  disabled_at: string | null
}

export interface ClientInput {
  name: string
  department_id: number | null
  scope: ClientScope
}

/** Every client, not paged. Admin. */
export function listClients(signal?: AbortSignal): Promise<Page<ApiClient>> {
  return request<Page<ApiClient>>('/clients', { signal })
}

/** 409 when the name is taken. */
export function createClient(input: ClientInput): Promise<ApiClient> {
  return request<ApiClient>('/clients', { method: 'POST', body: input })
}

/** Newest first, by prefix; never the keys. */
export function listClientKeys(clientId: number): Promise<Page<SourceKey>> {
  return request<Page<SourceKey>>(`/clients/${clientId}/keys`)
}

/** The whole key is in this answer only. */
export function createClientKey(clientId: number, name: string): Promise<CreatedSourceKey> {
  return request<CreatedSourceKey>(`/clients/${clientId}/keys`, { method: 'POST', body: { name } })
}

export function revokeClientKey(clientId: number, keyId: number): Promise<SourceKey> {
  return request<SourceKey>(`/clients/${clientId}/keys/${keyId}/revoke`, { method: 'POST' })
}
