// Officials' self-service against the real server: the demo official (a
// court record, the demo clerk's source) sees their own file, score and who
// looked at it (an administrator, through the API beforehand), disputes the
// court record on a data ground (wrong content) with a small PDF; the clerk finds it in the queue with its due
// day and upholds it with a note; the official sees the outcome and the note.
// Then the official issues a report, and a signed-out browser verifies its
// code on the public page; a made-up code is not genuine.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { apiAs } from './support/api.mjs'
import { launchBrowser, openPage, screenshot, settled, waitForValue } from './support/browser.mjs'
import { logIn, menuLabels } from './support/login.mjs'
import { startServer } from './support/server.mjs'

const REASON = '该判决已经再审改判，原记录应予更正。'
const NOTE = '经核查原审判决文书，记录与判决一致，维持原记录。'
/** A minimal PDF: the server reads the type from the content, not the name. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n')

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server
/** @type {import('playwright-core').Browser} */
let browser
/** The demo official: id, name and the court record's document number. */
const official = { id: 0, name: '', documentNo: '' }
/** What the tests pass on: the dispute's due day and the report's code. */
const shared = { due: '', code: '' }

/** What a person reads: rendered text, table cells apart, white space folded. */
const text = async (locator) => ((await locator.innerText()) ?? '').replace(/\s+/g, ' ').trim()

