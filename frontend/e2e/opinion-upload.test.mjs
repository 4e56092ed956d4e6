// A request for integrity opinions whose candidates come in an uploaded
// list, end to end against the real server: the organisation department
// (hr_staff) uploads a CSV naming two officials in its district, sends, and
// sees the request with both; the commission's staff (jw_staff) then find it
// in the header bell, as a request still to answer.
import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { apiAs, idNumber } from './support/api.mjs'
import { launchBrowser, openPage, screenshot, waitForValue } from './support/browser.mjs'
import { logIn } from './support/login.mjs'
import { startOpinionRequest } from './support/opinions.mjs'
import { startServer } from './support/server.mjs'

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server
/** @type {import('playwright-core').Browser} */
let browser
let tmp = ''
const DOCUMENT = '清组函〔2026〕31号'
/**
 * The two candidates, with their full ID numbers: the API shows a demo
 * official's only masked, so they are registered here (as an administrator
 * would), in hr_staff's district.
 * @type {{ name: string, idNumber: string }[]}
 */
const candidates = [
  { name: '孙立言', idNumber: '' },
  { name: '李守正', idNumber: '' },
]

/** Registers `name` in `departmentId` under a synthetic ID number nobody holds yet. */
async function register(admin, departmentId, name, births, sequence) {
  for (const birth of births) {
    const candidate = idNumber('320102', birth, sequence)
    const created = await admin.post('/officials', {
      department_id: departmentId, name, id_number: candidate, post: '副科长', job_rank: '四级主任科员', category: 'civil_servant',
    })
    if (created.status === 201) return candidate
    assert.equal(created.status, 409, JSON.stringify(created.body))
  }
  throw new Error(`could not register ${name}`)
}

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  tmp = await mkdtemp(path.join(os.tmpdir(), 'integrity-e2e-opinion-upload-'))

  const admin = await apiAs(server.baseURL, 'admin')
  const bureau = (await admin.get('/departments')).body.items.find((d) => d.code === 'yz-qj-edu')
  assert.ok(bureau, 'the demo has 清江区教育局')
  candidates[0].idNumber = await register(admin, bureau.id, candidates[0].name, ['19830415', '19830416', '19830417'], '357')
  candidates[1].idNumber = await register(admin, bureau.id, candidates[1].name, ['19851102', '19851103', '19851104'], '468')
  // Found the way the request dialog's registry search finds them: in hr_staff's scope.
  const hr = await apiAs(server.baseURL, 'hr_staff')
  for (const { name } of candidates) {
    const found = (await hr.get(`/officials?name=${encodeURIComponent(name)}`)).body.items
    assert.equal(found.length, 1, `${name} in hr_staff’s scope: ${JSON.stringify(found)}`)
  }
})

after(async () => {
  await browser?.close()
  await server?.stop()
  if (tmp) await rm(tmp, { recursive: true, force: true })
})

const text = async (locator) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim()

test('组织部 uploads a candidate list of two and sends it; 纪委 sees the request to answer in the bell', { timeout: 360_000 }, async (t) => {
  const list = path.join(tmp, '人选名单.csv')
  await writeFile(list, `\ufeff姓名,身份证号码\r\n${candidates.map((c) => `${c.name},${c.idNumber}`).join('\r\n')}\r\n`)

  // 组织部 sends the request from the uploaded list.
  const { hr, dialog } = await startOpinionRequest(t, browser, server.baseURL, DOCUMENT)
  await dialog.locator('#tab-file').click()
  const send = dialog.locator('[data-testid="opinion-send"]')
  assert.equal(await send.isDisabled(), true, 'nothing to send before a file is chosen')
  await dialog.locator('[data-testid="opinion-upload"] input[type="file"]').setInputFiles(list)
  await waitForValue(async () => (await text(dialog.locator('[data-testid="opinion-count"]'))).includes('人选名单.csv'), true)
  await screenshot(hr.page, '133-opinion-upload')
  await send.click()
  await waitForValue(() => /^\/opinions\/\d+$/.test(new URL(hr.page.url()).pathname), true, 30_000)
  await waitForValue(async () => text(hr.page.locator('[data-testid="opinion-detail-state"]')), '待办理', 30_000)
  const rows = hr.page.locator('[data-testid="opinion-candidates-table"] .el-table__body tr')
  await waitForValue(() => rows.count(), 2, 15_000)
  const table = await text(hr.page.locator('[data-testid="opinion-candidates-table"]'))
  for (const { name } of candidates) assert.ok(table.includes(name), `the request names ${name}: ${table}`)
  assert.ok(!table.includes('未找到'), `both candidates were found in the registry: ${table}`)
  hr.assertNoProblems()

  // 纪委 staff: the bell lists the request still to answer, none of it late, and leads to the list.
  const staff = await openPage(browser, server.baseURL)
  t.after(staff.close)
  await logIn(staff.page, 'jw_staff')
  await staff.page.locator('[data-testid="inbox-bell"] button').click()
  const row = staff.page.locator('[data-testid="inbox-opinions"]')
  await row.waitFor({ timeout: 30_000 })
  assert.equal(await text(row), '待回复廉政意见 1 件，其中超期 0 件')
  // The panel fades in: the picture waits until it has.
  await waitForValue(() => row.evaluate((el) => getComputedStyle(el.closest('.el-popper') ?? el).opacity), '1')
  await screenshot(staff.page, '134-opinion-bell')
  await row.click()
  await waitForValue(() => new URL(staff.page.url()).pathname, '/opinions')
  await staff.page.locator('[data-testid="opinion-link"]', { hasText: DOCUMENT }).waitFor()
  staff.assertNoProblems()
})
