import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { Role } from '@/auth/roles'

/**
 * Who is using the app. Login is not built yet, so this stays empty: no
 * token, no roles. The login flow fills it from the token endpoint and
 * `GET /api/v1/me`; the server stays the authority on every request.
 */
export const useSessionStore = defineStore('session', () => {
  const accessToken = ref<string | null>(null)
  const username = ref<string | null>(null)
  const roles = ref<Role[]>([])

  const isAuthenticated = computed(() => accessToken.value !== null)

  function clear(): void {
    accessToken.value = null
    username.value = null
    roles.value = []
  }

  return { accessToken, username, roles, isAuthenticated, clear }
})
