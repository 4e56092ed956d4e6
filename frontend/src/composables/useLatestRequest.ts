import { getCurrentScope, onScopeDispose, ref, shallowRef } from 'vue'
import { ApiError } from '@/api/request'

/** What a request threw, as the ApiError a page shows (a failed fetch becomes a network error). */
export function toApiError(caught: unknown): ApiError {
  return caught instanceof ApiError ? caught : ApiError.network(caught)
}

/**
 * A read a page sends again and again (a list, a file, a report): `run`
 * starts `fetch` with an abort signal and aborts the one before, so only
 * the newest answer counts. Its value goes to `apply` (the error is cleared
 * first, so `apply` may set one); a failure is kept in `error` and handed
 * to `failed`; an answer overtaken by a newer run is dropped. `loading`
 * holds until the newest run has answered. `abort()` drops the one in
 * flight; in a component (any effect scope) that happens when it ends.
 */
export function useLatestRequest() {
  const loading = ref(false)
  const error = shallowRef<ApiError | null>(null)
  let inFlight: AbortController | null = null

  async function run<T>(fetch: (signal: AbortSignal) => Promise<T>, apply: (value: T) => void, failed?: (error: ApiError) => void): Promise<void> {
    inFlight?.abort()
    const controller = new AbortController()
    inFlight = controller
    loading.value = true
    try {
      const value = await fetch(controller.signal)
      if (controller.signal.aborted) return
      error.value = null
      apply(value)
    } catch (caught) {
      if (controller.signal.aborted) return
      error.value = toApiError(caught)
      failed?.(error.value)
    } finally {
      if (inFlight === controller) loading.value = false
    }
  }

  function abort(): void {
    inFlight?.abort()
  }

  if (getCurrentScope()) onScopeDispose(abort)

  return { loading, error, run, abort }
}
