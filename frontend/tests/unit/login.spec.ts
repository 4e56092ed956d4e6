import { flushPromises, type DOMWrapper, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import App from '@/App.vue'
import { useSessionStore } from '@/stores/session'
import { fakeServer, jsonResponse, makeMe, mountApp, problemResponse, type FakeHandler, waitFor } from './helpers'

const meta = { name: 'integrity', version: '0.1.0', environment: 'development', demo: true }
const tokens = { access_token: 'a1', refresh_token: 'r1', token_type: 'Bearer', expires_in: 900 }

function input(wrapper: VueWrapper, id: string): DOMWrapper<HTMLInputElement> {
  const found = wrapper.get<HTMLElement>(`[data-testid="${id}"]`)
  return (found.element.tagName === 'INPUT' ? found : found.get('input')) as DOMWrapper<HTMLInputElement>
}

async function submit(wrapper: VueWrapper): Promise<void> {
  await wrapper.get('form').trigger('submit')
  await flushPromises()
  await flushPromises()
}

function serve(login: FakeHandler, extra: Record<string, FakeHandler> = {}) {
  const server = fakeServer({
    ...extra,
    'GET /api/v1/meta': () => jsonResponse(200, meta),
    'GET /readyz': () => jsonResponse(200, { status: 'ok' }),
    'POST /api/v1/auth/login': login,
    'GET /api/v1/me': () => jsonResponse(200, makeMe(['auditor'], { username: 'auditor', display_name: '安全审计员' })),
    'GET /api/v1/audit': () => jsonResponse(200, { items: [], total: 0 }),
  })
  vi.stubGlobal('fetch', server.fetch)
  return server
}

afterEach(() => {
  vi.useRealTimers()
})

describe('login page', () => {
  it('shows the product, the demo hint without a password, and asks for the code in a second step', async () => {
    const server = serve(({ body }) =>
      (body as { otp?: string }).otp === '654321' ? jsonResponse(200, tokens) : problemResponse(401, 'otp_required'),
    )
    const { wrapper, router } = await mountApp(App, { path: '/login?redirect=/audit', signedOut: true })

    expect(wrapper.get('[data-testid="app-title"]').text()).toBe('公职人员诚信积分平台')
    const hint = wrapper.get('[data-testid="demo-hint"]').text()
    expect(hint).toContain('admin（系统管理员）/ security、security2（安全管理员）/ auditor（审计管理员）')
    expect(hint).not.toContain('Integrity@')

    await input(wrapper, 'login-username').setValue('auditor')
    await input(wrapper, 'login-password').setValue('secret')
    await submit(wrapper)

    expect(wrapper.find('[data-testid="login-otp"]').exists()).toBe(true)
    expect(wrapper.text()).toContain('双因素验证')

    await input(wrapper, 'login-otp').setValue('654321')
    await submit(wrapper)

    expect(server.calls.filter((c) => c.path === '/api/v1/auth/login').map((c) => c.body)).toEqual([
      { username: 'auditor', password: 'secret' },
      { username: 'auditor', password: 'secret', otp: '654321' },
    ])
    await waitFor(() => expect(router.currentRoute.value.path).toBe('/audit'))
    expect(useSessionStore().roles).toEqual(['auditor'])
  })

  it('shows a wrong code on the code field and stays on the second step', async () => {
    serve(({ body }) =>
      (body as { otp?: string }).otp
        ? problemResponse(401, 'unauthenticated', { errors: [{ field: 'otp', message: 'wrong' }] })
        : problemResponse(401, 'otp_required'),
    )
    const { wrapper } = await mountApp(App, { path: '/login', signedOut: true })
    await input(wrapper, 'login-username').setValue('auditor')
    await input(wrapper, 'login-password').setValue('secret')
    await submit(wrapper)
    await input(wrapper, 'login-otp').setValue('000000')
    await submit(wrapper)

    await waitFor(() => expect(wrapper.text()).toContain('验证码不正确'))
    expect(wrapper.find('[data-testid="login-otp"]').exists()).toBe(true)
  })

  it('sends each step with its one button, and hands the second step’s focus to the code field', async () => {
    const server = serve(({ body }) =>
      (body as { otp?: string }).otp ? problemResponse(429, 'too_many_requests', { headers: { 'Retry-After': '30' } }) : problemResponse(401, 'otp_required'),
    )
    const { wrapper } = await mountApp(App, { path: '/login', signedOut: true })
    const buttons = () => wrapper.get('[data-testid="login-card"]').findAll('button').filter((button) => button.isVisible())
    const submits = () => buttons().filter((button) => button.attributes('type') === 'submit').map((button) => [button.text(), button.attributes('data-testid')])
    expect(submits()).toEqual([['登录', 'login-submit']])
    expect(buttons().map((button) => button.text())).toContain('收到激活码？激活账号')

    await input(wrapper, 'login-username').setValue('auditor')
    await input(wrapper, 'login-password').setValue('secret')
    wrapper.get<HTMLButtonElement>('[data-testid="login-submit"]').element.focus()
    await submit(wrapper)

    // The code is what the user types next: no need to find its field.
    await waitFor(() => expect(document.activeElement).toBe(input(wrapper, 'login-otp').element))
    expect(submits()).toEqual([['验证并登录', 'login-otp-submit']])
    expect(buttons().map((button) => button.text())).toContain('返回重新输入账号')
    expect(buttons().map((button) => button.text())).not.toContain('收到激活码？激活账号')

    // An empty code is asked for, and not sent.
    await submit(wrapper)
    await waitFor(() => expect(wrapper.text()).toContain('请输入验证码'))
    expect(server.count('POST /api/v1/auth/login')).toBe(1)

    // A lock met on the second step turns its one button off too.
    await input(wrapper, 'login-otp').setValue('123456')
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    await submit(wrapper)
    expect(wrapper.get('[data-testid="login-locked"]').text()).toContain('30 秒后重试')
    expect(wrapper.get('[data-testid="login-otp-submit"]').attributes('disabled')).toBeDefined()
  })

  it('says the username or password is wrong', async () => {
    serve(() => problemResponse(401, 'unauthenticated'))
    const { wrapper } = await mountApp(App, { path: '/login', signedOut: true })
    await input(wrapper, 'login-username').setValue('admin')
    await input(wrapper, 'login-password').setValue('nope')
    await submit(wrapper)

    expect(wrapper.get('[data-testid="login-error"]').text()).toContain('用户名或密码不正确')
    expect(useSessionStore().isAuthenticated).toBe(false)
  })

  it('shows how long a locked account must wait, counting down, with the button off', async () => {
    serve(() => problemResponse(429, 'too_many_requests', { headers: { 'Retry-After': '90' } }))
    const { wrapper } = await mountApp(App, { path: '/login', signedOut: true })
    await input(wrapper, 'login-username').setValue('admin')
    await input(wrapper, 'login-password').setValue('nope')
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    await submit(wrapper)

    expect(wrapper.get('[data-testid="login-locked"]').text()).toContain('90 秒后重试')
    expect(wrapper.get('[data-testid="login-submit"]').attributes('disabled')).toBeDefined()

    vi.advanceTimersByTime(30_000)
    await flushPromises()
    expect(wrapper.get('[data-testid="login-locked"]').text()).toContain('60 秒后重试')
  })

  it('activates an account with the two halves of its code and returns to sign-in with the username filled', async () => {
    const server = serve(() => jsonResponse(200, tokens), {
      'POST /api/v1/auth/activate': ({ body }) =>
        (body as { code_b: string }).code_b === 'BBBB-2222'
          ? new Response(null, { status: 204 })
          : problemResponse(401, 'unauthenticated', { errors: [{ field: 'code_a', message: 'wrong or expired' }] }),
    })
    const calls = () => server.count('POST /api/v1/auth/activate')
    const { wrapper } = await mountApp(App, { path: '/login', signedOut: true })
    await wrapper.get('[data-testid="login-activate"]').trigger('click')
    expect(wrapper.get('h2').text()).toBe('激活账号')
    await input(wrapper, 'activate-username').setValue('newjw')
    await input(wrapper, 'activate-code-a').setValue('AAAA-1111')
    await input(wrapper, 'activate-code-b').setValue('WRONG-000')
    await input(wrapper, 'activate-password').setValue('Jw-own-secret-42')
    await input(wrapper, 'activate-confirm').setValue('Jw-own-secret-4')
    await submit(wrapper)
    await waitFor(() => expect(wrapper.text()).toContain('两次输入的密码不一致'))
    expect(calls()).toBe(0)

    await input(wrapper, 'activate-confirm').setValue('Jw-own-secret-42')
    await submit(wrapper)
    await waitFor(() => expect(wrapper.get('[data-testid="activate-error"]').text()).toContain('激活码不正确'))

    await input(wrapper, 'activate-code-b').setValue('BBBB-2222')
    await submit(wrapper)
    await waitFor(() => expect(wrapper.get('[data-testid="login-activated"]').text()).toContain('账号已激活'))
    expect(input(wrapper, 'login-username').element.value).toBe('newjw')
    expect(server.calls.filter((c) => c.path === '/api/v1/auth/activate').map((c) => c.body)).toEqual([
      { username: 'newjw', code_a: 'AAAA-1111', code_b: 'WRONG-000', new_password: 'Jw-own-secret-42' },
      { username: 'newjw', code_a: 'AAAA-1111', code_b: 'BBBB-2222', new_password: 'Jw-own-secret-42' },
    ])
  })
})
