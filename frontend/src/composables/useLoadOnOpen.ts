import { ref, shallowRef, watch, type Ref } from 'vue'
import { ApiError } from '@/api/request'

/**
 * What a drawer or dialog shows once opened: `load` runs each time `open`
 * turns true (null: nothing to load), with the loading flag and the error
 * the view shows in its place. The previous value is cleared first, so a
 * drawer never shows the last record while the next one loads.
 */
export function useLoadOnOpen<T>(open: Ref<boolean>, load: () => Promise<T> | null) {
  const value = shallowRef<T | null>(null)
  const loading = ref(false)
  const error = shallowRef<ApiError | null>(null)
  watch(open, async (isOpen) => {
    const pending = isOpen ? load() : null
    if (!pending) return
    loading.value = true
    error.value = null
    value.value = null
    try {
      value.value = await pending
    } catch (caught) {
      error.value = caught instanceof ApiError ? caught : ApiError.network(caught)
    } finally {
      loading.value = false
    }
  })
  return { value, loading, error }
}
