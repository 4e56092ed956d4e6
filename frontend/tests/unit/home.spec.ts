import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import App from '@/App.vue'
import { jsonResponse, mountApp } from './helpers'

function serverSays(meta: object, readyz: Response) {
  vi.stubGlobal(
    'fetch',
    vi.fn((url: string) => Promise.resolve(url === '/readyz' ? readyz : jsonResponse(200, meta))),
  )
}

afterEach(() => {
  vi.useRealTimers()
})

const meta = { name: 'integrity', version: '0.1.0', environment: 'development', demo: true }

describe('home page', () => {
  it('shows the product, the demo tag and a ready server', async () => {
    serverSays(meta, jsonResponse(200, { status: 'ok' }))
    const { wrapper } = await mountApp(App)

    expect(wrapper.get('[data-testid="welcome-card"]').text()).toContain('欢迎使用公职人员诚信积分平台')
    expect(wrapper.find('[data-testid="home-demo-tag"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="demo-tag"]').exists()).toBe(true)
    expect(wrapper.get('[data-testid="readiness"]').text()).toBe('正常')
    expect(wrapper.get('[data-testid="server-version"]').text()).toBe('0.1.0')
  })

  it('shows no demo tag outside demo mode, and why the server is not ready', async () => {
    serverSays(
      { ...meta, demo: false, environment: 'production' },
      jsonResponse(503, { title: 'Service Unavailable', status: 503, detail: 'database unreachable' }, 'application/problem+json'),
    )
    const { wrapper } = await mountApp(App)

    expect(wrapper.find('[data-testid="home-demo-tag"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="demo-tag"]').exists()).toBe(false)
    const status = wrapper.get('[data-testid="status-card"]').text()
    expect(wrapper.get('[data-testid="readiness"]').text()).toBe('不可用')
    expect(status).toContain('database unreachable')
    expect(status).toContain('生产')
  })

  it('says the server cannot be reached when the network fails', async () => {
    vi.stubGlobal('fetch', vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))))
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const { wrapper } = await mountApp(App)
    await vi.advanceTimersByTimeAsync(4_000) // GET /meta is sent twice again before it fails
    await flushPromises()

    expect(wrapper.get('[data-testid="readiness"]').text()).toBe('无法连接')
    expect(wrapper.get('[data-testid="status-card"]').text()).toContain('无法连接服务器')
    expect(wrapper.find('[data-testid="outage-banner"]').exists()).toBe(true)
    wrapper.unmount() // and with the app the readiness polling stops
  })

  it('shows the 404 result inside the layout for an unknown path', async () => {
    serverSays(meta, jsonResponse(200, { status: 'ok' }))
    const { wrapper } = await mountApp(App, { path: '/no/such/page' })

    expect(wrapper.find('[data-testid="not-found"]').exists()).toBe(true)
    expect(wrapper.get('[data-testid="app-title"]').text()).toBe('公职人员诚信积分平台')
    expect(document.title).toBe('页面不存在 - 公职人员诚信积分平台')
  })
})
