import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { LookupInbox } from '@/api/lookups'
import type { Role } from '@/auth/roles'
import InboxBell from '@/components/layout/InboxBell.vue'
import { INBOX_LATE_KEY, INBOX_SEEN_KEY, useInboxStore } from '@/stores/inbox'
import { useSessionStore } from '@/stores/session'
import { lookup } from './fixtures'
import { fakeServer, jsonResponse, mountApp, waitFor } from './helpers'

const at = (second: number) => `2026-12-01T08:00:${String(second).padStart(2, '0')}Z`

/** Answers each poll with the next inbox; the last one repeats. */
function serve(answers: LookupInbox[]) {
  let next = 0
  const server = fakeServer({
    'GET /api/v1/lookups/inbox': () => jsonResponse(200, answers[Math.min(next++, answers.length - 1)]),
  })
  vi.stubGlobal('fetch', server.fetch)
  return server
}

const mountedBells: VueWrapper[] = []
afterEach(() => {
  // Unmounting stops the polling, as leaving the layout does.
  for (const wrapper of mountedBells.splice(0)) wrapper.unmount()
})

/** Mounts the bell as a new page load would; `reload` keeps the tab's session storage. */
async function mountBell(roles: Role[], { reload = false } = {}) {
  if (!reload) window.sessionStorage.clear()
  const mounted = await mountApp(InboxBell, { path: '/', roles })
  mountedBells.push(mounted.wrapper)
  const inbox = useInboxStore()
  inbox.intervalMs = 25
  inbox.refresh() // the next poll at the short interval
  return { ...mounted, inbox }
}

const badge = () => document.body.querySelector('[data-testid="inbox-badge"] .el-badge__content')?.textContent?.trim() ?? null
const notifications = () => [...document.body.querySelectorAll('.el-notification')].map((item) => item.textContent ?? '')
const polls = (server: ReturnType<typeof serve>) => server.count('GET /api/v1/lookups/inbox')
const warnings = () => [...document.body.querySelectorAll('.el-notification')].filter((item) => item.querySelector('.el-notification--warning'))
const opinions = (open: number, overdue: number, second: number): LookupInbox => ({
  server_time: at(second), awaiting_my_decision: 0, decided: [], opinions: { open, overdue },
})

async function openPanel(wrapper: VueWrapper): Promise<void> {
  await wrapper.get('[data-testid="inbox-bell"] button').trigger('click')
  await flushPromises()
}

