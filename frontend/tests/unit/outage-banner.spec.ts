import { flushPromises, type DOMWrapper, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import App from '@/App.vue'
import { RECOVERED_SHOW_MS } from '@/stores/availability'
import { fakeServer, jsonResponse, mountApp, problemResponse } from './helpers'

const meta = { name: 'integrity', version: '0.1.0', environment: 'development', demo: true }
const departments = [
  { id: 1, parent_id: null, code: 'yz', name: '云州市', name_en: 'Yunzhou City', kind: 'city', sort_order: 0 },
  { id: 2, parent_id: 1, code: 'yz-qj', name: '清江区', name_en: 'Qingjiang District', kind: 'district', sort_order: 100 },
]

/** The real server's answers, or 503 with Retry-After: 1 for everything while `outage.down`. */
function serve() {
  const outage = { down: true }
  const unavailable = () => problemResponse(503, 'unavailable', { detail: 'the database is unavailable', headers: { 'Retry-After': '1' } })
  const up = (answer: () => Response) => () => (outage.down ? unavailable() : answer())
  const server = fakeServer({
    'GET /api/v1/meta': up(() => jsonResponse(200, meta)),
    'GET /readyz': up(() => jsonResponse(200, { status: 'ok' })),
    'GET /api/v1/departments': up(() => jsonResponse(200, { items: departments, total: departments.length })),
    'POST /api/v1/auth/login': up(() => problemResponse(401, 'unauthenticated')),
  })
  vi.stubGlobal('fetch', server.fetch)
  return { ...server, outage }
}

const mounted: VueWrapper[] = []
afterEach(() => {
  // Unmounting the app stops the readiness polling.
  for (const wrapper of mounted.splice(0)) wrapper.unmount()
  vi.useRealTimers()
})

async function mountAt(path: string, options: { signedOut?: boolean } = {}) {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
  const app = await mountApp(App, { path, roles: ['admin'], ...options })
  mounted.push(app.wrapper)
  return app
}

/** The banner's alert (its test id sits on the transition stub around it here, on the alert itself in a browser). */
const banner = () => {
  const found = document.body.querySelector<HTMLElement>('[data-testid="outage-banner"]')
  return found?.matches('[role="alert"]') ? found : (found?.querySelector<HTMLElement>('[role="alert"]') ?? null)
}
const state = () => document.body.querySelector<HTMLElement>('[data-testid="outage-banner"]')?.dataset.state
const later = async (seconds: number) => {
  await vi.advanceTimersByTimeAsync(seconds * 1000)
  await flushPromises()
}

describe('the outage banner', () => {
  it('shows while the server is down, counts down to the next check, and offers to reload the view once it is back', async () => {
    const server = serve()
    const { wrapper } = await mountAt('/admin/departments')

    expect(banner()?.getAttribute('role')).toBe('alert')
    expect(banner()?.classList).toContain('el-alert--warning')
    expect(banner()?.textContent).toContain('服务暂时不可用，正在自动重试…（下次检查：1 秒后）')
    expect(banner()?.textContent).toContain('立即重试')

    await later(3) // the view's read: sent, then twice again
    expect(server.count('GET /api/v1/departments')).toBe(3)
    expect(wrapper.get('[data-testid="departments-page"]').text()).toContain('服务暂时不可用，请稍后重试。')
    expect(server.count('GET /readyz')).toBeGreaterThan(0)
    expect(state()).toBe('down')

    server.outage.down = false
    await wrapper.get('[data-testid="outage-retry"]').trigger('click')
    await flushPromises()
    expect(state()).toBe('back')
    expect(banner()?.classList).toContain('el-alert--success')
    expect(banner()?.textContent).toContain('服务已恢复')

    await wrapper.get('[data-testid="outage-reload"]').trigger('click')
    await flushPromises()
    expect(server.count('GET /api/v1/departments')).toBe(4)
    expect(wrapper.get('[data-testid="department-tree"]').text()).toContain('清江区')
    expect(wrapper.get('[data-testid="departments-page"]').text()).not.toContain('服务暂时不可用')
    expect(banner()).toBeNull()
  })

  it('says the service is back for a few seconds, then goes, and speaks English too', async () => {
    window.localStorage.setItem('integrity.locale', 'en')
    const server = serve()
    await mountAt('/admin/departments')
    expect(banner()?.textContent).toContain('The service is temporarily unavailable; retrying automatically… (next check in 1 s)')

    server.outage.down = false
    await later(1)
    expect(banner()?.textContent).toContain('The service is back')
    expect(banner()?.textContent).toContain('Reload')
    await later(RECOVERED_SHOW_MS / 1000)
    expect(banner()).toBeNull()
  })

  it('shows on the login page when the login meets a 503, without a reload', async () => {
    const server = serve()
    server.outage.down = false // the page's own reads go through
    const { wrapper } = await mountAt('/login', { signedOut: true })
    expect(banner()).toBeNull()

    server.outage.down = true
    const field = (id: string) => {
      const found = wrapper.get<HTMLElement>(`[data-testid="${id}"]`)
      return (found.element.tagName === 'INPUT' ? found : found.get('input')) as DOMWrapper<HTMLInputElement>
    }
    await field('login-username').setValue('admin')
    await field('login-password').setValue('secret')
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expect(server.count('POST /api/v1/auth/login')).toBe(1)
    expect(wrapper.get('[data-testid="login-card"] [data-testid="outage-banner"]').text()).toContain('服务暂时不可用，正在自动重试…')
    expect(wrapper.find('[data-testid="login-error"]').exists()).toBe(false)

    server.outage.down = false
    await later(1)
    expect(banner()?.textContent).toContain('服务已恢复')
    expect(wrapper.find('[data-testid="outage-reload"]').exists()).toBe(false)
    await later(30)
    expect(server.count('POST /api/v1/auth/login')).toBe(1) // a write is never sent again by itself
  })
})
