// Eligibility checks against the real server: two officials in hr_staff's
// district, one with a criminal conviction (the court clerk's). hr_staff
// checks both for promotion by pasting their ID numbers, reads the verdicts
// and the reasons in words, records an outcome, exports the workbook, opens
// the check from the history and re-runs it (the same result), and reads
// the outcomes report; a candidate list with a bad row is refused naming
// the row, and the corrected file is checked. The admin drafts the
// eligibility policy, meets the server's error on the bar row it names,
// fixes it and publishes; and registers an API client with a key shown once.
import assert from 'node:assert/strict'
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { apiAs, idNumber } from './support/api.mjs'
import { launchBrowser, openPage, screenshot, settled, waitForValue } from './support/browser.mjs'
import { logIn, menuLabels } from './support/login.mjs'
import { startServer } from './support/server.mjs'

const CLEAN = '赵清廉'
const CONVICTED = '钱有案'
const DOCUMENT = '（2026）云01刑初66号'
/** Chromium logs the expected 400s (a bad candidate list, an invalid draft) as console errors. */
const EXPECTED_HTTP = /status of 400/
const FULL_ID = /\d{17}[\dX]/
const daysAgo = (days) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10)

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server
/** @type {import('playwright-core').Browser} */
let browser
let tmp = ''
/** The two officials registered for these tests, with their full ID numbers. */
const officials = { clean: { id: 0, idNumber: '' }, convicted: { id: 0, idNumber: '' } }

/** Registers an official in `departmentId` under a synthetic ID number nobody holds yet. */
async function register(admin, departmentId, name, births, sequence) {
  for (const birth of births) {
    const candidate = idNumber('320102', birth, sequence)
    const created = await admin.post('/officials', {
      department_id: departmentId, name, id_number: candidate, post: '副科长', job_rank: '四级主任科员', category: 'civil_servant',
    })
    if (created.status === 201) return { id: created.body.id, idNumber: candidate }
    assert.equal(created.status, 409, JSON.stringify(created.body))
  }
  throw new Error(`could not register ${name}`)
}

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  tmp = await mkdtemp(path.join(os.tmpdir(), 'integrity-e2e-eligibility-'))

  // hr_staff sees 清江区 and below: register both in its education bureau.
  const admin = await apiAs(server.baseURL, 'admin')
  const bureau = (await admin.get('/departments')).body.items.find((d) => d.code === 'yz-qj-edu')
  assert.ok(bureau, 'the demo has 清江区教育局')
  officials.clean = await register(admin, bureau.id, CLEAN, ['19820611', '19820612', '19820613'], '135')
  officials.convicted = await register(admin, bureau.id, CONVICTED, ['19800920', '19800921', '19800922'], '246')

  const hr = await apiAs(server.baseURL, 'hr_staff')
  const seen = (await hr.get(`/officials?name=${encodeURIComponent(CONVICTED)}`)).body.items
  assert.ok(seen.some((o) => o.id === officials.convicted.id), 'the official is in hr_staff’s scope')

  // A criminal conviction through the court's clerk: it bars promotion for good.
  const clerk = await apiAs(server.baseURL, 'clerk')
  const judicial = await clerk.post('/records', {
    records: [{
      id_number: officials.convicted.idNumber, name: CONVICTED, source_ref: 'e2e-eligibility-1', category: 'judicial', code: 'jud_criminal',
      decision_date: daysAgo(40), document_no: DOCUMENT, authority: '云州市中级人民法院', summary: '经依法审理，作出刑事判决。',
    }],
  })
  assert.equal(judicial.status, 201, JSON.stringify(judicial.body))
  // The scoring runner takes the record in: its warning is raised once it has.
  const approver = await apiAs(server.baseURL, 'jw_approver')
  await waitForValue(async () => (await approver.get(`/warnings?official_id=${officials.convicted.id}&state=all`)).body.total > 0, true, 60_000)
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

/** The verdict row of the results table that names `name`. */
const resultRow = (page, name) => page.locator('[data-testid="results-table"] .el-table__body tr.result-row', { hasText: name })

