import type { Page, PageQuery } from './paging'
import type { Role } from '@/auth/roles'
import { request } from './request'
import type { components } from '@api-schema'

type Schemas = components['schemas']

export type User = Schemas['User']
export type CreateUserResponse = Schemas['CreateUserResponse']
export type ActivationCode = Schemas['ActivationCode']
export type GrantRequest = Schemas['GrantRequest']
export type GrantRequestState = GrantRequest['state']

/** A grant as sent: `department_id` only for the department scopes. */
export type GrantInput = Schemas['GrantInput']

/** The accounts that need an administrator: locked, enabled without a second factor, awaiting activation. */
export type UserState = 'locked' | 'no_totp' | 'awaiting_activation'

export const USER_STATES: readonly UserState[] = ['locked', 'no_totp', 'awaiting_activation']

export interface UserQuery extends PageQuery {
  q?: string
  role?: Role
  state?: UserState
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

/**
 * 201 with the user, the first half of its activation code (shown once) and
 * the grant request for roles that wait for a security administrator.
 */
export function createUser(input: CreateUserInput): Promise<CreateUserResponse> {
  return request('/users', { method: 'POST', body: input })
}

export function getUser(id: number): Promise<User> {
  return request<User>(`/users/${id}`)
}

/** Disabling a user ends their sessions. */
export function updateUser(id: number, input: UpdateUserInput): Promise<User> {
  return request<User>(`/users/${id}`, { method: 'PATCH', body: input })
}

/**
 * Replaces the user's grants and ends their sessions (the user), or, when a
 * role that opens files or administers is added, stores the change for a
 * second security administrator (the grant request).
 */
export function setUserRoles(id: number, grants: GrantInput[]): Promise<User | GrantRequest> {
  return request<User | GrantRequest>(`/users/${id}/roles`, { method: 'PUT', body: { grants } })
}

/** Whether a roles change answered a grant request rather than the user. */
export function isGrantRequest(answer: User | GrantRequest): answer is GrantRequest {
  return 'needs' in answer
}

/** Ends the user's sessions; the answer is the first half of the activation code. */
export function resetUserPassword(id: number): Promise<ActivationCode> {
  return request(`/users/${id}/reset-password`, { method: 'POST' })
}

/** A security administrator's half of the activation code. */
export function issueActivation(id: number): Promise<ActivationCode> {
  return request(`/users/${id}/activation`, { method: 'POST' })
}

export function listGrantRequests(query: PageQuery & { state?: GrantRequestState }, signal?: AbortSignal): Promise<Page<GrantRequest>> {
  return request<Page<GrantRequest>>('/grant-requests', { query: { ...query }, signal })
}

export function approveGrantRequest(id: number): Promise<GrantRequest> {
  return request(`/grant-requests/${id}/approve`, { method: 'POST', body: {} })
}

export function rejectGrantRequest(id: number, reason: string): Promise<GrantRequest> {
  return request(`/grant-requests/${id}/reject`, { method: 'POST', body: { reason } })
}

/** The owner sets the first password with both halves of the code (public). */
export function activateAccount(input: Schemas['ActivateRequest']): Promise<void> {
  return request('/auth/activate', { method: 'POST', body: input })
}

export function unlockUser(id: number): Promise<User> {
  return request<User>(`/users/${id}/unlock`, { method: 'POST' })
}

export function resetUserTotp(id: number): Promise<User> {
  return request<User>(`/users/${id}/reset-totp`, { method: 'POST' })
}
