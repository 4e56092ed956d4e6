// Scoring against the real server: an admin starts a draft of the scoring
// policy, changes one code's points, meets the server's validation error on
// the row it names, fixes it, previews the impact (grade matrix, movers),
// publishes and watches the recompute reach 100%; then opens the file of an
// official that change moved and reads the score card: score, grade, policy
// version, step chart, explanation, and the score as of an earlier day.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { apiAs, idNumber } from './support/api.mjs'
import { launchBrowser, openPage, screenshot, settled, waitForValue } from './support/browser.mjs'
import { logIn } from './support/login.mjs'
import { startServer } from './support/server.mjs'

const NAME = '周积分'
const CODE = 'jud_civil_unperformed' // 民事判决未履行: −5 for 12 months by default
const DOCUMENT = '（2026）云01民初77号'
/** Chromium logs the expected 400 of the invalid save as a console error. */
const EXPECTED_HTTP = /status of 400/

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server
/** @type {import('playwright-core').Browser} */
let browser
const official = { id: 0 }
/** Two months ago: the record counts today, and did not a month before it. */
const decided = new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 10)
const before_ = new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10)

before(async () => {
  server = await startServer()
  browser = await launchBrowser()

  // An official with one record only, so the change of one rule moves them
  // by a known amount: 100 − 5 = 95 (优秀) now, 100 − 25 = 75 (一般) after.
  const admin = await apiAs(server.baseURL, 'admin')
  const department = (await admin.get('/departments')).body.items.find((d) => d.kind === 'bureau')
  let id = ''
  for (const birth of ['19880214', '19880215', '19880216', '19880217']) {
    id = idNumber('320102', birth, '456')
    const created = await admin.post('/officials', {
      department_id: department.id, name: NAME, id_number: id, post: '科员', job_rank: '二级主任科员', category: 'civil_servant',
    })
    if (created.status === 201) {
      official.id = created.body.id
      break
    }
    assert.equal(created.status, 409, JSON.stringify(created.body))
  }
  assert.ok(official.id > 0, 'an official was registered')
  const clerk = await apiAs(server.baseURL, 'clerk')
  const submitted = await clerk.post('/records', {
    records: [{
      id_number: id, name: NAME, source_ref: 'e2e-score-1', category: 'judicial', code: CODE, decision_date: decided,
      document_no: DOCUMENT, authority: '云州市中级人民法院', summary: '判决确定的义务未履行。',
    }],
  })
  assert.equal(submitted.status, 201, JSON.stringify(submitted.body))
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('a security administrator drafts, fixes, previews and publishes a scoring policy, and the recompute reaches 100%', { timeout: 300_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session

  await logIn(page, 'security')
  await page.locator('[data-testid="menu-/admin/policies/scoring"]').click()
  const versions = page.locator('[data-testid="policy-versions"] .el-table__body tr')
  await versions.first().waitFor()
  assert.match((await versions.first().textContent()) ?? '', /第 1 版.*现行/)
  assert.match((await page.locator('[data-testid="policy-readonly"]').textContent()) ?? '', /不可修改/)

  // A draft copied from the version in force.
  await page.locator('[data-testid="policy-new-draft"]').click()
  await page.locator('[data-testid="policy-status"]', { hasText: '草稿' }).waitFor()
  await waitForValue(() => versions.count(), 2)
  assert.match((await versions.first().textContent()) ?? '', /第 2 版.*草稿/)
  assert.equal(await page.locator('[data-testid="policy-new-draft"]').isDisabled(), true, 'one draft at a time')

  // Find the code and change its points; give it a negative validity too.
  await page.locator('[data-testid="rules-search"]').fill('民事判决')
  const row = page.locator(`tr.rule-${CODE}`)
  await waitForValue(() => page.locator('[data-testid="rules-table"] .el-table__body tr').count(), 1)
  assert.match((await row.textContent()) ?? '', /民事判决未履行/)
  const points = page.locator(`[data-testid="rule-points-${CODE}"] input`)
  await points.fill('-25')
  await points.press('Tab')
  const months = page.locator(`[data-testid="rule-months-${CODE}"] input`)
  await months.fill('-1')
  await months.press('Tab')
  await page.locator('[data-testid="policy-unsaved"]').waitFor()
  await page.locator('[data-testid="policy-save"]').click()

  // The server refuses it and says why, on that row and in the list above.
  await page.locator('[data-testid="policy-errors"]').waitFor()
  const rowError = row.locator('.el-form-item__error')
  await rowError.waitFor()
  assert.equal((await rowError.textContent())?.trim(), 'must not be negative')
  assert.match((await page.locator('[data-testid="policy-error"]').first().textContent()) ?? '', /计分规则第 \d+ 行（民事判决未履行）· 有效期（月）：must not be negative/)
  await page.locator('[data-testid="rules-search"]').fill('民事判决')
  await settled(page)
  await screenshot(page, '50-admin-scoring-draft-error')

  // Fixed, it saves.
  await months.fill('12')
  await months.press('Tab')
  await page.locator('[data-testid="policy-save"]').click()
  await page.locator('.el-message--success', { hasText: '第 2 版草稿已保存' }).waitFor()
  await page.locator('[data-testid="policy-errors"]').waitFor({ state: 'detached' })
  assert.equal(await page.locator('[data-testid="policy-unsaved"]').count(), 0)
  assert.equal(await points.inputValue(), '-25.00')

  // The impact preview: the grade matrix and the official who moves.
  await page.locator('[data-testid="policy-preview"]').click()
  const impact = page.locator('[data-testid="policy-impact"]')
  await impact.waitFor({ timeout: 30_000 })
  const summary = (await page.locator('[data-testid="impact-summary"]').textContent()) ?? ''
  const scored = Number(/计算 (\d+) 人/.exec(summary)?.[1])
  assert.ok(scored > 50, summary)
  const matrix = page.locator('[data-testid="impact-matrix"]')
  assert.deepEqual((await matrix.locator('.el-table__header th').allTextContents()).map((text) => text.trim()), ['现行等级 \\ 新等级', '优秀', '良好', '一般', '较差', '合计'])
  assert.equal((await matrix.locator('.el-table__footer td').last().textContent())?.trim(), String(scored))
  const fromExcellent = (await matrix.locator('.el-table__body tr').first().locator('td').allTextContents()).map((text) => text.trim())
  assert.equal(fromExcellent[0], '优秀')
  assert.ok(Number(fromExcellent[3]) >= 1, `someone moves from 优秀 to 一般: ${fromExcellent}`)
  const mover = page.locator('[data-testid="impact-movers"] .el-table__body tr', { hasText: NAME })
  await mover.waitFor()
  const moverText = ((await mover.textContent()) ?? '').replace(/\s+/g, ' ')
  assert.match(moverText, /95 → 75/)
  assert.match(moverText, /优秀 → 一般/)
  assert.match(moverText, /民事判决未履行 由 -5 变为 -25/)
  await page.locator('[data-testid="impact-histogram"] canvas').waitFor()
  await page.setViewportSize({ width: 1440, height: 1400 })
  await settled(page) // the chart animates in
  await screenshot(page, '51-admin-scoring-preview')

  // Publish, confirmed; the recompute runs to 100%.
  await page.locator('[data-testid="policy-publish"]').click()
  const confirm = page.locator('.el-message-box')
  await confirm.waitFor()
  assert.match((await confirm.textContent()) ?? '', /发布第 2 版后立即生效，替换现行第 1 版/)
  await confirm.locator('.el-button--primary').click()
  const recompute = page.locator('[data-testid="recompute-panel"]')
  await recompute.locator('[data-testid="job-status"]', { hasText: '已完成' }).waitFor({ timeout: 30_000 })
  assert.match((await recompute.locator('[data-testid="job-bar"]').textContent()) ?? '', /100%/)
  assert.match((await recompute.locator('[data-testid="job-counts"]').textContent()) ?? '', new RegExp(`已处理 ${scored} / ${scored} 人`))
  await page.locator('[data-testid="policy-status"]', { hasText: '现行' }).waitFor({ timeout: 60_000 })
  assert.match((await versions.nth(1).textContent()) ?? '', /第 1 版.*已归档/)
  assert.equal(await page.locator('[data-testid="policy-save"]').count(), 0, 'a published version is read-only')
  await screenshot(page, '52-admin-scoring-published')

  // Recompute on demand, with the same progress bar.
  await page.locator('[data-testid="policy-recompute"]').click()
  await waitForValue(async () => (await recompute.locator('[data-testid="job-status"]').textContent())?.trim(), '已完成', 30_000)
  assert.match((await recompute.locator('[data-testid="job-bar"]').textContent()) ?? '', /100%/)

  session.assertNoProblems(EXPECTED_HTTP)
})

test('an admin reads the score card in a file: score, grade, policy version, chart, explanation, as of a day', { timeout: 240_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session
  /** @type {string[]} */
  const scoreCalls = []
  page.on('request', (request) => {
    const url = new URL(request.url())
    if (url.pathname.endsWith('/score')) scoreCalls.push(url.search)
  })

  // The file carries today's score: nothing else is asked for.
  await logIn(page, 'admin', { path: `/login?redirect=/officials/${official.id}/file` })
  const card = page.locator('[data-testid="score-card"]')
  await card.locator('[data-testid="score-value"]').waitFor()
  assert.equal(await card.locator('[data-testid="score-value"]').textContent(), '75')
  assert.equal((await card.locator('[data-testid="score-grade"]').textContent())?.trim(), '一般')
  assert.equal(await card.locator('[data-testid="score-policy-version"]').textContent(), '第 2 版积分政策')
  await card.locator('[data-testid="score-history-chart"] canvas').waitFor()

  assert.equal((await card.locator('[data-testid="score-formula"]').textContent())?.trim(), '基础分 100，计入 1 条记录、0 项调整，得分 75')
  const item = card.locator('[data-testid="score-items"] .el-table__body tr')
  assert.equal(await item.count(), 1)
  const cells = (await item.locator('td').allTextContents()).map((text) => text.trim())
  assert.match(cells[0], /民事判决未履行/)
  assert.match(cells[0], new RegExp(`${DOCUMENT.replace(/[()（）]/g, '.')} · 决定日期 ${decided}`))
  assert.deepEqual(cells.slice(1, 5), ['司法', '-25', '-25', decided])
  assert.match(cells[5], /^\d{4}-\d{2}-\d{2}$/)
  await page.setViewportSize({ width: 1440, height: 1300 })
  await settled(page) // the chart animates in
  await screenshot(page, '53-admin-file-score')

  // As of a day before the decision: nothing counts yet.
  const picker = card.locator('[data-testid="score-as-of"] input')
  await picker.fill(before_)
  await picker.press('Enter')
  await page.keyboard.press('Escape')
  await waitForValue(() => card.locator('[data-testid="score-day"]').textContent(), before_)
  assert.deepEqual(scoreCalls, [`?as_of=${before_}`])
  assert.equal(await card.locator('[data-testid="score-value"]').textContent(), '100')
  assert.equal((await card.locator('[data-testid="score-grade"]').textContent())?.trim(), '优秀')
  assert.equal(await card.locator('[data-testid="score-items"] .el-table__body tr').count(), 0)
  await card.locator('.el-tabs__item', { hasText: '不再计入的记录（1）' }).click()
  const notCounting = card.locator('[data-testid="score-not-counting"] .el-table__body tr')
  await notCounting.first().waitFor()
  assert.match((await notCounting.first().textContent()) ?? '', /民事判决未履行.*尚未生效/)
  await settled(page) // the chart animates to the new history
  await screenshot(page, '54-admin-file-score-as-of')

  session.assertNoProblems()
})

test('a clerk reads the same file without the score card, and never asks for the score', { timeout: 180_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session
  /** @type {string[]} */
  const calls = []
  page.on('request', (request) => {
    if (/\/score\b/.test(new URL(request.url()).pathname)) calls.push(request.url())
  })

  // The score counts every source's records, more than a clerk may see.
  await logIn(page, 'clerk', { path: `/login?redirect=/officials/${official.id}/file` })
  await page.locator('[data-testid="file-record"]').first().waitFor()
  assert.equal(await page.locator('[data-testid="score-card"]').count(), 0)
  assert.deepEqual(calls, [])

  session.assertNoProblems()
})
