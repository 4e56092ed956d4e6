// Administration of records intake against the real server: sources and
// their API keys (a key is shown once), the catalogue (adding a code), and
// a data clerk account, which needs a source.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { launchBrowser, openPage, screenshot, settled, waitForValue } from './support/browser.mjs'
import { logIn } from './support/login.mjs'
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

test('admin lists sources, issues an API key that is shown once, and revokes it', { timeout: 240_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session

  await logIn(page, 'admin')
  await page.locator('[data-testid="menu-/admin/sources"]').click()
  const court = page.locator('[data-testid="sources-table"] .el-table__body tr', { hasText: 'court' })
  await court.waitFor()
  assert.match((await court.textContent()) ?? '', /云州市中级人民法院.*司法/)
  await screenshot(page, '40-admin-sources')

  // Edit: the categories are checkboxes from the catalogue; the code is fixed.
  await court.locator('[data-testid="source-edit"]').click()
  const dialog = page.locator('[data-testid="source-dialog"]')
  await dialog.getByText('立案审查调查').waitFor()
  assert.equal(await dialog.locator('[data-testid="source-code"]').isDisabled(), true)
  assert.equal(await dialog.locator('.el-checkbox.is-checked').count(), 1)
  await settled(page)
  await screenshot(page, '41-admin-source-edit')
  await dialog.getByRole('button', { name: '取消' }).click()

  await court.locator('[data-testid="source-keys"]').click()
  const drawer = page.locator('[data-testid="source-keys"]').last()
  await drawer.locator('[data-testid="key-name"]').fill('e2e 对接')
  await drawer.locator('[data-testid="key-create"]').click()
  const secret = page.locator('[data-testid="secret-dialog"]')
  await secret.waitFor()
  const key = await secret.locator('[data-testid="secret-value"]').inputValue()
  assert.match(key, /^isk_/)
  assert.match((await secret.textContent()) ?? '', /只显示这一次/)
  await settled(page)
  await screenshot(page, '42-admin-key-issued')
  await secret.getByRole('button', { name: '完成' }).click()
  await secret.waitFor({ state: 'hidden' })

  // Afterwards only the prefix is left, anywhere on the page.
  const row = drawer.locator('[data-testid="keys-table"] .el-table__body tr', { hasText: 'e2e 对接' })
  await row.waitFor()
  const prefix = ((await row.locator('[data-testid="key-prefix"]').textContent()) ?? '').replace('…', '')
  assert.ok(key.startsWith(prefix), `prefix ${prefix} of ${key}`)
  assert.ok(!((await page.locator('body').textContent()) ?? '').includes(key), 'the whole key is gone')
  assert.equal(await page.locator(`input[value="${key}"]`).count(), 0)

  await row.locator('[data-testid="key-revoke"]').click()
  await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click()
  await waitForValue(async () => /已吊销/.test((await row.textContent()) ?? ''), true)
  await settled(page)
  await screenshot(page, '43-admin-keys')

  session.assertNoProblems()
})

test('admin reads the catalogue and adds a code', { timeout: 240_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session

  await logIn(page, 'admin', { path: '/login?redirect=/admin/catalogue' })
  const table = page.locator('[data-testid="catalogue-table"]')
  await table.getByText('party_warning').waitFor()
  await screenshot(page, '44-admin-catalogue')

  await page.locator('[data-testid="catalogue-add"]').click()
  const dialog = page.locator('[data-testid="code-dialog"]')
  await dialog.locator('[data-testid="code-category"]').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: /^交通违法$/ }).click()
  await dialog.locator('[data-testid="code-key"]').fill('tr_e2e_speeding')
  await dialog.locator('[data-testid="code-zh"]').fill('超速（测试）')
  await dialog.locator('[data-testid="code-en"]').fill('Speeding (test)')
  await settled(page)
  await screenshot(page, '45-admin-catalogue-add')
  await dialog.locator('[data-testid="code-save"]').click()
  await dialog.waitFor({ state: 'hidden' })
  await table.getByText('tr_e2e_speeding').waitFor()

  // The same key again is refused on the key field.
  await page.locator('[data-testid="catalogue-add"]').click()
  await dialog.locator('[data-testid="code-category"]').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: /^交通违法$/ }).click()
  await dialog.locator('[data-testid="code-key"]').fill('tr_e2e_speeding')
  await dialog.locator('[data-testid="code-zh"]').fill('重复')
  await dialog.locator('[data-testid="code-en"]').fill('Duplicate')
  await dialog.locator('[data-testid="code-save"]').click()
  await dialog.locator('.el-form-item__error').first().waitFor()

  session.assertNoProblems(/status of 409/)
})

test('a new data clerk account needs a source', { timeout: 240_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session

  await logIn(page, 'admin', { path: '/login?redirect=/admin/users' })
  await page.locator('[data-testid="users-table"] .el-table__body tr').first().waitFor()
  await page.locator('[data-testid="user-create"]').click()
  const dialog = page.locator('[data-testid="user-form-dialog"]')
  await dialog.locator('[data-testid="user-username"]').fill('e2e_clerk')
  await dialog.locator('[data-testid="user-display-name"]').fill('测试录入员')
  await dialog.locator('[data-testid="grant-role"]').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: '数据录入员' }).click()
  await dialog.locator('[data-testid="grant-department"]').click()
  await page.locator('.el-tree-node__content:visible', { hasText: '云州市中级人民法院' }).first().click()
  await page.locator('[data-testid="user-save"]').click()
  await dialog.locator('[data-testid="user-source-item"]').getByText('数据录入员须选择数据来源').waitFor()
  await settled(page)
  await screenshot(page, '46-admin-user-source-required')

  await dialog.locator('[data-testid="user-source-item"] .el-select').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: '(court)' }).click()
  await page.locator('[data-testid="user-save"]').click()
  await page.locator('[data-testid="secret-dialog"]').waitFor()
  await page.locator('[data-testid="secret-dialog"]').getByRole('button', { name: '完成' }).click()
  await page.locator('[data-testid="users-table"] .el-table__body tr', { hasText: 'e2e_clerk' }).waitFor()

  session.assertNoProblems()
})
