import { ref, watchEffect, type Directive, type Ref, type WatchStopHandle } from 'vue'
import type { Permission } from '@/auth/permissions'
import { useSessionStore } from '@/stores/session'

interface CanState {
  api: Ref<Permission>
  stop: WatchStopHandle
}

const states = new WeakMap<HTMLElement, CanState>()

/**
 * `v-can="'POST /api/v1/lookups'"`: the element is shown only while the user
 * may make that API call, and follows sign-in and sign-out without a
 * re-render.
 */
export const vCan: Directive<HTMLElement, Permission> = {
  mounted(el, binding) {
    const session = useSessionStore()
    const api = ref(binding.value) as Ref<Permission>
    const display = el.style.display
    const stop = watchEffect(() => {
      el.style.display = session.can(api.value) ? display : 'none'
    })
    states.set(el, { api, stop })
  },
  updated(el, binding) {
    const state = states.get(el)
    if (state) state.api.value = binding.value
  },
  unmounted(el) {
    states.get(el)?.stop()
    states.delete(el)
  },
}

declare module 'vue' {
  interface GlobalDirectives {
    vCan: typeof vCan
  }
}