test('hr_staff checks two candidates for promotion: verdicts, reasons, outcome, export, history and re-run', { timeout: 300_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session

  await logIn(page, 'hr_staff')
  const labels = await menuLabels(page)
  for (const label of ['发起审查', '审查记录', '结果运用']) assert.ok(labels.includes(label), `menu ${labels}`)
  await page.locator('[data-testid="menu-/eligibility"]').click()
  await waitForValue(() => new URL(page.url()).pathname, '/eligibility')

  // The purpose from the policy in force; the candidates pasted, one a line, counted as typed.
  await choose(page, '[data-testid="check-purpose"]', '提拔任用')
  await page.locator('[data-testid="check-candidates"]').fill(`${officials.clean.idNumber}\n${officials.convicted.idNumber}\n`)
  assert.equal((await page.locator('[data-testid="check-count"]').textContent())?.trim(), '已识别 2 名人选（身份证号码 2 个，人员编号 0 个）')
  await screenshot(page, '80-hr-eligibility-form')
  await page.locator('[data-testid="check-submit"]').click()

  const rows = page.locator('[data-testid="results-table"] .el-table__body tr.result-row')
  await waitForValue(() => rows.count(), 2, 15_000)
  const convicted = resultRow(page, CONVICTED)
  assert.equal((await convicted.locator('[data-testid="result-verdict"]').textContent())?.trim(), '不符合')
  assert.match((await convicted.textContent()) ?? '', /受过刑事处罚/)
  assert.equal((await convicted.locator('[data-testid="result-eligible-from"]').textContent())?.trim(), '无法确定')
  assert.match((await convicted.getAttribute('class')) ?? '', /verdict-ineligible/)
  const clean = resultRow(page, CLEAN)
  assert.equal((await clean.locator('[data-testid="result-verdict"]').textContent())?.trim(), '符合')
  assert.match((await page.locator('[data-testid="verdict-filter"]').textContent()) ?? '', /符合 1.*不符合|不符合 1/)
  assert.doesNotMatch((await page.locator('#app').textContent()) ?? '', FULL_ID, 'ID numbers are shown masked only')
  await page.locator('[data-testid="verdict-chart"] canvas').waitFor()

  // The reasons in words: the reason, the record by category and code, the day, 长期.
  await convicted.locator('.el-table__expand-icon').click()
  const reasons = page.locator('[data-testid="reason-table"] .el-table__body tr')
  await reasons.first().waitFor()
  const cells = (await reasons.first().locator('td').allTextContents()).map((text) => text.trim())
  assert.deepEqual(cells.slice(1, 4), ['司法 · 刑事判决', daysAgo(40), '长期'])
  assert.equal((await reasons.first().locator('[data-testid="reason-label"]').textContent())?.trim(), '受过刑事处罚')
  assert.match((await reasons.first().locator('[data-testid="reason-source"]').textContent()) ?? '', /^依据：《公务员法》\(2018\) 第26条/)
  assert.equal((await page.locator('[data-testid="result-eligible-from-words"]').textContent())?.trim(), '存在长期或尚未结束的限制，无法确定最早符合日期')
  await settled(page) // the ring animates in
  await screenshot(page, '81-hr-eligibility-results')

  // What was done with the verdict.
  await convicted.locator('[data-testid="result-record-outcome"]').click()
  const dialog = page.locator('[data-testid="outcome-dialog"]')
  await dialog.waitFor()
  await choose(page, '[data-testid="outcome-select"]', '暂缓提拔')
  await dialog.locator('[data-testid="outcome-note"]').fill('经党委会研究，暂缓提拔')
  await dialog.locator('[data-testid="outcome-save"]').click()
  await page.locator('.el-message--success', { hasText: '处理结果已记录' }).waitFor()
  await waitForValue(async () => (await convicted.locator('[data-testid="result-outcome"]').textContent())?.trim(), '暂缓提拔')

  // The workbook from the server, with the bearer token.
  const download = page.waitForEvent('download')
  await page.locator('[data-testid="check-export"]').click()
  const file = await download
  assert.match(file.suggestedFilename(), /\.xlsx$/)
  assert.ok((await stat(await file.path())).size > 1_000, 'the workbook has content')

  // The history holds the check; opened, it re-runs to the same result.
  await page.locator('[data-testid="menu-/eligibility/history"]').click()
  const history = page.locator('[data-testid="history-table"] .el-table__body tr')
  await history.first().waitFor()
  assert.match((await history.first().textContent()) ?? '', /提拔任用.*粘贴名单.*2 人.*不符合 1/)
  await history.first().locator('[data-testid^="history-open-"]').click()
  await page.locator('[data-testid="check-detail-page"]').waitFor()
  await waitForValue(() => rows.count(), 2)
  assert.equal((await resultRow(page, CONVICTED).locator('[data-testid="result-outcome"]').textContent())?.trim(), '暂缓提拔')
  await page.locator('[data-testid="check-rerun"]').click()
  const same = page.locator('[data-testid="rerun-same"]')
  await same.waitFor()
  assert.match((await same.textContent()) ?? '', /结果一致：2 名人选的结论、原因和日期与原审查相同/)
  assert.match((await page.locator('[data-testid="rerun-digest"]').textContent()) ?? '', /输入摘要一致/)
  await screenshot(page, '82-hr-eligibility-rerun')

  // The outcomes report counts it.
  await page.locator('[data-testid="menu-/eligibility/outcomes"]').click()
  const report = page.locator('[data-testid="outcomes-table"] .el-table__body tr')
  await report.first().waitFor()
  assert.match((await page.locator('[data-testid="outcomes-total"]').textContent()) ?? '', /共记录 1 项处理结果/)
  const headers = (await page.locator('[data-testid="outcomes-table"] .el-table__header th').allTextContents()).map((text) => text.trim())
  const line = (await report.first().locator('td').allTextContents()).map((text) => text.trim())
  assert.equal(line[0], '提拔任用')
  assert.equal(line[1], '不符合')
  assert.equal(line[headers.indexOf('暂缓提拔')], '1')
  await page.locator('[data-testid="outcomes-chart"] canvas').waitFor()
  await settled(page) // the bars animate in
  await screenshot(page, '83-hr-eligibility-outcomes')

  session.assertNoProblems()
})

