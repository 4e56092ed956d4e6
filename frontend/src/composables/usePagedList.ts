import { ref, shallowRef, type Ref } from 'vue'
import type { ApiError } from '@/api/request'
import type { Page } from '@/api/paging'
import { useLatestRequest } from './useLatestRequest'

export interface PagedList<T> {
  items: Ref<T[]>
  total: Ref<number>
  page: Ref<number>
  pageSize: Ref<number>
  loading: Ref<boolean>
  error: Ref<ApiError | null>
  /** Loads the current page; a newer call wins over an older one still in flight. */
  load: () => Promise<void>
  /** Back to page 1, then load (a new search). */
  search: () => Promise<void>
}

/**
 * The state of one paged table: `fetchPage(page, pageSize, signal)` calls a
 * list endpoint; the composable keeps items, total, paging, loading and the
 * last error, and cancels a stale request when a newer one starts.
 */
export function usePagedList<T>(
  fetchPage: (page: number, pageSize: number, signal: AbortSignal) => Promise<Page<T>>,
  initialPageSize = 20,
): PagedList<T> {
  const items = shallowRef<T[]>([]) as Ref<T[]>
  const total = ref(0)
  const page = ref(1)
  const pageSize = ref(initialPageSize)
  const { loading, error, run } = useLatestRequest()

  function load(): Promise<void> {
    return run(
      (signal) => fetchPage(page.value, pageSize.value, signal),
      (result) => {
        items.value = result.items ?? []
        total.value = result.total ?? 0
      },
      () => {
        items.value = []
        total.value = 0
      },
    )
  }

  async function search(): Promise<void> {
    page.value = 1
    await load()
  }

  return { items, total, page, pageSize, loading, error, load, search }
}

/** What a list page shows of any list: its rows, whether it loads, and the last error. */
export interface ListState<T> {
  items: Ref<T[]>
  loading: Ref<boolean>
  error: Ref<ApiError | null>
}

/** A whole (unpaged) list: `fetchAll()` loads every row at once. */
export interface LoadedList<T> extends ListState<T> {
  load: () => Promise<void>
}

/** The state of one unpaged table, loaded by `fetchAll`. */
export function useLoadedList<T>(fetchAll: () => Promise<T[]>): LoadedList<T> {
  const items = shallowRef<T[]>([]) as Ref<T[]>
  const { loading, error, run } = useLatestRequest()
  const load = () => run(() => fetchAll(), (rows) => (items.value = rows))

  return { items, loading, error, load }
}
