import type { Permission } from '@/auth/permissions'
import { useSessionStore } from '@/stores/session'

/**
 * Permission checks for script code: whether the user may make an API call,
 * as `GET /me` lists them from the server's route policy. Hiding a button is
 * a courtesy; the server still decides every request.
 */
export function usePermission() {
  const session = useSessionStore()

  /** True when the user may make the call `api` ("METHOD /api/v1/pattern"). */
  function can(api: Permission): boolean {
    return session.can(api)
  }

  return { can }
}