test('hr_staff uploads a candidate list: a bad row is refused by its number, the corrected list is checked', { timeout: 240_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session
  const bad = path.join(tmp, 'bad.csv')
  const good = path.join(tmp, 'good.csv')
  const wrongCheck = officials.clean.idNumber.slice(0, 17) + (officials.clean.idNumber.endsWith('0') ? '1' : '0')
  await writeFile(bad, `姓名,身份证号码\n${CONVICTED},${officials.convicted.idNumber}\n${CLEAN},${wrongCheck}\n`)
  await writeFile(good, `姓名,身份证号码\n${CONVICTED},${officials.convicted.idNumber}\n${CLEAN},${officials.clean.idNumber}\n`)

  await logIn(page, 'hr_staff', { path: '/login?redirect=/eligibility' })
  await choose(page, '[data-testid="check-purpose"]', '晋升职级')
  await page.locator('#tab-file').click()
  await page.locator('[data-testid="check-upload"] input[type="file"]').setInputFiles(bad)
  await page.locator('[data-testid="check-submit"]').click()
  const line = page.locator('[data-testid="check-error-line"]')
  await line.first().waitFor()
  assert.match((await line.first().textContent()) ?? '', /^文件第 3 行（身份证号码）：/)
  await screenshot(page, '84-hr-eligibility-upload-error')

  await page.locator('[data-testid="check-upload"] input[type="file"]').setInputFiles(good)
  await page.locator('[data-testid="check-submit"]').click()
  const rows = page.locator('[data-testid="results-table"] .el-table__body tr.result-row')
  await waitForValue(() => rows.count(), 2, 15_000)
  assert.equal((await resultRow(page, CONVICTED).locator('[data-testid="result-verdict"]').textContent())?.trim(), '不符合')
  assert.equal((await resultRow(page, CLEAN).locator('[data-testid="result-verdict"]').textContent())?.trim(), '符合')
  assert.match((await page.locator('[data-testid="check-summary"]').textContent()) ?? '', /上传文件 good\.csv/)
  assert.equal((await page.locator('[data-testid="check-purpose"]').last().textContent())?.trim(), '晋升职级')

  session.assertNoProblems(EXPECTED_HTTP)
})

