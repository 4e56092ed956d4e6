// Every role's home page against the real server, with work waiting for
// each (made beforehand through the API, as others would make it): the
// official disputes a court record, 组织部 asks for integrity opinions and
// 纪委 staff draft the reply, the administrator proposes a role that needs
// a security administrator's approval. hr_staff, clerk, auditor, security,
// jw_approver and official each land on their home page, find the work in
// its to-do block and follow the link to where it is done; the auditor
// finds the audit chain's last verification and verifies it again. The official's
// own file carries the watermark, on screen and in print.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { apiAs } from './support/api.mjs'
import { launchBrowser, openPage, screenshot, waitForValue } from './support/browser.mjs'
import { logIn } from './support/login.mjs'
import { startServer } from './support/server.mjs'

const DOCUMENT = '清组函〔2026〕77号'
const NEW_USER = 'e2e_home_jw'

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server
/** @type {import('playwright-core').Browser} */
let browser
/** What the work was about: the disputed record's official. */
const made = { officialName: '' }

/** What a person reads: rendered text, white space folded. */
const text = async (locator) => ((await locator.innerText()) ?? '').replace(/\s+/g, ' ').trim()

before(async () => {
  server = await startServer()
  browser = await launchBrowser()

  // The official disputes the court record (the demo clerk's source).
  const official = await apiAs(server.baseURL, 'official')
  const file = (await official.get('/me/file')).body
  made.officialName = file.official.name
  const court = file.categories.flatMap((category) => category.records).find((record) => record.source_name === '云州市中级人民法院')
  assert.ok(court, 'the demo official has a court record')
  const disputed = await official.post('/disputes', { record_id: court.id, ground: 'wrong_content', reason: '判决已经再审改判，原记录应予更正。' })
  assert.equal(disputed.status, 201, JSON.stringify(disputed.body))

  // 组织部 asks for integrity opinions on two officials of its district; 纪委 staff draft the reply.
  const hr = await apiAs(server.baseURL, 'hr_staff')
  const purpose = (await hr.get('/opinions/config')).body.purposes[0].key
  const officials = (await hr.get('/officials?page_size=2')).body.items
  const asked = await hr.post('/opinions', { purpose, document_no: DOCUMENT, official_ids: officials.map((o) => o.id) })
  assert.equal(asked.status, 201, JSON.stringify(asked.body))
  const staff = await apiAs(server.baseURL, 'jw_staff')
  const drafted = await staff.post(`/opinions/${asked.body.request.id}/draft`, {})
  assert.equal(drafted.status, 200, JSON.stringify(drafted.body))

  // The administrator creates an account with a role that opens files: it waits for a security administrator.
  const admin = await apiAs(server.baseURL, 'admin')
  const created = await admin.post('/users', { username: NEW_USER, display_name: '新任纪检干部', grants: [{ role: 'discipline_staff', scope: 'all' }] })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  assert.ok(created.body.grant_request, 'the role waits for approval')
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

/**
 * Signs `username` in, waits for their home page at `home` and its to-do
 * tile `key` to read `count`, and hands back the page and the tile.
 */
async function homeOf(t, username, home, key, count) {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session
  await logIn(page, username)
  await waitForValue(() => new URL(page.url()).pathname, home)
  const card = page.locator('[data-testid="todo-card"]')
  await card.waitFor()
  await waitForValue(async () => text(card.locator(`[data-testid="todo-${key}-count"]`)), count, 20_000)
  return { session, page, card, tile: card.locator(`[data-testid="todo-${key}"]`) }
}

test('hr_staff finds the request awaiting the reply on the home page and opens the list of requests', { timeout: 240_000 }, async (t) => {
  const { session, page, card, tile } = await homeOf(t, 'hr_staff', '/', 'opinionsAwaitingReply', '1')
  assert.match(await text(tile), /我发出待回复的廉政意见征询/)
  await card.locator('[data-testid="todo-shortcut-eligibility-check"]').waitFor()
  await screenshot(page, 'h1-home-hr-staff')
  await tile.click()
  await waitForValue(() => new URL(page.url()).pathname, '/opinions')
  const row = page.locator('[data-testid="opinions-table"] .el-table__body-wrapper tr', { hasText: DOCUMENT })
  await row.waitFor()
  assert.match(await text(row.locator('[data-testid="opinion-state"]')), /已拟稿/)
  session.assertNoProblems()
})

test('the clerk finds the dispute of the source to decide and opens the queue', { timeout: 240_000 }, async (t) => {
  const { session, page, card, tile } = await homeOf(t, 'clerk', '/', 'disputesOpen', '1')
  assert.equal(await text(card.locator('[data-testid="todo-repairsPending-count"]')), '0')
  await card.locator('[data-testid="todo-shortcut-records-import"]').waitFor()
  await screenshot(page, 'h2-home-clerk')
  await tile.click()
  await waitForValue(() => new URL(page.url()).pathname, '/disputes')
  const row = page.locator('[data-testid="dispute-queue"] .el-table__body-wrapper tr', { hasText: made.officialName }).first()
  await row.waitFor()
  assert.match(await text(row), /处理中/)
  session.assertNoProblems()
})

test('the auditor sees the audit chain’s last verification, verifies it now, and opens today’s entries', { timeout: 240_000 }, async (t) => {
  // An earlier check of the chain, as the auditor made it yesterday.
  const earlier = await (await apiAs(server.baseURL, 'auditor')).get('/audit/verify')
  assert.equal(earlier.status, 200, JSON.stringify(earlier.body))
  assert.equal(earlier.body.ok, true)

  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session
  /** The calls that check the whole chain (not the read of the last check). */
  const checks = []
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/v1/audit/verify') checks.push(request.url())
  })
  await logIn(page, 'auditor')
  await waitForValue(() => new URL(page.url()).pathname, '/')
  const chain = page.locator('[data-testid="chain-card"]')
  const said = (id) => text(chain.locator(`[data-testid="${id}"]`))
  await waitForValue(() => chain.locator('[data-testid="chain-status"]').count(), 1)
  assert.equal(await said('chain-status'), '完整')
  assert.equal(await said('chain-by'), 'auditor')
  assert.match(await said('chain-at'), /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}$/)
  assert.equal(await said('chain-checked'), earlier.body.checked.toLocaleString('en-US'))
  const card = page.locator('[data-testid="todo-card"]')
  const today = card.locator('[data-testid="todo-auditToday-count"]')
  await waitForValue(async () => /^[1-9][\d,]*$/.test(await text(today)), true)
  await page.locator('[data-testid="welcome-card"]').waitFor() // the generic home beside it
  assert.deepEqual(checks, [], 'opening the home page checks nothing')
  await screenshot(page, 'h3-home-auditor')

  // Verify now: the whole chain, with the entries written since (sign-in, the reads) — then that check is the last.
  await chain.locator('[data-testid="chain-verify"]').click()
  await waitForValue(async () => Number((await said('chain-checked')).replace(/,/g, '')) > earlier.body.checked, true, 20_000)
  assert.equal(await said('chain-status'), '完整')
  assert.equal(checks.length, 1)

  await card.locator('[data-testid="todo-auditToday"]').click()
  await waitForValue(() => new URL(page.url()).pathname, '/audit')
  await page.locator('[data-testid="audit-page"] .el-table__body-wrapper tr').first().waitFor()
  session.assertNoProblems()
})

