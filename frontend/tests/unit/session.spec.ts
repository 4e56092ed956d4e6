import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { getMe } from '@/api/auth'
import { ApiError, request } from '@/api/request'
import { REFRESH_TOKEN_KEY, useSessionStore } from '@/stores/session'
import { fakeServer, jsonResponse, makeMe, problemResponse } from './helpers'

const tokens = (n: number) => ({
  access_token: `access-${n}`,
  refresh_token: `refresh-${n}`,
  token_type: 'Bearer',
  expires_in: 900,
})

beforeEach(() => {
  window.sessionStorage.clear()
  setActivePinia(createPinia())
})

describe('session store: login', () => {
  it('keeps the access token in memory, the refresh token in sessionStorage, and the roles from /me', async () => {
    const server = fakeServer({
      'POST /api/v1/auth/login': () => jsonResponse(200, tokens(1)),
      'GET /api/v1/me': ({ headers }) =>
        headers.get('Authorization') === 'Bearer access-1'
          ? jsonResponse(200, makeMe(['admin', 'auditor', 'no_such_role' as never], { username: 'admin' }))
          : problemResponse(401, 'unauthenticated'),
    })
    vi.stubGlobal('fetch', server.fetch)
    const session = useSessionStore()

    await expect(session.login({ username: 'admin', password: 'pw' })).resolves.toBe('signed-in')

    expect(session.isAuthenticated).toBe(true)
    expect(session.accessToken).toBe('access-1')
    expect(window.sessionStorage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-1')
    expect(window.localStorage.length).toBe(0)
    expect(JSON.stringify(window.sessionStorage)).not.toContain('access-1')
    expect(session.username).toBe('admin')
    expect(session.roles).toEqual(['admin', 'auditor'])
    expect(server.calls[0]?.body).toEqual({ username: 'admin', password: 'pw' })
    expect(server.calls[0]?.headers.has('Authorization')).toBe(false)
  })

  it('asks for the second factor on otp_required, then resends username, password and code', async () => {
    const server = fakeServer({
      'POST /api/v1/auth/login': ({ body }) =>
        (body as { otp?: string }).otp === '123456'
          ? jsonResponse(200, tokens(1))
          : problemResponse(401, 'otp_required'),
      'GET /api/v1/me': () => jsonResponse(200, makeMe(['auditor'])),
    })
    vi.stubGlobal('fetch', server.fetch)
    const session = useSessionStore()

    await expect(session.login({ username: 'auditor', password: 'pw' })).resolves.toBe('otp-required')
    expect(session.isAuthenticated).toBe(false)
    expect(server.count('GET /api/v1/me')).toBe(0)

    await expect(session.login({ username: 'auditor', password: 'pw', otp: '123456' })).resolves.toBe('signed-in')
    expect(server.calls[1]?.body).toEqual({ username: 'auditor', password: 'pw', otp: '123456' })
    expect(session.roles).toEqual(['auditor'])
  })

  it('throws a wrong code as a 401 with a field error on otp, and a lockout with its wait', async () => {
    let locked = false
    vi.stubGlobal(
      'fetch',
      fakeServer({
        'POST /api/v1/auth/login': () =>
          locked
            ? problemResponse(429, 'too_many_requests', { headers: { 'Retry-After': '120' } })
            : problemResponse(401, 'unauthenticated', { errors: [{ field: 'otp', message: 'wrong code' }] }),
      }).fetch,
    )
    const session = useSessionStore()

    const wrong = (await session.login({ username: 'a', password: 'b', otp: '000000' }).catch((e: unknown) => e)) as ApiError
    expect(wrong.status).toBe(401)
    expect(wrong.code).toBe('unauthenticated')
    expect(wrong.fieldErrors.otp).toBe('wrong code')

    locked = true
    const lockout = (await session.login({ username: 'a', password: 'b' }).catch((e: unknown) => e)) as ApiError
    expect(lockout.status).toBe(429)
    expect(lockout.retryAfter).toBe(120)
    expect(session.isAuthenticated).toBe(false)
  })
})

describe('session store: refresh', () => {
  it('refreshes once for concurrent 401s and retries each request with the new token', async () => {
    let refreshes = 0
    const server = fakeServer({
      'POST /api/v1/auth/refresh': async ({ body }) => {
        refreshes += 1
        expect(body).toEqual({ refresh_token: 'refresh-1' })
        await new Promise((resolve) => setTimeout(resolve, 20))
        return jsonResponse(200, tokens(2))
      },
      'GET /api/v1/a': ({ headers }) =>
        headers.get('Authorization') === 'Bearer access-2' ? jsonResponse(200, { a: 1 }) : problemResponse(401, 'unauthenticated'),
      'GET /api/v1/b': ({ headers }) =>
        headers.get('Authorization') === 'Bearer access-2' ? jsonResponse(200, { b: 2 }) : problemResponse(401, 'unauthenticated'),
      'GET /api/v1/c': ({ headers }) =>
        headers.get('Authorization') === 'Bearer access-2' ? jsonResponse(200, { c: 3 }) : problemResponse(401, 'unauthenticated'),
    })
    vi.stubGlobal('fetch', server.fetch)
    const session = useSessionStore()
    session.accessToken = 'access-1'
    session.refreshToken = 'refresh-1'

    const results = await Promise.all([request('/a'), request('/b'), request('/c')])

    expect(results).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }])
    expect(refreshes).toBe(1)
    expect(session.accessToken).toBe('access-2')
    expect(window.sessionStorage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-2')
    expect(server.calls.filter((c) => c.path === '/api/v1/a')).toHaveLength(2)
  })

  it('ends the session and tells the listeners when the refresh token is refused', async () => {
    vi.stubGlobal(
      'fetch',
      fakeServer({
        'POST /api/v1/auth/refresh': () => problemResponse(401, 'unauthenticated'),
        'GET /api/v1/me': () => problemResponse(401, 'unauthenticated'),
      }).fetch,
    )
    const session = useSessionStore()
    session.accessToken = 'access-1'
    session.refreshToken = 'refresh-1'
    window.sessionStorage.setItem(REFRESH_TOKEN_KEY, 'refresh-1')
    session.roles = ['admin']
    const ended = vi.fn()
    session.onSessionEnd(ended)

    const error = (await getMe().catch((e: unknown) => e)) as ApiError

    expect(error.status).toBe(401)
    expect(ended).toHaveBeenCalledOnce()
    expect(session.isAuthenticated).toBe(false)
    expect(session.roles).toEqual([])
    expect(window.sessionStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull()
  })

  it('never refreshes for the login request itself', async () => {
    const server = fakeServer({ 'POST /api/v1/auth/login': () => problemResponse(401, 'unauthenticated') })
    vi.stubGlobal('fetch', server.fetch)
    const session = useSessionStore()
    session.refreshToken = 'refresh-1'

    await expect(session.login({ username: 'x', password: 'y' })).rejects.toBeInstanceOf(ApiError)
    expect(server.count('POST /api/v1/auth/refresh')).toBe(0)
  })

  it('restores a session on start from the refresh token this tab kept', async () => {
    window.sessionStorage.setItem(REFRESH_TOKEN_KEY, 'refresh-1')
    setActivePinia(createPinia())
    const server = fakeServer({
      'POST /api/v1/auth/refresh': () => jsonResponse(200, tokens(2)),
      'GET /api/v1/me': () => jsonResponse(200, makeMe(['personnel_staff'], { username: 'hr_staff' })),
    })
    vi.stubGlobal('fetch', server.fetch)
    const session = useSessionStore()

    await Promise.all([session.restore(), session.restore()])

    expect(server.count('POST /api/v1/auth/refresh')).toBe(1)
    expect(session.isAuthenticated).toBe(true)
    expect(session.username).toBe('hr_staff')
    expect(session.roles).toEqual(['personnel_staff'])
  })
})

