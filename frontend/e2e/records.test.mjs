// Records intake against the real server: a clerk submits a record through
// the form, imports a CSV (dry run, then for real), revokes a record and
// reads the official's integrity file (also as print); an admin reads the
// same file with every source's records; a clerk cannot open admin pages.
import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { apiAs, idNumber } from './support/api.mjs'
import { launchBrowser, openPage, screenshot, settled, waitForValue } from './support/browser.mjs'
import { logIn, menuLabels } from './support/login.mjs'
import { startServer } from './support/server.mjs'

const NAME = '陈诚信'
/** Chromium logs the expected 4xx answers (field errors, 404) as console errors. */
const EXPECTED_HTTP = /status of (400|404|409)/

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server
/** @type {import('playwright-core').Browser} */
let browser
let tmp = ''
/** The official registered for these tests: id and full ID number. */
const official = { id: 0, idNumber: '' }

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  tmp = await mkdtemp(path.join(os.tmpdir(), 'integrity-e2e-csv-'))

  // ID numbers never come back in full, so register one we know.
  const admin = await apiAs(server.baseURL, 'admin')
  const department = (await admin.get('/departments')).body.items.find((d) => d.kind === 'bureau')
  for (const birth of ['19900307', '19900308', '19850412', '19791123']) {
    const candidate = idNumber('320102', birth, '123')
    const created = await admin.post('/officials', {
      department_id: department.id, name: NAME, id_number: candidate, post: '科员', job_rank: '一级主任科员', category: 'civil_servant',
    })
    if (created.status === 201) {
      Object.assign(official, { id: created.body.id, idNumber: candidate })
      break
    }
    assert.equal(created.status, 409, JSON.stringify(created.body))
  }
  assert.ok(official.id > 0, 'an official was registered')
})

after(async () => {
  await browser?.close()
  await server?.stop()
  if (tmp) await rm(tmp, { recursive: true, force: true })
})

/** Opens the el-select `trigger` and picks the option labelled `label`. */
async function choose(page, trigger, label) {
  await page.locator(trigger).click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: new RegExp(`^${label}$`) }).click()
}

test('a clerk submits a record through the form: field errors, created, unchanged, corrected', { timeout: 240_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session

  await logIn(page, 'clerk', { path: '/login?redirect=/records/submit' })
  const labels = await menuLabels(page)
  for (const label of ['报送记录', '批量导入', '记录管理']) assert.ok(labels.includes(label), `menu ${labels}`)
  assert.ok(!labels.includes('数据来源'), `menu ${labels}`)

  const form = page.locator('[data-testid="record-submit-page"]')
  await form.locator('[data-testid="record-id-number"]').fill(official.idNumber)
  await form.locator('[data-testid="record-name"]').fill('不是此人')
  await form.locator('[data-testid="record-source-ref"]').fill('e2e-form-1')
  await choose(page, '[data-testid="record-category"]', '司法')
  await choose(page, '[data-testid="record-code"]', '刑事判决')
  await form.locator('[data-testid="record-decision-date"] input').fill('2024-03-05')
  await form.locator('[data-testid="record-decision-date"] input').press('Enter')
  await page.keyboard.press('Escape')
  // Judicial records need a document number: the form says so before the server does.
  await form.locator('[data-testid="record-submit"]').click()
  await form.locator('[data-testid="record-document-no-item"] .el-form-item__error', { hasText: '该类别须填写文号' }).waitFor()
  await form.locator('[data-testid="record-document-no"]').fill('（2024）云01刑初88号')
  await form.locator('[data-testid="record-authority"]').fill('云州市中级人民法院')
  await form.locator('[data-testid="record-summary"]').fill('经依法审理，作出刑事判决。')

  // The server checks the name against the registry and answers on the field.
  await form.locator('[data-testid="record-submit"]').click()
  await form.locator('[data-testid="submit-error"]').waitFor()
  const nameError = form.locator('.el-form-item', { has: page.locator('[data-testid="record-name"]') }).locator('.el-form-item__error')
  await nameError.waitFor()
  assert.ok(((await nameError.textContent()) ?? '').trim().length > 0)
  await screenshot(page, '30-clerk-submit-error')

  await form.locator('[data-testid="record-name"]').fill(NAME)
  await form.locator('[data-testid="record-submit"]').click()
  const outcome = form.locator('[data-testid="submit-outcome"]')
  await outcome.waitFor()
  assert.match((await outcome.textContent()) ?? '', /新增.*e2e-form-1.*第 1 版/)
  await screenshot(page, '31-clerk-submit-created')

  await form.locator('[data-testid="record-submit"]').click()
  await waitForValue(async () => /内容相同/.test((await outcome.textContent()) ?? ''), true)

  await form.locator('[data-testid="record-summary"]').fill('经依法审理，作出刑事判决（更正）。')
  await form.locator('[data-testid="record-submit"]').click()
  await waitForValue(async () => /更正为第 2 版/.test((await outcome.textContent()) ?? ''), true)

  session.assertNoProblems(EXPECTED_HTTP)
})