describe('the inbox bell', () => {
  it('shows an approver how many requests await their decision, and tells of new ones', async () => {
    serve([
      { server_time: at(0), awaiting_my_decision: 2, decided: [] },
      { server_time: at(15), awaiting_my_decision: 3, decided: [] },
    ])
    const { wrapper } = await mountBell(['discipline_approver'])
    await waitFor(() => expect(badge()).toBe('3'))
    await waitFor(() => expect(notifications().join()).toContain('有 1 件新的查阅申请待您审批'))
    expect(notifications()).toHaveLength(1) // the first poll fills the badge without a notification

    await wrapper.get('[data-testid="inbox-bell"] button').trigger('click')
    await flushPromises()
    expect(document.body.querySelector('[data-testid="inbox-awaiting"]')?.textContent).toContain('待我审批的查阅申请：3 件')
  })

  it('tells staff when one of their requests is decided, asking only for what came since the last poll', async () => {
    const approved = lookup({ state: 'approved', granted: ['judicial'] })
    const server = serve([
      { server_time: at(0), awaiting_my_decision: 0, decided: [] },
      { server_time: at(15), awaiting_my_decision: 0, decided: [approved] },
      { server_time: at(30), awaiting_my_decision: 0, decided: [] },
    ])
    const { wrapper } = await mountBell(['discipline_staff'])
    expect(badge()).toBeNull()
    await waitFor(() => expect(badge()).toBe('1'))
    await waitFor(() => expect(notifications().join()).toContain('查阅 #12 · 陈诚信 已批准'))
    await waitFor(() => expect(polls(server)).toBeGreaterThanOrEqual(3))
    const urls = server.calls.map((call) => call.url)
    expect(urls[0]).toBe('/api/v1/lookups/inbox')
    expect(urls).toContain(`/api/v1/lookups/inbox?since=${encodeURIComponent(at(0))}`)
    expect(urls).toContain(`/api/v1/lookups/inbox?since=${encodeURIComponent(at(15))}`)

    // Opened and closed again: seen, also after a reload of the tab.
    await wrapper.get('[data-testid="inbox-bell"] button').trigger('click')
    await flushPromises()
    expect(document.body.querySelector('[data-testid="inbox-decided"]')?.textContent).toContain('查阅 #12 · 陈诚信 已批准')
    useInboxStore().markSeen()
    await flushPromises()
    expect(badge()).toBeNull()
    expect(window.sessionStorage.getItem(INBOX_SEEN_KEY)).toMatch(/^2026-12-01T08:00:(15|30)Z$/)
  })

  it('shows the commission the opinion requests to answer, counts the late ones in the badge, and warns once and again when more are late', async () => {
    const server = serve([opinions(3, 1, 0), opinions(3, 1, 15), opinions(4, 2, 30), opinions(4, 2, 45)])
    const { wrapper } = await mountBell(['discipline_staff'])
    // The first poll of the session warns of the late one.
    await waitFor(() => expect(warnings().map((item) => item.textContent).join()).toContain('有 1 件征求廉政意见函已超过回复期限'))
    await waitFor(() => expect(badge()).toBe('2'))
    await waitFor(() => expect(warnings().map((item) => item.textContent).join()).toContain('有 2 件征求廉政意见函已超过回复期限'))
    await waitFor(() => expect(polls(server)).toBeGreaterThanOrEqual(5))
    expect(warnings()).toHaveLength(2) // the same count again tells nothing

    await openPanel(wrapper)
    const row = document.body.querySelector<HTMLAnchorElement>('[data-testid="inbox-opinions"]')!
    expect(row.textContent?.replace(/\s+/g, ' ').trim()).toBe('待回复廉政意见 4 件，其中超期 2 件')
    expect(row.getAttribute('href')).toBe('/opinions')
    expect(row.querySelector('[data-testid="inbox-opinions-overdue"]')?.classList.contains('overdue')).toBe(true)
  })

  it('does not warn again of the same late requests after a reload, nor count requests that are not late', async () => {
    serve([opinions(2, 1, 0)])
    const first = await mountBell(['discipline_approver'])
    await waitFor(() => expect(warnings()).toHaveLength(1))
    expect(window.sessionStorage.getItem(INBOX_LATE_KEY)).toBe('1')
    first.wrapper.unmount()
    mountedBells.splice(0)
    document.body.innerHTML = ''

    const server = serve([opinions(2, 0, 0)])
    const { wrapper } = await mountBell(['discipline_approver'], { reload: true })
    await waitFor(() => expect(polls(server)).toBeGreaterThanOrEqual(2))
    expect(warnings()).toHaveLength(0)
    expect(badge()).toBeNull()
    await openPanel(wrapper)
    const row = document.body.querySelector('[data-testid="inbox-opinions"]')!
    expect(row.textContent?.replace(/\s+/g, ' ').trim()).toBe('待回复廉政意见 2 件，其中超期 0 件')
    expect(row.querySelector('[data-testid="inbox-opinions-overdue"]')?.classList.contains('overdue')).toBe(false)
  })

  it('stops polling and forgets everything on sign-out', async () => {
    const server = serve([{ server_time: at(0), awaiting_my_decision: 4, decided: [] }])
    const { inbox } = await mountBell(['discipline_approver'])
    await waitFor(() => expect(badge()).toBe('4'))
    useSessionStore().clear()
    await flushPromises()
    const count = polls(server)
    await new Promise((resolve) => setTimeout(resolve, 120))
    expect(polls(server)).toBe(count)
    expect(inbox.count).toBe(0)
    expect(inbox.active).toBe(false)
  })

  it('is not there, and asks nothing, for other roles', async () => {
    const server = serve([{ server_time: at(0), awaiting_my_decision: 1, decided: [] }])
    await mountBell(['personnel_staff'])
    await new Promise((resolve) => setTimeout(resolve, 80))
    expect(document.body.querySelector('[data-testid="inbox-bell"]')).toBeNull()
    expect(polls(server)).toBe(0)
  })
})
