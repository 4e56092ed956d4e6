import { ref, watchEffect, type Directive, type Ref, type WatchStopHandle } from 'vue'
import { allows, type Role } from '@/auth/roles'
import { useSessionStore } from '@/stores/session'

export type RoleBinding = Role | readonly Role[]

interface RoleState {
  required: Ref<readonly Role[]>
  stop: WatchStopHandle
}

const states = new WeakMap<HTMLElement, RoleState>()

function normalise(value: RoleBinding): readonly Role[] {
  return typeof value === 'string' ? [value] : value
}

/**
 * `v-role="'admin'"` or `v-role="['discipline_staff', 'discipline_approver']"`:
 * the element is shown only while the user holds one of the roles, and
 * follows role changes (sign-in, sign-out) without a re-render.
 */
export const vRole: Directive<HTMLElement, RoleBinding> = {
  mounted(el, binding) {
    const session = useSessionStore()
    const required = ref<readonly Role[]>(normalise(binding.value))
    const display = el.style.display
    const stop = watchEffect(() => {
      el.style.display = allows(session.roles, required.value) ? display : 'none'
    })
    states.set(el, { required, stop })
  },
  updated(el, binding) {
    const state = states.get(el)
    if (state) state.required.value = normalise(binding.value)
  },
  unmounted(el) {
    states.get(el)?.stop()
    states.delete(el)
  },
}

declare module 'vue' {
  interface GlobalDirectives {
    vRole: typeof vRole
  }
}