test('a clerk imports a CSV: a dry run lists the bad rows, the real run creates the good one', { timeout: 240_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session
  const file = path.join(tmp, 'records.csv')
  await writeFile(
    file,
    [
      '身份证号码,姓名,来源编号,记录类别,记录事项,决定日期,结束日期,文号,决定机关,简要情况',
      `${official.idNumber},${NAME},e2e-import-1,司法,失信被执行人,2023-05-06,,（2023）云01执12号,云州市中级人民法院,导入测试`,
      `12345,${NAME},e2e-import-2,司法,刑事判决,2023-05-07,,（2023）云01刑初1号,云州市中级人民法院,身份证号码错误`,
      `${official.idNumber},${NAME},e2e-import-3,司法,刑事判决,2099-01-01,,（2099）云01刑初1号,云州市中级人民法院,未来日期`,
    ].join('\n') + '\n',
  )

  await logIn(page, 'clerk')
  await page.locator('[data-testid="menu-/records/import"]').click()
  await page.locator('[data-testid="import-upload"] input[type="file"]').setInputFiles(file)
  assert.equal(await page.locator('[data-testid="import-dry-run"] input').isChecked(), true, 'a dry run by default')
  await page.locator('[data-testid="import-start"]').click()

  const totals = page.locator('[data-testid="import-totals"]')
  await totals.waitFor()
  const total = (key) => page.locator(`[data-testid="import-total-${key}"]`).textContent()
  assert.equal(await total('total'), '3')
  assert.equal(await total('accepted'), '1')
  assert.equal(await total('rejected'), '2')
  assert.equal(await total('created'), '0')
  const errors = page.locator('[data-testid="import-errors-table"] .el-table__body tr')
  await errors.first().waitFor()
  const rows = (await errors.allTextContents()).map((text) => text.replace(/\s+/g, ' '))
  assert.equal(rows.length, 2, rows.join(' | '))
  assert.match(rows[0], /行 3.*身份证号码/)
  assert.match(rows[1], /行 4.*决定日期/)
  await page.locator('[data-testid="import-download-errors"]').waitFor()
  await screenshot(page, '32-clerk-import-dry-run')

  await page.locator('[data-testid="import-run-real"]').click()
  await waitForValue(async () => (await page.locator('[data-testid="import-total-created"]').count()) > 0 && (await total('created')), '1', 15_000)
  assert.equal(await total('rejected'), '2')
  assert.equal(await page.locator('[data-testid="import-run-real"]').count(), 0, 'a real run offers no second run')
  const history = page.locator('[data-testid="import-history-table"] .el-table__body tr')
  await waitForValue(() => history.count(), 2)
  await screenshot(page, '33-clerk-import-done')

  session.assertNoProblems(EXPECTED_HTTP)
})

test('a clerk finds a record, reads its history and revokes it with a reason', { timeout: 240_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session

  await logIn(page, 'clerk', { path: '/login?redirect=/records' })
  await page.locator('[data-testid="records-filter-source-ref"]').fill('e2e-import-1')
  await page.locator('[data-testid="records-search"]').click()
  const row = page.locator('[data-testid="records-table"] .el-table__body tr', { hasText: 'e2e-import-1' })
  await row.waitFor()
  await waitForValue(() => page.locator('[data-testid="records-table"] .el-table__body tr').count(), 1)

  await row.locator('[data-testid="record-view"]').click()
  const drawer = page.locator('[data-testid="record-detail"]')
  await drawer.locator('[data-testid="record-versions"]').waitFor()
  assert.match((await drawer.textContent()) ?? '', /当前版本（第 1 版）/)
  await page.keyboard.press('Escape')
  await drawer.waitFor({ state: 'hidden' })

  await row.locator('[data-testid="record-revoke"]').click()
  const dialog = page.locator('[data-testid="revoke-dialog"]')
  await dialog.locator('[data-testid="revoke-confirm"]').click()
  await dialog.getByText('请填写撤销原因').waitFor()
  await dialog.locator('[data-testid="revoke-reason"]').fill('导入测试后撤销')
  await settled(page)
  await screenshot(page, '34-clerk-revoke')
  await dialog.locator('[data-testid="revoke-confirm"]').click()
  await dialog.waitFor({ state: 'hidden' })
  await waitForValue(async () => /已撤销/.test((await row.textContent()) ?? ''), true)
  assert.equal(await row.locator('[data-testid="record-revoke"]').count(), 0)
  await screenshot(page, '35-clerk-records')

  session.assertNoProblems(EXPECTED_HTTP)
})

