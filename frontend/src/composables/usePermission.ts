import { storeToRefs } from 'pinia'
import { allows, type Role } from '@/auth/roles'
import { useSessionStore } from '@/stores/session'

/**
 * Role checks for script code. The roles come from the session store, which
 * is filled from the server's `/me`. Hiding a button is a courtesy; the
 * server still decides every request.
 */
export function usePermission() {
  const { roles } = storeToRefs(useSessionStore())

  /** True when the user holds at least one of `required`. */
  function hasRole(...required: Role[]): boolean {
    return allows(roles.value, required)
  }

  return { roles, hasRole }
}