test('security finds the grant request awaiting approval and the accounts awaiting activation, and opens each', { timeout: 240_000 }, async (t) => {
  const { session, page, card, tile } = await homeOf(t, 'security', '/', 'grantRequests', '1')
  const awaiting = card.locator('[data-testid="todo-usersAwaitingActivation-count"]')
  await waitForValue(async () => /^[1-9]\d*$/.test(await text(awaiting)), true)
  const count = Number(await text(awaiting))
  await screenshot(page, 'h4-home-security')
  await tile.click()
  await waitForValue(() => new URL(page.url()).pathname, '/admin/grant-requests')
  await page.locator('[data-testid="grant-requests-table"] .el-table__body-wrapper tr', { hasText: NEW_USER }).first().waitFor()

  // The accounts awaiting activation: the users page shows just those.
  await page.goBack()
  await card.locator('[data-testid="todo-usersAwaitingActivation"]').click()
  await waitForValue(() => new URL(page.url()).pathname + new URL(page.url()).search, '/admin/users?state=awaiting_activation')
  const rows = page.locator('[data-testid="users-table"] .el-table__body-wrapper tr')
  await rows.filter({ hasText: NEW_USER }).first().waitFor()
  assert.equal(await rows.count(), count)
  assert.equal(await page.locator('[data-testid="users-table"] [data-testid="user-awaiting-activation"]').count(), count)
  session.assertNoProblems()
})

test('jw_approver finds the reply to sign on the dashboard and opens the drafted requests', { timeout: 240_000 }, async (t) => {
  const { session, page, tile } = await homeOf(t, 'jw_approver', '/discipline', 'opinionsDrafted', '1')
  await screenshot(page, 'h5-home-jw-approver')
  await tile.click()
  await waitForValue(() => new URL(page.url()).pathname + new URL(page.url()).search, '/opinions?state=drafted')
  const row = page.locator('[data-testid="opinions-table"] .el-table__body-wrapper tr', { hasText: DOCUMENT })
  await row.waitFor()
  await page.locator('[data-testid="opinion-link"]', { hasText: DOCUMENT }).click()
  await page.locator('[data-testid="opinion-sign"]').waitFor()
  session.assertNoProblems()
})

test('the official finds the dispute under way beside their file, with the watermark on screen and in print, and opens their cases', { timeout: 240_000 }, async (t) => {
  const { session, page, tile } = await homeOf(t, 'official', '/me', 'myDisputes', '1')
  await page.locator('[data-testid="me-file-section"]').first().waitFor()

  // The watermark: the viewer and the time, over the page, taking no clicks.
  const mark = page.locator('[data-testid="watermark"]')
  const said = await mark.getAttribute('data-watermark')
  assert.match(said ?? '', /^公职人员本人 official \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
  const look = () =>
    mark.evaluate((element) => {
      const style = getComputedStyle(element)
      const box = element.getBoundingClientRect()
      return { display: style.display, position: style.position, events: style.pointerEvents, image: style.backgroundImage.slice(0, 30), covers: box.width >= 1000 && box.height >= 800 }
    })
  const onScreen = { display: 'block', position: 'fixed', events: 'none', image: 'url("data:image/svg+xml;charse', covers: true }
  assert.deepEqual(await look(), onScreen)
  assert.equal(await mark.getAttribute('aria-hidden'), 'true')
  await page.emulateMedia({ media: 'print' })
  await waitForValue(async () => (await look()).display, 'block')
  assert.deepEqual(await look(), onScreen)
  await page.emulateMedia({ media: 'screen' })
  await screenshot(page, 'h6-home-official')

  await tile.click()
  await waitForValue(() => new URL(page.url()).pathname, '/me/cases')
  const mine = page.locator('[data-testid="me-case-dispute"]').first()
  await mine.waitFor()
  assert.match(await text(mine.locator('[data-testid="case-state"]')), /处理中/)
  session.assertNoProblems()
})