test('a security administrator drafts the eligibility policy, meets an error on its bar row, fixes it and publishes', { timeout: 300_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session

  await logIn(page, 'security')
  await page.locator('[data-testid="menu-/admin/policies/eligibility"]').click()
  const versions = page.locator('[data-testid="policy-versions"] .el-table__body tr')
  // The editor is a large page (every purpose's bars): on a loaded machine
  // its first layout took 8 to 18 s, so this wait allows a minute.
  await versions.first().waitFor({ timeout: 60_000 })
  assert.match((await versions.first().textContent()) ?? '', /第 1 版.*现行/)
  assert.match((await page.locator('[data-testid="policy-readonly"]').textContent()) ?? '', /不可修改/)

  await page.locator('[data-testid="policy-new-draft"]').click()
  await page.locator('[data-testid="policy-status"]', { hasText: '草稿' }).waitFor()
  await waitForValue(() => versions.count(), 2)

  // Combined sanctions may run 36 months at most; and promotion's first bar
  // (sanctions, by their influence period) gets a code that has none.
  const combined = page.locator('[data-testid="policy-max-combined"] input')
  await combined.fill('36')
  await combined.press('Tab')
  await page.locator('[data-testid="purpose-0"] .el-collapse-item__header').click()
  const bar = page.locator('tr.bar-0-0')
  await bar.waitFor()
  await page.locator('[data-testid="bar-codes-0-0"]').click()
  await page.keyboard.type('醉驾')
  await page.locator('.el-select-dropdown__item:visible', { hasText: /^交通违法 · 醉驾$/ }).click()
  await page.keyboard.press('Escape')
  await page.locator('[data-testid="policy-save"]').click()

  await page.locator('[data-testid="policy-errors"]').waitFor()
  const barError = bar.locator('.el-form-item__error')
  await barError.waitFor()
  assert.equal((await barError.textContent())?.trim(), 'code tr_drunk_driving has no influence period in periods')
  assert.match((await bar.getAttribute('class')) ?? '', /has-error/)
  assert.match((await page.locator('[data-testid="policy-error"]').first().textContent()) ?? '', /用途“提拔任用”第 1 条限制 · 限制期限：code tr_drunk_driving has no influence period/)
  await bar.scrollIntoViewIfNeeded()
  await settled(page)
  await screenshot(page, '85-admin-eligibility-policy-error')

  // Fixed (the code taken out again), it saves and publishes.
  await page.locator('[data-testid="bar-codes-0-0"]').click()
  await page.keyboard.type('醉驾')
  await page.locator('.el-select-dropdown__item:visible', { hasText: /^交通违法 · 醉驾$/ }).click()
  await page.keyboard.press('Escape')
  await page.locator('[data-testid="policy-save"]').click()
  await page.locator('.el-message--success', { hasText: '第 2 版草稿已保存' }).waitFor()
  await page.locator('[data-testid="policy-errors"]').waitFor({ state: 'detached' })
  assert.equal(await combined.inputValue(), '36')

  await page.locator('[data-testid="policy-publish"]').click()
  const confirm = page.locator('.el-message-box')
  await confirm.waitFor()
  assert.match((await confirm.textContent()) ?? '', /发布第 2 版后立即生效，替换现行第 1 版/)
  await confirm.locator('.el-button--primary').click()
  // Publishing queues the recompute and re-renders the whole editor read-only:
  // on a loaded machine that alone has taken more than 15 s.
  await page.locator('[data-testid="policy-status"]', { hasText: '现行' }).waitFor({ timeout: 60_000 })
  await waitForValue(async () => /第 1 版.*已归档/.test((await versions.nth(1).textContent()) ?? ''), true, 60_000)
  assert.equal(await page.locator('[data-testid="policy-save"]').count(), 0, 'a published version is read-only')
  await screenshot(page, '86-admin-eligibility-policy-published')

  // hr_staff's checks now follow version 2.
  const hr = await apiAs(server.baseURL, 'hr_staff')
  assert.equal((await hr.get('/eligibility/purposes')).body.combining.during_period.max_months, 36)

  session.assertNoProblems(EXPECTED_HTTP)
})

test('an admin registers an API client and issues its key, shown once', { timeout: 240_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session

  await logIn(page, 'admin')
  await page.locator('[data-testid="menu-/admin/clients"]').click()
  await page.locator('[data-testid="clients-page"]').waitFor()
  await page.locator('[data-testid="client-create"]').click()
  const dialog = page.locator('[data-testid="client-dialog"]')
  await dialog.locator('[data-testid="client-name"]').fill('清江区干部管理系统')
  await dialog.locator('[data-testid="client-department"]').click()
  await page.locator('.el-tree-node__content:visible', { hasText: /^清江区$/ }).first().click()
  await waitForValue(async () => ((await dialog.locator('[data-testid="client-department"]').textContent()) ?? '').includes('清江区'), true)
  await dialog.locator('[data-testid="client-save"]').click()
  await dialog.waitFor({ state: 'hidden' })
  const row = page.locator('[data-testid="clients-table"] .el-table__body tr', { hasText: '清江区干部管理系统' })
  await row.waitFor()
  assert.match((await row.textContent()) ?? '', /清江区.*本部门及下级/)

  await row.locator('[data-testid="client-keys"]').click()
  const drawer = page.locator('[data-testid="client-keys-drawer"]')
  await drawer.locator('[data-testid="keys-table"]').waitFor()
  await drawer.locator('[data-testid="key-name"]').fill('生产环境')
  await drawer.locator('[data-testid="key-create"]').click()
  const secret = page.locator('[data-testid="secret-dialog"]')
  await secret.waitFor()
  const key = await secret.locator('[data-testid="secret-value"]').inputValue()
  assert.match(key, /^ipk_/)
  await settled(page)
  await screenshot(page, '87-admin-client-key')
  await secret.getByRole('button', { name: '完成' }).click()
  await secret.waitFor({ state: 'hidden' })
  await drawer.locator('[data-testid="key-prefix"]').first().waitFor()
  assert.equal(await secret.locator('[data-testid="secret-value"]').inputValue(), '', 'the key is gone from the dialog')
  assert.ok(!((await page.content()).includes(key)), 'the key is not on the page any more')

  // The key works as X-API-Key for the client's own eligibility calls.
  const purposes = await fetch(`${server.baseURL}/api/v1/eligibility/purposes`, { headers: { 'X-API-Key': key } })
  assert.equal(purposes.status, 200)

  session.assertNoProblems()
})
