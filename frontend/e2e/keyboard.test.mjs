// The whole main flow of a 纪检 officer by keyboard alone, against the real
// server: sign in, skip to the content, open the officials list from the
// side menu with the arrow keys, find an official, look at their details in
// a drawer (focus held inside, given back on Escape), request a lookup of
// their judicial records, and sign out. Only page.keyboard acts (Tab,
// Shift+Tab, the arrows, Enter, Space, Escape and typing); focus must be
// visible wherever it goes (a ring of at least 2 px and 3:1). And the
// collapsed side menu, whose groups pop up beside it, by keyboard and click.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { apiAs } from './support/api.mjs'
import { launchBrowser, openPage, waitForValue } from './support/browser.mjs'
import { focusedId, focusRing, pressUntil, tabTo } from './support/keyboard.mjs'
import { DEMO_PASSWORD, logIn } from './support/login.mjs'
import { startServer } from './support/server.mjs'

const REASON = '核查信访件反映的问题，需了解其司法记录'

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server
/** @type {import('playwright-core').Browser} */
let browser
/** The official whose file is asked for: the first of the registry. */
let official = { id: 0, name: '' }

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  const staff = await apiAs(server.baseURL, 'jw_staff')
  official = (await staff.get('/officials?page_size=1')).body.items[0]
  assert.ok(official?.name, 'the demo registry has officials')
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

const text = async (locator) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim()
const path = (page) => new URL(page.url()).pathname

/** Fails unless the focused element shows a ring of at least 2 px and 3:1. */
async function assertRing(page, what) {
  const ring = await focusRing(page)
  assert.ok(ring, `${what} shows no focus ring`)
  assert.ok(ring.width >= 2, `${what}: the focus ring is ${ring.width} px`)
  assert.ok(ring.contrast >= 3, `${what}: the focus ring's contrast is ${ring.contrast}:1`)
}

