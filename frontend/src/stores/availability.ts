import { defineStore } from 'pinia'
import { ref } from 'vue'
import { getReadiness, type Readiness } from '@/api/health'

/** The first wait before asking /readyz whether an outage is over; it doubles after each "not yet". */
export const FIRST_CHECK_S = 2
/** The longest wait between two readiness checks, whatever the server says. */
export const MAX_CHECK_S = 30
/** How long "the service is back" stays up once an outage is over. */
export const RECOVERED_SHOW_MS = 5_000

/**
 * Whether the server can serve, as the requests find out: `request()`
 * reports every 503 and every request that got no answer, and the outage
 * lasts until `GET /readyz` answers ready. While it lasts one poller asks
 * /readyz, after the server's Retry-After or else 2 s, 4 s, 8 s … (at most
 * 30 s); `checkNow()` asks at once. When it is over `recovered` is set for
 * a few seconds (the banner says so and offers to reload the view).
 *
 * The app drives the poller: `start()` when it is mounted, `stop()` when it
 * goes. Until started an outage is only noted, and nothing is polled.
 */
export const useAvailabilityStore = defineStore('availability', () => {
  /** From the first 503 or unanswered request until /readyz answers ready. */
  const unavailable = ref(false)
  /** For RECOVERED_SHOW_MS after an outage ended (or until dismissed). */
  const recovered = ref(false)
  /** When the next readiness check is due (epoch ms); null while one is on the wire or none is planned. */
  const nextCheckAt = ref<number | null>(null)
  /** A readiness check is on the wire. */
  const checking = ref(false)

  let running = false
  let failedChecks = 0
  /** The Retry-After of the last answer: the next wait, when the server named one. */
  let retryAfter: number | null = null
  let timer: ReturnType<typeof setTimeout> | null = null
  let recoveredTimer: ReturnType<typeof setTimeout> | null = null
  let probe: AbortController | null = null
  /** Bumped by stop(); a check still on the wire from before sees it changed and ends. */
  let generation = 0

  function waitMs(): number {
    const seconds = retryAfter ?? FIRST_CHECK_S * 2 ** failedChecks
    return Math.min(Math.max(seconds, 1), MAX_CHECK_S) * 1000
  }

  function clearTimer(): void {
    if (timer !== null) clearTimeout(timer)
    timer = null
    nextCheckAt.value = null
  }

  /** Plans the next check, unless not started, no outage or one on the wire. */
  function schedule(): void {
    clearTimer()
    if (!running || !unavailable.value || checking.value) return
    const ms = waitMs()
    nextCheckAt.value = Date.now() + ms
    timer = setTimeout(() => void check(), ms)
  }

  async function check(): Promise<void> {
    clearTimer()
    if (!unavailable.value || checking.value) return
    const run = generation
    checking.value = true
    probe = new AbortController()
    let readiness: Readiness | null
    try {
      readiness = await getReadiness(probe.signal)
    } catch {
      readiness = null // aborted, or an answer that could not be read: not ready
    }
    if (run !== generation) return
    checking.value = false
    probe = null
    if (readiness?.ready) {
      recover()
      return
    }
    failedChecks++
    retryAfter = readiness?.retryAfter ?? null
    schedule()
  }

  function recover(): void {
    unavailable.value = false
    failedChecks = 0
    retryAfter = null
    clearTimer()
    recovered.value = true
    if (recoveredTimer !== null) clearTimeout(recoveredTimer)
    recoveredTimer = setTimeout(dismiss, RECOVERED_SHOW_MS)
  }

  /**
   * A request met a 503 (with the server's Retry-After, if any) or got no
   * answer. Starts the outage; while one lasts, further reports change
   * nothing (one poller at a time).
   */
  function report(seconds: number | null = null): void {
    if (unavailable.value) return
    dismiss()
    unavailable.value = true
    failedChecks = 0
    retryAfter = seconds
    schedule()
  }

  /** Asks /readyz now ("retry now"), unless there is no outage or a check is on the wire. */
  function checkNow(): void {
    if (!unavailable.value || checking.value) return
    void check()
  }

  /** Hides "the service is back". */
  function dismiss(): void {
    if (recoveredTimer !== null) clearTimeout(recoveredTimer)
    recoveredTimer = null
    recovered.value = false
  }

  /** The app is mounted: poll while there is an outage. */
  function start(): void {
    if (running) return
    running = true
    schedule()
  }

  /** The app is unmounted: no more checks, none on the wire. */
  function stop(): void {
    running = false
    generation++
    probe?.abort()
    probe = null
    checking.value = false
    clearTimer()
    dismiss()
  }

  return { unavailable, recovered, nextCheckAt, checking, report, checkNow, dismiss, start, stop }
})
