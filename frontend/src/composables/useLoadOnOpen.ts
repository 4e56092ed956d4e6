import { shallowRef, watch, type Ref } from 'vue'
import { useLatestRequest } from './useLatestRequest'

/**
 * What a drawer or dialog shows once opened: `load` runs each time `open`
 * turns true (null: nothing to load), with the loading flag and the error
 * the view shows in its place. The previous value is cleared first, so a
 * drawer never shows the last record while the next one loads.
 */
export function useLoadOnOpen<T>(open: Ref<boolean>, load: () => Promise<T> | null) {
  const value = shallowRef<T | null>(null)
  const { loading, error, run } = useLatestRequest()
  watch(open, async (isOpen) => {
    const pending = isOpen ? load() : null
    if (!pending) return
    error.value = null
    value.value = null
    await run(() => pending, (loaded) => (value.value = loaded))
  })
  return { value, loading, error }
}
