// The app through a database outage, against the real server: while the
// browser's requests to /api/v1/** and /readyz are answered 503 problem+json
// with Retry-After (page.route, as the server answers when its database is
// unreachable), the outage banner says so and counts down to the next
// readiness check; once the requests go through to the server again it says
// the service is back, then goes, and the view reloads its data.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { launchBrowser, openPage, screenshot, waitForValue } from './support/browser.mjs'
import { logIn } from './support/login.mjs'
import { startServer } from './support/server.mjs'

/** What Chromium logs for each 503 the app met on purpose. */
const EXPECTED_HTTP = /status of 503/

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server
/** @type {import('playwright-core').Browser} */
let browser

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

/**
 * Answers every API request and /readyz with the server's 503 until
 * `restore()`; counts what was asked, by method and path.
 *
 * @param {import('playwright-core').Page} page
 * @param {string} retryAfter
 */
async function cutOff(page, retryAfter) {
  /** @type {Map<string, number>} */
  const asked = new Map()
  /** @param {import('playwright-core').Route} route */
  const unavailable = (route) => {
    const request = route.request()
    const key = `${request.method()} ${new URL(request.url()).pathname}`
    asked.set(key, (asked.get(key) ?? 0) + 1)
    return route.fulfill({
      status: 503,
      contentType: 'application/problem+json',
      headers: { 'Retry-After': retryAfter },
      body: JSON.stringify({
        type: 'urn:integrity:problem:unavailable',
        title: 'Service unavailable',
        status: 503,
        code: 'unavailable',
        detail: 'the database is unavailable',
      }),
    })
  }
  await page.route('**/api/v1/**', unavailable)
  await page.route('**/readyz', unavailable)
  return {
    count: (key) => asked.get(key) ?? 0,
    restore: async () => {
      await page.unroute('**/api/v1/**', unavailable)
      await page.unroute('**/readyz', unavailable)
    },
  }
}

test('the outage banner: on the login page, in the app, back again, and the view reloaded', { timeout: 240_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session
  const banner = page.locator('[data-testid="outage-banner"]')
  const state = () => banner.getAttribute('data-state')

  // A login that meets a 503: the banner above the form; a write is not sent again.
  await page.goto('/login')
  await session.assertRendered()
  let outage = await cutOff(page, '30')
  await page.locator('[data-testid="login-username"]').fill('admin')
  await page.locator('[data-testid="login-password"]').fill('wrong, and never checked')
  await page.locator('[data-testid="login-submit"]').click()
  const loginBanner = page.locator('[data-testid="login-card"] [data-testid="outage-banner"]')
  await loginBanner.waitFor()
  assert.match((await loginBanner.textContent()) ?? '', /服务暂时不可用，正在自动重试…（下次检查：(30|29) 秒后）/)
  assert.equal(await loginBanner.getAttribute('role'), 'alert')
  assert.equal(await page.locator('[data-testid="login-error"]').count(), 0)
  await screenshot(page, '70-outage-login')
  assert.equal(outage.count('POST /api/v1/auth/login'), 1)

  // Back: "retry now" asks /readyz at once instead of in 30 s.
  await outage.restore()
  await page.locator('[data-testid="outage-retry"]').click()
  await waitForValue(state, 'back')
  assert.match((await banner.textContent()) ?? '', /服务已恢复/)
  assert.equal(await page.locator('[data-testid="outage-reload"]').count(), 0, 'nothing to reload on the login page')
  assert.equal(outage.count('POST /api/v1/auth/login'), 1)

  // The "back" message goes by itself, a few seconds later.
  await logIn(page, 'admin', { path: '' })
  await banner.waitFor({ state: 'detached', timeout: 8_000 })

  // A view opened during the outage: its read is sent three times (two retries after Retry-After: 1), then fails.
  outage = await cutOff(page, '1')
  await page.locator('[data-testid="menu-/admin/departments"]').click()
  await banner.waitFor()
  assert.equal(await state(), 'down')
  assert.equal(await banner.getAttribute('role'), 'alert')
  assert.match((await banner.textContent()) ?? '', /服务暂时不可用，正在自动重试…（(下次检查：[01] 秒后|正在检查)）/)
  assert.match((await banner.textContent()) ?? '', /立即重试/)
  const page503 = page.locator('[data-testid="departments-page"]', { hasText: '服务暂时不可用，请稍后重试。' })
  await page503.waitFor({ timeout: 10_000 })
  assert.equal(outage.count('GET /api/v1/departments'), 3)
  assert.ok(outage.count('GET /readyz') >= 1, 'the banner asked /readyz')
  await screenshot(page, '71-outage-view')

  // The server answers again: the banner says so and offers to reload the view, which then shows its data.
  await outage.restore()
  await waitForValue(state, 'back', 10_000)
  assert.match((await banner.textContent()) ?? '', /服务已恢复/)
  await screenshot(page, '72-outage-back')
  await page.locator('[data-testid="outage-reload"]').click()
  await page.locator('[data-testid="department-tree"] .el-tree-node__content', { hasText: '清江区' }).first().waitFor()
  await banner.waitFor({ state: 'detached' })
  assert.equal(await page.locator('[data-testid="departments-page"]', { hasText: '服务暂时不可用' }).count(), 0)
  assert.equal(outage.count('GET /api/v1/departments'), 3, 'the reload went to the server')

  // A reload during the outage cannot restore the session, so the sign-in
  // page shows; once the service is back the kept refresh token restores it
  // and the person is back on the page, without signing in again.
  outage = await cutOff(page, '1')
  await page.reload()
  await page.waitForURL(/\/login\?redirect=/)
  await page.locator('[data-testid="login-card"] [data-testid="outage-banner"]').waitFor()
  assert.ok(outage.count('POST /api/v1/auth/refresh') >= 1, 'the reload tried to restore the session')
  await outage.restore()
  await page.locator('[data-testid="department-tree"] .el-tree-node__content', { hasText: '清江区' }).first().waitFor({ timeout: 15_000 })
  assert.match(page.url(), /\/admin\/departments$/)

  session.assertNoProblems(EXPECTED_HTTP)
})
