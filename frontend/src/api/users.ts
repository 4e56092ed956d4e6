import type { Page, PageQuery } from './paging'
import type { Role } from '@/auth/roles'
import { request } from './request'
import type { components } from '@api-schema'

type Schemas = components['schemas']

export type User = Schemas['User']

/** A grant as sent: `department_id` only for the department scopes. */
export type GrantInput = Schemas['GrantInput']

export interface UserQuery extends PageQuery {
  q?: string
  role?: Role
}

export interface CreateUserInput {
  username: string
  display_name: string
  department_id?: number
  official_id?: number
  /** Required when a data_clerk grant is present (400 on source_id otherwise). */
  source_id?: number
  grants: GrantInput[]
}

export interface UpdateUserInput {
  display_name?: string
  department_id?: number | null
  official_id?: number | null
  /** Absent or null leaves it as it is: the API cannot clear it. */
  source_id?: number
  enabled?: boolean
}

export function listUsers(query: UserQuery, signal?: AbortSignal): Promise<Page<User>> {
  return request<Page<User>>('/users', { query: { ...query }, signal })
}

/** 201 with the user and a one-time temporary password. */
export function createUser(input: CreateUserInput): Promise<{ user: User; temporary_password: string }> {
  return request('/users', { method: 'POST', body: input })
}

export function getUser(id: number): Promise<User> {
  return request<User>(`/users/${id}`)
}

/** Disabling a user ends their sessions. */
export function updateUser(id: number, input: UpdateUserInput): Promise<User> {
  return request<User>(`/users/${id}`, { method: 'PATCH', body: input })
}

/** Replaces the user's grants and ends their sessions. */
export function setUserRoles(id: number, grants: GrantInput[]): Promise<User> {
  return request<User>(`/users/${id}/roles`, { method: 'PUT', body: { grants } })
}

/** Ends the user's sessions; they must change the password at the next login. */
export function resetUserPassword(id: number): Promise<{ temporary_password: string }> {
  return request(`/users/${id}/reset-password`, { method: 'POST' })
}

export function unlockUser(id: number): Promise<User> {
  return request<User>(`/users/${id}/unlock`, { method: 'POST' })
}

export function resetUserTotp(id: number): Promise<User> {
  return request<User>(`/users/${id}/reset-totp`, { method: 'POST' })
}
