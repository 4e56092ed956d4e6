// The app shell against the real server: product name in both languages,
// the language switch, and the 404 page. Every page but login needs a
// session, so each test signs in first.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { launchBrowser, openPage, screenshot, waitForValue } from './support/browser.mjs'
import { logIn } from './support/login.mjs'
import { startServer } from './support/server.mjs'

const ZH_TITLE = '公职人员诚信积分平台'
const EN_TITLE = 'Integrity Points Platform for Public Officials'

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

test('home shows the product name in Chinese, then in English after switching', { timeout: 240_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session
  const appTitle = page.locator('[data-testid="app-title"]')

  await page.goto('/')
  await session.assertRendered()
  await waitForValue(() => new URL(page.url()).pathname, '/login')
  // The auditor keeps the generic home (an official lands on their own file).
  await logIn(page, 'auditor', { path: '' })
  await waitForValue(() => new URL(page.url()).pathname, '/')
  await waitForValue(() => appTitle.textContent(), ZH_TITLE)
  assert.ok((await page.title()).includes(ZH_TITLE), `document.title is "${await page.title()}"`)
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN')
  // The status card read /readyz and /api/v1/meta from the real server.
  await waitForValue(() => page.locator('[data-testid="readiness"]').textContent(), '正常')
  await page.locator('[data-testid="demo-tag"]').waitFor()
  await screenshot(page, '01-home-zh-CN')

  await page.locator('[data-testid="lang-switch"]').click()
  await page.locator('[data-testid="lang-en"]').click()
  await page.locator('[data-testid="lang-en"]').waitFor({ state: 'hidden' })
  await waitForValue(() => appTitle.textContent(), EN_TITLE)
  await waitForValue(async () => (await page.title()).includes(EN_TITLE), true)
  assert.equal(await page.getAttribute('html', 'lang'), 'en')
  await waitForValue(() => page.locator('[data-testid="readiness"]').textContent(), 'Ready')
  await screenshot(page, '02-home-en')

  // The choice, and the session, survive a reload.
  await page.reload()
  await session.assertRendered()
  await waitForValue(() => appTitle.textContent(), EN_TITLE)
  assert.ok((await page.title()).includes(EN_TITLE), `document.title is "${await page.title()}"`)
  await page.locator('[data-testid="welcome-card"]').waitFor()
  assert.equal(new URL(page.url()).pathname, '/')

  session.assertNoProblems()
})

test('an unknown path shows the 404 page inside the shell', { timeout: 180_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session

  const response = await page.goto('/no/such/page')
  assert.equal(response?.status(), 200, 'the server falls back to index.html for client routes')
  await session.assertRendered()
  await logIn(page, 'official', { path: '' })
  await waitForValue(() => new URL(page.url()).pathname, '/no/such/page')
  await page.locator('[data-testid="not-found"]').waitFor()
  await waitForValue(() => page.locator('[data-testid="app-title"]').textContent(), ZH_TITLE)
  await page.locator('[data-testid="demo-tag"]').waitFor()
  assert.ok((await page.title()).includes(ZH_TITLE), `document.title is "${await page.title()}"`)
  await screenshot(page, '03-not-found')

  session.assertNoProblems()
})