test('a clerk opens the integrity file: timeline, revoked record, history, print layout', { timeout: 240_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session

  await logIn(page, 'clerk', { path: '/login?redirect=/records' })
  await page.locator('[data-testid="records-filter-source-ref"]').fill('e2e-form-1')
  await page.locator('[data-testid="records-search"]').click()
  await page.locator('[data-testid="records-table"] .el-table__body tr', { hasText: 'e2e-form-1' }).locator('[data-testid="record-file-link"]').click()
  await waitForValue(() => new URL(page.url()).pathname, `/officials/${official.id}/file`)

  const timeline = page.locator('[data-testid="file-timeline"]')
  await timeline.locator('[data-testid="file-record"]').first().waitFor()
  assert.equal(await page.locator('[data-testid="file-record-count"]').textContent(), '2')
  assert.equal(await timeline.locator('[data-testid="file-record"]').count(), 2)
  const header = (await page.locator('[data-testid="file-header"]').textContent()) ?? ''
  assert.match(header, new RegExp(NAME))
  assert.match(header, /3201\*{12}\d[\dX]/)
  assert.ok(!header.includes(official.idNumber), 'the ID number is masked')

  const revoked = timeline.locator('[data-testid="file-record"].revoked')
  await revoked.waitFor()
  assert.match((await revoked.textContent()) ?? '', /失信被执行人/)
  assert.match((await revoked.locator('[data-testid="file-record-reason"]').textContent()) ?? '', /已撤销：导入测试后撤销/)
  assert.equal(await revoked.locator('.code').evaluate((el) => getComputedStyle(el).textDecorationLine), 'line-through')

  const corrected = timeline.locator('[data-testid="file-record"]', { hasText: '刑事判决' })
  await corrected.locator('[data-testid="file-record-history-toggle"]').click()
  await corrected.locator('[data-testid="file-record-history"]').getByText('第 1 版').waitFor()
  await page.locator('[data-testid="file-chart"] canvas').waitFor()
  await page.setViewportSize({ width: 1440, height: 1300 }) // the whole timeline in the picture
  await settled(page) // the chart animates in
  await screenshot(page, '36-clerk-file')

  // Printing: a plain table under the confidentiality mark, no menus.
  await page.evaluate(() => {
    window.__printed = 0
    window.print = () => { window.__printed += 1 }
  })
  await page.locator('[data-testid="file-print"]').click()
  assert.equal(await page.evaluate(() => window.__printed), 1)
  await page.emulateMedia({ media: 'print' })
  assert.equal(await page.locator('[data-testid="side-menu"]').isVisible(), false)
  assert.equal(await page.locator('[data-testid="file-timeline"]').isVisible(), false)
  assert.equal((await page.locator('[data-testid="file-classified"]').textContent())?.trim(), '内部资料 注意保密')
  const table = page.locator('[data-testid="file-print-table"]')
  assert.equal(await table.isVisible(), true)
  assert.equal(await table.locator('tbody tr').count(), 2)
  await screenshot(page, '37-clerk-file-print')
  await page.emulateMedia({ media: 'screen' })

  session.assertNoProblems(EXPECTED_HTTP)
})

test('an admin opens the file from the officials list and sees every source', { timeout: 240_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session

  await logIn(page, 'admin', { path: '/login?redirect=/admin/officials' })
  await page.locator('[data-testid="officials-name"]').fill(NAME)
  await page.locator('[data-testid="officials-search"]').click()
  const row = page.locator('[data-testid="officials-table"] .el-table__body tr', { hasText: NAME })
  await row.first().waitFor()
  await page.locator('[data-testid="official-file"]:visible').first().click()
  await waitForValue(() => new URL(page.url()).pathname, `/officials/${official.id}/file`)
  await page.locator('[data-testid="file-record"]').first().waitFor()
  assert.ok((await page.locator('[data-testid="file-record"]').count()) >= 2, 'at least the clerk’s records')
  assert.match((await page.locator('[data-testid="file-timeline"]').textContent()) ?? '', /云州市中级人民法院/)

  // A demo official with records from several sources: the admin sees them all.
  const admin = await apiAs(server.baseURL, 'admin')
  const records = (await admin.get('/records?page_size=200')).body.items
  const sources = new Map()
  for (const record of records) sources.set(record.official_id, new Set([...(sources.get(record.official_id) ?? []), record.source_name]))
  const [busiest, names] = [...sources].sort((a, b) => b[1].size - a[1].size)[0]
  await page.goto(`/officials/${busiest}/file`)
  await page.locator('[data-testid="file-record"]').first().waitFor()
  const text = (await page.locator('[data-testid="file-timeline"]').textContent()) ?? ''
  for (const name of names) assert.ok(text.includes(name), `source ${name} in the file`)
  await page.locator('[data-testid="file-chart"] canvas').waitFor()
  await page.setViewportSize({ width: 1440, height: 1300 })
  await settled(page)
  await screenshot(page, '38-admin-file')

  session.assertNoProblems()
})

test('a clerk deep-linking to an admin page sees the not-found page and no data', { timeout: 180_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session
  /** @type {string[]} */
  const calls = []
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/api/v1/sources')) calls.push(request.url())
  })

  await logIn(page, 'clerk')
  await page.goto('/admin/sources')
  await session.assertRendered()
  await page.locator('[data-testid="not-found"]').waitFor()
  assert.equal(new URL(page.url()).pathname, '/admin/sources')
  assert.equal(await page.locator('[data-testid="sources-page"]').count(), 0)
  assert.deepEqual(calls, [], 'the page never asked for sources')
  await screenshot(page, '39-clerk-admin-sources-404')

  session.assertNoProblems()
})
