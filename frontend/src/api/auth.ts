import type { Role } from '@/auth/roles'
import { request } from './request'
import type { components } from '@api-schema'

type Schemas = components['schemas']

/** The token pair of `POST /auth/login` and `POST /auth/refresh`. */
export type TokenPair = Schemas['TokenPair']

export type Scope = 'all' | 'dept_and_below' | 'dept' | 'self'

export const SCOPES: readonly Scope[] = ['all', 'dept_and_below', 'dept', 'self']

/** A role over a data scope; dept scopes are anchored at `department_id`. */
export interface Grant {
  role: Role
  scope: Scope
  department_id: number | null
}

/** `GET /me`: who the server says the caller is. The only source of roles. */
export type Me = Schemas['Me']

export interface LoginInput {
  username: string
  password: string
  /** A 6-digit TOTP code or a recovery code; only in the second step. */
  otp?: string
}

/**
 * 401 `unauthenticated` on bad credentials (field `otp` when the code was
 * wrong), 401 `otp_required` when the password was right and a second factor
 * is due, 429 `too_many_requests` with Retry-After while locked.
 */
export function login(input: LoginInput): Promise<TokenPair> {
  return request<TokenPair>('/auth/login', { method: 'POST', body: input, anonymous: true })
}

/** Rotates the refresh token; 401 when it is invalid, expired or reused. */
export function refresh(refreshToken: string): Promise<TokenPair> {
  return request<TokenPair>('/auth/refresh', {
    method: 'POST',
    body: { refresh_token: refreshToken },
    anonymous: true,
  })
}

export function logout(): Promise<void> {
  return request<void>('/auth/logout', { method: 'POST', refreshOnUnauthorized: false })
}

export function getMe(): Promise<Me> {
  return request<Me>('/me')
}

/** 204; ends every session of the user, this one included. */
export function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  return request<void>('/me/password', {
    method: 'POST',
    body: { current_password: currentPassword, new_password: newPassword },
  })
}

export interface TotpSetup {
  secret: string
  otpauth_url: string
}

export function setupTotp(): Promise<TotpSetup> {
  return request<TotpSetup>('/me/totp/setup', { method: 'POST' })
}

export function enableTotp(code: string): Promise<{ recovery_codes: string[] }> {
  return request<{ recovery_codes: string[] }>('/me/totp/enable', { method: 'POST', body: { code } })
}
