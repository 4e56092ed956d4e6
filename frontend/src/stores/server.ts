import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { getReadiness, type Readiness } from '@/api/health'
import { getMeta, type Meta } from '@/api/meta'
import { ApiError } from '@/api/request'

/** What the server reports about itself: `/api/v1/meta` and `/readyz`. */
export const useServerStore = defineStore('server', () => {
  const meta = ref<Meta | null>(null)
  const metaError = ref<ApiError | null>(null)
  const readiness = ref<Readiness | null>(null)
  const checkedAt = ref<Date | null>(null)
  const loading = ref(false)

  const demo = computed(() => meta.value?.demo === true)

  async function refresh(): Promise<void> {
    loading.value = true
    try {
      const [metaResult, readinessResult] = await Promise.allSettled([getMeta(), getReadiness()])
      if (metaResult.status === 'fulfilled') {
        meta.value = metaResult.value
        metaError.value = null
      } else {
        metaError.value =
          metaResult.reason instanceof ApiError ? metaResult.reason : ApiError.network(metaResult.reason)
      }
      readiness.value =
        readinessResult.status === 'fulfilled'
          ? readinessResult.value
          : { ready: false, status: 0, detail: '', retryAfter: null }
      checkedAt.value = new Date()
    } finally {
      loading.value = false
    }
  }

  return { meta, metaError, readiness, checkedAt, loading, demo, refresh }
})
