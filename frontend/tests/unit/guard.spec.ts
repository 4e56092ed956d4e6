import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import { createAppRouter, safeRedirect } from '@/router'
import { REFRESH_TOKEN_KEY, useSessionStore } from '@/stores/session'
import { fakeServer, jsonResponse, makeMe, problemResponse, signIn, waitFor } from './helpers'

function newRouter() {
  return createAppRouter(createMemoryHistory())
}

beforeEach(() => {
  window.sessionStorage.clear()
  setActivePinia(createPinia())
  vi.stubGlobal('fetch', fakeServer({}).fetch)
})

describe('session guard', () => {
  it('sends a signed-out user to login with the way back', async () => {
    const router = newRouter()

    await router.push('/admin/users?q=x')

    expect(router.currentRoute.value.name).toBe('login')
    expect(router.currentRoute.value.query.redirect).toBe('/admin/users?q=x')
  })

  it('sends a signed-out user on the home page to login without a redirect', async () => {
    const router = newRouter()
    await router.push('/')
    expect(router.currentRoute.value.fullPath).toBe('/login')
  })

  it('restores the session from this tab before deciding', async () => {
    window.sessionStorage.setItem(REFRESH_TOKEN_KEY, 'refresh-1')
    setActivePinia(createPinia())
    vi.stubGlobal(
      'fetch',
      fakeServer({
        'POST /api/v1/auth/refresh': () =>
          jsonResponse(200, { access_token: 'a2', refresh_token: 'r2', token_type: 'Bearer', expires_in: 900 }),
        'GET /api/v1/me': () => jsonResponse(200, makeMe(['auditor'])),
      }).fetch,
    )
    const router = newRouter()

    await router.push('/audit')

    expect(router.currentRoute.value.name).toBe('audit')
  })

  it('goes to login when the kept refresh token is refused', async () => {
    window.sessionStorage.setItem(REFRESH_TOKEN_KEY, 'stale')
    setActivePinia(createPinia())
    vi.stubGlobal('fetch', fakeServer({ 'POST /api/v1/auth/refresh': () => problemResponse(401, 'unauthenticated') }).fetch)
    const router = newRouter()

    await router.push('/audit')

    expect(router.currentRoute.value.name).toBe('login')
    expect(window.sessionStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull()
  })

  it('holds a user who must change the password on the change-password page', async () => {
    signIn(['admin'], { must_change_password: true, totp_required: true })
    const router = newRouter()

    await router.push('/admin/users')
    expect(router.currentRoute.value.name).toBe('account-password')

    await router.push('/account/totp')
    expect(router.currentRoute.value.name).toBe('account-password')
  })

  it('holds a user whose role needs TOTP on the enrolment page until it is on', async () => {
    signIn(['auditor'], { totp_required: true, totp_enabled: false })
    const router = newRouter()

    await router.push('/audit')
    expect(router.currentRoute.value.name).toBe('account-totp')

    useSessionStore().me = makeMe(['auditor'], { totp_required: true, totp_enabled: true })
    await router.push('/audit')
    expect(router.currentRoute.value.name).toBe('audit')
  })

  it('shows the not-found page, at the same address, for a role the user lacks', async () => {
    signIn(['personnel_staff'])
    const router = newRouter()

    await router.push('/admin/users')
    expect(router.currentRoute.value.name).toBe('not-found')
    expect(router.currentRoute.value.fullPath).toBe('/admin/users')

    await router.push('/officials')
    expect(router.currentRoute.value.name).toBe('officials')
  })

  it('sends a signed-in user away from the login page', async () => {
    signIn(['admin'])
    const router = newRouter()

    await router.push('/login?redirect=/admin/departments')
    expect(router.currentRoute.value.fullPath).toBe('/admin/departments')
  })

  it('goes to login, with the way back, when the server ends the session', async () => {
    signIn(['admin'])
    useSessionStore().refreshToken = 'refresh-1'
    vi.stubGlobal(
      'fetch',
      fakeServer({
        'POST /api/v1/auth/refresh': () => problemResponse(401, 'unauthenticated'),
        'GET /api/v1/users': () => problemResponse(401, 'unauthenticated'),
      }).fetch,
    )
    const router = newRouter()
    await router.push('/admin/users')

    await useSessionStore().refreshSession()
    await waitFor(() => expect(router.currentRoute.value.name).toBe('login'))
    expect(router.currentRoute.value.query.redirect).toBe('/admin/users')
  })
})

describe('safeRedirect', () => {
  it('keeps same-origin paths and drops everything else', () => {
    expect(safeRedirect('/audit?x=1')).toBe('/audit?x=1')
    expect(safeRedirect(['/officials'])).toBe('/officials')
    expect(safeRedirect('//evil.example/')).toBe('/')
    expect(safeRedirect('https://evil.example/')).toBe('/')
    expect(safeRedirect('/\\evil.example')).toBe('/')
    expect(safeRedirect('/login')).toBe('/')
    expect(safeRedirect(undefined)).toBe('/')
  })
})
