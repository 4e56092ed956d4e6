import { ref, watch } from 'vue'
import { ApiError } from '@/api/request'

/**
 * A draft's save refused because someone saved the draft since it was
 * opened (409 with an error on `revision`): `stale` shows the notice, the
 * person's changes stay, and `loadLatest` asks the page for the latest
 * version; when it arrives (a new revision), `onLatest` replaces the form.
 */
export function useStaleDraft(revision: () => string, requestReload: () => void, onLatest: () => void) {
  const stale = ref(false)
  const reloading = ref(false)

  /** True, and the notice shown, when `caught` is that refusal. */
  function refused(caught: unknown): boolean {
    stale.value = caught instanceof ApiError && caught.status === 409 && 'revision' in caught.fieldErrors
    return stale.value
  }

  function loadLatest(): void {
    reloading.value = true
    requestReload()
  }

  watch(revision, () => {
    if (!reloading.value) return
    reloading.value = stale.value = false
    onLatest()
  })

  return { stale, reloading, refused, loadLatest }
}
