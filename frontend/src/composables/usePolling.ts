import { getCurrentScope, onScopeDispose, ref, shallowRef } from 'vue'
import { ApiError } from '@/api/request'

export interface PollingOptions<T> {
  /** Reads the current state of the thing watched (an import, a job). */
  read: () => Promise<T>
  /** True once the state will not change any more: polling stops there. */
  finished: (value: T) => boolean
  /** The wait between the end of one read and the start of the next. */
  intervalMs: () => number
  /** Called once with the finished state. */
  onFinished?: (value: T) => void
}

/**
 * Polls `read` until `finished` says so, one request at a time (the next
 * read is scheduled only after the last one answered). A failed read stops
 * the polling and keeps its error; `start()` again retries. Restarting or
 * stopping makes any answer still on the wire stale, so it is dropped; in a
 * component (or any effect scope) polling stops when the scope ends.
 */
export function usePolling<T>(options: PollingOptions<T>) {
  const value = shallowRef<T | null>(null)
  const error = shallowRef<ApiError | null>(null)
  /** True from start() until the state is finished, a read fails or stop(). */
  const active = ref(false)
  let timer: ReturnType<typeof setTimeout> | null = null
  /** Bumped by every (re)start and stop; a stale poll sees it changed and ends. */
  let generation = 0

  function stop(): void {
    generation++
    if (timer !== null) clearTimeout(timer)
    timer = null
    active.value = false
  }

  async function poll(run: number): Promise<void> {
    timer = null
    try {
      const current = await options.read()
      if (run !== generation) return
      value.value = current
      error.value = null
      if (options.finished(current)) {
        active.value = false
        options.onFinished?.(current)
        return
      }
    } catch (caught) {
      if (run !== generation) return
      error.value = caught instanceof ApiError ? caught : ApiError.network(caught)
      active.value = false
      return
    }
    timer = setTimeout(() => void poll(run), options.intervalMs())
  }

  /** (Re)starts polling at once; `clear` drops the state shown so far. */
  function start(clear = false): void {
    stop()
    if (clear) value.value = null
    active.value = true
    void poll(generation)
  }

  if (getCurrentScope()) onScopeDispose(stop)

  return { value, error, active, start, stop }
}
