// Review and appeal of a sanction against the real server. A government
// 记大过 is on an official's file (hr_staff's district), submitted through the
// API by the demo clerk's source, effective three months ago: a promotion
// check says ineligible. The clerk files a 复核 (recheck) in the UI; while it
// is open the sanction keeps barring, so the verdict stays ineligible (never
// needs_review). The clerk records the outcome 撤销 (revoked) in the UI, and
// the personnel officer, checking the official for promotion on the
// eligibility page, now sees 符合.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { apiAs, idNumber } from './support/api.mjs'
import { launchBrowser, openPage, screenshot, settled, waitForValue } from './support/browser.mjs'
import { DEMO_PASSWORD, logIn, menuLabels } from './support/login.mjs'
import { startServer } from './support/server.mjs'

const NAME = '孙复核'
const DOCUMENT = '云监处〔2026〕88号'
const RECHECK_AUTHORITY = '云州市人民政府'
const REASON = '当事人认为认定事实不清，处分过重，申请复核。'
const REVOKED_DOCUMENT = '云政复〔2026〕8号'
/** A slow machine: every wait is generous. */
const WAIT = 30_000

/** YYYY-MM-DD, `days` days before today. */
const daysAgo = (days) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10)

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server
/** @type {import('playwright-core').Browser} */
let browser
/** The official and the sanction on their file. */
const official = { id: 0, idNumber: '', recordId: 0 }

/** What a person reads: rendered text, white space folded. */
const text = async (locator) => ((await locator.innerText()) ?? '').replace(/\s+/g, ' ').trim()

/** The verdict of a promotion check of the official, through the API, as hr_staff. */
async function promotionVerdict() {
  const hr = await apiAs(server.baseURL, 'hr_staff')
  const check = await hr.post('/eligibility/checks', { purpose: 'promotion', official_ids: [official.id] })
  assert.equal(check.status, 201, JSON.stringify(check.body))
  return check.body.results[0]
}

/** Registers the official in `departmentId` under a synthetic ID number nobody holds yet. */
async function register(admin, departmentId) {
  for (const birth of ['19790305', '19790306', '19790307']) {
    const candidate = idNumber('320102', birth, '357')
    const created = await admin.post('/officials', {
      department_id: departmentId, name: NAME, id_number: candidate, post: '科长', job_rank: '一级主任科员', category: 'civil_servant',
    })
    if (created.status === 201) return { id: created.body.id, idNumber: candidate }
    assert.equal(created.status, 409, JSON.stringify(created.body))
  }
  throw new Error(`could not register ${NAME}`)
}