before(async () => {
  server = await startServer()
  browser = await launchBrowser()

  const me = await apiAs(server.baseURL, 'official')
  official.id = (await me.get('/me')).body.official_id
  assert.ok(official.id > 0, 'the demo official account is linked')
  const file = (await me.get('/me/file')).body
  official.name = file.official.name
  const court = file.categories.find((category) => category.key === 'judicial')?.records.find((record) => record.source_name === '云州市中级人民法院')
  assert.ok(court, 'the demo official has a court record')
  official.documentNo = court.document_no

  // Someone looks at the file, so the access log has an entry.
  const admin = await apiAs(server.baseURL, 'admin')
  assert.equal((await admin.get(`/officials/${official.id}/file`)).status, 200)
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('the official sees their file, score and who looked at it, and disputes the court record with a PDF', { timeout: 240_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session

  await logIn(page, 'official')
  await waitForValue(() => new URL(page.url()).pathname, '/me') // their own file is their home
  const labels = await menuLabels(page)
  for (const label of ['我的档案', '我的异议与修复', '诚信报告']) assert.ok(labels.includes(label), `menu ${labels}`)
  assert.ok(!labels.includes('首页'), `menu ${labels}`)

  const home = page.locator('[data-testid="me-home"]')
  await home.locator('[data-testid="me-header"]').waitFor()
  assert.match(await text(home.locator('[data-testid="me-header"]')), new RegExp(official.name))
  assert.match(await text(page.locator('[data-testid="score-value"]')), /^\d+(\.\d+)?$/)
  assert.match(await text(page.locator('[data-testid="score-grade"]')), /^(优秀|良好|一般|较差)$/)
  assert.match(await text(page.locator('[data-testid="score-policy-version"]')), /第 \d+ 版积分政策/)
  await page.locator('[data-testid="score-history-chart"] canvas').waitFor()

  const eligibility = page.locator('[data-testid="me-eligibility-table"] .el-table__body-wrapper tr')
  assert.ok((await eligibility.count()) >= 7, 'one verdict per purpose')
  assert.match(await text(eligibility.filter({ hasText: '提拔任用' })), /提拔任用 (符合|不符合|需人工审核)/)

  // Who looked: the administrator, by role, department and name.
  const read = page.locator('[data-testid="me-access-table"] .el-table__body-wrapper tr', { hasText: '系统管理员' })
  await read.waitFor()
  assert.match(await text(read), /查阅档案 云州市 系统管理员 admin/)
  await page.locator('[data-testid="me-access-chart"] canvas').waitFor()
  await settled(page) // the charts have drawn
  await screenshot(page, '90-official-home')
  await page.locator('[data-testid="me-access-log"]').scrollIntoViewIfNeeded()
  await screenshot(page, '91-official-eligibility-access-log')

  // Every record may be disputed; only credit-type ones repaired.
  const court = page.locator('[data-testid="file-record"]', { hasText: official.documentNo })
  assert.equal(await court.locator('[data-testid="me-repair"]').count(), 0, 'a court conviction is not repairable')
  const credit = page.locator('[data-testid="file-record"]').filter({ has: page.locator('[data-testid="me-repair"]') })
  assert.ok((await credit.count()) >= 1, 'the credit-type record offers repair')
  assert.match(await text(credit.first()), /交通违法|公共事业费欠缴|行政处罚|失信/)

  // Dispute the court record, with a PDF.
  await court.locator('[data-testid="me-dispute"]').click()
  const dialog = page.locator('[data-testid="dispute-dialog"]')
  // A data ground: the record is flagged under dispute at once.
  await dialog.locator('[data-testid="dispute-ground-wrong_content"]').click()
  assert.match(await text(dialog.locator('[data-testid="dispute-ground-hint"]')), /异议处理中/)
  await dialog.locator('[data-testid="dispute-reason"]').fill(REASON)
  await dialog.locator('[data-testid="dispute-attachments"] input[type="file"]').setInputFiles({ name: '再审判决书.pdf', mimeType: 'application/pdf', buffer: PDF })
  assert.match(await text(dialog.locator('[data-testid="dispute-attachments-file"]')), /再审判决书\.pdf/)
  await settled(page) // the dialog has opened
  await screenshot(page, '92-official-dispute-form')
  await dialog.locator('[data-testid="dispute-submit"]').click()
  await dialog.waitFor({ state: 'hidden' })

  const notice = page.locator('[data-testid="me-notice"]')
  await notice.waitFor()
  const filed = /来源单位须于 (\d{4}-\d{2}-\d{2}) 前作出决定/.exec(await text(notice))
  assert.ok(filed, await text(notice))
  shared.due = filed[1]
  await waitForValue(async () => /异议处理中/.test(await text(court)), true)
  assert.equal(await court.locator('[data-testid="me-dispute"]').isDisabled(), true, 'one dispute at a time')

  // Its progress on my disputes.
  await page.locator('[data-testid="menu-/me/cases"]').click()
  const mine = page.locator('[data-testid="me-case-dispute"]').first()
  await mine.waitFor()
  assert.match(await text(mine), /刑事|判决/)
  assert.match(await text(mine.locator('[data-testid="case-state"]')), /处理中/)
  assert.equal(await text(mine.locator('[data-testid="case-due"]')), `须于 ${shared.due} 前作出决定`)
  assert.match(await text(mine.locator('[data-testid="case-outcome"]')), /等待处理/)
  await screenshot(page, '93-official-dispute-filed')

  session.assertNoProblems()
})

test('the clerk finds the dispute in the queue with its due day and upholds it with a note', { timeout: 240_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session

  await logIn(page, 'clerk')
  assert.ok((await menuLabels(page)).includes('异议与修复办理'))
  await page.locator('[data-testid="menu-/disputes"]').click()
  const row = page.locator('[data-testid="dispute-queue"] .el-table__body-wrapper tr', { hasText: official.name }).first()
  await row.waitFor()
  assert.match(await text(row), /处理中/)
  assert.equal(await text(row.locator('[data-testid="queue-due"]')), shared.due)
  await screenshot(page, '94-clerk-dispute-queue')

  await row.locator('[data-testid="dispute-queue-open"]').click()
  const drawer = page.locator('[data-testid="dispute-detail"]')
  assert.equal(await text(drawer.locator('[data-testid="dispute-detail-reason"]')), REASON)
  assert.match(await text(drawer.locator('[data-testid="dispute-detail-ground"]')), /内容有误/)
  assert.match(await text(drawer.locator('[data-testid="case-attachments"]')), /再审判决书\.pdf/)
  await drawer.locator('[data-testid="dispute-resolve"]').click()

  const dialog = page.locator('[data-testid="dispute-resolve-dialog"]')
  await dialog.locator('.el-radio-button', { hasText: '维持原记录' }).click()
  await dialog.locator('[data-testid="dispute-resolve-note"]').fill(NOTE)
  await settled(page) // the dialog has opened
  await screenshot(page, '95-clerk-dispute-resolve')
  await dialog.locator('[data-testid="dispute-resolve-confirm"]').click()
  await dialog.waitFor({ state: 'hidden' })
  await waitForValue(async () => text(drawer.locator('[data-testid="case-state"]')), '维持原记录')
  assert.match(await text(drawer.locator('[data-testid="case-note"]')), new RegExp(NOTE))
  assert.equal(await drawer.locator('[data-testid="dispute-resolve"]').count(), 0, 'decided: no more actions')

  session.assertNoProblems()
})

test('the official sees the outcome and the clerk’s note', { timeout: 180_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session

  await logIn(page, 'official', { path: '/login?redirect=/me/cases' })
  const mine = page.locator('[data-testid="me-case-dispute"]').first()
  await mine.waitFor()
  assert.match(await text(mine.locator('[data-testid="case-state"]')), /维持原记录/)
  assert.match(await text(mine.locator('[data-testid="case-outcome"]')), /维持原记录/)
  assert.equal(await text(mine.locator('[data-testid="case-note"]')), `处理意见：${NOTE}`)
  await screenshot(page, '96-official-dispute-decided')

  // The record is no longer under dispute.
  await page.locator('[data-testid="menu-/me"]').click()
  const court = page.locator('[data-testid="file-record"]', { hasText: official.documentNo })
  await court.waitFor()
  assert.ok(!/异议处理中/.test(await text(court)), 'the dispute flag cleared')

  session.assertNoProblems()
})

test('the official issues a report; a signed-out browser verifies it; a made-up code is not genuine', { timeout: 240_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session

  await logIn(page, 'official')
  await page.locator('[data-testid="menu-/me/reports"]').click()
  await page.locator('[data-testid="report-issue"]').click()
  const sheet = page.locator('[data-testid="report-sheet"]')
  await sheet.waitFor()
  assert.match(await text(sheet), /诚信档案报告/)
  assert.match(await text(sheet.locator('[data-testid="report-official"]')), new RegExp(official.name))
  assert.match(await text(sheet.locator('[data-testid="report-grade"]')), /^(优秀|良好|一般|较差)$/)
  assert.match(await text(sheet.locator('[data-testid="report-records"]')), new RegExp(official.documentNo.replace(/[()（）]/g, '.')))
  const validUntil = (await text(sheet.locator('[data-testid="report-valid-until"]'))).replace('有效期至：', '')
  assert.match(validUntil, /^\d{4}-\d{2}-\d{2}$/)
  const digest = (await text(sheet.locator('[data-testid="report-digest"]'))).replace('内容摘要：', '')
  assert.match(digest, /^[0-9A-F]{4}( [0-9A-F]{4}){3}$/)
  const grade = await text(sheet.locator('[data-testid="report-grade"]'))
  shared.code = await text(sheet.locator('[data-testid="report-code"]'))
  assert.match(shared.code, /^[A-Z2-7]{16}[0-9A-F]{8}$/)
  assert.match(await text(sheet), new RegExp(`${server.baseURL}/verify/${shared.code}`))
  await sheet.locator('img[data-testid="report-qr"]').waitFor()
  assert.ok((await sheet.locator('img[data-testid="report-qr"]').evaluate((img) => img.naturalWidth)) > 0, 'the QR code is drawn')
  await page.locator('[data-testid="report-list"] .el-table__body-wrapper tr', { hasText: shared.code }).waitFor()

  await page.evaluate(() => {
    window.__printed = 0
    window.print = () => {
      window.__printed += 1
    }
  })
  await page.locator('[data-testid="report-print"]').click()
  assert.equal(await page.evaluate(() => window.__printed), 1)
  await page.emulateMedia({ media: 'print' })
  assert.equal(await page.locator('[data-testid="report-issue"]').isVisible(), false, 'only the sheet goes to paper')
  assert.equal(await page.locator('[data-testid="side-menu"]').isVisible(), false)
  await screenshot(page, '97-official-report-print')
  await page.emulateMedia({ media: 'screen' })
  session.assertNoProblems()

  // Anyone, signed out, checks the code on the public page.
  const visitor = await openPage(browser, server.baseURL)
  t.after(() => visitor.close())
  await visitor.page.goto(`/verify/${shared.code}`)
  await visitor.assertRendered()
  const genuine = visitor.page.locator('[data-testid="verify-genuine"]')
  await genuine.waitFor()
  assert.match(await text(genuine), /报告真实有效/)
  const masked = official.name[0] + '*'.repeat([...official.name].length - 1)
  assert.equal(await text(genuine.locator('[data-testid="verify-name"]')), `当事人：${masked}`)
  assert.match(await text(genuine.locator('[data-testid="verify-issued-at"]')), /^出具时间：\d{4}/)
  // What the reader compares with the paper: the validity, the grade and the digest.
  assert.equal(await text(genuine.locator('[data-testid="verify-valid-until"]')), `有效期至：${validUntil}`)
  assert.match(await text(genuine.locator('[data-testid="verify-grade"]')), new RegExp(`^等次：${grade}（数据截至`))
  assert.match(await text(genuine.locator('[data-testid="verify-digest"]')), new RegExp(digest))
  assert.ok(!(await text(visitor.page.locator('#app'))).includes(official.name), 'the full name is not shown')
  assert.equal(new URL(visitor.page.url()).pathname, `/verify/${shared.code}`, 'no sign-in asked for')
  await screenshot(visitor.page, '98-verify-genuine')

  // A made-up code, typed in.
  await visitor.page.locator('[data-testid="verify-code"]').fill('ABCDEFGHIJKLMNOPQRSTUVWX')
  await visitor.page.locator('[data-testid="verify-submit"]').click()
  await waitForValue(() => new URL(visitor.page.url()).pathname, '/verify/ABCDEFGHIJKLMNOPQRSTUVWX')
  const forged = visitor.page.locator('[data-testid="verify-not-genuine"]')
  await forged.waitFor()
  assert.match(await text(forged), /未能验证/)
  assert.equal(await visitor.page.locator('[data-testid="verify-genuine"]').count(), 0)
  await screenshot(visitor.page, '99-verify-not-genuine')
  visitor.assertNoProblems()
})