test('a discipline officer signs in, requests a lookup and signs out with the keyboard alone', { timeout: 360_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session
  const { keyboard } = page

  // Sign in: Tab to the user name, type, Tab to the password, type, Enter.
  await page.goto('/login')
  await page.locator('[data-testid="login-username"]').waitFor()
  await tabTo(page, 'login-username')
  await assertRing(page, 'the user name field')
  await keyboard.type('jw_staff')
  await tabTo(page, 'login-password')
  await keyboard.type(DEMO_PASSWORD)
  await keyboard.press('Enter')
  await waitForValue(() => path(page), '/discipline', 30_000)

  // Focus is on the new page's heading, so reading starts there.
  await waitForValue(() => focusedId(page), 'page-heading')
  assert.equal(await text(page.locator('[data-testid="page-heading"]')), '纪检工作台')

  // Back up through the header, the skip link is the first stop of the page; it takes focus to the content.
  await tabTo(page, 'skip-link', { back: true })
  assert.ok(await page.locator('[data-testid="skip-link"]').isVisible(), 'the skip link shows while it has focus')
  await assertRing(page, 'the skip link')
  await keyboard.press('Enter')
  await waitForValue(() => focusedId(page), 'page-heading')

  // The side menu is one stop of Shift+Tab back from the content, on the current page's item.
  await tabTo(page, /^menu-\//, { back: true })
  assert.equal(await focusedId(page), 'menu-/discipline')
  await assertRing(page, 'the menu item')
  // Arrow keys go through the items; the officials list opens with Enter.
  await pressUntil(page, 'ArrowDown', 'menu-/officials')
  await assertRing(page, 'the officials menu item')
  await keyboard.press('Enter')
  await waitForValue(() => path(page), '/officials')
  await waitForValue(() => focusedId(page), 'page-heading')
  assert.equal(await text(page.locator('[data-testid="page-heading"]')), '公职人员')

  // Find the official by name: Tab to the field, type, Enter searches.
  await tabTo(page, 'officials-name')
  await assertRing(page, 'the name filter')
  await keyboard.type(official.name)
  await keyboard.press('Enter')
  const row = page.locator('[data-testid="officials-table"] .el-table__body tr', { hasText: official.name }).first()
  await row.waitFor()
  const others = page.locator('[data-testid="officials-table"] .el-table__body tr').filter({ hasNotText: official.name })
  await waitForValue(() => others.count(), 0)

  // The official's details open in a drawer that holds focus until Escape gives it back to the button.
  await tabTo(page, 'official-view')
  await keyboard.press('Enter')
  const drawer = page.locator('.el-drawer', { has: page.locator('[data-testid="official-detail"]') }).or(page.locator('[data-testid="official-detail"].el-drawer'))
  await drawer.first().waitFor()
  const inDrawer = () => page.evaluate(() => document.activeElement?.closest('.el-drawer') !== null)
  await waitForValue(inDrawer, true)
  for (let i = 0; i < 6; i++) {
    await keyboard.press('Tab')
    assert.equal(await inDrawer(), true, `Tab ${i + 1} left the open drawer`)
  }
  await keyboard.press('Escape')
  await drawer.first().waitFor({ state: 'hidden' })
  await waitForValue(() => focusedId(page), 'official-view')

  // Request a lookup from the row.
  await tabTo(page, 'official-request-lookup')
  await assertRing(page, 'the row’s request button')
  await keyboard.press('Enter')
  await waitForValue(() => path(page), '/lookups/new')
  const form = page.locator('[data-testid="lookup-request-page"]')
  await form.locator('[data-testid="lookup-official"]', { hasText: official.name }).waitFor()

  // The purpose: open the select with Enter, take the first purpose with the arrows and Enter.
  await tabTo(page, 'lookup-purpose')
  await assertRing(page, 'the purpose select')
  await keyboard.press('Enter')
  await page.locator('.el-select-dropdown__item:visible').first().waitFor()
  await keyboard.press('ArrowDown')
  await keyboard.press('Enter')
  await waitForValue(async () => (await text(form.locator('[data-testid="lookup-purpose"] .el-select__placeholder:not(.is-transparent)'))).length > 0, true)
  // Escape leaves nothing open behind.
  await keyboard.press('Escape')
  await waitForValue(() => page.locator('.el-select-dropdown__item:visible').count(), 0)

  await tabTo(page, 'lookup-reason')
  await keyboard.type(REASON)
  await tabTo(page, 'lookup-legal-basis')
  await keyboard.type('云纪信〔2026〕3号')
  // The judicial module: Space ticks its box.
  await tabTo(page, 'lookup-module-judicial')
  await assertRing(page, 'the module checkbox')
  await keyboard.press('Space')
  await waitForValue(() => form.locator('[data-testid="lookup-module-judicial"] input').isChecked(), true)
  await tabTo(page, 'lookup-submit')
  await assertRing(page, 'the submit button')
  await keyboard.press('Enter')

  await waitForValue(() => path(page), '/lookups/mine', 30_000)
  const mine = page.locator('[data-testid="my-lookups-table"] .el-table__body-wrapper tr', { hasText: official.name }).first()
  await mine.waitFor()
  assert.match(await text(mine), /司法信息.*待审批/)

  // Sign out from the user menu: Shift+Tab to it, Enter opens it, the arrows reach "sign out".
  await waitForValue(() => focusedId(page), 'page-heading')
  await tabTo(page, 'user-menu', { back: true })
  await assertRing(page, 'the user menu button')
  assert.match((await page.locator('[data-testid="user-menu"]').getAttribute('aria-label')) ?? '', /^纪检监察干部/)
  await keyboard.press('Enter')
  await page.locator('[data-testid="menu-logout"]').waitFor()
  // Once open, the menu takes focus; the arrows go through its items.
  await waitForValue(() => page.evaluate(() => document.activeElement?.closest('.el-dropdown-menu') !== null), true)
  await pressUntil(page, 'ArrowDown', 'menu-logout')
  await keyboard.press('Enter')
  await waitForValue(() => path(page), '/login', 30_000)
  await page.locator('[data-testid="login-username"]').waitFor()
  session.assertNoProblems()
})

test('the collapsed side menu opens a group by keyboard and by click, not only on hover', { timeout: 180_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session
  const { keyboard } = page
  await logIn(page, 'jw_staff')
  await page.locator('[data-testid="menu-toggle"]').click()
  await page.locator('.el-menu--collapse').waitFor()
  await page.mouse.move(1200, 800) // away from the menu: no hover opens anything
  /** The pages the open pop-ups show. */
  const popup = () => page.evaluate(() => [...document.querySelectorAll('.el-menu--popup li')].filter((li) => li.getClientRects().length > 0).map((li) => li.textContent?.trim()))
  const group = page.locator('[data-testid="menu-group-lookups"] .el-sub-menu__title')

  // From the toggle, Tab reaches the menu; the arrows the group; Enter opens it, focus on its first page.
  await tabTo(page, /^menu-\//)
  await pressUntil(page, 'ArrowDown', 'menu-group-lookups')
  await assertRing(page, 'the collapsed group')
  await keyboard.press('Enter')
  await waitForValue(() => focusedId(page), 'menu-/lookups/new')
  assert.deepEqual(await popup(), ['申请查阅', '我的查阅'])
  assert.equal(await group.getAttribute('aria-expanded'), 'true')
  await assertRing(page, 'the pop-up’s page')
  // Down goes through its pages; Escape closes it, focus back on the group.
  await keyboard.press('ArrowDown')
  await waitForValue(() => focusedId(page), 'menu-/lookups/mine')
  await keyboard.press('Escape')
  await waitForValue(async () => (await popup()).length, 0)
  assert.equal(await focusedId(page), 'menu-group-lookups')
  // Right opens it again; Tab closes it and goes on to the content.
  await keyboard.press('ArrowRight')
  await waitForValue(() => focusedId(page), 'menu-/lookups/new')
  await keyboard.press('Tab')
  await waitForValue(async () => (await popup()).length, 0)
  assert.equal(await page.evaluate(() => document.activeElement?.closest('.shell-main') !== null), true)
  // Space opens it; Down and Enter open the page.
  await tabTo(page, 'menu-group-lookups', { back: true })
  await keyboard.press('Space')
  await waitForValue(() => focusedId(page), 'menu-/lookups/new')
  await keyboard.press('ArrowDown')
  await keyboard.press('Enter')
  await waitForValue(() => path(page), '/lookups/mine')
  await waitForValue(() => focusedId(page), 'page-heading')
  await waitForValue(async () => (await popup()).length, 0)

  // A click (without the pointer resting on it) opens it too.
  await group.dispatchEvent('click')
  await waitForValue(async () => (await popup()).length, 2)
  session.assertNoProblems()
})
