import type { Page, PageQuery } from './paging'
import { request } from './request'
import type { components } from '@api-schema'

type Schemas = components['schemas']

export type AuditOutcome = 'success' | 'failure' | 'denied'

export const AUDIT_OUTCOMES: readonly AuditOutcome[] = ['success', 'failure', 'denied']

/** The actions the server writes today; the filter also takes others. */
export const AUDIT_ACTIONS = [
  'login',
  'login_locked',
  'logout',
  'token_refresh',
  'refresh_reuse',
  'password_change',
  'totp_enable',
  'user_create',
  'user_update',
  'user_roles',
  'user_reset_password',
  'user_unlock',
  'user_reset_totp',
  'department_create',
  'department_update',
  'official_create',
  'official_update',
  'official_read',
  'official_list',
  'audit_read',
  'audit_verify',
  'access_denied',
  'catalogue_add_code',
  'source_create',
  'source_update',
  'source_key_create',
  'source_key_revoke',
  'record_submit',
  'record_revoke',
  'import_start',
  'import_finish',
  'file_read',
  'lookup_request',
  'lookup_approve',
  'lookup_reject',
  'lookup_revoke',
  'lookup_expire',
  'warning_acknowledged',
  'warning_resolved',
] as const

export type AuditEntry = Schemas['AuditEntry']

export interface AuditQuery extends PageQuery {
  actor?: string
  action?: string
  target_type?: string
  target_id?: string
  outcome?: AuditOutcome
  /** RFC 3339 instants. */
  from?: string
  to?: string
}

/**
 * `ok`, or the first entry that breaks the chain and why; and how many
 * checkpoints kept outside the database vouch for it, up to which entry.
 */
export type AuditVerification = Schemas['AuditVerifyResult']

/** Newest first. */
export function listAudit(query: AuditQuery, signal?: AbortSignal): Promise<Page<AuditEntry>> {
  return request<Page<AuditEntry>>('/audit', { query: { ...query }, signal })
}

export function verifyAudit(): Promise<AuditVerification> {
  return request<AuditVerification>('/audit/verify')
}
