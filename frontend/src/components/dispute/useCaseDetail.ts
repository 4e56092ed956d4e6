import { computed, ref, shallowRef, watch, type Ref } from 'vue'
import { ApiError } from '@/api/request'

/**
 * One dispute or repair application in a drawer: open while `id` is set
 * (closing clears it), read each time it opens and after every decision.
 */
export function useCaseDetail<T>(id: Ref<number | null>, read: (id: number) => Promise<T>) {
  const item = shallowRef<T | null>(null)
  const loading = ref(false)
  const error = shallowRef<ApiError | null>(null)

  const visible = computed({
    get: () => id.value !== null,
    set: (value: boolean) => {
      if (!value) id.value = null
    },
  })

  async function load(): Promise<void> {
    if (id.value === null) return
    loading.value = true
    try {
      item.value = await read(id.value)
      error.value = null
    } catch (caught) {
      error.value = caught instanceof ApiError ? caught : ApiError.network(caught)
    } finally {
      loading.value = false
    }
  }

  watch(id, (value) => {
    item.value = null
    if (value !== null) void load()
  })

  return { item, loading, error, visible, load }
}
