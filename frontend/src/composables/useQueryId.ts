import { computed } from 'vue'
import { useRoute, useRouter } from 'vue-router'

/**
 * A record's id in the page's address (`?record_id=42`): `id` is the
 * positive whole number there, or null when it is missing or not one.
 * `set` puts another id there and `drop` takes it out, both replacing the
 * history entry (a reload then shows what the page shows now).
 */
export function useQueryId(key: string) {
  const route = useRoute()
  const router = useRouter()

  const id = computed(() => {
    const raw = route.query[key]
    const value = Number(Array.isArray(raw) ? raw[0] : raw)
    return Number.isInteger(value) && value > 0 ? value : null
  })

  function set(value: number): Promise<unknown> {
    return router.replace({ query: { ...route.query, [key]: value } })
  }

  function drop(): void {
    if (route.query[key] === undefined) return
    const query = { ...route.query }
    delete query[key]
    void router.replace({ query })
  }

  return { id, set, drop }
}
