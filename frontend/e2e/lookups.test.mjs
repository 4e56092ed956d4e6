// Approved lookups and warnings against the real server: an official with a
// criminal conviction (judicial, raising a serious-record warning) and a
// traffic violation; jw_staff asks to read their file (basic + judicial),
// jw_approver sees the request in the header badge and the queue and
// approves it narrowed to judicial; jw_staff is told without reloading,
// opens the file and sees the lookup banner counting down, the warnings
// banner, the judicial records and nothing else; jw_approver revokes it and
// the file is not found any more. Then the warnings page (acknowledge,
// resolve) and the dashboard's totals and charts.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { apiAs, idNumber } from './support/api.mjs'
import { launchBrowser, openPage, screenshot, settled, waitForValue } from './support/browser.mjs'
import { logIn, menuLabels } from './support/login.mjs'
import { startServer } from './support/server.mjs'

const NAME = '王查阅'
const DOCUMENT = '（2026）云01刑初66号'
const REASON = '核查群众举报线索，需了解其司法记录'
/** Chromium logs the expected 404 of the file after revocation as a console error. */
const EXPECTED_HTTP = /status of 404/
const daysAgo = (days) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10)

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server
/** @type {import('playwright-core').Browser} */
let browser
const official = { id: 0, idNumber: '' }

before(async () => {
  server = await startServer()
  browser = await launchBrowser()

  const admin = await apiAs(server.baseURL, 'admin')
  const department = (await admin.get('/departments')).body.items.find((d) => d.kind === 'bureau')
  for (const birth of ['19750101', '19750102', '19750103', '19750104']) {
    const candidate = idNumber('320102', birth, '321')
    const created = await admin.post('/officials', {
      department_id: department.id, name: NAME, id_number: candidate, post: '副科长', job_rank: '四级主任科员', category: 'civil_servant',
    })
    if (created.status === 201) {
      Object.assign(official, { id: created.body.id, idNumber: candidate })
      break
    }
    assert.equal(created.status, 409, JSON.stringify(created.body))
  }
  assert.ok(official.id > 0, 'an official was registered')

  // A serious record through the court's clerk: a criminal conviction a month ago.
  const clerk = await apiAs(server.baseURL, 'clerk')
  const judicial = await clerk.post('/records', {
    records: [{
      id_number: official.idNumber, name: NAME, source_ref: 'e2e-lookup-1', category: 'judicial', code: 'jud_criminal',
      decision_date: daysAgo(30), document_no: DOCUMENT, authority: '云州市中级人民法院', summary: '经依法审理，作出刑事判决。',
    }],
  })
  assert.equal(judicial.status, 201, JSON.stringify(judicial.body))

  // A record of another category (the traffic police's, through its API key) that a judicial lookup must not show.
  const sources = (await admin.get('/sources')).body.items
  const traffic = sources.find((source) => source.code === 'traffic_police')
  const key = await admin.post(`/sources/${traffic.id}/keys`, { name: 'e2e 查阅测试' })
  assert.equal(key.status, 201, JSON.stringify(key.body))
  const sent = await fetch(`${server.baseURL}/api/v1/records`, {
    method: 'POST',
    headers: { 'X-API-Key': key.body.key, 'Content-Type': 'application/json' },
    body: JSON.stringify({ records: [{ id_number: official.idNumber, name: NAME, source_ref: 'e2e-lookup-traffic', category: 'traffic', code: 'tr_points', decision_date: daysAgo(20) }] }),
  })
  assert.equal(sent.status, 201, await sent.text())

  // The scoring runner raises the warning within a few seconds.
  const approver = await apiAs(server.baseURL, 'jw_approver')
  await waitForValue(async () => {
    const warnings = (await approver.get(`/warnings?official_id=${official.id}`)).body.items ?? []
    return warnings.some((warning) => warning.rule === 'serious_record' && warning.state === 'open')
  }, true, 30_000)
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

/** Opens the el-select `trigger` and picks the option labelled `label`. */
async function choose(page, trigger, label) {
  await page.locator(trigger).click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: new RegExp(`^${label}`) }).first().click()
}

const text = async (locator) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim()

