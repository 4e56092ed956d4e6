import { computed, shallowRef, watch, type Ref } from 'vue'
import { useLatestRequest } from '@/composables/useLatestRequest'

/**
 * One dispute or repair application in a drawer: open while `id` is set
 * (closing clears it), read each time it opens and after every decision.
 */
export function useCaseDetail<T>(id: Ref<number | null>, read: (id: number) => Promise<T>) {
  const item = shallowRef<T | null>(null)
  const { loading, error, run } = useLatestRequest()

  const visible = computed({
    get: () => id.value !== null,
    set: (value: boolean) => {
      if (!value) id.value = null
    },
  })

  async function load(): Promise<void> {
    const shown = id.value
    if (shown === null) return
    await run(() => read(shown), (loaded) => (item.value = loaded))
  }

  watch(id, (value) => {
    item.value = null
    if (value !== null) void load()
  })

  return { item, loading, error, visible, load }
}
