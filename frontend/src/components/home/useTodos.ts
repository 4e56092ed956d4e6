import { computed, onScopeDispose, ref, shallowReactive } from 'vue'
import { useRouter, type RouteLocationRaw } from 'vue-router'
import type { ApiError } from '@/api/request'
import { toApiError } from '@/composables/useLatestRequest'
import { usePermission } from '@/composables/usePermission'
import { useInboxStore } from '@/stores/inbox'
import { useSessionStore } from '@/stores/session'
import { SHORTCUTS, WORK_SOURCES, type InboxFigures, type TodoContext, type TodoSource, type TodoValue } from './todos'

/** One tile as the to-do block shows it. */
export interface TodoTile {
  key: string
  value: TodoValue
  /** Why it could not be read. */
  error: ApiError | null
  /** Where the work is done, when the user may open that page. */
  to?: RouteLocationRaw
  figure: boolean
}

/**
 * What waits for the signed-in user, from every source their permissions
 * admit (a user with several roles sees the tiles of each): read when the
 * home page opens, each on its own (one failing leaves the rest), the
 * commission's from the header's inbox as it polls; and the shortcuts to the pages of their main
 * flow. A tile links to its page only when the user may open it.
 */
export function useTodos(sources: readonly TodoSource[] = WORK_SOURCES) {
  const { can } = usePermission()
  const session = useSessionStore()
  const router = useRouter()
  const inbox = useInboxStore()
  /** Whether the user may open the page `to` leads to, as the router's guard decides. */
  const opens = (to: RouteLocationRaw) => {
    const route = router.resolve(to)
    return route.name !== 'not-found' && session.can(route.meta.api)
  }

  const shown = computed(() => sources.filter((source) => can(source.need)))
  const values = shallowReactive(new Map<string, TodoValue>())
  const errors = shallowReactive(new Map<string, ApiError>())
  const loading = ref(false)
  /** The time of the last read: the links that narrow by it narrow as the counts did. */
  const readAt = ref(Date.now())
  let controller: AbortController | null = null

  async function load(): Promise<void> {
    controller?.abort()
    const current = new AbortController()
    controller = current
    loading.value = true
    const context: TodoContext = { signal: current.signal, now: Date.now() }
    readAt.value = context.now
    const read = async (source: TodoSource): Promise<void> => {
      if (!source.read) return
      try {
        const value = await source.read(context)
        if (current.signal.aborted) return
        values.set(source.key, value)
        errors.delete(source.key)
      } catch (caught) {
        if (current.signal.aborted) return
        values.delete(source.key)
        errors.set(source.key, toApiError(caught))
      }
    }
    await Promise.all(shown.value.map(read))
    if (controller === current) loading.value = false
  }

  /** Reads everything again, the inbox too. */
  function refresh(): Promise<void> {
    inbox.refresh()
    return load()
  }

  const figures = computed<InboxFigures>(() => ({
    known: inbox.lastPolledAt !== null,
    awaiting: inbox.awaiting,
    opinionsOpen: inbox.opinionsOpen,
    opinionsOverdue: inbox.opinionsOverdue,
  }))

  const tiles = computed<TodoTile[]>(() =>
    shown.value.map((source) => {
      const to = typeof source.to === 'function' ? source.to(readAt.value) : source.to
      return {
        key: source.key,
        value: source.live ? source.live(figures.value) : (values.get(source.key) ?? { count: null }),
        error: errors.get(source.key) ?? null,
        to: to !== undefined && opens(to) ? to : undefined,
        figure: source.figure === true,
      }
    }),
  )

  const shortcuts = computed(() =>
    SHORTCUTS.filter((name) => router.hasRoute(name) && opens({ name })).map((name) => ({
      name,
      titleKey: router.resolve({ name }).meta.titleKey ?? name,
    })),
  )

  // The commission's counts follow the inbox the header's bell polls; starting it again does nothing.
  if (shown.value.some((source) => source.live) && can('GET /api/v1/lookups/inbox')) inbox.start()
  onScopeDispose(() => controller?.abort())

  return { tiles, shortcuts, loading, load, refresh }
}