test('a lookup from request to approval, the gated file and revocation', { timeout: 360_000 }, async (t) => {
  const staff = await openPage(browser, server.baseURL)
  const approver = await openPage(browser, server.baseURL)
  t.after(() => Promise.all([staff.close(), approver.close()]))

  // Staff land on their dashboard and find the official in the registry.
  await logIn(staff.page, 'jw_staff')
  await waitForValue(() => new URL(staff.page.url()).pathname, '/discipline')
  const staffMenu = await menuLabels(staff.page)
  for (const label of ['纪检工作台', '公职人员', '申请查阅', '我的查阅', '预警提醒']) assert.ok(staffMenu.includes(label), `menu ${staffMenu}`)
  assert.ok(!staffMenu.includes('审批队列') && !staffMenu.includes('首页'), `menu ${staffMenu}`)

  await staff.page.locator('[data-testid="menu-/officials"]').click()
  await staff.page.locator('[data-testid="officials-name"]').fill(NAME)
  await staff.page.locator('[data-testid="officials-search"]').click()
  await staff.page.locator('[data-testid="officials-table"] .el-table__body tr', { hasText: NAME }).first().waitFor()
  await staff.page.locator('[data-testid="official-request-lookup"]:visible').first().click()
  await waitForValue(() => new URL(staff.page.url()).pathname, '/lookups/new')

  const form = staff.page.locator('[data-testid="lookup-request-page"]')
  await form.locator('[data-testid="lookup-official"]', { hasText: NAME }).waitFor()
  assert.match(await text(form.locator('[data-testid="lookup-official"]')), /3201\*{12}\d[\dX]/)
  await choose(staff.page, '[data-testid="lookup-purpose"]', '线索处置')
  await form.locator('[data-testid="lookup-reason"]').fill(REASON)
  await form.locator('[data-testid="lookup-legal-basis"]').fill('云纪线〔2026〕8号')
  await form.locator('[data-testid="lookup-module-basic"]').click()
  await form.locator('[data-testid="lookup-module-judicial"]').click()
  assert.match(await text(form.locator('[data-testid="lookup-module-property"]')), /敏感.*需两名审批人批准/)
  await screenshot(staff.page, '60-staff-lookup-request')
  await form.locator('[data-testid="lookup-submit"]').click()

  await waitForValue(() => new URL(staff.page.url()).pathname, '/lookups/mine')
  const myRow = staff.page.locator('[data-testid="my-lookups-table"] .el-table__body-wrapper tr', { hasText: NAME }).first()
  await myRow.waitFor()
  assert.match(await text(myRow), /线索处置.*基本信息.*司法信息.*待审批.*审批剩余 2 天 23:5\d:\d\d/)
  await screenshot(staff.page, '61-staff-my-lookups-pending')

  // The approver sees it in the header badge and in the queue.
  await logIn(approver.page, 'jw_approver')
  await waitForValue(() => new URL(approver.page.url()).pathname, '/discipline')
  const badge = approver.page.locator('[data-testid="inbox-badge"] .el-badge__content')
  await waitForValue(async () => (await badge.count()) > 0 && (await text(badge)), '1', 20_000)
  await waitForValue(async () => text(approver.page.locator('[data-testid="todo-lookupsAwaiting-count"]')), '1')
  await approver.page.locator('[data-testid="todo-lookupsAwaiting"]').click()
  await waitForValue(() => new URL(approver.page.url()).pathname, '/lookups/queue')
  const queueRow = approver.page.locator('[data-testid="queue-table"] .el-table__body-wrapper tr', { hasText: NAME }).first()
  await queueRow.waitFor()
  const queued = await text(queueRow)
  for (const part of ['jw_staff', '线索处置', REASON, '云纪线〔2026〕8号', '基本信息', '司法信息']) assert.ok(queued.includes(part), `queue row: ${queued}`)
  assert.match(queued, /3201\*{12}\d[\dX]/)
  assert.ok(!queued.includes(official.idNumber), 'the ID number is masked')

  // Approved narrowed to judicial only, for three days.
  await queueRow.locator('[data-testid="queue-decide"]').click()
  const dialog = approver.page.locator('[data-testid="lookup-decision-dialog"]')
  await dialog.locator('[data-testid="decision-module-judicial"]').waitFor()
  assert.equal(await dialog.locator('[data-testid^="decision-module-"]').count(), 2, 'only the requested modules')
  await dialog.locator('[data-testid="decision-module-basic"]').click()
  await dialog.locator('[data-testid="decision-days"] input').fill('3')
  await dialog.locator('[data-testid="decision-days"] input').press('Tab')
  await dialog.locator('[data-testid="decision-note"]').fill('同意查阅司法信息')
  await screenshot(approver.page, '62-approver-decision')
  await dialog.locator('[data-testid="decision-confirm"]').click()
  await dialog.waitFor({ state: 'hidden' })
  await waitForValue(() => queueRow.count(), 0) // no longer pending
  await waitForValue(async () => (await badge.count()) === 0, true)

  // Staff learn of it without reloading (the inbox polls every 15 s).
  const notice = staff.page.locator('.el-notification', { hasText: '已批准' })
  await notice.waitFor({ timeout: 25_000 })
  assert.match(await text(notice), /查阅申请有了结果.*查阅 #\d+.*已批准/)
  const staffBadge = staff.page.locator('[data-testid="inbox-badge"] .el-badge__content')
  assert.equal(await text(staffBadge), '1')
  await waitForValue(async () => /已批准/.test(await text(myRow)), true)
  assert.match(await text(myRow), /剩余 2 天 23:5\d:\d\d/)
  await screenshot(staff.page, '63-staff-notified')

  // The file: the lookup banner counting down, the warnings, the judicial records only.
  await myRow.locator('[data-testid="lookup-open-file"]').click()
  await waitForValue(() => new URL(staff.page.url()).pathname, `/officials/${official.id}/file`)
  const banner = staff.page.locator('[data-testid="lookup-banner"]')
  await banner.waitFor()
  assert.match(await text(banner), /依查阅授权 #\d+ 查阅/)
  assert.match(await text(banner.locator('[data-testid="lookup-banner-purpose"]')), /线索处置/)
  assert.equal(await text(banner.locator('[data-testid="lookup-banner-modules"]')), '授权模块： 司法信息')
  const left = banner.locator('[data-testid="lookup-time-left"]')
  const before_ = await text(left)
  assert.match(before_, /^剩余 2 天 23:5\d:\d\d$/)
  await waitForValue(async () => (await text(left)) !== before_, true, 5_000) // it counts down

  const warning = staff.page.locator('[data-testid="file-warning"]', { hasText: '新增严重记录' })
  await warning.waitFor()
  assert.match(await text(warning), /【高】新增严重记录/)
  assert.match(await text(warning.locator('[data-testid="file-warning-records"]')), /刑事判决/)

  const timeline = staff.page.locator('[data-testid="file-timeline"]')
  await timeline.locator('[data-testid="file-record"]').first().waitFor()
  assert.match(await text(timeline), /刑事判决/)
  assert.match(await text(timeline), new RegExp(DOCUMENT.replace(/[()（）]/g, '.')))
  const filter = await text(staff.page.locator('[data-testid="file-category-filter"]'))
  assert.match(filter, /司法/)
  for (const hidden of ['交通违法', '表彰奖励', '党纪处分']) assert.ok(!filter.includes(hidden), `no ${hidden} in ${filter}`)
  assert.ok(!(await text(timeline)).includes('记分违法'), 'the traffic record is not shown')
  assert.equal(await staff.page.locator('[data-testid="score-card"]').count(), 0, 'no score from part of a file')
  await staff.page.locator('[data-testid="file-basic-hidden"]').waitFor()
  await staff.page.locator('[data-testid="file-chart"] canvas').waitFor()
  await settled(staff.page)
  await screenshot(staff.page, '64-staff-file-under-lookup')

  // The approver revokes it.
  await approver.page.goto('/lookups/queue')
  await choose(approver.page, '[data-testid="queue-state"]', '已批准')
  const approvedRow = approver.page.locator('[data-testid="queue-table"] .el-table__body-wrapper tr', { hasText: NAME }).first()
  await approvedRow.waitFor()
  await approvedRow.locator('[data-testid="queue-revoke"]').click()
  const revoke = approver.page.locator('[data-testid="lookup-revoke-dialog"]')
  await revoke.locator('[data-testid="lookup-revoke-note"]').fill('线索已核查完毕')
  await settled(approver.page) // the dialog has opened
  await screenshot(approver.page, '65-approver-revoke')
  await revoke.locator('[data-testid="lookup-revoke-confirm"]').click()
  await revoke.waitFor({ state: 'hidden' })
  await waitForValue(() => approvedRow.count(), 0)

  // Reloaded, the file is not found, and nothing of it shows.
  await staff.page.reload()
  await staff.assertRendered()
  const notFound = staff.page.locator('[data-testid="file-not-found"]')
  await notFound.waitFor()
  assert.match(await text(notFound), /没有可查看的档案/)
  assert.equal(await staff.page.locator('[data-testid="file-header"]').count(), 0)
  assert.equal(await staff.page.locator('[data-testid="file-record"]').count(), 0)
  assert.equal(await staff.page.locator('[data-testid="lookup-banner"]').count(), 0)
  assert.ok(!(await text(staff.page.locator('#app'))).includes(DOCUMENT), 'no record text left on the page')
  await screenshot(staff.page, '66-staff-file-after-revoke')

  staff.assertNoProblems(EXPECTED_HTTP)
  approver.assertNoProblems()
})

test('the warnings page: acknowledge, then resolve with a note', { timeout: 240_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session

  await logIn(page, 'jw_approver')
  await page.locator('[data-testid="menu-/warnings"]').click()
  const row = page.locator('[data-testid="warnings-table"] .el-table__body-wrapper tr', { hasText: NAME }).filter({ hasText: '新增严重记录' })
  await row.waitFor()
  assert.match(await text(row), /新增严重记录.*高.*刑事判决.*未处理/)

  await row.locator('[data-testid="warning-ack"]').click()
  await waitForValue(async () => /已确认/.test(await text(row.locator('[data-testid="warning-state"]'))), true)
  assert.match(await text(row), /jw_approver 确认于/)

  await row.locator('[data-testid="warning-resolve"]').click()
  const dialog = page.locator('[data-testid="warning-resolve-dialog"]')
  await dialog.locator('[data-testid="warning-resolve-note"]').fill('已约谈本人并移送审查')
  await screenshot(page, '67-approver-warning-resolve')
  await dialog.locator('[data-testid="warning-resolve-confirm"]').click()
  await dialog.waitFor({ state: 'hidden' })
  await waitForValue(() => row.count(), 0) // no longer to handle

  await choose(page, '[data-testid="warnings-filter-state"]', '已处理')
  await page.locator('[data-testid="warnings-search"]').click()
  const resolved = page.locator('[data-testid="warnings-table"] .el-table__body-wrapper tr', { hasText: NAME }).filter({ hasText: '新增严重记录' })
  await resolved.waitFor()
  assert.match(await text(resolved), /已处理.*jw_approver 处理于.*已约谈本人并移送审查/)
  await screenshot(page, '68-approver-warnings-resolved')

  session.assertNoProblems()
})

test('the dashboard shows the period’s totals and charts', { timeout: 240_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session

  await logIn(page, 'jw_approver')
  await waitForValue(() => new URL(page.url()).pathname, '/discipline')
  const approverMenu = await menuLabels(page)
  assert.ok(approverMenu.includes('审批队列') && !approverMenu.includes('申请查阅'), `menu ${approverMenu}`)
  const total = (key) => text(page.locator(`[data-testid="dashboard-total-${key}"] .el-statistic__content`))
  await page.locator('[data-testid="dashboard-totals"]').waitFor()
  assert.equal(await total('requested'), '1')
  assert.ok(Number(await total('fileViews')) >= 1, 'the file view is counted')
  assert.ok(Number(await total('raised')) >= 1, 'warnings raised')
  assert.ok(Number(await total('stillOpen')) < Number(await total('raised')), 'the resolved warning is not open')
  for (const chart of ['byRule', 'byDistrict', 'byMonth', 'byState', 'byPurpose']) {
    await page.locator(`[data-testid="dashboard-chart-${chart}"] canvas`).waitFor()
  }
  assert.match(await text(page.locator('[data-testid="dashboard-figures"]')), /预警按规则.*预警按区县、部门.*预警按月.*查阅申请按状态.*查阅申请按用途/)
  await page.setViewportSize({ width: 1440, height: 1400 })
  await settled(page) // the charts animate in
  await screenshot(page, '69-approver-dashboard')

  session.assertNoProblems()
})
