// The four forms in numbers (四种形态统计) against the real server and the
// demo data: a commission leader opens the page from the menu, reads the
// figures the server counts, drills from a form down to its records and
// looks at the unit's picture; discipline staff see numbers only.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { apiAs } from './support/api.mjs'
import { launchBrowser, openPage, screenshot, waitForValue } from './support/browser.mjs'
import { logIn, menuLabels } from './support/login.mjs'
import { startServer } from './support/server.mjs'

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

const text = async (locator) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim()

test('a commission leader reads the four forms, drills to the records and sees the unit picture', { timeout: 360_000 }, async (t) => {
  // The demo data spans six years: the last full year has handlings of every form.
  const year = new Date().getFullYear() - 1
  const api = await apiAs(server.baseURL, 'jw_approver')
  const figures = (await api.get(`/statistics/forms?from=${year}-01-01&to=${year + 1}-01-01`)).body
  assert.ok(figures.handlings > 0, JSON.stringify(figures))

  const session = await openPage(browser, server.baseURL)
  t.after(session.close)
  const { page } = session
  await logIn(page, 'jw_approver')
  await waitForValue(() => new URL(page.url()).pathname, '/discipline')
  assert.ok((await menuLabels(page)).includes('四种形态统计'))
  await page.locator('[data-testid="menu-/statistics/forms"]').click()
  await waitForValue(() => new URL(page.url()).pathname, '/statistics/forms')
  await page.locator('[data-testid="stats-summary"]').waitFor()

  // Last year, by quarter.
  await page.locator('[data-testid="stats-year"]').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: `${year}年` }).first().click()
  await waitForValue(async () => text(page.locator('[data-testid="stats-summary"]')),
    `${figures.unit.name} ${year}-01-01 至 ${year}-12-31 运用“四种形态”处理 ${figures.handlings} 人次（${figures.people} 人），第一种形态占 ${figures.forms[0].share}%。`, 30_000)
  for (const f of figures.forms) {
    assert.match(await text(page.locator(`[data-testid="stats-form-${f.form}"]`)), new RegExp(`${f.handlings} 人次 ?${f.people} 人数 · 占比 ${f.share}%`))
  }
  const unitRows = page.locator('[data-testid="stats-units"] .el-table__body tr')
  assert.equal(await unitRows.count(), figures.units.length)
  await page.locator('[data-testid="stats-trend"] canvas').waitFor()
  await screenshot(page, '120-four-forms')

  // From the busiest form down to its records.
  const busiest = [...figures.forms].sort((a, b) => b.handlings - a.handlings)[0]
  await page.locator(`[data-testid="stats-form-${busiest.form}"]`).click()
  const drawer = page.locator('[data-testid="stats-drill"]')
  await drawer.locator('.el-table__body tr').first().waitFor()
  assert.match(await text(drawer.locator('.el-pagination')), new RegExp(`共 (\\d+) 条`))
  const total = Number(/共 (\d+) 条/.exec(await text(drawer.locator('.el-pagination')))?.[1])
  assert.ok(total >= busiest.handlings, `${total} records behind ${busiest.handlings} handlings`)
  assert.match(await text(drawer.locator('.el-table__body tr').first()), /\d{4}\*+\d{2}.*\d{4}-\d{2}-\d{2}/)
  await screenshot(page, '121-four-forms-drill')
  await drawer.locator('.el-drawer__close-btn').click()

  // The unit's picture.
  await page.locator('.el-tabs__item', { hasText: '单位画像' }).click()
  await page.locator('[data-testid="picture-officials"]').waitFor()
  assert.match(await text(page.locator('[data-testid="picture-officials"]')), /干部人数 ?[1-9][\d,]*/)
  assert.match(await text(page.locator('[data-testid="stats-picture"]')), /没有可比较的上级单位/)
  await screenshot(page, '122-unit-picture')
  session.assertNoProblems()
})

test('discipline staff see the numbers of their scope only', { timeout: 300_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(session.close)
  const { page } = session
  await logIn(page, 'jw_staff')
  await waitForValue(() => new URL(page.url()).pathname, '/discipline')
  await page.goto(`${server.baseURL}/statistics/forms`)
  await page.locator('[data-testid="stats-summary"]').waitFor()
  assert.equal(await page.locator('button[data-testid="stats-form-1"]').count(), 0)
  assert.equal(await page.locator('[data-testid="stats-units"] .link-number').count(), 0)
  session.assertNoProblems()
})
