/** Role names as the server issues them in `GET /api/v1/me`. */
export const ROLES = [
  'admin',
  'discipline_staff',
  'discipline_approver',
  'personnel_staff',
  'data_clerk',
  'official',
  'auditor',
] as const

export type Role = (typeof ROLES)[number]

/** Marks a route or menu entry that everyone may see, signed in or not. */
export const PUBLIC = '*'

export type RoleRequirement = Role | typeof PUBLIC

/**
 * Whether a user holding `userRoles` meets `required`: any one of the
 * required roles is enough, PUBLIC lets everyone in, and an empty list lets
 * no one in (deny by default, as the server does).
 */
export function allows(userRoles: readonly Role[], required: readonly RoleRequirement[]): boolean {
  return required.some((role) => role === PUBLIC || userRoles.includes(role))
}

/** Staff who may read the officials registry within their data scope. */
export const OFFICIAL_READERS: readonly Role[] = ['personnel_staff', 'discipline_staff', 'discipline_approver']

/**
 * Who may open an official's integrity file: every source (admin), their own
 * source's records (clerk), or what an approved lookup opens (discipline staff).
 */
export const FILE_READERS: readonly Role[] = ['admin', 'data_clerk', 'discipline_staff']

/** The discipline commission: staff ask for lookups, approvers decide; both handle warnings. */
export const DISCIPLINE_ROLES: readonly Role[] = ['discipline_staff', 'discipline_approver']
