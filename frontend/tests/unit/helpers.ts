import { vi } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import type { Component } from 'vue'
import { createMemoryHistory, type Router } from 'vue-router'
import type { Me } from '@/api/auth'
import type { Role } from '@/auth/roles'
import { vCan } from '@/directives/can'
import { createAppI18n } from '@/i18n'
import { createAppRouter } from '@/router'
import { useLocaleStore } from '@/stores/locale'
import { useSessionStore } from '@/stores/session'
import { permissionsOf } from './policy'

/** A Response as the Go server sends it. */
export function jsonResponse(status: number, body: unknown, contentType = 'application/json'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': contentType } })
}

/**
 * A `/me` answer for a user holding `roles`, with no pending obligations,
 * and the permissions the server's route policy gives those roles.
 */
export function makeMe(roles: Role[] = [], overrides: Partial<Me> = {}): Me {
  return {
    id: 1,
    username: 'tester',
    display_name: '测试用户',
    roles,
    grants: roles.map((role) => ({ role, scope: 'all', department_id: null })),
    department: null,
    official_id: null,
    must_change_password: false,
    totp_enabled: false,
    totp_required: false,
    password_expires_at: null,
    permissions: permissionsOf(roles),
    ...overrides,
  }
}

/** Puts a signed-in session into the active Pinia, as login would. */
export function signIn(roles: Role[] = [], overrides: Partial<Me> = {}): Me {
  const session = useSessionStore()
  const me = makeMe(roles, overrides)
  session.accessToken = 'access-token'
  session.me = me
  session.username = me.username
  session.roles = roles
  session.permissions = me.permissions
  return me
}

export interface Harness {
  pinia: Pinia
  router: Router
}

/**
 * Mounts `component` with the app's real plugins (Pinia, vue-i18n, the
 * router on an in-memory history, v-can), as main.ts wires them. The user
 * is signed in (holding `roles`) unless `signedOut`.
 */
export async function mountApp(
  component: Component,
  options: { path?: string; roles?: Role[]; me?: Partial<Me>; signedOut?: boolean } = {},
) {
  const pinia = createPinia()
  setActivePinia(pinia)
  if (!options.signedOut) signIn(options.roles ?? [], options.me)
  const i18n = createAppI18n(useLocaleStore().locale)
  const router = createAppRouter(createMemoryHistory())
  await router.push(options.path ?? '/')
  await router.isReady()
  const wrapper = mount(component, {
    attachTo: document.body,
    global: { plugins: [pinia, i18n, router], directives: { can: vCan } },
  })
  await flushPromises()
  return { wrapper, pinia, router }
}

/** A problem+json error as the Go server sends it. */
export function problemResponse(
  status: number,
  code: string,
  extra: { detail?: string; errors?: { row?: number; field: string; message: string; key?: string; params?: string[] }[]; headers?: Record<string, string> } = {},
): Response {
  return new Response(
    JSON.stringify({ type: `urn:integrity:problem:${code}`, title: code, status, code, detail: extra.detail ?? code, errors: extra.errors ?? [] }),
    { status, headers: { 'Content-Type': 'application/problem+json', ...extra.headers } },
  )
}

export type FakeHandler = (request: { body: unknown; headers: Headers; url: string }) => Response | Promise<Response>

/**
 * A fetch stub that answers by "METHOD /path" (path without the query), and
 * records each call. Unknown routes answer 404 problem+json.
 */
export function fakeServer(routes: Record<string, FakeHandler>) {
  const calls: { method: string; path: string; url: string; headers: Headers; body: unknown }[] = []
  const fetchStub = async (input: string, init: RequestInit = {}) => {
    const method = (init.method ?? 'GET').toUpperCase()
    const path = input.split('?')[0] ?? input
    const headers = new Headers(init.headers)
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : init.body
    calls.push({ method, path, url: input, headers, body })
    const handler = routes[`${method} ${path}`]
    if (!handler) return problemResponse(404, 'not_found')
    return handler({ body, headers, url: input })
  }
  return { fetch: fetchStub, calls, count: (key: string) => calls.filter((c) => `${c.method} ${c.path}` === key).length }
}

/**
 * Waits until `check` stops throwing, for what the user would see. The
 * limit only stops a test that hangs: on a busy machine a route's lazy page
 * or a poll can take seconds, and vi.waitFor's own default (1 s) failed there.
 */
export function waitFor<T>(check: () => T): Promise<T> {
  return vi.waitFor(check, { timeout: 30_000, interval: 20 })
}
