import type { Grant, Scope } from '@/api/auth'
import type { GrantInput } from '@/api/users'
import type { Role } from '@/auth/roles'

/** A row of the grants editor while it is being edited. */
export interface GrantDraft {
  role: Role | ''
  scope: Scope | ''
  department_id: number | null
}

/** What is wrong with one row, as i18n keys under `users.grants.errors`. */
export interface GrantRowErrors {
  role?: string
  scope?: string
  department_id?: string
}

export interface GrantCheck {
  /** Problems of the whole list (`empty`), as i18n keys. */
  list: string[]
  rows: GrantRowErrors[]
  valid: boolean
}

/** The scopes that are anchored at a department. */
export const DEPARTMENT_SCOPES: readonly Scope[] = ['dept_and_below', 'dept']

export function needsDepartment(scope: Scope | ''): boolean {
  return scope !== '' && DEPARTMENT_SCOPES.includes(scope)
}

/** The scope a newly chosen role usually gets. */
export function defaultScopeFor(role: Role): Scope {
  if (role === 'official') return 'self'
  if (role === 'admin' || role === 'security_admin' || role === 'auditor') return 'all'
  return 'dept_and_below'
}

export function emptyGrant(): GrantDraft {
  return { role: '', scope: '', department_id: null }
}

export function draftsFrom(grants: readonly Grant[]): GrantDraft[] {
  return grants.map((grant) => ({ role: grant.role, scope: grant.scope, department_id: grant.department_id ?? null }))
}

/**
 * Checks the grants as the server will: at least one; each role once; a
 * scope for each; the official role only over `self`; `self` only for a user
 * linked to an official; the department scopes anchored at a department (the
 * row's own, or else the user's department, as the server falls back).
 */
export function validateGrants(
  grants: readonly GrantDraft[],
  user: { departmentId: number | null; officialId: number | null },
): GrantCheck {
  const list: string[] = []
  if (grants.length === 0) list.push('empty')
  const seen = new Set<string>()
  const rows = grants.map((grant) => {
    const row: GrantRowErrors = {}
    if (grant.role === '') row.role = 'roleRequired'
    else if (seen.has(grant.role)) row.role = 'duplicateRole'
    else seen.add(grant.role)

    if (grant.scope === '') row.scope = 'scopeRequired'
    else if (grant.role === 'official' && grant.scope !== 'self') row.scope = 'officialSelfOnly'
    else if (grant.scope === 'self' && user.officialId === null) row.scope = 'selfNeedsOfficial'

    if (needsDepartment(grant.scope) && grant.department_id === null && user.departmentId === null) {
      row.department_id = 'departmentRequired'
    }
    return row
  })
  const valid = list.length === 0 && rows.every((row) => Object.keys(row).length === 0)
  return { list, rows, valid }
}

/** The grants as the API takes them; call only after validateGrants passed. */
export function toGrantInputs(grants: readonly GrantDraft[]): GrantInput[] {
  return grants.map((grant) => {
    const input: GrantInput = { role: grant.role as Role, scope: grant.scope as Scope }
    if (needsDepartment(grant.scope) && grant.department_id !== null) input.department_id = grant.department_id
    return input
  })
}

/** The server's field errors for row `index` (`grants[0].role` → `role`). */
export function serverRowErrors(fields: Readonly<Record<string, string>>, index: number): GrantRowErrors {
  const prefix = `grants[${index}].`
  const row: GrantRowErrors = {}
  for (const [field, message] of Object.entries(fields)) {
    if (!field.startsWith(prefix)) continue
    const name = field.slice(prefix.length)
    if (name === 'role' || name === 'scope' || name === 'department_id') row[name] = message
  }
  return row
}
