/**
 * Role names as the server issues them in `GET /api/v1/me`, for showing a
 * user's roles (account pages, the access log). Who may do what is not
 * decided by role names here: pages and buttons follow the permissions the
 * server lists (see permissions.ts).
 */
export const ROLES = [
  'admin',
  'security_admin',
  'discipline_staff',
  'discipline_approver',
  'personnel_staff',
  'data_clerk',
  'official',
  'auditor',
] as const

export type Role = (typeof ROLES)[number]

/** The discipline commission's roles, whose members' names an official's access log withholds. */
export const DISCIPLINE_ROLES: readonly Role[] = ['discipline_staff', 'discipline_approver']
