import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import { getLookupInbox, type Lookup, type LookupInbox } from '@/api/lookups'
import { usePolling } from '@/composables/usePolling'
import { useSessionStore } from './session'

/** How often the header asks the server what awaits the user. */
export const INBOX_INTERVAL_MS = 15_000

/** The server time up to which this tab's user has seen their decided requests. */
export const INBOX_SEEN_KEY = 'integrity.inbox.seen'

/** How many late opinion requests this tab's user was last told of (a reload does not tell again). */
export const INBOX_LATE_KEY = 'integrity.inbox.lateOpinions'

/** What one poll brought that the user has not been told of yet. */
export interface InboxArrival {
  /** Own requests decided, revoked or expired since the last poll. */
  decided: Lookup[]
  /** How many more requests await the approver's decision than at the last poll. */
  newRequests: number
  /** The late requests for integrity opinions, when more are late than the user was told of; else 0. */
  lateOpinions: number
}

/** The arrival tells of lookups (decided ones, new requests), not only of late opinion requests. */
export function aboutLookups(arrival: InboxArrival): boolean {
  return arrival.decided.length > 0 || arrival.newRequests > 0
}

function readStored(key: string): string | undefined {
  try {
    return window.sessionStorage.getItem(key) ?? undefined
  } catch {
    return undefined
  }
}

function writeStored(key: string, value: string | null): void {
  try {
    if (value === null) window.sessionStorage.removeItem(key)
    else window.sessionStorage.setItem(key, value)
  } catch {
    // storage disabled: the badge starts again from the server's default
  }
}

/**
 * In-app notifications without reloading: while a discipline user is signed
 * in, GET /lookups/inbox is polled (one request at a time) for the requests
 * awaiting the approver's decision and the user's own requests decided
 * since the last poll (`since` = the last answer's server_time), and for
 * the commission the requests for integrity opinions still to answer and
 * the late ones (the late ones count in the badge). The first poll of a page
 * load fills the badge without notifying; later arrivals go to the
 * listeners (the header notifies, an open file closes when its lookup
 * ends). Late opinion requests are told of when more are late than at the
 * last poll, and on the first poll of a session when any are (a reload of
 * the tab does not tell of the same ones again). Signing out stops the
 * polling and forgets everything.
 */
export const useInboxStore = defineStore('inbox', () => {
  const session = useSessionStore()
  const awaiting = ref(0)
  /** Own requests decided since the user last opened the inbox, newest first. */
  const unseen = ref<Lookup[]>([])
  /** The commission's requests for integrity opinions to answer, and the late ones. */
  const opinionsOpen = ref(0)
  const opinionsOverdue = ref(0)
  const intervalMs = ref(INBOX_INTERVAL_MS)
  const lastPolledAt = shallowRef<string | null>(null)
  const count = computed(() => awaiting.value + unseen.value.length + opinionsOverdue.value)

  const listeners = new Set<(arrival: InboxArrival) => void>()
  let since: string | undefined = readStored(INBOX_SEEN_KEY)
  let polls = 0
  let wanted = false
  let retry: ReturnType<typeof setTimeout> | null = null

  const polling = usePolling<LookupInbox>({
    read: () => getLookupInbox(since),
    finished: () => false,
    intervalMs: () => intervalMs.value,
  })

  function apply(inbox: LookupInbox): void {
    const first = polls === 0
    polls++
    since = inbox.server_time
    lastPolledAt.value = inbox.server_time
    const newRequests = first ? 0 : Math.max(0, inbox.awaiting_my_decision - awaiting.value)
    awaiting.value = inbox.awaiting_my_decision
    const known = (lookup: Lookup) => unseen.value.some((item) => item.id === lookup.id && item.state === lookup.state)
    const fresh = (inbox.decided ?? []).filter((lookup) => !known(lookup))
    unseen.value = [...fresh, ...unseen.value.filter((item) => !fresh.some((lookup) => lookup.id === item.id))].slice(0, 50)
    const lateOpinions = late(inbox.opinions, first)
    const arrival: InboxArrival = first ? { decided: [], newRequests: 0, lateOpinions } : { decided: fresh, newRequests, lateOpinions }
    if (arrival.decided.length === 0 && arrival.newRequests === 0 && arrival.lateOpinions === 0) return
    for (const listener of listeners) listener(arrival)
  }

  /** Keeps the opinion counts; the late ones to tell of when more are late than the user knew (0 otherwise). */
  function late(opinions: LookupInbox['opinions'], first: boolean): number {
    const overdue = opinions?.overdue ?? 0
    const known = first ? Number(readStored(INBOX_LATE_KEY) ?? 0) || 0 : opinionsOverdue.value
    opinionsOpen.value = opinions?.open ?? 0
    opinionsOverdue.value = overdue
    writeStored(INBOX_LATE_KEY, String(overdue))
    return overdue > known ? overdue : 0
  }

  // Sync: `since` must move on before the next read is scheduled.
  watch(polling.value, (inbox) => inbox && apply(inbox), { flush: 'sync' })

  // A failed read (the network, a restart) stops usePolling; try again later.
  watch(polling.error, (error) => {
    if (!error || !wanted) return
    if (retry !== null) clearTimeout(retry)
    retry = setTimeout(() => {
      retry = null
      if (wanted) polling.start()
    }, intervalMs.value)
  })

  /** Starts polling (once; later calls while polling do nothing). */
  function start(): void {
    if (wanted) return
    wanted = true
    polling.start()
  }

  /** Asks again now (after a decision), when polling. */
  function refresh(): void {
    if (wanted) polling.start()
  }

  function stop(): void {
    wanted = false
    polling.stop()
    if (retry !== null) clearTimeout(retry)
    retry = null
  }

  /** The user opened the inbox: what it listed is seen, also after a reload. */
  function markSeen(): void {
    unseen.value = []
    if (since) writeStored(INBOX_SEEN_KEY, since)
  }

  /** Signed out: stop and forget. */
  function reset(): void {
    stop()
    awaiting.value = 0
    unseen.value = []
    opinionsOpen.value = 0
    opinionsOverdue.value = 0
    lastPolledAt.value = null
    since = undefined
    polls = 0
    writeStored(INBOX_SEEN_KEY, null)
    writeStored(INBOX_LATE_KEY, null)
  }

  function onArrival(listener: (arrival: InboxArrival) => void): () => void {
    listeners.add(listener)
    return () => listeners.delete(listener)
  }

  watch(
    () => session.isAuthenticated,
    (signedIn) => {
      if (!signedIn) reset()
    },
  )

  return { awaiting, unseen, opinionsOpen, opinionsOverdue, count, intervalMs, lastPolledAt, active: polling.active, start, refresh, stop, markSeen, reset, onArrival }
})
