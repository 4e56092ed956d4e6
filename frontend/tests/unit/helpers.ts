import { mount, flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import type { Component } from 'vue'
import { createMemoryHistory, type Router } from 'vue-router'
import type { Role } from '@/auth/roles'
import { vRole } from '@/directives/role'
import { createAppI18n } from '@/i18n'
import { createAppRouter } from '@/router'
import { useLocaleStore } from '@/stores/locale'
import { useSessionStore } from '@/stores/session'

/** A Response as the Go server sends it. */
export function jsonResponse(status: number, body: unknown, contentType = 'application/json'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': contentType } })
}

export interface Harness {
  pinia: Pinia
  router: Router
}

/**
 * Mounts `component` with the app's real plugins (Pinia, vue-i18n, the
 * router on an in-memory history, v-role), as main.ts wires them.
 */
export async function mountApp(component: Component, options: { path?: string; roles?: Role[] } = {}) {
  const pinia = createPinia()
  setActivePinia(pinia)
  useSessionStore().roles = options.roles ?? []
  const i18n = createAppI18n(useLocaleStore().locale)
  const router = createAppRouter(createMemoryHistory())
  await router.push(options.path ?? '/')
  await router.isReady()
  const wrapper = mount(component, {
    attachTo: document.body,
    global: { plugins: [pinia, i18n, router], directives: { role: vRole } },
  })
  await flushPromises()
  return { wrapper, pinia, router }
}