/** PATCH as `username` (the small API client speaks GET and POST only). */
async function patchAs(username, path, body) {
  const login = await fetch(`${server.baseURL}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  })
  const { access_token: token } = await login.json()
  const response = await fetch(`${server.baseURL}/api/v1${path}`, {
    method: 'PATCH',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: response.status, body: await response.json() }
}

before(async () => {
  server = await startServer()
  browser = await launchBrowser()

  // hr_staff sees 清江区 and below: the official works in its education bureau.
  const admin = await apiAs(server.baseURL, 'admin')
  const bureau = (await admin.get('/departments')).body.items.find((d) => d.code === 'yz-qj-edu')
  assert.ok(bureau, 'the demo has 清江区教育局')
  Object.assign(official, await register(admin, bureau.id))

  // The demo clerk's source (the court) may submit government sanctions too,
  // as a discipline commission's case system does.
  const court = (await admin.get('/sources')).body.items.find((s) => s.code === 'court')
  assert.ok(court, 'the demo has the court source')
  const widened = await patchAs('admin', `/sources/${court.id}`, { categories: [...court.categories, 'gov_sanction'] })
  assert.equal(widened.status, 200, JSON.stringify(widened.body))

  // A 记大过 (18 months), decided and effective three months ago.
  const clerk = await apiAs(server.baseURL, 'clerk')
  const decided = daysAgo(90)
  const submitted = await clerk.post('/records', {
    records: [{
      id_number: official.idNumber, name: NAME, source_ref: 'e2e-appeal-1', category: 'gov_sanction', code: 'gov_major_demerit',
      decision_date: decided, effective_date: decided, document_no: DOCUMENT, authority: '云州市监察委员会',
      summary: '在履行职责中违规审批项目，给予记大过处分。',
    }],
  })
  assert.equal(submitted.status, 201, JSON.stringify(submitted.body))
  official.recordId = submitted.body.results[0].id

  const verdict = await promotionVerdict()
  assert.equal(verdict.verdict, 'ineligible', JSON.stringify(verdict))
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('the clerk files a 复核 of the 记大过: the sanction keeps barring; the clerk records 撤销', { timeout: 360_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session
  page.setDefaultTimeout(WAIT)

  await logIn(page, 'clerk')
  assert.ok((await menuLabels(page)).includes('复审复核申诉'), 'the clerk’s menu has the appeals page')
  await page.locator('[data-testid="menu-/appeals"]').click()
  await waitForValue(() => new URL(page.url()).pathname, '/appeals', WAIT)
  assert.match(await text(page.locator('[data-testid="appeal-in-force"]')), /不停止原处分的执行/)

  // Register the 复核: the record found by its number.
  await page.locator('[data-testid="appeal-file"]').click()
  const dialog = page.locator('[data-testid="appeal-file-dialog"]')
  await dialog.locator('[data-testid="appeal-record-id"]').fill(String(official.recordId))
  await dialog.locator('[data-testid="appeal-record-find"]').click()
  const facts = dialog.locator('[data-testid="appeal-record-facts"]')
  await facts.waitFor()
  assert.match(await text(facts), new RegExp(`${NAME}.*政务处分 · 记大过`))
  assert.match(await text(facts), /云监处〔2026〕88号/)
  await dialog.locator('.el-radio-button', { hasText: '复核' }).click()
  await dialog.locator('.el-radio-button.is-active', { hasText: '复核' }).waitFor()
  await dialog.locator('[data-testid="appeal-authority"]').fill(RECHECK_AUTHORITY)
  await dialog.locator('[data-testid="appeal-reason"]').fill(REASON)
  await settled(page)
  await screenshot(page, 'a0-clerk-appeal-file')
  const filed = page.waitForResponse((r) => r.url().endsWith('/api/v1/appeals') && r.request().method() === 'POST', { timeout: WAIT })
  await dialog.locator('[data-testid="appeal-file-submit"]').click()
  assert.equal((await filed).status(), 201)
  await dialog.waitFor({ state: 'hidden' })

  const row = page.locator('[data-testid="appeals-table"] .el-table__body-wrapper tr', { hasText: NAME }).first()
  await row.waitFor()
  assert.equal(await text(row.locator('[data-testid="appeal-state"]')), '办理中')
  assert.equal(await text(row.locator('[data-testid="appeal-kind-cell"]')), '复核')
  assert.match(await text(row.locator('[data-testid="appeal-due"]')), /^\d{4}-\d{2}-\d{2}$/)
  await screenshot(page, 'a1-clerk-appeal-open')

  // The kind filter: no 复审 of the record, one 复核.
  const pickKind = async (label) => {
    const listed = page.waitForResponse((r) => r.url().includes('/api/v1/appeals?') && r.url().includes('kind='), { timeout: WAIT })
    await page.locator('[data-testid="appeals-kind"]').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: new RegExp(`^${label}$`) }).click()
    assert.equal((await listed).status(), 200)
  }
  await pickKind('复审')
  await waitForValue(() => row.count(), 0, WAIT)
  await pickKind('复核')
  await row.waitFor()

  // While it runs the sanction bars: still ineligible, never needs_review.
  const meanwhile = await promotionVerdict()
  assert.equal(meanwhile.verdict, 'ineligible', JSON.stringify(meanwhile))
  assert.ok(meanwhile.reasons.some((reason) => reason.record_id === official.recordId), JSON.stringify(meanwhile.reasons))

  // The authority revokes the sanction: the clerk records it.
  await row.locator('[data-testid="appeal-decide"]').click()
  const decide = page.locator('[data-testid="appeal-decide-dialog"]')
  await decide.locator('.el-radio-button', { hasText: '撤销' }).click()
  await decide.locator('.el-radio-button.is-active', { hasText: '撤销' }).waitFor()
  assert.match(await text(decide.locator('[data-testid="appeal-outcome-hint"]')), /视为自始未受处分/)
  await decide.locator('[data-testid="appeal-document-no"]').fill(REVOKED_DOCUMENT)
  await decide.locator('[data-testid="appeal-note"]').fill('经复核，原处分认定事实不清，决定撤销。')
  await settled(page)
  await screenshot(page, 'a2-clerk-appeal-decide')
  const decided = page.waitForResponse((r) => /\/api\/v1\/appeals\/\d+\/decide$/.test(r.url()), { timeout: WAIT })
  await decide.locator('[data-testid="appeal-decide-confirm"]').click()
  assert.equal((await decided).status(), 200)
  await decide.waitFor({ state: 'hidden' })
  await waitForValue(async () => text(row.locator('[data-testid="appeal-state"]')), '撤销处分', WAIT)
  assert.match(await text(row.locator('[data-testid="appeal-outcome-cell"]')), new RegExp(`撤销处分（\\d{4}-\\d{2}-\\d{2}） · 文号 ${REVOKED_DOCUMENT}`))
  assert.equal(await row.locator('[data-testid="appeal-decide"]').count(), 0, 'decided: no more actions')
  await screenshot(page, 'a3-clerk-appeal-revoked')

  session.assertNoProblems()
})

test('the personnel officer now finds the official eligible for promotion', { timeout: 300_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session
  page.setDefaultTimeout(WAIT)

  await logIn(page, 'hr_staff', { path: '/login?redirect=/eligibility' })
  await waitForValue(() => new URL(page.url()).pathname, '/eligibility', WAIT)
  await page.locator('[data-testid="check-purpose"]').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: /^提拔任用$/ }).click()
  await page.locator('[data-testid="check-candidates"]').fill(`${official.idNumber}\n`)
  const checked = page.waitForResponse((r) => r.url().endsWith('/api/v1/eligibility/checks') && r.request().method() === 'POST', { timeout: WAIT })
  await page.locator('[data-testid="check-submit"]').click()
  assert.equal((await checked).status(), 201)

  const row = page.locator('[data-testid="results-table"] .el-table__body tr.result-row', { hasText: NAME })
  await row.waitFor()
  assert.equal(await text(row.locator('[data-testid="result-verdict"]')), '符合')
  assert.match((await row.getAttribute('class')) ?? '', /verdict-eligible/)
  await row.scrollIntoViewIfNeeded()
  await screenshot(page, 'a4-hr-eligible-after-revocation')

  session.assertNoProblems()
})
