// The officials registry's roster import against the real server: the
// administrator lands on the home page, follows its registry tile (the
// number of officials) to the officials list, downloads the
// template (a workbook), uploads a CSV roster as a dry run (the counts, and
// nothing written), then for real: the new official appears in the list.
// A roster with a bad row is refused whole, the problem named by its row
// and column, in Chinese and, after switching the language, in English.
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { after, before, test } from 'node:test'
import { apiAs, idNumber } from './support/api.mjs'
import { launchBrowser, openPage, screenshot, waitForValue } from './support/browser.mjs'
import { logIn } from './support/login.mjs'
import { startServer } from './support/server.mjs'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
/** A refused roster is a 400, which Chromium logs as a failed resource. */
const EXPECTED_HTTP = /status of 400/
const NAME = '罗名册'
const NEW_ID = idNumber('320102', '19850612', '357')
const HEADER = '身份证号码,姓名,单位编码,职务,职级,人员类别,中共党员,状态'

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server
/** @type {import('playwright-core').Browser} */
let browser
/** A unit's code officials may be registered in. */
let unitCode = ''

/** What a person reads: rendered text, white space folded. */
const text = async (locator) => ((await locator.innerText()) ?? '').replace(/\s+/g, ' ').trim()

/** A CSV roster as a file the page's upload takes. */
const csv = (name, lines) => ({ name, mimeType: 'text/csv', buffer: Buffer.from([HEADER, ...lines].join('\n') + '\n', 'utf8') })

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  const admin = await apiAs(server.baseURL, 'admin')
  const departments = (await admin.get('/departments')).body.items
  unitCode = departments.find((department) => department.parent_id !== null)?.code ?? departments[0].code
  assert.ok(unitCode, 'the demo has units')
  const known = await admin.get(`/officials?id_number=${NEW_ID}`)
  assert.equal(known.body.total, 0, 'the new ID number is not registered yet')
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('the administrator imports a roster: the template, a dry run, the real run, and a refused roster in both languages', { timeout: 300_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session
  await logIn(page, 'admin')

  // The home page counts the registry; its tile leads to the officials list, narrowed to the name about to be registered (nobody yet).
  await waitForValue(() => new URL(page.url()).pathname, '/')
  const tile = page.locator('[data-testid="todo-card"] [data-testid="todo-officials"]')
  await waitForValue(async () => /^[1-9][\d,]*$/.test(((await tile.locator('[data-testid="todo-officials-count"]').innerText()) ?? '').trim()), true, 20_000)
  await tile.click()
  await waitForValue(() => new URL(page.url()).pathname, '/admin/officials')
  const table = page.locator('[data-testid="officials-table"]')
  await table.locator('.el-table__body tr').first().waitFor()
  await page.locator('[data-testid="officials-name"]').fill(NAME)
  const searched = page.waitForResponse((response) => response.url().includes('/api/v1/officials?') && response.url().includes('name='))
  await page.locator('[data-testid="officials-search"]').click()
  await searched
  await table.locator('.el-table__empty-text').waitFor()

  // The dialog: the template is a workbook.
  await page.locator('[data-testid="roster-import"]').click()
  const dialog = page.locator('[data-testid="roster-dialog"]')
  await dialog.locator('[data-testid="roster-upload"]').waitFor()
  const templateResponse = page.waitForResponse((response) => response.url().endsWith('/api/v1/officials/import/template'))
  const download = page.waitForEvent('download')
  await dialog.locator('[data-testid="roster-template"]').click()
  const answered = await templateResponse
  assert.equal(answered.status(), 200)
  assert.equal(answered.headers()['content-type'], XLSX)
  const saved = await download
  assert.equal(saved.suggestedFilename(), 'officials-template.xlsx')
  const workbook = await readFile(await saved.path())
  assert.equal(workbook.subarray(0, 2).toString('latin1'), 'PK', 'an XLSX file is a ZIP archive')

  // A dry run, the default: the counts, nothing written.
  assert.equal(await dialog.locator('[data-testid="roster-dry-run"] input').isChecked(), true, 'a dry run by default')
  assert.match(await text(dialog.locator('[data-testid="roster-dry-run"]')), /先试运行/)
  const roster = csv('名册.csv', [`${NEW_ID},${NAME},${unitCode},科员,一级科员,公务员,否,在职`])
  await dialog.locator('[data-testid="roster-upload"] input[type="file"]').setInputFiles(roster)
  await dialog.locator('[data-testid="roster-start"]').click()
  const total = (key) => text(dialog.locator(`[data-testid="roster-total-${key}"]`))
  await dialog.locator('[data-testid="roster-result"]').waitFor()
  assert.deepEqual([await total('rows'), await total('created'), await total('updated'), await total('unchanged')], ['1', '1', '0', '0'])
  assert.match(await text(dialog.locator('[data-testid="roster-result-note"]')), /试运行通过/)
  await screenshot(page, 'r1-roster-dry-run')

  // For real, with the same file: the list shows the new official.
  const listed = page.waitForResponse((response) => response.url().includes('/api/v1/officials?') && response.request().method() === 'GET')
  await dialog.locator('[data-testid="roster-run-real"]').click()
  await waitForValue(() => text(dialog.locator('[data-testid="roster-result-note"]')), '名册已导入。', 20_000)
  assert.equal(await total('created'), '1')
  await listed
  await dialog.locator('[data-testid="roster-close"]').click()
  await dialog.waitFor({ state: 'hidden' })
  const row = table.locator('.el-table__body tr', { hasText: NAME })
  await row.waitFor()
  assert.match(await text(row), /科员.*一级科员.*公务员.*在职/)

  // A roster with a bad row: refused whole, the row and the column named, in Chinese.
  const bad = csv('有误的名册.csv', [`${NEW_ID},${NAME},${unitCode},副科长,一级科员,公务员,否,在职`, `12345,错号码,${unitCode},科员,一级科员,公务员,否,在职`])
  const refuse = async () => {
    await page.locator('[data-testid="roster-import"]').click()
    await dialog.locator('[data-testid="roster-upload"] input[type="file"]').setInputFiles(bad)
    await dialog.locator('[data-testid="roster-start"]').click()
    const problems = dialog.locator('[data-testid="roster-problems-table"] .el-table__body tr')
    await problems.first().waitFor()
    return (await problems.allInnerTexts()).map((line) => line.replace(/\s+/g, ' ').trim())
  }
  assert.deepEqual(await refuse(), ['3 身份证号码 身份证号码应为 18 位'])
  assert.match(await text(dialog.locator('[data-testid="roster-problems"]')), /名册有 1 处问题，未写入任何数据/)
  await dialog.locator('[data-testid="roster-download-errors"]').waitFor()
  await screenshot(page, 'r2-roster-problems')
  await dialog.locator('[data-testid="roster-close"]').click()
  await dialog.waitFor({ state: 'hidden' })

  // The same, in English.
  await page.locator('[data-testid="lang-switch"]').click()
  await page.locator('[data-testid="lang-en"]').click()
  await page.locator('[data-testid="lang-en"]').waitFor({ state: 'hidden' })
  await waitForValue(() => text(page.locator('[data-testid="roster-import"]')), 'Import roster')
  assert.deepEqual(await refuse(), ['3 ID number must have 18 characters'])
  assert.match(await text(dialog.locator('[data-testid="roster-problems"]')), /Problems in the roster: 1\. Nothing was written/)
  assert.equal(await text(dialog.locator('[data-testid="roster-download-errors"]')), 'Download error report')

  // Nothing of the refused roster was written: the official keeps the post of the real run.
  const admin = await apiAs(server.baseURL, 'admin')
  const [official] = (await admin.get(`/officials?id_number=${NEW_ID}`)).body.items
  assert.equal(official.post, '科员')
  session.assertNoProblems(EXPECTED_HTTP)
})
