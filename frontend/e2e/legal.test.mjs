// Lawful verdicts in the browser. A party 严重警告 and a government 记大过 for
// one act, both effective two months ago (same act reference), are on an
// official's file. The personnel officer checks the official for promotion:
// one reason, barring until 18 months after the effective date (the two run
// side by side; the longer effect governs, never the sum), naming the other
// record of the act and the rule's legal source.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { apiAs, idNumber } from './support/api.mjs'
import { launchBrowser, openPage, screenshot, waitForValue } from './support/browser.mjs'
import { DEMO_PASSWORD, logIn } from './support/login.mjs'
import { startServer } from './support/server.mjs'

const NAME = '钱同案'
const ACT = '云纪案〔2026〕15号'
/** A slow machine: every wait is generous. */
const WAIT = 30_000

/** YYYY-MM-DD of a UTC date. */
const iso = (date) => date.toISOString().slice(0, 10)

/** The day `n` months after `day` (YYYY-MM-DD): the same day number, or the last day of a shorter month, as the server counts. */
function addMonths(day, n) {
  const [y, m, d] = day.split('-').map(Number)
  const first = new Date(Date.UTC(y, m - 1 + n, 1))
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate()
  return iso(new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, last))))
}

/** What a person reads: rendered text, white space folded. */
const text = async (locator) => ((await locator.innerText()) ?? '').replace(/\s+/g, ' ').trim()

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server
/** @type {import('playwright-core').Browser} */
let browser
const official = { id: 0, idNumber: '' }
const effective = iso(new Date(Date.now() - 60 * 86_400_000))
const records = { party: 0, gov: 0 }

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
  const admin = await apiAs(server.baseURL, 'admin')
  const bureau = (await admin.get('/departments')).body.items.find((d) => d.code === 'yz-qj-edu')
  assert.ok(bureau, 'the demo has 清江区教育局')
  for (const birth of ['19800411', '19800412', '19800413']) {
    const candidate = idNumber('320102', birth, '513')
    const created = await admin.post('/officials', {
      department_id: bureau.id, name: NAME, id_number: candidate, post: '科长', job_rank: '一级主任科员', category: 'civil_servant',
    })
    if (created.status === 201) {
      Object.assign(official, { id: created.body.id, idNumber: candidate })
      break
    }
    assert.equal(created.status, 409, JSON.stringify(created.body))
  }
  assert.ok(official.id, `registered ${NAME}`)

  // The demo clerk's source records the commission's decisions here.
  const court = (await admin.get('/sources')).body.items.find((s) => s.code === 'court')
  const widened = await patchAs('admin', `/sources/${court.id}`, { categories: [...court.categories, 'gov_sanction', 'party_sanction'] })
  assert.equal(widened.status, 200, JSON.stringify(widened.body))
  const clerk = await apiAs(server.baseURL, 'clerk')
  const submitted = await clerk.post('/records', {
    records: [
      { id_number: official.idNumber, source_ref: 'e2e-act-party', category: 'party_sanction', code: 'party_serious_warning',
        decision_date: effective, effective_date: effective, act_ref: ACT, document_no: '云纪党处〔2026〕15号', authority: '云州市纪委' },
      { id_number: official.idNumber, source_ref: 'e2e-act-gov', category: 'gov_sanction', code: 'gov_major_demerit',
        decision_date: effective, effective_date: effective, act_ref: ACT, document_no: '云监政处〔2026〕15号', authority: '云州市监委' },
    ],
  })
  assert.equal(submitted.status, 201, JSON.stringify(submitted.body))
  records.party = submitted.body.results[0].id
  records.gov = submitted.body.results[1].id
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('a candidate with a party and a government sanction for one act: one reason, 18 months from the effective date', { timeout: 360_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session
  page.setDefaultTimeout(WAIT)
  const until = addMonths(effective, 18)

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
  assert.equal(await text(row.locator('[data-testid="result-verdict"]')), '不符合')
  assert.equal(await text(row.locator('[data-testid="result-eligible-from"]')), until)

  await row.locator('.el-table__expand-icon').click()
  const reasons = page.locator('[data-testid="reason-table"] .el-table__body tr')
  await reasons.first().waitFor()
  assert.equal(await reasons.count(), 1, 'one reason for the act, not one per record')
  const reason = reasons.first()
  assert.equal(await text(reason.locator('[data-testid="reason-label"]')), '处分、诫勉或组织处理影响期内')
  assert.equal(await text(reason.locator('[data-testid="reason-until"]')), `至 ${until}（当日起解除）`)
  const governing = (await text(reason)).includes('党纪处分') ? records.gov : records.party
  assert.equal(await text(reason.locator('[data-testid="reason-linked"]')), `与同一行为的记录 #${governing} 并行，按影响期长的执行`)
  assert.match(await text(reason.locator('[data-testid="reason-source"]')), /^依据：《党政领导干部选拔任用工作条例》\(2019\) 第26条/)
  assert.equal(await text(page.locator('[data-testid="result-eligible-from-words"]')), `最早可于 ${until} 起符合条件`)
  await reason.scrollIntoViewIfNeeded()
  await screenshot(page, 'l0-hr-one-act-one-reason')

  session.assertNoProblems()
})
