import { getCurrentScope, onScopeDispose, ref, type Ref } from 'vue'

/**
 * The wall clock as a ref, ticking every `intervalMs` (default one second),
 * for countdowns. The timer stops when the component (or effect scope) goes.
 */
export function useNow(intervalMs = 1_000): Ref<number> {
  const now = ref(Date.now())
  const timer = setInterval(() => {
    now.value = Date.now()
  }, intervalMs)
  if (getCurrentScope()) onScopeDispose(() => clearInterval(timer))
  return now
}

/** Whole seconds as `D 天 HH:MM:SS` parts: days, and the clock of the rest. */
export function splitDuration(seconds: number): { days: number; clock: string } {
  const total = Math.max(0, Math.floor(seconds))
  const days = Math.floor(total / 86_400)
  const rest = total % 86_400
  const pad = (value: number) => String(value).padStart(2, '0')
  const clock = `${pad(Math.floor(rest / 3_600))}:${pad(Math.floor((rest % 3_600) / 60))}:${pad(rest % 60)}`
  return { days, clock }
}
