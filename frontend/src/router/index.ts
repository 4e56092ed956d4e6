import {
  createRouter,
  createWebHistory,
  type RouteLocationNormalized,
  type RouteLocationRaw,
  type RouterHistory,
  type RouteRecordRaw,
} from 'vue-router'
import { allows, type RoleRequirement } from '@/auth/roles'
import AppLayout from '@/layouts/AppLayout.vue'
import { useSessionStore } from '@/stores/session'

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page name, shown in document.title. */
    titleKey?: string
    /** Who may open the page; routes without it are public. */
    roles?: readonly RoleRequirement[]
  }
}

export const routes: RouteRecordRaw[] = [
  {
    path: '/',
    component: AppLayout,
    children: [
      {
        path: '',
        name: 'home',
        component: () => import('@/views/HomeView.vue'),
        meta: { titleKey: 'nav.home', roles: ['*'] },
      },
      {
        path: '/:pathMatch(.*)*',
        name: 'not-found',
        component: () => import('@/views/NotFoundView.vue'),
        meta: { titleKey: 'nav.notFound', roles: ['*'] },
      },
    ],
  },
]

/**
 * A page the user may not open looks like one that does not exist, as the
 * server answers 404 for what the caller may not see.
 */
export function roleGuard(to: RouteLocationNormalized): true | RouteLocationRaw {
  const required = to.meta.roles
  if (!required || allows(useSessionStore().roles, required)) return true
  return {
    name: 'not-found',
    params: { pathMatch: to.path.split('/').filter(Boolean) },
    query: to.query,
    hash: to.hash,
    replace: true,
  }
}

export function createAppRouter(history: RouterHistory = createWebHistory(import.meta.env.BASE_URL)) {
  const router = createRouter({ history, routes })
  router.beforeEach(roleGuard)
  return router
}
