/**
 * An API call as the route policy (policies/policy.csv) names it:
 * "METHOD /api/v1/pattern", e.g. "POST /api/v1/lookups/:id/approve". The
 * server lists the caller's in `GET /me` (`permissions`); pages, menu
 * entries and buttons name the call they make, so who may do what is
 * written once, on the server.
 */
export type Permission = `${'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'} /api/v1/${string}`

/** Every signed-in user may read their own account. */
export const SIGNED_IN: Permission = 'GET /api/v1/me'

/**
 * Whether `permissions` include `api`. Deny by default: no permission named
 * (undefined) admits nobody. Hiding a button is a courtesy; the server still
 * decides every request.
 */
export function can(permissions: readonly string[], api: Permission | undefined): boolean {
  return api !== undefined && permissions.includes(api)
}
