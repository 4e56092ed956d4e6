import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as auth from '@/api/auth'
import { ApiError } from '@/api/errors'
import { can as allowedBy, type Permission } from '@/auth/permissions'
import { ROLES, type Role } from '@/auth/roles'

/** Where the refresh token survives a reload (this tab only, gone with it). */
export const REFRESH_TOKEN_KEY = 'integrity.refresh_token'

/** How a login attempt ended when it did not throw. */
export type LoginOutcome = 'signed-in' | 'otp-required'

/** Why a session ended without the user asking. */
export type SessionEndReason = 'expired'

function readRefreshToken(): string | null {
  try {
    return window.sessionStorage.getItem(REFRESH_TOKEN_KEY)
  } catch {
    return null // storage disabled: the session lasts for this page only
  }
}

function writeRefreshToken(token: string | null): void {
  try {
    if (token === null) window.sessionStorage.removeItem(REFRESH_TOKEN_KEY)
    else window.sessionStorage.setItem(REFRESH_TOKEN_KEY, token)
  } catch {
    // storage disabled: nothing to persist
  }
}

function knownRoles(roles: readonly string[]): Role[] {
  return roles.filter((role): role is Role => (ROLES as readonly string[]).includes(role))
}

/**
 * Who is using the app. The access token lives in memory only; the refresh
 * token in sessionStorage, so a reload can restore the session. Roles and
 * every other fact about the user come from `GET /me` (server-issued), never
 * from the token.
 */
export const useSessionStore = defineStore('session', () => {
  const accessToken = ref<string | null>(null)
  const refreshToken = ref<string | null>(readRefreshToken())
  const me = ref<auth.Me | null>(null)
  const username = ref<string | null>(null)
  const roles = ref<Role[]>([])
  /** The API calls the user's roles allow, from `GET /me`. */
  const permissions = ref<string[]>([])

  const isAuthenticated = computed(() => accessToken.value !== null)
  const displayName = computed(() => me.value?.display_name || username.value)
  const mustChangePassword = computed(() => me.value?.must_change_password === true)
  const mustEnrolTotp = computed(
    () => me.value !== null && me.value.totp_required && !me.value.totp_enabled,
  )

  const endListeners = new Set<(reason: SessionEndReason) => void>()
  let refreshing: Promise<boolean> | null = null
  let restoring: Promise<void> | null = null

  function setTokens(tokens: auth.TokenPair): void {
    accessToken.value = tokens.access_token
    refreshToken.value = tokens.refresh_token
    writeRefreshToken(tokens.refresh_token)
  }

  /** Forgets everything about the session, here and in sessionStorage. */
  function clear(): void {
    accessToken.value = null
    refreshToken.value = null
    writeRefreshToken(null)
    me.value = null
    username.value = null
    roles.value = []
    permissions.value = []
  }

  async function loadMe(): Promise<auth.Me> {
    const current = await auth.getMe()
    me.value = current
    username.value = current.username
    roles.value = knownRoles(current.roles ?? [])
    permissions.value = [...(current.permissions ?? [])]
    return current
  }

  /**
   * Signs in. Resolves 'otp-required' when the password was right and a
   * second factor is due: call again with `otp`. Throws the ApiError of any
   * other failure (401 bad credentials or wrong code, 429 locked).
   */
  async function login(input: auth.LoginInput): Promise<LoginOutcome> {
    let tokens: auth.TokenPair
    try {
      tokens = await auth.login(input)
    } catch (error) {
      if (error instanceof ApiError && error.status === 401 && error.code === 'otp_required') {
        return 'otp-required'
      }
      throw error
    }
    setTokens(tokens)
    try {
      await loadMe()
    } catch (error) {
      clear()
      throw error
    }
    return 'signed-in'
  }

  /**
   * Trades the refresh token for a new pair. Single-flight: concurrent
   * callers share one request. Resolves false, and ends the session, when
   * the server refuses the token; a network failure rejects and keeps it.
   */
  function refreshSession(): Promise<boolean> {
    refreshing ??= (async () => {
      const token = refreshToken.value
      if (token === null) {
        end()
        return false
      }
      try {
        setTokens(await auth.refresh(token))
        return true
      } catch (error) {
        if (error instanceof ApiError && (error.status === 401 || error.status === 400)) {
          end()
          return false
        }
        throw error
      }
    })().finally(() => {
      refreshing = null
    })
    return refreshing
  }

  /**
   * On app start: a refresh token left by this tab becomes a session again
   * (refresh, then /me). Runs once; later calls wait for the first. When
   * the server could not answer (an outage), the refresh token is kept and
   * the next call tries again, so the session survives a reload during an
   * outage.
   */
  function restore(): Promise<void> {
    restoring ??= (async () => {
      try {
        if (accessToken.value === null && refreshToken.value !== null) {
          if (!(await refreshSession())) return
        }
        if (accessToken.value !== null && me.value === null) await loadMe()
      } catch {
        // The server is unreachable or /me failed: stay signed out for now.
        accessToken.value = null
        me.value = null
        roles.value = []
        permissions.value = []
        if (refreshToken.value !== null) restoring = null
      }
    })()
    return restoring
  }

  /** Signs out on the server (best effort) and forgets the session. */
  async function logout(): Promise<void> {
    if (accessToken.value !== null) {
      try {
        await auth.logout()
      } catch {
        // Already over on the server, or unreachable: forget it here anyway.
      }
    }
    clear()
  }

  function end(): void {
    const wasSignedIn = accessToken.value !== null || me.value !== null
    clear()
    if (wasSignedIn) for (const listener of endListeners) listener('expired')
  }

  /** Called when the session ends without the user asking (refresh refused). */
  function onSessionEnd(listener: (reason: SessionEndReason) => void): () => void {
    endListeners.add(listener)
    return () => endListeners.delete(listener)
  }

  /**
   * Whether the user may make the API call, as the server's route policy
   * says; nothing while a password change or TOTP enrolment is due (the
   * server refuses everything else until then).
   */
  function can(api: Permission | undefined): boolean {
    if (mustChangePassword.value || mustEnrolTotp.value) return false
    return allowedBy(permissions.value, api)
  }

  return {
    accessToken,
    refreshToken,
    me,
    username,
    roles,
    permissions,
    can,
    isAuthenticated,
    displayName,
    mustChangePassword,
    mustEnrolTotp,
    login,
    loadMe,
    refreshSession,
    restore,
    logout,
    clear,
    onSessionEnd,
  }
})
