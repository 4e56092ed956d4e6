import type { Page, PageQuery } from './paging'
import { request } from './request'
import type { components, operations } from '@api-schema'

type Schemas = components['schemas']

export type AuditOutcome = 'success' | 'failure' | 'denied'

export const AUDIT_OUTCOMES: readonly AuditOutcome[] = ['success', 'failure', 'denied']

/**
 * Every action the server writes to the audit log (internal/app: a.Entry,
 * s.audited), each labelled in the audit locale files; the filter also
 * takes others.
 */
export const AUDIT_ACTIONS = [
  // Signing in and one's own account.
  'login',
  'login_locked',
  'logout',
  'refresh_reuse',
  'password_change',
  'totp_enable',
  'user_activation_issue',
  'user_activate',
  // Accounts and their roles.
  'user_create',
  'user_update',
  'user_roles',
  'user_reset_password',
  'user_unlock',
  'user_reset_totp',
  'user_list',
  'user_read',
  'grant_request',
  'grant_request_list',
  'grant_approve',
  'grant_reject',
  // The registry.
  'department_create',
  'department_update',
  'official_create',
  'official_import',
  'official_update',
  'official_read',
  'official_list',
  // The audit log and refused access.
  'audit_read',
  'audit_verify',
  'access_denied',
  // The catalogue, data sources and API clients.
  'catalogue_add_code',
  'source_create',
  'source_update',
  'source_key_create',
  'source_key_revoke',
  'client_create',
  'client_disable',
  'client_key_create',
  'client_key_revoke',
  // Records and imports.
  'record_submit',
  'record_revoke',
  'record_list',
  'record_read',
  'import_start',
  'import_finish',
  // Files, scores and policies.
  'file_read',
  'own_file_read',
  'access_log_read',
  'score_read',
  'recompute_start',
  'policy_draft',
  'policy_edit',
  'policy_publish',
  'crypto_migrate',
  // Lookups.
  'lookup_request',
  'lookup_approve',
  'lookup_reject',
  'lookup_revoke',
  'lookup_expire',
  'lookup_inbox',
  'lookup_list',
  'lookup_read',
  // Warnings.
  'warning_list',
  'warning_read',
  'warning_acknowledged',
  'warning_resolved',
  // Disputes, credit repair and appeals.
  'dispute_file',
  'dispute_extend',
  'dispute_resolve',
  'dispute_list',
  'dispute_read',
  'dispute_attachment_read',
  'repair_apply',
  'repair_decide',
  'repair_list',
  'repair_read',
  'repair_attachment_read',
  'appeal_file',
  'appeal_decide',
  'appeal_list',
  'appeal_read',
  // Eligibility checks.
  'eligibility_check',
  'eligibility_outcome',
  'eligibility_rerun',
  'check_list',
  'check_read',
  'check_export',
  // Integrity reports and statistics.
  'report_issue',
  'report_list',
  'report_read',
  'report_verify',
  'report_revoke',
  'statistics_forms_read',
  'statistics_records_read',
  'statistics_unit_read',
  // Integrity opinions.
  'opinion_request',
  'opinion_list',
  'opinion_read',
  'opinion_draft',
  'opinion_conclusion',
  'opinion_sign',
  'opinion_reply_read',
  'opinion_file_read',
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

/** The last verification of the chain (when, by whom, what it found); null when it was never verified. */
export type LastVerification = operations['auditLastVerification']['responses']['200']['content']['application/json']['last']

/** Reads the last verification without running one (GET /audit/verify runs one, over the whole chain). */
export async function getLastVerification(signal?: AbortSignal): Promise<LastVerification> {
  return (await request<{ last: LastVerification }>('/audit/verify/last', { signal })).last ?? null
}
