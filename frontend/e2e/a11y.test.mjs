// Accessibility (GB/T 37668-2019, WCAG 2.1 AA) against the real server:
// axe-core's WCAG 2.0/2.1 A and AA rules on the sign-in and verification
// pages, on every page in the side menu of every role, and on a dialog, a
// drawer and the user menu open, in Chinese and in English. A serious or
// critical violation fails the run; the moderate and minor ones are printed
// as the run's report (docs/ACCESSIBILITY.md).
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { audit, BLOCKING, describeFindings, pageReady, trackRequests } from './support/axe.mjs'
import { launchBrowser, openPage, waitForValue } from './support/browser.mjs'
import { logIn } from './support/login.mjs'
import { startServer } from './support/server.mjs'

/** One user of every role (demo accounts, internal/app/demo.go). */
const ROLES = ['admin', 'security', 'auditor', 'hr_staff', 'clerk', 'jw_staff', 'jw_approver', 'official']
const LANGUAGES = ['zh-CN', 'en']

/**
 * What opens over a page, audited open: a dialog and a drawer (each from a
 * menu page of the role), and for every role the user menu.
 */
const OVERLAYS = {
  admin: [{ path: '/admin/officials', open: '[data-testid="official-create"]', what: 'the new official dialog' }],
  jw_staff: [{ path: '/officials', open: '[data-testid="official-view"]:visible', what: 'an official’s details drawer' }],
}

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server
/** @type {import('playwright-core').Browser} */
let browser
/** Every finding below serious, for the report at the end. */
const reported = []
/** How many pages were audited, per language. */
const audited = { 'zh-CN': 0, en: 0 }

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
  const lines = describeFindings(reported)
  console.log(
    `\naxe-core report (WCAG 2.0/2.1 A and AA): ${audited['zh-CN']} pages in zh-CN, ${audited.en} in en, ` +
      `${reported.length} moderate or minor finding${reported.length === 1 ? '' : 's'}` +
      (lines ? `:\n${lines}` : '.'),
  )
})

/** A page in `language`: the choice is stored before the app starts, as the language switch stores it. */
async function openIn(t, language) {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  // Audited as a reader who asked for less motion sees it (the theme honours
  // prefers-reduced-motion): every fade and colour change lands at once, so
  // axe never measures a menu, a dialog or a button caught half way through
  // its transition, as it did on a loaded machine.
  await session.page.emulateMedia({ reducedMotion: 'reduce' })
  await session.page.context().addInitScript((locale) => window.localStorage.setItem('integrity.locale', locale), language)
  return { ...session, pending: trackRequests(session.page) }
}

/** Audits the page as it stands, as `where`; returns the serious and critical findings and keeps the rest for the report. */
async function check({ page, pending }, language, where) {
  await pageReady(page, pending)
  assert.equal(await page.getAttribute('html', 'lang'), language)
  const findings = (await audit(page)).map((finding) => ({ ...finding, where: `${where} (${language})` }))
  audited[language]++
  reported.push(...findings.filter((finding) => !BLOCKING.has(finding.impact)))
  return findings.filter((finding) => BLOCKING.has(finding.impact))
}

for (const language of LANGUAGES) {
  test(`the sign-in and verification pages pass axe in ${language}`, { timeout: 240_000 }, async (t) => {
    const session = await openIn(t, language)
    const { page, assertNoProblems } = session
    const blocking = []
    await page.goto('/login')
    await page.locator('[data-testid="login-username"]').waitFor()
    blocking.push(...(await check(session, language, '/login')))
    await page.goto('/verify')
    blocking.push(...(await check(session, language, '/verify')))
    assert.deepEqual(blocking, [], `serious or critical violations:\n${describeFindings(blocking)}`)
    assertNoProblems()
  })

  for (const role of ROLES) {
    test(`every page in the menu of ${role} passes axe in ${language}`, { timeout: 600_000 }, async (t) => {
      const session = await openIn(t, language)
      const { page, assertNoProblems } = session
      await logIn(page, role)
      const menu = page.locator('[data-testid="side-menu"] li.el-menu-item[data-testid^="menu-/"]')
      await menu.first().waitFor()
      const paths = (await menu.evaluateAll((items) => items.map((item) => item.dataset.testid ?? ''))).map((id) => id.slice('menu-'.length))
      assert.ok(paths.length > 0, `${role} has a menu`)

      const blocking = []
      for (const path of paths) {
        await page.locator(`[data-testid="menu-${path}"]`).click()
        await waitForValue(() => new URL(page.url()).pathname, path)
        blocking.push(...(await check(session, language, `${path} as ${role}`)))
      }
      for (const overlay of OVERLAYS[role] ?? []) {
        await page.locator(`[data-testid="menu-${overlay.path}"]`).click()
        await waitForValue(() => new URL(page.url()).pathname, overlay.path)
        await page.locator(overlay.open).first().click()
        const shown = page.locator('.el-overlay:visible')
        await shown.first().waitFor()
        blocking.push(...(await check(session, language, `${overlay.path}, ${overlay.what}, as ${role}`)))
        await page.keyboard.press('Escape')
        await waitForValue(() => shown.count(), 0)
      }
      await page.locator('[data-testid="user-menu"]').click()
      await page.locator('[data-testid="menu-logout"]').waitFor()
      blocking.push(...(await check(session, language, `the user menu, open, as ${role}`)))

      assert.deepEqual(blocking, [], `serious or critical violations:\n${describeFindings(blocking)}`)
      assertNoProblems()
    })
  }
}
