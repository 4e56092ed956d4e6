import { flushPromises, type DOMWrapper, type VueWrapper } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import App from '@/App.vue'
import { useSessionStore } from '@/stores/session'
import { fakeServer, jsonResponse, mountApp, problemResponse, type FakeHandler, waitFor } from './helpers'

function input(wrapper: VueWrapper, id: string): DOMWrapper<HTMLInputElement> {
  const found = wrapper.get<HTMLElement>(`[data-testid="${id}"]`)
  return (found.element.tagName === 'INPUT' ? found : found.get('input')) as DOMWrapper<HTMLInputElement>
}

function serve(change: FakeHandler) {
  const server = fakeServer({
    'GET /api/v1/meta': () => jsonResponse(200, { name: 'i', version: '1', environment: 'test', demo: false }),
    'GET /readyz': () => jsonResponse(200, { status: 'ok' }),
    'POST /api/v1/me/password': change,
  })
  vi.stubGlobal('fetch', server.fetch)
  return server
}

async function fillAndSubmit(wrapper: VueWrapper): Promise<void> {
  await input(wrapper, 'password-current').setValue('old-pass')
  await input(wrapper, 'password-new').setValue('New-Pass-2026')
  await input(wrapper, 'password-confirm').setValue('New-Pass-2026')
  await wrapper.get('[data-testid="change-password"] form').trigger('submit')
  await flushPromises()
  await flushPromises()
}

describe('change password page', () => {
  it('holds a user who must change the password there, with a notice', async () => {
    serve(() => new Response(null, { status: 204 }))
    const { wrapper, router } = await mountApp(App, { path: '/admin/users', roles: ['admin'], me: { must_change_password: true } })

    expect(router.currentRoute.value.name).toBe('account-password')
    expect(wrapper.find('[data-testid="password-forced"]').exists()).toBe(true)
  })

  it('shows the server’s field errors on their fields', async () => {
    serve(() =>
      problemResponse(400, 'invalid', { errors: [{ field: 'new_password', message: 'at least 12 characters' }] }),
    )
    const { wrapper } = await mountApp(App, { path: '/account/password', roles: ['official'] })

    await fillAndSubmit(wrapper)

    await waitFor(() => expect(wrapper.get('[data-testid="change-password"]').text()).toContain('at least 12 characters'))
    expect(useSessionStore().isAuthenticated).toBe(true)
  })

  it('ends the session after a change and goes to login', async () => {
    const server = serve(() => new Response(null, { status: 204 }))
    const { wrapper, router } = await mountApp(App, { path: '/account/password', roles: ['official'] })

    await fillAndSubmit(wrapper)

    expect(server.calls.find((c) => c.path === '/api/v1/me/password')?.body).toEqual({
      current_password: 'old-pass',
      new_password: 'New-Pass-2026',
    })
    await waitFor(() => expect(router.currentRoute.value.name).toBe('login'))
    expect(useSessionStore().isAuthenticated).toBe(false)
  })
})