describe('session store: restore through an outage', () => {
  it('keeps the refresh token when the server cannot answer, and restores on the next try', async () => {
    window.sessionStorage.setItem(REFRESH_TOKEN_KEY, 'refresh-1')
    setActivePinia(createPinia())
    let down = true
    const server = fakeServer({
      'POST /api/v1/auth/refresh': () =>
        down ? problemResponse(503, 'unavailable', { detail: 'the database is unavailable' }) : jsonResponse(200, tokens(2)),
      'GET /api/v1/me': () => jsonResponse(200, makeMe(['personnel_staff'], { username: 'hr_staff' })),
    })
    vi.stubGlobal('fetch', server.fetch)
    const session = useSessionStore()

    await session.restore()
    expect(session.isAuthenticated).toBe(false)
    expect(session.refreshToken).toBe('refresh-1')

    down = false
    await session.restore()
    expect(server.count('POST /api/v1/auth/refresh')).toBe(2)
    expect(session.isAuthenticated).toBe(true)
    expect(session.username).toBe('hr_staff')
  })
})

describe('session store: logout', () => {
  it('calls the API with the token and forgets everything', async () => {
    const server = fakeServer({ 'POST /api/v1/auth/logout': () => new Response(null, { status: 204 }) })
    vi.stubGlobal('fetch', server.fetch)
    const session = useSessionStore()
    session.accessToken = 'access-1'
    session.refreshToken = 'refresh-1'
    window.sessionStorage.setItem(REFRESH_TOKEN_KEY, 'refresh-1')
    session.me = makeMe(['admin'])
    session.roles = ['admin']

    await session.logout()

    expect(server.calls[0]?.headers.get('Authorization')).toBe('Bearer access-1')
    expect(session.isAuthenticated).toBe(false)
    expect(session.me).toBeNull()
    expect(session.roles).toEqual([])
    expect(window.sessionStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull()
  })

  it('forgets the session even when the server already ended it', async () => {
    const server = fakeServer({ 'POST /api/v1/auth/logout': () => problemResponse(401, 'unauthenticated') })
    vi.stubGlobal('fetch', server.fetch)
    const session = useSessionStore()
    session.accessToken = 'access-1'
    session.refreshToken = 'refresh-1'

    await session.logout()

    expect(server.count('POST /api/v1/auth/refresh')).toBe(0)
    expect(session.isAuthenticated).toBe(false)
  })
})
